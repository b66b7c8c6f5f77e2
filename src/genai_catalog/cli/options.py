"""Options several commands share, and the format choices, built from the registries.

Shell completion: ``complete_record_id`` is the one completer for every
argument that takes a record id (``RecordIdArgument``, or pass it as
``autocompletion=`` to an option or argument of your own); ``complete_topic``
and ``complete_kind`` complete topics and kinds. Each imports its work on
first use, so that loading this module stays cheap for ``genai --help``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from genai_catalog import exporters
from genai_catalog.model.kinds import DIRECTIONS, KINDS
from genai_catalog.model.statuses import FILTERS, STATUSES
from genai_catalog.query import SORT_KEYS


def _choices(name: str, values: list[str]) -> type[StrEnum]:
    return StrEnum(name, {value: value for value in values})  # type: ignore[return-value]


# Reading commands print a table for people or JSON for scripts.
ViewFormat = _choices("ViewFormat", ["table", "json"])
# `list` adds the text exporters that take columns; `export` offers every format it can write.
ListFormat = _choices("ListFormat", ["table", *exporters.names("text", in_list=True)])
ExportFormat = _choices("ExportFormat", [*exporters.names("text"), *exporters.names("file")])
GroupBy = _choices("GroupBy", list(exporters.GROUPS))
# A status to set, and a status to filter by (which may be 'unmarked').
MarkStatus = _choices("MarkStatus", list(STATUSES))
StatusFilter = _choices("StatusFilter", list(FILTERS))
# Pictures of links: a tree for people, or a format that needs links.
GraphFormat = _choices("GraphFormat", ["tree", *exporters.GRAPH_FORMATS])
TimelineFormat = _choices("TimelineFormat", ["table", *exporters.TIMELINE_FORMATS])
Direction = _choices("Direction", list(DIRECTIONS))


def complete_record_id(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Record ids starting with what was typed, with their names (zsh and fish show them)."""
    from genai_catalog.cli.completion import record_ids

    return record_ids(ctx, incomplete)


def complete_topic(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Topics of the catalog (the one --catalog names, if given before) with descriptions."""
    from genai_catalog.cli.completion import topics

    return topics(ctx, incomplete)


def complete_kind(incomplete: str) -> list[str]:
    """Kinds, singular and plural: every spelling the commands take."""
    from genai_catalog.cli.completion import kinds

    return kinds(incomplete)


def format_help(names: list[str], table: dict[str, exporters.Format] = exporters.FORMATS) -> str:
    return "; ".join(f"{n}: {exporters.get(n, table).help}" for n in names)


GraphFormatOption = Annotated[
    GraphFormat,  # type: ignore[valid-type]
    typer.Option(
        "--format",
        "-f",
        help="tree: an indented tree of relation labels; "
        + format_help(list(exporters.GRAPH_FORMATS), exporters.GRAPH_FORMATS)
        + ".",
    ),
]
GraphOutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of stdout.", dir_okay=False),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace --output if it exists (a regular file only).")
]
RelationOption = Annotated[
    list[str] | None,
    typer.Option(
        "--relation",
        "-r",
        help="Follow only this relation (repeat it, or separate with commas): "
        "builds_on, uses, base_model, introduced_in … ('built upon by' and 'builds-on' work too).",
        show_default=False,
    ),
]


FormatOption = Annotated[
    ViewFormat,  # type: ignore[valid-type]
    typer.Option("--format", "-f", help="table, or json for scripts."),
]
CatalogOption = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        help="Catalog folder to read (default: $GENAI_CATALOG, else the bundled catalog).",
        show_default=False,
        file_okay=False,
    ),
]
KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind", "-k", help=f"Only this kind: {', '.join(KINDS)}.", autocompletion=complete_kind
    ),
]
TopicOption = Annotated[
    str | None,
    typer.Option(
        "--topic",
        "-t",
        help="Only records with this topic (see 'genai topics').",
        autocompletion=complete_topic,
    ),
]
YearOption = Annotated[
    int | None, typer.Option("--year", "-y", help="Only records from this year.")
]
SinceOption = Annotated[
    int | None, typer.Option("--since", help="Only records from this year or later.")
]
UntilOption = Annotated[
    int | None, typer.Option("--until", help="Only records from this year or earlier.")
]
OrgOption = Annotated[
    str | None, typer.Option("--org", help="Only records whose organization contains this text.")
]
SortOption = Annotated[
    str,
    typer.Option("--sort", "-s", help=f"Order by {', '.join(SORT_KEYS)} (year: newest first)."),
]
KindArgument = Annotated[
    str | None,
    typer.Argument(
        help=f"{', '.join(KINDS)} (singular or plural); all if left out.",
        autocompletion=complete_kind,
    ),
]
RecordIdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="A record id, or a name or alias: lora, 'llama 2'.",
        autocompletion=complete_record_id,
    ),
]
StatusOption = Annotated[
    StatusFilter | None,  # type: ignore[valid-type]
    typer.Option(
        "--status",
        help="Only records with this reading status (see 'genai mark'); unmarked: none yet.",
        show_default=False,
    ),
]


def status_value(status: object) -> str | None:
    return str(status) if status is not None else None
