"""The public API: open_catalog() and the questions a Catalog answers."""

from __future__ import annotations

import pytest

import genai_catalog
from genai_catalog.errors import BadRequest, NoPath, RecordNotFound
from tests.helpers import FIXTURE_CATALOG


def test_open_catalog_reads_the_path_else_the_environment() -> None:
    assert len(genai_catalog.open_catalog(FIXTURE_CATALOG)) == 12
    assert len(genai_catalog.open_catalog()) == 12  # $GENAI_CATALOG is the fixture here


def test_get_resolves_ids_names_and_aliases_and_suggests_ids() -> None:
    catalog = genai_catalog.open_catalog()
    assert catalog.get("OASST1")["id"] == "oasst1"
    assert catalog.get("llama 2")["id"] == "llama-2"
    assert [(n.label, n.record["id"]) for n in catalog.neighbours("oasst1")] == [
        ("trains", "guanaco")
    ]
    with pytest.raises(RecordNotFound, match="did you mean: mmlu"):
        catalog.get("mmlo")


def test_search_checks_its_filters() -> None:
    catalog = genai_catalog.open_catalog()
    assert catalog.search("qlroa")[0].record["id"] == "qlora"
    with pytest.raises(BadRequest, match="unknown topic 'pefts' \\(did you mean: peft\\?\\)"):
        catalog.search("lora", topic="pefts")
    with pytest.raises(BadRequest, match="unknown kind"):
        catalog.search("lora", kind="blog")


def test_select_and_links_both_ways() -> None:
    catalog = genai_catalog.open_catalog()
    assert [r["id"] for r in catalog.select(kind="paper", sort="year")][:1] == ["qlora-paper"]
    qlora = catalog.with_links(catalog.get("qlora"))
    assert {"relation": "builds_on", "label": "builds on", "id": "lora", "kind": "technique",
            "name": catalog.get("lora")["name"]} in qlora["links_out"]  # fmt: skip
    assert [link["id"] for link in qlora["links_in"]] == ["guanaco", "peft-library"]


def test_the_api_example_in_the_package_docstring_runs() -> None:
    import doctest

    import genai_catalog as package

    # The docstring example reads the bundled catalog.
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("GENAI_CATALOG")
        failures, tried = doctest.testmod(package)
    assert (failures, tried) == (0, 4)


def test_the_link_questions_take_names_and_aliases() -> None:
    catalog = genai_catalog.open_catalog()
    assert catalog.subgraph("Quantized LoRA", depth=0).root == "qlora"
    assert [r["id"] for r in catalog.path("LoRA", "QLoRA paper").records] == [
        "lora", "qlora", "qlora-paper",
    ]  # fmt: skip
    with pytest.raises(NoPath, match=r"joins OpenAssistant Conversations \(oasst1\) and Llama 2"):
        catalog.paths("OASST1", "llama 2", relations=["trains"])
    assert catalog.lineage("LoRA").descendants == ["qlora"]
    with pytest.raises(RecordNotFound, match="did you mean: qlora"):
        catalog.path("qlorra", "lora")
