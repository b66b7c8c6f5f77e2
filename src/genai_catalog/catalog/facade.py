"""``Catalog``: a loaded catalog, and the questions a program can ask it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genai_catalog.errors import BadRequest, Problem, RecordNotFound, Suggester
from genai_catalog.graph import Graph, Neighbour, Record
from genai_catalog.model.kinds import COLLECTION, KINDS
from genai_catalog.query import Filters, check_kind, check_topic, matcher, select, sort_records
from genai_catalog.search import Hit, SearchIndex, compact

if TYPE_CHECKING:
    from genai_catalog.lineage import Chain, Chains, Dated, Lineage, Subgraph
    from genai_catalog.lists import ReadingList
    from genai_catalog.state import Entry, ReadingState


@dataclass
class Catalog:
    """Records, their links both ways, the topic vocabulary, and what is wrong.

    ``genai_catalog.open_catalog()`` gives one. Records are plain dicts as
    their files hold them (``id``, ``kind`` and ``name`` first).
    """

    root: Path
    graph: Graph
    searcher: SearchIndex
    topics: dict[str, str]
    # Files that yielded no record, each with the problems that stopped it.
    rejected: dict[str, list[Problem]] = field(default_factory=dict)
    # Problems that do not cost a record: layout, topics, references, duplicates.
    problems: list[Problem] = field(default_factory=list)
    file_count: int = 0
    # The personal reading-state file; None means ``paths.state_file()``.
    state_path: Path | None = None

    def __len__(self) -> int:
        return len(self.graph)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.graph)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.graph

    def all_problems(self) -> list[Problem]:
        found = [p for ps in self.rejected.values() for p in ps] + self.problems
        # Stable: problems on one line keep the order they were found in.
        return sorted(found, key=lambda p: (p.path, p.line or 0, p.col or 0))

    def errors(self) -> list[Problem]:
        return [p for p in self.all_problems() if p.is_error]

    # ---- questions

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        topic: str | None = None,
        limit: int = 10,
        status: str | None = None,
    ) -> list[Hit]:
        """The best hits for ``query``: ids, names, aliases, acronyms, typos, summaries.

        ``status`` keeps records with that reading status (or ``unmarked``).
        """
        check_topic(topic, self.topics)
        keep = self._has_status(status)
        return self.searcher.search(
            self.graph,
            query,
            limit,
            kind=check_kind(kind),
            topic=topic,
            keep=(lambda rid: keep({"id": rid})) if keep else None,
        )

    def get(self, id_or_name: str) -> Record:
        """The record with this id, else the one whose name or alias it is.

        Names and aliases match as search's exact tier does ('LoRA', 'llama 2');
        one shared by several records is an error that lists them.
        """
        record = self.graph.get(id_or_name) or self.graph.get(id_or_name.lower())
        if record is not None:
            return record
        owners = self.searcher.named(compact(id_or_name))
        if len(owners) == 1:
            return self.graph.at(owners[0])
        if len(owners) > 1:
            names = ", ".join(sorted(self.searcher.ids[i] for i in owners))
            raise RecordNotFound(f"{id_or_name!r} names several records: {names}; give the id")
        hint = Suggester(self.graph.ids()).hint(id_or_name.casefold())
        raise RecordNotFound(f"no record has the id {id_or_name!r}{hint}")

    def neighbours(self, record_id: str) -> list[Neighbour]:
        """Every record linked to this one: outgoing links first, then incoming."""
        return self.graph.neighbours(self.get(record_id)["id"])

    def with_links(self, record: Record) -> dict[str, Any]:
        """A record with its links both ways, as ``show --format json`` and the site give it."""
        neighbours = self.graph.neighbours(record["id"])
        return record | {
            "links_out": [n.brief() for n in neighbours if n.outgoing],
            "links_in": [n.brief() for n in neighbours if not n.outgoing],
            "in_collections": [
                {"id": c["id"], "name": c["name"]} for c in self.graph.collections_of(record["id"])
            ],
        }

    def select(
        self,
        filters: Filters | None = None,
        *,
        status: str | None = None,
        lazy: bool = False,
        **criteria: Any,
    ) -> list[Record]:
        """Records matching every filter (``kind=``, ``topic=``, ``since=`` …), sorted.

        ``status`` keeps records with that reading status (or ``unmarked``).
        ``lazy=True`` may give read-only mappings that decode a record only when a
        field other than id, kind, name, year, topics or organization is read.
        """
        chosen = filters or Filters(**criteria)
        check_topic(chosen.topic, self.topics)
        return select(self.graph, chosen, self._has_status(status), lazy=lazy)

    # ---- collections

    def collection(
        self, id_or_name: str, filters: Filters | None = None, *, status: str | None = None
    ) -> ReadingList:
        """A collection with its items as records, in the list's order.

        ``filters`` (but their sort: a list keeps its order) and ``status`` keep
        some of its items; sections left empty are dropped.
        """
        from genai_catalog.lists import resolve

        record = self.get(id_or_name)
        if record["kind"] != COLLECTION:
            raise BadRequest(f"{record['id']!r} is a {record['kind']}, not a collection")
        full = resolve(self.graph, record)
        if filters is None and status is None:
            return full
        chosen = filters or Filters()
        check_topic(chosen.topic, self.topics)
        test, has = matcher(chosen), self._has_status(status)
        return full.only(lambda r: test(r) and (has is None or has(r)))

    def collections(self) -> list[ReadingList]:
        """Every collection, by name."""
        from genai_catalog.lists import resolve

        # Found by the search index's kind bytes: no other record is decoded.
        tag = KINDS.index(COLLECTION)
        found = [self.graph.at(i) for i, k in enumerate(self.searcher.kinds) if k == tag]
        return [resolve(self.graph, r) for r in sort_records(found, "name")]

    def collections_of(self, record_id: str) -> list[Record]:
        """The collections that list a record, in catalog order."""
        return self.graph.collections_of(self.get(record_id)["id"])

    # ---- personal reading state (kept outside the catalog, read afresh each time)

    def reading(self) -> ReadingState:
        """Your reading state, read from its file now: the index cache never holds it."""
        from genai_catalog import state

        return state.load(self.state_path)

    def mark(
        self,
        ids: list[str],
        status: str | None = None,
        *,
        note: str | None = None,
        rating: int | None = None,
    ) -> list[tuple[Record, Entry]]:
        """Set the reading status (note, rating) of records given by id, name or alias."""
        from genai_catalog import state

        state.check_status(status)
        state.check_rating(rating)
        state.check_note(note)
        records = self._markable(ids)
        state.check_outside(state.location(self.state_path), self.root)
        entries = state.mark(
            [r["id"] for r in records], status, note=note, rating=rating, path=self.state_path
        )
        return [(r, entries[r["id"]]) for r in records]

    def unmark(self, ids: list[str]) -> dict[str, Entry]:
        """Forget the reading state of records, orphans included (ids the catalog lacks).

        Returns what was removed, by id; an id with no state is left out.
        """
        from genai_catalog import state

        reading = self.reading()
        # An id with state is taken as it is (the catalog may no longer have it);
        # anything else must name a record.
        chosen = [given if given in reading.entries else self.get(given)["id"] for given in ids]
        state.check_outside(state.location(self.state_path), self.root)
        return state.unmark(list(dict.fromkeys(chosen)), path=self.state_path)

    def orphans(self) -> dict[str, Entry]:
        """State kept for ids this catalog does not have (never dropped silently)."""
        return self.reading().orphans(self.graph)

    def _markable(self, ids: list[str]) -> list[Record]:
        records = [self.get(given) for given in ids]
        for record in records:
            if record["kind"] == COLLECTION:
                raise BadRequest(
                    f"{record['id']!r} is a collection; mark the records it lists instead"
                )
        return list({r["id"]: r for r in records}.values())

    def _has_status(self, status: str | None) -> Callable[[Record], bool] | None:
        if status is None:
            return None  # and the state machinery is not even loaded
        from genai_catalog import state

        state.check_status(status, filtering=True)
        reading = self.reading()
        return lambda record: reading.matches(record["id"], status)

    # ---- walking the links

    def subgraph(
        self,
        id_or_name: str,
        *,
        depth: int = 1,
        relations: Iterable[str] | None = None,
        direction: str = "both",
        kinds: Iterable[str] | None = None,
        max_nodes: int | None = None,
    ) -> Subgraph:
        """The records up to ``depth`` links from this one, and every link among them.

        ``relations`` ('builds_on', 'uses' …) and ``direction`` ('out': links
        the record states, 'in': links pointing at it, 'both') limit the walk;
        ``kinds`` limits the records it enters. ``truncated`` says whether
        ``max_nodes`` (default ``lineage.MAX_NODES``) cut it short.
        """
        from genai_catalog import lineage as walks

        wanted = walks.check_relations(relations)
        kinds_wanted = walks.check_kinds(kinds)
        return walks.neighbourhood(
            self.graph,
            self.get(id_or_name)["id"],
            depth=depth,
            relations=wanted,
            direction=walks.check_direction(direction),
            kinds=kinds_wanted,
            max_nodes=walks.MAX_NODES if max_nodes is None else max_nodes,
        )

    def paths(
        self,
        start: str,
        end: str,
        *,
        relations: Iterable[str] | None = None,
        limit: int | None = None,
    ) -> Chains:
        """Every shortest chain of links between two records, in either direction of a link.

        At most ``limit`` (default ``lineage.MAX_PATHS``) are listed. Raises
        ``NoPath`` when none joins them.
        """
        from genai_catalog import lineage as walks

        wanted = walks.check_relations(relations)
        first, last = self.get(start)["id"], self.get(end)["id"]
        most = walks.MAX_PATHS if limit is None else limit
        return walks.shortest_paths(self.graph, first, last, relations=wanted, limit=most)

    def path(self, start: str, end: str, *, relations: Iterable[str] | None = None) -> Chain:
        """One shortest chain of links between two records (``paths`` has them all)."""
        return self.paths(start, end, relations=relations, limit=1).paths[0]

    def lineage(self, id_or_name: str, *, max_nodes: int | None = None) -> Lineage:
        """A family over base_model and builds_on: what a record derives from, and what from it."""
        from genai_catalog import lineage as walks

        most = walks.MAX_NODES if max_nodes is None else max_nodes
        return walks.lineage(self.graph, self.get(id_or_name)["id"], max_nodes=most)

    def timeline(self, filters: Filters | None = None, **criteria: Any) -> tuple[list[Dated], int]:
        """Records matching the filters, oldest first, with a month where arXiv gives one.

        Also says how many matching records had no year to place them by.
        """
        from genai_catalog import lineage as walks

        return walks.timeline(self.graph, self.select(filters, **criteria))
