"""Mermaid: a flowchart of records and their links, and a timeline diagram.

Record text never reaches Mermaid's syntax raw. Node ids are ours (``n0``,
``n1`` …: a record id such as ``end`` is a Mermaid keyword), and every label
is quoted and made of letters, digits, spaces and a few harmless marks;
anything else is written as a numeric entity code (``#34;``), which Mermaid
turns into an HTML character reference after parsing. So a ``"``, ``]``,
``|``, ``:``, ``%%``, a newline or ``<script>`` in a name can neither end the
label, start a comment or a new statement, nor become markup.
"""

from __future__ import annotations

import unicodedata

from genai_catalog.exporters import GraphJob, TimelineJob
from genai_catalog.model.kinds import KINDS

# Kept as they are: they mean nothing inside a quoted Mermaid label.
_PLAIN = frozenset(" .,-_'/+?!()")
# One colour per kind, the same in DOT.
KIND_COLOURS = {
    "paper": "#dbeafe",
    "technique": "#dcfce7",
    "model": "#fef3c7",
    "tool": "#f3e8ff",
    "dataset": "#fee2e2",
    "benchmark": "#e0f2fe",
}


def text(value: str) -> str:
    """``value`` as Mermaid label text: one line, every special character an entity code."""
    out = []
    for char in value:
        category = unicodedata.category(char)
        if char.isalnum() or char in _PLAIN:
            out.append(char)
        elif category.startswith("Z") or char in "\t\n\r\v\f\x85":
            out.append(" ")  # any space or line break: one line, one space
        elif category.startswith("C"):
            continue  # controls, format characters (bidi overrides), unassigned
        else:
            out.append(f"#{ord(char)};")
    return " ".join("".join(out).split())


def node_label(record: dict[str, object]) -> str:
    year = record.get("year")
    # A name of nothing but invisible characters would leave an empty label.
    name = text(str(record["name"])) or text(str(record["id"]))
    return f"{name} ({year})" if isinstance(year, int) else name


def render_graph(job: GraphJob) -> str:
    graph = job.graph
    # A family reads with time going down: links point from the newer record
    # up to the one it derives from.
    lines = ["flowchart BT" if graph.by_year else "flowchart LR"]
    number = {record["id"]: f"n{i}" for i, record in enumerate(graph.nodes)}
    for record in graph.nodes:
        lines.append(f'    {number[record["id"]]}["{node_label(record)}"]')
    for edge in graph.edges:
        lines.append(f'    {number[edge.source]} -->|"{text(edge.label)}"| {number[edge.target]}')
    for kind in KINDS:
        members = [number[r["id"]] for r in graph.nodes if r["kind"] == kind]
        if members:
            lines.append(f"    classDef {kind} fill:{KIND_COLOURS[kind]},stroke:#555")
            lines.append(f"    class {','.join(members)} {kind}")
    lines.append("    classDef root stroke-width:3px")
    lines.append(f"    class {number[graph.root]} root")
    return "\n".join(lines) + "\n"


def render_timeline(job: TimelineJob) -> str:
    lines = ["timeline"]
    if job.title:
        lines.append(f"    title {text(job.title)}")
    periods: dict[str, list[str]] = {}
    for entry in job.entries:
        periods.setdefault(entry.date, []).append(text(entry.record["name"]))
    for date, names in periods.items():
        # A colon followed by a space separates events; names hold none (entity codes).
        lines.append(f"    {date} : " + " : ".join(names))
    return "\n".join(lines) + "\n"
