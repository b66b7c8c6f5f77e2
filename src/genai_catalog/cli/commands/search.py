"""genai search: find records by name, acronym or words, typos forgiven."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from genai_catalog.cli.exit_codes import ExitCode
from genai_catalog.cli.options import (
    CatalogOption,
    FormatOption,
    KindOption,
    StatusOption,
    TopicOption,
    status_value,
)
from genai_catalog.cli.output import open_catalog, print_json

app = typer.Typer(add_completion=False)


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(help="Words, a name, an acronym or an id: 'qlora', 'llama 2'.")
    ],
    kind: KindOption = None,
    topic: TopicOption = None,
    status: StatusOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most hits to show.")] = 10,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show why each hit ranked where it did.")
    ] = False,
    fmt: FormatOption = "table",
    catalog: CatalogOption = None,
) -> None:
    """Search ids, names, aliases and summaries; best match first.

    Exact ids, aliases and acronyms rank first, then name prefixes and words,
    then fuzzy matches (typos and word order are forgiven), then summaries.
    No hit exits with 7, in every format (JSON prints []).

    Examples: genai search qlora · genai search "llama 2" --kind model ·
    genai search chromdb --explain · genai search attention --status to-read
    """
    from genai_catalog.query import check_kind
    from genai_catalog.search import check_query

    check_kind(kind)
    check_query(query)
    loaded = open_catalog(ctx, catalog)
    hits = loaded.search(query, kind=kind, topic=topic, limit=limit, status=status_value(status))
    if fmt == "json":
        print_json(
            [
                hit.record | {"score": hit.score} | ({"why": hit.reason} if explain else {})
                for hit in hits
            ]
        )
    elif hits:
        from genai_catalog.cli.render import hits_table

        hits_table(hits, explain=explain)
    else:
        print(f"No record matches {query!r}.", file=sys.stderr)
    if not hits:
        raise typer.Exit(ExitCode.NO_MATCH)
