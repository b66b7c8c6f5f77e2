"""genai list: records of a kind, filtered by topic, year and organization."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from genai_catalog.cli.options import (
    CatalogOption,
    KindArgument,
    ListFormat,
    OrgOption,
    SinceOption,
    SortOption,
    StatusOption,
    TopicOption,
    UntilOption,
    YearOption,
    status_value,
)
from genai_catalog.cli.output import open_catalog, reading_state

app = typer.Typer(add_completion=False)


@app.command(name="list")
def list_records(
    ctx: typer.Context,
    kind: KindArgument = None,
    topic: TopicOption = None,
    year: YearOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    org: OrgOption = None,
    drafts: Annotated[
        bool, typer.Option("--drafts", help="Only drafts: records still waiting for a summary.")
    ] = False,
    sort: SortOption = "name",
    status: StatusOption = None,
    fmt: Annotated[
        ListFormat,  # type: ignore[valid-type]
        typer.Option(
            "--format",
            "-f",
            help="table, or one of the export formats: "
            + ", ".join(f.value for f in ListFormat if f.value != "table")
            + ".",
        ),
    ] = "table",
    catalog: CatalogOption = None,
) -> None:
    """List records, optionally of one kind and filtered.

    A table shows your reading status once a listed record has one.

    Examples: genai list papers --topic alignment --since 2022 ·
    genai list models --org meta --sort year · genai list --status to-read ·
    genai list collections · genai list --drafts · genai list --format csv
    """
    from genai_catalog.query import Filters, check_kind

    filters = Filters(
        kind=check_kind(kind),
        topic=topic,
        year=year,
        since=since,
        until=until,
        org=org,
        drafts=drafts,
        sort=sort,
    )
    loaded = open_catalog(ctx, catalog)
    records = loaded.select(filters, status=status_value(status), lazy=True)
    if fmt == "table":
        from genai_catalog.cli.render import records_table

        reading = reading_state(loaded, required=False)
        records_table(records, {rid: e.status for rid, e in reading.entries.items()})
        return
    from genai_catalog import exporters

    text = exporters.render(str(fmt), exporters.Job(records, loaded, topics=loaded.topics))
    sys.stdout.write(text)
