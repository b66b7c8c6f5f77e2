"""Reading lists: a collection resolved to records, filtered, and progress through it."""

from __future__ import annotations

from genai_catalog.catalog import load
from genai_catalog.lists import Progress
from genai_catalog.state import Entry, ReadingState
from tests.helpers import FIXTURE_CATALOG

WHEN = "2025-01-31T12:00:00+00:00"


def test_progress_counts_distinct_records_and_names_the_other_statuses() -> None:
    shown = load(FIXTURE_CATALOG, use_cache=False).collection("peft-reading")
    assert shown.ids() == ["transformer-paper", "lora-paper", "qlora-paper", "qlora", "guanaco"]
    reading = ReadingState(
        None,
        {
            "lora-paper": Entry("read", WHEN),
            "qlora": Entry("to-read", WHEN),
            "guanaco": Entry("skipped", WHEN),
            "mmlu": Entry("read", WHEN),  # not on the list
        },
    )
    progress = shown.progress(reading)
    assert str(progress) == "PEFT Reading List: 1 of 5 read (1 to read, 1 skipped)"
    assert progress.plain() == {"total": 5, "read": 1, "reading": 0, "to-read": 1, "skipped": 1}
    assert str(Progress("Must Papers", 8, {"read": 2, "reading": 0})) == "Must Papers: 2 of 8 read"


def test_only_keeps_order_and_drops_empty_sections() -> None:
    shown = load(FIXTURE_CATALOG, use_cache=False).collection("peft-reading")
    kept = shown.only(lambda r: r["kind"] != "paper")
    assert [(s.title, [i.record["id"] for i in s.items]) for s in kept.sections] == [
        ("Quantized fine-tuning", ["qlora", "guanaco"])
    ]
    assert kept.record is shown.record and not kept.has_notes() and shown.has_notes()
