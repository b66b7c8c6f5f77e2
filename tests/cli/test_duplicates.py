"""genai duplicates: table, JSON and the exit code."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run


def test_no_duplicates() -> None:
    result = run("duplicates")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "no probable duplicates among 12 records\n"


def test_duplicates_are_listed_and_exit_14(catalog_copy: Path) -> None:
    (catalog_copy / "tools" / "peft-fork.yaml").write_text(
        "id: peft-fork\nkind: tool\nname: PEFT library\nsummary: A fork.\n"
        'repo: "https://github.com/huggingface/peft"\n'
    )
    result = run("duplicates", "--catalog", catalog_copy)
    assert result.exit_code == 14
    assert result.stdout.splitlines()[1].split("  ")[0] == "same URL"
    assert result.stderr == "Error: 1 pair(s) of records are probably duplicates\n"
    as_json = run("duplicates", "--format", "json", "--catalog", catalog_copy)
    assert as_json.exit_code == 14
    assert json.loads(as_json.stdout) == [
        {"reason": "same URL", "ids": ["peft-fork", "peft-library"],
         "value": "https://github.com/huggingface/peft"},
    ]  # fmt: skip
