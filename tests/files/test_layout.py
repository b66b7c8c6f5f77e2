"""The scan: which files are records, their stamps, and the same answer however it is split."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from genai_catalog import forks
from genai_catalog.cache import stamps_digest
from genai_catalog.catalog import load, pipeline
from genai_catalog.files import layout, stamps
from genai_catalog.files.layout import Scanning, drop_ahead, scan, scan_ahead, stamp_of


def _unusual_entries(root: Path) -> None:
    """One of each entry the fast path hands to the careful one."""
    techniques = root / "techniques"
    (techniques / ".lora.yaml.swp").write_text("editor state")
    (techniques / "notes.txt").write_text("not a record")
    (techniques / "folder.yaml").mkdir()
    os.mkfifo(techniques / "pipe.yaml")
    (techniques / "linked.yaml").symlink_to(root / "papers" / "lora-paper.yaml")
    (techniques / "outside.yaml").symlink_to("/etc/hostname")


@pytest.fixture
def split_in_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stamps, "PARALLEL_FROM", 0)
    monkeypatch.setattr(forks, "cores", lambda: 2)


def test_stamps_are_what_stat_says(catalog_copy: Path) -> None:
    found = scan(catalog_copy)
    assert found.count == len(found.files) == 12
    for rel, stamp in found.files.items():
        assert stamp == stamp_of(os.stat(catalog_copy / rel, follow_symlinks=False))


@pytest.mark.usefixtures("split_in_two")
def test_a_split_scan_finds_what_a_serial_one_does(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _unusual_entries(catalog_copy)
    children: list[int] = []
    real_start = forks.start

    def counted(task: forks.Task) -> tuple[int, int]:
        fd, pid = real_start(task)
        children.append(pid)
        return fd, pid

    monkeypatch.setattr(forks, "start", counted)
    split = scan(catalog_copy)
    assert len(children) == 1  # the second share ran in a child
    monkeypatch.setattr(stamps, "PARALLEL_FROM", 10**9)
    serial = scan(catalog_copy)
    assert len(children) == 1
    assert split.files == serial.files
    assert split.problems == serial.problems
    assert stamps_digest(split, None) == stamps_digest(serial, None)
    assert "techniques/linked.yaml" in split.files
    assert [p.message.split(";")[0] for p in split.problems] == [
        "is a folder",  # folder.yaml
        "not a .yaml file",  # notes.txt
        "symlink points outside the catalog",  # outside.yaml
        "is a named pipe (FIFO), not a record file",  # pipe.yaml
    ]


@pytest.mark.usefixtures("split_in_two")
def test_a_share_whose_child_fails_is_stamped_here(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = scan(catalog_copy).files

    def dies(task: forks.Task) -> tuple[int, int]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os._exit(3)  # ends without an answer
        os.close(write_end)
        return read_end, pid

    monkeypatch.setattr(forks, "start", dies)
    assert scan(catalog_copy).files == expected


def test_the_digest_changes_with_any_stamp_and_name(catalog_copy: Path) -> None:
    before = stamps_digest(scan(catalog_copy), None)
    assert stamps_digest(scan(catalog_copy), None) == before
    lora = catalog_copy / "techniques" / "lora.yaml"
    info = lora.stat()
    lora.write_text(lora.read_text().replace("LoRA", "LoRB"))
    os.utime(lora, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, same mtime
    touched = stamps_digest(scan(catalog_copy), None)
    assert touched != before
    lora.rename(catalog_copy / "techniques" / "lora2.yaml")
    assert stamps_digest(scan(catalog_copy), None) not in {before, touched}
    assert stamps_digest(scan(catalog_copy), (1, 2, 3, 4)) != stamps_digest(
        scan(catalog_copy), None
    )


def test_an_inode_past_two_to_the_63_is_kept(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stat = os.stat
    huge = (1 << 64) - 5

    class Huge:
        def __init__(self, info: os.stat_result) -> None:
            self.info = info

        def __getattr__(self, name: str) -> object:
            return huge if name == "st_ino" else getattr(self.info, name)

    def stat(path: str, *args: object, **kwargs: object) -> object:
        info = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        return Huge(info) if str(path) == "lora.yaml" else info

    monkeypatch.setattr(os, "stat", stat)
    found = scan(catalog_copy)
    assert found.files["techniques/lora.yaml"][2] == huge - (1 << 64)
    assert len(found.files) == 12


def _children_done(scanning: Scanning) -> None:
    """Wait until every stamping child has ended, leaving it for the scan to reap."""
    assert scanning._stamping is not None and scanning._stamping.children
    for child in scanning._stamping.children:
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)


@pytest.mark.parametrize("cores", [2, 3])
def test_chunks_shared_by_stealing_give_what_a_serial_scan_does(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    _unusual_entries(catalog_copy)
    serial = scan(catalog_copy)
    monkeypatch.setattr(stamps, "PARALLEL_FROM", 0)
    monkeypatch.setattr(stamps, "CHUNK", 2)  # 9 chunks: some stolen, some the children's
    monkeypatch.setattr(forks, "cores", lambda: cores)
    shared = scan(catalog_copy)
    assert shared.files == serial.files
    assert shared.problems == serial.problems
    assert stamps_digest(shared, None) == stamps_digest(serial, None)


def test_a_late_parent_takes_what_the_children_did(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = scan(catalog_copy)
    monkeypatch.setattr(stamps, "AHEAD_FROM", 0)
    monkeypatch.setattr(stamps, "CHUNK", 3)
    monkeypatch.setattr(forks, "cores", lambda: 2)
    stolen: list[int] = []
    real = stamps.Stamping._stamp_chunk

    def here(self: stamps.Stamping, chunk: int) -> tuple[bytes, list[int]]:
        if os.getpid() == parent:
            stolen.append(chunk)
        return real(self, chunk)

    parent = os.getpid()
    monkeypatch.setattr(stamps.Stamping, "_stamp_chunk", here)
    with Scanning(catalog_copy, ahead=True) as scanning:
        _children_done(scanning)  # the child is done before this process asks
        found = scanning.finish()
    assert found.files == serial.files
    assert stolen == []  # nothing was left to steal


def test_a_scan_started_ahead_is_claimed_by_the_load_of_its_catalog(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stamps, "AHEAD_FROM", 0)
    monkeypatch.setattr(forks, "cores", lambda: 2)
    scan_ahead(catalog_copy / "." / "papers" / "..")  # another spelling of the same folder
    (ahead,) = layout._ahead
    children = [child.pid for child in ahead._stamping.children]  # type: ignore[union-attr]
    assert len(children) == 1
    assert Scanning.of(catalog_copy.parent) is not ahead  # another folder: a scan of its own
    catalog = load(catalog_copy)
    assert layout._ahead == []
    assert Scanning.of(catalog_copy) is not ahead  # claimed once only
    assert len(catalog) == len(load(catalog_copy, use_cache=False))
    with pytest.raises(ChildProcessError):
        os.waitpid(children[0], os.WNOHANG)  # reaped


def test_a_scan_nothing_claims_is_stopped(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stamps, "AHEAD_FROM", 0)
    monkeypatch.setattr(forks, "cores", lambda: 2)
    scan_ahead(catalog_copy)
    (ahead,) = layout._ahead
    (child,) = ahead._stamping.children  # type: ignore[union-attr]
    drop_ahead()
    assert layout._ahead == []
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)


def test_an_edit_after_the_scan_began_is_seen_by_the_next_query(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stamps taken ahead are as old as the scan: a later edit is never hidden by the cache."""
    monkeypatch.setattr(stamps, "AHEAD_FROM", 0)
    monkeypatch.setattr(forks, "cores", lambda: 2)
    monkeypatch.setattr(pipeline, "RACY_NS", -(10**18))  # every file counts as settled
    lora = catalog_copy / "techniques" / "lora.yaml"
    load(catalog_copy)  # the cache holds the record as it is
    scan_ahead(catalog_copy)
    _children_done(layout._ahead[0])  # the child has stamped the file as it was
    lora.write_text(lora.read_text().replace("name: Low-Rank Adaptation", "name: LoRA edited"))
    during = load(catalog_copy).graph.get("lora")
    assert during is not None and during["name"] == "Low-Rank Adaptation"  # as at its start
    after = load(catalog_copy).graph.get("lora")
    assert after is not None and after["name"] == "LoRA edited"


def test_one_core_means_no_child_and_leaving_early_kills_the_children(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    monkeypatch.setattr(stamps, "AHEAD_FROM", 0)
    monkeypatch.setattr(forks, "cores", lambda: 1)
    with Scanning(catalog_copy, ahead=True) as scanning:
        assert scanning._stamping is not None and scanning._stamping.children == []
        assert scanning.finish().files == scan(catalog_copy).files
    monkeypatch.setattr(forks, "cores", lambda: 2)
    # A child that would hold the test for a minute if it were not killed.
    monkeypatch.setattr(stamps.Stamping, "_child", lambda *args: threading.Event().wait(60))
    with pytest.raises(KeyboardInterrupt), Scanning(catalog_copy, ahead=True) as scanning:
        assert scanning._stamping is not None
        pids = [child.pid for child in scanning._stamping.children]
        raise KeyboardInterrupt
    assert len(pids) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[0], os.WNOHANG)  # already reaped
