"""genai import: the links of a markdown notes file, matched against the catalog."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from genai_catalog.cli.options import CatalogOption, FormatOption
from genai_catalog.cli.output import open_catalog, print_json, warning

if TYPE_CHECKING:
    from genai_catalog.catalog.authoring import Additions
    from genai_catalog.importers.matching import Finding

app = typer.Typer(add_completion=False)

# Notes files are text: past this they are something else.
MAX_BYTES = 32 * 1024 * 1024


@app.command(name="import")
def import_notes(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.md", help="A markdown notes file or awesome list.", dir_okay=False
        ),
    ],
    fmt: FormatOption = "table",
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Create a draft paper for every new arXiv id (fetched from the arXiv API, "
            "50 ids per query) and keep the file's structure as a reading list (a collection: "
            "its headings as sections, the records it links to as items); a second run skips "
            "what the first wrote.",
        ),
    ] = False,
    catalog: CatalogOption = None,
) -> None:
    """Report every link of a notes file and the record it matches: matched, new or ambiguous.

    Reads inline links, autolinks, bare URLs and HTML <a> tags, in headings,
    nested lists and tables. arXiv links match the paper with that id (any URL
    form); other links match a record holding the same URL, then one inside the
    same repository, then one whose name or alias the link text is. A link
    repeated in the file is one row with all its lines. Nothing is written
    without --write. JSON: one object per distinct link with url, line, lines,
    heading, text, arxiv, match, status and warning.

    Examples: genai import notes.md · genai import README.md --format json ·
    genai import awesome-llm.md --write --catalog my-catalog
    """
    from genai_catalog.importers.matching import findings
    from genai_catalog.importers.notes import links_in

    text = _read(file)
    loaded = open_catalog(ctx, catalog)
    found = findings(loaded, links_in(text))
    if write:
        from genai_catalog.catalog.authoring import Additions

        additions = Additions(loaded)
        _write_drafts(additions, found)
        _write_reading_list(additions, file, found)
    for finding in found:
        if finding.warning:
            warning(f"{file}:{finding.line}: {finding.warning}")
    if fmt == "json":
        print_json([f.to_json() for f in found])
    else:
        from genai_catalog.cli.render import table

        rows = [
            [str(f.line), f.status, f.match or ", ".join(f.candidates), f.kind, f.text, f.url]
            for f in found
        ]
        table(["line", "status", "match", "kind", "text", "url"], rows)
    print(_summary(found, wrote=write), file=sys.stderr)


def _read(file: Path) -> str:
    from genai_catalog.errors import BadRequest
    from genai_catalog.files.reading import read_regular

    try:
        data = read_regular(file, MAX_BYTES)
    except FileNotFoundError:
        raise BadRequest(f"{file} does not exist") from None
    except OSError as exc:
        raise BadRequest(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadRequest(f"{file} is not UTF-8 text (line {line})") from None


def _summary(found: list[Finding], *, wrote: bool = False) -> str:
    from collections import Counter

    counts = Counter(f.status for f in found)
    papers = sum(1 for f in found if f.status == "new" and f.arxiv)
    parts = [f"{counts[s]} {s}" for s in ("matched", "new", "ambiguous", "created") if counts[s]]
    hint = "not written, see the warnings above" if wrote else "add them with --write"
    new_papers = f"; {papers} new arXiv paper(s): {hint}" if papers else ""
    return f"{len(found)} distinct link(s): {', '.join(parts) or 'none'}{new_papers}"


def _write_drafts(additions: Additions, found: list[Finding]) -> None:
    """Draft papers for the new arXiv ids, batch by batch; what was written stays written."""
    from genai_catalog.errors import GenaiError
    from genai_catalog.importers import arxiv
    from genai_catalog.importers.matching import CREATED

    pending = {f.arxiv: f for f in found if f.status == "new" and f.arxiv}
    ids = [bare for bare in pending if additions.paper_with_arxiv(bare) is None]
    if not ids:
        return
    written = 0
    with _Bar(len(ids)) as bar:
        try:
            for bare, outcome in arxiv.write_drafts(additions, ids, done=bar.advance):
                finding = pending[bare]
                if isinstance(outcome, Path):
                    finding.status, finding.match = CREATED, outcome.stem
                    written += 1
                else:
                    warning(f"arXiv {bare}: {outcome}")
        except GenaiError:
            print(
                f"wrote {written} draft paper(s) before the error; run again to resume",
                file=sys.stderr,
            )
            raise
    print(f"wrote {written} draft paper(s) in {additions.root / 'papers'}", file=sys.stderr)


def _write_reading_list(additions: Additions, file: Path, found: list[Finding]) -> None:
    """The file's headings and the records it links to, as a collection (written once)."""
    from genai_catalog.drafts import unique_id
    from genai_catalog.files.yaml_write import dump_record
    from genai_catalog.importers.reading_list import list_id, reading_list

    existing = additions.root / "collections" / f"{list_id(file)}.yaml"
    if existing.exists():
        print(f"kept the reading list {existing} as it is", file=sys.stderr)
        return
    record_id = unique_id(list_id(file), additions.taken())
    record = reading_list(file, found, additions.kinds, record_id)
    if record is None:
        return
    path, _ = additions.add(dump_record(record))
    items = sum(len(section["items"]) for section in record["sections"])
    print(
        f"wrote the reading list {path}: {len(record['sections'])} section(s), {items} item(s)",
        file=sys.stderr,
    )


class _Bar:
    """A progress bar on stderr, on a terminal only."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _Bar:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Fetching from arXiv", total=self.total)
        return self

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, count)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
