"""The link graph: records by id, and every relation in both directions.

Records are plain dicts (as ``model.schema.to_plain`` makes them), so the
graph can be cached and rebuilt without importing pydantic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from genai_catalog.model.kinds import COLLECTION, KINDS, RELATIONS

if TYPE_CHECKING:
    from genai_catalog.columns import Columns

Record = dict[str, Any]


@dataclass(frozen=True)
class Neighbour:
    """One end of a relation as seen from a record: 'introduced in' → the paper."""

    field: str
    label: str
    outgoing: bool
    record: Record

    def brief(self) -> dict[str, str]:
        """The link and the other record, as JSON shows it."""
        other = self.record
        return {"relation": self.field, "label": self.label, "id": other["id"],
                "kind": other["kind"], "name": other["name"]}  # fmt: skip


_FIELD_ORDER = {field: i for i, field in enumerate(RELATIONS)}
_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}


def _display_order(n: Neighbour) -> tuple[int, int, str]:
    """Group incoming links by relation, then kind, then name."""
    return (_FIELD_ORDER[n.field], _KIND_ORDER[n.record["kind"]], n.record["name"].casefold())


Inbound = dict[str, list[tuple[str, str]]]
# Record id -> the ids of the collections that list it, in catalog order.
Memberships = dict[str, list[str]]


class Graph:
    """Records in catalog order, by id and by position, with their links both ways."""

    def __init__(self, records: Iterable[Record]) -> None:
        by_id: dict[str, Record] = {}
        for record in records:
            by_id.setdefault(record["id"], record)
        ordered = list(by_id.values())
        self.by_id: Mapping[str, Record] = by_id
        self._at: Callable[[int], Record] = ordered.__getitem__
        self._inbound: Inbound | None = None
        self._load_inbound: Callable[[], Inbound] = self._compute_inbound
        self._memberships: Memberships | None = None
        self._load_memberships: Callable[[], Memberships] = self._compute_memberships
        # A few fields of every record as flat columns, when the cache has them.
        self.columns: Columns | None = None

    @classmethod
    def from_state(
        cls,
        records: Mapping[str, Record],
        at: Callable[[int], Record],
        load_inbound: Callable[[], Inbound],
        load_memberships: Callable[[], Memberships],
        columns: Columns | None = None,
    ) -> Graph:
        """Rebuild from cached parts; links are read only if a command needs them."""
        graph = cls.__new__(cls)
        graph.by_id = records
        graph._at = at
        graph._inbound = None
        graph._load_inbound = load_inbound
        graph._memberships = None
        graph._load_memberships = load_memberships
        graph.columns = columns
        return graph

    @property
    def inbound(self) -> Inbound:
        """Target id -> [(relation field, source id)], in catalog order."""
        if self._inbound is None:
            self._inbound = self._load_inbound()
        return self._inbound

    def _compute_inbound(self) -> Inbound:
        inbound: Inbound = {}
        for record in self.by_id.values():
            for field, target in self.targets(record):
                inbound.setdefault(target, []).append((field, record["id"]))
        return inbound

    @property
    def memberships(self) -> Memberships:
        """Record id -> ids of the collections listing it (kept apart from links:
        being on a reading list says nothing about a record's place in the field)."""
        if self._memberships is None:
            self._memberships = self._load_memberships()
        return self._memberships

    def _compute_memberships(self) -> Memberships:
        found: Memberships = {}
        for record in self.by_id.values():
            if record["kind"] != COLLECTION:
                continue
            for item_id in dict.fromkeys(item_ids(record)):
                if item_id in self.by_id and self.by_id[item_id]["kind"] != COLLECTION:
                    found.setdefault(item_id, []).append(record["id"])
        return found

    def collections_of(self, record_id: str) -> list[Record]:
        return [self.by_id[cid] for cid in self.memberships.get(record_id, ())]

    def __len__(self) -> int:
        return len(self.by_id)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.by_id.values())

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.by_id

    def get(self, record_id: str) -> Record | None:
        return self.by_id.get(record_id)

    def at(self, position: int) -> Record:
        """The record at ``position`` in catalog order (search knows it).

        Cached records decode by position, which spares building a map of
        every id for the handful of hits a search shows.
        """
        return self._at(position)

    def ids(self) -> list[str]:
        return list(self.by_id)

    def degree(self, record: Record) -> int:
        """How many links touch a record, both directions."""
        return sum(1 for _ in self.targets(record)) + len(self.inbound.get(record["id"], ()))

    def targets(self, record: Record) -> Iterator[tuple[str, str]]:
        """Outgoing references that resolve; dangling ones are ``validate``'s business."""
        for field in RELATIONS:
            value = record.get(field)
            if value is None:
                continue
            for target in value if isinstance(value, list) else [value]:
                if target in self.by_id and target != record["id"]:
                    yield field, target

    def neighbours(self, record_id: str) -> list[Neighbour]:
        """Every linked record: outgoing first (in field order), then incoming."""
        record = self.by_id[record_id]
        found = [
            Neighbour(field, RELATIONS[field].label, True, self.by_id[target])
            for field, target in self.targets(record)
        ]
        seen_related = {n.record["id"] for n in found if n.field == "related"}
        incoming = [
            Neighbour(field, RELATIONS[field].inverse, False, self.by_id[source])
            for field, source in self.inbound.get(record_id, [])
            # Both sides said "related": show the pair once.
            if not (field == "related" and source in seen_related)
        ]
        incoming.sort(key=_display_order)
        return found + incoming

    def counts_by_kind(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for record in self.by_id.values():
            counts[record["kind"]] += 1
        return counts


def item_ids(collection: Record) -> Iterator[str]:
    """Every item id of a collection, section by section, repeats included."""
    for section in collection.get("sections", ()):
        for item in section["items"]:
            yield item["id"]
