"""genai duplicates: records that are probably the same thing."""

from __future__ import annotations

import sys

import typer

from genai_catalog.cli.options import CatalogOption, FormatOption
from genai_catalog.cli.output import open_catalog, print_json

app = typer.Typer(add_completion=False)


@app.command()
def duplicates(
    ctx: typer.Context, fmt: FormatOption = "table", catalog: CatalogOption = None
) -> None:
    """List records that are probably one thing entered twice; exit 14 if there are any.

    Signs: the same arXiv id; the same URL or repository on two records of one
    kind; near-identical names or titles (case, accents and punctuation aside,
    numbers equal: Qwen2 and Qwen3 are not duplicates); an alias that is
    another record's name or alias. Records already linked to each other are
    not reported, except for a shared arXiv id.

    Examples: genai duplicates · genai duplicates --format json
    """
    from genai_catalog.duplicates import find
    from genai_catalog.errors import Duplicates

    loaded = open_catalog(ctx, catalog)
    pairs = find(loaded.graph)
    if fmt == "json":
        print_json([pair.to_json() for pair in pairs])
    elif pairs:
        from genai_catalog.cli.render import table

        table(["reason", "record", "record", "shared"],
              [[p.reason, *p.ids, p.value] for p in pairs])  # fmt: skip
    if pairs:
        raise Duplicates(f"{len(pairs)} pair(s) of records are probably duplicates")
    print(f"no probable duplicates among {len(loaded)} records", file=sys.stderr)
