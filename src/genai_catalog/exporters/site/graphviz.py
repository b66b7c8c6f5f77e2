"""The evolution tree laid out by Graphviz ``dot``, when it is installed.

Only the one big picture goes through ``dot``: a process per record page
would cost minutes on a large catalog, and the neighbourhood pictures are
simple enough to draw directly. What ``dot`` returns is checked before it is
put into a page; anything unexpected means "draw it ourselves".
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence

from genai_catalog.exporters.site.svg import Edge, Href, Node

# Past this many nodes dot takes long and its picture is no easier to read
# than the layered one.
MAX_NODES = 400
TIMEOUT_S = 30

_PROLOGUE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", re.DOTALL)
_HREF = re.compile(r'(?:xlink:)?href="([^"]*)"')
# What must never be in the SVG we inline (the security policy would block
# a script, but the picture is refused before it gets that far). Record text
# that merely looks like this (a name holding " onload=") refuses it too: the
# fallback is a picture of our own, never an unchecked one.
_FORBIDDEN = re.compile(
    r"<\s*/?\s*(?:script|foreignObject|iframe|object|embed|style|image|animate|set)\b"
    r"|\s(?:on\w+|style)\s*=|url\(\s*['\"]?(?!#)",
    re.IGNORECASE,
)
_SAFE_TARGET = re.compile(r"records/[a-z0-9_-]+\.html")


def available() -> str | None:
    return shutil.which("dot")


def quote(value: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, no line breaks.

    In a label dot reads ``\\n``, ``\\l`` and ``\\N`` as escapes, so every
    backslash is doubled; control characters become spaces.
    """
    cleaned = "".join(ch if ch.isprintable() else " " for ch in value)
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(nodes: Sequence[Node], years: dict[str, str], edges: Sequence[Edge], href: Href) -> str:
    """A left-to-right DOT graph with one rank per year."""
    lines = [
        "digraph evolution {",
        '  rankdir=LR; ranksep=0.6; nodesep=0.25; bgcolor="transparent";',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#5b7bb0", '
        'fontname="sans-serif", fontsize=11];',
        '  edge [color="#7a869a", arrowsize=0.7];',
    ]
    names = {node.id: f"n{i}" for i, node in enumerate(nodes)}
    by_year: dict[str, list[str]] = {}
    for node in nodes:
        target = href(node.id)
        link = f", URL={quote(target)}, target=_self" if target else ""
        lines.append(
            f"  {names[node.id]} [label={quote(node.name)}, tooltip={quote(node.name)}{link}];"
        )
        by_year.setdefault(years.get(node.id, ""), []).append(names[node.id])
    # A row of year labels, chained invisibly, so each rank reads as a year.
    ordered = sorted(by_year, key=lambda y: (not y.isdigit(), y))
    for i, year in enumerate(ordered):
        lines.append(
            f'  y{i} [label={quote(year)}, shape=plaintext, style="", fontcolor="#5a6477"];'
        )
        lines.append(f"  {{ rank=same; y{i}; {'; '.join(by_year[year])}; }}")
    if len(ordered) > 1:
        chain = " -> ".join(f"y{i}" for i in range(len(ordered)))
        lines.append(f"  {chain} [style=invis];")
    for edge in edges:
        if edge.source in names and edge.target in names:
            lines.append(
                f"  {names[edge.source]} -> {names[edge.target]} [tooltip={quote(edge.label)}];"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(dot_text: str, program: str) -> str | None:
    """SVG from ``dot``, cleaned for inlining, or None if dot failed or wrote the unexpected."""
    try:
        done = subprocess.run(
            [program, "-Tsvg"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return clean(done.stdout.decode("utf-8", "replace"))


def clean(svg: str) -> str | None:
    """The ``<svg>`` element alone, if it holds nothing that could run or fetch."""
    svg = _PROLOGUE.sub("", svg).strip()
    if not svg.startswith("<svg") or not svg.endswith("</svg>"):
        return None
    if _FORBIDDEN.search(svg):
        return None
    if any(not _SAFE_TARGET.fullmatch(target) for target in _HREF.findall(svg)):
        return None
    # Let the stylesheet size it: dot's fixed width in points would overflow a phone.
    return svg.replace(
        "<svg ", '<svg class="graph dot" role="group" aria-label="Model evolution" ', 1
    )
