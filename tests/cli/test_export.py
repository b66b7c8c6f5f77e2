from __future__ import annotations

import json
from pathlib import Path

import pytest

from genai_catalog.cli.exit_codes import ExitCode
from tests.helpers import run


def test_export_markdown_is_a_github_table_with_linked_names() -> None:
    result = run("export", "papers", "--columns", "name,year")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "| Name | Year |",
        "| --- | --- |",
        "| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | 2017 |",
        "| [LoRA: Low-Rank Adaptation of Large Language Models]"
        "(https://arxiv.org/abs/2106.09685) | 2021 |",
        "| [QLoRA: Efficient Finetuning of Quantized LLMs]"
        "(https://arxiv.org/abs/2305.14314) | 2023 |",
    ]


def test_export_groups_by_year_newest_first() -> None:
    out = run("export", "techniques", "--group-by", "year", "--columns", "name").stdout
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == ["## 2023", "## 2021", "## 2017"]


def test_export_json_carries_whole_records() -> None:
    records = json.loads(run("export", "models", "--format", "json").stdout)
    assert [r["id"] for r in records] == ["guanaco", "llama-2"]
    assert records[1]["parameters"] == "7B, 13B, 70B"


def test_export_unknown_column_suggests_one() -> None:
    result = run("export", "--columns", "name,yaer")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("Error: unknown column 'yaer' (did you mean: year?)")


def test_export_group_by_needs_markdown() -> None:
    result = run("export", "--format", "csv", "--group-by", "topic")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "Error: grouping into sections works with the markdown format only\n"


def test_export_output_writes_a_file_and_will_not_clobber_it(tmp_path: Path) -> None:
    target = tmp_path / "papers.md"
    result = run("export", "papers", "-o", str(target))
    assert result.exit_code == 0 and result.stderr == f"wrote {target}\n"
    assert target.read_text().startswith("| Name | Kind | Year | Topics | Summary |")
    target.write_text("keep me")
    result = run("export", "papers", "-o", str(target))
    assert result.exit_code == ExitCode.OUTPUT_EXISTS
    assert result.stderr == f"Error: {target} already exists; pass --force to overwrite it\n"
    assert target.read_text() == "keep me"
    assert run("export", "papers", "-o", str(target), "--force").exit_code == 0
    assert target.read_text().startswith("| Name |")
    assert [p.name for p in tmp_path.iterdir()] == ["papers.md"]  # no temp file left


def test_export_a_collection_writes_a_table_per_section_in_its_order() -> None:
    result = run("export", "--collection", "peft-reading", "--columns", "name,year,note")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "# PEFT Reading List\n\n"
        "From the transformer to quantized low-rank adapters, in the order each builds on the "
        "last.\n\n"
        "## Foundations\n\n"
        "| Name | Year | Note |\n| --- | --- | --- |\n"
        "| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | 2017 |  |\n"
        "| [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)"
        " | 2021 | Low-rank updates trained beside frozen weights. |\n\n"
        "## Quantized fine-tuning\n\n"
        "| Name | Year | Note |\n| --- | --- | --- |\n"
        "| [QLoRA: Efficient Finetuning of Quantized LLMs](https://arxiv.org/abs/2305.14314)"
        " | 2023 |  |\n"
        "| QLoRA | 2023 |  |\n"
        "| Guanaco | 2023 |  |\n"
    )
    default = run("export", "--collection", "peft-reading").stdout.splitlines()
    assert default[6] == "| Name | Year | Summary | Note |"  # it has notes, so they are shown


def test_export_a_collection_with_your_state_as_csv_and_json() -> None:
    run("mark", "lora-paper", "--status", "read", "--rating", "5", "--note", "start here")
    run("mark", "qlora", "--status", "to-read")
    result = run(
        "export", "--collection", "peft-reading", "-f", "csv",
        "--columns", "name,status,rating,my_note,read_status",
    )  # fmt: skip
    assert result.stdout.splitlines() == [
        "section,name,status,rating,my_note,read_status",
        "Foundations,Attention Is All You Need,,,,No",
        "Foundations,LoRA: Low-Rank Adaptation of Large Language Models,read,5,start here,Yes",
        "Quantized fine-tuning,QLoRA: Efficient Finetuning of Quantized LLMs,,,,No",
        "Quantized fine-tuning,QLoRA,to-read,,,No",
        "Quantized fine-tuning,Guanaco,,,,No",
    ]
    rows = json.loads(
        run("export", "--collection", "peft-reading", "-f", "json", "--status", "to-read").stdout
    )
    assert [(r["section"], r["id"]) for r in rows] == [("Quantized fine-tuning", "qlora")]
    rows = json.loads(run("export", "papers", "-f", "json", "-c", "name,status").stdout)
    assert rows[1] == {
        "id": "lora-paper",
        "kind": "paper",
        "name": rows[1]["name"],
        "status": "read",
    }


def test_export_a_collection_keeps_only_the_items_the_filters_keep() -> None:
    out = run("export", "--collection", "peft-reading", "--since", "2022", "-c", "name").stdout
    assert [line for line in out.splitlines() if line.startswith("## ")] == [
        "## Quantized fine-tuning"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["papers", "--collection", "peft-reading"],
         "a collection export lists the collection's items; it takes no kind"),
        (["--collection", "peft-reading", "--sort", "year"],
         "a collection keeps its own order; it cannot be sorted"),
        (["--collection", "peft-reading", "--group-by", "year"],
         "a collection is written section by section; it takes no grouping"),
        (["papers", "--columns", "name,note"],
         "the note column holds a collection's notes on its items; it needs a collection to "
         "export"),
        (["--collection", "lora"], "'lora' is a technique, not a collection"),
    ],
)  # fmt: skip
def test_export_collection_refuses_what_does_not_apply(args: list[str], message: str) -> None:
    result = run("export", *args)
    assert (result.exit_code, result.stderr) == (ExitCode.USAGE, f"Error: {message}\n")


def test_export_bibtex_skips_records_that_are_not_papers_with_one_warning() -> None:
    result = run("export", "--format", "bibtex")
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: skipped 9 records the bibtex format cannot write (it writes papers only)\n"
    )
    keys = [line for line in result.stdout.splitlines() if line.startswith("@")]
    assert keys == [
        "@misc{transformer-paper,",  # no authors: cited by its id
        "@misc{hu2021lora,",
        "@misc{dettmers2023qlora,",
    ]


def test_export_bibtex_refuses_a_selection_without_papers() -> None:
    result = run("export", "techniques", "--format", "bibtex")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "Error: the bibtex format writes papers only, and none of the 3 selected records "
        "is a paper\n"
    )
    assert result.stdout == ""


def test_export_bibtex_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "papers.bib"
    result = run("export", "papers", "--format", "bibtex", "-o", str(target))
    assert result.exit_code == 0 and result.stderr == f"wrote {target}\n"
    assert target.read_text().startswith("@misc{transformer-paper,\n")


def test_export_sqlite_needs_an_output_path() -> None:
    result = run("export", "--format", "sqlite")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "Error: the sqlite format writes a file; give it a path with --output\n"


def test_export_sqlite_writes_a_database_and_replaces_it_only_with_force(tmp_path: Path) -> None:
    import sqlite3

    target = tmp_path / "catalog.db"
    result = run("export", "--format", "sqlite", "--output", str(target))
    assert result.exit_code == 0 and result.stderr == f"wrote {target}\n"
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT count(*) FROM records").fetchone() == (12,)  # the fixture
    again = run("export", "--format", "sqlite", "--output", str(target))
    assert again.exit_code == ExitCode.OUTPUT_EXISTS
    assert again.stderr == f"Error: {target} already exists; pass --force to overwrite it\n"
    papers = run("export", "papers", "--format", "sqlite", "-o", str(target), "--force")
    assert papers.exit_code == 0
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT count(*) FROM records").fetchone() == (3,)
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.db"]
