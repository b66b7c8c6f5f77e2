"""Output for people: rich tables on a terminal, plain aligned text in a pipe.

A pipe gets plain columns (no box drawing, no wrapping, one record a line),
which is what grep, sort and less want, and it spares a scripted call the
cost of importing rich. Record text is data: it is never read as markup.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from genai_catalog.errors import one_line
from genai_catalog.model.kinds import FIELDS, RELATIONS
from genai_catalog.text import cell_text

if TYPE_CHECKING:
    from collections.abc import Mapping

    from genai_catalog.graph import Neighbour, Record
    from genai_catalog.lists import Progress, ReadingList
    from genai_catalog.search import Hit
    from genai_catalog.state import Entry

# Shown in the header or sections of `show`, so left out of its field table.
_NOT_IN_FIELD_TABLE = {"id", "kind", "name", "summary", "links", "notes", "sections", *RELATIONS}

Row = Sequence[str]


# Below this width a table's columns would shrink to nothing: plain lines
# (which the terminal wraps) show everything instead.
MIN_WIDTH = 40


def interactive() -> bool:
    """Rich output: a terminal wide enough for tables."""
    if not sys.stdout.isatty():
        return False
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() else shutil.get_terminal_size().columns
    return width >= MIN_WIDTH


def _print(text: str = "", *, style: str | None = None) -> None:
    if interactive():
        from rich.text import Text

        _console().print(Text(text, style=style or ""))
    else:
        sys.stdout.write(text + "\n")


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def table(columns: Row, rows: Sequence[Row], *, header: bool = True, styles: Row = ()) -> None:
    """One table, as rich on a terminal and as aligned plain columns elsewhere."""
    if not interactive():
        rows = [[one_line(cell) for cell in row] for row in rows]
        widths = [
            max([len(c) if header else 0, *(len(r[i]) for r in rows)])
            for i, c in enumerate(columns)
        ]
        lines = [columns, *rows] if header else list(rows)
        for line in lines:
            cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=True)]
            sys.stdout.write("  ".join(cells).rstrip() + "\n")
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    shown = Table(header_style="bold", box=box.SIMPLE_HEAD if header else None, show_header=header)
    for i, column in enumerate(columns):
        shown.add_column(column, overflow="fold", style=styles[i] if i < len(styles) else None)
    for row in rows:
        shown.add_row(*(Text(cell) for cell in row))
    _console().print(shown)


def hits_table(hits: list[Hit], *, explain: bool) -> None:
    columns = ["#", "id", "kind", "name", "year", "score"] + (["why"] if explain else [])
    rows = []
    for rank, hit in enumerate(hits, 1):
        record = hit.record
        row = [str(rank), record["id"], record["kind"], record["name"],
               cell_text(record.get("year")), f"{hit.score:.1f}"]  # fmt: skip
        rows.append(row + ([hit.reason] if explain else []))
    table(columns, rows)


def records_table(records: list[Record], statuses: Mapping[str, str] | None = None) -> None:
    """Records a line each; a status column once any of them has a reading status."""
    statuses = statuses or {}
    with_status = any(r["id"] in statuses for r in records)
    rows = [
        [r["id"], r["kind"], r["name"], cell_text(r.get("year")), cell_text(r.get("topics"))]
        + ([statuses.get(r["id"], "")] if with_status else [])
        for r in records
    ]
    table(["id", "kind", "name", "year", "topics"] + (["status"] if with_status else []), rows)
    if interactive():
        _print(f"{len(records)} record(s)", style="dim")


def _head(record: Record) -> None:
    _print(f"{record['name']}  {record['kind']} · {record['id']}", style="bold")
    _print(record["summary"])
    fields = [
        [name, cell_text(record[name])]
        for name in FIELDS
        if name in record and name not in _NOT_IN_FIELD_TABLE
    ]
    table(["field", "value"], fields, header=False, styles=["cyan"])


def entry_text(entry: Entry) -> str:
    """A reading-state entry in a few words: 'read, rated 4/5, note: ...'."""
    parts = [entry.status]
    if entry.rating is not None:
        parts.append(f"rated {entry.rating}/5")
    if entry.note:
        parts.append(f"note: {entry.note}")
    return ", ".join(parts)


def record_view(
    record: Record,
    neighbours: list[Neighbour],
    collections: list[Record] | None = None,
    entry: Entry | None = None,
) -> None:
    _head(record)
    if collections:
        _print(f"in collections: {', '.join(c['name'] for c in collections)}")
    if entry is not None:
        _print(f"reading: {entry_text(entry)}")
    if neighbours:
        _print()
        _print("Linked records", style="bold")
        rows = [
            [
                f"{'→' if n.outgoing else '←'} {n.label}",
                f"{n.record['name']} ({n.record['id']})",
                n.record["kind"],
            ]
            for n in neighbours
        ]
        table(["relation", "record", "kind"], rows, header=False, styles=["cyan", "", "dim"])
    _tail(record)


def _tail(record: Record) -> None:
    if record.get("links"):
        _print()
        _print("Reading", style="bold")
        for link in record["links"]:
            _print(f"  [{link.get('type', 'other')}] {link['label']}: {link['url']}")
    if record.get("notes"):
        _print()
        _print("Notes", style="bold")
        _print(record["notes"])


def collection_view(
    shown: ReadingList, progress: Progress, statuses: Mapping[str, str], *, status: str | None
) -> None:
    """A reading list: its progress, then each section's items in order."""
    _head(shown.record)
    _print()
    _print(str(progress), style="bold")
    items = [item for section in shown.sections for item in section.items]
    with_status = any(item.record["id"] in statuses for item in items)
    with_note = any(item.note for item in items)
    if not items:
        _print()
        _print(f"No item is {status}." if status else "The collection lists no record.")
    for section in shown.sections:
        _print()
        _print(section.title, style="bold")
        rows = []
        for position, item in enumerate(section.items, 1):
            record = item.record
            row = [str(position), record["kind"], cell_text(record.get("year")),
                   f"{record['name']} ({record['id']})"]  # fmt: skip
            row += [statuses.get(record["id"], "")] if with_status else []
            row += [item.note or ""] if with_note else []
            rows.append(row)
        columns = ["#", "kind", "year", "record"]
        columns += (["status"] if with_status else []) + (["note"] if with_note else [])
        styles = ["dim", "dim", "", ""] + (["cyan"] if with_status else [])
        table(columns, rows, header=False, styles=styles)
    _tail(shown.record)


def orphans_table(orphans: Mapping[str, Entry]) -> None:
    rows = [
        [rid, e.status, cell_text(e.rating), e.note or "", e.updated] for rid, e in orphans.items()
    ]
    table(["id", "status", "rating", "note", "updated"], rows)


def progress_lines(lines: list[str]) -> None:
    for text in lines:
        _print(text)


def topics_table(rows: list[tuple[str, int, str]]) -> None:
    table(["topic", "records", "description"], [[t, str(n), d] for t, n, d in rows])


def stats_view(summary: dict[str, Any], progress: list[Progress]) -> None:
    _print(f"{summary['records']} records, {summary['relations']} links", style="bold")
    reading = summary["reading"]
    counts = ", ".join(
        f"{count} {status.replace('-', ' ')}"
        for status, count in reading.items()
        if status != "orphans"
    )
    orphans = reading["orphans"]
    kept = f"; {orphans} more for ids the catalog no longer has" if orphans else ""
    _print(f"reading: {counts}{kept}")
    for one in progress:
        _print(f"  {one}")
    for title, key in (("kind", "by_kind"), ("topic", "by_topic"), ("year", "by_year")):
        _print()
        table([title, "records"], [[str(name), str(count)] for name, count in summary[key].items()])
