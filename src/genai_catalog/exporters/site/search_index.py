"""The data the index page searches: ``assets/search-index.js``.

A script that sets one variable, not a JSON file to fetch: browsers refuse
``fetch`` from ``file://``, and a script tag is allowed by the page's policy
because the file is the site's own. The keys are made by the same functions
``genai search`` uses (``compact``, ``acronyms``, ``words``), so the browser
ranks as the command line does; ``assets/site.js`` holds the ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from genai_catalog.exporters.site.escape import script_data
from genai_catalog.search import (
    ACRONYM,
    EXACT_ID,
    EXACT_NAME,
    FUZZY,
    PREFIX,
    STOPWORDS,
    SUMMARY,
    WORDS,
    acronyms,
    compact,
    words,
)

VARIABLE = "GENAI_INDEX"
FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """One searchable thing: a record, or a collection that is not one."""

    id: str
    kind: str
    name: str
    aliases: Sequence[str]
    summary: str
    year: int | None
    topics: Sequence[str]
    url: str  # relative to the site's root
    degree: int


def labels(entry: Entry) -> list[str]:
    """Content words of the id, the name and each alias: one string each, as search keeps them."""
    found = []
    for label in (entry.id, entry.name, *entry.aliases):
        label_words = words(label)
        content = [w for w in label_words if w not in STOPWORDS] or label_words
        found.append(" ".join(dict.fromkeys(content)))
    return found


def build(entries: Sequence[Entry]) -> dict[str, Any]:
    keys: set[tuple[str, int, int]] = set()
    records = []
    for i, entry in enumerate(entries):
        for rank, label in enumerate((entry.id, entry.name, *entry.aliases)):
            keys.add((compact(label), EXACT_ID if rank == 0 else EXACT_NAME, i))
            if rank:
                keys.update((acronym, ACRONYM, i) for acronym in acronyms(label))
        records.append(
            [
                entry.id,
                entry.kind,
                entry.name,
                entry.year,
                entry.url,
                list(entry.topics),
                entry.summary,
                entry.degree,
                labels(entry),
            ]
        )
    ordered = sorted(key for key in keys if key[0])
    return {
        "format": FORMAT,
        "tiers": {
            "id": EXACT_ID,
            "name": EXACT_NAME,
            "acronym": ACRONYM,
            "prefix": PREFIX,
            "words": WORDS,
            "fuzzy": FUZZY,
            "summary": SUMMARY,
        },
        "stopwords": sorted(STOPWORDS),
        "fields": ["id", "kind", "name", "year", "url", "topics", "summary", "degree", "labels"],
        "records": records,
        # Sorted, so the browser finds exact keys and prefixes by binary search.
        "keys": [[key, tier, owner] for key, tier, owner in ordered],
    }


def script(entries: Sequence[Entry]) -> str:
    return (
        "// Built by genai site: the search index of this site.\n"
        f"window.{VARIABLE} = {script_data(build(entries))};\n"
    )
