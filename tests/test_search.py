"""Search ranking on the fixture catalog: exact before prefix before fuzzy."""

from __future__ import annotations

import pytest

from genai_catalog.catalog import Catalog, load
from genai_catalog.errors import BadRequest
from genai_catalog.search import MAX_QUERY_WORDS, acronyms, compact
from tests.helpers import FIXTURE_CATALOG
from tests.helpers import top_ids as ranked


def fixture() -> Catalog:
    return load(FIXTURE_CATALOG, use_cache=False)


def top_ids(query: str, topic: str | None = None) -> list[str]:
    return ranked(fixture(), query, topic=topic)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("qlora", "qlora"),  # exact id beats the paper's exact alias
        ("QLoRA", "qlora"),
        ("lora", "lora"),
        ("llama 2", "llama-2"),
        ("llama2", "llama-2"),
        ("LLaMA-2", "llama-2"),
        ("mmlu", "mmlu"),
        ("qlroa", "qlora"),  # transposed letters
        ("guanac", "guanaco"),  # unfinished word
        ("adaptation low-rank", "lora"),  # word order
        ("openassistant conversations", "oasst1"),
        ("attention is all you need", "transformer-paper"),
        ("multitask understanding", "mmlu"),
    ],
)
def test_expected_record_ranks_first(query: str, expected: str) -> None:
    assert top_ids(query)[0] == expected


def test_filters_narrow_hits() -> None:
    papers = fixture().search("qlora", kind="paper")
    assert papers[0].record["id"] == "qlora-paper"
    assert {hit.record["kind"] for hit in papers} == {"paper"}
    assert all(i in {"lora", "qlora", "peft-library", "lora-paper", "qlora-paper"}
               for i in top_ids("lora", topic="peft"))  # fmt: skip


def test_nothing_matches_nonsense() -> None:
    assert top_ids("zzzzqqqq") == []


def test_normalisation_helpers() -> None:
    assert compact("LLaMA 2") == compact("llama-2") == "llama2"
    assert "cot" in acronyms("Chain-of-Thought")
    assert "rag" in acronyms("Retrieval-Augmented Generation")
    assert "dpo" in acronyms("Direct Preference Optimization")


def test_a_query_too_long_to_be_a_search_is_refused() -> None:
    words = " ".join(["word"] * (MAX_QUERY_WORDS + 1))
    with pytest.raises(BadRequest, match=f"the query has {MAX_QUERY_WORDS + 1} words"):
        fixture().search(words)
    with pytest.raises(BadRequest, match="characters long"):
        fixture().search("q" * 5000)
