"""genai add arxiv: a paper record from its arXiv id or any URL of it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from genai_catalog.cli.options import CatalogOption
from genai_catalog.cli.output import open_catalog, warning

if TYPE_CHECKING:
    from genai_catalog.catalog import Catalog
    from genai_catalog.catalog.authoring import Additions, Checked

app = typer.Typer(add_completion=False, no_args_is_help=True)

DRAFT_NOTE = (
    "a draft: write its summary in our own words, then remove 'draft: true' "
    "('genai list --drafts' lists drafts)"
)


@app.callback()
def add() -> None:
    """Add a record from an outside source: 'genai add arxiv 2305.14314'."""


def _split(values: list[str] | None) -> list[str]:
    """'a,b' and repeated options alike: ['a', 'b']."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


@app.command("arxiv")
def add_arxiv(
    ctx: typer.Context,
    paper: Annotated[
        str,
        typer.Argument(
            metavar="ID-OR-URL",
            help="2305.14314, 2305.14314v2, arXiv:2305.14314, an arxiv.org abs/pdf/html URL, "
            "a huggingface.co/papers URL, or an old-style id such as cs/0112017.",
        ),
    ],
    record_id: Annotated[
        str | None,
        typer.Option("--id", help="The record's id (default: from the title, like qlora-paper)."),
    ] = None,
    topics: Annotated[
        list[str] | None,
        typer.Option("--topics", "-t", help="Topics, comma-separated (see 'genai topics')."),
    ] = None,
    summary: Annotated[
        str | None,
        typer.Option("--summary", help="1-3 sentences in our own words (never the abstract)."),
    ] = None,
    builds_on: Annotated[
        list[str] | None,
        typer.Option("--builds-on", help="Papers it builds on: ids, names or aliases; repeatable."),
    ] = None,
    no_edit: Annotated[
        bool, typer.Option("--no-edit", help="Write a draft without opening an editor.")
    ] = False,
    catalog: CatalogOption = None,
) -> None:
    """Add a paper from arXiv: title, authors, year, venue and links come from the arXiv API.

    Without --summary, a terminal opens $EDITOR on the record with the abstract
    shown as a comment for reference; elsewhere (or with --no-edit) the paper is
    written as a draft that 'genai validate' warns about until it has a summary.
    A paper already in the catalog (any version or URL of it) exits with 9 and
    writes nothing. The arXiv API address is $GENAI_ARXIV_API when set.

    Examples: genai add arxiv https://arxiv.org/abs/2305.14314 --topics peft,quantization ·
    genai add arxiv 2106.09685 --id lora-paper --summary "…" --no-edit
    """
    from genai_catalog.catalog.authoring import Additions
    from genai_catalog.errors import AlreadyInCatalog, BadRequest, InvalidCatalog
    from genai_catalog.files.yaml_write import schema_header
    from genai_catalog.importers import arxiv
    from genai_catalog.model.ids import parse_arxiv

    parsed = parse_arxiv(paper)
    if parsed is None:
        raise BadRequest(
            f"{paper!r} is not an arXiv id or URL "
            "(like 2305.14314 or https://arxiv.org/abs/2305.14314)"
        )
    if summary is not None and not summary.strip():
        raise BadRequest("the summary is blank; write 1-3 sentences or leave it out")
    loaded = open_catalog(ctx, catalog)
    additions = Additions(loaded)
    existing = additions.paper_with_arxiv(parsed.id)
    if existing is not None:
        raise AlreadyInCatalog(
            f"arXiv {parsed.id} is already in the catalog: {existing} "
            f"({additions.path_of(existing)}); nothing was written",
            existing,
        )
    chosen_topics = _topics(loaded, _split(topics))
    bases = _papers(loaded, _split(builds_on))
    if record_id is not None:
        _check_id(additions, record_id)

    entry = arxiv.fetch_one(parsed.id)
    _warn_same_name(loaded, entry.title)
    if record_id is None:
        from genai_catalog.drafts import paper_id, unique_id

        record_id = unique_id(paper_id(entry.title), additions.taken())
    draft = arxiv.paper_draft(
        entry, record_id, summary=summary, topics=chosen_topics, builds_on=bases
    )
    header = schema_header("paper")
    checked: Checked | None = None
    if summary is None and not no_edit:
        from genai_catalog.cli import editor

        if editor.interactive() and editor.editor_command() is not None:
            from genai_catalog.drafts import editor_text

            checked = editor.edit_until_valid(
                editor_text(draft.record(), header, entry.abstract),
                f"{record_id}.yaml",
                lambda text: additions.check(text, abstract=entry.abstract),
                fallback="keep the draft without a summary",
            )
        elif editor.interactive():
            warning("no text editor was found (set $EDITOR); writing a draft instead")
    if checked is None:
        checked = additions.check(draft.to_yaml(header=header), abstract=entry.abstract)
    if not checked.ok:
        for problem in checked.errors:
            print(str(problem), file=sys.stderr)
        raise InvalidCatalog(
            f"the paper record has {len(checked.errors)} problem(s); nothing was written",
            checked.errors,
        )
    _write(additions, checked)


def _write(additions: Additions, checked: Checked) -> None:
    path = additions.write(checked)
    assert checked.record is not None
    note = f" ({DRAFT_NOTE})" if checked.record.get("draft") else ""
    typer.echo(f"wrote {path}{note}")


def _topics(loaded: Catalog, topics: list[str]) -> list[str]:
    from genai_catalog.query import check_topic

    for topic in topics:
        check_topic(topic, loaded.topics)
    return list(dict.fromkeys(topics))


def _papers(loaded: Catalog, names: list[str]) -> list[str]:
    from genai_catalog.errors import BadRequest

    ids = []
    for name in names:
        record = loaded.get(name)
        if record["kind"] != "paper":
            raise BadRequest(f"{record['id']!r} is a {record['kind']}; a paper builds on papers")
        ids.append(record["id"])
    return list(dict.fromkeys(ids))


def _check_id(additions: Additions, record_id: str) -> None:
    from genai_catalog.errors import BadRequest
    from genai_catalog.model.ids import is_slug, slug_hint

    if not is_slug(record_id):
        raise BadRequest(slug_hint(record_id))
    if record_id in additions.taken():
        where = additions.path_of(record_id)
        raise BadRequest(f"the id {record_id!r} is taken: {where}; choose another")


def _warn_same_name(loaded: Catalog, title: str) -> None:
    from genai_catalog.search import compact

    owners = [loaded.searcher.ids[i] for i in loaded.searcher.named(compact(title))]
    if owners:
        warning(f"{', '.join(owners)} already has the name {title!r}; is it the same paper?")
