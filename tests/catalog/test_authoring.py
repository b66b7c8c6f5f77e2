"""New records, checked against the catalog they join and against each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from genai_catalog import open_catalog
from genai_catalog.catalog.authoring import Additions
from genai_catalog.errors import InvalidCatalog, OutputExists

PAPER = """id: {id}
kind: paper
name: A New Paper
year: 2024
arxiv: "{arxiv}"
summary: Says something new in our own words.
topics: [{topic}]
builds_on: [{base}]
"""


def paper(rid: str = "new-paper", arxiv: str = "2401.00001", topic: str = "llm",
          base: str = "lora-paper") -> str:  # fmt: skip
    return PAPER.format(id=rid, arxiv=arxiv, topic=topic, base=base)


def messages(additions: Additions, text: str) -> list[str]:
    return [f"{p.line}:{p.field}: {p.message}" for p in additions.check(text).problems]


def test_a_good_record_is_written_in_canonical_form(catalog_copy: Path) -> None:
    additions = Additions(open_catalog(catalog_copy))
    path, checked = additions.add(paper())
    assert path == catalog_copy / "papers" / "new-paper.yaml"
    assert path.read_text() == checked.text()
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=../.schemas/paper.schema.json\n"
    )
    assert open_catalog(catalog_copy, use_cache=False).errors() == []


def test_catalog_rules_are_checked_before_writing(catalog_copy: Path) -> None:
    additions = Additions(open_catalog(catalog_copy))
    assert messages(additions, paper(topic="nope", base="lora")) == [
        "7:topics: unknown topic 'nope'; topics are listed in topics.yaml",
        "8:builds_on: 'lora' is a technique, but builds_on takes a paper",
    ]
    assert messages(additions, paper(rid="lora-paper", base="qlora-paper")) == [
        f"1:id: the id 'lora-paper' is taken: {catalog_copy}/papers/lora-paper.yaml",
    ]
    assert messages(additions, paper(arxiv="2106.09685").replace("2024", "2021")) == [
        "5:arxiv: arXiv 2106.09685 is already the paper 'lora-paper'; a paper has one record"
    ]
    assert messages(additions, "id: x\nkind: paper\n") == [
        "1:name: required field is missing",
        "1:year: required field is missing",
    ]


def test_records_added_in_one_run_see_each_other(catalog_copy: Path) -> None:
    additions = Additions(open_catalog(catalog_copy))
    additions.add(paper())
    assert messages(additions, paper(rid="other", arxiv="2401.00001")) == [
        "5:arxiv: arXiv 2401.00001 is already the paper 'new-paper'; a paper has one record"
    ]
    assert "new-paper" in additions.taken()


def test_a_file_that_did_not_load_still_takes_its_name(catalog_copy: Path) -> None:
    (catalog_copy / "papers" / "new-paper.yaml").write_text("broken: [")
    additions = Additions(open_catalog(catalog_copy))
    assert "new-paper" in additions.taken()
    with pytest.raises(InvalidCatalog):
        additions.add(paper())


def test_never_clobbers_a_file_that_appears_meanwhile(catalog_copy: Path) -> None:
    additions = Additions(open_catalog(catalog_copy))
    checked = additions.check(paper())
    (catalog_copy / "papers" / "new-paper.yaml").write_text("someone else's\n")
    with pytest.raises(OutputExists):
        additions.write(checked)
    assert (catalog_copy / "papers" / "new-paper.yaml").read_text() == "someone else's\n"
