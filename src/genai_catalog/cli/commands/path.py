"""genai path: the shortest chain of typed links between two records."""

from __future__ import annotations

from typing import Annotated

import typer

from genai_catalog.cli.options import CatalogOption, FormatOption, RelationOption
from genai_catalog.cli.output import open_catalog, print_json, warning

app = typer.Typer(add_completion=False)


@app.command()
def path(
    ctx: typer.Context,
    start: Annotated[
        str, typer.Argument(metavar="A", help="Where the chain starts: an id, a name or an alias.")
    ],
    end: Annotated[str, typer.Argument(metavar="B", help="Where it ends.")],
    relation: RelationOption = None,
    every: Annotated[
        bool,
        typer.Option("--all", "-a", help="Every shortest chain, one a line (at most 100)."),
    ] = False,
    fmt: FormatOption = "table",
    catalog: CatalogOption = None,
) -> None:
    """How two records are connected: the shortest chain of typed links between them.

    Links are walked both ways, and each reads in the direction of the walk:
    'QLoRA —builds on→ LoRA', but 'LoRA —built upon by→ QLoRA'. When no chain
    joins the two records the command exits with 8.

    Examples: genai path qlora lora-paper · genai path guanaco transformer --all ·
    genai path gpt-4 gpt -r builds_on -r base_model · genai path lora qlora -f json
    """
    from genai_catalog.lineage import MAX_PATHS, check_relations

    check_relations(relation)
    loaded = open_catalog(ctx, catalog)
    found = loaded.paths(start, end, relations=relation, limit=MAX_PATHS if every else 1)
    shown = found.paths
    if fmt == "json":
        print_json(
            [
                {
                    "length": len(p.steps),
                    "records": [{k: r[k] for k in ("id", "kind", "name")} for r in p.records],
                    "links": [
                        {
                            "source": s.edge.source,
                            "target": s.edge.target,
                            "relation": s.edge.relation,
                            "label": s.label,
                            "forward": s.forward,
                        }
                        for s in p.steps
                    ],
                }
                for p in shown
            ]
        )
    else:
        from genai_catalog.cli.trees import chain

        for one in shown:
            print(chain(one))
    if every and found.total > len(shown):
        warning(f"listed {len(shown)} of {found.total:,} shortest chains")
