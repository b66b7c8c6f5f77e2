"""Probable duplicates: each sign, and what is not a duplicate."""

from __future__ import annotations

from pathlib import Path

from genai_catalog import open_catalog
from genai_catalog.duplicates import Pair, find, normalized
from tests.helpers import bundled

TOOL = "id: {id}\nkind: tool\nname: {name}\nsummary: A tool.\n{extra}"


def catalog_with(root: Path, files: dict[str, str]) -> list[Pair]:
    for rel, text in files.items():
        (root / rel).write_text(text)
    return find(open_catalog(root, use_cache=False).graph)


def test_every_sign(catalog_copy: Path) -> None:
    pairs = catalog_with(catalog_copy, {
        "papers/qlora-again.yaml": 'id: qlora-again\nkind: paper\nname: QLoRA Again\n'
                                   'year: 2023\narxiv: "2305.14314"\nsummary: Again.\n',
        "tools/peft-fork.yaml": TOOL.format(id="peft-fork", name="Fork",
                                            extra='repo: "https://github.com/huggingface/peft/"\n'),
        "tools/peft-docs.yaml": TOOL.format(id="peft-docs", name="Docs", extra=(
            'links:\n  - {label: Docs, url: "https://github.com/huggingface/peft/tree/main/docs"}\n')),
        "tools/lit-gpt.yaml": TOOL.format(id="lit-gpt", name="Lit-GPT", extra=""),
        "tools/litgpt.yaml": TOOL.format(id="litgpt", name="LitGPTs", extra=""),
        "tools/guanaco-tool.yaml": TOOL.format(id="guanaco-tool", name="G Tool",
                                               extra="aliases: [guanaco]\n"),
    })  # fmt: skip
    assert [(p.reason, p.ids, p.value) for p in pairs] == [
        ("same arXiv id", ("qlora-again", "qlora-paper"), "2305.14314"),
        ("same URL", ("peft-fork", "peft-library"), "https://github.com/huggingface/peft"),
        ("same repository", ("peft-docs", "peft-fork"), "github.com/huggingface/peft"),
        ("same repository", ("peft-docs", "peft-library"), "github.com/huggingface/peft"),
        ("near-identical names", ("lit-gpt", "litgpt"), "Lit-GPT / LitGPTs"),
        ("shared name or alias", ("guanaco", "guanaco-tool"), "Guanaco"),
    ]


def test_what_is_not_a_duplicate(catalog_copy: Path) -> None:
    pairs = catalog_with(catalog_copy, {
        # Versions differ by a number, however close the names.
        "tools/qwen2.yaml": TOOL.format(id="qwen2", name="Qwen2 Toolkit", extra=""),
        "tools/qwen3.yaml": TOOL.format(id="qwen3", name="Qwen3 Toolkit", extra=""),
        # A paper links to the code of what it describes; a tool *is* that code.
        "papers/peft-paper.yaml": 'id: peft-paper\nkind: paper\nname: About PEFT\nyear: 2023\n'
            'summary: A paper.\nlinks:\n  - {label: Code, url: "https://github.com/huggingface/peft"}\n',
        # Linked records know about each other: the alias may be shared.
        "tools/lora-kit.yaml": TOOL.format(id="lora-kit", name="Kit",
                                           extra="aliases: [LoRA]\nimplements: [lora]\n"),
    })  # fmt: skip
    assert pairs == []


def test_normalized() -> None:
    assert normalized("Lláma-2") == normalized("LLaMA 2") == "llama2"


def test_the_bundled_catalog_has_no_probable_duplicates() -> None:
    assert find(bundled().graph) == []
