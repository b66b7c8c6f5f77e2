"""The personal reading state: its file, its checks, its lock and its writes."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genai_catalog import state
from genai_catalog.cli.exit_codes import ExitCode
from genai_catalog.errors import BadRequest, StateError
from tests.helpers import run

WHEN = "2025-01-31T12:00:00+00:00"
LEFT_AS_IT_IS = (
    " (the reading-state file is left as it is; fix it, or move it away to start afresh)"
)


@pytest.fixture
def state_file(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The per-test state file conftest points $GENAI_STATE at, with a fixed clock."""
    monkeypatch.setattr(state, "now", lambda: WHEN)
    return Path(os.environ["GENAI_STATE"])


def test_no_file_is_an_empty_state(state_file: Path) -> None:
    loaded = state.load()
    assert loaded.path == state_file and dict(loaded.entries) == {}
    assert not state_file.exists()  # reading never creates it


def test_mark_writes_one_record_a_line_and_keeps_the_previous_version(state_file: Path) -> None:
    state.mark(["lora-paper"], "read", rating=4)
    first = state_file.read_bytes()
    assert first.decode() == textwrap.dedent(f"""\
        {{
          "version": 1,
          "records": {{
            "lora-paper": {{"status": "read", "rating": 4, "updated": "{WHEN}"}}
          }}
        }}
        """)
    assert not state.backup_path(state_file).exists()  # nothing to back up yet
    state.mark(["qlora", "lora-paper"], "to-read", note="after the paper ✓")
    assert state.backup_path(state_file).read_bytes() == first
    assert state.load().entries == {
        "lora-paper": state.Entry("to-read", WHEN, 4, "after the paper ✓"),
        "qlora": state.Entry("to-read", WHEN, None, "after the paper ✓"),
    }
    state.mark(["qlora"], None, note="")  # a status left out is kept; an empty note removes it
    assert state.load().entries["qlora"] == state.Entry("to-read", WHEN)


def test_a_new_record_needs_a_status_and_nothing_is_written_without_one(state_file: Path) -> None:
    with pytest.raises(Exception, match="'lora' has no reading status yet"):
        state.mark(["lora"], None, rating=3)
    assert not state_file.exists()


def test_unmark_returns_what_it_removed(state_file: Path) -> None:
    state.mark(["a", "b"], "read")
    assert state.unmark(["b", "c"]) == {"b": state.Entry("read", WHEN)}
    assert list(state.load().entries) == ["a"]


def test_a_symlinked_state_file_is_written_where_it_points(
    state_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "dotfiles" / "reading.json"
    target.parent.mkdir()
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.symlink_to(target)
    state.mark(["lora"], "read")
    assert state_file.is_symlink() and "lora" in target.read_text()


# --- broken files: a located error, exit 11, and the file untouched ---------------------

STATUSES = "read, reading, to-read, skipped"


def one(entry: str) -> bytes:
    """A state file of one record, ``lora``, whose entry starts at column 36."""
    return ('{"version": 1, "records": {"lora": ' + entry + "}}").encode()


def dated(fields: str) -> str:
    return "{" + fields + f', "updated": "{WHEN}"' + "}"


BROKEN = [
    ("bad-json", b'{"version": 1,\n "records": {\n',
     "3:1: not valid JSON: Expecting property name enclosed in double quotes"),
    ("not-utf8", b'{"version": 1,\n "records": {"a\xff": {}}}', "2:16: not valid UTF-8"),
    ("a-list", b"[]\n", "1:1: expected an object with version and records, got a list"),
    ("no-version", b'{"records": {}}', "1:1: version: required field is missing"),
    ("newer", b'{"version": 2, "records": {}}',
     "1:13: version: version 2 was written by a newer genai; this one reads version 1"),
    ("version-text", b'{"version": "1", "records": {}}',
     "1:13: version: expected a whole number, got the text '1'"),
    ("unknown-top", b'{"version": 1, "recrods": {}}',
     "1:16: recrods: unknown field (did you mean: records?); the fields are version, records"),
    ("records-list", b'{"version": 1, "records": []}',
     "1:27: records: expected an object of record ids, got a list"),
    ("bad-id", b'{"version": 1, "records": {"Lo Ra": {}}}',
     "1:28: records: 'Lo Ra' is not a record id"),
    ("entry-text", one('"read"'),
     "1:36: records.lora: expected an object like {\"status\": \"read\"}, got the text 'read'"),
    ("unknown-status",
     ('{"version": 1,\n "records": {\n  "lora": ' + dated('"status": "done"') + "\n }\n}").encode(),
     f"3:22: records.lora.status: unknown status 'done'; one of {STATUSES}"),
    ("status-number", one(dated('"status": 1')),
     f"1:47: records.lora.status: expected one of {STATUSES}, got the number 1"),
    ("rating-text", one(dated('"status": "read", "rating": "five"')),
     "1:65: records.lora.rating: expected a whole number from 1 to 5, got the text 'five'"),
    ("rating-big", one(dated('"status": "read", "rating": 9')),
     "1:65: records.lora.rating: expected a whole number from 1 to 5, got the number 9"),
    ("rating-bool", one(dated('"status": "read", "rating": true')),
     "1:65: records.lora.rating: expected a whole number from 1 to 5, got true"),
    ("note-newline", one(dated('"status": "read", "note": "a\\nb"')),
     "1:63: records.lora.note: expected one line of text of at most 1,000 characters, got "
     "text with a line break or a control character"),
    ("no-updated", one('{"status": "read"}'),
     "1:28: records.lora.updated: required field is missing"),
    ("bad-updated", one('{"status": "read", "updated": "yesterday"}'),
     '1:66: records.lora.updated: expected a date and time like "2025-01-31T12:00:00+00:00", '
     "got the text 'yesterday'"),
    ("unknown-field", one(dated('"status": "read"')[:-1] + ', "stars": 3}'),
     "1:95: records.lora.stars: unknown field (did you mean: status?); the fields are status, "
     "rating, note, updated"),
    ("duplicate-key",
     ('{"version": 1, "records": {\n"lora": ' + dated('"status": "read"') + ',\n"lora": '
      + dated('"status": "read"') + "}}").encode(),
     "3:1: duplicate key 'lora'"),
    ("deep", b'{"version": 1, "records": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
     "nests too deeply to be a reading-state file"),
    ("empty", b"", "1:1: not valid JSON: Expecting value"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "where"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_a_broken_state_file_is_a_located_error_and_is_never_written(
    state_file: Path, content: bytes, where: str
) -> None:
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_bytes(content)
    result = run("mark", "lora", "--status", "read")
    assert result.exit_code == ExitCode.STATE
    separator = ":" if where[0].isdigit() else ": "
    assert result.stderr == f"Error: {state_file}{separator}{where}{LEFT_AS_IT_IS}\n"
    assert result.stdout == ""
    assert state_file.read_bytes() == content
    assert sorted(p.name for p in state_file.parent.iterdir()) == ["state.json", "state.json.lock"]


def test_a_broken_file_names_its_backup_when_there_is_one(state_file: Path) -> None:
    state.mark(["lora"], "read")
    state.mark(["qlora"], "read")  # state.json.bak now holds the first version
    state_file.write_text("{")
    result = run("unmark", "lora")
    assert result.exit_code == ExitCode.STATE
    assert result.stderr == (
        f"Error: {state_file}:1:2: not valid JSON: Expecting property name enclosed in double "
        f"quotes (the reading-state file is left as it is; fix it, or restore "
        f"{state_file}.bak, or move it away to start afresh)\n"
    )


def test_a_fifo_is_refused_without_blocking(state_file: Path) -> None:
    state_file.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(state_file)
    result = run("list", "--status", "read")
    assert result.exit_code == ExitCode.STATE
    assert result.stderr == (
        f"Error: {state_file}: is a named pipe (FIFO), not a regular file{LEFT_AS_IT_IS}\n"
    )


def test_a_huge_file_is_refused_before_it_is_read(state_file: Path) -> None:
    state_file.parent.mkdir(parents=True, exist_ok=True)
    with open(state_file, "wb") as out:
        out.truncate(state.MAX_BYTES + 1)  # sparse: costs no disk
    result = run("export", "papers", "--columns", "name,status")
    assert result.exit_code == ExitCode.STATE
    assert result.stderr == (
        f"Error: {state_file}: file is 16,777,217 bytes; the limit is 16,777,216{LEFT_AS_IT_IS}\n"
    )
    assert state_file.stat().st_size == state.MAX_BYTES + 1


def test_where_the_state_only_adds_to_an_answer_a_broken_file_is_a_warning(
    state_file: Path,
) -> None:
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text("[]")
    result = run("show", "lora")
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: reading state not shown: {state_file}:1:1: expected an object with version "
        f"and records, got a list{LEFT_AS_IT_IS}\n"
    )
    assert result.stdout.startswith("Low-Rank Adaptation  technique · lora\n")


def test_the_state_file_may_not_live_inside_the_catalog(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = catalog_copy / "state.json"
    monkeypatch.setenv("GENAI_STATE", str(inside))
    result = run("mark", "lora", "--status", "read", "--catalog", str(catalog_copy))
    assert result.exit_code == ExitCode.STATE
    assert result.stderr == (
        f"Error: the reading-state file {inside} is inside the catalog {catalog_copy}; "
        "personal state is kept outside the catalog (point $GENAI_STATE elsewhere)\n"
    )
    assert not inside.exists()


# --- the lock -------------------------------------------------------------------------


def hold_lock(state_file: Path) -> int:
    state_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(f"{state_file}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_a_held_lock_times_out_with_a_clear_error(
    state_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fd = hold_lock(state_file)  # another open file description: flock conflicts in-process too
    try:
        monkeypatch.setattr(state, "LOCK_TIMEOUT_S", 0.1)
        result = run("mark", "lora", "--status", "read")
    finally:
        os.close(fd)
    assert result.exit_code == ExitCode.STATE
    assert result.stderr == (
        f"Error: the reading state {state_file} is locked by another genai (lock file "
        f"{state_file}.lock, waited 0.1 s); try again when it has finished\n"
    )
    assert not state_file.exists()
    assert run("mark", "lora", "--status", "read").exit_code == 0  # released: it works again


CHILD = """
import sys
from pathlib import Path
from genai_catalog import state

path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for i in range(count):
    state.mark([f"{prefix}-{i}"], "read", note=f"from {prefix}", path=path)
"""


def test_two_processes_marking_at_once_lose_no_write(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    children = [
        subprocess.Popen([sys.executable, "-c", CHILD, str(path), prefix, "40"])
        for prefix in ("left", "right")
    ]
    assert [child.wait(timeout=120) for child in children] == [0, 0]
    entries = state.load(path).entries
    assert len(entries) == 80
    assert {e.note for e in entries.values()} == {"from left", "from right"}


def test_two_genai_mark_commands_at_once_both_land(state_file: Path) -> None:
    env = os.environ.copy()
    entry = "from genai_catalog.cli.main import run; run()"
    commands = [
        ["mark", "lora-paper", "qlora-paper", "--status", "read"],
        ["mark", "transformer-paper", "guanaco", "--status", "to-read"],
    ]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", entry, *command], env=env, stdout=subprocess.DEVNULL
        )
        for command in commands
    ]
    assert [child.wait(timeout=120) for child in children] == [0, 0]
    loaded = state.load()
    assert {rid: e.status for rid, e in loaded.entries.items()} == {
        "guanaco": "to-read",
        "lora-paper": "read",
        "qlora-paper": "read",
        "transformer-paper": "to-read",
    }


# --- any sequence of changes leaves a file that loads -----------------------------------

ids = st.lists(st.sampled_from(["a", "b", "c-1", "lora-paper", "x" * 80]), min_size=1, max_size=3)
note = st.one_of(st.none(), st.text(max_size=40).filter(lambda t: not state._CONTROL.search(t)))
Op = tuple[
    list[str], str | None, str | None, int | None
]  # ids, status (None: unmark), note, rating
ops = st.lists(
    st.tuples(
        ids,
        st.one_of(st.none(), st.sampled_from(state.STATUSES)),
        note,
        st.one_of(st.none(), st.integers(1, 5)),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops)
def test_any_sequence_of_marks_and_unmarks_leaves_a_state_file_that_loads(
    sequence: list[Op],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.json"
        expected: dict[str, str] = {}
        for chosen, status, text, rating in sequence:
            if status is None:
                state.unmark(chosen, path=path)
                for rid in chosen:
                    expected.pop(rid, None)
            else:
                state.mark(chosen, status, note=text, rating=rating, path=path)
                expected.update(dict.fromkeys(chosen, status))
            loaded = state.load(path)
            assert {rid: e.status for rid, e in loaded.entries.items()} == expected
        if path.exists():
            assert state.dump(state.load(path).entries) == path.read_bytes()


def test_check_status_suggests_and_lists_the_choices() -> None:
    with pytest.raises(BadRequest) as caught:
        state.check_status("red")
    assert str(caught.value) == (
        "unknown status 'red' (did you mean: read, reading, to-read?); "
        "choose from read, reading, to-read, skipped"
    )
    assert state.check_status("unmarked", filtering=True) == "unmarked"


def test_without_a_usable_home_there_is_nowhere_to_keep_state(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GENAI_STATE")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", "relative/home")
    with pytest.raises(StateError) as caught:
        state.location()
    assert str(caught.value) == (
        "there is nowhere to keep the reading state: no usable home folder; "
        "set $GENAI_STATE to a file path"
    )
