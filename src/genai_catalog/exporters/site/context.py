"""What the page writers share about one site: its records, their links, its frame."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from genai_catalog.exporters.site.collections import Collection
from genai_catalog.exporters.site.page import Chrome, collection_path, record_path
from genai_catalog.graph import Graph, Record

if TYPE_CHECKING:
    from genai_catalog.exporters import Job


@dataclass
class Site:
    chrome: Chrome
    records: list[Record]
    topics: dict[str, str]
    # The record with its links both ways (``Catalog.with_links``).
    with_links: Callable[[Record], dict[str, Any]]
    degree: Callable[[Record], int]
    collections: list[Collection] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    member_of: dict[str, list[Collection]] = field(default_factory=dict)
    collection_ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.ids = {record["id"] for record in self.records}
        self.collection_ids = {c.id for c in self.collections}
        for collection in self.collections:
            for section in collection.sections:
                for item in section.items:
                    owners = self.member_of.setdefault(item.id, [])
                    if collection not in owners:
                        owners.append(collection)

    def href(self, record_id: str, root: str) -> str | None:
        """A link to a record's page from a page at ``root``, if the site has one."""
        if record_id in self.ids:
            return root + record_path(record_id)
        if record_id in self.collection_ids:
            return root + collection_path(record_id)
        return None


def linker(job: Job) -> tuple[Callable[[Record], dict[str, Any]], Callable[[Record], int]]:
    """Links both ways and link counts: from the catalog, else from the records alone."""
    if job.catalog is not None:
        catalog = job.catalog
        return catalog.with_links, catalog.graph.degree
    graph = Graph(r if isinstance(r, dict) else dict(r) for r in job.records)

    def with_links(record: Record) -> dict[str, Any]:
        neighbours = graph.neighbours(record["id"])
        return record | {
            "links_out": [n.brief() for n in neighbours if n.outgoing],
            "links_in": [n.brief() for n in neighbours if not n.outgoing],
        }

    return with_links, graph.degree
