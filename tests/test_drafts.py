"""Authoring helpers: ids for new records, summaries that are not the abstract, scaffolds."""

from __future__ import annotations

import pytest

from genai_catalog.drafts import (
    check_text,
    editor_text,
    is_cancelled,
    paper_id,
    scaffold,
    summary_problem,
    unique_id,
)
from genai_catalog.files.yaml_write import schema_header
from genai_catalog.model.kinds import ENTITY_KINDS


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("QLoRA: Efficient Finetuning of Quantized LLMs", "qlora-paper"),
        ("Attention Is All You Need", "attention-all-you-need-paper"),
        ("Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
         "direct-preference-optimization-paper"),
        ("???", "untitled-paper"),
    ],
)  # fmt: skip
def test_paper_id(title: str, expected: str) -> None:
    assert paper_id(title) == expected


def test_unique_id() -> None:
    assert unique_id("x", {"x", "x-2"}) == "x-3"
    assert unique_id("y", {"x"}) == "y"


ABSTRACT = (
    "We present a method that trains adapters on a frozen quantized model. It reaches the "
    "quality of full fine-tuning with a fraction of the memory."
)


def test_a_summary_that_copies_the_abstract_is_refused() -> None:
    copied = "It reaches the quality of full fine-tuning with a fraction of the memory."
    expected = "copies the abstract; write 1-3 sentences in our own words"
    assert summary_problem(copied, ABSTRACT) == expected
    assert (
        summary_problem("Fine-tunes big models cheaply by freezing them in 4 bits.", ABSTRACT)
        is None
    )
    assert summary_problem("A method.", ABSTRACT) is None  # too short to judge


@pytest.mark.parametrize("kind", ENTITY_KINDS)
def test_every_scaffold_is_a_valid_draft_with_every_field_of_its_kind(kind: str) -> None:
    from genai_catalog.model.schema import RECORD_CLASSES

    text = scaffold(kind, "my-thing", "My Thing", schema_header(kind), year=2024)
    record, problems = check_text(text, "x.yaml")
    assert problems == []
    assert record == {
        "id": "my-thing",
        "kind": kind,
        "name": "My Thing",
        "draft": True,
        "year": 2024,
    }
    for name in RECORD_CLASSES[kind].model_fields:
        assert f"\n{name}:" in text or f"\n# {name}:" in text, name


def test_a_paper_scaffold_without_a_year_asks_for_it() -> None:
    text = scaffold("paper", "p", "P", schema_header("paper"))
    _, problems = check_text(text, "x.yaml")
    assert [(p.field, p.message) for p in problems] == [
        ("year", "has no value (it is empty or null); write one")
    ]


def test_editor_text_leaves_the_summary_to_write_and_shows_the_abstract() -> None:
    record = {"id": "p", "kind": "paper", "name": "P", "draft": True, "year": 2024}
    text = editor_text(record, schema_header("paper"), ABSTRACT)
    assert "draft" not in text
    assert "summary: >-\n  \n" in text
    assert "#   We present a method" in text
    _, problems = check_text(text.replace("summary: >-\n  \n", "summary: Ours.\n"), "x.yaml")
    assert problems == []
    assert not is_cancelled(text)
    assert is_cancelled("# all\n\n  # comments\n")
