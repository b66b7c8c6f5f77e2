"""Exporters: one module per format, registered here by name.

The table below is the one place formats are declared: the CLI builds its
``--format`` choices and help from it, and imports a format's module only
when it is used. Three contracts:

- ``text``: ``render(job) -> str``, printed or written to a file;
- ``file``: ``write(job, dest, overwrite=...)``, a binary file such as SQLite;
- ``folder``: ``build(job, dest, ...)``, a folder such as the static site.

Every exporter must stay well-formed for any string a record may hold.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genai_catalog.errors import BadRequest, did_you_mean
from genai_catalog.model.kinds import FIELDS, FOLDERS

if TYPE_CHECKING:
    from genai_catalog.catalog import Catalog

Record = dict[str, Any]
DEFAULT_COLUMNS = ("name", "kind", "year", "topics", "summary")
GROUPS = ("topic", "year", "kind")
# Columns that are not record fields but come from elsewhere (personal state).
EXTRA_COLUMNS: tuple[str, ...] = ()


@dataclass(frozen=True)
class Format:
    name: str
    help: str
    output: str  # "text", "file" or "folder"
    columns: bool = False  # whether --columns narrows it
    in_list: bool = False  # also offered by `genai list`
    kinds: tuple[str, ...] = ()  # only records of these kinds (all if empty)

    @property
    def module(self) -> str:
        return f"genai_catalog.exporters.{self.name}"


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("markdown", "a GitHub markdown table (or a section per group)", "text", True, True),
        Format("csv", "comma-separated values, formula-safe for spreadsheets", "text", True, True),
        Format("json", "an array of whole records, one a line", "text", True, True),
        Format(
            "bibtex",
            "BibTeX entries for papers, for reference managers and LaTeX",
            "text",
            kinds=("paper",),
        ),
        Format("sqlite", "an SQLite database with full-text search, ready for Datasette", "file"),
    )
}


@dataclass
class Job:
    """What an exporter is asked to write."""

    records: list[Record]
    catalog: Catalog | None = None
    columns: list[str] | None = None
    group_by: str | None = None
    topics: dict[str, str] = field(default_factory=dict)


def names(output: str | None = None, *, in_list: bool = False) -> list[str]:
    return [
        f.name
        for f in FORMATS.values()
        if (output is None or f.output == output) and (f.in_list or not in_list)
    ]


def get(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        choices = ", ".join(FORMATS)
        raise BadRequest(
            f"unknown format {name!r}{did_you_mean(name, FORMATS)}; choose from {choices}"
        ) from None


def check_columns(fmt: Format, columns: list[str] | None, group_by: str | None) -> None:
    """Refuse options a format cannot honour, before any work is done."""
    if columns is not None:
        if not fmt.columns:
            raise BadRequest(f"the {fmt.name} format writes fixed fields; it takes no columns")
        for column in columns:
            if column not in FIELDS and column not in EXTRA_COLUMNS:
                known = ", ".join([*FIELDS, *EXTRA_COLUMNS])
                raise BadRequest(
                    f"unknown column {column!r}{did_you_mean(column, [*FIELDS, *EXTRA_COLUMNS])}; "
                    f"columns are record fields: {known}"
                )
    if group_by is not None:
        if fmt.name != "markdown":
            raise BadRequest("grouping into sections works with the markdown format only")
        if group_by not in GROUPS:
            raise BadRequest(f"cannot group by {group_by!r}; choose from {', '.join(GROUPS)}")


def applicable(fmt: Format, records: list[Record]) -> tuple[list[Record], int]:
    """The records ``fmt`` writes, and how many others it leaves out.

    Refuses a selection that holds records but none the format can write.
    """
    if not fmt.kinds:
        return records, 0
    kept = [r for r in records if r["kind"] in fmt.kinds]
    if records and not kept:
        raise BadRequest(
            f"the {fmt.name} format writes {kinds_text(fmt)} only, and none of the "
            f"{len(records)} selected records is a {' or a '.join(fmt.kinds)}"
        )
    return kept, len(records) - len(kept)


def kinds_text(fmt: Format) -> str:
    """'papers', 'papers and models': what a format restricted to some kinds writes."""
    return " and ".join(FOLDERS[kind] for kind in fmt.kinds)


def _narrowed(fmt: Format, job: Job) -> Job:
    records, skipped = applicable(fmt, job.records)
    if not skipped:
        return job
    return dataclasses.replace(job, records=records)


def _entry(fmt: Format, name: str) -> Callable[..., Any]:
    module = importlib.import_module(fmt.module)
    function: Callable[..., Any] = getattr(module, name)
    return function


def render(name: str, job: Job) -> str:
    """The records in a text format."""
    fmt = get(name)
    if fmt.output != "text":
        raise BadRequest(f"the {fmt.name} format writes a {fmt.output}; give an output path")
    check_columns(fmt, job.columns, job.group_by)
    text: str = _entry(fmt, "render")(_narrowed(fmt, job))
    return text


def write(name: str, job: Job, dest: Path, *, overwrite: bool = False) -> None:
    """The records in a file format (or a text format), written atomically to ``dest``."""
    fmt = get(name)
    check_columns(fmt, job.columns, job.group_by)
    if fmt.output == "text":
        from genai_catalog.files.atomic import write_atomic

        write_atomic(dest, render(name, job).encode("utf-8"), overwrite=overwrite)
    elif fmt.output == "file":
        _entry(fmt, "write")(_narrowed(fmt, job), dest, overwrite=overwrite)
    else:
        _entry(fmt, "build")(_narrowed(fmt, job), dest, overwrite=overwrite)
