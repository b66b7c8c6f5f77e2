"""The canonical record writer: what it writes, ``yaml_read`` reads back as the same data.

One form for every record (``genai fmt`` rewrites files into it): fields in
``WRITE_ORDER``; text plain where no YAML reader could take it for anything
else, double-quoted otherwise; URLs and arXiv ids always quoted (a YAML 1.1
reader takes ``2305.14314`` for a number); the summary folded at a fixed
width; short lists in flow style; links one per line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from genai_catalog.model.kinds import URL_FIELDS, WRITE_ORDER

WIDTH = 98
_PLAIN_SAFE = re.compile(r"[A-Za-z][A-Za-z0-9 ._()/+'-]*")
# Plain words other YAML readers (1.1) turn into booleans or nulls.
_RESERVED = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"})
_ALWAYS_QUOTED = frozenset({*URL_FIELDS, "arxiv"})


def scalar(value: Any, *, quote: bool = False) -> str:
    """A YAML scalar that reads back as exactly ``value``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if (
        not quote
        and _PLAIN_SAFE.fullmatch(text)
        and text.casefold() not in _RESERVED
        and not text.endswith(" ")
        and "  " not in text
    ):
        return text
    # A JSON string is a valid YAML double-quoted scalar with the same value.
    return json.dumps(text, ensure_ascii=False)


def _folds(text: str) -> bool:
    """Whether a folded block scalar can carry ``text`` exactly."""
    return bool(text) and text == text.strip() and "  " not in text and text.isprintable()


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return wrap_words(text.split(" "), indent)


def wrap_words(words: Iterable[str], indent: str, width: int = WIDTH) -> list[str]:
    """Words filled into lines of at most ``width`` characters, each starting with ``indent``."""
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return lines


def _literal_ok(text: str) -> bool:
    lines = text.split("\n")
    return (
        bool(text)
        and not text.endswith("\n")
        and not text[0].isspace()
        and "\r" not in text
        and all(line == line.rstrip() for line in lines)
        and all(line.isprintable() or not line for line in (ln.replace("\t", " ") for ln in lines))
    )


def _flow_list(values: Sequence[Any], *, quote: bool = False) -> str:
    # The plain form never holds ',', '[', ']', '{' or '}', so it is flow-safe too.
    return "[" + ", ".join(scalar(v, quote=quote) for v in values) + "]"


def _link(link: dict[str, Any]) -> str:
    parts = [f"label: {scalar(link['label'])}", f"url: {scalar(link['url'], quote=True)}"]
    if "type" in link:
        parts.append(f"type: {scalar(link['type'])}")
    extra = [key for key in link if key not in ("label", "url", "type")]
    parts += [f"{key}: {scalar(link[key])}" for key in extra]
    return "{" + ", ".join(parts) + "}"


def _item(item: dict[str, Any]) -> str:
    """A collection item: its bare id, or a flow mapping when it carries a note."""
    if set(item) == {"id"}:
        return scalar(item["id"])
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in item.items()) + "}"


def _sections(sections: list[dict[str, Any]]) -> list[str]:
    lines = ["sections:"]
    for section in sections:
        lines.append(f"  - title: {scalar(section['title'])}")
        lines.append("    items:")
        lines.extend(f"      - {_item(item)}" for item in section["items"])
    return lines


def _field(key: str, value: Any) -> list[str]:
    quote = key in _ALWAYS_QUOTED
    if key == "sections" and isinstance(value, list):
        return _sections(value)
    if key == "summary" and isinstance(value, str) and _folds(value):
        return [f"{key}: >-", *_wrap(value)]
    if key == "notes" and isinstance(value, str) and "\n" in value and _literal_ok(value):
        return [f"{key}: |-", *("  " + line if line else "" for line in value.split("\n"))]
    if key == "links" and isinstance(value, list):
        return [f"{key}:", *(f"  - {_link(link)}" for link in value)]
    if isinstance(value, list):
        flow = f"{key}: {_flow_list(value, quote=quote)}"
        if len(flow) <= WIDTH or not value:
            return [flow]
        return [f"{key}:", *(f"  - {scalar(item, quote=quote)}" for item in value)]
    return [f"{key}: {scalar(value, quote=quote)}"]


# Where a catalog keeps the JSON Schemas of its kinds (written by `genai schema`), so that
# editors with the YAML language server complete and check fields while a record is typed.
SCHEMA_FOLDER = ".schemas"


def schema_header(kind: str) -> str:
    """The comment line that points a record file at its kind's JSON Schema."""
    return f"yaml-language-server: $schema=../{SCHEMA_FOLDER}/{kind}.schema.json"


def dump_record(record: dict[str, Any], *, header: str | None = None) -> str:
    """A record's canonical YAML text; ``header`` is a comment line put first."""
    order = {key: i for i, key in enumerate(WRITE_ORDER)}
    keys = sorted(record, key=lambda k: (order.get(k, len(order)), k))
    lines = [f"# {header}"] if header else []
    for key in keys:
        lines.extend(_field(key, record[key]))
    return "\n".join(lines) + "\n"
