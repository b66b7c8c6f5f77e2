"""Work split over forked children: results in order, failures redone here, nothing left behind."""

from __future__ import annotations

import os
import threading
from typing import BinaryIO

import pytest

from genai_catalog import forks


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forks, "cores", lambda: 2)


def test_the_first_share_is_done_here_the_others_in_children_and_all_come_back_in_order() -> None:
    here = os.getpid()

    def work(share: int) -> bytes:
        return f"{share}:{os.getpid() == here}".encode()

    with forks.Split(work, 3) as split:
        assert len(split.children) == 2
        results = split.results()
    assert results == [b"0:True", b"1:False", b"2:False"]
    assert split.children == {}


def test_one_share_or_one_core_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    here = os.getpid()

    def work(share: int) -> bytes:
        return f"{share}:{os.getpid() == here}".encode()

    with forks.Split(work, 1) as split:
        assert split.children == {}
        assert split.results() == [b"0:True"]
    monkeypatch.setattr(forks, "cores", lambda: 1)
    with forks.Split(work, 2) as split:
        assert split.results() == [b"0:True", b"1:True"]


def test_a_failed_child_costs_time_not_the_answer() -> None:
    here = os.getpid()

    def work(share: int) -> bytes:
        if os.getpid() != here and share == 1:
            raise RuntimeError("the child breaks")
        return bytes([share, os.getpid() == here])

    with forks.Split(work, 3) as split:
        assert split.results() == [b"\x00\x01", b"\x01\x01", b"\x02\x00"]


def test_leaving_early_kills_and_reaps_the_children() -> None:
    def work(share: int) -> bytes:
        threading.Event().wait(60)  # would hold the test for a minute if not killed
        return b""

    with pytest.raises(KeyboardInterrupt), forks.Split(work, 2) as split:
        pids = list(split.children.values())
        raise KeyboardInterrupt
    assert len(pids) == 1
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already reaped


def test_no_fork_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert forks.cores() == 1
    finally:
        stop.set()
        thread.join()


def test_a_child_never_returns_into_the_parent() -> None:
    def task(out: BinaryIO) -> None:
        out.write(b"done")

    fd, pid = forks.start(task)
    with os.fdopen(fd, "rb") as answer:
        assert answer.read() == b"done"
    assert os.waitpid(pid, 0)[1] == 0


def test_a_child_lets_go_of_the_parents_output() -> None:
    """A pipeline's reader never waits on a child: its stdout and stderr are /dev/null."""

    def task(out: BinaryIO) -> None:
        null = os.stat(os.devnull)
        same = [(os.fstat(fd).st_ino, os.fstat(fd).st_rdev) == (null.st_ino, null.st_rdev)
                for fd in (1, 2)]  # fmt: skip
        out.write(repr(same).encode())

    fd, pid = forks.start(task)
    with os.fdopen(fd, "rb") as answer:
        assert answer.read() == b"[True, True]"
    assert os.waitpid(pid, 0)[1] == 0


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_a_fork_refused_leaves_no_pipe_open(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    before = len(os.listdir("/proc/self/fd"))
    with pytest.raises(BlockingIOError):
        forks.start(lambda out: None)
    assert len(os.listdir("/proc/self/fd")) == before
