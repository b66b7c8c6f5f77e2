from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from genai_catalog.cli import render
from tests.helpers import run


def ids(*args: str) -> list[str]:
    result = run("list", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [record["id"] for record in json.loads(result.stdout)]


def test_list_kind_singular_or_plural() -> None:
    assert ids("papers") == ids("paper") == ["transformer-paper", "lora-paper", "qlora-paper"]


def test_list_filters_combine() -> None:
    assert ids("--topic", "peft", "--since", "2022") == ["qlora", "qlora-paper"]
    assert ids("models", "--org", "meta") == ["llama-2"]
    assert ids("--year", "2017") == ["transformer-paper", "transformer"]
    assert ids("--until", "2020", "--sort", "year") == ["mmlu", "transformer-paper", "transformer"]


def test_list_table_on_a_terminal_counts_records(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "interactive", lambda: True)
    result = run("list", "techniques")
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("3 record(s)")


def test_list_in_a_pipe_is_one_record_a_line() -> None:
    lines = run("list", "techniques").stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["id", "lora", "qlora", "transformer"]


def test_list_csv_and_markdown() -> None:
    rows = list(csv.reader(io.StringIO(run("list", "datasets", "--format", "csv").stdout)))
    assert rows[0] == ["name", "kind", "year", "topics", "summary"]
    assert rows[1][:3] == ["OpenAssistant Conversations", "dataset", "2023"]
    markdown = run("list", "benchmarks", "--format", "markdown").stdout.splitlines()
    assert markdown[0] == "| Name | Kind | Year | Topics | Summary |"
    assert len(markdown) == 3


def test_list_bad_sort_is_a_usage_error() -> None:
    result = run("list", "--sort", "size")
    assert result.exit_code == 2
    assert result.stderr == "Error: cannot sort by 'size'; choose from year, name, id, kind\n"


def test_list_collections_and_filter_by_reading_status() -> None:
    assert ids("collections") == ["peft-reading"]
    run("mark", "lora-paper", "qlora", "--status", "to-read")
    assert ids("--status", "to-read") == ["lora-paper", "qlora"]
    assert ids("papers", "--status", "unmarked") == ["transformer-paper", "qlora-paper"]
    lines = run("list", "papers").stdout.splitlines()
    assert [line.split()[-1] for line in lines] == [
        "status",
        "architecture",
        "to-read",
        "quantization",
    ]


def test_list_table_has_no_status_column_until_something_is_marked() -> None:
    assert run("list", "papers").stdout.splitlines()[0].split() == [
        "id", "kind", "name", "year", "topics",
    ]  # fmt: skip


def test_list_drafts(catalog_copy: Path) -> None:
    (catalog_copy / "papers" / "new-paper.yaml").write_text(
        "id: new-paper\nkind: paper\nname: A New Paper\ndraft: true\nyear: 2024\n"
    )
    result = run("list", "--drafts", "--catalog", catalog_copy, "--format", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["new-paper"]
    assert run("list", "--drafts", "--format", "json").stdout == "[]\n"
