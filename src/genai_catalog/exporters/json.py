"""JSON: an array of whole records, one compact record a line; a subgraph as nodes and edges."""

from __future__ import annotations

import json
from typing import Any

from genai_catalog.exporters import GraphJob, Job
from genai_catalog.lineage import Lineage


def render(job: Job) -> str:
    if job.columns is None:
        return json_array(job.records)
    # Columns narrow the records when asked to; id and kind always stay.
    keep = ("id", "kind", *job.columns)
    return json_array([{c: r[c] for c in keep if c in r} for r in job.records])


def json_array(items: list[Any], *, ascii_only: bool = False) -> str:
    """A JSON array with one compact item a line.

    Still one valid JSON document, but line-oriented for grep, diff and jq, and
    written by the C encoder: indented output would go through the pure-Python
    one, many times slower on a large catalog.
    """
    if not items:
        return "[]\n"
    lines = ",\n".join(json.dumps(item, ensure_ascii=ascii_only) for item in items)
    return f"[\n{lines}\n]\n"


def render_graph(job: GraphJob) -> str:
    """One JSON object: the root, its nodes and the typed links among them, one item a line."""
    graph = job.graph
    nodes = [
        {
            "id": record["id"],
            "kind": record["kind"],
            "name": record["name"],
            "year": record.get("year"),
            **({"depth": graph.depths[record["id"]]} if record["id"] in graph.depths else {}),
        }
        for record in graph.nodes
    ]
    edges = [
        {"source": e.source, "target": e.target, "relation": e.relation, "label": e.label}
        for e in graph.edges
    ]
    head: dict[str, Any] = {"root": graph.root, "truncated": graph.truncated}
    if isinstance(graph, Lineage):
        head |= {"ancestors": graph.ancestors, "descendants": graph.descendants}
    ascii_only = job.ascii_only

    def block(items: list[dict[str, Any]]) -> str:
        if not items:
            return "[]"
        return "[\n" + ",\n".join(json.dumps(i, ensure_ascii=ascii_only) for i in items) + "\n]"

    fields = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in head.items()]
    fields += [f'"nodes": {block(nodes)}', f'"edges": {block(edges)}']
    return "{\n" + ",\n".join(fields) + "\n}\n"
