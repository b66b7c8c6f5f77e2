"""genai graph: a record's neighbourhood, as a tree, JSON, Mermaid, DOT or SVG."""

from __future__ import annotations

from typing import Annotated

import typer

from genai_catalog.cli.options import (
    CatalogOption,
    Direction,
    ForceOption,
    GraphFormatOption,
    GraphOutputOption,
    RelationOption,
)
from genai_catalog.cli.output import emit, emit_graph, open_catalog

app = typer.Typer(add_completion=False)


@app.command()
def graph(
    ctx: typer.Context,
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="A record id, or a name or alias: lora, 'llama 2'.")
    ],
    depth: Annotated[
        int, typer.Option("--depth", "-d", help="How many links away to go (0: the record only).")
    ] = 1,
    relation: RelationOption = None,
    direction: Annotated[
        Direction,  # type: ignore[valid-type]
        typer.Option(
            "--direction",
            help="out: links the record states; in: links that point at it; both.",
        ),
    ] = "both",
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            help="Enter only records of this kind (repeat it, or separate with commas).",
            show_default=False,
        ),
    ] = None,
    fmt: GraphFormatOption = "tree",
    output: GraphOutputOption = None,
    force: ForceOption = False,
    catalog: CatalogOption = None,
) -> None:
    """Show the records around one, with the typed links between them.

    The tree shows each record once, under the record it was first reached
    from (→ the link is stored on the record above, ← on the one below);
    json, mermaid, dot and svg show every link among the records found.
    Past 1,000 records the walk stops and says so.

    Examples: genai graph qlora · genai graph lora --depth 2 --direction in ·
    genai graph llama-2 -r base_model -r builds_on -f mermaid ·
    genai graph transformer -d 2 -k paper -f svg -o transformer.svg
    """
    from genai_catalog.files.atomic import check_target
    from genai_catalog.lineage import check_direction, check_kinds, check_relations

    check_relations(relation)
    check_kinds(kind)
    check_direction(str(direction))
    if output is not None:
        check_target(output, overwrite=force)  # fail before the work, not after
    loaded = open_catalog(ctx, catalog)
    found = loaded.subgraph(
        record_id, depth=depth, relations=relation, direction=str(direction), kinds=kind
    )
    if found.truncated:
        from genai_catalog.cli.output import warning

        warning(
            f"the neighbourhood was cut off at {len(found.nodes):,} records; "
            "narrow it with --depth, --relation, --direction or --kind"
        )
    if fmt == "tree":
        from genai_catalog.cli.trees import neighbourhood

        emit(neighbourhood(found), output, force=force)
        return
    emit_graph(str(fmt), found, output, force=force)
