"""genai tree (and lineage): a family by date, over base_model and builds_on."""

from __future__ import annotations

from pathlib import Path

from genai_catalog.cli.exit_codes import ExitCode
from genai_catalog.paths import bundled_catalog
from tests.helpers import check_graph_json, require_program, run

FAMILY = {
    "llama": "id: llama\nkind: model\nname: LLaMA\nyear: 2023\nsummary: The first one.\n"
    "topics: [llm]\n",
    "vicuna": "id: vicuna\nkind: model\nname: Vicuna\nyear: 2023\nsummary: A chat tune.\n"
    "topics: [llm]\nbase_model: llama\n",
    "llama-3": "id: llama-3\nkind: model\nname: Llama 3\nyear: 2024\nsummary: The third.\n"
    "topics: [llm]\nbuilds_on: [llama-2]\n",
}


def with_family(root: Path) -> Path:
    for record_id, text in FAMILY.items():
        (root / "models" / f"{record_id}.yaml").write_text(text, encoding="utf-8")
    llama2 = root / "models" / "llama-2.yaml"
    llama2.write_text(llama2.read_text() + "builds_on: [llama]\n", encoding="utf-8")
    return root


def test_a_family_reads_top_down_by_date(catalog_copy: Path) -> None:
    result = run("tree", "llama 2", "--catalog", with_family(catalog_copy))
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == (
        "Llama 2 (llama-2): derived from 1 record, 1 derived from it "
        "(base model and builds on links, by date)\n"
        "\n"
        "2023  LLaMA (llama)\n"
        "2023  └── Llama 2 (llama-2)  [builds on]  ◀\n"
        "2024      └── Llama 3 (llama-3)  [builds on]\n"
    )


def test_lineage_is_the_same_command_and_the_root_shows_every_branch(catalog_copy: Path) -> None:
    result = run("lineage", "llama", "--catalog", with_family(catalog_copy))
    assert result.stdout.splitlines()[2:] == [
        "2023  LLaMA (llama)  ◀",
        "2023  ├── Llama 2 (llama-2)  [builds on]",
        "2024  │   └── Llama 3 (llama-3)  [builds on]",
        "2023  └── Vicuna (vicuna)  [base model]",
    ]


def test_months_come_from_arxiv_and_a_record_alone_is_its_own_family() -> None:
    assert run("tree", "qlora").stdout == (
        "QLoRA (qlora): derived from 1 record, 0 derived from it "
        "(base model and builds on links, by date)\n"
        "\n"
        "2021-06  Low-Rank Adaptation (lora)\n"
        "2023-05  └── QLoRA (qlora)  [builds on]  ◀\n"
    )
    assert run("tree", "mmlu").stdout.splitlines()[2:] == [
        "2020  Massive Multitask Language Understanding (mmlu)  ◀"
    ]


def test_pictures_of_a_family(catalog_copy: Path, tmp_path: Path) -> None:
    root = with_family(catalog_copy)
    data = check_graph_json(run("tree", "llama-3", "-f", "json", "--catalog", root).stdout)
    assert data["ancestors"] == ["llama-2", "llama"] and data["descendants"] == []
    assert run("tree", "llama", "-f", "mermaid", "--catalog", root).stdout.startswith(
        "flowchart BT\n"
    )
    dot = run("tree", "llama", "-f", "dot", "--catalog", root).stdout
    assert '{ rank=same; "date 2024" [label="2024"]; "llama-3" }' in dot
    require_program("dot", "the svg format runs Graphviz")
    target = tmp_path / "llama.svg"
    assert run("tree", "llama", "-f", "svg", "-o", target, "--catalog", root).exit_code == 0
    assert ">Llama 3 (2024)</text>" in target.read_text()


def test_an_unknown_record_suggests_close_ids() -> None:
    result = run("tree", "lama-2")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == "Error: no record has the id 'lama-2' (did you mean: llama-2?)\n"


def test_the_bundled_llama_family_lists_llama_2() -> None:
    result = run("tree", "llama", "--catalog", bundled_catalog())
    assert result.exit_code == 0
    assert "Llama 2 (llama-2)  [builds on]" in result.stdout


def test_lineage_is_listed_as_the_same_command() -> None:
    assert "The same as 'genai tree'." in run("--help").stdout
