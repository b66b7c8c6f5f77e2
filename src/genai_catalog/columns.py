"""A few fields of every record, by position, so that large lists need not decode records.

``genai list`` over 100,000 records filters and sorts on id, kind, name, year,
topics and organization, and its table shows nothing else; its JSON is the
records' own JSON. The cache keeps those fields as flat columns and each
record's JSON text, and ``LazyRecord`` answers from them, decoding the whole
record only when asked for any other field.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from genai_catalog.buffers import unpack_ints
from genai_catalog.model.kinds import KINDS

if TYPE_CHECKING:
    from genai_catalog.graph import Graph

# The fields kept as columns; each is text (or a list of text, or a year) on a record.
FIELDS = ("name", "year", "topics", "organization")
_NO_YEAR = 0
# Between two items of the JSON arrays genai writes, one item a line; the
# cache keeps records' JSON texts separated by it (``Columns.json_texts``).
JSON_SEPARATOR = ",\n"


def name_key(record: Mapping[str, Any]) -> tuple[str, str]:
    """The order of records by name (ties by id): lists' default, and the cached name order."""
    return (record["name"].casefold(), record["id"])


def columns_state(graph: Graph) -> dict[str, Any]:
    """The columns of every record of ``graph``, in catalog order, as plain data."""
    names, years, topics, orgs = [], array("I"), [], []
    sort_keys = []
    for record in graph:
        sort_keys.append(name_key(record))
        # Names, topics and organizations are one line by the schema: "\n" separates.
        names.append(record["name"])
        years.append(record.get("year") or _NO_YEAR)
        topics.append(",".join(record.get("topics", ())))
        orgs.append(record.get("organization", ""))
    return {
        "names": "\n".join(names),
        "years": years.tobytes(),
        "topics": "\n".join(topics),
        "orgs": "\n".join(orgs),
        # Positions in name order (``name_key``'s): a list sorts by
        # another key with a stable sort on one integer, or not at all.
        "order": array("I", sorted(range(len(sort_keys)), key=sort_keys.__getitem__)).tobytes(),
    }


class Columns:
    """The columns of a cached catalog, split on first use."""

    def __init__(
        self,
        ids: list[str],
        kinds: bytes,
        state: dict[str, Any],
        json_texts: Callable[[list[int]], list[str]] | None = None,
    ) -> None:
        self.ids = ids
        self.kinds = kinds
        self._state = state
        self._split: dict[str, list[str]] = {}
        self.years = unpack_ints(state["years"])
        self.order = unpack_ints(state["order"])
        # The records' JSON texts by position, as the cache keeps them; records
        # that follow each other there come as one piece (``PackedRecords.json_texts``).
        self.json_texts = json_texts

    def consistent(self) -> bool:
        n = len(self.ids)
        return len(self.years) == len(self.order) == n and all(
            self._state[key].count("\n") + 1 == n or (n == 0 and not self._state[key])
            for key in ("names", "topics", "orgs")
        )

    def _column(self, key: str) -> list[str]:
        found = self._split.get(key)
        if found is None:
            text: str = self._state[key]
            found = text.split("\n") if self.ids else []
            self._split[key] = found
        return found

    @property
    def names(self) -> list[str]:
        return self._column("names")

    def topics(self, i: int) -> list[str]:
        text = self._column("topics")[i]
        return text.split(",") if text else []

    def organization(self, i: int) -> str:
        return self._column("orgs")[i]

    def kind(self, i: int) -> str:
        return KINDS[self.kinds[i]]


class LazyRecord(Mapping[str, Any]):
    """A record answered from columns; any other field decodes the whole record once."""

    __slots__ = ("_full", "_graph", "columns", "position")

    def __init__(self, graph: Graph, columns: Columns, i: int) -> None:
        self._graph = graph
        self.columns = columns
        self.position = i  # in the catalog (and its cache)
        self._full: dict[str, Any] | None = None

    def full(self) -> dict[str, Any]:
        if self._full is None:
            self._full = self._graph.at(self.position)
        return self._full

    def __getitem__(self, key: str) -> Any:
        columns, i = self.columns, self.position
        if key == "id":
            return columns.ids[i]
        if key == "kind":
            return columns.kind(i)
        if key == "name":
            return columns.names[i]
        if key == "year":
            year = columns.years[i]
            if year == _NO_YEAR:
                raise KeyError(key)
            return year
        if key == "topics":
            topics = columns.topics(i)
            if not topics:
                raise KeyError(key)
            return topics
        if key == "organization":
            organization = columns.organization(i)
            if not organization:
                raise KeyError(key)
            return organization
        return self.full()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.full())

    def __len__(self) -> int:
        return len(self.full())

    def json(self) -> str | None:
        """The record's JSON text, as the cache keeps it (None when it keeps none)."""
        texts = self.columns.json_texts
        return texts([self.position])[0] if texts is not None else None
