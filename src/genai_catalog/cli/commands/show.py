"""genai show: one record and its neighbourhood, in both directions."""

from __future__ import annotations

import typer

from genai_catalog.cli.options import CatalogOption, FormatOption, RecordIdArgument
from genai_catalog.cli.output import open_catalog, print_json

app = typer.Typer(add_completion=False)


@app.command()
def show(
    ctx: typer.Context,
    record_id: RecordIdArgument,
    fmt: FormatOption = "table",
    catalog: CatalogOption = None,
) -> None:
    """Show a record with every link to and from it.

    Links are shown from both ends: the LoRA paper lists what it introduces,
    though only the technique says where it was introduced. An unknown id
    exits with 4 and suggests close ids.
    """
    loaded = open_catalog(ctx, catalog)
    record = loaded.get(record_id)
    if fmt == "json":
        # An array like every other command's JSON, so scripts parse one shape.
        print_json([loaded.with_links(record)])
        return
    from genai_catalog.cli.render import record_view

    record_view(record, loaded.neighbours(record["id"]))
