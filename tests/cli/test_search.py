from __future__ import annotations

import json

import pytest

from genai_catalog.cli import render
from genai_catalog.cli.exit_codes import ExitCode
from tests.helpers import run


def test_search_prints_plain_columns_in_a_pipe() -> None:
    result = run("search", "qlora", "--limit", "2")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "#  id           kind       name                                           year  score",
        "1  qlora        technique  QLoRA                                          2023  100.0",
        "2  qlora-paper  paper      QLoRA: Efficient Finetuning of Quantized LLMs  2023  83.0",
    ]


def test_search_prints_a_rich_table_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "interactive", lambda: True)
    lines = [line for line in run("search", "qlora").stdout.splitlines() if line.strip()]
    assert lines[0].split()[:3] == ["#", "id", "kind"]
    assert set(lines[1].strip()) == {"─"}
    assert lines[2].split()[:4] == ["1", "qlora", "technique", "QLoRA"]


def test_search_json_gives_full_records_with_a_score() -> None:
    result = run("search", "qlroa", "--format", "json", "--limit", "2")
    hits = json.loads(result.stdout)
    assert [hit["id"] for hit in hits][:1] == ["qlora"]
    assert hits[0]["kind"] == "technique" and hits[0]["introduced_in"] == "qlora-paper"
    assert 0 < hits[0]["score"] <= 100
    assert len(hits) <= 2


def test_search_explain_says_why() -> None:
    result = run("search", "qlora", "--explain", "--format", "json")
    assert json.loads(result.stdout)[0]["why"] == "exact id 'qlora'"


def test_search_kind_filter_accepts_plural_and_refuses_nonsense() -> None:
    assert (
        json.loads(run("search", "lora", "-k", "papers", "-f", "json").stdout)[0]["kind"] == "paper"
    )
    result = run("search", "lora", "--kind", "paperz")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown kind 'paperz' (did you mean: paper, papers?); "
        "choose from paper, technique, model, tool, dataset, benchmark, collection "
        "(singular or plural)\n"
    )


def test_search_with_unknown_topic_suggests_one() -> None:
    result = run("search", "lora", "--topic", "pefts")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown topic 'pefts' (did you mean: peft?); the catalog's topics.yaml lists them\n"
    )


def test_search_without_hits_says_so() -> None:
    result = run("search", "zzzzqqqq")
    assert result.exit_code == ExitCode.NO_MATCH
    assert result.stderr == "No record matches 'zzzzqqqq'.\n"


def test_search_finds_collections_and_filters_by_status() -> None:
    assert json.loads(run("search", "peft papers", "-f", "json", "-n", "1").stdout)[0]["id"] == (
        "peft-reading"
    )
    run("mark", "qlora", "--status", "read")
    hits = json.loads(run("search", "qlora", "--status", "read", "-f", "json").stdout)
    assert [hit["id"] for hit in hits] == ["qlora"]
    hits = json.loads(run("search", "qlora", "--status", "unmarked", "-f", "json").stdout)
    assert "qlora" not in [hit["id"] for hit in hits] and hits
    result = run("search", "qlora", "--kind", "collection", "--status", "read")
    assert result.exit_code == ExitCode.NO_MATCH
