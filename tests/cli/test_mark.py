from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from genai_catalog import state
from genai_catalog.cli.exit_codes import ExitCode
from tests.helpers import run

WHEN = "2025-01-31T12:00:00+00:00"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "now", lambda: WHEN)


def state_file() -> Path:
    return Path(os.environ["GENAI_STATE"])


def test_mark_prints_each_record_and_the_progress_of_its_collections() -> None:
    result = run("mark", "lora-paper", "Attention Is All You Need", "--status", "read", "-r", "5")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "lora-paper: read, rated 5/5\n"
        "transformer-paper: read, rated 5/5\n"
        "PEFT Reading List: 2 of 5 read\n"
    )
    result = run("mark", "qlora", "--status", "to-read", "--note", "after the paper")
    assert result.stdout == (
        "qlora: to-read, note: after the paper\nPEFT Reading List: 2 of 5 read (1 to read)\n"
    )
    result = run("mark", "mmlu", "--status", "skipped")
    assert result.stdout == "mmlu: skipped\n"  # in no collection: no progress line


def test_mark_changes_a_note_or_rating_and_keeps_the_status() -> None:
    run("mark", "lora", "--status", "reading")
    assert run("mark", "lora", "--rating", "3").stdout == "lora: reading, rated 3/5\n"
    result = run("mark", "lora", "--note", "", "--format", "json")
    assert json.loads(result.stdout) == [
        {"id": "lora", "status": "reading", "rating": 3, "updated": WHEN}
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["mark", "lora"], ExitCode.USAGE,
         "nothing to mark: give a --status, a --note or a --rating"),
        (["mark", "--status", "read"], ExitCode.USAGE,
         "give the ids of the records to mark, or --orphans"),
        (["mark", "lora", "--rating", "2"], ExitCode.USAGE,
         "'lora' has no reading status yet; give one of read, reading, to-read, skipped"),
        (["mark", "lorra", "--status", "read"], ExitCode.NOT_FOUND,
         "no record has the id 'lorra' (did you mean: lora, qlora?)"),
        (["mark", "peft-reading", "--status", "read"], ExitCode.USAGE,
         "'peft-reading' is a collection; mark the records it lists instead"),
        (["mark", "lora", "--note", "two\nlines"], ExitCode.USAGE,
         "a note is one line of text, without line breaks or control characters"),
        (["mark", "--orphans", "lora"], ExitCode.USAGE,
         "listing orphans takes no ids, status, note or rating"),
    ],
)  # fmt: skip
def test_mark_refuses_what_it_cannot_do_and_writes_nothing(
    args: list[str], code: int, message: str
) -> None:
    result = run(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (code, f"Error: {message}\n", "")
    assert not state_file().exists()


def test_mark_refuses_an_unknown_status_and_a_rating_out_of_range() -> None:
    result = run("mark", "lora", "--status", "done")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("Error: Invalid value for '--status' / '-s': 'done' is not one")
    result = run("mark", "lora", "--status", "read", "--rating", "6")
    assert result.exit_code == ExitCode.USAGE
    assert "6 is not in the range 1<=x<=5" in result.stderr


def test_unmark_forgets_and_says_what_it_was() -> None:
    run("mark", "lora", "qlora", "--status", "read")
    result = run("unmark", "LoRA", "qlora")
    assert (result.exit_code, result.stdout) == (
        0,
        "lora: unmarked (was read)\nqlora: unmarked (was read)\n",
    )
    result = run("unmark", "lora")
    assert result.exit_code == 0
    assert result.stderr == "None of these had a reading state; nothing changed.\n"
    result = run("unmark", "nothing-like-it")
    assert result.exit_code == ExitCode.NOT_FOUND


def write_orphans() -> None:
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        state.dump(
            {
                "lora": state.Entry("read", WHEN),
                "gone-paper": state.Entry("to-read", WHEN, 4, "from an old catalog"),
            }
        )
    )


def test_state_for_ids_the_catalog_lost_is_kept_and_listed() -> None:
    write_orphans()
    run("mark", "qlora", "--status", "read")  # a write keeps what the catalog does not know
    result = run("mark", "--orphans")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "id          status   rating  note                 updated",
        f"gone-paper  to-read  4       from an old catalog  {WHEN}",
    ]
    assert result.stderr == (
        "1 record(s) in your reading state are not in this catalog; they are kept "
        "('genai unmark ID' forgets one).\n"
    )
    assert json.loads(run("mark", "--orphans", "-f", "json").stdout) == [
        {"id": "gone-paper", "status": "to-read", "rating": 4, "note": "from an old catalog",
         "updated": WHEN}
    ]  # fmt: skip
    assert run("stats").stdout.splitlines()[1] == (
        "reading: 2 read, 0 reading, 0 to read, 0 skipped; 1 more for ids the catalog no longer has"
    )
    assert run("unmark", "gone-paper").stdout == "gone-paper: unmarked (was to-read)\n"
    result = run("mark", "--orphans")
    assert result.stdout == "No orphans: every record in your reading state is in the catalog.\n"
