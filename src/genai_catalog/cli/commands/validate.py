"""genai validate: check every file and every reference; print all problems."""

from __future__ import annotations

import sys

import typer

from genai_catalog.cli.options import CatalogOption
from genai_catalog.cli.output import open_catalog

app = typer.Typer(add_completion=False)


@app.command()
def validate(ctx: typer.Context, catalog: CatalogOption = None) -> None:
    """Check every record file and every reference, and report all problems.

    Each problem is printed as PATH:LINE:COL: FIELD: MESSAGE. Warnings (drafts
    waiting for a summary) are printed too but do not fail. Exits with 3 when
    there is any error, 0 when the catalog is clean.
    """
    from genai_catalog.errors import InvalidCatalog

    loaded = open_catalog(ctx, catalog, warn=False)
    problems = loaded.all_problems()
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    errors = [p for p in problems if p.is_error]
    warnings = len(problems) - len(errors)
    if errors:
        files = len({p.path for p in errors})
        raise InvalidCatalog(
            f"{len(errors)} problem(s) in {files} file(s); "
            f"{len(loaded)} of {loaded.file_count} record files are usable",
            errors,
        )
    note = f", {warnings} warning(s)" if warnings else ", no problems"
    print(f"ok: {len(loaded)} records, {len(loaded.topics)} topics{note}.", file=sys.stdout)
