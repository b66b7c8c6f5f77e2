"""Links as text for people: indented trees and chains of links.

Plain text (box-drawing characters, no colour), the same on a terminal, in a
pipe and in a file written with --output. Record text is shown on one line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from genai_catalog.errors import one_line

if TYPE_CHECKING:
    from genai_catalog.graph import Record
    from genai_catalog.lineage import Chain, Lineage, Subgraph, TreeNode

FOCUS = "◀"


def draw(
    roots: list[TreeNode], line: Callable[[TreeNode], str], left: Callable[[TreeNode], str]
) -> str:
    """Each node on its own line: ``left`` column, the branches, then ``line``."""
    out: list[str] = []

    def visit(node: TreeNode, indent: str, branch: str) -> None:
        out.append(f"{left(node)}{indent}{branch}{line(node)}".rstrip())
        below = indent + ("" if not branch else "│   " if branch == "├── " else "    ")
        for i, child in enumerate(node.children):
            visit(child, below, "└── " if i == len(node.children) - 1 else "├── ")

    for root in roots:
        visit(root, "", "")
    return "\n".join(out) + "\n"


def named(record: Record) -> str:
    return f"{one_line(record['name'])} ({record['id']})"


def described(record: Record) -> str:
    year = record.get("year")
    return f"{named(record)} · {record['kind']}" + (f" · {year}" if year is not None else "")


def neighbourhood(graph: Subgraph) -> str:
    """The root, and every record under the one it was first reached from, with the link.

    → the link is stored on the record above, ← on the record below (as in show).
    """

    def line(node: TreeNode) -> str:
        if node.step is None:
            return described(node.record)
        arrow = "→" if node.step.forward else "←"
        return f"{arrow} {node.step.label}  {described(node.record)}"

    return draw(graph.tree(), line, lambda _: "")


def lineage(family: Lineage) -> str:
    """A family by year: each record under what it builds on or was fine-tuned from."""
    up, down = len(family.ancestors), len(family.descendants)
    head = (
        f"{named(family.nodes[0])}: derived from {up} record{'s' if up != 1 else ''}, "
        f"{down} derived from it (base model and builds on links, by date)\n\n"
    )

    width = max((len(d) for d in family.dates.values()), default=4)

    def year(node: TreeNode) -> str:
        return family.dates.get(node.record["id"], "").ljust(width) + "  "

    def line(node: TreeNode) -> str:
        text = named(node.record)
        if node.step is not None:
            text += f"  [{node.step.edge.label}]"
        if node.repeated:
            text += "  (shown above)"
        elif node.record["id"] == family.root:
            text += f"  {FOCUS}"
        return text

    return head + draw(family.tree(), line, year)


def chain(path: Chain) -> str:
    """'QLoRA —builds on→ LoRA —introduced in→ LoRA: Low-Rank Adaptation …'.

    A link walked against its stored direction reads by its inverse label
    ('built upon by'), so every arrow points along the chain.
    """
    parts = [one_line(path.records[0]["name"])]
    for step, record in zip(path.steps, path.records[1:], strict=True):
        parts.append(f"—{step.label}→ {one_line(record['name'])}")
    return " ".join(parts)
