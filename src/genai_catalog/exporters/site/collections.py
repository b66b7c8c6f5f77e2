"""Collections (curated, ordered reading lists), read from whatever the catalog offers.

The site does not depend on how the catalog will hold them: records of kind
``collection`` among the exported records, or a ``collections`` attribute of
the catalog (a mapping, a list, or a method returning either), each with
``id``, ``name``, optional ``summary`` and ordered ``sections`` of ``items``;
an item is a record id or has ``id`` and an optional ``note``. Anything
else is skipped, never guessed at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

KIND = "collection"


@dataclass(frozen=True)
class Item:
    id: str
    note: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Collection:
    id: str
    name: str
    summary: str
    sections: list[Section]
    record: dict[str, Any]


def _get(source: Any, name: str) -> Any:
    if isinstance(source, Mapping):
        return source.get(name)
    return getattr(source, name, None)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _item(raw: Any) -> Item | None:
    if isinstance(raw, str):
        return Item(raw)
    item_id = _get(raw, "id")
    return Item(item_id, _text(_get(raw, "note"))) if isinstance(item_id, str) else None


def _section(raw: Any) -> Section | None:
    items = _get(raw, "items")
    if not isinstance(items, Iterable) or isinstance(items, (str, bytes)):
        return None
    title = _text(_get(raw, "title")) or _text(_get(raw, "name"))
    return Section(title, [i for i in map(_item, items) if i is not None])


def _collection(raw: Any) -> Collection | None:
    collection_id, name = _get(raw, "id"), _get(raw, "name")
    if not isinstance(collection_id, str) or not isinstance(name, str):
        return None
    sections = _get(raw, "sections") or []
    if not isinstance(sections, Iterable) or isinstance(sections, (str, bytes)):
        sections = []
    parsed = [s for s in map(_section, sections) if s is not None]
    if not parsed and isinstance(_get(raw, "items"), Iterable):
        # A flat list without sections.
        flat = _section({"title": "", "items": _get(raw, "items")})
        parsed = [flat] if flat else []
    if isinstance(raw, Mapping):
        record = dict(raw)
    else:
        dump = getattr(raw, "model_dump", None)
        record = dump() if callable(dump) else {"id": collection_id, "name": name}
    record.setdefault("kind", KIND)
    return Collection(collection_id, name, _text(_get(raw, "summary")), parsed, record)


def find(records: Iterable[Mapping[str, Any]], catalog: Any) -> list[Collection]:
    """Every collection the records or the catalog hold, by id, in a stable order."""
    raw: list[Any] = [r for r in records if r.get("kind") == KIND]
    offered = getattr(catalog, "collections", None) if catalog is not None else None
    if callable(offered):
        try:
            offered = offered()
        except TypeError:
            offered = None
    if isinstance(offered, Mapping):
        offered = list(offered.values())
    if isinstance(offered, Iterable) and not isinstance(offered, (str, bytes)):
        raw.extend(offered)
    found: dict[str, Collection] = {}
    for item in raw:
        parsed = _collection(item)
        if parsed is not None:
            found.setdefault(parsed.id, parsed)
    return sorted(found.values(), key=lambda c: (c.name.casefold(), c.id))
