"""The pre-commit hooks a catalog repository uses: well-formed, and they run genai."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from genai_catalog.cli.commands import COMMANDS
from tests.helpers import run

HOOKS_FILE = Path(__file__).parent.parent / ".pre-commit-hooks.yaml"
# pre-commit's manifest keys (https://pre-commit.com/#creating-new-hooks).
KEYS = {
    "id", "name", "entry", "language", "files", "exclude", "types", "types_or",
    "exclude_types", "always_run", "fail_fast", "verbose", "pass_filenames",
    "require_serial", "description", "language_version", "minimum_pre_commit_version",
    "args", "stages",
}  # fmt: skip


def hooks() -> dict[str, dict[str, Any]]:
    loaded = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return {hook["id"]: hook for hook in loaded}


def test_the_manifest_offers_validate_and_fmt() -> None:
    found = hooks()
    assert list(found) == ["genai-validate", "genai-fmt"]
    assert found["genai-validate"]["entry"] == "genai validate"
    assert found["genai-fmt"]["entry"] == "genai fmt --check"
    for hook in found.values():
        assert set(hook) <= KEYS
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"  # pre-commit installs this repository with pip
        assert hook["pass_filenames"] is False
        assert hook["args"] == ["--catalog", "."]


def invalid(text: str) -> str:
    """The record without its name, a required field."""
    return re.sub(r"^name: .*\n", "", text, flags=re.MULTILINE)


def not_canonical(text: str) -> str:
    """The same record with its first field moved to the end: valid, not in fmt's order."""
    first, rest = text.split("\n", 1)
    return rest + first + "\n"


@pytest.mark.parametrize(
    ("hook_id", "spoil"), [("genai-validate", invalid), ("genai-fmt", not_canonical)]
)
def test_a_hook_passes_on_a_clean_catalog_and_fails_on_a_spoilt_one(
    hook_id: str, spoil: Any, catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = hooks()[hook_id]
    program, command, *rest = shlex.split(hook["entry"])
    assert program == "genai"
    if command not in COMMANDS:
        pytest.skip(f"'genai {command}' is not on this branch yet")
    monkeypatch.chdir(catalog_copy)  # pre-commit runs hooks at the repository's root
    argv = [command, *rest, *hook["args"]]
    assert run("fmt", "--catalog", ".").exit_code == 0  # a clean catalog is canonical too
    assert run(*argv).exit_code == 0
    record = catalog_copy / "techniques" / "lora.yaml"
    spoilt = spoil(record.read_text(encoding="utf-8"))
    assert spoilt != record.read_text(encoding="utf-8")
    record.write_text(spoilt, encoding="utf-8")
    assert run(*argv).exit_code != 0
