"""The link graph: records by id, and every relation in both directions.

Records are plain dicts (as ``model.schema.to_plain`` makes them), so the
graph can be cached and rebuilt without importing pydantic.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from genai_catalog.buffers import unpack_ints
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


# Record id -> the ids of the collections that list it, in catalog order.
Memberships = dict[str, list[str]]
# Relations by number, as the link arrays store them (one byte each).
RELATION_FIELDS: tuple[str, ...] = tuple(RELATIONS)
_RELATION_NUMBER = {field: i for i, field in enumerate(RELATION_FIELDS)}


class Links:
    """Every link that resolves, by record position, both ways, as flat arrays.

    Compressed sparse rows: the links stored on record ``i`` are
    ``out_to[out_start[i]:out_start[i + 1]]`` with their relation numbers in
    ``out_rel`` at the same places; the links that point at ``i`` are the
    same in ``in_from``/``in_rel``. The cache stores the buffers as they are,
    so a warm query that walks a few records loads them in a few copies and
    decodes nothing else.
    """

    def __init__(
        self,
        kinds: bytes,
        out: tuple[array[int], array[int], bytes],
        inbound: tuple[array[int], array[int], bytes],
    ) -> None:
        self.kinds = kinds  # kind number (``KINDS``) per record
        self.out_start, self.out_to, self.out_rel = out
        self.in_start, self.in_from, self.in_rel = inbound

    @classmethod
    def build(cls, graph: Graph) -> Links:
        position = {record_id: i for i, record_id in enumerate(graph.by_id)}
        kinds = bytearray()
        out_start, out_to, out_rel = [0], array("I"), bytearray()
        for record in graph:
            kinds.append(_KIND_ORDER[record["kind"]])
            for field, target in graph.targets(record):
                out_to.append(position[target])
                out_rel.append(_RELATION_NUMBER[field])
            out_start.append(len(out_to))
        # Inbound: a stable counting sort of the same links by target, so each
        # record's sources stay in catalog order (and field order within one).
        n = len(kinds)
        in_start = [0] * (n + 1)
        for to in out_to:
            in_start[to + 1] += 1
        for i in range(n):
            in_start[i + 1] += in_start[i]
        fill = in_start[:-1]
        in_from = array("I", bytes(4 * len(out_to)))
        in_rel = bytearray(len(out_to))
        for source in range(n):
            for at in range(out_start[source], out_start[source + 1]):
                to = out_to[at]
                slot = fill[to]
                in_from[slot] = source
                in_rel[slot] = out_rel[at]
                fill[to] = slot + 1
        return cls(
            bytes(kinds),
            (array("I", out_start), out_to, bytes(out_rel)),
            (array("I", in_start), in_from, bytes(in_rel)),
        )

    def state(self) -> list[bytes]:
        """Plain byte buffers for the cache."""
        return [
            self.kinds,
            self.out_start.tobytes(), self.out_to.tobytes(), self.out_rel,
            self.in_start.tobytes(), self.in_from.tobytes(), self.in_rel,
        ]  # fmt: skip

    @classmethod
    def from_state(cls, state: list[bytes]) -> Links:
        kinds, out_start, out_to, out_rel, in_start, in_from, in_rel = state
        return cls(
            bytes(kinds),
            (unpack_ints(out_start), unpack_ints(out_to), bytes(out_rel)),
            (unpack_ints(in_start), unpack_ints(in_from), bytes(in_rel)),
        )

    def consistent(self, n: int) -> bool:
        """Whether cached arrays fit together and every position is a record's."""
        for start, ends, rels in (
            (self.out_start, self.out_to, self.out_rel),
            (self.in_start, self.in_from, self.in_rel),
        ):
            if len(start) != n + 1 or start[0] != 0 or start[-1] != len(ends):
                return False
            if len(ends) != len(rels) or (ends and max(ends) >= n):
                return False
            if rels and max(rels) >= len(RELATION_FIELDS):
                return False
        return len(self.kinds) == n and (not self.kinds or max(self.kinds) < len(KINDS))

    def outgoing(self, i: int) -> zip[tuple[int, int]]:
        """(target position, relation number) of the links stored on record ``i``."""
        start, end = self.out_start[i], self.out_start[i + 1]
        return zip(self.out_to[start:end], self.out_rel[start:end], strict=True)

    def incoming(self, i: int) -> zip[tuple[int, int]]:
        """(source position, relation number) of the links that point at record ``i``."""
        start, end = self.in_start[i], self.in_start[i + 1]
        return zip(self.in_from[start:end], self.in_rel[start:end], strict=True)

    def degree(self, i: int) -> int:
        out = self.out_start[i + 1] - self.out_start[i]
        return out + self.in_start[i + 1] - self.in_start[i]


class Graph:
    """Records in catalog order, by id and by position, with their links both ways."""

    def __init__(self, records: Iterable[Record]) -> None:
        by_id: dict[str, Record] = {}
        for record in records:
            by_id.setdefault(record["id"], record)
        ordered = list(by_id.values())
        self.by_id: Mapping[str, Record] = by_id
        self._at: Callable[[int], Record] = ordered.__getitem__
        self._memberships: Memberships | None = None
        self._load_memberships: Callable[[], Memberships] = self._compute_memberships
        # A few fields of every record as flat columns, when the cache has them.
        self._columns: Columns | None = None
        self._load_columns: Callable[[], Columns | None] = lambda: None
        positions = {record_id: i for i, record_id in enumerate(by_id)}
        self._position: Callable[[str], int | None] = positions.get
        self._links: Links | None = None
        self._load_links: Callable[[], Links] = lambda: Links.build(self)

    @classmethod
    def from_state(
        cls,
        records: Mapping[str, Record],
        at: Callable[[int], Record],
        load_memberships: Callable[[], Memberships],
        position: Callable[[str], int | None],
        load_links: Callable[[], Links],
        load_columns: Callable[[], Columns | None] | None = None,
    ) -> Graph:
        """Rebuild from cached parts; links are read only if a command needs them."""
        graph = cls.__new__(cls)
        graph.by_id = records
        graph._at = at
        graph._memberships = None
        graph._load_memberships = load_memberships
        graph._columns = None
        graph._load_columns = load_columns or (lambda: None)
        graph._position = position
        graph._links = None
        graph._load_links = load_links
        return graph

    @property
    def columns(self) -> Columns | None:
        """A few fields of every record by position (``columns``), when the cache has them."""
        if self._columns is None:
            self._columns = self._load_columns()
        return self._columns

    @property
    def links(self) -> Links:
        """Every link both ways, by position (see ``Links``)."""
        if self._links is None:
            self._links = self._load_links()
        return self._links

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

    def position(self, record_id: str) -> int | None:
        """Where a record sits in catalog order, or None if there is no such record."""
        return self._position(record_id)

    def ids(self) -> list[str]:
        return list(self.by_id)

    def degree(self, record: Record) -> int:
        """How many links touch a record, both directions."""
        i = self.position(record["id"])
        return 0 if i is None else self.links.degree(i)

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
        i = self.position(record_id)
        assert i is not None
        incoming = []
        for source, number in self.links.incoming(i):
            field = RELATION_FIELDS[number]
            other = self.at(source)
            # Both sides said "related": show the pair once.
            if not (field == "related" and other["id"] in seen_related):
                incoming.append(Neighbour(field, RELATIONS[field].inverse, False, other))
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
