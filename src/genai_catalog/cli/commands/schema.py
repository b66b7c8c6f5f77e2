"""genai schema: write the JSON Schema of every kind, for editors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from genai_catalog.cli.options import CatalogOption

app = typer.Typer(add_completion=False)


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder to write into (default: the catalog's .schemas folder).",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    catalog: CatalogOption = None,
) -> None:
    """Write one JSON Schema per kind, generated from the record models.

    Record files whose first line is '# yaml-language-server:
    $schema=../.schemas/<kind>.schema.json' are then completed and checked
    while they are typed, in VS Code and every editor with the YAML language
    server. Files that already hold the current schema are left untouched.

    Examples: genai schema · genai schema --catalog my-catalog · genai schema -o schemas/
    """
    from genai_catalog.files.schemas import default_folder, write_schemas
    from genai_catalog.paths import resolve_root

    folder = output if output is not None else default_folder(resolve_root(catalog))
    for path, changed in write_schemas(folder):
        print(f"{'wrote' if changed else 'unchanged'} {path}", file=sys.stderr)
