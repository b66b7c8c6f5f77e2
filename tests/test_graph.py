"""The graph shows every relation from both ends."""

from __future__ import annotations

from array import array

from genai_catalog.catalog import load
from genai_catalog.graph import RELATION_FIELDS, Graph, Links
from genai_catalog.model.kinds import KINDS
from tests.helpers import FIXTURE_CATALOG


def neighbourhood(record_id: str) -> list[tuple[str, str]]:
    graph = load(FIXTURE_CATALOG, use_cache=False).graph
    return [(n.label, n.record["id"]) for n in graph.neighbours(record_id)]


def test_a_technique_links_out_and_in() -> None:
    assert neighbourhood("qlora") == [
        ("introduced in", "qlora-paper"),
        ("builds on", "lora"),
        ("used by", "guanaco"),
        ("implemented by", "peft-library"),
    ]


def test_a_paper_shows_what_it_introduced_without_saying_it() -> None:
    assert neighbourhood("qlora-paper") == [("introduces", "qlora"), ("introduces", "guanaco")]


def test_related_stated_on_both_sides_is_shown_once() -> None:
    graph = Graph(
        [
            {"id": "a", "kind": "technique", "name": "A", "related": ["b"]},
            {"id": "b", "kind": "technique", "name": "B", "related": ["a"]},
        ]
    )
    assert [(n.label, n.record["id"]) for n in graph.neighbours("a")] == [("related", "b")]


def test_dangling_references_are_ignored_by_the_graph() -> None:
    graph = Graph([{"id": "a", "kind": "technique", "name": "A", "builds_on": ["ghost"]}])
    assert graph.neighbours("a") == []


def test_records_are_found_by_position_too() -> None:
    graph = Graph(
        [{"id": "a", "kind": "technique", "name": "A"}, {"id": "b", "kind": "tool", "name": "B"}]
    )
    assert graph.at(1)["id"] == "b" and graph.ids() == ["a", "b"]


def test_collections_are_memberships_not_links() -> None:
    graph = load(FIXTURE_CATALOG, use_cache=False).graph
    assert [c["id"] for c in graph.collections_of("qlora")] == ["peft-reading"]
    assert graph.collections_of("mmlu") == []
    assert graph.neighbours("peft-reading") == []
    # Being on a reading list says nothing of a record's place in the field.
    assert neighbourhood("guanaco") == [
        ("introduced in", "qlora-paper"),
        ("uses", "qlora"),
        ("trained on", "oasst1"),
    ]


def test_a_record_listed_twice_is_one_membership() -> None:
    graph = Graph(
        [
            {"id": "a", "kind": "paper", "name": "A", "year": 2020},
            {"id": "l", "kind": "collection", "name": "L", "sections": [
                {"title": "1", "items": [{"id": "a"}]},
                {"title": "2", "items": [{"id": "a"}, {"id": "ghost"}, {"id": "l"}]},
            ]},
        ]
    )  # fmt: skip
    assert graph.memberships == {"a": ["l"]}


def test_links_hold_each_records_links_both_ways_in_catalog_order() -> None:
    graph = Graph(
        [
            {"id": "a", "kind": "technique", "name": "A"},
            {"id": "b", "kind": "technique", "name": "B", "builds_on": ["a"], "related": ["c"]},
            {"id": "c", "kind": "tool", "name": "C", "implements": ["a", "b"]},
        ]
    )
    links = graph.links
    fields = RELATION_FIELDS
    assert [(t, fields[r]) for t, r in links.outgoing(1)] == [(0, "builds_on"), (2, "related")]
    assert [(s, fields[r]) for s, r in links.incoming(0)] == [(1, "builds_on"), (2, "implements")]
    assert [(s, fields[r]) for s, r in links.incoming(1)] == [(2, "implements")]
    assert list(links.outgoing(0)) == [] and links.degree(1) == 3
    assert links.kinds == bytes([KINDS.index("technique")] * 2 + [KINDS.index("tool")])


def test_links_round_trip_through_plain_bytes_and_refuse_what_does_not_fit() -> None:
    graph = load(FIXTURE_CATALOG, use_cache=False).graph
    state = graph.links.state()
    again = Links.from_state(state)
    assert again.state() == state and again.consistent(len(graph))
    assert not again.consistent(len(graph) + 1)
    broken = list(state)
    broken[2] = array("I", [len(graph)] * (len(broken[2]) // 4)).tobytes()  # past the end
    assert not Links.from_state(broken).consistent(len(graph))
