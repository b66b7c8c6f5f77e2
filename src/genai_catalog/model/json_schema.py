"""JSON Schemas of the record kinds, for editors: generated from the pydantic models.

One schema per kind in ``schema.RECORD_CLASSES`` (a new kind gets one without
a change here), with our own titles and a description on every field, which
the YAML language server shows while a record is typed. Rules the models
check in code are written as schema keywords where JSON Schema can say them
(one-line text, a summary unless the record is a draft); the rest (a year
not in the future, an arXiv id agreeing with the year, references and topics
that exist) is ``genai validate``'s.
"""

from __future__ import annotations

import json
from typing import Any

from genai_catalog.model.kinds import FOLDERS
from genai_catalog.model.schema import RECORD_CLASSES

DIALECT = "https://json-schema.org/draft/2020-12/schema"

KIND_HELP = {
    "paper": "A paper: its exact title as the name, its year, and its arXiv id or URL.",
    "technique": "A technique or concept: a method, an architecture, a way of prompting.",
    "model": "A model: a released system with weights or an API.",
    "tool": "A tool: a library, framework, runtime, service or application.",
    "dataset": "A dataset used to train or tune models.",
    "benchmark": "A benchmark used to evaluate models.",
}

FIELD_HELP = {
    "id": "Lowercase slug (letters, digits, hyphens), equal to the file name and unique "
    "across all kinds.",
    "kind": "The record's kind; must match its folder.",
    "name": "The common name; for a paper, its exact title.",
    "aliases": "Short names, acronyms and common misspellings people type (QLoRA, CoT).",
    "draft": "true while the record waits for its summary; validate warns about drafts.",
    "summary": "One to three sentences in our own words, never a copied abstract.",
    "topics": "Topics from the catalog's topics.yaml.",
    "year": "The year it appeared (never in the future); for a paper, of its first version.",
    "links": "Web pages about the record, each with a label, a URL and a type.",
    "related": "Ids of related records of any kind; shown on both records.",
    "notes": "Free notes in markdown.",
    "category": "What sort of technique or tool it is.",
    "organization": "Who made it.",
    "arxiv": "The bare arXiv id, '2305.14314': no version, no URL; its yymm must agree "
    "with the year.",
    "authors": "The authors, in paper order.",
    "venue": "Where it was published: 'NeurIPS 2023'.",
    "url": "The paper's page, for a paper not on arXiv.",
    "parameters": "Parameter counts as text: '7B, 13B, 70B'.",
    "architecture": "The architecture in words: 'decoder-only transformer'.",
    "modality": "What it takes in or puts out.",
    "open_weights": "Whether the weights can be downloaded.",
    "license": "The license, as its holder names it.",
    "repo": "The source repository's URL.",
    "homepage": "The homepage's URL.",
    "tasks": "Tasks it covers.",
    "metrics": "Metrics it reports.",
    "size": "Its size as text: '52K examples'.",
    "introduced_in": "Id of the paper that introduced it.",
    "builds_on": "Ids of records of the same kind it builds on.",
    "base_model": "Id of the model it was fine-tuned from.",
    "uses": "Ids of the techniques it uses.",
    "trained_on": "Ids of the datasets it was trained on.",
    "evaluated_on": "Ids of the benchmarks or datasets it was evaluated on.",
    "implements": "Ids of the techniques or models it implements.",
}

LINK_HELP = {
    "label": "What the page is: 'arXiv abstract', 'Reference implementation'.",
    "url": "An http(s) URL.",
    "type": "What sort of page it is.",
}


def kinds() -> list[str]:
    """Every kind that has a model, in the order the models are declared."""
    return list(RECORD_CLASSES)


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind's record files."""
    generated = RECORD_CLASSES[kind].model_json_schema(mode="validation")
    properties = generated["properties"]
    for name, prop in properties.items():
        prop.pop("title", None)
        if name in FIELD_HELP:
            prop["description"] = FIELD_HELP[name]
    definitions = generated.get("$defs", {})
    link = definitions.get("Link")
    if link is not None:
        link["description"] = "A web page about the record."
        for name, prop in link["properties"].items():
            prop.pop("title", None)
            prop["description"] = LINK_HELP.get(name, "")
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "title": f"genai-catalog {kind} record ({FOLDERS[kind]}/<id>.yaml)",
        "description": KIND_HELP.get(kind, f"A {kind} record."),
        "type": "object",
        "properties": properties,
        "required": generated.get("required", []),
        "additionalProperties": False,
    }
    if "summary" in properties and "draft" in properties:
        # RecordBase._summary_unless_draft, said so that an editor can check it.
        schema["anyOf"] = [
            {"required": ["summary"]},
            {"required": ["draft"], "properties": {"draft": {"const": True}}},
        ]
    if definitions:
        schema["$defs"] = definitions
    return schema


def schema_text(kind: str) -> str:
    """A kind's schema as the file holds it: stable, indented, one final newline."""
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"
