"""Record kinds and relation types.

Deliberately free of heavy imports: the CLI, the cache and the index all
need these tables, and none of them should pay for pydantic to get them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# A collection is a curated, ordered reading list: it has ``sections`` of
# items instead of relations, and relations never point at it.
COLLECTION = "collection"
KINDS: tuple[str, ...] = (
    "paper", "technique", "model", "tool", "dataset", "benchmark", COLLECTION,
)  # fmt: skip
# The kinds that describe things (everything but the lists of them).
ENTITY_KINDS: tuple[str, ...] = tuple(kind for kind in KINDS if kind != COLLECTION)
FOLDERS: dict[str, str] = {kind: kind + "s" for kind in KINDS}
KIND_OF_FOLDER: dict[str, str] = {folder: kind for kind, folder in FOLDERS.items()}


def normalize_kind(text: str) -> str | None:
    """Accept a kind in singular or plural form, any case ('Papers', 'model')."""
    lowered = text.strip().lower()
    if lowered in FOLDERS:
        return lowered
    return KIND_OF_FOLDER.get(lowered)


@dataclass(frozen=True)
class Relation:
    """A typed link stored on one record and shown on both ends.

    ``targets`` empty means any kind; ``same_kind`` means the target must be
    of the source's own kind (a technique builds on a technique).
    """

    field: str
    label: str
    inverse: str
    targets: frozenset[str] = frozenset()
    same_kind: bool = False
    many: bool = True

    def allows(self, source_kind: str, target_kind: str) -> bool:
        if self.same_kind:
            return source_kind == target_kind
        return not self.targets or target_kind in self.targets


RELATIONS: dict[str, Relation] = {
    r.field: r
    for r in (
        Relation("introduced_in", "introduced in", "introduces", frozenset({"paper"}), many=False),
        Relation("builds_on", "builds on", "built upon by", same_kind=True),
        Relation("base_model", "base model", "derived models", frozenset({"model"}), many=False),
        Relation("uses", "uses", "used by", frozenset({"technique"})),
        Relation("trained_on", "trained on", "trains", frozenset({"dataset"})),
        Relation("evaluated_on", "evaluated on", "evaluates", frozenset({"benchmark", "dataset"})),
        Relation("implements", "implements", "implemented by", frozenset({"technique", "model"})),
        Relation("related", "related", "related", frozenset(ENTITY_KINDS)),
    )
}

# Every field a record of some kind may have, in display order.
FIELDS: tuple[str, ...] = (
    "id", "kind", "name", "aliases", "year", "summary", "topics", "category",
    "organization", "arxiv", "authors", "venue", "url", "parameters", "architecture",
    "modality", "open_weights", "license", "repo", "homepage", "tasks", "metrics", "size",
    "introduced_in", "builds_on", "base_model", "uses", "trained_on", "evaluated_on",
    "implements", "related", "links", "sections", "notes", "draft",
)  # fmt: skip

# The order fields are written in (``files.yaml_write``): identity, facts, the
# summary, then links to other records and to the web.
WRITE_ORDER: tuple[str, ...] = (
    "id", "kind", "name", "aliases", "draft", "category", "year", "arxiv", "authors", "venue",
    "url", "organization", "parameters", "architecture", "modality", "open_weights", "license",
    "repo", "homepage", "tasks", "metrics", "size", "summary", "topics", "introduced_in",
    "builds_on", "base_model", "uses", "trained_on", "evaluated_on", "implements", "related",
    "links", "sections", "notes",
)  # fmt: skip

# Fields that hold one web address; ``links`` holds more, each under ``url``.
URL_FIELDS: tuple[str, ...] = ("url", "homepage", "repo")


def record_urls(record: Mapping[str, Any]) -> list[str]:
    """Every web address on a record, its own fields first, then its links."""
    found = [value for name in URL_FIELDS if isinstance(value := record.get(name), str)]
    for link in record.get("links") or []:
        if isinstance(link, dict) and isinstance(link.get("url"), str):
            found.append(link["url"])
    return found


# Which way a walk over links goes from a record: its own links, links to it, or both.
DIRECTIONS = ("out", "in", "both")
