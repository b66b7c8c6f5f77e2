"""genai import: the report of a notes file, and --write of draft papers."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests import arxiv_feeds as feeds
from tests.cli.conftest import FakeClock
from tests.helpers import run

NOTES = """# Fine-tuning
- [QLoRA](https://arxiv.org/abs/2305.14314v2) on [GitHub](https://github.com/huggingface/peft)
- [Llama 2](https://arxiv.org/pdf/2106.09685.pdf)
## New
- [DPO](https://arxiv.org/abs/2305.18290) and https://example.org/blog
- again: [QLoRA paper](https://arxiv.org/pdf/2305.14314)
"""


def notes(tmp_path: Path, text: str = NOTES) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(text)
    return path


def test_the_report_in_a_pipe(tmp_path: Path) -> None:
    file = notes(tmp_path)
    result = run("import", file)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "line  status   match         kind    text                      url",
        "2     matched  qlora-paper   arxiv   QLoRA                     https://arxiv.org/abs/2305.14314v2",
        "2     matched  peft-library  github  GitHub                    https://github.com/huggingface/peft",
        "3     matched  lora-paper    arxiv   Llama 2                   https://arxiv.org/pdf/2106.09685.pdf",
        "5     new                    arxiv   DPO                       https://arxiv.org/abs/2305.18290",
        "5     new                    other   https://example.org/blog  https://example.org/blog",
    ]
    assert result.stderr == (
        f"warning: {file}:3: the link text 'Llama 2' names llama-2, but the link points at "
        "lora-paper\n"
        "5 distinct link(s): 3 matched, 2 new; 1 new arXiv paper(s): add them with --write\n"
    )


def test_json_has_one_object_per_distinct_target(tmp_path: Path) -> None:
    result = run("import", notes(tmp_path), "--format", "json")
    rows = json.loads(result.stdout)
    assert [r["url"] for r in rows] == [
        "https://arxiv.org/abs/2305.14314v2",
        "https://github.com/huggingface/peft",
        "https://arxiv.org/pdf/2106.09685.pdf",
        "https://arxiv.org/abs/2305.18290",
        "https://example.org/blog",
    ]
    assert rows[0] == {
        "url": "https://arxiv.org/abs/2305.14314v2",
        "kind": "arxiv",
        "arxiv": "2305.14314",
        "line": 2,
        "lines": [2, 6],
        "heading": ["Fine-tuning"],
        "text": "QLoRA",
        "texts": ["QLoRA", "QLoRA paper"],
        "status": "matched",
        "match": "qlora-paper",
        "matched_by": "arxiv",
        "candidates": [],
        "warning": None,
    }
    assert rows[3]["heading"] == ["Fine-tuning", "New"]
    assert (rows[4]["arxiv"], rows[4]["match"], rows[4]["status"]) == (None, None, "new")


def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    result = run("import", tmp_path / "missing.md")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {tmp_path}/missing.md does not exist\n",
    )
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"# ok\n\xff\xfe\n")
    result = run("import", bad)
    assert (result.exit_code, result.stderr) == (2, f"Error: {bad} is not UTF-8 text (line 2)\n")


DPO_TITLE = "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
DPO_ENTRY = feeds.entry("2305.18290", 3, DPO_TITLE, ("Rafael Rafailov",), "2023-05-29T17:57:46Z")


def test_write_creates_drafts_and_a_second_run_resumes(
    arxiv_api: HTTPServer, catalog_copy: Path, tmp_path: Path
) -> None:
    file = notes(tmp_path, NOTES + "- [gone](https://arxiv.org/abs/2305.99999)\n")
    arxiv_api.expect_ordered_request("/api/query").respond_with_data(feeds.feed(DPO_ENTRY))
    arxiv_api.expect_ordered_request("/api/query").respond_with_data(feeds.EMPTY)
    result = run("import", file, "--write", "--format", "json", "--catalog", catalog_copy)
    assert result.exit_code == 0, result.stderr
    assert arxiv_api.log[0][0].args["id_list"] == "2305.18290,2305.99999"
    created = catalog_copy / "papers" / "direct-preference-optimization-paper.yaml"
    assert "draft: true" in created.read_text()
    rows = {r["url"]: r for r in json.loads(result.stdout)}
    dpo = rows["https://arxiv.org/abs/2305.18290"]
    assert (dpo["status"], dpo["match"]) == ("created", "direct-preference-optimization-paper")
    assert rows["https://arxiv.org/abs/2305.99999"]["status"] == "new"
    assert "warning: arXiv 2305.99999: arXiv has no paper with this id\n" in result.stderr
    assert f"wrote 1 draft paper(s) in {catalog_copy}/papers\n" in result.stderr

    again = run("import", file, "--write", "--format", "json", "--catalog", catalog_copy)
    assert again.exit_code == 0
    assert arxiv_api.log[1][0].args["id_list"] == "2305.99999"  # only what is still missing
    rows = {r["url"]: r for r in json.loads(again.stdout)}
    assert rows["https://arxiv.org/abs/2305.18290"]["status"] == "matched"


def test_write_asks_fifty_ids_at_a_time_at_the_polite_pace(
    arxiv_api: HTTPServer, catalog_copy: Path, tmp_path: Path, clock: FakeClock
) -> None:
    ids = [f"2401.{n:05d}" for n in range(1, 121)]
    file = notes(tmp_path, "".join(f"- https://arxiv.org/abs/{i}\n" for i in ids))
    arxiv_api.expect_request("/api/query").respond_with_data(feeds.EMPTY)
    result = run("import", file, "--write", "--catalog", catalog_copy)
    assert result.exit_code == 0
    sizes = [len(request.args["id_list"].split(",")) for request, _ in arxiv_api.log]
    assert sizes == [50, 50, 20]
    assert clock.sleeps == [3.0, 3.0]


def test_a_network_error_keeps_what_was_written(
    arxiv_api: HTTPServer, catalog_copy: Path, tmp_path: Path
) -> None:
    first = [f"2401.{n:05d}" for n in range(1, 51)]
    entries = [feeds.entry(i, 1, f"Paper Number {i}", ("A. Author",), "2024-01-02T00:00:00Z")
               for i in first]  # fmt: skip
    file = notes(
        tmp_path, "".join(f"- https://arxiv.org/abs/{i}\n" for i in [*first, "2402.00001"])
    )
    arxiv_api.expect_ordered_request("/api/query").respond_with_data(
        feeds.feed(*entries, ids=",".join(first))
    )
    arxiv_api.expect_ordered_request("/api/query").respond_with_data("no", status=404)
    result = run("import", file, "--write", "--catalog", catalog_copy)
    assert result.exit_code == 10
    assert result.stderr.endswith(
        "wrote 50 draft paper(s) before the error; run again to resume\n"
        f"Error: 127.0.0.1:{arxiv_api.port} answered HTTP 404 (Not Found)\n"
    )
    assert len(list((catalog_copy / "papers").glob("paper-number-*.yaml"))) == 50


def test_write_keeps_the_files_structure_as_a_reading_list(
    arxiv_api: HTTPServer, catalog_copy: Path, tmp_path: Path
) -> None:
    from genai_catalog.catalog import load

    file = notes(tmp_path)
    arxiv_api.expect_ordered_request("/api/query").respond_with_data(feeds.feed(DPO_ENTRY))
    result = run("import", file, "--write", "--catalog", catalog_copy)
    assert result.exit_code == 0, result.stderr
    listed = catalog_copy / "collections" / "notes-notes.yaml"
    assert f"wrote the reading list {listed}: 2 section(s), 4 item(s)\n" in result.stderr
    catalog = load(catalog_copy, use_cache=False)
    assert [str(p) for p in catalog.errors()] == []
    record = catalog.get("notes-notes")
    assert record["name"] == "Fine-tuning"
    assert [(s["title"], [i["id"] for i in s["items"]]) for s in record["sections"]] == [
        ("Fine-tuning", ["qlora-paper", "peft-library", "lora-paper"]),
        ("New", ["direct-preference-optimization-paper"]),
    ]
    again = run("import", file, "--write", "--catalog", catalog_copy)
    assert f"kept the reading list {listed} as it is\n" in again.stderr
    assert len(list((catalog_copy / "collections").glob("notes-notes*.yaml"))) == 1
