"""genai new: a new record of any kind from a scaffold that lists every field."""

from __future__ import annotations

from typing import Annotated

import typer

from genai_catalog.cli.options import CatalogOption
from genai_catalog.cli.output import open_catalog
from genai_catalog.model.kinds import COLLECTION, ENTITY_KINDS

app = typer.Typer(add_completion=False)


@app.command()
def new(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=f"{', '.join(ENTITY_KINDS)} (singular or plural).")],
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="The new record's id: lowercase, digits, hyphens.")
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Its name (default: from the id).")
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Its year (a paper needs one).")
    ] = None,
    no_edit: Annotated[
        bool, typer.Option("--no-edit", help="Write the scaffold without opening an editor.")
    ] = False,
    catalog: CatalogOption = None,
) -> None:
    """Start a new record from a scaffold with every field of its kind, commented.

    In a terminal the scaffold opens in $EDITOR; the record is checked when
    the editor closes (a problem is shown, with the choice to edit again or
    discard) and saved in the canonical form. Elsewhere, or with --no-edit, the
    scaffold itself is written as a draft, comments and all, for you to fill in.
    An existing file is never replaced.

    Examples: genai new technique speculative-decoding --name "Speculative Decoding" ·
    genai new paper my-paper --year 2024 --no-edit
    """
    from genai_catalog.catalog.authoring import Additions
    from genai_catalog.cli import editor
    from genai_catalog.drafts import scaffold
    from genai_catalog.errors import BadRequest, InvalidCatalog
    from genai_catalog.files.yaml_write import schema_header
    from genai_catalog.model.ids import is_slug, slug_hint
    from genai_catalog.query import check_kind

    chosen = check_kind(kind)
    assert chosen is not None
    if chosen == COLLECTION:
        raise BadRequest(
            "a collection lists records that exist already, so it has no scaffold or draft: "
            "write catalog/collections/<id>.yaml from an existing one (docs/records.md)"
        )
    if not is_slug(record_id):
        raise BadRequest(slug_hint(record_id))
    shown_name = name if name is not None else record_id.replace("-", " ").title()
    if not shown_name.strip():
        raise BadRequest("the name is blank")
    loaded = open_catalog(ctx, catalog)
    additions = Additions(loaded)
    if record_id in additions.taken():
        raise BadRequest(
            f"the id {record_id!r} is taken: {additions.path_of(record_id)}; choose another"
        )
    text = scaffold(chosen, record_id, shown_name, schema_header(chosen), year=year)
    if not no_edit and editor.interactive() and editor.editor_command() is not None:
        checked = editor.edit_until_valid(text, f"{record_id}.yaml", additions.check)
        assert checked is not None  # no fallback was offered
        path = additions.write(checked)
    else:
        if chosen == "paper" and year is None:
            raise BadRequest("a paper needs its year: give it with --year")
        checked = additions.check(text)
        if not checked.ok:
            raise InvalidCatalog(
                f"the scaffold has {len(checked.errors)} problem(s): "
                + "; ".join(f"{p.field}: {p.message}" for p in checked.errors),
                checked.errors,
            )
        path = additions.write(checked, text)
    assert checked.record is not None
    note = (
        " (a draft: fill it in, then remove 'draft: true')" if checked.record.get("draft") else ""
    )
    typer.echo(f"wrote {path}{note}")
