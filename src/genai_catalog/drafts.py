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
from genai_catalog.files.yaml_write import dump_record, wrap_words
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


# ---- summaries are never the abstract

# A summary this close to a stretch of the abstract (rapidfuzz partial ratio, 0-100) is a copy.
COPY_SCORE = 90
_COPY_MIN_CHARS = 30


def summary_problem(summary: str, abstract: str) -> str | None:
    """Why ``summary`` may not be kept, if it is (most of) a sentence of the abstract."""
    from rapidfuzz import fuzz

    ours, theirs = " ".join(summary.casefold().split()), " ".join(abstract.casefold().split())
    if len(ours) < _COPY_MIN_CHARS or not theirs:
        return None
    if fuzz.partial_ratio(ours, theirs) >= COPY_SCORE:
        return "copies the abstract; write 1-3 sentences in our own words"
    return None


# ---- text for an editor

_SUMMARY_SLOT = "WRITE-THE-SUMMARY-HERE"
CANCEL_NOTE = "Delete everything to cancel: nothing is written."


def editor_text(record: dict[str, Any], header: str, abstract: str | None = None) -> str:
    """A new record to edit: its fields, an empty summary to write, the abstract as comments.

    Comments are for the person editing; the record is saved in the canonical
    form, which keeps none of them.
    """
    fields = {k: v for k, v in record.items() if k != "draft"}
    fields.setdefault("summary", _SUMMARY_SLOT)
    text = dump_record(fields, header=header)
    for slot in (f"summary: {_SUMMARY_SLOT}\n", f"summary: >-\n  {_SUMMARY_SLOT}\n"):
        text = text.replace(slot, "summary: >-\n  \n")
    notes = [
        "",
        "# Write the summary after 'summary: >-', indented by two spaces: 1-3 sentences in",
        "# our own words, never the abstract. Comment lines are dropped when it is saved.",
        f"# {CANCEL_NOTE}",
    ]
    if abstract:
        notes += ["#", "# The abstract, for reference only:"]
        notes += ["#" + line[1:] for line in wrap_words(abstract.split(), "#   ", width=96)]
    return text + "\n".join(notes) + "\n"


def is_cancelled(text: str) -> bool:
    """An edit left with nothing but comments and blank lines: the person changed their mind."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


# ---- scaffolds for `new`

FIELD_HELP: dict[str, str] = {
    "aliases": "[Short Name, ACRONYM]  # what users type: acronyms, short names, misspellings",
    "year": "2024  # a whole number; never in the future",
    "summary": ">-  # 1-3 sentences in our own words (never a copied abstract)",
    "topics": "[llm]  # slugs from topics.yaml",
    "category": "CATEGORY  # one of: {choices}",
    "organization": "Organization  # who made it",
    "arxiv": '"2305.14314"  # the bare id: no version, no URL; its yymm agrees with year',
    "authors": "[First Author, Second Author]  # in paper order",
    "venue": "NeurIPS 2023  # where it was published",
    "url": '"https://..."  # for a paper that is not on arXiv',
    "parameters": '"7B, 13B"  # sizes, as text',
    "architecture": "decoder-only transformer",
    "modality": "[text]  # of: {choices}",
    "open_weights": "true  # true or false",
    "license": "Apache-2.0",
    "repo": '"https://github.com/owner/name"',
    "homepage": '"https://..."',
    "tasks": "[question answering]",
    "metrics": "[accuracy]",
    "size": '"52K examples"',
    "introduced_in": "paper-id  # the paper that introduced it",
    "builds_on": "[other-id]  # records of the same kind it builds on",
    "base_model": "model-id  # the model it was fine-tuned from",
    "uses": "[technique-id]",
    "trained_on": "[dataset-id]",
    "evaluated_on": "[benchmark-id]",
    "implements": "[technique-or-model-id]",
    "related": "[any-id]",
    "links": '\n#   - {label: "Project page", url: "https://...", type: homepage}',
    "notes": "|-  # free markdown",
}


def scaffold(kind: str, record_id: str, name: str, header: str, *, year: int | None = None) -> str:
    """A new record with every field of its kind: the required ones set, the rest commented.

    It is a valid draft as it stands (for a paper, once it has its year).
    """
    from typing import get_args

    from genai_catalog.model.kinds import WRITE_ORDER
    from genai_catalog.model.schema import RECORD_CLASSES

    model = RECORD_CLASSES[kind]
    lines = [f"# {header}", f"id: {record_id}", f"kind: {kind}"]
    lines += dump_record({"name": name}).splitlines()
    lines.append("draft: true  # remove once the summary is written")
    if year is not None:
        lines.append(f"year: {year}")
    elif kind == "paper":
        lines.append("year:  # required for a paper: the year of first publication")
    for name_ in WRITE_ORDER:
        if name_ in ("id", "kind", "name", "draft") or name_ not in model.model_fields:
            continue
        if name_ == "year" and (year is not None or kind == "paper"):
            continue
        hint = FIELD_HELP.get(name_, "")
        if "{choices}" in hint:
            annotation = model.model_fields[name_].annotation
            choices = _literal_choices(annotation, get_args)
            hint = hint.format(choices=", ".join(choices))
        lines.append(f"# {name_}:{hint}" if hint.startswith("\n") else f"# {name_}: {hint}")
    lines.append(f"# {CANCEL_NOTE}")
    return "\n".join(lines) + "\n"


def _literal_choices(annotation: Any, get_args: Any) -> list[str]:
    """The values of a Literal, inside Optional or list as the schema writes them."""
    found: list[str] = []
    for arg in get_args(annotation) or ():
        if isinstance(arg, str):
            found.append(arg)
        else:
            found += _literal_choices(arg, get_args)
    return found
