"""Catalog-wide checks of collections: items resolve, once per section, no nesting."""

from __future__ import annotations

from pathlib import Path

from genai_catalog.cli.exit_codes import ExitCode
from tests.helpers import run

BAD_LIST = """\
id: bad
kind: collection
name: Bad
summary: A list with problems.
sections:
  - title: One
    items:
      - lora-papr
      - lora-paper
      - {id: lora-paper, note: Again.}
      - peft-reading
      - bad
  - title: One
    items: [qlora, qlora]
"""


def test_every_problem_of_a_collection_is_located(catalog_copy: Path) -> None:
    (catalog_copy / "collections" / "bad.yaml").write_text(BAD_LIST)
    (catalog_copy / "techniques" / "x.yaml").write_text(
        "id: x\nkind: technique\nname: X\nsummary: s\nrelated: [lora, peft-reading]\n"
    )
    result = run("validate", "--catalog", str(catalog_copy))
    assert result.exit_code == ExitCode.INVALID_CATALOG
    bad, x = catalog_copy / "collections" / "bad.yaml", catalog_copy / "techniques" / "x.yaml"
    assert result.stdout.splitlines() == [
        f"{bad}:8:9: sections.0.items.0: no record has the id 'lora-papr' "
        "(did you mean: lora-paper, qlora-paper, lora?)",
        f"{bad}:10:10: sections.0.items.2: 'lora-paper' is already item 2 of this section; "
        "an item appears once per section",
        f"{bad}:11:9: sections.0.items.3: 'peft-reading' is a collection; collections list "
        "records, not other collections (use a section instead)",
        f"{bad}:12:9: sections.0.items.4: a collection cannot list itself",
        f"{bad}:13:5: sections.1.title: section 1 is already called 'One'; titles are unique "
        "within a collection",
        f"{bad}:14:20: sections.1.items.1: 'qlora' is already item 1 of this section; an item "
        "appears once per section",
        f"{x}:5:17: related: 'peft-reading' is a collection; links point at records, not at "
        "lists of them",
    ]


def test_a_refused_collection_still_gets_its_items_checked(catalog_copy: Path) -> None:
    (catalog_copy / "collections" / "half.yaml").write_text(
        "id: half\nkind: collection\nname: Half\nsummary: s\ncolour: red\n"
        "sections:\n  - title: A\n    items: [lora, ghost, 7]\n"
    )
    result = run("validate", "--catalog", str(catalog_copy))
    half = catalog_copy / "collections" / "half.yaml"
    assert result.stdout.splitlines() == [
        f"{half}:5:1: colour: unknown field",
        f"{half}:8:19: sections.0.items.1: no record has the id 'ghost'",
        f"{half}:8:26: sections.0.items.2: expected a record id, or {{id: ..., note: ...}} "
        "for an item with a note, got 7",
    ]


def test_an_item_in_a_broken_file_says_where_the_real_problem_is(catalog_copy: Path) -> None:
    (catalog_copy / "papers" / "lora-paper.yaml").write_text("id: lora-paper\nkind: paper\n")
    result = run("validate", "--catalog", str(catalog_copy))
    reading = catalog_copy / "collections" / "peft-reading.yaml"
    paper = catalog_copy / "papers" / "lora-paper.yaml"
    assert (
        f"{reading}:11:10: sections.0.items.1: 'lora-paper' is in {paper}, which has problems "
        "of its own"
    ) in result.stdout.splitlines()
