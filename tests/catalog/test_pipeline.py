"""The loading pipeline: records, line-located problems, and catalog-level checks."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from genai_catalog.catalog import load
from genai_catalog.errors import Problem
from tests.helpers import FIXTURE_CATALOG


def test_the_fixture_catalog_loads_clean() -> None:
    catalog = load(FIXTURE_CATALOG, use_cache=False)
    assert catalog.all_problems() == []
    assert len(catalog.graph) == 12
    assert catalog.graph.counts_by_kind() == {
        "paper": 3, "technique": 3, "model": 2, "tool": 1, "dataset": 1, "benchmark": 1,
        "collection": 1,
    }  # fmt: skip


def test_problems_name_file_line_and_field(catalog_copy: Path) -> None:
    (catalog_copy / "papers" / "bad.yaml").write_text(
        "id: bad\nkind: paper\nname: Bad\nsummary: s\nyear: 2023\nauthrs: [A]\n"
    )
    catalog = load(catalog_copy, use_cache=False)
    path = f"{catalog_copy}/papers/bad.yaml"
    assert catalog.rejected == {
        path: [Problem(path, 6, 1, "authrs", "unknown field (did you mean: authors?)")]
    }
    assert (
        str(catalog.rejected[path][0])
        == f"{path}:6:1: authrs: unknown field (did you mean: authors?)"
    )
    assert "bad" not in catalog.graph  # skipped, the rest still answers
    assert len(catalog.graph) == 12


def test_every_problem_of_a_file_is_reported_at_once(catalog_copy: Path) -> None:
    (catalog_copy / "models" / "m.yaml").write_text(
        "id: m\nkind: model\nname: M\nopen_weights: yes\nyear: '2023'\naliases: [' ']\n"
    )
    problems = load(catalog_copy, use_cache=False).rejected[f"{catalog_copy}/models/m.yaml"]
    assert [(p.line, p.field, p.message) for p in problems] == [
        (4, "open_weights", "expected true or false, got the text 'yes'"),
        (5, "year", "expected a whole number, got the text '2023'"),
        (6, "aliases.0", "is blank; write the text"),
    ]


def test_a_summary_is_required_unless_the_record_is_a_draft(catalog_copy: Path) -> None:
    (catalog_copy / "models" / "m.yaml").write_text("id: m\nkind: model\nname: M\n")
    (catalog_copy / "models" / "d.yaml").write_text("id: d\nkind: model\nname: D\ndraft: true\n")
    catalog = load(catalog_copy, use_cache=False)
    assert [str(p) for p in catalog.rejected[f"{catalog_copy}/models/m.yaml"]] == [
        f"{catalog_copy}/models/m.yaml:1:1: summary: required field is missing "
        "(only a draft may leave it out)"
    ]
    assert "d" in catalog
    assert [str(p) for p in catalog.all_problems() if not p.is_error] == [
        f"{catalog_copy}/models/d.yaml:4:1: warning: draft: is a draft: write its summary in "
        "our own words, then remove 'draft: true'"
    ]


def test_references_topics_and_placement_are_checked_across_files(catalog_copy: Path) -> None:
    qlora = catalog_copy / "techniques" / "qlora.yaml"
    qlora.write_text(qlora.read_text().replace("builds_on: [lora]", "builds_on: [lorra, guanaco]"))
    lora = catalog_copy / "techniques" / "lora.yaml"
    lora.write_text(lora.read_text().replace("[peft, fine-tuning]", "[peft, finetuning]"))
    (catalog_copy / "models" / "x.yaml").write_text("id: y\nkind: tool\nname: Y\nsummary: s\n")
    messages = [str(p) for p in load(catalog_copy, use_cache=False).all_problems()]
    root = str(catalog_copy)
    assert messages == [
        f"{root}/models/x.yaml:1:1: id: id 'y' does not match the file name; "
        "rename the file to y.yaml or fix the id",
        f"{root}/models/x.yaml:2:1: kind: a tool record belongs in tools/, not models/",
        f"{root}/techniques/lora.yaml:8:16: topics: unknown topic 'finetuning' "
        "(did you mean: fine-tuning?); topics are listed in topics.yaml",
        f"{root}/techniques/qlora.yaml:10:13: builds_on: no record has the id 'lorra' "
        "(did you mean: lora, qlora?)",
        f"{root}/techniques/qlora.yaml:10:20: builds_on: 'guanaco' is a model, but builds_on "
        "takes a technique",
    ]


def test_a_reference_to_a_broken_file_points_at_that_file(catalog_copy: Path) -> None:
    lora = catalog_copy / "techniques" / "lora.yaml"
    lora.write_text(lora.read_text() + "colour: blue\n")
    problems = [str(p) for p in load(catalog_copy, use_cache=False).problems]
    assert (
        f"{catalog_copy}/techniques/qlora.yaml:10:13: builds_on: 'lora' is in {lora}, "
        "which has problems of its own" in problems
    )


def test_a_parallel_load_gives_what_a_serial_one_does(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from genai_catalog.catalog import workers

    (catalog_copy / "papers" / "bad.yaml").write_text("id: bad\nkind: paper\n")
    serial = load(catalog_copy, use_cache=False)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(workers, "_CHUNK", 3)
    seen: list[tuple[int, int]] = []
    parallel = load(
        catalog_copy, use_cache=False, progress=lambda done, total: seen.append((done, total))
    )
    assert list(parallel.graph) == list(serial.graph)
    assert parallel.all_problems() == serial.all_problems()
    assert seen[-1] == (13, 13) and len(seen) == 5


def test_a_refused_record_still_gets_its_topics_and_references_checked(
    catalog_copy: Path,
) -> None:
    (catalog_copy / "techniques" / "x.yaml").write_text(
        "id: x\nkind: technique\nname: X\nsummary: s\ncolour: blue\n"
        "topics: [peft, finetuning, 7]\nbuilds_on: [lorra, x]\n"
    )
    catalog = load(catalog_copy, use_cache=False)
    path = f"{catalog_copy}/techniques/x.yaml"
    assert [str(p) for p in catalog.all_problems() if p.path == path] == [
        f"{path}:5:1: colour: unknown field",
        f"{path}:6:16: topics: unknown topic 'finetuning' (did you mean: fine-tuning?); "
        "topics are listed in topics.yaml",
        f"{path}:6:28: topics.2: expected text, got 7; quote it",
        f"{path}:7:13: builds_on: no record has the id 'lorra' (did you mean: lora, qlora?)",
        f"{path}:7:20: builds_on: a record cannot refer to itself",
    ]


@pytest.mark.parametrize("child", ["answers", "dies"])
def test_the_search_index_built_aside_is_the_one_built_here(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, child: str
) -> None:
    from genai_catalog import forks
    from genai_catalog.catalog import workers

    serial = load(catalog_copy, use_cache=False)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(forks, "cores", lambda: 2)
    started: list[int] = []
    real = forks.start_framed

    def spy(work: Callable[[], bytes]) -> tuple[int, int]:
        fd, pid = real(work if child == "answers" else (lambda: os._exit(3)))
        started.append(pid)
        return fd, pid

    monkeypatch.setattr(forks, "start_framed", spy)
    aside = load(catalog_copy)  # a cold load that writes the cache: the index goes in it
    assert len(started) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0], os.WNOHANG)  # reaped before the load returned
    for query in ("lora", "qlora", "low rank adaptation", "quantised"):
        found = [(h.record["id"], h.score) for h in aside.search(query)]
        assert found == [(h.record["id"], h.score) for h in serial.search(query)], query
    warm = load(catalog_copy)
    assert [h.record["id"] for h in warm.search("lora")] == [
        h.record["id"] for h in serial.search("lora")
    ]
