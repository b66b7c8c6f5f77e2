"""Personal reading state: what you have read, are reading, want to read or skipped.

Kept in one small JSON file outside the catalog (``paths.state_file()``:
``$GENAI_STATE``, else the user data folder), so that upgrading or replacing
the catalog keeps what a person has read. It is read afresh by every command
that needs it and merged with the loaded catalog there; the index cache never
holds it.

The file is hand-editable and so untrusted: it is read as a regular file of
bounded size, checked strictly (a version, known fields, known statuses), and
a broken file is an error naming its line, never a file to write over. Every
write happens under a lock on a file beside it, re-reads the file, applies
the change, keeps the previous version as ``<name>.bak`` and replaces the
file atomically: two ``mark`` commands at once both land.

State for an id the catalog no longer has is kept (``orphans``), never dropped.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from genai_catalog import paths
from genai_catalog.errors import BadRequest, OutputError, StateError, did_you_mean
from genai_catalog.files.reading import FileRefused, FileTooBig, read_regular
from genai_catalog.model.ids import is_slug
from genai_catalog.model.statuses import FILTERS, STATUSES, UNMARKED

__all__ = ["FILTERS", "STATUSES", "UNMARKED", "Entry", "ReadingState", "load", "mark", "unmark"]

RATINGS = range(1, 6)
VERSION = 1
# A state of 100,000 marked records with notes is a few MB; past this it is not ours.
MAX_BYTES = 16 << 20
MAX_NOTE = 1000
LOCK_TIMEOUT_S = 10.0
_LOCK_POLL_S = 0.02
_TOP_FIELDS = ("version", "records")
_ENTRY_FIELDS = ("status", "rating", "note", "updated")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

T = TypeVar("T")
JsonPath = tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """What you said about one record, and when you last changed it (UTC, ISO 8601)."""

    status: str
    updated: str
    rating: int | None = None
    note: str | None = None

    def plain(self) -> dict[str, Any]:
        """The entry as the file holds it (and as JSON output shows it)."""
        data: dict[str, Any] = {"status": self.status}
        if self.rating is not None:
            data["rating"] = self.rating
        if self.note is not None:
            data["note"] = self.note
        data["updated"] = self.updated
        return data


@dataclass(frozen=True)
class ReadingState:
    """The reading state as loaded: entries by record id."""

    path: Path | None
    entries: Mapping[str, Entry]

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, record_id: str) -> Entry | None:
        return self.entries.get(record_id)

    def status_of(self, record_id: str) -> str | None:
        entry = self.entries.get(record_id)
        return entry.status if entry is not None else None

    def matches(self, record_id: str, status: str) -> bool:
        """Whether a record has ``status`` (``unmarked``: has no state at all)."""
        if status == UNMARKED:
            return record_id not in self.entries
        return self.status_of(record_id) == status

    def counts(self, ids: Iterable[str] | None = None) -> dict[str, int]:
        """Records by status, every status present (0 if none), in ``STATUSES`` order."""
        counts = dict.fromkeys(STATUSES, 0)
        chosen = self.entries.values() if ids is None else map(self.entries.get, ids)
        for entry in chosen:
            if entry is not None:
                counts[entry.status] += 1
        return counts

    def orphans(self, known: Container[str]) -> dict[str, Entry]:
        """Entries for ids the catalog does not have (kept, in id order)."""
        return {rid: entry for rid, entry in sorted(self.entries.items()) if rid not in known}

    def columns(self, record_id: str) -> dict[str, Any]:
        """The export columns this state fills for one record."""
        entry = self.entries.get(record_id)
        if entry is None:
            return {"status": None, "rating": None, "my_note": None, "read_status": "No"}
        return {
            "status": entry.status,
            "rating": entry.rating,
            "my_note": entry.note,
            "read_status": "Yes" if entry.status == "read" else "No",
        }


# --------------------------------------------------------------------------- checks


def check_status(status: str | None, *, filtering: bool = False) -> str | None:
    """A status from user input; ``unmarked`` too when ``filtering``."""
    if status is None:
        return None
    allowed = FILTERS if filtering else STATUSES
    if status not in allowed:
        raise BadRequest(
            f"unknown status {status!r}{did_you_mean(status, allowed)}; "
            f"choose from {', '.join(allowed)}"
        )
    return status


def check_rating(rating: int | None) -> int | None:
    if rating is not None and (isinstance(rating, bool) or rating not in RATINGS):
        raise BadRequest(f"a rating is a whole number from 1 to 5, not {rating!r}")
    return rating


def check_note(note: str | None) -> str | None:
    """A note as it will be kept: one line, bounded; the empty note means none."""
    if note is None:
        return None
    note = note.strip()
    if _CONTROL.search(note):
        raise BadRequest("a note is one line of text, without line breaks or control characters")
    if len(note) > MAX_NOTE:
        raise BadRequest(f"the note is {len(note):,} characters long; the limit is {MAX_NOTE:,}")
    return note


def check_outside(state_path: Path, catalog_root: Path) -> None:
    """Refuse a state file inside the catalog: replacing the catalog would lose it."""
    real = os.path.realpath(state_path)
    root = os.path.realpath(catalog_root).rstrip(os.sep)
    if real == root or real.startswith(root + os.sep):
        raise StateError(
            f"the reading-state file {state_path} is inside the catalog {catalog_root}; "
            "personal state is kept outside the catalog (point $GENAI_STATE elsewhere)"
        )


# --------------------------------------------------------------------------- reading


def location(path: Path | None = None) -> Path:
    """Where the state is kept: ``path``, else ``paths.state_file()``."""
    found = path if path is not None else paths.state_file()
    if found is None:
        raise StateError(
            "there is nowhere to keep the reading state: no usable home folder; "
            "set $GENAI_STATE to a file path"
        )
    return found


def load(path: Path | None = None) -> ReadingState:
    """The reading state; empty when the file does not exist yet."""
    where = location(path)
    raw = _read(where)
    return ReadingState(where, parse(raw, where) if raw is not None else {})


def _read(path: Path) -> bytes | None:
    try:
        return read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return None
    except FileTooBig as exc:
        raise _broken(path, f"{path}: {exc}") from None
    except FileRefused as exc:
        raise _broken(path, f"{path}: {exc}") from None
    except OSError as exc:
        raise StateError(f"cannot read the reading-state file {path}: {exc.strerror}") from None


def _broken(path: Path, what: str) -> StateError:
    backup = backup_path(path)
    restore = f", or restore {backup}" if backup.is_file() else ""
    return StateError(
        f"{what} (the reading-state file is left as it is; fix it{restore}, or move it away "
        "to start afresh)"
    )


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return found


def parse(raw: bytes, path: Path) -> dict[str, Entry]:
    """The entries of a state file's content; ``StateError`` with file:line:col if broken."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _broken(path, f"{path}:{line}:{col}: not valid UTF-8") from None
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise _broken(path, f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except _Duplicate as exc:
        where = _Positions(text).duplicate(exc.key)
        raise _broken(path, f"{path}:{where}: duplicate key {exc.key!r}") from None
    except RecursionError:
        raise _broken(path, f"{path}: nests too deeply to be a reading-state file") from None
    checker = _Checker(text)
    try:
        return checker.entries(data)
    except _Wrong as wrong:
        where = checker.positions().where(wrong.path, key=wrong.at_key)
        field = ".".join(wrong.field) if wrong.field else None
        what = f"{field}: {wrong.message}" if field else wrong.message
        raise _broken(path, f"{path}:{where}: {what}") from None


class _Wrong(Exception):
    """One problem in a parsed state file, at a JSON path."""

    def __init__(
        self, path: JsonPath, message: str, *, at_key: bool = False, field: JsonPath | None = None
    ) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.at_key = at_key
        self.field = field if field is not None else path


def _described(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return f"the number {value!r}"


class _Checker:
    """The schema of a state file, checked by hand: it is read on every command that
    filters by status, which must not pay for pydantic."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._positions: _Positions | None = None

    def positions(self) -> _Positions:
        if self._positions is None:
            self._positions = _Positions(self._text)
        return self._positions

    def entries(self, data: Any) -> dict[str, Entry]:
        if not isinstance(data, dict):
            raise _Wrong((), f"expected an object with version and records, got {_described(data)}")
        self._fields(data, (), _TOP_FIELDS)
        if "version" not in data:
            raise _Wrong((), "version: required field is missing", field=())
        version = data["version"]
        if not isinstance(version, int) or isinstance(version, bool):
            raise _Wrong(("version",), f"expected a whole number, got {_described(version)}")
        if version > VERSION:
            raise _Wrong(
                ("version",),
                f"version {version} was written by a newer genai; this one reads version {VERSION}",
            )
        if version < 1:
            raise _Wrong(("version",), f"unknown version {version}; this genai reads {VERSION}")
        records = data.get("records", {})
        if not isinstance(records, dict):
            raise _Wrong(
                ("records",), f"expected an object of record ids, got {_described(records)}"
            )
        return {rid: self._entry(rid, value) for rid, value in records.items()}

    def _fields(self, data: dict[str, Any], path: JsonPath, known: tuple[str, ...]) -> None:
        for key in data:
            if key not in known:
                raise _Wrong(
                    (*path, key),
                    f"unknown field{did_you_mean(key, known)}; the fields are {', '.join(known)}",
                    at_key=True,
                )

    def _entry(self, rid: str, value: Any) -> Entry:
        path = ("records", rid)
        if not is_slug(rid):
            raise _Wrong(path, f"{rid!r} is not a record id", at_key=True, field=("records",))
        if not isinstance(value, dict):
            raise _Wrong(path, f"expected an object like {{\"status\": \"read\"}}, got "
                         f"{_described(value)}")  # fmt: skip
        self._fields(value, path, _ENTRY_FIELDS)
        if "status" not in value:
            raise _Wrong(path, "required field is missing", at_key=True, field=(*path, "status"))
        status = value["status"]
        if not isinstance(status, str):
            raise _Wrong(
                (*path, "status"),
                f"expected one of {', '.join(STATUSES)}, got {_described(status)}",
            )
        if status not in STATUSES:
            raise _Wrong(
                (*path, "status"),
                f"unknown status {status!r}{did_you_mean(status, STATUSES)}; "
                f"one of {', '.join(STATUSES)}",
            )
        rating = value.get("rating")
        if "rating" in value and (
            not isinstance(rating, int) or isinstance(rating, bool) or rating not in RATINGS
        ):
            raise _Wrong(
                (*path, "rating"), f"expected a whole number from 1 to 5, got {_described(rating)}"
            )
        note = value.get("note")
        if "note" in value and (
            not isinstance(note, str) or _CONTROL.search(note) or len(note) > MAX_NOTE
        ):
            raise _Wrong(
                (*path, "note"),
                f"expected one line of text of at most {MAX_NOTE:,} characters, got "
                + (
                    _described(note)
                    if not isinstance(note, str)
                    else f"{len(note):,} characters"
                    if len(note) > MAX_NOTE
                    else "text with a line break or a control character"
                ),
            )
        if "updated" not in value:
            raise _Wrong(path, "required field is missing", at_key=True, field=(*path, "updated"))
        updated = value["updated"]
        if not isinstance(updated, str) or not _is_time(updated):
            raise _Wrong(
                (*path, "updated"),
                'expected a date and time like "2025-01-31T12:00:00+00:00", got '
                + _described(updated),
            )
        return Entry(status, updated, rating, note)


def _is_time(text: str) -> bool:
    from datetime import datetime

    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


_WS = re.compile(r"[ \t\n\r]*")


class _Positions:
    """Where keys and values of a valid JSON text start, down to a state entry's fields.

    Only built for an error message. Deeper values are skipped whole: a state
    file never nests further, and whatever does is wrong where it starts.
    """

    DEPTH = 3

    def __init__(self, text: str) -> None:
        self.text = text
        self.values: dict[JsonPath, int] = {}
        self.keys: dict[JsonPath, int] = {}
        self.duplicates: list[tuple[JsonPath, int]] = []
        self._decoder = json.JSONDecoder()
        self._walk(_WS.match(text, 0).end(), ())  # type: ignore[union-attr]

    def _ws(self, at: int) -> int:
        return _WS.match(self.text, at).end()  # type: ignore[union-attr]

    def _walk(self, at: int, path: JsonPath) -> int:
        self.values[path] = at
        if self.text[at] != "{" or len(path) >= self.DEPTH:
            return int(self._decoder.raw_decode(self.text, at)[1])
        at = self._ws(at + 1)
        if self.text[at] == "}":
            return at + 1
        while True:
            key_at = at
            key, at = json.decoder.scanstring(self.text, at + 1)  # type: ignore[attr-defined]
            child = (*path, key)
            if child in self.keys:
                self.duplicates.append((child, key_at))
            else:
                self.keys[child] = key_at
            at = self._ws(self._ws(at) + 1)  # past the colon
            at = self._ws(self._walk(at, child))
            if self.text[at] == ",":
                at = self._ws(at + 1)
                continue
            return at + 1

    def line_col(self, offset: int) -> str:
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return f"{line}:{col}"

    def where(self, path: JsonPath, *, key: bool = False) -> str:
        found = (self.keys if key else self.values).get(path)
        while found is None and path:
            path = path[:-1]
            found = self.values.get(path)
        return self.line_col(found or 0)

    def duplicate(self, key: str) -> str:
        for path, offset in self.duplicates:
            if path[-1] == key:
                return self.line_col(offset)
        return "1:1"


# --------------------------------------------------------------------------- writing


def dump(entries: Mapping[str, Entry]) -> bytes:
    """The canonical file: one record a line, in id order, so a diff shows what changed."""
    lines = [
        f"    {json.dumps(rid)}: {json.dumps(entries[rid].plain(), ensure_ascii=False)}"
        for rid in sorted(entries)
    ]
    body = "{\n" + ",\n".join(lines) + "\n  }" if lines else "{}"
    return f'{{\n  "version": {VERSION},\n  "records": {body}\n}}\n'.encode()


def now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


def update(
    change: Callable[[dict[str, Entry]], T],
    path: Path | None = None,
    *,
    timeout: float | None = None,
) -> T:
    """Apply ``change`` to the entries and write them back, under the lock.

    The file is re-read under the lock, so a change made meanwhile by another
    process is kept. Nothing is written when the file is broken or ``change``
    raises. The previous version is kept as ``<name>.bak``.
    """
    where = location(path)
    # Write where a symlinked state file really is (dotfile managers link it).
    target = Path(os.path.realpath(where))
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StateError(
            f"cannot create the folder of the reading-state file {where}: {exc.strerror}"
        ) from None
    with _locked(target, LOCK_TIMEOUT_S if timeout is None else timeout, where):
        raw = _read(target)
        entries = parse(raw, where) if raw is not None else {}
        result = change(entries)
        new = dump(entries)
        # Nothing to keep and no file yet (unmark of nothing): no file is made.
        if new != raw and (raw is not None or entries):
            _write(target, raw, new)
    return result


def _write(target: Path, old: bytes | None, new: bytes) -> None:
    from genai_catalog.files.atomic import write_atomic

    try:
        if old is not None:
            write_atomic(backup_path(target), old, overwrite=True)
        write_atomic(target, new, overwrite=True)
    except OutputError as exc:
        raise StateError(f"cannot save the reading state: {exc}") from None


@contextlib.contextmanager
def _locked(target: Path, timeout: float, shown: Path) -> Iterator[None]:
    """An exclusive lock on ``<name>.lock`` beside the state file, waited for up to ``timeout``.

    The lock file stays: removing it would let a third process lock a new
    file while a second still holds the old one.
    """
    lock_path = target.with_name(target.name + ".lock")
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(lock_path, flags, 0o600)
    except OSError as exc:
        raise StateError(f"cannot open the lock file {lock_path}: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise StateError(
                    f"the reading state {shown} is locked by another genai (lock file "
                    f"{lock_path}, waited {timeout:g} s); try again when it has finished"
                )
            time.sleep(_LOCK_POLL_S)
        yield
    finally:
        os.close(fd)  # closing releases the lock


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


# --------------------------------------------------------------------------- changes


def mark(
    ids: list[str],
    status: str | None,
    *,
    note: str | None = None,
    rating: int | None = None,
    path: Path | None = None,
    timeout: float | None = None,
) -> dict[str, Entry]:
    """Set the status (and note, rating) of records; returns their new entries.

    A status left out keeps the one a record has (to change only a note or a
    rating); a record without one needs it. An empty note removes the note.
    """
    check_status(status)
    check_rating(rating)
    note = check_note(note)

    def change(entries: dict[str, Entry]) -> dict[str, Entry]:
        stamp = now()
        changed: dict[str, Entry] = {}
        for rid in ids:
            old = entries.get(rid)
            chosen = status or (old.status if old is not None else None)
            if chosen is None:
                raise BadRequest(
                    f"{rid!r} has no reading status yet; give one of {', '.join(STATUSES)}"
                )
            kept_note = old.note if old is not None else None
            entry = Entry(
                chosen,
                stamp,
                rating if rating is not None else (old.rating if old is not None else None),
                (note or None) if note is not None else kept_note,
            )
            entries[rid] = changed[rid] = entry
        return changed

    return update(change, path, timeout=timeout)


def unmark(
    ids: list[str], *, path: Path | None = None, timeout: float | None = None
) -> dict[str, Entry]:
    """Forget records' state; returns the entries removed (ids without state are skipped)."""

    def change(entries: dict[str, Entry]) -> dict[str, Entry]:
        return {rid: entries.pop(rid) for rid in ids if rid in entries}

    return update(change, path, timeout=timeout)
