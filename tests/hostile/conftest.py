"""Fixtures for the hostile-input suite: a tiny catalog in tmp_path and a CLI runner.

The runner calls ``genai_catalog.cli.main.main``, the real error boundary,
and returns (exit code, stdout, stderr).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Files, MakeCatalog, Run, write_catalog
from tests.helpers import run as run_cli

TOPICS = """\
topics:
  llm: Large and small language models.
  peft: Parameter-efficient fine-tuning.
"""

# Two good records that every case keeps, so a reading command has
# something to answer with.
GOOD = {
    "papers/lora-paper.yaml": """\
id: lora-paper
kind: paper
name: "LoRA: Low-Rank Adaptation of Large Language Models"
summary: Trains small low-rank matrices beside frozen weights.
year: 2021
arxiv: "2106.09685"
topics: [peft]
""",
    "techniques/lora.yaml": """\
id: lora
kind: technique
name: LoRA
summary: Low-rank adapters added to a frozen model.
category: peft
topics: [peft]
introduced_in: lora-paper
""",
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No cache or catalog from the developer's environment leaks in or out."""
    monkeypatch.setenv("GENAI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GENAI_CATALOG", raising=False)
    monkeypatch.delenv("GENAI_NO_CACHE", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def make_catalog(tmp_path: Path) -> MakeCatalog:
    """Write topics.yaml, the kind folders, the good records and ``files``; return the root."""

    def make(files: Files) -> Path:
        root = tmp_path / "cat"
        assert not root.exists(), "one catalog per test"
        return write_catalog(root, {**GOOD, **files}, topics=TOPICS)

    return make


@pytest.fixture
def run() -> Run:
    """Run ``genai ARGS...`` through the real error boundary; (exit code, stdout, stderr)."""

    def invoke(*args: str | Path) -> tuple[int, str, str]:
        result = run_cli(*args)
        return result.exit_code, result.stdout, result.stderr

    return invoke
