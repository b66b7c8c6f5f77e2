"""genai unmark: forget your reading state for records (orphans included)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from genai_catalog.cli.options import CatalogOption
from genai_catalog.cli.output import open_catalog

app = typer.Typer(add_completion=False)


@app.command()
def unmark(
    ctx: typer.Context,
    record_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...", help="Records by id, name or alias, or ids the catalog no longer has."
        ),
    ],
    catalog: CatalogOption = None,
) -> None:
    """Forget the status, note and rating of records.

    Works for ids the catalog no longer has too ('genai mark --orphans' lists
    them): that is the one way such state goes away.

    Example: genai unmark lora-paper
    """
    loaded = open_catalog(ctx, catalog)
    removed = loaded.unmark(record_ids)
    for rid, entry in removed.items():
        print(f"{rid}: unmarked (was {entry.status})")
    if not removed:
        print("None of these had a reading state; nothing changed.", file=sys.stderr)
