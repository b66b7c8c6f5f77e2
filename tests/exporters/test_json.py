"""Graph JSON: one object of nodes and typed edges, checked against a JSON Schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from genai_catalog.catalog import load
from genai_catalog.exporters import GraphJob, render_graph
from tests.helpers import FIXTURE_CATALOG, GRAPH_SCHEMA, check_graph_json


def test_a_neighbourhood_as_json_fits_the_schema() -> None:
    catalog = load(FIXTURE_CATALOG, use_cache=False)
    data = check_graph_json(render_graph("json", GraphJob(catalog.subgraph("qlora", depth=2))))
    assert data["root"] == "qlora" and data["truncated"] is False
    assert {"id": "lora-paper", "kind": "paper", "year": 2021, "depth": 2,
            "name": "LoRA: Low-Rank Adaptation of Large Language Models"} in data["nodes"]  # type: ignore[operator]  # fmt: skip


def test_a_family_as_json_says_which_way_each_member_is() -> None:
    catalog = load(FIXTURE_CATALOG, use_cache=False)
    data = check_graph_json(render_graph("json", GraphJob(catalog.lineage("qlora"))))
    assert data["ancestors"] == ["lora"] and data["descendants"] == []
    assert data["edges"] == [
        {"source": "qlora", "target": "lora", "relation": "builds_on", "label": "builds on"}
    ]


def test_ascii_only_json_escapes_and_stays_the_same_document() -> None:
    catalog = load(FIXTURE_CATALOG, use_cache=False)
    found = catalog.subgraph("qlora")
    found.nodes[0] = found.nodes[0] | {"name": "QLoRA ✓ “quoted”"}
    plain = render_graph("json", GraphJob(found, ascii_only=True))
    assert plain.isascii()
    assert json.loads(plain) == json.loads(render_graph("json", GraphJob(found)))


def test_the_schema_refuses_what_it_should() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"root": "a", "truncated": False, "nodes": [], "edges": []}, GRAPH_SCHEMA
        )
