from __future__ import annotations

from pathlib import Path

from genai_catalog.cli.exit_codes import ExitCode
from tests.helpers import run


def test_validate_a_clean_catalog() -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout == "ok: 12 records, 7 topics, no problems.\n"


def test_validate_prints_every_problem_and_fails(catalog_copy: Path) -> None:
    (catalog_copy / "papers" / "a.yaml").write_text("id: a\nkind: paper\nname: A\nsummary: s\n")
    (catalog_copy / "tools" / "b.yaml").write_text(
        "id: b\nkind: tool\nname: B\nsummary: s\nimplements: [lora, guanaco, nothing]\n"
    )
    result = run("validate", "--catalog", str(catalog_copy))
    assert result.exit_code == ExitCode.INVALID_CATALOG
    root = str(catalog_copy)
    assert result.stdout.splitlines() == [
        f"{root}/papers/a.yaml:1:1: year: required field is missing",
        f"{root}/tools/b.yaml:5:29: implements: no record has the id 'nothing'",
    ]
    assert result.stderr == "Error: 2 problem(s) in 2 file(s); 13 of 14 record files are usable\n"


def test_reading_commands_skip_a_broken_record_with_one_warning(catalog_copy: Path) -> None:
    (catalog_copy / "papers" / "a.yaml").write_text("id: a\nkind: paper\nname: A\nsummary: s\n")
    result = run("list", "papers", "--catalog", str(catalog_copy), "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: skipped {catalog_copy}/papers/a.yaml: line 1: year: required field is missing\n"
    )
    assert '"transformer-paper"' in result.stdout


def test_a_missing_catalog_is_a_clear_error(tmp_path: Path) -> None:
    result = run("validate", "--catalog", str(tmp_path / "nope"))
    assert result.exit_code == ExitCode.NO_CATALOG
    assert result.stderr == (f"Error: catalog folder '{tmp_path / 'nope'}' does not exist\n")


def test_a_folder_that_is_not_a_catalog_is_refused(tmp_path: Path) -> None:
    result = run("list", "--catalog", str(tmp_path))
    assert result.exit_code == ExitCode.NO_CATALOG
    assert "is not a catalog" in result.stderr
