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
