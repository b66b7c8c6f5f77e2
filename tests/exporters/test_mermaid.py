"""Mermaid output follows the flowchart and timeline grammar for any record text.

The checks below are a strict grammar of what the exporter may write, line by
line. A label may hold only letters, digits, spaces, a few harmless marks and
numeric entity codes (``#34;``): no raw ``"``, ``]``, ``|``, ``<``, ``:``,
``#``, ``%`` or line break can reach Mermaid's parser. Decoding the entity
codes must give back the text (on one line).
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from genai_catalog.exporters import GraphJob, TimelineJob
from genai_catalog.exporters.mermaid import render_graph, render_timeline, text
from genai_catalog.lineage import Dated, Edge, Subgraph

HOSTILE = [
    'Quote " and ] and | pipe',
    "Line\nbreak %% comment\r\nand more",
    "<script>alert(1)</script>",
    "end",
    "A: B; C # D",
    "#quot; is not a quote & neither is &amp;",
    "back`tick` {x} [y] (z) --> n0",
    "style n0 fill:#f00;",
    "\u202eRTL override\u200b and zero width",
    'click n0 href "javascript:alert(1)"',
]

# What a label may be made of: safe characters and numeric entity codes.
_LABEL = r"(?:[^\W_]|[ .,\-_\'/+?!()]|#\d+;)*"
_NODE = re.compile(rf'^    (n\d+)\["({_LABEL})"\]$')
_EDGE = re.compile(rf'^    (n\d+) -->\|"({_LABEL})"\| (n\d+)$')
_CLASSDEF = re.compile(r"^    classDef [a-z]+ [a-z-]+:#?[0-9a-z]+(?:,[a-z-]+:#?[0-9a-z]+)*$")
_CLASS = re.compile(r"^    class n\d+(?:,n\d+)* [a-z]+$")
_PERIOD = re.compile(rf"^    (\d{{4}}(?:-\d\d)?) : ({_LABEL}(?: : {_LABEL})*)$")


def decode(label: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label)


def expected(value: str) -> str:
    """What a label shows: the text on one line, invisible characters dropped."""
    kept = "".join(
        " " if unicodedata.category(c).startswith("Z") or c in "\t\n\r\v\f\x85" else c
        for c in value
        if not unicodedata.category(c).startswith("C") or c in "\t\n\r\v\f\x85"
    )
    return " ".join(kept.split())


def parse_flowchart(source: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Nodes (id -> decoded label) and edges; fails on any line outside the grammar."""
    lines = source.split("\n")
    assert lines[0] in ("flowchart LR", "flowchart BT")
    assert lines[-1] == ""
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for line in lines[1:-1]:
        if node := _NODE.match(line):
            assert node.group(1) not in nodes
            nodes[node.group(1)] = decode(node.group(2))
        elif edge := _EDGE.match(line):
            assert edge.group(1) in nodes and edge.group(3) in nodes
            edges.append((edge.group(1), decode(edge.group(2)), edge.group(3)))
        else:
            assert _CLASSDEF.match(line) or _CLASS.match(line), f"not in the grammar: {line!r}"
    return nodes, edges


def subgraph(names: list[str]) -> Subgraph:
    nodes = [{"id": f"r{i}", "kind": "paper", "name": name} for i, name in enumerate(names)]
    edges = [Edge(f"r{i}", f"r{i + 1}", "builds_on") for i in range(len(names) - 1)]
    return Subgraph(root="r0", nodes=nodes, edges=edges, reached_by={}, depths={})


def test_hostile_names_stay_inside_their_quoted_labels() -> None:
    source = render_graph(GraphJob(subgraph(HOSTILE)))
    nodes, edges = parse_flowchart(source)
    assert list(nodes.values()) == [expected(name) for name in HOSTILE]
    assert len(edges) == len(HOSTILE) - 1
    assert all(label == "builds on" for _, label, _ in edges)


def test_the_escaping_is_total() -> None:
    for name in HOSTILE:
        label = text(name)
        for raw in ('"', "]", "[", "|", "<", ">", ":", ";", "%", "`", "{", "\n", "\r"):
            assert raw not in re.sub(r"#\d+;", "", label), (name, raw)


def test_a_family_points_up_at_what_it_derives_from() -> None:
    found = subgraph(["Base", "Derived"])
    found.by_year = True
    assert render_graph(GraphJob(found)).startswith("flowchart BT\n")


def test_record_ids_never_become_mermaid_ids() -> None:
    found = subgraph(["x", "y"])
    found.nodes[0]["id"], found.root = "end", "end"
    found.edges = [Edge("end", "r1", "builds_on")]
    nodes, edges = parse_flowchart(render_graph(GraphJob(found)))
    assert list(nodes) == ["n0", "n1"] and edges == [("n0", "builds on", "n1")]


def test_an_invisible_name_falls_back_to_the_id() -> None:
    nodes, _ = parse_flowchart(render_graph(GraphJob(subgraph(["\u200b"]))))
    assert nodes == {"n0": "r0"}


@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4))
def test_any_text_makes_a_well_formed_flowchart(names: list[str]) -> None:
    nodes, _ = parse_flowchart(render_graph(GraphJob(subgraph(names))))
    assert list(nodes.values()) == [expected(n) or f"r{i}" for i, n in enumerate(names)]


def test_a_timeline_keeps_each_name_one_event() -> None:
    records = [{"id": f"r{i}", "kind": "paper", "name": n} for i, n in enumerate(HOSTILE)]
    entries = [Dated(records[0], 2020, 5), *(Dated(r, 2021, None) for r in records[1:])]
    source = render_timeline(TimelineJob(entries, title='A "title": # with %% marks'))
    lines = source.split("\n")
    assert lines[:2] == ["timeline", "    title A #34;title#34;#58; #35; with #37;#37; marks"]
    periods = [_PERIOD.match(line) for line in lines[2:-1]]
    assert all(periods), lines
    events = {m.group(1): m.group(2).split(" : ") for m in periods if m}
    assert list(events) == ["2020-05", "2021"]
    assert [decode(e) for e in events["2021"]] == [expected(n) for n in HOSTILE[1:]]
