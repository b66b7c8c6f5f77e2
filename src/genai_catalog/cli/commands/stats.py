"""genai stats: what the catalog holds, by kind, topic and year."""

from __future__ import annotations

import typer

from genai_catalog.cli.options import CatalogOption, FormatOption
from genai_catalog.cli.output import open_catalog, print_json

app = typer.Typer(add_completion=False)


@app.command()
def stats(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    catalog: CatalogOption = None,
) -> None:
    """Count records by kind, topic and year, and the links between them."""
    from genai_catalog.query import stats as compute

    loaded = open_catalog(ctx, catalog)
    summary = compute(loaded.graph)
    if fmt == "json":
        print_json(summary)
        return
    from genai_catalog.cli.render import stats_view

    stats_view(summary)
