"""Schema errors in the words of someone who wrote the YAML, located in the file.

pydantic reports ``('model', 'uses', 2): Input should be a valid string``; a
user wants ``models/x.yaml:9:14: uses: expected text, got a list``. Each
pydantic error type has one formatter in ``_FORMATS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from genai_catalog.errors import Problem, did_you_mean
from genai_catalog.model.ids import arxiv_hint, slug_hint
from genai_catalog.model.kinds import KINDS, RELATIONS, URL_FIELDS

# What a parsed value is, in the words of someone who wrote YAML, not Python.
WHAT: dict[type, str] = {
    type(None): "empty",
    dict: "a mapping",
    list: "a list",
    str: "text",
    int: "a number",
    bool: "true/false",
}


class Located(Protocol):
    """Parsed data that knows where each of its nodes is (``files.yaml_read.Parsed``)."""

    data: dict[str, Any]

    def line_of(self, path: tuple[str | int, ...]) -> tuple[int, int] | None: ...


def as_written(value: Any) -> str:
    """A resolved plain scalar as the user wrote it (Python's repr says True, None)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def described(value: Any) -> str:
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, (dict, list)):
        return WHAT[type(value)]
    return as_written(value)


@dataclass
class _Error:
    """One pydantic error, with what the formatters need to know about it."""

    loc: tuple[Any, ...]
    kind: str | None
    value: Any
    message: str
    ctx: dict[str, Any]
    parsed: Located

    @property
    def name(self) -> str:
        return next((part for part in reversed(self.loc) if isinstance(part, str)), "")


def validate_data(parsed: Located, path: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate parsed data against the schema; plain record or located problems."""
    from pydantic import ValidationError

    from genai_catalog.model.schema import record_adapter, to_plain

    try:
        record = record_adapter().validate_python(parsed.data)
    except ValidationError as exc:
        kind = parsed.data.get("kind")
        return None, [problem_from(err, kind, parsed, path) for err in exc.errors()]
    return to_plain(record), []


def problem_from(err: Any, kind: Any, parsed: Located, path: str) -> Problem:
    """One pydantic error as a located Problem."""
    loc: tuple[Any, ...] = tuple(err["loc"])
    if loc and loc[0] == kind:
        loc = loc[1:]
    error = _Error(
        loc=loc,
        kind=kind if kind in KINDS else None,
        value=err.get("input"),
        message=err["msg"],
        ctx=err.get("ctx") or {},
        parsed=parsed,
    )
    etype = err["type"]
    if error.value is None and (etype.endswith("_type") or etype == "literal_error"):
        etype = "null"
    formatter = _FORMATS.get(etype)
    if formatter is not None:
        error.message = formatter(error)
    where = parsed.line_of(error.loc)
    field_name = ".".join(str(part) for part in error.loc) or None
    return Problem(
        path, where[0] if where else None, where[1] if where else None, field_name, error.message
    )


def _extra(e: _Error) -> str:
    return "unknown field" + did_you_mean(str(e.loc[-1]), _field_choices(e.kind, e.loc))


def _tag_missing(e: _Error) -> str:
    e.loc = ("kind",)
    return f"required field is missing; one of {', '.join(KINDS)}"


def _tag_invalid(e: _Error) -> str:
    # The error's input is the whole record; the tag is what the user got wrong.
    e.loc = ("kind",)
    tag = e.parsed.data.get("kind")
    if isinstance(tag, str):
        return f"unknown kind {tag!r}{did_you_mean(tag, KINDS)}"
    return f"expected one of {', '.join(KINDS)}, got {described(tag)}"


def _null(e: _Error) -> str:
    message = "has no value (it is empty or null); write one"
    return message if _required(e.kind, e.loc) else message + ", or leave the field out"


def _string_type(e: _Error) -> str:
    message = f"expected text, got {described(e.value)}"
    return message if isinstance(e.value, (dict, list)) else message + "; quote it"


def _list_type(e: _Error) -> str:
    message = f"expected a list, got {described(e.value)}"
    if isinstance(e.value, str):
        items = [part.strip() for part in e.value.splitlines() if part.strip()]
        if len(items) > 1:
            return message + "; write each item on its own line after '- '"
        return message + f"; write [{as_written(e.value).strip()}]"
    if not isinstance(e.value, dict):
        message += f"; write [{as_written(e.value)}]"
    return message


def _literal(e: _Error) -> str:
    allowed = re.findall(r"'([^']*)'", e.ctx.get("expected", ""))
    shown = repr(e.value) if isinstance(e.value, str) else as_written(e.value)
    hint = did_you_mean(str(e.value), allowed)
    return f"unknown {e.name} {shown}{hint}; one of: {', '.join(allowed)}"


def _too_short(e: _Error) -> str:
    message = "is empty; write the text"
    return message if _required(e.kind, e.loc) else message + ", or leave the field out"


# What one item of a list of mappings looks like, by the list's field.
_SHAPES = {
    "links": "a link like {label: ..., url: https://..., type: ...}",
    "sections": "a section like {title: ..., items: [...]}",
    "items": "a record id, or {id: ..., note: ...} for an item with a note",
}
_WHAT_IT_NEEDS = {
    "sections": "a collection needs at least one section",
    "items": "a section needs at least one item",
}


def _part(loc: tuple[Any, ...]) -> str | None:
    """The list field an item of which ``loc`` points at: ('sections', 0) -> 'sections'."""
    if len(loc) >= 2 and isinstance(loc[-1], int) and isinstance(loc[-2], str):
        return loc[-2]
    return None


def _empty_list(e: _Error) -> str:
    needs = _WHAT_IT_NEEDS.get(e.name)
    return f"is empty; {needs or 'give at least one item'}"


def _value_error(e: _Error) -> str:
    from genai_catalog.model.schema import FieldValueError

    error = e.ctx.get("error")
    if isinstance(error, FieldValueError):
        e.loc = (error.field,)
        return str(error)
    return e.message.removeprefix("Value error, ")


_FORMATS: dict[str, Callable[[_Error], str]] = {
    "extra_forbidden": _extra,
    "missing": lambda e: "required field is missing",
    "union_tag_not_found": _tag_missing,
    "union_tag_invalid": _tag_invalid,
    "null": _null,
    "string_type": _string_type,
    "bool_type": lambda e: f"expected true or false, got {described(e.value)}",
    "int_type": lambda e: f"expected a whole number, got {described(e.value)}",
    "list_type": _list_type,
    "model_type": lambda e: (
        f"expected {_SHAPES.get(_part(e.loc) or '', 'a mapping')}, got {described(e.value)}"
    ),
    "literal_error": _literal,
    "string_pattern_mismatch": lambda e: pattern_message(e.name, e.value),
    "greater_than_equal": lambda e: (
        f"{as_written(e.value)} is too small; the least is {e.ctx['ge']}"
    ),
    "string_too_short": _too_short,
    "too_short": _empty_list,
    "string_too_long": lambda e: (
        f"is {len(e.value):,} characters long; the limit is {e.ctx['max_length']:,}"
    ),
    "value_error": _value_error,
}


def _model_at(kind: str | None, loc: tuple[Any, ...]) -> Any:
    """The schema model that holds the field ``loc`` ends at, if it is known."""
    from genai_catalog.model.schema import PART_CLASSES, RECORD_CLASSES

    if len(loc) == 1:
        return RECORD_CLASSES.get(kind) if kind else None
    return PART_CLASSES.get(_part(loc[:-1]) or "")


def _field_choices(kind: str | None, loc: tuple[Any, ...]) -> list[str]:
    model = _model_at(kind, loc)
    return list(model.model_fields) if model is not None else []


def _required(kind: str | None, loc: tuple[Any, ...]) -> bool:
    model = _model_at(kind, loc)
    if model is None:
        return True
    info = model.model_fields.get(loc[-1])
    return info is None or bool(info.is_required())


def pattern_message(field_name: str, value: Any) -> str:
    if field_name == "id" or field_name in RELATIONS:
        return slug_hint(value)
    if field_name == "arxiv":
        return arxiv_hint(str(value))
    if field_name in URL_FIELDS:
        return f"{value!r} is not an http(s) URL"
    if field_name == "topics":
        return f"{value!r} is not a topic slug"
    return f"{value!r} has the wrong form"
