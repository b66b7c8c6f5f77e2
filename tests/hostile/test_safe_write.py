"""Crash safety of every file genai writes: a kill at any point leaves a whole file."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from genai_catalog.cli.exit_codes import ExitCode
from genai_catalog.errors import OutputExists
from genai_catalog.files.atomic import write_atomic
from tests.helpers import MakeCatalog, Run

OLD = b"old content\n" * 100_000
NEW = b"new content\n" * 400_000

# The child pauses at one point of write_atomic, tells the parent through
# stdout, and waits to be killed.
CHILD = """
import os, sys, time
from pathlib import Path
from genai_catalog.files import atomic as safe_write

target, point, overwrite = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"

def pause(*args, **kwargs):
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    time.sleep(60)

if point == "write":
    real_fdopen = os.fdopen

    class HalfWritten:
        def __init__(self, handle):
            self.handle = handle
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.handle.close()
        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            pause()

    os.fdopen = lambda fd, mode: HalfWritten(real_fdopen(fd, mode))
elif point == "fsync":
    os.fsync = pause
elif point in ("replace", "link"):
    setattr(os, point, pause)
elif point == "fsync_dir":
    safe_write.fsync_dir = pause

safe_write.write_atomic(target, b"new content\\n" * 400_000, overwrite=overwrite)
sys.stdout.write("finished\\n")
"""

LOOP_CHILD = """
import sys
from pathlib import Path
from genai_catalog.files.atomic import write_atomic

target = Path(sys.argv[1])
payloads = [b"A" * 3_000_000, b"B" * 5_000_000]
write_atomic(target, payloads[0], overwrite=True)
sys.stdout.write("ready\\n")
sys.stdout.flush()
i = 0
while True:
    i += 1
    write_atomic(target, payloads[i % 2], overwrite=True)
"""


def _leftovers(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.*.tmp"))


def _kill_when_ready(args: list[str]) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", *args], stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n", "the child did not reach its pause"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ("write", OLD),  # half of the data is in the temp file
        ("fsync", OLD),  # all of it is, not yet on disk
        ("replace", OLD),  # on disk, not yet in place
        ("fsync_dir", NEW),  # in place: the new file, whole
    ],
)
def test_a_kill_mid_write_leaves_the_old_file_whole(
    tmp_path: Path, point: str, expected: bytes
) -> None:
    target = tmp_path / "out.md"
    target.write_bytes(OLD)
    _kill_when_ready([CHILD, str(target), point, "1"])
    assert target.read_bytes() == expected
    assert len(_leftovers(target)) <= 1
    # The next write does not trip over what the dead one left behind.
    write_atomic(target, b"next\n", overwrite=True)
    assert target.read_bytes() == b"next\n"


@pytest.mark.parametrize("point", ["write", "fsync", "link"])
def test_a_kill_before_a_new_file_lands_leaves_no_file(tmp_path: Path, point: str) -> None:
    target = tmp_path / "out.md"
    _kill_when_ready([CHILD, str(target), point, "0"])
    assert not target.exists()
    assert len(_leftovers(target)) <= 1
    write_atomic(target, b"next\n")
    assert target.read_bytes() == b"next\n"


def test_a_kill_at_a_random_moment_of_repeated_writes(tmp_path: Path) -> None:
    target = tmp_path / "cache.index"
    pick = random.Random(5)
    for _ in range(4):
        with subprocess.Popen(
            [sys.executable, "-c", LOOP_CHILD, str(target)], stdout=subprocess.PIPE, text=True
        ) as child:
            assert child.stdout is not None
            assert child.stdout.readline() == "ready\n"
            time.sleep(pick.uniform(0.0, 0.15))
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
        content = target.read_bytes()
        assert content in (b"A" * 3_000_000, b"B" * 5_000_000)
        assert len(_leftovers(target)) <= 4


def test_write_atomic_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_bytes(OLD)
    with pytest.raises(OutputExists, match=f"^{re.escape(str(target))} already exists$"):
        write_atomic(target, NEW)
    assert target.read_bytes() == OLD
    assert _leftovers(target) == []


def test_write_atomic_refuses_a_file_created_while_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.md"
    real_fsync = os.fsync

    def someone_else_writes(fd: int) -> None:
        real_fsync(fd)
        if not target.exists():
            target.write_bytes(b"theirs\n")

    monkeypatch.setattr(os, "fsync", someone_else_writes)
    with pytest.raises(OutputExists):
        write_atomic(target, NEW)
    assert target.read_bytes() == b"theirs\n"
    assert _leftovers(target) == []


def test_write_atomic_counts_a_dangling_symlink_as_existing(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.symlink_to(tmp_path / "missing.md")
    with pytest.raises(OutputExists):
        write_atomic(target, NEW)
    assert target.is_symlink()
    assert not (tmp_path / "missing.md").exists()


def test_write_atomic_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_bytes(OLD)
    target.chmod(0o640)
    write_atomic(target, NEW, overwrite=True)
    assert target.read_bytes() == NEW
    assert target.stat().st_mode & 0o777 == 0o640


def test_write_atomic_gives_a_new_file_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    umask = os.umask(0o022)
    try:
        write_atomic(target, NEW)
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o644


# --- genai export --output --------------------------------------------------------------


def test_export_output_refuses_an_existing_file_without_force(
    tmp_path: Path, make_catalog: MakeCatalog, run: Run
) -> None:
    root = make_catalog({})
    target = tmp_path / "papers.md"
    target.write_bytes(OLD)
    code, out, err = run("--no-cache", "export", "--catalog", root, "--output", target)
    assert code == ExitCode.OUTPUT_EXISTS
    assert (out, err) == ("", f"Error: {target} already exists; pass --force to overwrite it\n")
    assert target.read_bytes() == OLD
    assert _leftovers(target) == []


def test_export_output_refuses_a_dangling_symlink_without_force(
    tmp_path: Path, make_catalog: MakeCatalog, run: Run
) -> None:
    root = make_catalog({})
    target = tmp_path / "papers.md"
    target.symlink_to(tmp_path / "elsewhere.md")
    code, _, err = run("--no-cache", "export", "--catalog", root, "--output", target)
    assert code == ExitCode.OUTPUT_EXISTS
    assert err == f"Error: {target} already exists; pass --force to overwrite it\n"
    assert not (tmp_path / "elsewhere.md").exists()


def test_export_output_replaces_a_file_with_force(
    tmp_path: Path, make_catalog: MakeCatalog, run: Run
) -> None:
    root = make_catalog({})
    target = tmp_path / "papers.md"
    target.write_bytes(OLD)
    code, shown, _ = run("--no-cache", "export", "--catalog", root)
    assert code == ExitCode.OK
    code, out, err = run("--no-cache", "export", "--catalog", root, "--output", target, "--force")
    assert (code, out, err) == (ExitCode.OK, "", f"wrote {target}\n")
    assert target.read_text(encoding="utf-8") == shown
    assert _leftovers(target) == []


def test_export_output_writes_a_new_file(
    tmp_path: Path, make_catalog: MakeCatalog, run: Run
) -> None:
    root = make_catalog({})
    target = tmp_path / "papers.csv"
    code, _, err = run(
        "--no-cache", "export", "--format", "csv", "--catalog", root, "--output", target
    )
    assert (code, err) == (ExitCode.OK, f"wrote {target}\n")
    assert target.read_text(encoding="utf-8").startswith("name,kind,year,topics,summary\n")


def test_the_cache_is_written_atomically(
    tmp_path: Path, make_catalog: MakeCatalog, run: Run
) -> None:
    root = make_catalog({})
    code, _, _ = run("list", "--catalog", root)
    assert code == ExitCode.OK
    written = sorted(path.suffix for path in (tmp_path / "cache").iterdir() if path.name != "key")
    # A just-written catalog is racily clean, so the index may wait for the next run.
    assert ".files" in written and set(written) <= {".files", ".index", ".records"}


def test_data_in_parts_is_written_whole_and_with_the_mode_asked(tmp_path: Path) -> None:
    target = tmp_path / "parts.bin"
    write_atomic(target, [b"head|", b"", b"body" * 1000], mode=0o600)
    assert target.read_bytes() == b"head|" + b"body" * 1000
    assert target.stat().st_mode & 0o777 == 0o600
    write_atomic(target, b"again", overwrite=True)  # the mode of the file it replaces
    assert target.read_bytes() == b"again" and target.stat().st_mode & 0o777 == 0o600
