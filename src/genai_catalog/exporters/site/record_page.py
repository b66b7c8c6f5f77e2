"""A record's page: every field, its links both ways, its neighbourhood, its links to the web."""

from __future__ import annotations

import json
from typing import Any

from genai_catalog.exporters.site import svg
from genai_catalog.exporters.site.context import Site
from genai_catalog.exporters.site.escape import attr, href, text
from genai_catalog.exporters.site.page import (
    blurb,
    collection_path,
    document,
    kind_path,
    record_path,
    topic_path,
    year_path,
)
from genai_catalog.graph import Record
from genai_catalog.model.kinds import FIELDS, RELATIONS, URL_FIELDS

ROOT = "../"
# Shown elsewhere on the page than the list of facts.
_PLACED = {"id", "kind", "name", "summary", "links", "notes", "draft", "sections", *RELATIONS}
_LISTS = {"aliases", "authors", "tasks", "metrics", "modality"}
_LABELS = {"arxiv": "arXiv", "open_weights": "Open weights", "url": "Web page", "repo": "Code"}


def label(field: str) -> str:
    return _LABELS.get(field, field.replace("_", " ").capitalize())


def plain(value: Any) -> str:
    """Any field value as readable, escaped text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (str, int, float)):
        return text(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return text(", ".join(str(v) for v in value))
    return text(json.dumps(value, ensure_ascii=False, default=str))


def external(url: Any, shown: Any = None) -> str:
    """A link to the web when ``url`` is http(s), else the address as inert text."""
    target = href(url)
    words = text(shown if shown is not None else url)
    if target is None:
        return f'{words} <span class="muted">(not linked: not an http(s) address)</span>'
    return f'<a href="{target}" rel="noopener noreferrer">{words}</a>'


def fact(site: Site, field: str, value: Any) -> str:
    if field == "year" and isinstance(value, int):
        return f'<a href="{ROOT}{year_path(value)}">{value}</a>'
    if field == "topics" and isinstance(value, list):
        return ", ".join(
            f'<a href="{ROOT}{topic_path(t)}">{text(t)}</a>' if isinstance(t, str) else plain(t)
            for t in value
        )
    if field == "arxiv" and isinstance(value, str):
        return external(f"https://arxiv.org/abs/{value}", f"arXiv:{value}")
    if field in URL_FIELDS:
        return external(value)
    if field in _LISTS and isinstance(value, list):
        return text(", ".join(str(v) for v in value))
    return plain(value)


def facts(site: Site, record: Record) -> str:
    order = [f for f in FIELDS if f in record] + sorted(k for k in record if k not in FIELDS)
    rows = [
        f"<dt>{text(label(field))}</dt><dd>{fact(site, field, record[field])}</dd>"
        for field in order
        if field not in _PLACED and record[field] not in (None, [], "")
    ]
    rows.insert(0, f"<dt>Id</dt><dd><code>{text(record['id'])}</code></dd>")
    return '<dl class="facts">\n' + "\n".join(rows) + "\n</dl>\n"


def _row(site: Site, link: dict[str, Any], arrow: str) -> str:
    target = site.href(link["id"], ROOT)
    name = text(link["name"])
    cell = (
        f'<a href="{attr(target)}">{name}</a>'
        if target
        else f'{name} <span class="muted">(not in this site)</span>'
    )
    return (
        f'<tr><th scope="row">{arrow} {text(link["label"])}</th><td>{cell}</td>'
        f"<td>{text(link['kind'])}</td></tr>"
    )


def _dangling(record: Record, linked: dict[str, Any]) -> list[str]:
    """References no record answers to (``validate`` reports them): shown, not dropped."""
    resolved = {(link["relation"], link["id"]) for link in linked["links_out"]}
    rows = []
    for field in RELATIONS:
        value = record.get(field)
        for target in value if isinstance(value, list) else [value] if value else []:
            if (field, target) not in resolved and target != record["id"]:
                rows.append(
                    f'<tr><th scope="row">→ {text(RELATIONS[field].label)}</th>'
                    f'<td>{text(target)} <span class="muted">(no such record)</span></td>'
                    "<td></td></tr>"
                )
    return rows


def relations(site: Site, record: Record, linked: dict[str, Any]) -> str:
    rows = [_row(site, link, "→") for link in linked["links_out"]]
    rows += _dangling(record, linked)
    rows += [_row(site, link, "←") for link in linked["links_in"]]
    if not rows:
        return '<h2 id="linked">Linked records</h2>\n<p class="muted">No links yet.</p>\n'
    picture = svg.neighbourhood(
        svg.Node(record["id"], record["name"], record["kind"]),
        [_node(link) for link in linked["links_in"]],
        [_node(link) for link in linked["links_out"]],
        lambda other: site.href(other, ROOT),
    )
    return (
        '<h2 id="linked">Linked records</h2>\n'
        '<p class="muted">→ written on this record · ← written on the other one</p>\n'
        '<table class="relations">\n<thead><tr><th scope="col">link</th>'
        '<th scope="col">record</th><th scope="col">kind</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
        f'<figure class="neighbourhood">{picture}'
        f"<figcaption>The neighbourhood of {text(record['name'])}: what links to it "
        "(left) and what it links to (right).</figcaption></figure>\n"
    )


def _node(link: dict[str, Any]) -> svg.Node:
    return svg.Node(link["id"], link["name"], link["kind"], link["label"])


def web_links(record: Record) -> str:
    links = record.get("links")
    if not isinstance(links, list) or not links:
        return ""
    items = []
    for link in links:
        if not isinstance(link, dict):
            continue
        kind = f' <span class="meta">{text(link["type"])}</span>' if link.get("type") else ""
        items.append(
            f"<li>{external(link.get('url'), link.get('label') or link.get('url'))}{kind}</li>"
        )
    return '<h2 id="web">Links</h2>\n<ul class="external">\n' + "\n".join(items) + "\n</ul>\n"


def sections(site: Site, record: Record) -> str:
    """A collection's ordered sections, when the record is one."""
    if record["id"] not in site.collection_ids:
        return ""
    return f'<p><a href="{ROOT}{collection_path(record["id"])}">The list, in order</a></p>\n'


def record_page(site: Site, record: Record) -> str:
    linked = site.with_links(record)
    kind = record["kind"]
    year = f" · {record['year']}" if isinstance(record.get("year"), int) else ""
    summary = record.get("summary")
    draft = (
        '<p class="draft">Draft: this record has no summary yet.</p>\n'
        if record.get("draft")
        else ""
    )
    lead = f'<p class="lead">{text(summary)}</p>\n' if isinstance(summary, str) else ""
    notes = record.get("notes")
    notes_html = (
        f'<h2 id="notes">Notes</h2>\n<div class="notes">{text(notes)}</div>\n'
        if isinstance(notes, str) and notes.strip()
        else ""
    )
    member = site.member_of.get(record["id"], [])
    lists = (
        '<p class="muted">In the lists: '
        + ", ".join(f'<a href="{ROOT}{collection_path(c.id)}">{text(c.name)}</a>' for c in member)
        + "</p>\n"
        if member
        else ""
    )
    body = (
        f'<article class="record kind-{attr(kind)}">\n<header>\n'
        f"<h1>{text(record['name'])}</h1>\n"
        f'<p><a class="kind-badge" href="{ROOT}{kind_path(kind)}">{text(kind)}</a>'
        f'<span class="meta">{year}</span></p>\n</header>\n'
        f"{draft}{lead}{lists}{sections(site, record)}{facts(site, record)}"
        f"{relations(site, record, linked)}{web_links(record)}{notes_html}"
        "</article>\n"
    )
    return document(
        site.chrome, record_path(record["id"]), record["name"], body, description=blurb(summary)
    )
