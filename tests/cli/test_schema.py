from __future__ import annotations

import json
from pathlib import Path

from genai_catalog.cli.exit_codes import ExitCode
from genai_catalog.model.json_schema import schema_text
from genai_catalog.model.kinds import KINDS
from tests.helpers import run


def test_schema_writes_one_file_per_kind_into_the_catalogs_schema_folder(
    catalog_copy: Path,
) -> None:
    result = run("schema", "--catalog", catalog_copy)
    folder = catalog_copy / ".schemas"
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"wrote {folder / f'{k}.schema.json'}" for k in KINDS]
    paper = json.loads((folder / "paper.schema.json").read_text())
    assert paper["properties"]["arxiv"]["description"].startswith("The bare arXiv id")
    # The catalog still loads: the dot folder is not taken for a stray kind folder.
    assert run("validate", "--catalog", catalog_copy).exit_code == 0


def test_schema_leaves_current_files_alone_and_rewrites_stale_ones(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    assert run("schema", "-o", folder).exit_code == 0
    (folder / "tool.schema.json").write_text("{}")
    result = run("schema", "-o", folder)
    assert result.exit_code == 0
    assert f"wrote {folder / 'tool.schema.json'}" in result.stderr.splitlines()
    assert f"unchanged {folder / 'paper.schema.json'}" in result.stderr.splitlines()
    assert (folder / "tool.schema.json").read_text() == schema_text("tool")


def test_schema_never_writes_through_a_symlink(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    folder.mkdir()
    (tmp_path / "elsewhere").write_text("keep")
    (folder / "paper.schema.json").symlink_to(tmp_path / "elsewhere")
    result = run("schema", "-o", folder)
    assert result.exit_code == ExitCode.ERROR
    target = folder / "paper.schema.json"
    assert result.stderr == (
        f"Error: {target} is a symlink; only a regular file is ever replaced\n"
    )
    assert (tmp_path / "elsewhere").read_text() == "keep"


def test_schema_needs_the_parent_of_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "missing" / "schemas"
    result = run("schema", "-o", folder)
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr == (
        f"Error: cannot write into {folder}: its parent folder does not exist\n"
    )
