"""genai stats: what the catalog holds, by kind, topic and year, and how far you have read."""

from __future__ import annotations

import typer

from genai_catalog.cli.options import CatalogOption, FormatOption
from genai_catalog.cli.output import open_catalog, print_json, reading_state

app = typer.Typer(add_completion=False)


@app.command()
def stats(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    catalog: CatalogOption = None,
) -> None:
    """Count records by kind, topic and year, the links between them, and your reading.

    Reading progress counts your statuses over the catalog's records, and per
    collection ("Must Papers: 2 of 8 read").
    """
    from genai_catalog.query import stats as compute

    loaded = open_catalog(ctx, catalog)
    summary = compute(loaded.graph)
    reading = reading_state(loaded, required=False)
    known = [rid for rid in reading.entries if rid in loaded.graph]
    summary["reading"] = reading.counts(known) | {"orphans": len(reading) - len(known)}
    lists = loaded.collections()
    progress = [shown.progress(reading) for shown in lists]
    if fmt == "json":
        summary["collections"] = [
            {"id": shown.id, "name": shown.name} | one.plain()
            for shown, one in zip(lists, progress, strict=True)
        ]
        print_json(summary)
        return
    from genai_catalog.cli.render import stats_view

    stats_view(summary, progress)
