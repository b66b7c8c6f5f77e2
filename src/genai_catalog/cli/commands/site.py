"""genai site: the catalog as a static, searchable website in a folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from genai_catalog.cli.options import (
    CatalogOption,
    KindArgument,
    OrgOption,
    SinceOption,
    TopicOption,
    UntilOption,
    YearOption,
)
from genai_catalog.cli.output import LoadProgress, open_catalog

app = typer.Typer(add_completion=False)


@app.command()
def site(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Argument(help="The folder to write the site to (replaced whole if genai built it)."),
    ],
    kind: KindArgument = None,
    topic: TopicOption = None,
    year: YearOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    org: OrgOption = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Where the site will be published (https://…/): adds canonical links "
            "and a sitemap.xml. Links inside the site stay relative either way.",
        ),
    ] = None,
    graphviz: Annotated[
        bool | None,
        typer.Option(
            "--graphviz/--no-graphviz",
            help="Lay out the model evolution tree with Graphviz dot (default: when it is "
            "installed and the tree is not huge) or always with genai's own layout.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace OUT even if it is a folder genai did not build."),
    ] = False,
    catalog: CatalogOption = None,
) -> None:
    """Build a static website of the catalog: search, a page per record, kind, topic and year.

    The site works offline and from file:// (open OUT/index.html) and on any
    static host such as GitHub Pages; it loads nothing from elsewhere. It
    takes the same filters as 'genai list'. The site is built in a temporary
    folder beside OUT and swapped in, so a failed build leaves OUT as it was;
    a folder that genai did not build is replaced only with --force.

    Examples: genai site site/ · genai site public/ --base-url https://me.github.io/genai/ ·
    genai site peft-site/ techniques --topic peft
    """
    from genai_catalog import exporters
    from genai_catalog.exporters.site import check_base_url, check_target
    from genai_catalog.query import Filters, check_kind

    filters = Filters(
        kind=check_kind(kind), topic=topic, year=year, since=since, until=until, org=org
    )
    check_base_url(base_url)
    check_target(out, overwrite=force)  # fail before loading, not after building
    loaded = open_catalog(ctx, catalog)
    job = exporters.Job(loaded.select(filters), loaded, topics=loaded.topics)
    with LoadProgress("Building site") as progress:
        report = exporters.write(
            "site", job, out, overwrite=force, base_url=base_url, graphviz=graphviz,
            progress=progress,
        )  # fmt: skip
    drawn = (
        f"; evolution tree laid out by {report.evolution_layout}" if report.evolution_layout else ""
    )
    print(
        f"wrote {out}: {report.records:,} record pages, {report.pages:,} pages in all{drawn}; "
        f"open {out / 'index.html'}",
        file=sys.stderr,
    )
