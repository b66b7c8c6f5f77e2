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
from html.parser import HTMLParser

from genai_catalog.exporters.site.svg import Edge, Href, Node

# Past this many nodes dot takes long and its picture is no easier to read
# than the layered one.
MAX_NODES = 400
TIMEOUT_S = 30

_PROLOGUE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", re.DOTALL)
# What dot writes for our graphs; anything else is refused.
_ELEMENTS = frozenset({"svg", "g", "title", "a", "polygon", "polyline", "path", "ellipse", "text"})
_SAFE_TARGET = re.compile(r"records/[a-z0-9_-]+\.html")
# Presentation attributes that can point at a resource with url(...).
_PAINT = frozenset({"fill", "stroke", "filter", "clip-path", "mask", "marker-start",
                    "marker-mid", "marker-end", "cursor"})  # fmt: skip


class _Checker(HTMLParser):
    """Reads dot's SVG as a browser would and notes anything that could run or fetch.

    Record text that merely looks like markup ("<svg onload=...>" in a name)
    is inside text or a quoted attribute value, where the parser sees it for
    what it is: text.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refused: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ELEMENTS:
            self.refused.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.refused.append(f"attribute {name}")
            elif name in ("href", "xlink:href") and not _SAFE_TARGET.fullmatch(value or ""):
                self.refused.append(f"link to {value!r}")
            elif name in _PAINT and "url(" in (value or "").replace(" ", ""):
                self.refused.append(f"{name} loads {value!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.refused.append("a comment")

    def handle_pi(self, data: str) -> None:
        self.refused.append("a processing instruction")

    def handle_decl(self, decl: str) -> None:
        self.refused.append("a declaration")


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
    checker = _Checker()
    checker.feed(svg)
    checker.close()
    if checker.refused:
        return None
    # Let the stylesheet size it: dot's fixed width in points would overflow a phone.
    return svg.replace(
        "<svg ", '<svg class="graph dot" role="group" aria-label="Model evolution" ', 1
    )
