"""Exporters: one module per format, registered here by name.

The tables below are the one place formats are declared: the CLI builds its
``--format`` choices and help from them, and imports a format's module only
when it is used. ``FORMATS`` write records, in three contracts:

- ``text``: ``render(job) -> str``, printed or written to a file;
- ``file``: ``write(job, dest, overwrite=...)``, a binary file such as SQLite;
- ``folder``: ``build(job, dest, ...)``, a folder such as the static site.

Two more contracts need more than records:

- ``GRAPH_FORMATS`` need links: ``render_graph(job: GraphJob) -> str``, a
  subgraph (records and the typed links among them) in, text out;
- ``TIMELINE_FORMATS`` need dates: ``render_timeline(job: TimelineJob) -> str``.

Every exporter must stay well-formed for any string a record may hold.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genai_catalog.errors import BadRequest, did_you_mean
from genai_catalog.model.kinds import FIELDS, FOLDERS

if TYPE_CHECKING:
    from genai_catalog.catalog import Catalog
    from genai_catalog.lineage import Dated, Subgraph
    from genai_catalog.lists import ReadingList
    from genai_catalog.state import ReadingState

Record = Mapping[str, Any]
DEFAULT_COLUMNS = ("name", "kind", "year", "topics", "summary")
# A collection's tables, the way reading lists are written (plus "note" when it has notes).
COLLECTION_COLUMNS = ("name", "year", "summary")
GROUPS = ("topic", "year", "kind")
# Columns that are not record fields but come from elsewhere: the personal
# reading state (``Job.reading``), or a collection's note on an item.
EXTRA_COLUMNS: dict[str, str] = {
    "status": "your reading status: read, reading, to-read or skipped",
    "rating": "your rating, 1 to 5",
    "my_note": "your own note on the record",
    "read_status": "Yes once you have read it, else No",
    "note": "the collection's note on the item (collections only)",
}
STATE_COLUMNS = ("status", "rating", "my_note", "read_status")


@dataclass(frozen=True)
class Format:
    name: str
    help: str
    output: str  # "text", "file" or "folder"
    columns: bool = False  # whether --columns narrows it
    in_list: bool = False  # also offered by `genai list`
    kinds: tuple[str, ...] = ()  # only records of these kinds (all if empty)
    # Reads records as mappings only: may be given columns.LazyRecord views.
    lazy: bool = False
    program: str | None = None  # a system program the format runs

    @property
    def module(self) -> str:
        return f"genai_catalog.exporters.{self.name}"


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "markdown",
            "a GitHub markdown table (or a section per group)",
            "text",
            True,
            True,
            lazy=True,
        ),
        Format(
            "csv",
            "comma-separated values, formula-safe for spreadsheets",
            "text",
            True,
            True,
            lazy=True,
        ),
        Format("json", "an array of whole records, one a line", "text", True, True, lazy=True),
        Format(
            "bibtex",
            "BibTeX entries for papers, for reference managers and LaTeX",
            "text",
            kinds=("paper",),
        ),
        Format("sqlite", "an SQLite database with full-text search, ready for Datasette", "file"),
        Format("site", "a static, searchable website (a folder of HTML pages)", "folder"),
    )
}


# Formats that need links: a subgraph in, text out (``render_graph``).
GRAPH_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "nodes and typed edges, for scripts", "text"),
        Format("mermaid", "a Mermaid flowchart (renders in GitHub markdown)", "text"),
        Format("dot", "Graphviz DOT, for dot, neato and friends", "text"),
        Format("svg", "a picture, drawn by Graphviz dot", "text", program="dot"),
    )
}

# Formats that need dates: a timeline in, text out (``render_timeline``).
TIMELINE_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("markdown", "a markdown table per year", "text"),
        Format("mermaid", "a Mermaid timeline diagram", "text"),
    )
}


@dataclass
class GraphJob:
    """A subgraph to draw: its records, the links among them, how to lay it out."""

    graph: Subgraph
    # JSON for an output that cannot carry UTF-8: escapes instead of characters.
    ascii_only: bool = False


@dataclass
class TimelineJob:
    """Records in time order, each with its year and, where known, its month."""

    entries: list[Dated]
    title: str | None = None


@dataclass
class Job:
    """What an exporter is asked to write.

    With ``collection``, the records are its items and a text format writes
    them section by section (a table each in markdown, a ``section`` column in
    CSV and JSON). ``reading`` fills the state columns (``STATE_COLUMNS``).
    """

    records: Sequence[Record]
    catalog: Catalog | None = None
    columns: list[str] | None = None
    group_by: str | None = None
    topics: dict[str, str] = field(default_factory=dict)
    collection: ReadingList | None = None
    reading: ReadingState | None = None

    def sections(self) -> list[tuple[str, list[Record]]]:
        """The records to write, section by section, with their extra columns filled.

        A job without a collection is one untitled section.
        """
        wanted = [c for c in self.columns or () if c in STATE_COLUMNS]
        reading = self.reading

        def row(record: Record, note: str | None = None) -> Record:
            extra: dict[str, Any] = {}
            if wanted and reading is not None:
                columns = reading.columns(record["id"])
                extra = {c: columns[c] for c in wanted}
            if note is not None:
                extra["note"] = note
            # A record without extras stays as it is (a cached view keeps its JSON text).
            return {**record, **extra} if extra else record

        if self.collection is None:
            if not (wanted and reading is not None):
                return [("", list(self.records))]
            return [("", [row(r) for r in self.records])]
        return [
            (section.title, [row(item.record, item.note) for item in section.items])
            for section in self.collection.sections
        ]

    def default_columns(self) -> list[str]:
        if self.collection is None:
            return list(DEFAULT_COLUMNS)
        notes = ["note"] if self.collection.has_notes() else []
        return [*COLLECTION_COLUMNS, *notes]


def names(output: str | None = None, *, in_list: bool = False) -> list[str]:
    return [
        f.name
        for f in FORMATS.values()
        if (output is None or f.output == output) and (f.in_list or not in_list)
    ]


def get(name: str, table: dict[str, Format] = FORMATS) -> Format:
    try:
        return table[name]
    except KeyError:
        choices = ", ".join(table)
        raise BadRequest(
            f"unknown format {name!r}{did_you_mean(name, table)}; choose from {choices}"
        ) from None


def check_columns(
    fmt: Format, columns: list[str] | None, group_by: str | None, *, collection: bool = False
) -> None:
    """Refuse options a format cannot honour, before any work is done."""
    if columns is not None:
        if not fmt.columns:
            raise BadRequest(f"the {fmt.name} format writes fixed fields; it takes no columns")
        known = [*FIELDS, *EXTRA_COLUMNS]
        for column in columns:
            if column not in known:
                raise BadRequest(
                    f"unknown column {column!r}{did_you_mean(column, known)}; "
                    f"columns are record fields and {', '.join(EXTRA_COLUMNS)}: "
                    f"{', '.join(known)}"
                )
            if column == "note" and not collection:
                raise BadRequest(
                    "the note column holds a collection's notes on its items; "
                    "it needs a collection to export"
                )
    if group_by is not None and collection:
        raise BadRequest("a collection is written section by section; it takes no grouping")
    if group_by is not None:
        if fmt.name != "markdown":
            raise BadRequest("grouping into sections works with the markdown format only")
        if group_by not in GROUPS:
            raise BadRequest(f"cannot group by {group_by!r}; choose from {', '.join(GROUPS)}")


def applicable(fmt: Format, records: Sequence[Record]) -> tuple[list[Record], int]:
    """The records ``fmt`` writes, and how many others it leaves out.

    Refuses a selection that holds records but none the format can write.
    """
    if not fmt.kinds:
        return list(records), 0
    kept = [r for r in records if r["kind"] in fmt.kinds]
    if records and not kept:
        raise BadRequest(
            f"the {fmt.name} format writes {kinds_text(fmt)} only, and none of the "
            f"{len(records)} selected records is a {' or a '.join(fmt.kinds)}"
        )
    return kept, len(records) - len(kept)


def kinds_text(fmt: Format) -> str:
    """'papers', 'papers and models': what a format restricted to some kinds writes."""
    return " and ".join(FOLDERS[kind] for kind in fmt.kinds)


def _narrowed(fmt: Format, job: Job) -> Job:
    records, skipped = applicable(fmt, job.records)
    if not skipped:
        return job
    return dataclasses.replace(job, records=records)


def _entry(fmt: Format, name: str) -> Callable[..., Any]:
    module = importlib.import_module(fmt.module)
    function: Callable[..., Any] = getattr(module, name)
    return function


def render(name: str, job: Job) -> str:
    """The records in a text format."""
    fmt = get(name)
    if fmt.output != "text":
        raise BadRequest(f"the {fmt.name} format writes a {fmt.output}; give an output path")
    check_columns(fmt, job.columns, job.group_by, collection=job.collection is not None)
    text: str = _entry(fmt, "render")(_narrowed(fmt, job))
    return text


def write(name: str, job: Job, dest: Path, *, overwrite: bool = False, **options: Any) -> Any:
    """The records in a file format (or a text format), written atomically to ``dest``.

    ``options`` go to a folder format's ``build`` (the site's base URL, say),
    whose report is returned.
    """
    fmt = get(name)
    check_columns(fmt, job.columns, job.group_by, collection=job.collection is not None)
    if fmt.output == "text":
        from genai_catalog.files.atomic import write_atomic

        write_atomic(dest, render(name, job).encode("utf-8"), overwrite=overwrite)
    elif fmt.output == "file":
        _entry(fmt, "write")(_narrowed(fmt, job), dest, overwrite=overwrite)
    else:
        return _entry(fmt, "build")(_narrowed(fmt, job), dest, overwrite=overwrite, **options)
    return None


def render_graph(name: str, job: GraphJob) -> str:
    """A subgraph in a format that needs links."""
    text: str = _entry(get(name, GRAPH_FORMATS), "render_graph")(job)
    return text


def render_timeline(name: str, job: TimelineJob) -> str:
    """A timeline in a format that needs dates."""
    text: str = _entry(get(name, TIMELINE_FORMATS), "render_timeline")(job)
    return text
