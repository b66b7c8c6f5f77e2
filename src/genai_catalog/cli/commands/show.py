"""genai show: one record and its neighbourhood, in both directions; or a reading list."""

from __future__ import annotations

from typing import Any

import typer

from genai_catalog.cli.options import (
    CatalogOption,
    FormatOption,
    RecordIdArgument,
    StatusOption,
    status_value,
)
from genai_catalog.cli.output import open_catalog, print_json, reading_state

app = typer.Typer(add_completion=False)


@app.command()
def show(
    ctx: typer.Context,
    record_id: RecordIdArgument,
    status: StatusOption = None,
    fmt: FormatOption = "table",
    catalog: CatalogOption = None,
) -> None:
    """Show a record with every link to and from it, or a collection with its items.

    Links are shown from both ends: the LoRA paper lists what it introduces,
    though only the technique says where it was introduced. A record also
    shows the collections that list it and your reading status. A collection
    shows its sections in order and how far you have read ("Must Papers: 2 of
    8 read"); --status keeps the items with that status. An unknown id exits
    with 4 and suggests close ids.

    Examples: genai show qlora · genai show must-papers --status to-read
    """
    from genai_catalog.errors import BadRequest
    from genai_catalog.model.kinds import COLLECTION

    wanted = status_value(status)
    loaded = open_catalog(ctx, catalog)
    record = loaded.get(record_id)
    reading = reading_state(loaded, required=wanted is not None)
    if record["kind"] == COLLECTION:
        progress = loaded.collection(record["id"]).progress(reading)
        shown = loaded.collection(record["id"], status=wanted)
        if fmt == "json":
            print_json([_collection_json(loaded.with_links(record), shown, reading, progress)])
            return
        from genai_catalog.cli.render import collection_view

        statuses = {rid: e.status for rid, e in reading.entries.items()}
        collection_view(shown, progress, statuses, status=wanted)
        return
    if wanted is not None:
        raise BadRequest(
            f"a status keeps the items of a collection; {record['id']!r} is a {record['kind']}"
        )
    entry = reading.get(record["id"])
    if fmt == "json":
        # An array like every other command's JSON, so scripts parse one shape.
        data = loaded.with_links(record)
        print_json([data | {"reading": entry.plain() if entry is not None else None}])
        return
    from genai_catalog.cli.render import record_view

    record_view(record, loaded.neighbours(record["id"]), loaded.collections_of(record["id"]), entry)


def _collection_json(data: dict[str, Any], shown: Any, reading: Any, progress: Any) -> Any:
    """The collection with each item's kind, name, year and reading status filled in."""
    sections = []
    for section in shown.sections:
        items = []
        for item in section.items:
            record = item.record
            entry = reading.get(record["id"])
            items.append(
                {"id": record["id"], "kind": record["kind"], "name": record["name"]}
                | ({"year": record["year"]} if "year" in record else {})
                | ({"note": item.note} if item.note else {})
                | {"reading": entry.plain() if entry is not None else None}
            )
        sections.append({"title": section.title, "items": items})
    return data | {"sections": sections, "progress": progress.plain()}
