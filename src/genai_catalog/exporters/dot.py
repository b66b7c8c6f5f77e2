"""Graphviz DOT: records as boxes, typed links as labelled arrows.

Every id and label is a quoted DOT string with its backslashes and quotes
escaped, so no record text can end a string, start an attribute or a
statement, or become one of Graphviz's label escapes (``\\N``, ``\\l``). An
ampersand is written as ``&amp;``: Graphviz reads entities in labels, and a
name should show as it is written.
"""

from __future__ import annotations

import unicodedata

from genai_catalog.exporters import GraphJob
from genai_catalog.exporters.mermaid import KIND_COLOURS

_FONT = "Helvetica"


def quoted(value: str) -> str:
    """``value`` as one DOT string: quoted, escaped, on one line."""
    chars = []
    for char in value:
        category = unicodedata.category(char)
        if category.startswith("Z") or char in "\t\n\r\v\f\x85":
            chars.append(" ")
        elif not category.startswith("C"):
            chars.append(char)
    flat = " ".join("".join(chars).split())
    escaped = flat.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return f'"{escaped}"'


def render_graph(job: GraphJob) -> str:
    graph = job.graph
    lines = [
        "digraph genai {",
        # A family reads with time going down, links pointing up at what a record derives from.
        f'    graph [rankdir={"BT" if graph.by_year else "LR"}, fontname="{_FONT}"];',
        f'    node [shape=box, style="rounded,filled", fontname="{_FONT}"];',
        f'    edge [fontname="{_FONT}", fontsize=10];',
    ]
    for record in graph.nodes:
        year = record.get("year")
        name = record["name"] or record["id"]
        label = f"{name} ({year})" if isinstance(year, int) else name
        extra = ", penwidth=3" if record["id"] == graph.root else ""
        lines.append(
            f"    {quoted(record['id'])} [label={quoted(label)}, "
            f'fillcolor="{KIND_COLOURS[record["kind"]]}", tooltip={quoted(record["kind"])}{extra}];'
        )
    for edge in graph.edges:
        lines.append(
            f"    {quoted(edge.source)} -> {quoted(edge.target)} [label={quoted(edge.label)}];"
        )
    if graph.by_year:
        lines.extend(_year_ranks(job))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _year_ranks(job: GraphJob) -> list[str]:
    """Records of one date side by side, and the dates in order down the left edge."""
    dates = job.graph.dates
    # A record known only by its year floats (edges place it) in a year that
    # has months: pinned to the year's top row it would sit above its parent.
    with_months = {date[:4] for date in dates.values() if len(date) > 4}
    by_date: dict[str, list[str]] = {}
    for record in job.graph.nodes:
        date = dates.get(record["id"])
        if date is not None and not (len(date) == 4 and date in with_months):
            by_date.setdefault(date, []).append(record["id"])
    if not by_date:
        return []
    rows = sorted(by_date)
    lines = ['    node [shape=plaintext, style="", fillcolor=""];']
    for date in rows:
        members = " ".join(quoted(i) for i in by_date[date])
        lines.append(f'    {{ rank=same; "date {date}" [label="{date}"]; {members} }}')
    if len(rows) > 1:
        # rankdir=BT: an arrow's head is drawn above its tail, so later dates point at earlier.
        chain = " -> ".join(f'"date {date}"' for date in reversed(rows))
        lines.append(f"    {chain} [style=invis];")
    return lines
