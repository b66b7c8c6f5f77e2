"""genai path: the shortest chain of typed links, read in the direction of the walk."""

from __future__ import annotations

import json
from pathlib import Path

from genai_catalog.cli.exit_codes import ExitCode
from tests.helpers import run


def test_a_chain_follows_stored_links_forward() -> None:
    result = run("path", "qlora", "lora-paper")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == (
        "QLoRA —builds on→ Low-Rank Adaptation —introduced in→ "
        "LoRA: Low-Rank Adaptation of Large Language Models\n"
    )


def test_a_link_walked_backwards_reads_by_its_inverse() -> None:
    assert run("path", "lora-paper", "qlora").stdout == (
        "LoRA: Low-Rank Adaptation of Large Language Models —introduces→ "
        "Low-Rank Adaptation —built upon by→ QLoRA\n"
    )
    assert run("path", "LoRA", "oasst1").stdout == (
        "Low-Rank Adaptation —built upon by→ QLoRA —used by→ Guanaco —trained on→ "
        "OpenAssistant Conversations\n"
    )


def test_all_lists_every_shortest_chain(catalog_copy: Path) -> None:
    # PEFT implements QLoRA and LoRA; a second tool that implements both makes two chains.
    (catalog_copy / "tools" / "other.yaml").write_text(
        "id: other\nkind: tool\nname: Other\ncategory: library\nsummary: Another library.\n"
        "topics: [peft]\nimplements: [lora, qlora]\n"
    )
    result = run("path", "peft-library", "other", "--all", "--catalog", catalog_copy)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "PEFT —implements→ Low-Rank Adaptation —implemented by→ Other",
        "PEFT —implements→ QLoRA —implemented by→ Other",
    ]
    single = run("path", "peft-library", "other", "--catalog", catalog_copy)
    assert single.stdout == "PEFT —implements→ Low-Rank Adaptation —implemented by→ Other\n"


def test_json_gives_ids_and_each_links_stored_direction() -> None:
    (chain,) = json.loads(run("path", "lora-paper", "qlora", "-f", "json").stdout)
    assert [r["id"] for r in chain["records"]] == ["lora-paper", "lora", "qlora"]
    assert chain["links"] == [
        {"source": "lora", "target": "lora-paper", "relation": "introduced_in",
         "label": "introduces", "forward": False},
        {"source": "qlora", "target": "lora", "relation": "builds_on",
         "label": "built upon by", "forward": False},
    ]  # fmt: skip


def test_no_chain_has_its_own_exit_code_and_message() -> None:
    result = run("path", "qlora", "mmlu")
    assert result.exit_code == ExitCode.NO_PATH
    assert int(ExitCode.NO_PATH) == 8
    assert result.stdout == ""
    assert result.stderr == (
        "Error: no chain of links joins QLoRA (qlora) and "
        "Massive Multitask Language Understanding (mmlu)\n"
    )
    result = run("path", "qlora", "lora-paper", "--relation", "builds_on")
    assert result.exit_code == ExitCode.NO_PATH
    assert result.stderr == (
        "Error: no chain of links joins QLoRA (qlora) and LoRA: Low-Rank Adaptation of "
        "Large Language Models (lora-paper) through builds on links\n"
    )


def test_names_resolve_like_show_and_unknown_ones_suggest() -> None:
    assert run("path", "Quantized LoRA", "LoRA paper").exit_code == 0
    result = run("path", "qlora", "lorra-paper")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == (
        "Error: no record has the id 'lorra-paper' (did you mean: lora-paper, qlora-paper, "
        "transformer-paper?)\n"
    )
