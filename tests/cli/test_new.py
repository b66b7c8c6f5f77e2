"""genai new: a scaffold with every field, edited or written as a draft, never clobbering."""

from __future__ import annotations

from pathlib import Path

import pytest

from genai_catalog.drafts import scaffold
from genai_catalog.files.yaml_write import schema_header
from tests.cli.conftest import Editor
from tests.helpers import run


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_outside_a_terminal_the_scaffold_is_written_as_a_draft(catalog_copy: Path) -> None:
    result = run("new", "techniques", "speculative-decoding", "--catalog", catalog_copy)
    path = catalog_copy / "techniques" / "speculative-decoding.yaml"
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {path} (a draft: fill it in, then remove 'draft: true')\n"
    expected = scaffold("technique", "speculative-decoding", "Speculative Decoding",
                        schema_header("technique"))  # fmt: skip
    assert path.read_text() == expected
    assert "# category: CATEGORY  # one of: architecture, attention" in expected
    assert run("validate", "--catalog", catalog_copy).exit_code == 0


def test_a_paper_needs_its_year(catalog_copy: Path) -> None:
    result = run("new", "paper", "my-paper", "--catalog", catalog_copy)
    assert (result.exit_code, result.stderr) == (
        2, "Error: a paper needs its year: give it with --year\n"
    )  # fmt: skip
    result = run("new", "paper", "my-paper", "--year", "2024", "--name", "My Paper: A Study",
                 "--catalog", catalog_copy)  # fmt: skip
    assert result.exit_code == 0
    text = (catalog_copy / "papers" / "my-paper.yaml").read_text()
    assert 'name: "My Paper: A Study"\n' in text
    assert "year: 2024\n" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gadget", "x"], "unknown kind 'gadget'; choose from paper, technique, model, tool, "
         "dataset, benchmark, collection (singular or plural)"),
        (["collection", "x"], "a collection lists records that exist already, so it has no "
         "scaffold or draft: write catalog/collections/<id>.yaml from an existing one "
         "(docs/records.md)"),
        (["tool", "My Tool"], "'My Tool' is not an id: use lowercase letters, digits and "
         "hyphens (like 'my-tool')"),
        (["model", "lora"], "the id 'lora' is taken: {root}/techniques/lora.yaml; choose another"),
    ],
)  # fmt: skip
def test_refusals(catalog_copy: Path, args: list[str], message: str) -> None:
    before = files(catalog_copy)
    result = run("new", *args, "--catalog", catalog_copy)
    assert (result.exit_code, result.stderr) == (2, f"Error: {message.format(root=catalog_copy)}\n")
    assert files(catalog_copy) == before


def test_a_file_that_does_not_load_is_not_replaced(catalog_copy: Path) -> None:
    broken = catalog_copy / "tools" / "my-tool.yaml"
    broken.write_text("id: [\n")
    result = run("new", "tool", "my-tool", "--catalog", catalog_copy)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: the id 'my-tool' is taken: {broken}; choose another\n")
    assert broken.read_text() == "id: [\n"


def test_in_a_terminal_the_edited_record_is_saved_in_canonical_form(
    catalog_copy: Path, editor: Editor
) -> None:
    editor.script("replace:draft: true  # remove once the summary is written=>summary: Ours.")
    result = run("new", "tool", "my-tool", "--catalog", catalog_copy)
    assert result.exit_code == 0, result.stderr
    assert (catalog_copy / "tools" / "my-tool.yaml").read_text() == (
        "# yaml-language-server: $schema=../.schemas/tool.schema.json\n"
        "id: my-tool\nkind: tool\nname: My Tool\nsummary: >-\n  Ours.\n"
    )
    assert "# repo: " in editor.shown[0]


def test_an_invalid_edit_can_be_discarded(catalog_copy: Path, editor: Editor) -> None:
    before = files(catalog_copy)
    editor.script("replace:kind: tool=>kind: gadget")
    result = run("new", "tool", "my-tool", "--catalog", catalog_copy, stdin="d\n")
    assert result.exit_code == 1
    assert "Edit again [e], discard it [d]" in result.stdout
    assert result.stderr.endswith("Error: discarded; nothing was written\n")
    assert files(catalog_copy) == before
