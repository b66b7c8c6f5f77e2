"""``Catalog``: a loaded catalog, and the questions a program can ask it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genai_catalog import lineage
from genai_catalog.errors import Problem, RecordNotFound, Suggester
from genai_catalog.graph import Graph, Neighbour, Record
from genai_catalog.lineage import Chain, Chains, Dated, Lineage, Subgraph
from genai_catalog.query import Filters, check_kind, check_topic, select
from genai_catalog.search import Hit, SearchIndex, compact


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
        self, query: str, *, kind: str | None = None, topic: str | None = None, limit: int = 10
    ) -> list[Hit]:
        """The best hits for ``query``: ids, names, aliases, acronyms, typos, summaries."""
        check_topic(topic, self.topics)
        return self.searcher.search(self.graph, query, limit, kind=check_kind(kind), topic=topic)

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
        }

    def select(self, filters: Filters | None = None, **criteria: Any) -> list[Record]:
        """Records matching every filter (``kind=``, ``topic=``, ``since=`` …), sorted."""
        chosen = filters or Filters(**criteria)
        check_topic(chosen.topic, self.topics)
        return select(self.graph, chosen)

    # ---- walking the links

    def subgraph(
        self,
        id_or_name: str,
        *,
        depth: int = 1,
        relations: Iterable[str] | None = None,
        direction: str = "both",
        kinds: Iterable[str] | None = None,
        max_nodes: int = lineage.MAX_NODES,
    ) -> Subgraph:
        """The records up to ``depth`` links from this one, and every link among them.

        ``relations`` ('builds_on', 'uses' …) and ``direction`` ('out': links
        the record states, 'in': links pointing at it, 'both') limit the walk;
        ``kinds`` limits the records it enters. ``truncated`` says whether
        ``max_nodes`` cut it short.
        """
        wanted = lineage.check_relations(relations)
        kinds_wanted = lineage.check_kinds(kinds)
        return lineage.neighbourhood(
            self.graph,
            self.get(id_or_name)["id"],
            depth=depth,
            relations=wanted,
            direction=lineage.check_direction(direction),
            kinds=kinds_wanted,
            max_nodes=max_nodes,
        )

    def paths(
        self,
        start: str,
        end: str,
        *,
        relations: Iterable[str] | None = None,
        limit: int = lineage.MAX_PATHS,
    ) -> Chains:
        """Every shortest chain of links between two records, in either direction of a link.

        Raises ``NoPath`` when none joins them.
        """
        wanted = lineage.check_relations(relations)
        first, last = self.get(start)["id"], self.get(end)["id"]
        return lineage.shortest_paths(self.graph, first, last, relations=wanted, limit=limit)

    def path(self, start: str, end: str, *, relations: Iterable[str] | None = None) -> Chain:
        """One shortest chain of links between two records (``paths`` has them all)."""
        return self.paths(start, end, relations=relations, limit=1).paths[0]

    def lineage(self, id_or_name: str, *, max_nodes: int = lineage.MAX_NODES) -> Lineage:
        """A family over base_model and builds_on: what a record derives from, and what from it."""
        return lineage.lineage(self.graph, self.get(id_or_name)["id"], max_nodes=max_nodes)

    def timeline(self, filters: Filters | None = None, **criteria: Any) -> tuple[list[Dated], int]:
        """Records matching the filters, oldest first, with a month where arXiv gives one.

        Also says how many matching records had no year to place them by.
        """
        return lineage.timeline(self.graph, self.select(filters, **criteria))
