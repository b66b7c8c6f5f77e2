"""Reading lists: a collection record resolved to its records, and progress through it.

A collection file holds ids (``sections[].items[].id``); ``resolve`` turns it
into the records themselves, in the list's order. An id that does not resolve
is left out here and reported by ``validate`` (``catalog.checks``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from genai_catalog.errors import BadRequest
from genai_catalog.graph import Graph, Record
from genai_catalog.model.kinds import COLLECTION

if TYPE_CHECKING:
    from genai_catalog.state import ReadingState


@dataclass(frozen=True)
class Item:
    record: Record
    note: str | None = None


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item]


@dataclass(frozen=True)
class Progress:
    """How far through a list one is: distinct records, by status."""

    name: str
    total: int
    counts: dict[str, int]

    @property
    def read(self) -> int:
        return self.counts.get("read", 0)

    def __str__(self) -> str:
        others = [
            f"{count} {status.replace('-', ' ')}"
            for status, count in self.counts.items()
            if status != "read" and count
        ]
        extra = f" ({', '.join(others)})" if others else ""
        return f"{self.name}: {self.read} of {self.total} read{extra}"

    def plain(self) -> dict[str, int]:
        return {"total": self.total, **self.counts}


@dataclass(frozen=True)
class ReadingList:
    record: Record
    sections: list[Section]

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def name(self) -> str:
        return str(self.record["name"])

    def ids(self) -> list[str]:
        """Every record on the list once, in the order first listed."""
        return list(
            dict.fromkeys(item.record["id"] for section in self.sections for item in section.items)
        )

    def progress(self, reading: ReadingState) -> Progress:
        ids = self.ids()
        return Progress(self.name, len(ids), reading.counts(ids))

    def only(self, keep: Callable[[Record], bool]) -> ReadingList:
        """The items ``keep`` accepts; sections left empty are dropped."""
        sections = [
            Section(section.title, kept)
            for section in self.sections
            if (kept := [item for item in section.items if keep(item.record)])
        ]
        return ReadingList(self.record, sections)

    def has_notes(self) -> bool:
        return any(item.note for section in self.sections for item in section.items)


def resolve(graph: Graph, record: Record) -> ReadingList:
    """A collection record with its items as records."""
    if record["kind"] != COLLECTION:
        raise BadRequest(f"{record['id']!r} is a {record['kind']}, not a collection")
    sections = []
    for section in record.get("sections", ()):
        items = []
        for item in section["items"]:
            found = graph.get(item["id"])
            if found is not None and found["kind"] != COLLECTION:
                items.append(Item(found, item.get("note")))
        sections.append(Section(section["title"], items))
    return ReadingList(record, sections)
