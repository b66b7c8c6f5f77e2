"""Authoring: new records as drafts, their ids, and their canonical text.

A draft is a record that may still lack its summary (``add`` and ``import``
write one when nobody has written the summary yet); it is marked
``draft: true`` and ``validate`` warns about it until the summary is written.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from typing import Any

from genai_catalog.errors import Problem
from genai_catalog.files.yaml_write import dump_record
from genai_catalog.model.ids import slugify

# Words that make a poor id on their own.
_FILLER = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "towards",
        "via",
        "with",
        "without",
    ]
)


@dataclass
class Draft:
    """A record being written: its kind, id and fields, not yet validated."""

    kind: str
    id: str
    name: str
    fields: dict[str, Any] = field(default_factory=dict)
    draft: bool = False

    def record(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "name": self.name}
        if self.draft:
            data["draft"] = True
        data.update({k: v for k, v in self.fields.items() if v not in (None, [], "")})
        return data

    def to_yaml(self, *, header: str | None = None) -> str:
        return dump_record(self.record(), header=header)


def unique_id(base: str, taken: Container[str]) -> str:
    """``base``, else ``base-2``, ``base-3`` … whichever is free."""
    candidate, suffix = base, 2
    while candidate in taken:
        candidate = f"{base}-{suffix}"
        suffix += 1
    return candidate


def paper_id(title: str) -> str:
    """A readable id for a paper: 'QLoRA: Efficient Finetuning …' -> 'qlora-paper'.

    The short name before a colon when there is one, else the first few
    words that carry meaning.
    """
    head, colon, _ = title.partition(":")
    if colon and 0 < len(head.split()) <= 4 and slugify(head):
        base = slugify(head, limit=40)
    else:
        words = [w for w in slugify(title).split("-") if w and w not in _FILLER]
        base = "-".join(words[:4]) or "untitled"
    return f"{base}-paper"


def check_text(text: str, path: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate a record's YAML text as the loader would, before it is written anywhere."""
    from genai_catalog.files import yaml_read
    from genai_catalog.model.messages import validate_data

    try:
        parsed = yaml_read.parse(yaml_read.decode(text.encode("utf-8"), path), path)
    except yaml_read.YamlRefused as exc:
        return None, exc.problems
    return validate_data(parsed, path)
