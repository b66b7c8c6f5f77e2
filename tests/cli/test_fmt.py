"""genai fmt: the canonical form, never a change of data, and --check for CI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from genai_catalog import open_catalog
from genai_catalog.paths import bundled_catalog
from tests.helpers import run


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def records(root: Path) -> dict[str, dict[str, object]]:
    catalog = open_catalog(root, use_cache=False)
    assert catalog.errors() == []
    return {r["id"]: r for r in catalog}


def test_check_lists_what_would_change_and_writes_nothing(catalog_copy: Path) -> None:
    before = snapshot(catalog_copy)
    result = run("fmt", "--check", "--catalog", catalog_copy)
    assert result.exit_code == 13
    assert result.stdout.splitlines()[0] == f"would reformat {catalog_copy}/papers/lora-paper.yaml"
    assert len(result.stdout.splitlines()) == 12
    assert result.stderr == (
        "Error: 12 of 12 record file(s) are not in the canonical form; 'genai fmt' rewrites them\n"
    )
    assert snapshot(catalog_copy) == before


def test_fmt_rewrites_without_changing_any_record(catalog_copy: Path) -> None:
    before = records(catalog_copy)
    result = run("fmt", "--catalog", catalog_copy)
    assert result.exit_code == 0
    assert result.stderr == "12 record file(s): 12 reformatted\n"
    assert records(catalog_copy) == before
    text = (catalog_copy / "techniques" / "lora.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../.schemas/technique.schema.json\n")
    again = run("fmt", "--check", "--catalog", catalog_copy)
    assert (again.exit_code, again.stdout) == (0, "")


def test_the_bundled_catalog_survives_any_valid_spelling(tmp_path: Path) -> None:
    """Every bundled record, written another valid way, comes back byte for byte."""
    target = tmp_path / "catalog"
    shutil.copytree(bundled_catalog(), target)
    before = records(target)
    for path in target.glob("*/*.yaml"):
        data = yaml.safe_load(path.read_text())
        path.write_text(yaml.safe_dump(data, sort_keys=True, allow_unicode=True, width=60))
    assert records(target) == before
    result = run("fmt", "--catalog", target)
    assert result.exit_code == 0, result.stderr
    assert records(target) == before
    assert snapshot(target) == snapshot(bundled_catalog())


def test_files_that_do_not_validate_are_refused_and_listed(catalog_copy: Path) -> None:
    bad = catalog_copy / "tools" / "bad.yaml"
    bad.write_text("id: bad\nkind: tool\nname: Bad\nsummary: x\nstars: 5\n")
    before = bad.read_bytes()
    result = run("fmt", "--catalog", catalog_copy)
    assert result.exit_code == 3
    assert result.stderr == (
        f"{bad}:5:1: stars: unknown field\n"
        "Error: 1 of 13 record file(s) cannot be formatted; they are listed above\n"
    )
    assert bad.read_bytes() == before
    assert len(result.stdout.splitlines()) == 12  # the others were formatted


def test_comments_are_kept_unless_dropping_them_is_asked_for(catalog_copy: Path) -> None:
    path = catalog_copy / "techniques" / "lora.yaml"
    path.write_text(path.read_text().replace("year: 2021", "year: 2021  # checked on arXiv"))
    result = run("fmt", path)
    line = path.read_text().splitlines().index("year: 2021  # checked on arXiv") + 1
    assert result.exit_code == 3
    assert result.stderr.startswith(
        f"{path}:{line}: has a comment, which the canonical form cannot keep; "
        "move it into notes or drop it\n"
    )
    assert "# checked" in path.read_text()
    result = run("fmt", "--drop-comments", path)
    assert (result.exit_code, result.stdout) == (0, f"reformatted {path}\n")
    assert "# checked" not in path.read_text()


def test_paths_and_folders(catalog_copy: Path) -> None:
    result = run(
        "fmt", "--check", catalog_copy / "papers", catalog_copy / "tools" / "peft-library.yaml"
    )
    assert result.exit_code == 13
    assert len(result.stdout.splitlines()) == 4
    missing = run("fmt", catalog_copy / "nope.yaml")
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"Error: {catalog_copy}/nope.yaml does not exist\n",
    )


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_symlinked_record_is_not_replaced(catalog_copy: Path, tmp_path: Path) -> None:
    real = catalog_copy / "tools" / "peft-library.yaml"
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(real.read_bytes())
    link = catalog_copy / "tools" / "linked.yaml"
    link.symlink_to(outside)
    result = run("fmt", link)
    assert result.exit_code == 3
    assert "is a symlink; only a regular file is ever replaced" in result.stderr
    assert link.is_symlink()
