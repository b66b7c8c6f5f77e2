from __future__ import annotations

import json

from tests.helpers import run


def test_topics_lists_the_vocabulary_with_counts() -> None:
    rows = json.loads(run("topics", "--format", "json").stdout)
    assert rows[0] == {"topic": "architecture", "records": 2, "description": "Model designs."}
    assert {row["topic"]: row["records"] for row in rows}["peft"] == 5


def test_topics_table() -> None:
    result = run("topics")
    assert result.exit_code == 0
    assert "quantization" in result.stdout and "Fewer bits per weight." in result.stdout


def test_stats_counts_by_kind_topic_and_year() -> None:
    data = json.loads(run("stats", "--format", "json").stdout)
    assert data["records"] == 12
    assert data["by_kind"]["paper"] == 3
    assert data["by_year"]["2023"] == 5
    assert data["relations"] == 12


def test_stats_table_headline() -> None:
    assert run("stats").stdout.splitlines()[0] == "12 records, 12 links"


def test_stats_shows_reading_progress_overall_and_per_collection() -> None:
    run("mark", "lora-paper", "qlora", "--status", "read")
    run("mark", "mmlu", "--status", "reading")
    lines = run("stats").stdout.splitlines()
    assert lines[1:3] == [
        "reading: 2 read, 1 reading, 0 to read, 0 skipped",
        "  PEFT Reading List: 2 of 5 read",
    ]
    data = json.loads(run("stats", "--format", "json").stdout)
    assert data["reading"] == {"read": 2, "reading": 1, "to-read": 0, "skipped": 0, "orphans": 0}
    assert data["collections"] == [
        {"id": "peft-reading", "name": "PEFT Reading List", "total": 5, "read": 2,
         "reading": 0, "to-read": 0, "skipped": 0}
    ]  # fmt: skip
    assert data["by_kind"]["collection"] == 1
