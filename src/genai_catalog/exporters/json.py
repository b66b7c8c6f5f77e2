"""JSON: an array of whole records, one compact record a line; a subgraph as nodes and edges."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from genai_catalog.columns import JSON_SEPARATOR, LazyRecord
from genai_catalog.exporters import GraphJob, Job
from genai_catalog.lineage import Lineage


def render(job: Job) -> str:
    rows: list[Any] = []
    for title, records in job.sections():
        if job.columns is None and job.collection is None:
            rows += records
            continue
        # A collection's items say which section they are in.
        head = {"section": title} if job.collection is not None else {}
        for record in records:
            if job.columns is None:
                rows.append({**head, **record})
            else:
                # Columns narrow the records when asked to; id and kind always stay.
                keep = ("id", "kind", *job.columns)
                rows.append(head | {c: record[c] for c in keep if c in record})
    return json_array(rows)


def _line(item: Any, ascii_only: bool) -> str:
    # A cached record view carries its JSON text: no decode, no encode.
    if not ascii_only and isinstance(item, LazyRecord):
        text = item.json()
        if text is not None:
            return text
        item = item.full()
    return json.dumps(item, ensure_ascii=ascii_only)


def json_array(items: Sequence[Any], *, ascii_only: bool = False) -> str:
    """A JSON array with one compact item a line.

    Still one valid JSON document, but line-oriented for grep, diff and jq, and
    written by the C encoder: indented output would go through the pure-Python
    one, many times slower on a large catalog.
    """
    if not items:
        return "[]\n"
    return "".join(("[\n", JSON_SEPARATOR.join(_lines(items, ascii_only)), "\n]\n"))


def _lines(items: Sequence[Any], ascii_only: bool) -> list[str]:
    # Cached record views of one catalog: their texts come out of the cache
    # already separated, a run of them in one piece (a whole list in one).
    first = items[0]
    if not ascii_only and isinstance(first, LazyRecord):
        columns = first.columns
        if columns.json_texts is not None and all(
            type(item) is LazyRecord and item.columns is columns for item in items
        ):
            return columns.json_texts([item.position for item in items])
    return [_line(item, ascii_only) for item in items]


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
