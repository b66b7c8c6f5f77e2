"""genai fmt: record files in the canonical form, their data unchanged."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from genai_catalog.cli.options import CatalogOption

app = typer.Typer(add_completion=False)


@app.command()
def fmt(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...", help="Record files or folders (default: the whole catalog)."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing: list what would change, exit 13 if any."),
    ] = False,
    drop_comments: Annotated[
        bool,
        typer.Option("--drop-comments", help="Rewrite files with comments too, dropping them."),
    ] = False,
    catalog: CatalogOption = None,
) -> None:
    """Rewrite record files in the canonical form: field order, quoting, line wrapping.

    The data never changes: each file is validated, and its canonical text is
    read back and compared before anything is written (atomically). Files that
    do not validate, and files with comments (which no canonical form keeps;
    see --drop-comments), are refused and listed. With --check nothing is
    written; the files that would change are listed and the exit code is 13,
    for CI and pre-commit.

    Examples: genai fmt · genai fmt --check · genai fmt catalog/papers/qlora-paper.yaml
    """
    from genai_catalog.errors import BadRequest, InvalidCatalog, NotCanonical
    from genai_catalog.files import canonical

    targets: list[tuple[Path, str]] = []
    if not paths:
        from genai_catalog.paths import resolve_root

        targets = canonical.catalog_files(resolve_root(catalog))
    for path in paths or []:
        if path.is_dir():
            targets += canonical.files_under(path)
        elif path.exists():
            targets.append((path, str(path)))
        else:
            raise BadRequest(f"{path} does not exist")
    outcomes = [
        canonical.format_file(file, shown, check=check, drop_comments=drop_comments)
        for file, shown in targets
    ]
    changed = [o for o in outcomes if o.status == canonical.CHANGED]
    refused = [o for o in outcomes if o.status == canonical.REFUSED]
    for outcome in changed:
        typer.echo(f"{'would reformat' if check else 'reformatted'} {outcome.path}")
    problems = [p for o in refused for p in o.problems]
    for problem in problems:
        print(str(problem), file=sys.stderr)
    if refused:
        raise InvalidCatalog(
            f"{len(refused)} of {len(outcomes)} record file(s) cannot be formatted; "
            "they are listed above",
            problems,
        )
    if check and changed:
        raise NotCanonical(
            f"{len(changed)} of {len(outcomes)} record file(s) are not in the canonical form"
        )
    done = "would change" if check else "reformatted"
    print(f"{len(outcomes)} record file(s): {len(changed)} {done}", file=sys.stderr)
