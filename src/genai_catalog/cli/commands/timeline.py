"""genai timeline: records by year, and by month where an arXiv id tells it."""

from __future__ import annotations

from typing import Annotated

import typer

from genai_catalog import exporters
from genai_catalog.cli.options import (
    CatalogOption,
    KindArgument,
    KindOption,
    OrgOption,
    SinceOption,
    TimelineFormat,
    TopicOption,
    UntilOption,
    YearOption,
    format_help,
)
from genai_catalog.cli.output import open_catalog, warning

app = typer.Typer(add_completion=False)


@app.command()
def timeline(
    ctx: typer.Context,
    kind_argument: KindArgument = None,
    kind: KindOption = None,
    topic: TopicOption = None,
    year: YearOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    org: OrgOption = None,
    fmt: Annotated[
        TimelineFormat,  # type: ignore[valid-type]
        typer.Option(
            "--format",
            "-f",
            help="table; "
            + format_help(list(exporters.TIMELINE_FORMATS), exporters.TIMELINE_FORMATS)
            + ".",
        ),
    ] = "table",
    catalog: CatalogOption = None,
) -> None:
    """Records in time order, oldest first, filtered like 'genai list'.

    The month comes from a paper's arXiv id, or from the arXiv id of the paper
    that introduced a record, when both are from the same year. Records
    without a year are left out (a line on stderr says how many).

    Examples: genai timeline --kind model --topic llm · genai timeline papers --since 2022 ·
    genai timeline -k model --org meta -f mermaid
    """
    from genai_catalog.errors import BadRequest
    from genai_catalog.query import Filters, check_kind

    first, second = check_kind(kind_argument), check_kind(kind)
    if first and second and first != second:
        raise BadRequest(f"two kinds were asked for, {first} and {second}; give one")
    filters = Filters(kind=first or second, topic=topic, year=year, since=since, until=until,
                      org=org)  # fmt: skip
    loaded = open_catalog(ctx, catalog)
    entries, undated = loaded.timeline(filters)
    if undated:
        warning(f"{undated} record(s) without a year are not on the timeline")
    if fmt == "table":
        from genai_catalog.cli.render import table

        rows = [[e.date, e.record["id"], e.record["kind"], e.record["name"]] for e in entries]
        table(["date", "id", "kind", "name"], rows)
        return
    typer.echo(exporters.render_timeline(str(fmt), exporters.TimelineJob(entries)), nl=False)
