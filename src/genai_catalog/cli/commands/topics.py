"""genai topics: the topic vocabulary and how many records carry each topic."""

from __future__ import annotations

import typer

from genai_catalog.cli.options import CatalogOption, FormatOption
from genai_catalog.cli.output import open_catalog, print_json

app = typer.Typer(add_completion=False)


@app.command()
def topics(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    catalog: CatalogOption = None,
) -> None:
    """List the topics records can carry, with a description and a count each."""
    from genai_catalog.query import topic_counts

    loaded = open_catalog(ctx, catalog)
    rows = topic_counts(loaded.graph, loaded.topics)
    if fmt == "json":
        print_json([{"topic": t, "records": n, "description": d} for t, n, d in rows])
        return
    from genai_catalog.cli.render import topics_table

    topics_table(rows)
