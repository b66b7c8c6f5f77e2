"""The model evolution tree: which model was derived from or built on which, by year.

Drawn by Graphviz ``dot`` when it is installed and the tree is of a size it
lays out quickly, else by ``svg.layered``. Under the picture, the same facts
as tables, one per family, for keyboards and screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from genai_catalog.exporters.site import graphviz, svg
from genai_catalog.exporters.site.context import Site
from genai_catalog.exporters.site.escape import attr, text
from genai_catalog.exporters.site.page import document, record_path
from genai_catalog.graph import Record

PATH = "evolution.html"
UNKNOWN_YEAR = "year unknown"


@dataclass(frozen=True)
class Tree:
    nodes: list[svg.Node]
    records: dict[str, Record]
    edges: list[svg.Edge]
    columns: dict[str, int]
    titles: list[str]
    years: dict[str, str]  # the column title of each node


def lineage(records: list[Record]) -> Tree | None:
    """Models joined by ``base_model`` or ``builds_on``; None if no model has either."""
    models = {r["id"]: r for r in records if r["kind"] == "model"}
    edges: list[svg.Edge] = []
    for record in models.values():
        base = record.get("base_model")
        parents = [(base, "base model")] if isinstance(base, str) else []
        parents += [(p, "builds on") for p in record.get("builds_on") or () if isinstance(p, str)]
        for parent, label in parents:
            if parent in models and parent != record["id"]:
                edges.append(svg.Edge(parent, record["id"], label))
    if not edges:
        return None
    members = {e.source for e in edges} | {e.target for e in edges}

    def year(record_id: str) -> int | None:
        value = models[record_id].get("year")
        return value if isinstance(value, int) else None

    ordered = sorted(members, key=lambda m: (year(m) or 10_000, models[m]["name"].casefold(), m))
    years = sorted({y for m in members if (y := year(m)) is not None})
    titles = [str(y) for y in years]
    if any(year(m) is None for m in members):
        titles.append(UNKNOWN_YEAR)
    place = {y: i for i, y in enumerate(years)}
    columns = {m: place[y] if (y := year(m)) is not None else len(years) for m in ordered}
    nodes = [svg.Node(m, models[m]["name"], "model") for m in ordered]
    years_of = {m: titles[columns[m]] for m in ordered}
    return Tree(nodes, {m: models[m] for m in ordered}, edges, columns, titles, years_of)


def picture(site: Site, tree: Tree, dot_program: str | None) -> tuple[str, str]:
    """The SVG and who laid it out ("Graphviz dot" or "genai")."""

    def href(record_id: str) -> str | None:
        return site.href(record_id, "")

    if dot_program is not None:
        dot_text = graphviz.to_dot(tree.nodes, tree.years, tree.edges, href)
        drawn = graphviz.render(dot_text, dot_program)
        if drawn is not None:
            return drawn, "Graphviz dot"
    label = "Model evolution, by year"
    return svg.layered(tree.nodes, tree.columns, tree.titles, tree.edges, href, label), "genai"


def _family_table(site: Site, tree: Tree, family: list[str]) -> str:
    parents: dict[str, list[svg.Edge]] = {}
    for edge in tree.edges:
        parents.setdefault(edge.target, []).append(edge)
    rows = []
    for member in family:
        record = tree.records[member]
        origin = ", ".join(
            f'{text(e.label)} <a href="{attr(record_path(e.source))}">'
            f"{text(tree.records[e.source]['name'])}</a>"
            for e in parents.get(member, [])
        )
        year = record.get("year") if isinstance(record.get("year"), int) else ""
        rows.append(
            f'<tr><td><a href="{attr(record_path(member))}">{text(record["name"])}</a></td>'
            f"<td>{year}</td><td>{origin or '—'}</td></tr>"
        )
    root = tree.records[family[0]]["name"]
    return (
        f"<h3>{text(root)} and its family ({len(family)})</h3>\n"
        '<table>\n<thead><tr><th scope="col">model</th><th scope="col">year</th>'
        '<th scope="col">from</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
    )


def evolution_page(site: Site, tree: Tree, dot_program: str | None) -> tuple[str, str]:
    """The page, and who laid out its picture."""
    drawing, layout = picture(site, tree, dot_program)
    order = {node.id: i for i, node in enumerate(tree.nodes)}
    families = svg.components([n.id for n in tree.nodes], tree.edges)
    tables = "".join(_family_table(site, tree, sorted(f, key=order.__getitem__)) for f in families)
    body = (
        "<h1>Model evolution</h1>\n"
        f'<p class="lead">{len(tree.nodes):,} models, each joined to the model it was derived '
        "from (base model) or built on, laid out by year.</p>\n"
        f'<figure><div class="scroll">{drawing}</div>'
        f"<figcaption>Laid out by {text(layout)}. Every box links to the model's page."
        "</figcaption></figure>\n"
        f'<h2 id="families">Families</h2>\n{tables}'
    )
    return document(site.chrome, PATH, "Model evolution", body, body_class="wide"), layout
