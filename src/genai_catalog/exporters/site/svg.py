"""Pictures genai draws itself: a record's neighbourhood, and a layered tree by year.

Plain SVG built from strings: no layout engine, linear in the size of the
picture, so 10,000 record pages cost little. Colours and fonts come from the
site's stylesheet through class names (the security policy allows no inline
style); every piece of record text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from genai_catalog.exporters.site.escape import attr, text

BOX_W, BOX_H = 190, 40
ROW_GAP = 10
COL_GAP = 70
MARGIN = 10
HEADER = 24
CHAR_W = 6.6  # average width of a 12px sans-serif character
MAX_SIDE = 12  # neighbours drawn per side; the page's table lists them all

# A link target for a record id, or None when the record is not in the site.
Href = Callable[[str], str | None]


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    kind: str
    note: str = ""  # a second, smaller line: the relation, or the year


def clip(name: str, width: float) -> str:
    """``name`` cut to what fits in ``width`` pixels, with an ellipsis."""
    room = max(int(width / CHAR_W), 4)
    return name if len(name) <= room else name[: room - 1].rstrip() + "…"


def _box(
    node: Node, x: float, y: float, href: Href, *, focusable: bool, center: bool = False
) -> str:
    target = href(node.id)
    classes = f"node kind-{attr(node.kind)}" + (" center" if center else "")
    if target is None:
        classes += " outside"
    name_y = y + (BOX_H / 2 + 4 if not node.note else BOX_H - 11)
    inner = (
        f"<title>{text(node.name)} ({text(node.kind)})</title>"
        f'<rect class="{classes}" x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" '
        'rx="6"/>'
    )
    if node.note:
        inner += f'<text class="note" x="{x + 8:.0f}" y="{y + 14:.0f}">{text(node.note)}</text>'
    inner += (
        f'<text class="label" x="{x + 8:.0f}" y="{name_y:.0f}">{text(clip(node.name, BOX_W - 16))}'
        "</text>"
    )
    if target is None:
        return f"<g>{inner}</g>"
    focus = "" if focusable else ' tabindex="-1"'
    return f'<a href="{attr(target)}"{focus}>{inner}</a>'


def _arrow_defs() -> str:
    return (
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path class="arrowhead" '
        'd="M0,0 L10,5 L0,10 z"/></marker></defs>'
    )


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    bend = max(abs(x2 - x1) / 2, 30)
    return (
        f'<path class="edge" marker-end="url(#arrow)" d="M{x1:.0f},{y1:.0f} '
        f'C{x1 + bend:.0f},{y1:.0f} {x2 - bend:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"/>'
    )


def _svg(width: float, height: float, label: str, body: str, *, hidden: bool) -> str:
    aria = 'aria-hidden="true"' if hidden else f'role="group" aria-label="{attr(label)}"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" {aria}>'
        f"{_arrow_defs()}{body}</svg>"
    )


def neighbourhood(
    center: Node, incoming: Sequence[Node], outgoing: Sequence[Node], href: Href
) -> str:
    """The record in the middle, what links to it on the left, what it links to on the right.

    The picture repeats the page's table of links, so it is hidden from screen
    readers and its links are out of the tab order (no stop twice per link).
    """
    sides = [_capped(incoming), _capped(outgoing)]
    rows = max(*(len(nodes) + (1 if more else 0) for nodes, more in sides), 1)
    height = HEADER + rows * (BOX_H + ROW_GAP) + MARGIN
    width = 2 * MARGIN + 3 * BOX_W + 2 * COL_GAP
    left_x, mid_x, right_x = MARGIN, MARGIN + BOX_W + COL_GAP, MARGIN + 2 * (BOX_W + COL_GAP)
    mid_y = HEADER + (rows * (BOX_H + ROW_GAP) - ROW_GAP - BOX_H) / 2
    parts = [
        f'<text class="heading" x="{left_x}" y="14">links to it</text>',
        f'<text class="heading" x="{right_x}" y="14">it links to</text>',
    ]
    for side, x in ((0, left_x), (1, right_x)):
        nodes, more = sides[side]
        top = HEADER + (rows - len(nodes) - (1 if more else 0)) * (BOX_H + ROW_GAP) / 2
        for i, node in enumerate(nodes):
            y = top + i * (BOX_H + ROW_GAP)
            if side == 0:
                parts.append(_curve(x + BOX_W, y + BOX_H / 2, mid_x, mid_y + BOX_H / 2))
            else:
                parts.append(_curve(mid_x + BOX_W, mid_y + BOX_H / 2, x, y + BOX_H / 2))
            parts.append(_box(node, x, y, href, focusable=False))
        if more:
            y = top + len(nodes) * (BOX_H + ROW_GAP) + BOX_H / 2
            parts.append(f'<text class="more" x="{x + 8}" y="{y:.0f}">+{more} more</text>')
    parts.append(_box(center, mid_x, mid_y, href, focusable=False, center=True))
    return _svg(width, height, f"Links of {center.name}", "".join(parts), hidden=True)


def _capped(nodes: Sequence[Node]) -> tuple[list[Node], int]:
    if len(nodes) <= MAX_SIDE:
        return list(nodes), 0
    return list(nodes[: MAX_SIDE - 1]), len(nodes) - (MAX_SIDE - 1)


# --------------------------------------------------------------------------- layered tree


def order_columns(
    columns: dict[str, int], edges: Sequence[tuple[str, str]], sweeps: int = 4
) -> dict[str, int]:
    """A row for each node within its column, ordered so that edges cross less.

    The barycentre heuristic: each node moves towards the mean row of its
    neighbours, sweeping left to right and back. Deterministic: ties keep the
    order given by ``columns``.
    """
    by_column: dict[int, list[str]] = {}
    for node, column in columns.items():
        by_column.setdefault(column, []).append(node)
    linked: dict[str, list[str]] = {node: [] for node in columns}
    for a, b in edges:
        if a in linked and b in linked:
            linked[a].append(b)
            linked[b].append(a)
    row = {node: i for nodes in by_column.values() for i, node in enumerate(nodes)}
    order = sorted(by_column)
    for sweep in range(sweeps):
        for column in order if sweep % 2 == 0 else reversed(order):
            nodes = by_column[column]
            centres = {node: _centre(node, linked, columns, row) for node in nodes}
            nodes.sort(key=lambda n: (centres[n], row[n]))
            for i, node in enumerate(nodes):
                row[node] = i
    return row


def _centre(
    node: str, linked: dict[str, list[str]], columns: dict[str, int], row: dict[str, int]
) -> float:
    """The mean row of a node's neighbours in other columns (its own row if none)."""
    others = [row[n] for n in linked[node] if columns[n] != columns[node]]
    return sum(others) / len(others) if others else row[node]


@dataclass(frozen=True)
class Edge:
    source: str  # the earlier record: the base model, what was built upon
    target: str
    label: str


def layered(
    nodes: Sequence[Node],
    columns: dict[str, int],
    column_titles: Sequence[str],
    edges: Sequence[Edge],
    href: Href,
    label: str,
) -> str:
    """Nodes in columns (years), families stacked in bands, edges from earlier to later."""
    ids = {node.id for node in nodes}
    kept = [e for e in edges if e.source in ids and e.target in ids]
    bands = components([n.id for n in nodes], kept)
    top = HEADER
    place: dict[str, tuple[float, float]] = {}
    for band in bands:
        band_columns = {node: columns[node] for node in band}
        rows = order_columns(band_columns, [(e.source, e.target) for e in kept])
        for node, r in rows.items():
            place[node] = (MARGIN + columns[node] * (BOX_W + COL_GAP), top + r * (BOX_H + ROW_GAP))
        top += (max(rows.values()) + 1) * (BOX_H + ROW_GAP) + ROW_GAP * 2
    width = 2 * MARGIN + len(column_titles) * (BOX_W + COL_GAP) - COL_GAP
    parts = [
        f'<text class="heading" x="{MARGIN + i * (BOX_W + COL_GAP)}" y="14">{text(title)}</text>'
        for i, title in enumerate(column_titles)
    ]
    for edge in kept:
        (x1, y1), (x2, y2) = place[edge.source], place[edge.target]
        if x1 == x2:  # same year: a short hook down the right side
            parts.append(_hook(x1 + BOX_W, y1 + BOX_H / 2, y2 + BOX_H / 2, edge.label))
        else:
            start, end = (x1 + BOX_W, x2) if x1 < x2 else (x1, x2 + BOX_W)
            parts.append(_curve(start, y1 + BOX_H / 2, end, y2 + BOX_H / 2))
    parts.extend(_box(n, *place[n.id], href, focusable=True) for n in nodes)
    return _svg(width, top, label, "".join(parts), hidden=False)


def _hook(x: float, y1: float, y2: float, label: str) -> str:
    reach = x + COL_GAP / 2
    return (
        f'<path class="edge" marker-end="url(#arrow)" d="M{x:.0f},{y1:.0f} '
        f'C{reach:.0f},{y1:.0f} {reach:.0f},{y2:.0f} {x:.0f},{y2:.0f}">'
        f"<title>{text(label)}</title></path>"
    )


def components(nodes: list[str], edges: Sequence[Edge]) -> list[list[str]]:
    """Families: groups of nodes joined by edges, largest first, in a stable order."""
    parent = {node: node for node in nodes}

    def find(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for edge in edges:
        a, b = find(edge.source), find(edge.target)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for node in nodes:
        groups.setdefault(find(node), []).append(node)
    first = {node: i for i, node in enumerate(nodes)}
    return sorted(groups.values(), key=lambda g: (-len(g), first[g[0]]))
