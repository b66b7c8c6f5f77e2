"""Adding records to a loaded catalog: each new file is checked as the loader and
``validate`` would check it, then written atomically, never over an existing file.

One ``Additions`` serves a whole run, so that ten papers added by one import
cannot take the same id or arXiv id as each other either.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genai_catalog.catalog.checks import check_one
from genai_catalog.errors import InvalidCatalog, Problem
from genai_catalog.files.atomic import write_atomic
from genai_catalog.files.layout import display_path
from genai_catalog.files.record_files import load_text
from genai_catalog.files.yaml_write import dump_record, schema_header
from genai_catalog.model.kinds import FOLDERS

if TYPE_CHECKING:
    from genai_catalog.catalog.facade import Catalog

NEW = "(new record)"


@dataclass
class Checked:
    """A new record's text, checked: the record, where it goes, what is wrong with it."""

    record: dict[str, Any] | None
    rel: str | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return self.record is not None and not self.errors

    def text(self) -> str:
        """The record in the canonical form, with its schema header."""
        assert self.record is not None
        return dump_record(self.record, header=schema_header(self.record["kind"]))


class Additions:
    """New records for one catalog, each checked against it and against each other."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.root = catalog.root
        self.kinds: dict[str, str] = {}
        self.arxiv: dict[str, str] = {}
        for record in catalog:
            self.kinds[record["id"]] = record["kind"]
            if record.get("arxiv"):
                self.arxiv[record["arxiv"]] = record["id"]

    # ---- questions

    def paper_with_arxiv(self, bare: str) -> str | None:
        """The id of the record that has this bare arXiv id, if any."""
        return self.arxiv.get(bare)

    def path_of(self, record_id: str) -> str:
        """Where a record of this catalog is, as messages show it."""
        kind = self.kinds.get(record_id)
        rel = f"{FOLDERS[kind]}/{record_id}.yaml" if kind else self._file_taken(record_id)
        return display_path(self.root, rel or record_id)

    def taken(self) -> _Taken:
        """Every id a new record may not have: records, and files that did not load."""
        return _Taken(self)

    def _file_taken(self, record_id: str) -> str | None:
        for folder in FOLDERS.values():
            rel = f"{folder}/{record_id}.yaml"
            if os.path.lexists(self.root / rel):
                return rel
        return None

    # ---- checking and writing

    def check(self, text: str, *, abstract: str | None = None) -> Checked:
        """A new record's text checked as a file of this catalog would be."""
        from genai_catalog.drafts import summary_problem

        result = load_text(text, NEW)
        record = result.record
        if record is None:
            return Checked(None, None, result.problems)
        rel = f"{FOLDERS[record['kind']]}/{record['id']}.yaml"
        path = display_path(self.root, rel)
        result.rel, result.path = rel, path
        problems = [dataclasses.replace(p, path=path) for p in result.problems]
        existing = record["id"] in self.kinds and self.path_of(record["id"])
        clash = existing or (
            (found := self._file_taken(record["id"])) and display_path(self.root, found)
        )
        if clash:
            problems.append(
                Problem(
                    path, *result.where("id"), "id", f"the id {record['id']!r} is taken: {clash}"
                )
            )
        kinds = {**self.kinds, record["id"]: record["kind"]}
        problems += check_one(result, kinds, self.catalog.topics, self.arxiv)
        if abstract and record.get("summary"):
            copied = summary_problem(record["summary"], abstract)
            if copied:
                problems.append(Problem(path, *result.where("summary"), "summary", copied))
        return Checked(record, rel, problems)

    def write(self, checked: Checked, text: str | None = None) -> Path:
        """Write a checked record as a new file; refuses one with errors or a taken name.

        The file holds the canonical form, or ``text`` itself when given (the text
        that was checked, comments and all: a scaffold to fill in).
        """
        if not checked.ok or checked.record is None or checked.rel is None:
            raise InvalidCatalog(
                f"the new record has {len(checked.errors)} problem(s); nothing was written",
                checked.errors,
            )
        target = self.root / checked.rel
        target.parent.mkdir(exist_ok=True)
        data = (checked.text() if text is None else text).encode("utf-8")
        write_atomic(target, data, overwrite=False)
        record = checked.record
        self.kinds[record["id"]] = record["kind"]
        if record.get("arxiv"):
            self.arxiv[record["arxiv"]] = record["id"]
        return target

    def add(self, text: str, *, abstract: str | None = None) -> tuple[Path, Checked]:
        """Check and write in one step; ``InvalidCatalog`` lists the problems."""
        checked = self.check(text, abstract=abstract)
        return self.write(checked), checked


class _Taken:
    """``in`` for ids: those of records, and those of files that exist but did not load."""

    def __init__(self, additions: Additions) -> None:
        self.additions = additions

    def __contains__(self, record_id: object) -> bool:
        if not isinstance(record_id, str):
            return False
        return (
            record_id in self.additions.kinds or self.additions._file_taken(record_id) is not None
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self.additions.kinds)
