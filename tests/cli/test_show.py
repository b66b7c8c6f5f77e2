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


def test_show_a_collection_prints_its_sections_in_order_with_progress() -> None:
    run("mark", "qlora-paper", "--status", "read")
    run("mark", "guanaco", "--status", "reading")
    result = run("show", "peft-reading")
    assert result.exit_code == 0, result.stderr
    assert squash(result.stdout) == [
        "PEFT Reading List collection · peft-reading",
        "From the transformer to quantized low-rank adapters, in the order each builds on the "
        "last.",
        "aliases PEFT papers",
        "topics fine-tuning",
        "PEFT Reading List: 1 of 5 read (1 reading)",
        "Foundations",
        "1 paper 2017 Attention Is All You Need (transformer-paper)",
        "2 paper 2021 LoRA: Low-Rank Adaptation of Large Language Models (lora-paper) "
        "Low-rank updates trained beside frozen weights.",
        "Quantized fine-tuning",
        "1 paper 2023 QLoRA: Efficient Finetuning of Quantized LLMs (qlora-paper) read",
        "2 technique 2023 QLoRA (qlora)",
        "3 model 2023 Guanaco (guanaco) reading",
    ]


def test_show_a_collection_by_name_and_keep_items_by_status() -> None:
    run("mark", "qlora-paper", "--status", "read")
    lines = squash(run("show", "PEFT papers", "--status", "read").stdout)
    assert lines[4:] == [
        "PEFT Reading List: 1 of 5 read",
        "Quantized fine-tuning",
        "1 paper 2023 QLoRA: Efficient Finetuning of Quantized LLMs (qlora-paper) read",
    ]
    lines = squash(run("show", "peft-reading", "--status", "skipped").stdout)
    assert lines[4:] == ["PEFT Reading List: 1 of 5 read", "No item is skipped."]
    result = run("show", "lora", "--status", "read")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "Error: a status keeps the items of a collection; 'lora' is a technique\n"
    )


def test_show_a_collection_as_json_fills_in_its_items() -> None:
    run("mark", "guanaco", "--status", "reading", "--rating", "4")
    (data,) = json.loads(run("show", "peft-reading", "-f", "json").stdout)
    assert data["progress"] == {"total": 5, "read": 0, "reading": 1, "to-read": 0, "skipped": 0}
    first, second = data["sections"]
    assert first["items"][1] == {
        "id": "lora-paper",
        "kind": "paper",
        "name": "LoRA: Low-Rank Adaptation of Large Language Models",
        "year": 2021,
        "note": "Low-rank updates trained beside frozen weights.",
        "reading": None,
    }
    assert second["items"][2]["reading"]["status"] == "reading"
    assert second["items"][2]["reading"]["rating"] == 4


def test_show_a_record_names_its_collections_and_your_status() -> None:
    run("mark", "lora-paper", "--status", "read", "--rating", "4", "--note", "clear and short")
    lines = squash(run("show", "lora-paper").stdout)
    assert lines[7:9] == [
        "in collections: PEFT Reading List",
        "reading: read, rated 4/5, note: clear and short",
    ]
    (data,) = json.loads(run("show", "lora-paper", "-f", "json").stdout)
    assert data["in_collections"] == [{"id": "peft-reading", "name": "PEFT Reading List"}]
    assert data["reading"]["note"] == "clear and short"
    assert "in collections" not in run("show", "mmlu").stdout
