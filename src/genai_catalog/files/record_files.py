"""Reading one record file: strict YAML, then the schema. Never raises for a bad file.

A file yields a plain-data record or the problems that stopped it. Checks
that need the whole catalog are in ``catalog.checks``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from genai_catalog.errors import Problem
from genai_catalog.files import yaml_read
from genai_catalog.files.layout import display_path, inside
from genai_catalog.files.results import FileResult
from genai_catalog.model.kinds import FOLDERS, KIND_OF_FOLDER
from genai_catalog.model.messages import validate_data
from genai_catalog.paths import TOPICS_FILE

__all__ = ["FileResult", "load_file", "load_text", "load_topics"]


def load_topics(root: Path) -> tuple[dict[str, str], list[Problem]]:
    """The topic vocabulary: ``topics.yaml`` maps each topic slug to a one-line description."""
    from genai_catalog.model.ids import is_slug

    path = display_path(root, TOPICS_FILE)
    file = root / TOPICS_FILE
    if file.is_symlink() and not inside(file, root):
        return {}, [Problem(path, None, None, None, "symlink points outside the catalog")]
    try:
        parsed = yaml_read.parse(yaml_read.read(file, path), path)
    except FileNotFoundError:
        return {}, [Problem(path, None, None, None, "missing: the catalog has no topic vocabulary")]
    except OSError as exc:
        return {}, [Problem(path, None, None, None, f"cannot read: {_reason(exc)}")]
    except yaml_read.YamlRefused as exc:
        return {}, exc.problems
    problems = []
    topics = parsed.data.get("topics")
    if not isinstance(topics, dict):
        line, col = parsed.line_of(("topics",)) or (None, None)
        return {}, [Problem(path, line, col, "topics", "must map each topic to a description")]
    clean: dict[str, str] = {}
    for name, description in topics.items():
        line, col = parsed.line_of(("topics", name)) or (None, None)
        if not is_slug(name) or not isinstance(description, str) or not description.strip():
            problems.append(
                Problem(
                    path,
                    line,
                    col,
                    f"topics.{name}",
                    "a topic is a lowercase slug with a one-line text description",
                )
            )
            continue
        clean[name] = description.strip()
    return clean, problems


def load_file(root: Path, rel: str) -> FileResult:
    """Read, parse and validate one record file."""
    result = FileResult(rel=rel, path=display_path(root, rel))
    try:
        parsed = yaml_read.parse(yaml_read.read(root / rel, result.path), result.path)
    except OSError as exc:
        result.problems.append(
            Problem(result.path, None, None, None, f"cannot read: {_reason(exc)}")
        )
        return result
    except yaml_read.YamlRefused as exc:
        result.problems.extend(exc.problems)
        return result
    result.lines = _field_lines(parsed)
    record, problems = validate_data(parsed, result.path)
    result.record = record
    result.problems.extend(problems)
    if record is not None:
        _check_placement(record, rel, result)
    if result.record is None:
        result.raw = parsed.data
    return result


def load_text(text: str, path: str, rel: str | None = None) -> FileResult:
    """Parse and validate a record's text that is not (yet) a file, as ``load_file`` would.

    With ``rel``, the record must also fit that place in the catalog (its id is
    the file name, its kind the folder).
    """
    result = FileResult(rel=rel or "", path=path)
    try:
        parsed = yaml_read.parse(yaml_read.decode(text.encode("utf-8"), path), path)
    except yaml_read.YamlRefused as exc:
        result.problems.extend(exc.problems)
        return result
    result.lines = _field_lines(parsed)
    result.record, problems = validate_data(parsed, path)
    result.problems.extend(problems)
    if result.record is not None and rel is not None:
        _check_placement(result.record, rel, result)
    if result.record is None:
        result.raw = parsed.data
    return result


def _field_lines(parsed: Any) -> dict[str, tuple[int, int]]:
    lines: dict[str, tuple[int, int]] = {}
    for path, position in parsed.positions.items():
        if len(path) == 1:
            lines[str(path[0])] = position
        elif len(path) == 2 and isinstance(path[1], int):
            lines[f"{path[0]}.{path[1]}"] = position
        elif path and path[0] == "sections" and len(path) <= 5:
            # A collection's items are checked against the catalog: 'sections.0.items.2'.
            lines[".".join(map(str, path))] = position
    return lines


def _check_placement(record: dict[str, Any], rel: str, result: FileResult) -> None:
    folder, _, filename = rel.partition("/")
    stem = filename.removesuffix(".yaml")
    if record["id"] != stem:
        result.problems.append(
            Problem(
                result.path,
                *result.where("id"),
                "id",
                f"id {record['id']!r} does not match the file name; "
                f"rename the file to {record['id']}.yaml or fix the id",
            )
        )
    expected = KIND_OF_FOLDER.get(folder)
    if expected != record["kind"]:
        result.problems.append(
            Problem(
                result.path,
                *result.where("kind"),
                "kind",
                f"a {record['kind']} record belongs in {FOLDERS[record['kind']]}/, not {folder}/",
            )
        )
    if result.problems:
        result.record = None


def _reason(exc: OSError) -> str:
    # A refused special file carries its own sentence; an OS error its strerror.
    return exc.strerror or str(exc)
