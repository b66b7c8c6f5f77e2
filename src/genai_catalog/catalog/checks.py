"""Checks that need the whole catalog: unique ids, topics, references, arXiv ids,
and the items of collections.

Problems found here do not drop a record from queries (the graph ignores a
reference it cannot resolve); they fail ``validate``. Nothing here depends on
the date, so the results can be cached.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from genai_catalog.errors import WARNING, Problem, Suggester
from genai_catalog.files.record_files import FileResult
from genai_catalog.model.ids import arxiv_problem
from genai_catalog.model.kinds import COLLECTION, RELATIONS


def unique_records(results: list[FileResult]) -> tuple[list[FileResult], list[Problem]]:
    """Keep the first file of each id; a second file with the same id is an error."""
    first: dict[str, FileResult] = {}
    problems: list[Problem] = []
    for result in results:
        if result.record is None:
            continue
        rid = result.record["id"]
        if rid in first:
            problems.append(
                Problem(
                    result.path,
                    *result.where("id"),
                    "id",
                    f"duplicate id {rid!r}: {first[rid].path} has it too; ids are unique "
                    "across all kinds",
                )
            )
            continue
        first[rid] = result
    return list(first.values()), problems


def check_catalog(
    results: list[FileResult],
    topics: dict[str, str] | None,
    broken: dict[str, str] | None = None,
    rejected: Sequence[FileResult] = (),
) -> list[Problem]:
    """Topics, references and arXiv ids, over records that passed their own file checks.

    ``broken`` maps the file-name id of each rejected file to its path, so that a
    reference to it says where the real problem is instead of "no such id".
    ``rejected`` files get their topics and references checked too, as far as
    their data has the right shape: validate reports every problem in one run.
    ``topics`` is None when the vocabulary could not be read: topics go unchecked.
    """
    kinds = {r.record["id"]: r.record["kind"] for r in results if r.record is not None}
    # Built once: a rename that missed its users can leave hundreds of dangling ids.
    ids, topic_names = _Lazy(kinds), _Lazy(topics or {})
    problems: list[Problem] = []
    for result in rejected:
        if isinstance(result.raw, dict):
            part = _well_formed_part(result.raw)
            problems.extend(_check_topics(result, part, topics, topic_names))
            problems.extend(_check_references(result, part, kinds, broken or {}, ids))
            problems.extend(_check_items(result, part, kinds, broken or {}, ids))
    arxiv_seen: dict[str, tuple[str, str]] = {}  # bare arXiv id: (record id, path)
    for result in results:
        record = result.record
        if record is None:
            continue
        problems.extend(_check_topics(result, record, topics, topic_names))
        problems.extend(_check_references(result, record, kinds, broken or {}, ids))
        problems.extend(_check_items(result, record, kinds, broken or {}, ids))
        problems.extend(_draft_warning(result))
        arxiv = record.get("arxiv")
        if arxiv is None:
            continue
        message = arxiv_problem(arxiv)
        # The schema refuses version suffixes, so one paper has one spelling.
        if message is None and arxiv in arxiv_seen:
            other_id, other_path = arxiv_seen[arxiv]
            message = (
                f"arXiv {arxiv} is already the paper {other_id!r} ({other_path}); "
                "a paper has one record"
            )
        if message is not None:
            problems.append(Problem(result.path, *result.where("arxiv"), "arxiv", message))
        else:
            arxiv_seen[arxiv] = (record["id"], result.path)
    return problems


def check_one(
    result: FileResult, kinds: dict[str, str], topics: dict[str, str], arxiv: dict[str, str]
) -> list[Problem]:
    """The catalog-wide rules for one new record: topics, references, items, its arXiv id.

    ``kinds`` maps every id of the catalog (this record's too) to its kind, and
    ``arxiv`` every bare arXiv id to the record that has it.
    """
    record = result.record
    if record is None:
        return []
    problems = _check_topics(result, record, topics, _Lazy(topics))
    ids = _Lazy(kinds)
    problems += _check_references(result, record, kinds, {}, ids)
    problems += _check_items(result, record, kinds, {}, ids)
    problems += _draft_warning(result)
    bare = record.get("arxiv")
    if bare is not None:
        message = arxiv_problem(bare)
        if message is None and arxiv.get(bare, record["id"]) != record["id"]:
            message = f"arXiv {bare} is already the paper {arxiv[bare]!r}; a paper has one record"
        if message is not None:
            problems.append(Problem(result.path, *result.where("arxiv"), "arxiv", message))
    return problems


def _draft_warning(result: FileResult) -> list[Problem]:
    if result.record is None or not result.record.get("draft"):
        return []
    return [
        Problem(
            result.path,
            *result.where("draft"),
            "draft",
            "is a draft: write its summary in our own words, then remove 'draft: true'",
            WARNING,
        )
    ]


_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def _well_formed_part(raw: dict[str, Any]) -> dict[str, Any]:
    """What a refused record's topics and references would be; malformed parts are
    left out, as the schema has already reported them."""

    def slugs(value: Any) -> list[str | None]:
        # None keeps each item's position, so that problems point at the right column.
        items = value if isinstance(value, list) else [value]
        return [v if isinstance(v, str) and _SLUG.fullmatch(v) else None for v in items]

    part: dict[str, Any] = {
        "id": raw.get("id") if isinstance(raw.get("id"), str) else "",
        "kind": raw.get("kind") if isinstance(raw.get("kind"), str) else "",
        "topics": slugs(raw.get("topics", [])),
    }
    for name in RELATIONS:
        if name in raw:
            part[name] = slugs(raw[name])
    if part["kind"] == COLLECTION and isinstance(raw.get("sections"), list):
        part["sections"] = [_well_formed_section(section) for section in raw["sections"]]
    return part


def _well_formed_section(section: Any) -> dict[str, Any]:
    if not isinstance(section, dict):
        return {"title": None, "items": []}
    title = section.get("title") if isinstance(section.get("title"), str) else None
    items = section.get("items")
    if not isinstance(items, list):
        items = []
    ids = [item.get("id") if isinstance(item, dict) else item for item in items]
    return {
        "title": title,
        "items": [{"id": i if isinstance(i, str) and _SLUG.fullmatch(i) else None} for i in ids],
    }


class _Lazy:
    """A did-you-mean helper built on first use: a clean catalog never needs one."""

    def __init__(self, choices: dict[str, str]) -> None:
        self._choices = choices
        self._suggester: Suggester | None = None

    def hint(self, word: str) -> str:
        if self._suggester is None:
            self._suggester = Suggester(self._choices)
        return self._suggester.hint(word)


def _check_topics(
    result: FileResult, record: dict[str, Any], topics: dict[str, str] | None, names: _Lazy
) -> list[Problem]:
    if topics is None:
        return []  # the vocabulary could not be read; that problem is reported on its own
    problems = []
    for i, topic in enumerate(record.get("topics", [])):
        if topic is not None and topic not in topics:
            problems.append(
                Problem(
                    result.path,
                    *result.where(f"topics.{i}", "topics"),
                    "topics",
                    f"unknown topic {topic!r}{names.hint(topic)}; topics are listed in topics.yaml",
                )
            )
    return problems


def _check_references(
    result: FileResult,
    record: dict[str, Any],
    kinds: dict[str, str],
    broken: dict[str, str],
    ids: _Lazy,
) -> list[Problem]:
    problems = []
    for relation in RELATIONS.values():
        value = record.get(relation.field)
        if value is None:
            continue
        targets = value if isinstance(value, list) else [value]
        for i, target in enumerate(targets):
            if target is None:
                continue  # malformed, and the schema said so
            line, col = result.where(f"{relation.field}.{i}", relation.field)
            message = None
            if target == record["id"]:
                message = "a record cannot refer to itself"
            elif target not in kinds:
                message = _unresolved(target, broken, ids)
            elif kinds[target] == COLLECTION:
                message = (
                    f"{target!r} is a collection; links point at records, not at lists of them"
                )
            elif not relation.allows(record["kind"], kinds[target]):
                allowed = (
                    record["kind"] if relation.same_kind else " or ".join(sorted(relation.targets))
                )
                message = f"{target!r} is a {kinds[target]}, but {relation.field} takes a {allowed}"
            if message:
                problems.append(Problem(result.path, line, col, relation.field, message))
    return problems


def _unresolved(target: str, broken: dict[str, str], ids: _Lazy) -> str:
    """Why an id names no record: its file is broken, or nothing has it (did you mean…)."""
    if target in broken:
        return f"{target!r} is in {broken[target]}, which has problems of its own"
    return f"no record has the id {target!r}{ids.hint(target)}"


def _check_items(
    result: FileResult,
    record: dict[str, Any],
    kinds: dict[str, str],
    broken: dict[str, str],
    ids: _Lazy,
) -> list[Problem]:
    """A collection's items resolve to records, once per section; titles are unique.

    Collections do not nest: a list of lists would make "2 of 8 read" ambiguous
    and could loop, and a section already groups what a sub-list would.
    """
    problems = []
    titles: dict[str, int] = {}
    for s, section in enumerate(record.get("sections", [])):
        title = section.get("title")
        if title is not None and title in titles:
            problems.append(
                Problem(
                    result.path,
                    *result.where(f"sections.{s}.title", f"sections.{s}"),
                    f"sections.{s}.title",
                    f"section {titles[title] + 1} is already called {title!r}; "
                    "titles are unique within a collection",
                )
            )
        elif title is not None:
            titles[title] = s
        seen: dict[str, int] = {}
        for i, item in enumerate(section.get("items", [])):
            target = item.get("id")
            if target is None:
                continue  # malformed, and the schema said so
            where = f"sections.{s}.items.{i}"
            message = None
            if target in seen:
                message = (
                    f"{target!r} is already item {seen[target] + 1} of this section; "
                    "an item appears once per section"
                )
            elif target == record["id"]:
                message = "a collection cannot list itself"
            elif target not in kinds:
                message = _unresolved(target, broken, ids)
            elif kinds[target] == COLLECTION:
                message = (
                    f"{target!r} is a collection; collections list records, not other "
                    "collections (use a section instead)"
                )
            seen.setdefault(target, i)
            if message:
                line, col = result.where(f"{where}.id", where)
                if line is None:
                    line, col = result.where(f"sections.{s}", "sections")
                problems.append(Problem(result.path, line, col, where, message))
    return problems
