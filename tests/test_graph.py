"""The graph shows every relation from both ends."""

from __future__ import annotations

from genai_catalog.catalog import load
from genai_catalog.graph import Graph
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
