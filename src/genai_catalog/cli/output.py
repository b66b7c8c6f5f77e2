"""Opening the catalog for a command, and what every command prints besides its answer."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from genai_catalog.cli.app import state
from genai_catalog.cli.streams import utf8_output

if TYPE_CHECKING:
    from genai_catalog.catalog import Catalog
    from genai_catalog.errors import Problem
    from genai_catalog.lineage import Subgraph
    from genai_catalog.state import ReadingState


def open_catalog(ctx: typer.Context, path: Path | None, *, warn: bool = True) -> Catalog:
    """Load the catalog; each skipped file gets one warning line on stderr."""
    from genai_catalog import open_catalog as load

    with LoadProgress() as progress:
        catalog = load(path, use_cache=state(ctx).use_cache, progress=progress)
    if warn:
        for path_text, problems in catalog.rejected.items():
            first = problems[0]
            more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
            warning(f"skipped {path_text}: {located(first)}{more}")
        # What looks like a record but is not read is named, so nothing goes missing unseen.
        layout = [p for p in catalog.problems if p.is_error and p.line is None]
        for problem in layout[:_NAMED]:
            warning(f"{problem.path}: {problem.message}")
        errors = [p for p in catalog.problems if p.is_error and p not in layout[:_NAMED]]
        if errors:
            warning(
                f"the catalog has {len(errors)} other problem(s); run 'genai validate' to list them"
            )
    return catalog


_NAMED = 5


def reading_state(catalog: Catalog, *, required: bool) -> ReadingState:
    """The reading state; where it only adds to the answer, a broken file is a warning."""
    from genai_catalog.errors import StateError
    from genai_catalog.state import ReadingState

    if required:
        return catalog.reading()
    try:
        return catalog.reading()
    except StateError as exc:
        warning(f"reading state not shown: {exc}")
        return ReadingState(None, {})


def located(problem: Problem) -> str:
    line = f"line {problem.line}: " if problem.line else ""
    field = f"{problem.field}: " if problem.field else ""
    return f"{line}{field}{problem.message}"


def warning(message: str) -> None:
    from genai_catalog.errors import one_line

    print(f"warning: {one_line(message)}", file=sys.stderr)


def print_json(data: Any) -> None:
    """One object indented for reading; a list as one compact record a line.

    On an output that cannot carry UTF-8, non-ASCII text is written as JSON
    escapes: the document stays valid and loses nothing.
    """
    ascii_only = not utf8_output()
    if isinstance(data, list):
        from genai_catalog.exporters.json import json_array

        sys.stdout.write(json_array(data, ascii_only=ascii_only))
        return
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=ascii_only) + "\n")


class LoadProgress:
    """A progress bar on stderr, shown only on a terminal and only once a load is slow.

    It is redrawn on each report, never by a thread of its own: while another
    thread runs, the load may not fork (``forks.cores``), and its search index
    would be built in this process rather than beside it. It goes away once
    every file is read.
    """

    DELAY_S = 1.0

    def __init__(self, description: str = "Loading catalog") -> None:
        self.description = description
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> LoadProgress:
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            slow = time.monotonic() - self.started >= self.DELAY_S
            if done >= total or not slow or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True, auto_refresh=False)
            self.bar.start()
            self.task = self.bar.add_task(self.description, total=total)
        self.bar.update(self.task, completed=done, refresh=True)
        if done >= total:
            self._stop()

    def __exit__(self, *exc: object) -> None:
        self._stop()

    def _stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def emit(text: str, output: Path | None, *, force: bool = False) -> None:
    """Text to stdout, or written atomically to ``output`` (replaced only with ``force``)."""
    if output is None:
        sys.stdout.write(text)
        return
    from genai_catalog.files.atomic import write_atomic

    write_atomic(output, text.encode("utf-8"), overwrite=force)
    print(f"wrote {output}", file=sys.stderr)


def emit_graph(name: str, found: Subgraph, output: Path | None, *, force: bool = False) -> None:
    """A subgraph in one of the formats that need links, to stdout or a file."""
    from genai_catalog import exporters

    job = exporters.GraphJob(found, ascii_only=output is None and not utf8_output())
    emit(exporters.render_graph(name, job), output, force=force)
