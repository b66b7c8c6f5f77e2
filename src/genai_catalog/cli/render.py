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
    from genai_catalog.graph import Neighbour, Record
    from genai_catalog.search import Hit

# Shown in the header or sections of `show`, so left out of its field table.
_NOT_IN_FIELD_TABLE = {"id", "kind", "name", "summary", "links", "notes", *RELATIONS}

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


def records_table(records: list[Record]) -> None:
    rows = [
        [r["id"], r["kind"], r["name"], cell_text(r.get("year")), cell_text(r.get("topics"))]
        for r in records
    ]
    table(["id", "kind", "name", "year", "topics"], rows)
    if interactive():
        _print(f"{len(records)} record(s)", style="dim")


def record_view(record: Record, neighbours: list[Neighbour]) -> None:
    _print(f"{record['name']}  {record['kind']} · {record['id']}", style="bold")
    _print(record["summary"])
    fields = [
        [name, cell_text(record[name])]
        for name in FIELDS
        if name in record and name not in _NOT_IN_FIELD_TABLE
    ]
    table(["field", "value"], fields, header=False, styles=["cyan"])
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
    if record.get("links"):
        _print()
        _print("Reading", style="bold")
        for link in record["links"]:
            _print(f"  [{link.get('type', 'other')}] {link['label']}: {link['url']}")
    if record.get("notes"):
        _print()
        _print("Notes", style="bold")
        _print(record["notes"])


def topics_table(rows: list[tuple[str, int, str]]) -> None:
    table(["topic", "records", "description"], [[t, str(n), d] for t, n, d in rows])


def stats_view(summary: dict[str, Any]) -> None:
    _print(f"{summary['records']} records, {summary['relations']} links", style="bold")
    for title, key in (("kind", "by_kind"), ("topic", "by_topic"), ("year", "by_year")):
        _print()
        table([title, "records"], [[str(name), str(count)] for name, count in summary[key].items()])
