"""JSON Schemas: generated from the models, committed, and as strict as the loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from genai_catalog.files.layout import scan
from genai_catalog.files.yaml_read import parse, read
from genai_catalog.files.yaml_write import SCHEMA_FOLDER, schema_header
from genai_catalog.model import json_schema, kinds, schema
from genai_catalog.model.json_schema import file_name, schema_for, schema_text
from genai_catalog.paths import bundled_catalog

REPO_CATALOG = Path(__file__).resolve().parents[2] / "catalog"


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema_for(kind))


def test_every_schema_is_a_valid_json_schema() -> None:
    for kind in json_schema.kinds():
        Draft202012Validator.check_schema(schema_for(kind))


@pytest.mark.parametrize("root", sorted({REPO_CATALOG, bundled_catalog()}), ids=str)
def test_the_committed_schemas_are_what_genai_schema_generates(root: Path) -> None:
    # The installed copy is checked too: in CI that proves the wheel carries the dot folder.
    folder = root / SCHEMA_FOLDER
    expected = {file_name(kind): schema_text(kind) for kind in json_schema.kinds()}
    found = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.json")}
    assert found == expected, "run 'genai schema' and commit catalog/.schemas"


def test_every_kind_has_a_schema_and_the_record_header_points_at_it() -> None:
    assert json_schema.kinds() == list(kinds.KINDS)
    for kind in kinds.KINDS:
        assert schema_header(kind).endswith(f"=../{SCHEMA_FOLDER}/{file_name(kind)}")


def test_a_new_kind_gets_a_schema_without_a_change_here(monkeypatch: pytest.MonkeyPatch) -> None:
    class Collection(schema.RecordBase):
        kind: Literal["collection"]
        members: list[schema.Slug] | None = None

    monkeypatch.setitem(schema.RECORD_CLASSES, "collection", Collection)
    monkeypatch.setitem(kinds.FOLDERS, "collection", "collections")
    assert "collection" in json_schema.kinds()
    generated = schema_for("collection")
    assert generated["properties"]["kind"]["const"] == "collection"
    assert "members" in generated["properties"]


def test_every_bundled_record_file_validates_against_its_kinds_schema() -> None:
    root = REPO_CATALOG if REPO_CATALOG.is_dir() else bundled_catalog()
    found = scan(root)
    assert len(found.files) >= 300
    failures = []
    for rel in found.files:
        data = parse(read(root / rel, rel), rel).data
        kind = kinds.KIND_OF_FOLDER[rel.split("/")[0]]
        failures += [
            f"{rel}: {e.json_path}: {e.message}" for e in validator(kind).iter_errors(data)
        ]
    assert failures == []


BASE: dict[str, dict[str, Any]] = {
    "paper": {"id": "qlora-paper", "kind": "paper", "name": "QLoRA", "year": 2023,
              "arxiv": "2305.14314", "summary": "s", "authors": ["Tim Dettmers"]},
    "technique": {"id": "qlora", "kind": "technique", "name": "QLoRA", "summary": "s",
                  "category": "peft", "introduced_in": "qlora-paper"},
    "model": {"id": "llama-2", "kind": "model", "name": "Llama 2", "summary": "s",
              "open_weights": True, "modality": ["text"]},
    "tool": {"id": "peft", "kind": "tool", "name": "PEFT", "summary": "s",
             "repo": "https://github.com/huggingface/peft"},
    "dataset": {"id": "oasst1", "kind": "dataset", "name": "OASST1", "summary": "s"},
    "benchmark": {"id": "mmlu", "kind": "benchmark", "name": "MMLU", "summary": "s"},
}  # fmt: skip

# Records the loader refuses for a reason a schema can state: each must be refused by both.
REFUSED: list[tuple[str, str, dict[str, Any]]] = [
    ("wrong type: year as text", "paper", {"year": "2023"}),
    ("wrong type: boolean as text", "model", {"open_weights": "yes"}),
    ("wrong type: list as text", "technique", {"aliases": "Q-LoRA"}),
    ("wrong type: number as name", "tool", {"name": 7}),
    ("unknown field", "paper", {"open_weights": True}),
    ("unknown field in a link", "tool", {"links": [{"label": "x", "url": "https://x.org",
                                                     "kind": "code"}]}),
    ("bad slug: capitals", "technique", {"id": "QLoRA"}),
    ("bad slug: a path", "dataset", {"id": "../etc/passwd"}),
    ("bad slug in a reference", "technique", {"introduced_in": "QLoRA Paper"}),
    ("bad slug in topics", "benchmark", {"topics": ["Fine Tuning"]}),
    ("bad arXiv id: version", "paper", {"arxiv": "2305.14314v2"}),
    ("bad arXiv id: URL", "paper", {"arxiv": "https://arxiv.org/abs/2305.14314"}),
    ("bad URL: javascript", "tool", {"repo": "javascript:alert(1)"}),
    ("bad URL: no scheme", "paper", {"url": "example.org/paper.pdf"}),
    ("bad URL in a link", "model", {"links": [{"label": "x", "url": "ftp://x.org"}]}),
    ("missing field: name", "technique", {"name": None}),
    ("missing field: kind", "dataset", {"kind": None}),
    ("missing field: a paper's year", "paper", {"year": None}),
    ("missing field: summary of a record that is no draft", "tool", {"summary": None}),
    ("missing field: a link's url", "model", {"links": [{"label": "x"}]}),
    ("unknown category", "technique", {"category": "magic"}),
    ("unknown modality", "model", {"modality": ["smell"]}),
    ("unknown link type", "tool", {"links": [{"label": "x", "url": "https://x.org",
                                              "type": "tweet"}]}),
    ("a name on two lines", "paper", {"name": "Two\nlines"}),
    ("a padded name", "technique", {"name": " QLoRA"}),
    ("a blank summary", "dataset", {"summary": "   "}),
    ("an empty alias", "benchmark", {"aliases": [""]}),
    ("a year before 1940", "technique", {"year": 1900}),
]  # fmt: skip


def record(kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    data = BASE[kind] | changes
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("kind", list(BASE))
def test_the_valid_examples_are_valid_for_both(kind: str) -> None:
    schema.record_adapter().validate_python(BASE[kind])
    assert list(validator(kind).iter_errors(BASE[kind])) == []


@pytest.mark.parametrize(
    ("kind", "changes"),
    [(kind, changes) for _, kind, changes in REFUSED],
    ids=[r[0] for r in REFUSED],
)
def test_what_the_loader_refuses_the_schema_refuses(kind: str, changes: dict[str, Any]) -> None:
    data = record(kind, changes)
    with pytest.raises(ValidationError):
        schema.record_adapter().validate_python(data)
    assert list(validator(kind).iter_errors(data)) != []


def test_a_draft_may_leave_out_its_summary_in_both() -> None:
    draft = record("tool", {"summary": None, "draft": True})
    schema.record_adapter().validate_python(draft)
    assert list(validator("tool").iter_errors(draft)) == []
