"""genai export: records or a reading list as markdown, CSV, JSON and more, to stdout or a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from genai_catalog import exporters
from genai_catalog.cli.options import (
    CatalogOption,
    ExportFormat,
    GroupBy,
    KindArgument,
    OrgOption,
    SinceOption,
    StatusOption,
    TopicOption,
    UntilOption,
    YearOption,
    format_help,
    status_value,
)
from genai_catalog.cli.output import open_catalog, warning
from genai_catalog.query import SORT_KEYS

app = typer.Typer(add_completion=False)


@app.command()
def export(
    ctx: typer.Context,
    kind: KindArgument = None,
    collection: Annotated[
        str | None,
        typer.Option(
            "--collection",
            help="Export this collection's items instead, a table per section, in its order.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help=format_help([f.value for f in ExportFormat]) + "."),
    ] = "markdown",
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            "-c",
            help="Comma-separated fields, e.g. name,year,summary "
            f"(default: {','.join(exporters.DEFAULT_COLUMNS)}; for a collection "
            f"{','.join(exporters.COLLECTION_COLUMNS)}, and note when it has notes). "
            f"Besides record fields: {', '.join(exporters.EXTRA_COLUMNS)}.",
        ),
    ] = None,
    group_by: Annotated[
        GroupBy | None,  # type: ignore[valid-type]
        typer.Option("--group-by", "-g", help="Markdown only: a section per topic, year or kind."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file instead of stdout.", dir_okay=False
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace --output if it exists (a regular file only).")
    ] = False,
    topic: TopicOption = None,
    year: YearOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    org: OrgOption = None,
    status: StatusOption = None,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            "-s",
            help=f"Order by {', '.join(SORT_KEYS)} (year: newest first; default name). "
            "A collection keeps its own order.",
            show_default=False,
        ),
    ] = None,
    catalog: CatalogOption = None,
) -> None:
    """Export records for a README, a spreadsheet, a reference manager or a script.

    Takes the same filters as 'genai list'. With --collection, writes a reading
    list the way the notes do: a table per section, items in the list's order,
    names linked to their pages; filters keep some of its items. The columns
    status, rating, my_note and read_status come from your reading state
    ('genai mark'). Markdown cells are escaped so a pipe, newline or HTML in a
    summary cannot break the table; CSV cells that a spreadsheet would run as
    formulas are defused. --output writes atomically and refuses to replace a
    file without --force.

    bibtex writes papers only (other records are skipped with a warning);
    sqlite writes a database file for Datasette or any SQL client.

    Examples: genai export papers --group-by year -o PAPERS.md ·
    genai export techniques --topic peft --columns name,year,summary ·
    genai export --collection must-papers --columns name,read_status ·
    genai export papers --topic peft --format bibtex -o peft.bib ·
    genai export --format sqlite -o catalog.db
    """
    from genai_catalog.errors import BadRequest
    from genai_catalog.files.atomic import check_target
    from genai_catalog.query import Filters, check_kind

    name = str(fmt)
    spec = exporters.get(name)
    chosen = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    grouping = str(group_by) if group_by is not None else None
    wanted = status_value(status)
    if collection is not None:
        if kind is not None:
            raise BadRequest("a collection export lists the collection's items; it takes no kind")
        if sort is not None:
            raise BadRequest("a collection keeps its own order; it cannot be sorted")
    exporters.check_columns(spec, chosen, grouping, collection=collection is not None)
    if spec.output != "text" and output is None:
        raise BadRequest(f"the {name} format writes a {spec.output}; give it a path with --output")
    if output is not None:
        check_target(output, overwrite=force)  # fail before the work, not after
    filters = Filters(
        kind=check_kind(kind),
        topic=topic,
        year=year,
        since=since,
        until=until,
        org=org,
        sort=sort or "name",
    )
    loaded = open_catalog(ctx, catalog)
    needs_state = wanted is not None or any(c in exporters.STATE_COLUMNS for c in chosen or ())
    reading = loaded.reading() if needs_state else None
    if collection is not None:
        shown = loaded.collection(collection, filters, status=wanted)
        records = [item.record for section in shown.sections for item in section.items]
        job = exporters.Job(
            records, loaded, columns=chosen, topics=loaded.topics, collection=shown, reading=reading
        )
    else:
        chosen_records, skipped = exporters.applicable(
            spec, loaded.select(filters, status=wanted, lazy=spec.lazy)
        )
        if skipped:
            noun = "record" if skipped == 1 else "records"
            warning(
                f"skipped {skipped} {noun} the {name} format cannot write "
                f"(it writes {exporters.kinds_text(spec)} only)"
            )
        job = exporters.Job(
            chosen_records,
            loaded,
            columns=chosen,
            group_by=grouping,
            topics=loaded.topics,
            reading=reading,
        )
    if output is None:
        sys.stdout.write(exporters.render(name, job))
        return
    exporters.write(name, job, output, overwrite=force)
    print(f"wrote {output}", file=sys.stderr)
