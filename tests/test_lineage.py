"""Walking the links: neighbourhoods, shortest chains, families, timelines."""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genai_catalog import lineage
from genai_catalog.catalog import Catalog, load
from genai_catalog.errors import BadRequest, NoPath
from genai_catalog.graph import Graph
from genai_catalog.lineage import Chain, TreeNode
from tests.helpers import FIXTURE_CATALOG


@pytest.fixture(scope="module")
def fixture() -> Catalog:
    return load(FIXTURE_CATALOG, use_cache=False)


def ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records]


def steps(chain: Chain) -> list[tuple[str, str]]:
    return [(step.label, step.end) for step in chain.steps]


def model(record_id: str, year: int | None = None, **links: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": record_id, "kind": "model", "name": record_id.title()}
    if year is not None:
        record["year"] = year
    return record | links


def outline(nodes: list[TreeNode], depth: int = 0) -> list[str]:
    lines = []
    for node in nodes:
        mark = " (again)" if node.repeated else ""
        lines.append("  " * depth + node.record["id"] + mark)
        lines.extend(outline(node.children, depth + 1))
    return lines


# ---- neighbourhood


def test_depth_one_is_every_linked_record_and_the_links_among_them(fixture: Catalog) -> None:
    found = fixture.subgraph("qlora")
    assert ids(found.nodes) == ["qlora", "qlora-paper", "lora", "guanaco", "peft-library"]
    assert [(e.source, e.relation, e.target) for e in found.edges] == [
        ("qlora", "introduced_in", "qlora-paper"),
        ("qlora", "builds_on", "lora"),
        ("guanaco", "introduced_in", "qlora-paper"),  # between two records of depth 1
        ("guanaco", "uses", "qlora"),
        ("peft-library", "implements", "lora"),
        ("peft-library", "implements", "qlora"),
    ]
    assert found.depths["lora"] == 1 and not found.truncated


def test_depth_two_reaches_further_and_zero_is_the_record_alone(fixture: Catalog) -> None:
    found = fixture.subgraph("qlora", depth=2)
    assert found.depths == {
        "qlora": 0, "qlora-paper": 1, "lora": 1, "guanaco": 1, "peft-library": 1,
        "lora-paper": 2, "oasst1": 2,
    }  # fmt: skip
    alone = fixture.subgraph("qlora", depth=0)
    assert ids(alone.nodes) == ["qlora"] and alone.edges == []
    with pytest.raises(BadRequest, match="the depth must be 0 or more, not -1"):
        fixture.subgraph("qlora", depth=-1)


def test_direction_relation_and_kind_narrow_the_walk(fixture: Catalog) -> None:
    assert ids(fixture.subgraph("qlora", direction="out").nodes) == [
        "qlora", "qlora-paper", "lora",
    ]  # fmt: skip
    assert ids(fixture.subgraph("qlora", direction="in").nodes) == [
        "qlora", "guanaco", "peft-library",
    ]  # fmt: skip
    assert ids(fixture.subgraph("lora", relations=["built upon by"]).nodes) == ["lora", "qlora"]
    found = fixture.subgraph("qlora", depth=2, kinds=["papers", "technique"])
    assert ids(found.nodes) == ["qlora", "qlora-paper", "lora", "lora-paper"]
    with pytest.raises(BadRequest, match="unknown direction 'up'"):
        fixture.subgraph("qlora", direction="up")
    with pytest.raises(BadRequest, match="unknown kind 'modle'"):
        fixture.subgraph("qlora", kinds=["modle"])


def test_a_large_neighbourhood_is_cut_off_and_says_so(fixture: Catalog) -> None:
    found = fixture.subgraph("qlora", depth=3, max_nodes=3)
    assert ids(found.nodes) == ["qlora", "qlora-paper", "lora"] and found.truncated


def test_the_tree_hangs_each_record_under_the_one_it_was_reached_from(fixture: Catalog) -> None:
    (root,) = fixture.subgraph("qlora", depth=2).tree()
    assert outline([root]) == [
        "qlora",
        "  qlora-paper",
        "  lora",
        "    lora-paper",
        "  guanaco",
        "    oasst1",
        "  peft-library",
    ]
    arrows = [(c.step.label, c.step.forward) for c in root.children if c.step is not None]
    assert arrows == [
        ("introduced in", True),
        ("builds on", True),
        ("used by", False),
        ("implemented by", False),
    ]


def test_related_stated_on_both_sides_is_one_link() -> None:
    graph = Graph([model("a", related=["b"]), model("b", related=["a"])])
    found = lineage.neighbourhood(graph, "a")
    assert ids(found.nodes) == ["a", "b"]
    assert [(e.source, e.target) for e in found.edges] == [("a", "b")]
    assert lineage.shortest_paths(graph, "a", "b").total == 1


# ---- relations


def test_relations_are_understood_however_they_are_spelled() -> None:
    found = lineage.check_relations(["builds-on", "Base Model", "derived models,uses"])
    assert found == frozenset({"builds_on", "base_model", "uses"})
    assert lineage.check_relations([]) is None
    with pytest.raises(BadRequest) as caught:
        lineage.check_relations(["bilds_on"])
    assert str(caught.value) == (
        "unknown relation 'bilds_on' (did you mean: builds_on?); choose from introduced_in, "
        "builds_on, base_model, uses, trained_on, evaluated_on, implements, related"
    )


# ---- paths


def test_a_path_follows_links_forward(fixture: Catalog) -> None:
    chain = fixture.path("QLoRA", "lora-paper")
    assert ids(chain.records) == ["qlora", "lora", "lora-paper"]
    assert steps(chain) == [("builds on", "lora"), ("introduced in", "lora-paper")]


def test_a_path_walks_links_backwards_by_their_inverse(fixture: Catalog) -> None:
    chain = fixture.path("lora-paper", "qlora")
    assert steps(chain) == [("introduces", "lora"), ("built upon by", "qlora")]
    assert [(s.edge.source, s.edge.target, s.forward) for s in chain.steps] == [
        ("lora", "lora-paper", False),
        ("qlora", "lora", False),
    ]


def test_all_shortest_paths_are_counted_and_listed() -> None:
    graph = Graph(
        [
            model("a"),
            model("b", builds_on=["a"]),
            model("c", base_model="a"),
            model("d", builds_on=["b", "c"], base_model="c"),
            model("e", builds_on=["d"]),
        ]
    )
    found = lineage.shortest_paths(graph, "a", "e")
    assert found.total == 3 and found.length == 3
    assert [steps(c) for c in found.paths] == [
        [("built upon by", "b"), ("built upon by", "d"), ("built upon by", "e")],
        [("derived models", "c"), ("built upon by", "d"), ("built upon by", "e")],
        [("derived models", "c"), ("derived models", "d"), ("built upon by", "e")],
    ]
    first = lineage.shortest_paths(graph, "a", "e", limit=1)
    assert first.total == 3 and len(first.paths) == 1


def test_relations_limit_the_chains(fixture: Catalog) -> None:
    assert steps(fixture.path("qlora", "lora", relations=["builds_on"])) == [("builds on", "lora")]
    with pytest.raises(NoPath) as caught:
        fixture.path("qlora", "lora-paper", relations=["builds_on"])
    assert str(caught.value) == (
        "no chain of links joins QLoRA (qlora) and "
        "LoRA: Low-Rank Adaptation of Large Language Models (lora-paper) through builds on links"
    )


def test_no_path_between_two_parts_of_the_catalog(fixture: Catalog) -> None:
    with pytest.raises(NoPath, match=r"joins QLoRA \(qlora\) and Massive Multitask"):
        fixture.path("qlora", "mmlu")


def test_a_record_is_its_own_shortest_path(fixture: Catalog) -> None:
    found = fixture.paths("lora", "LoRA")
    assert found.total == 1 and found.length == 0 and ids(found.paths[0].records) == ["lora"]


def test_paths_prefer_strong_links_walked_forwards() -> None:
    graph = Graph(
        [model("a", related=["c"]), model("b", builds_on=["a"]), model("c", base_model="b")]
    )
    # a-c direct is 'related'; both are of length 1, so only one is shortest.
    assert steps(lineage.shortest_paths(graph, "a", "c").paths[0]) == [("related", "c")]
    graph = Graph(
        [
            model("a", related=["m"]),
            model("n", builds_on=["a"]),
            model("m", related=["z"]),
            model("z", base_model="n"),
        ]
    )
    best = lineage.shortest_paths(graph, "a", "z")
    assert best.total == 2
    assert steps(best.paths[0]) == [("built upon by", "n"), ("derived models", "z")]


def test_between_two_as_short_chains_both_directions_pick_the_same() -> None:
    graph = Graph(
        [
            {"id": "lp", "kind": "paper", "name": "LoRA paper"},
            {"id": "qp", "kind": "paper", "name": "QLoRA paper", "builds_on": ["lp"]},
            {"id": "l", "kind": "technique", "name": "LoRA", "introduced_in": "lp"},
            {"id": "q", "kind": "technique", "name": "QLoRA", "introduced_in": "qp",
             "builds_on": ["l"]},
        ]
    )  # fmt: skip
    forward = lineage.shortest_paths(graph, "q", "lp")
    assert forward.total == 2
    assert steps(forward.paths[0]) == [("builds on", "l"), ("introduced in", "lp")]
    backward = lineage.shortest_paths(graph, "lp", "q").paths[0]
    assert steps(backward) == [("introduces", "l"), ("built upon by", "q")]


def _brute_force(graph: Graph, a: str, b: str) -> set[tuple[tuple[str, str, bool], ...]]:
    """Every shortest chain, by a plain breadth-first search from ``a`` over both directions.

    (Without symmetric relations: 'related' pairs are tested on their own.)
    """
    walks: dict[str, list[tuple[str, str, bool]]] = {}
    for record in graph:
        for field, target in graph.targets(record):
            walks.setdefault(record["id"], []).append((target, field, True))
            walks.setdefault(target, []).append((record["id"], field, False))
    dist = {a: 0}
    queue = deque([a])
    while queue:
        u = queue.popleft()
        for v, _, _ in walks.get(u, []):
            if v not in dist:
                dist[v] = dist[u] + 1
                queue.append(v)
    if b not in dist:
        return set()
    found: set[tuple[tuple[str, str, bool], ...]] = set()

    def extend(node: str, chain: tuple[tuple[str, str, bool], ...]) -> None:
        if node == b:
            found.add(chain)
            return
        for v, field, forward in walks.get(node, []):
            if dist.get(v) == dist[node] + 1 and dist[v] <= dist[b]:
                extend(v, (*chain, (v, field, forward)))

    extend(a, ())
    return found


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 7),
            st.sampled_from(["builds_on", "uses", "base_model"]),
            st.integers(0, 7),
        ),
        max_size=16,
    ),
    st.integers(0, 7),
    st.integers(0, 7),
)
def test_the_two_ended_search_finds_exactly_the_shortest_chains(
    links: list[tuple[int, str, int]], start: int, end: int
) -> None:
    records = [model(f"r{i}") for i in range(8)]
    for source, field, target in links:
        if source != target and f"r{target}" not in records[source].get(field, []):
            records[source].setdefault(field, []).append(f"r{target}")
    graph = Graph(records)
    expected = _brute_force(graph, f"r{start}", f"r{end}")
    if not expected and start != end:
        with pytest.raises(NoPath):
            lineage.shortest_paths(graph, f"r{start}", f"r{end}")
        return
    found = lineage.shortest_paths(graph, f"r{start}", f"r{end}", limit=10_000)
    got = {tuple((s.end, s.edge.relation, s.forward) for s in c.steps) for c in found.paths}
    assert got == (expected or {()})
    assert found.total == len(found.paths)


# ---- lineage


def family_graph() -> Graph:
    return Graph(
        [
            model("base", 2022),
            model("v2", 2023, builds_on=["base"]),
            model("chat", 2023, base_model="v2"),
            model("v3", 2024, builds_on=["v2"]),
            model("tuned", None, base_model="v3"),
            model("other", 2024, builds_on=["base"], uses=["x"]),
            {"id": "x", "kind": "technique", "name": "X"},
        ]
    )


def test_a_family_goes_up_to_the_roots_and_down_to_every_descendant() -> None:
    family = lineage.lineage(family_graph(), "v2")
    assert family.ancestors == ["base"]
    assert family.descendants == ["chat", "v3", "tuned"]
    assert outline(family.tree()) == ["base", "  v2", "    chat", "    v3", "      tuned"]
    assert family.dates == {"base": "2022", "v2": "2023", "chat": "2023", "v3": "2024"}


def test_the_family_of_the_root_is_everything_derived_from_it_by_year() -> None:
    family = lineage.lineage(family_graph(), "base")
    assert outline(family.tree()) == [
        "base", "  v2", "    chat", "    v3", "      tuned", "  other",
    ]  # fmt: skip
    assert "x" not in ids(family.nodes)  # 'uses' is not a family link


def test_a_record_with_two_parents_is_shown_once_and_cycles_end() -> None:
    graph = Graph(
        [
            model("a", 2020),
            model("b", 2021),
            model("c", 2022, builds_on=["a"], base_model="b"),
            model("loop1", 2020, builds_on=["loop2"]),
            model("loop2", 2021, builds_on=["loop1"]),
        ]
    )
    assert outline(lineage.lineage(graph, "c").tree()) == ["a", "  c", "b", "  c (again)"]
    family = lineage.lineage(graph, "loop1")
    assert family.ancestors == ["loop2"] and family.descendants == ["loop2"]
    assert outline(family.tree()) == ["loop1", "  loop2", "    loop1 (again)"]


# ---- timeline


def test_the_timeline_is_oldest_first_with_months_from_arxiv(fixture: Catalog) -> None:
    entries, undated = fixture.timeline(kind="technique")
    assert [(e.date, e.record["id"]) for e in entries] == [
        ("2017-06", "transformer"),  # the month of the paper that introduced it
        ("2021-06", "lora"),
        ("2023-05", "qlora"),
    ]
    assert undated == 0
    entries, undated = fixture.timeline(since=2023)
    assert [e.date for e in entries] == ["2023-05"] * 3 + ["2023"] * 2
    assert fixture.timeline(kind="tool") == ([], 1)  # the PEFT library has no year


def test_a_month_from_another_year_is_not_used() -> None:
    graph = Graph(
        [
            {"id": "p", "kind": "paper", "name": "P", "year": 2019, "arxiv": "1910.10683"},
            {"id": "t", "kind": "technique", "name": "T", "year": 2020, "introduced_in": "p"},
        ]
    )
    entries, _ = lineage.timeline(graph, list(graph))
    assert [e.date for e in entries] == ["2019-10", "2020"]
