"""The schema: what a record may and may not say."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from genai_catalog.errors import Problem
from genai_catalog.model.messages import validate_data
from genai_catalog.model.schema import current_year, record_adapter, to_plain

PAPER: dict[str, Any] = {
    "id": "qlora-paper",
    "kind": "paper",
    "name": "QLoRA: Efficient Finetuning of Quantized LLMs",
    "summary": "Fine-tunes 4-bit models through adapters.",
    "year": 2023,
    "arxiv": "2305.14314",
}


def validate(**changes: Any) -> Any:
    return record_adapter().validate_python(PAPER | changes)


class _Unlocated:
    """Parsed data without positions: every problem is reported at 1:1."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def line_of(self, path: tuple[str | int, ...]) -> tuple[int, int] | None:
        return (1, 1)


def problems(data: dict[str, Any]) -> list[Problem]:
    record, found = validate_data(_Unlocated(data), "r.yaml")
    assert record is None
    return found


def test_old_style_arxiv_ids_are_accepted_with_their_century() -> None:
    paper = PAPER | {"arxiv": "hep-th/9901001", "year": 1999}
    assert to_plain(record_adapter().validate_python(paper))["arxiv"] == "hep-th/9901001"
    assert [str(p) for p in problems(paper | {"year": 2001})] == [
        "r.yaml:1:1: year: 2001 disagrees with arxiv hep-th/9901001, from 1999"
    ]


def test_a_valid_paper_round_trips_to_plain_data_with_id_kind_name_first() -> None:
    plain = to_plain(validate())
    assert list(plain)[:3] == ["id", "kind", "name"]
    assert plain["arxiv"] == "2305.14314"
    assert "aliases" not in plain  # empty lists are left out


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"autors": ["x"]}, "r.yaml:1:1: autors: unknown field (did you mean: authors?)"),
        ({"id": "QLoRA"}, "r.yaml:1:1: id: 'QLoRA' is not an id: use lowercase letters, "
         "digits and hyphens (like 'qlora')"),
        ({"arxiv": "2305.14314v2"}, "r.yaml:1:1: arxiv: '2305.14314v2' has a version suffix; "
         "write the bare id '2305.14314' so the paper has one spelling"),
        ({"year": 2022}, "r.yaml:1:1: year: 2022 disagrees with arxiv 2305.14314, from 2023"),
        ({"year": "2023"}, "r.yaml:1:1: year: expected a whole number, got the text '2023'"),
        ({"kind": "blog"}, "r.yaml:1:1: kind: unknown kind 'blog'"),
        ({"links": [{"label": "x", "url": "javascript:alert(1)"}]},
         "r.yaml:1:1: links.0.url: 'javascript:alert(1)' is not an http(s) URL"),
        ({"name": "Two\nlines"}, "r.yaml:1:1: name: must be one line of text, without line "
         "breaks or tabs"),
        ({"name": " padded"}, "r.yaml:1:1: name: starts or ends with spaces; remove them"),
        ({"summary": "  "}, "r.yaml:1:1: summary: is blank; write the text"),
    ],
)  # fmt: skip
def test_invalid_papers_are_refused_in_our_words(changes: dict[str, Any], expected: str) -> None:
    assert [str(p) for p in problems(PAPER | changes)] == [expected]


def test_a_year_in_the_future_is_refused() -> None:
    with pytest.raises(ValidationError, match="is in the future"):
        record_adapter().validate_python(
            {
                "id": "x",
                "kind": "technique",
                "name": "X",
                "summary": "s",
                "year": current_year() + 1,
            }
        )


def test_a_model_takes_its_own_fields_and_no_others() -> None:
    model = {"id": "m", "kind": "model", "name": "M", "summary": "s", "open_weights": True}
    assert to_plain(record_adapter().validate_python(model))["open_weights"] is True
    with pytest.raises(ValidationError, match="Extra inputs"):
        record_adapter().validate_python(model | {"arxiv": "2305.14314"})


COLLECTION: dict[str, Any] = {
    "id": "reading",
    "kind": "collection",
    "name": "Reading",
    "summary": "A list.",
    "sections": [{"title": "First", "items": ["a", {"id": "b", "note": "Why b."}]}],
}


def test_a_collection_holds_every_item_in_one_shape() -> None:
    plain = to_plain(record_adapter().validate_python(COLLECTION))
    assert plain["sections"] == [
        {"title": "First", "items": [{"id": "a"}, {"id": "b", "note": "Why b."}]}
    ]


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        ([], "sections: is empty; a collection needs at least one section"),
        ([{"title": "A", "items": []}],
         "sections.0.items: is empty; a section needs at least one item"),
        (["A"], "sections.0: expected a section like {title: ..., items: [...]}, got the text 'A'"),
        ([{"titel": "A", "items": ["a"]}], "sections.0.title: required field is missing"),
        ([{"title": "A", "items": [7]}], "sections.0.items.0: expected a record id, or "
         "{id: ..., note: ...} for an item with a note, got 7"),
        ([{"title": "A", "items": ["Not An Id"]}], "sections.0.items.0.id: 'Not An Id' is not "
         "an id: use lowercase letters, digits and hyphens (like 'not-an-id')"),
        ([{"title": "A", "items": [{"id": "a", "nota": "x"}]}],
         "sections.0.items.0.nota: unknown field (did you mean: note?)"),
        ([{"title": "A", "items": [{"note": "x"}]}],
         "sections.0.items.0.id: required field is missing"),
        ([{"title": "A", "items": [{"id": "a", "note": "two\nlines"}]}],
         "sections.0.items.0.note: must be one line of text, without line breaks or tabs"),
    ],
)  # fmt: skip
def test_invalid_collections_are_refused_in_our_words(sections: list[Any], expected: str) -> None:
    found = [str(p) for p in problems(COLLECTION | {"sections": sections})]
    assert found[0] == f"r.yaml:1:1: {expected}"


def test_a_collection_has_no_year_or_relations() -> None:
    assert [str(p) for p in problems(COLLECTION | {"year": 2023, "related": ["a"]})] == [
        "r.yaml:1:1: year: unknown field",
        "r.yaml:1:1: related: unknown field",
    ]


def test_field_types_say_what_each_field_holds_and_whether_it_is_required() -> None:
    from genai_catalog.model.schema import field_types

    paper = field_types("paper")
    assert paper["year"] == ("integer", True)
    assert paper["authors"] == ("list", False)
    assert paper["arxiv"] == ("text", False)
    assert paper["id"] == ("text", True)
    assert field_types("model")["open_weights"] == ("boolean", False)
    assert field_types("technique")["year"] == ("integer", False)
