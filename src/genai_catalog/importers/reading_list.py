"""A notes file's structure as a reading list: its headings become sections, its links items.

After ``genai import --write``, the records a file links to (matched, or just
written as drafts) are kept in the order and under the headings the file has
them, as a collection of the catalog. Links that match nothing, or more than
one record, are left out: a reading list holds records, never guesses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from genai_catalog.importers.matching import CREATED, MATCHED, Finding
from genai_catalog.model.ids import slugify
from genai_catalog.model.kinds import COLLECTION

_TOP = "Links before the first heading"
_TITLE_MAX = 200


def list_id(file: Path) -> str:
    """The id of the reading list a notes file becomes: 'awesome-llm.md' -> 'awesome-llm-notes'."""
    return f"{slugify(file.stem) or 'notes'}-notes"


def reading_list(
    file: Path, found: Sequence[Finding], kinds: dict[str, str], record_id: str
) -> dict[str, Any] | None:
    """The collection ``record_id`` for ``file``'s links, or None when no link names a record.

    ``kinds`` gives each record id's kind (collections cannot be items).
    """
    sections: dict[str, list[str]] = {}
    for finding in sorted(found, key=lambda f: f.line):
        if finding.status not in (MATCHED, CREATED) or finding.match is None:
            continue
        if kinds.get(finding.match) in (None, COLLECTION):
            continue
        title = " / ".join(finding.heading[1:] or finding.heading) or _TOP
        items = sections.setdefault(_one_line(title), [])
        if finding.match not in items:
            items.append(finding.match)
    if not sections:
        return None
    first = next((f.heading[0] for f in found if f.heading), None)
    return {
        "id": record_id,
        "kind": COLLECTION,
        "name": _one_line(first or f"Notes: {file.name}"),
        "summary": (
            f"The records that {file.name} links to, under its own headings and in its order, "
            "as genai import found them."
        ),
        "sections": [
            {"title": t, "items": [{"id": i} for i in items]} for t, items in sections.items()
        ],
    }


def _one_line(text: str) -> str:
    plain = " ".join(text.split())
    return plain[:_TITLE_MAX].rstrip() or _TOP
