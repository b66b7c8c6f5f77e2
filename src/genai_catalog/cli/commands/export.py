"""genai export: records as markdown, CSV, JSON and more, to stdout or a file."""

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
    SortOption,
    TopicOption,
    UntilOption,
    YearOption,
    format_help,
)
from genai_catalog.cli.output import open_catalog, warning

app = typer.Typer(add_completion=False)


@app.command()
def export(
    ctx: typer.Context,
    kind: KindArgument = None,
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
            f"(default: {','.join(exporters.DEFAULT_COLUMNS)}).",
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
    sort: SortOption = "name",
    catalog: CatalogOption = None,
) -> None:
    """Export records for a README, a spreadsheet, a reference manager or a script.

    Takes the same filters as 'genai list'. Markdown cells are escaped so a
    pipe, newline or HTML in a summary cannot break the table; CSV cells that
    a spreadsheet would run as formulas are defused. --output writes
    atomically and refuses to replace a file without --force.

    bibtex writes papers only (other records are skipped with a warning);
    sqlite writes a database file for Datasette or any SQL client.

    Examples: genai export papers --group-by year -o PAPERS.md ·
    genai export techniques --topic peft --columns name,year,summary ·
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
    exporters.check_columns(spec, chosen, grouping)
    if spec.output != "text" and output is None:
        raise BadRequest(f"the {name} format writes a {spec.output}; give it a path with --output")
    if output is not None:
        check_target(output, overwrite=force)  # fail before the work, not after
    filters = Filters(
        kind=check_kind(kind), topic=topic, year=year, since=since, until=until, org=org, sort=sort
    )
    loaded = open_catalog(ctx, catalog)
    records, skipped = exporters.applicable(spec, loaded.select(filters))
    if skipped:
        noun = "record" if skipped == 1 else "records"
        warning(
            f"skipped {skipped} {noun} the {name} format cannot write "
            f"(it writes {exporters.kinds_text(spec)} only)"
        )
    job = exporters.Job(records, loaded, columns=chosen, group_by=grouping, topics=loaded.topics)
    if output is None:
        typer.echo(exporters.render(name, job), nl=False)
        return
    exporters.write(name, job, output, overwrite=force)
    print(f"wrote {output}", file=sys.stderr)
