"""Forked children: answers framed whole, failures visible, nothing left behind."""

from __future__ import annotations

import os
import threading
from typing import BinaryIO

import pytest

from genai_catalog import forks


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forks, "cores", lambda: 2)


def test_a_framed_answer_comes_back_whole_and_a_failed_child_gives_none() -> None:
    fd, pid = forks.start_framed(lambda: b"the answer" * 1000)
    assert forks.read_framed(fd) == b"the answer" * 1000
    forks.stop({fd: pid}, kill=False)

    def breaks() -> bytes:
        raise RuntimeError("the child breaks")

    fd, pid = forks.start_framed(breaks)
    assert forks.read_framed(fd) is None
    forks.stop({fd: pid}, kill=False)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped


def test_stopping_kills_and_reaps_a_child_still_at_work() -> None:
    def task(out: BinaryIO) -> None:
        threading.Event().wait(60)  # would hold the test for a minute if not killed

    fd, pid = forks.start(task)
    forks.stop({fd: pid}, kill=True)
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
