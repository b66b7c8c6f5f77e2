"""The benchmark's synthetic catalogs must stay valid, or its timings mean nothing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from genai_catalog.catalog import load

GENERATOR = Path(__file__).parent.parent / "benchmarks" / "generate.py"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_generated_catalog_is_valid_linked_and_deterministic(tmp_path: Path) -> None:
    make = generator().generate
    first = load(make(tmp_path / "a", 300, seed=7), use_cache=False)
    assert first.all_problems() == []
    assert len(first.graph) == 300
    assert sum(1 for r in first.graph for _ in first.graph.targets(r)) > 300
    assert first.graph.get("qlora") is not None
    assert first.graph.counts_by_kind()["collection"] == 3
    assert first.graph.memberships  # their items resolve
    second = load(make(tmp_path / "b", 300, seed=7), use_cache=False)
    assert list(second.graph) == list(first.graph)


def test_the_import_benchmark_notes_hold_what_they_claim() -> None:
    from genai_catalog.importers.notes import links_in
    from genai_catalog.links import ARXIV, classify

    spec = importlib.util.spec_from_file_location(
        "bench_import", GENERATOR.with_name("import_notes.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = module.generate(15_000)
    assert text == module.generate(15_000)  # deterministic
    assert text.count("\n") == 15_000
    arxiv = [link for link in links_in(text) if classify(link.url).kind == ARXIV]
    assert len(arxiv) >= 2_000
