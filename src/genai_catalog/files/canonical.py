"""Record files in the canonical form of ``yaml_write``, without changing their data.

A file is rewritten only when it validates, when the canonical text reads back
as exactly the same record, and when nothing would be lost: a comment (other
than the schema header line, which is rewritten) is kept by no canonical form,
so a file with comments is refused unless dropping them was asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from genai_catalog.errors import OutputError, Problem
from genai_catalog.files import yaml_read
from genai_catalog.files.atomic import write_atomic
from genai_catalog.files.layout import RECORD_SUFFIXES, display_path, scan
from genai_catalog.files.record_files import load_text
from genai_catalog.files.yaml_write import dump_record, schema_header

UNCHANGED, CHANGED, REFUSED = "unchanged", "changed", "refused"
_HEADER_START = "# yaml-language-server:"


@dataclass
class Outcome:
    """What formatting one file did, or would do."""

    path: str
    status: str
    problems: list[Problem] = field(default_factory=list)


def catalog_files(root: Path) -> list[tuple[Path, str]]:
    """Every record file of a catalog, as the loader finds them: (path, as shown)."""
    return [(root / rel, display_path(root, rel)) for rel in scan(root).files]


def files_under(folder: Path) -> list[tuple[Path, str]]:
    """Record files in a folder that is not a whole catalog, such as one kind folder."""
    found = [p for p in folder.rglob("*") if p.suffix in RECORD_SUFFIXES and p.is_file()]
    return [(p, os.fsdecode(p)) for p in sorted(found)]


def canonical_text(text: str, path: str) -> tuple[str | None, list[Problem]]:
    """The canonical form of a record file's text, or the problems that stop it."""
    result = load_text(text, path)
    if result.record is None:
        return None, result.problems
    record = result.record
    canonical = dump_record(record, header=schema_header(record["kind"]))
    again = load_text(canonical, path).record
    if again != record:  # the writer's promise, checked on every file before it is trusted
        return None, [Problem(path, None, None, None, "the canonical form would change its data")]
    return canonical, []


def format_file(
    file: Path, path: str, *, check: bool = False, drop_comments: bool = False
) -> Outcome:
    """Rewrite one record file in the canonical form (with ``check``, only tell)."""
    try:
        text = yaml_read.read(file, path)
    except yaml_read.YamlRefused as exc:
        return Outcome(path, REFUSED, exc.problems)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return Outcome(path, REFUSED, [Problem(path, None, None, None, f"cannot read: {reason}")])
    canonical, problems = canonical_text(text, path)
    if canonical is None:
        return Outcome(path, REFUSED, problems)
    if canonical == text:
        return Outcome(path, UNCHANGED)
    comment = first_comment(text)
    if comment is not None and not drop_comments:
        message = (
            "has a comment, which the canonical form cannot keep; move it into notes or drop it"
        )
        return Outcome(path, REFUSED, [Problem(path, comment, None, None, message)])
    if not check:
        try:
            write_atomic(file, canonical.encode("utf-8"), overwrite=True)
        except OutputError as exc:
            return Outcome(path, REFUSED, [Problem(path, None, None, None, str(exc))])
    return Outcome(path, CHANGED)


def first_comment(text: str) -> int | None:
    """The line of the first YAML comment, the schema header line aside; None if there is none.

    The scanner's tokens say where every scalar is: a ``#`` outside all of them,
    at the start of a line or after a space, starts a comment.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spans: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.ScalarToken):
                spans.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        return None  # the reader has refused this file already
    at, inside = 0, 0
    while (at := text.find("#", at)) != -1:
        while inside < len(spans) and spans[inside][1] <= at:
            inside += 1
        in_scalar = inside < len(spans) and spans[inside][0] <= at
        starts = at == 0 or text[at - 1] in " \t\n"
        if starts and not in_scalar:
            line = text.count("\n", 0, at) + 1
            line_start = text.rfind("\n", 0, at) + 1
            if not (line == 1 and text.startswith(_HEADER_START, line_start)):
                return line
        at += 1
    return None
