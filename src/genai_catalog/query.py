"""Selecting records: filters for list and export, counts for stats and topics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from genai_catalog.errors import BadRequest, did_you_mean
from genai_catalog.graph import Graph, Record
from genai_catalog.model.kinds import FOLDERS, KINDS, normalize_kind

if TYPE_CHECKING:
    from genai_catalog.columns import Columns

SORT_KEYS = ("year", "name", "id", "kind")
_NO_YEAR_LAST = -10_000  # sorts a record without a year after every real one


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    topic: str | None = None
    year: int | None = None
    since: int | None = None
    until: int | None = None
    org: str | None = None
    drafts: bool = False  # only drafts: records still waiting for their summary
    sort: str = "name"


def check_kind(text: str | None) -> str | None:
    """A kind from user input, singular or plural; a clear error otherwise."""
    if text is None:
        return None
    kind = normalize_kind(text)
    if kind is None:
        choices = [*KINDS, *FOLDERS.values()]
        raise BadRequest(
            f"unknown kind {text!r}{did_you_mean(text.lower(), choices)}; "
            f"choose from {', '.join(KINDS)} (singular or plural)"
        )
    return kind


def check_topic(topic: str | None, topics: dict[str, str]) -> None:
    if topic is not None and topic not in topics:
        raise BadRequest(
            f"unknown topic {topic!r}{did_you_mean(topic, topics)}; "
            "the catalog's topics.yaml lists them"
        )


def select(
    graph: Graph,
    filters: Filters,
    keep: Callable[[Record], bool] | None = None,
    *,
    lazy: bool = False,
) -> list[Record]:
    """Records matching every filter (and ``keep``, when given), sorted.

    ``lazy`` (for callers that read records as mappings only) answers from the
    cache's columns when it has them: no record is decoded unless a field
    beyond id, kind, name, year, topics and organization is read.
    """
    if filters.sort not in SORT_KEYS:
        raise BadRequest(f"cannot sort by {filters.sort!r}; choose from {', '.join(SORT_KEYS)}")
    # Drafts are few and the columns do not say which: that filter reads records.
    if lazy and graph.columns is not None and not filters.drafts:
        kind = check_kind(filters.kind)
        found = _select_columns(graph, graph.columns, filters, kind)
        return [r for r in found if keep is None or keep(r)]
    else:
        test = matcher(filters)
        chosen = [r for r in graph if test(r) and (keep is None or keep(r))]
    return sort_records(chosen, filters.sort)


def matcher(filters: Filters) -> Callable[[Record], bool]:
    """A test for one record against every filter but the sort order."""
    kind = check_kind(filters.kind)
    org = filters.org.casefold() if filters.org else None

    def matches(record: Record) -> bool:
        if kind and record["kind"] != kind:
            return False
        if filters.topic and filters.topic not in record.get("topics", ()):
            return False
        year = record.get("year")
        if filters.year is not None and year != filters.year:
            return False
        if filters.since is not None and (year is None or year < filters.since):
            return False
        if filters.until is not None and (year is None or year > filters.until):
            return False
        if filters.drafts and not record.get("draft"):
            return False
        return not (org and org not in str(record.get("organization", "")).casefold())

    return matches


def _select_columns(
    graph: Graph, columns: Columns, filters: Filters, kind: str | None
) -> list[Any]:
    """``select`` over the columns: the same tests on the same values, in the same order.

    The columns keep the records' name order, so a list sorted by name needs no
    sort, and one sorted by anything else a stable sort on one integer.
    """
    from genai_catalog.columns import LazyRecord

    wanted = KINDS.index(kind) if kind else None
    org = filters.org.casefold() if filters.org else None
    years = columns.years
    chosen: list[int] = []
    for i in columns.order:
        if wanted is not None and columns.kinds[i] != wanted:
            continue
        if filters.topic and filters.topic not in columns.topics(i):
            continue
        year = years[i] or None
        if filters.year is not None and year != filters.year:
            continue
        if filters.since is not None and (year is None or year < filters.since):
            continue
        if filters.until is not None and (year is None or year > filters.until):
            continue
        if org and org not in columns.organization(i).casefold():
            continue
        chosen.append(i)
    # The keys of sort_records, less the name that already orders the list.
    if filters.sort == "year":
        chosen.sort(key=lambda i: -(years[i] or _NO_YEAR_LAST))
    elif filters.sort == "kind":
        chosen.sort(key=columns.kinds.__getitem__)
    elif filters.sort == "id":
        chosen.sort(key=columns.ids.__getitem__)
    return [LazyRecord(graph, columns, i) for i in chosen]


def sort_records(records: list[Record], key: str) -> list[Record]:
    from genai_catalog.columns import name_key

    if key == "year":
        # Newest first; records without a year go last.
        return sorted(records, key=lambda r: (-(r.get("year") or _NO_YEAR_LAST), name_key(r)))
    if key == "kind":
        order = {kind: i for i, kind in enumerate(KINDS)}
        return sorted(records, key=lambda r: (order[r["kind"]], name_key(r)))
    if key == "id":
        return sorted(records, key=lambda r: r["id"])
    return sorted(records, key=name_key)


def stats(graph: Graph) -> dict[str, Any]:
    """Counts by kind, topic and year, and how densely records are linked."""
    by_topic: Counter[str] = Counter()
    by_year: Counter[int] = Counter()
    links = 0
    for record in graph:
        by_topic.update(record.get("topics", ()))
        if record.get("year") is not None:
            by_year[record["year"]] += 1
        links += sum(1 for _ in graph.targets(record))
    return {
        "records": len(graph),
        "by_kind": graph.counts_by_kind(),
        "by_topic": dict(by_topic.most_common()),
        "by_year": dict(sorted(by_year.items())),
        "relations": links,
    }


def topic_counts(graph: Graph, topics: dict[str, str]) -> list[tuple[str, int, str]]:
    """(topic, records carrying it, description), in vocabulary order."""
    counts: Counter[str] = Counter()
    for record in graph:
        counts.update(record.get("topics", ()))
    return [(topic, counts[topic], description) for topic, description in topics.items()]
