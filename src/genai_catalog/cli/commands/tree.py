"""genai tree (or lineage): a model family by year, over base_model and builds_on."""

from __future__ import annotations

from typing import Annotated

import typer

from genai_catalog.cli.options import (
    CatalogOption,
    ForceOption,
    GraphFormatOption,
    GraphOutputOption,
)
from genai_catalog.cli.output import emit, emit_graph, open_catalog, warning

app = typer.Typer(add_completion=False)


@app.command()
def tree(
    ctx: typer.Context,
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="A record id, or a name or alias: llama, 'llama 2'.")
    ],
    fmt: GraphFormatOption = "tree",
    output: GraphOutputOption = None,
    force: ForceOption = False,
    catalog: CatalogOption = None,
) -> None:
    """A family tree: what a record was derived from, and everything derived from it.

    Follows base_model (fine-tuned from) and builds_on (a later version of)
    in both directions, as far as they go, and lays the family out by year:
    the oldest ancestor at the top, each record under the one it derives
    from, siblings in year order. ◀ marks the record asked about. 'genai
    lineage' is the same command. The dot and svg pictures put each year on
    its own row, like an evolution tree.

    Examples: genai tree llama · genai lineage mistral-7b ·
    genai tree llama -f svg -o llama.svg
    """
    from genai_catalog.files.atomic import check_target

    if output is not None:
        check_target(output, overwrite=force)
    loaded = open_catalog(ctx, catalog)
    family = loaded.lineage(record_id)
    if family.truncated:
        warning(f"the family was cut off at {len(family.nodes):,} records")
    if fmt == "tree":
        from genai_catalog.cli.trees import lineage

        emit(lineage(family), output, force=force)
        return
    emit_graph(str(fmt), family, output, force=force)
