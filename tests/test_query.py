"""The functions behind list, export, topics and stats, without the CLI."""

from __future__ import annotations

import pytest

from genai_catalog.catalog import load
from genai_catalog.errors import BadRequest
from genai_catalog.graph import Graph
from genai_catalog.query import Filters, check_kind, select, stats, topic_counts
from tests.helpers import FIXTURE_CATALOG


def graph() -> Graph:
    return load(FIXTURE_CATALOG, use_cache=False).graph


def test_select_filters_and_sorts() -> None:
    chosen = select(graph(), Filters(kind="technique", sort="year"))
    assert [r["id"] for r in chosen] == ["qlora", "lora", "transformer"]
    assert [r["id"] for r in select(graph(), Filters(org="hugging"))] == ["peft-library"]


def test_select_takes_kinds_in_either_number() -> None:
    assert select(graph(), Filters(kind="techniques")) == select(graph(), Filters(kind="technique"))


def test_records_without_a_year_drop_out_of_year_filters() -> None:
    assert all("year" in r for r in select(graph(), Filters(since=1900)))
    assert "peft-library" not in {r["id"] for r in select(graph(), Filters(until=2100))}


def test_an_unknown_sort_key_is_refused() -> None:
    with pytest.raises(BadRequest, match="cannot sort by 'size'; choose from year, name, id, kind"):
        select(graph(), Filters(sort="size"))


def test_check_kind_accepts_both_numbers_and_refuses_others() -> None:
    assert check_kind("Models") == check_kind("model") == "model"
    with pytest.raises(BadRequest, match="unknown kind 'modle'"):
        check_kind("modle")


def test_stats_and_topic_counts() -> None:
    summary = stats(graph())
    assert summary["by_kind"]["technique"] == 3
    assert summary["by_year"] == {2017: 2, 2020: 1, 2021: 2, 2023: 5}
    topics = load(FIXTURE_CATALOG, use_cache=False).topics
    assert topic_counts(graph(), topics)[:2] == [
        ("architecture", 2, "Model designs."),
        ("peft", 5, "Parameter-efficient fine-tuning."),
    ]
