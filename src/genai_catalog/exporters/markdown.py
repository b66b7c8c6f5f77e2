"""GitHub markdown tables, optionally a section per topic, year or kind.

A pipe or newline in a summary must not break a table, HTML must not reach a
rendered page raw, and only http(s) URLs become links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from genai_catalog.exporters import Job, Record, TimelineJob
from genai_catalog.model.kinds import record_urls
from genai_catalog.text import cell_text

_HTTP = re.compile(r"https?://[^\s/?#\\]")
# Characters a markdown link target must not carry raw: they would end the
# target, split the table row or start an escape or a code span.
_URL_UNSAFE = set("<>\"'()[]|\\`{}^")
# Runs of whitespace (line breaks of every kind among them) and control
# characters: in a table cell each becomes one space.
_CONTROLS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPECIALS = re.compile(r"([\\`*_\[\]|~])")


def safe_url(url: str) -> str | None:
    """``url`` ready for a markdown link target, or None unless it is http(s)."""
    if not _HTTP.match(url):
        return None
    return "".join(
        # surrogatepass: no file yields a lone surrogate, but any string may come here.
        "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        if char in _URL_UNSAFE or not char.isprintable() or char.isspace()
        else char
        for char in url
    )


def primary_url(record: Record) -> str | None:
    """The record's own page: its arXiv abstract, else its first http(s) address."""
    candidates = record_urls(record)
    if record.get("arxiv"):
        candidates.insert(0, f"https://arxiv.org/abs/{record['arxiv']}")
    for url in candidates:
        safe = safe_url(url)
        if safe:
            return safe
    return None


def escape(text: str) -> str:
    """Text for one table cell or heading: one line, no HTML, no markdown syntax."""
    text = _CONTROLS.sub(" ", text).strip()
    # Escaping HTML first leaves no raw "<" to start a tag or an autolink.
    text = html.escape(text, quote=False)
    # Markdown specials that could start links, emphasis, code spans or
    # strike-through, and the pipe that would split the cell.
    return _SPECIALS.sub(r"\\\1", text)


def cell(record: Record, column: str) -> str:
    text = escape(cell_text(record.get(column)))
    if column == "name":
        url = primary_url(record)
        if url:
            return f"[{text}]({url})"
    return text


def table(records: Sequence[Record], columns: list[str]) -> str:
    header = "| " + " | ".join(c.replace("_", " ").title() for c in columns) + " |"
    rule = "| " + " | ".join("---" for _ in columns) + " |"
    rows = ["| " + " | ".join(cell(r, c) for c in columns) + " |" for r in records]
    return "\n".join([header, rule, *rows]) + "\n"


def render(job: Job) -> str:
    columns = job.columns or job.default_columns()
    sections = job.sections()
    if job.collection is not None:
        # A reading list as the notes write one: its name, what it is, a table per section.
        record = job.collection.record
        parts = [f"# {escape(record['name'])}\n", f"{escape(record['summary'])}\n"]
        parts += [f"## {escape(title)}\n\n{table(rows, columns)}" for title, rows in sections]
        return "\n".join(parts)
    ((_, records),) = sections
    if job.group_by is None:
        return table(records, columns)
    parts = []
    for title, members in group(records, job.group_by, job.topics):
        parts.append(f"## {escape(title)}\n\n{table(members, columns)}")
    return "\n".join(parts)


def group(
    records: Sequence[Record], by: str, topics: dict[str, str]
) -> list[tuple[str, list[Record]]]:
    """Sections in a stable order: topics as in topics.yaml, years newest first."""
    sections: dict[Any, list[Record]] = {}
    for record in records:
        if by == "topic":
            keys: list[Any] = list(record.get("topics", [])) or ["(no topic)"]
        elif by == "year":
            keys = [record.get("year") or "(no year)"]
        else:
            keys = [record["kind"]]
        for key in keys:
            sections.setdefault(key, []).append(record)
    if by == "topic":
        order = {name: i for i, name in enumerate(topics)}
        ordered = sorted(sections, key=lambda k: (order.get(k, len(order)), str(k)))
    elif by == "year":
        ordered = sorted(sections, key=lambda k: -k if isinstance(k, int) else 1)
    else:
        ordered = sorted(sections)
    return [(str(key), sections[key]) for key in ordered]


def render_timeline(job: TimelineJob) -> str:
    """A section per year, oldest first: a table of dates, names (linked) and kinds."""
    parts = [f"# {escape(job.title)}\n"] if job.title else []
    years: dict[int, list[str]] = {}
    for entry in job.entries:
        row = f"| {entry.date} | {cell(entry.record, 'name')} | {entry.record['kind']} |"
        years.setdefault(entry.year, []).append(row)
    for year, rows in years.items():
        table_ = "\n".join(["| Date | Name | Kind |", "| --- | --- | --- |", *rows])
        parts.append(f"## {year}\n\n{table_}\n")
    return "\n".join(parts)
