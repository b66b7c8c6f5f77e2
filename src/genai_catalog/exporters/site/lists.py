"""Pages that list records: the index with its search, and a page per kind, topic, year, list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from genai_catalog.exporters.site.collections import Collection
from genai_catalog.exporters.site.context import Site
from genai_catalog.exporters.site.escape import attr, text
from genai_catalog.exporters.site.page import (
    SITE_NAME,
    collection_path,
    document,
    kind_path,
    kind_title,
    record_item,
    topic_path,
    year_path,
)
from genai_catalog.graph import Record
from genai_catalog.model.kinds import KINDS

SEARCH_SCRIPT = "search-index.js"


@dataclass
class Counts:
    """How many records of the site have each kind, topic and year."""

    kinds: dict[str, int]
    topics: dict[str, int]
    years: dict[int | None, int]

    @classmethod
    def of(cls, records: Sequence[Record], vocabulary: dict[str, str]) -> Counts:
        kinds: Counter[str] = Counter(r["kind"] for r in records)
        topics: Counter[str] = Counter(t for r in records for t in r.get("topics") or ())
        years: Counter[int | None] = Counter(
            r.get("year") if isinstance(r.get("year"), int) else None for r in records
        )
        kind_order = {kind: i for i, kind in enumerate(KINDS)}
        topic_order = {topic: i for i, topic in enumerate(vocabulary)}
        return cls(
            kinds={k: kinds[k] for k in sorted(kinds, key=lambda k: (kind_order.get(k, 99), k))},
            topics={
                t: topics[t]
                for t in sorted(topics, key=lambda t: (topic_order.get(t, len(topic_order)), t))
            },
            years={y: years[y] for y in sorted(years, key=_newest_first)},
        )


def _newest_first(year: int | None) -> tuple[int, int]:
    return (1, 0) if year is None else (0, -year)


def _year_title(year: int | None) -> str:
    return str(year) if year is not None else "Year unknown"


def by_name(records: Iterable[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (str(r["name"]).casefold(), r["id"]))


def groups_html(groups: Sequence[tuple[str, str, list[Record]]], root: str, *, kinds: bool) -> str:
    parts = []
    for anchor, title, members in groups:
        parts.append(
            f'<h2 id="{attr(anchor)}">{text(title)} '
            f'<span class="meta">({len(members)})</span></h2>\n'
            '<ul class="records">\n'
            + "".join(record_item(r, root, show_kind=kinds) for r in by_name(members))
            + "</ul>\n"
        )
    return "".join(parts)


def _by_kind(records: Sequence[Record]) -> list[tuple[str, str, list[Record]]]:
    found: dict[str, list[Record]] = {}
    for record in records:
        found.setdefault(record["kind"], []).append(record)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return [
        (f"kind-{kind}", kind_title(kind), found[kind])
        for kind in sorted(found, key=lambda k: (order.get(k, 99), k))
    ]


def _by_year(records: Sequence[Record]) -> list[tuple[str, str, list[Record]]]:
    found: dict[int | None, list[Record]] = {}
    for record in records:
        year = record.get("year")
        found.setdefault(year if isinstance(year, int) else None, []).append(record)
    return [
        (f"year-{year or 'unknown'}", _year_title(year), found[year])
        for year in sorted(found, key=_newest_first)
    ]


def kind_page(site: Site, kind: str, members: list[Record]) -> str:
    title = kind_title(kind)
    body = (
        f'<h1>{text(title)}</h1>\n<p class="muted">{len(members):,} records, newest first.</p>\n'
        + groups_html(_by_year(members), "../", kinds=False)
    )
    return document(site.chrome, kind_path(kind), title, body)


def topic_page(site: Site, topic: str, members: list[Record]) -> str:
    description = site.topics.get(topic, "")
    about = f'<p class="lead">{text(description)}</p>\n' if description else ""
    body = (
        f"<h1>Topic: {text(topic)}</h1>\n{about}"
        f'<p class="muted">{len(members):,} records.</p>\n'
        + groups_html(_by_kind(members), "../", kinds=False)
    )
    return document(site.chrome, topic_path(topic), f"Topic {topic}", body, description=description)


def year_page(site: Site, year: int | None, members: list[Record]) -> str:
    title = _year_title(year)
    body = (
        f'<h1>{text(title)}</h1>\n<p class="muted">{len(members):,} records.</p>\n'
        + groups_html(_by_kind(members), "../", kinds=False)
    )
    return document(site.chrome, year_path(year), title, body)


def collection_page(site: Site, collection: Collection) -> str:
    root = "../"
    parts = [f"<h1>{text(collection.name)}</h1>\n"]
    if collection.summary:
        parts.append(f'<p class="lead">{text(collection.summary)}</p>\n')
    by_id = {r["id"]: r for r in site.records}
    parts.append('<div class="sections">\n')
    for section in collection.sections:
        if section.title:
            parts.append(f"<h2>{text(section.title)}</h2>\n")
        parts.append("<ol>\n")
        for item in section.items:
            record = by_id.get(item.id)
            target = site.href(item.id, root)
            if record is not None and target is not None:
                year = f" · {record['year']}" if isinstance(record.get("year"), int) else ""
                entry = (
                    f'<a href="{attr(target)}">{text(record["name"])}</a> '
                    f'<span class="meta">{text(record["kind"])}{year}</span>'
                )
            else:
                entry = f'{text(item.id)} <span class="muted">(not in this site)</span>'
            note = f'<p class="blurb">{text(item.note)}</p>' if item.note else ""
            parts.append(f"<li>{entry}{note}</li>\n")
        parts.append("</ol>\n")
    parts.append("</div>\n")
    return document(
        site.chrome, collection_path(collection.id), collection.name, "".join(parts),
        description=collection.summary or None,
    )  # fmt: skip


def _chip(url: str, name: str, count: int, tip: str) -> str:
    title = f' title="{attr(tip)}"' if tip else ""
    return (
        f'<li><a href="{attr(url)}"{title}>{text(name)} '
        f'<span class="count">{count:,}</span></a></li>\n'
    )


def _chips(items: Iterable[tuple[str, str, int, str]]) -> str:
    return '<ul class="chips">\n' + "".join(_chip(*item) for item in items) + "</ul>\n"


def _options(items: Iterable[tuple[str, str]]) -> str:
    return "".join(f'<option value="{attr(v)}">{text(label)}</option>' for v, label in items)


def index_page(site: Site, counts: Counts) -> str:
    n = len(site.records)
    kinds = ", ".join(kind_title(k).lower() for k in counts.kinds)
    search = (
        '<form id="search" class="search" role="search" action="index.html" method="get">\n'
        '<div class="query"><label for="q">Search by name, alias, acronym or summary words '
        "(typos are fine)</label>"
        '<input id="q" name="q" type="search" autocomplete="off" spellcheck="false" '
        'placeholder="qlora, chain of thought, cot…" aria-controls="results" '
        'aria-describedby="search-help"></div>\n<div class="filters">\n'
        '<div><label for="filter-kind">Kind</label><select id="filter-kind" name="kind">'
        '<option value="">all kinds</option>'
        + _options((k, f"{kind_title(k)} ({c:,})") for k, c in counts.kinds.items())
        + '</select></div>\n<div><label for="filter-topic">Topic</label>'
        '<select id="filter-topic" name="topic"><option value="">all topics</option>'
        + _options((t, f"{t} ({c:,})") for t, c in counts.topics.items())
        + '</select></div>\n<div><label for="filter-year">Year</label>'
        '<select id="filter-year" name="year"><option value="">all years</option>'
        + _options(
            (str(y) if y is not None else "unknown", f"{_year_title(y)} ({c:,})")
            for y, c in counts.years.items()
        )
        + "</select></div>\n</div>\n"
        '<p id="search-help" class="muted">Press <kbd>/</kbd> to search from any page, '
        "<kbd>↓</kbd> and <kbd>↑</kbd> to move through the results, <kbd>Enter</kbd> to open "
        "the first one, <kbd>Esc</kbd> to clear.</p>\n</form>\n"
        '<p id="status" class="muted" role="status" aria-live="polite"></p>\n'
        '<ol id="results" class="results"></ol>\n'
        '<p><button id="more" type="button" hidden>Show more</button></p>\n'
        "<noscript><p>The search needs JavaScript; every record is also reachable from the "
        "lists below.</p></noscript>\n"
    )
    browse = (
        '<section id="browse" aria-labelledby="browse-h">\n<h2 id="browse-h">Browse</h2>\n'
        "<h3>By kind</h3>\n"
        + _chips((kind_path(k), kind_title(k), c, "") for k, c in counts.kinds.items())
        + "<h3>By topic</h3>\n"
        + _chips((topic_path(t), t, c, site.topics.get(t, "")) for t, c in counts.topics.items())
        + "<h3>By year</h3>\n"
        + _chips((year_path(y), _year_title(y), c, "") for y, c in counts.years.items())
    )
    if site.chrome.has_evolution:
        browse += (
            '<h3>Model evolution</h3>\n<p><a href="evolution.html">The evolution tree of '
            "models</a>: which model was derived from which, by year.</p>\n"
        )
    browse += "</section>\n"
    lists = ""
    if site.collections:
        lists = (
            '<section id="collections" aria-labelledby="collections-h">\n'
            '<h2 id="collections-h">Collections</h2>\n<ul class="records">\n'
            + "".join(
                f'<li><a href="{collection_path(c.id)}">{text(c.name)}</a>'
                + (f'<p class="blurb">{text(c.summary)}</p>' if c.summary else "")
                + "</li>\n"
                for c in site.collections
            )
            + "</ul>\n</section>\n"
        )
    body = (
        f"<h1>{SITE_NAME}</h1>\n"
        f'<p class="lead">{n:,} records of Generative AI ({text(kinds)}), each linked to '
        "what it builds on and what builds on it.</p>\n" + search + browse + lists
    )
    return document(
        site.chrome, "index.html", SITE_NAME, body, scripts=(SEARCH_SCRIPT,), body_class="home",
        description=f"A searchable catalog of {n:,} Generative AI records.",
    )  # fmt: skip
