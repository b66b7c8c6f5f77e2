"""genai mark: set your reading status, note and rating on records; list orphaned state."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from genai_catalog.cli.options import CatalogOption, FormatOption, MarkStatus
from genai_catalog.cli.output import open_catalog, print_json

app = typer.Typer(add_completion=False)


@app.command()
def mark(
    ctx: typer.Context,
    record_ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="ID...", help="Records by id, name or alias.", show_default=False),
    ] = None,
    status: Annotated[
        MarkStatus | None,  # type: ignore[valid-type]
        typer.Option(
            "--status",
            "-s",
            help="read, reading, to-read or skipped (kept as it is when left out).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", "-n", help="A note of your own; '' removes it.", show_default=False),
    ] = None,
    rating: Annotated[
        int | None,
        typer.Option(
            "--rating", "-r", min=1, max=5, help="Your rating, 1 to 5.", show_default=False
        ),
    ] = None,
    orphans: Annotated[
        bool,
        typer.Option(
            "--orphans",
            help="List the state kept for ids this catalog no longer has, instead of marking.",
        ),
    ] = False,
    fmt: FormatOption = "table",
    catalog: CatalogOption = None,
) -> None:
    """Mark records as read, reading, to-read or skipped, with a note and a rating.

    Your reading state is kept outside the catalog ($GENAI_STATE, else your
    user data folder), so a new catalog keeps what you have read. State for
    records a catalog no longer has is kept, never dropped: --orphans lists
    it, and 'genai unmark ID' forgets it.

    Examples: genai mark transformer-paper instructgpt-paper --status read ·
    genai mark lora --status to-read --note "before the QLoRA paper" ·
    genai mark qlora-paper --rating 5 · genai mark --orphans
    """
    from genai_catalog.errors import BadRequest

    loaded = open_catalog(ctx, catalog)
    if orphans:
        if record_ids or status is not None or note is not None or rating is not None:
            raise BadRequest("listing orphans takes no ids, status, note or rating")
        found = loaded.orphans()
        if fmt == "json":
            print_json([{"id": rid} | entry.plain() for rid, entry in found.items()])
            return
        if not found:
            print("No orphans: every record in your reading state is in the catalog.")
            return
        from genai_catalog.cli.render import orphans_table

        orphans_table(found)
        print(
            f"{len(found)} record(s) in your reading state are not in this catalog; "
            "they are kept ('genai unmark ID' forgets one).",
            file=sys.stderr,
        )
        return
    if not record_ids:
        raise BadRequest("give the ids of the records to mark, or --orphans")
    if status is None and note is None and rating is None:
        raise BadRequest("nothing to mark: give a --status, a --note or a --rating")
    marked = loaded.mark(
        record_ids, str(status) if status is not None else None, note=note, rating=rating
    )
    if fmt == "json":
        print_json([{"id": record["id"]} | entry.plain() for record, entry in marked])
        return
    from genai_catalog.cli.render import entry_text, progress_lines

    for record, entry in marked:
        print(f"{record['id']}: {entry_text(entry)}")
    # The progress of the lists these records are on (only those are resolved).
    touched = {c["id"]: c for record, _ in marked for c in loaded.collections_of(record["id"])}
    if touched:
        reading = loaded.reading()
        ordered = sorted(touched.values(), key=lambda c: (c["name"].casefold(), c["id"]))
        progress_lines([str(loaded.collection(c["id"]).progress(reading)) for c in ordered])
