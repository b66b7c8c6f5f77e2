from __future__ import annotations

import json
from pathlib import Path

from genai_catalog.cli.exit_codes import ExitCode
from tests.helpers import run


def squash(text: str) -> list[str]:
    """Lines with runs of spaces collapsed: table padding is the renderer's business."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_show_lists_links_in_both_directions() -> None:
    result = run("show", "qlora")
    assert result.exit_code == 0
    lines = squash(result.stdout)
    assert lines[0] == "QLoRA technique · qlora"
    start = lines.index("Linked records")
    assert lines[start + 1 : start + 5] == [
        "→ introduced in QLoRA: Efficient Finetuning of Quantized LLMs (qlora-paper) paper",
        "→ builds on Low-Rank Adaptation (lora) technique",
        "← used by Guanaco (guanaco) model",
        "← implemented by PEFT (peft-library) tool",
    ]


def test_show_json_has_the_record_and_its_links() -> None:
    (data,) = json.loads(run("show", "qlora-paper", "--format", "json").stdout)
    assert data["id"] == "qlora-paper" and data["arxiv"] == "2305.14314"
    assert [(link["label"], link["id"]) for link in data["links_in"]] == [
        ("introduces", "qlora"),
        ("introduces", "guanaco"),
    ]
    assert data["links_out"] == []


def test_show_accepts_an_exact_alias() -> None:
    assert json.loads(run("show", "LoRA", "-f", "json").stdout)[0]["id"] == "lora"


def test_show_unknown_id_suggests_close_ones() -> None:
    result = run("show", "qlroa")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == "Error: no record has the id 'qlroa' (did you mean: qlora, lora?)\n"
    assert result.stdout == ""


def test_show_finds_a_name_written_loosely() -> None:
    assert json.loads(run("show", "LLaMA-2", "-f", "json").stdout)[0]["id"] == "llama-2"


def test_show_refuses_a_name_that_several_records_share(catalog_copy: Path) -> None:
    qlora = catalog_copy / "techniques" / "qlora.yaml"
    qlora.write_text(qlora.read_text().replace("[Quantized LoRA]", "[Quantized LoRA, LoRA]"))
    result = run("show", "lora adapters", "--catalog", str(catalog_copy))
    assert result.exit_code == ExitCode.NOT_FOUND
    result = run("show", "LoRA", "--catalog", str(catalog_copy))
    assert result.exit_code == 0  # the id wins over aliases
    result = run("show", "L-o-R-A", "--catalog", str(catalog_copy))
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == "Error: 'L-o-R-A' names several records: lora, qlora; give the id\n"
