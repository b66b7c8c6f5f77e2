"""Property tests: records survive a trip through YAML, and exports stay well-formed."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from genai_catalog.exporters import Job, markdown
from genai_catalog.exporters import csv as csv_export
from genai_catalog.files import yaml_read
from genai_catalog.files.yaml_write import dump_record
from genai_catalog.model.messages import validate_data
from genai_catalog.model.schema import current_year, record_adapter, to_plain
from genai_catalog.text import cell_text

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- strategies for valid records -------------------------------------------------------

# Text a person could type into a record: no control characters (tab and
# newline only where text may span lines) and nothing YAML cannot hold.
_PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cn"))
_MULTILINE = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cn"), whitelist_characters="\t\n"
)
# Characters that mean something to YAML, to stress the parser and the depth estimate.
_YAMLISH = list("[]{}'\"#:-?|>!&*%@`,. aZ\t")
# One line, neither blank nor padded: what the schema takes for names and labels.
text = st.one_of(
    st.text(_PRINTABLE, min_size=1, max_size=60),
    st.text(st.sampled_from(_YAMLISH), min_size=1, max_size=60),
).map(lambda t: t.replace("\t", " ").strip() or "x")
long_text = st.one_of(
    st.text(_MULTILINE, min_size=1, max_size=300),
    st.text(st.sampled_from([*_YAMLISH, "\n"]), min_size=1, max_size=300),
).filter(lambda t: t.strip() != "")
slug = st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True)
url = st.from_regex(r"https?://[a-z0-9.-]{1,20}(/[!-~]{0,30})?", fullmatch=True)
year = st.integers(1940, current_year())
link = st.fixed_dictionaries(
    {"label": text, "url": url},
    optional={"type": st.sampled_from(["paper", "code", "docs", "blog", "other"])},
)


def _record(kind: str, required: dict[str, Any], optional: dict[str, Any]) -> Any:
    common_optional = {
        "aliases": st.lists(text, max_size=3),
        "topics": st.lists(slug, max_size=3),
        "links": st.lists(link, max_size=2),
        "related": st.lists(slug, max_size=2),
        "notes": st.text(_MULTILINE, max_size=300),
    }
    return st.fixed_dictionaries(
        {"id": slug, "kind": st.just(kind), "name": text, "summary": long_text, **required},
        optional={**common_optional, **optional},
    )


@st.composite
def _arxiv_for(draw: st.DrawFn, paper_year: int) -> str:
    first_month = 4 if paper_year == 2007 else 1
    month = draw(st.integers(first_month, 12))
    digits = 5 if paper_year >= 2015 else 4
    number = draw(st.integers(1, 10**digits - 1))
    return f"{paper_year % 100:02d}{month:02d}.{number:0{digits}d}"


@st.composite
def papers(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = draw(
        _record(
            "paper",
            {"year": year},
            {
                "authors": st.lists(text, max_size=4),
                "venue": text,
                "url": url,
                "builds_on": st.lists(slug, max_size=2),
            },
        )
    )
    if record["year"] >= 2007 and draw(st.booleans()):
        record["arxiv"] = draw(_arxiv_for(record["year"]))
    return record


_SHARED = {"year": year, "introduced_in": slug, "builds_on": st.lists(slug, max_size=2)}
records = st.one_of(
    papers(),
    _record(
        "technique",
        {},
        {**_SHARED, "category": st.sampled_from(["peft", "attention", "prompting"])},
    ),
    _record(
        "model",
        {},
        {
            **_SHARED,
            "organization": text,
            "parameters": text,
            "architecture": text,
            "modality": st.lists(st.sampled_from(["text", "code", "image", "3d"]), max_size=3),
            "open_weights": st.booleans(),
            "license": text,
            "base_model": slug,
            "uses": st.lists(slug, max_size=2),
            "trained_on": st.lists(slug, max_size=2),
            "evaluated_on": st.lists(slug, max_size=2),
        },
    ),
    _record(
        "tool",
        {},
        {
            **_SHARED,
            "category": st.sampled_from(["library", "serving", "format"]),
            "organization": text,
            "repo": url,
            "homepage": url,
            "license": text,
            "implements": st.lists(slug, max_size=2),
        },
    ),
    *(
        _record(
            kind,
            {},
            {
                **_SHARED,
                "organization": text,
                "tasks": st.lists(text, max_size=3),
                "metrics": st.lists(text, max_size=3),
                "homepage": url,
                "size": text,
                "license": text,
            },
        )
        for kind in ("dataset", "benchmark")
    ),
    st.fixed_dictionaries(
        {
            "id": slug,
            "kind": st.just("collection"),
            "name": text,
            "summary": long_text,
            "sections": st.lists(
                st.fixed_dictionaries(
                    {
                        "title": text,
                        "items": st.lists(
                            st.one_of(
                                slug, st.fixed_dictionaries({"id": slug}, optional={"note": text})
                            ),
                            min_size=1,
                            max_size=4,
                        ),
                    }
                ),
                min_size=1,
                max_size=3,
            ),
        },
        optional={
            "aliases": st.lists(text, max_size=3),
            "topics": st.lists(slug, max_size=3),
            "links": st.lists(link, max_size=2),
        },
    ),
)


_BASE = {"id": "x", "kind": "paper", "name": "X", "summary": "S", "year": 2023}


@SETTINGS
@given(data=records, flow=st.sampled_from([False, True, None]), width=st.integers(20, 200))
# Brackets in text are not nesting, wherever the dumper puts them.
@example(data={**_BASE, "name": "[" * 40}, flow=False, width=80)
@example(data={**_BASE, "summary": "see " + "[" * 40}, flow=False, width=80)
@example(data={**_BASE, "summary": "word " * 20 + "{" * 40}, flow=False, width=20)
@example(data={**_BASE, "notes": "range [0, 1)\n" * 40}, flow=False, width=80)
@example(data={**_BASE, "authors": ["[" * 30, "it's [" * 10]}, flow=True, width=30)
def test_a_valid_record_survives_dump_and_load(
    data: dict[str, Any], flow: bool | None, width: int
) -> None:
    original = to_plain(record_adapter().validate_python(data))
    dumped = yaml.safe_dump(
        original, sort_keys=False, allow_unicode=True, default_flow_style=flow, width=width
    )
    parsed = yaml_read.parse(yaml_read.decode(dumped.encode("utf-8"), "r.yaml"), "r.yaml")
    loaded, problems = validate_data(parsed, "r.yaml")
    assert problems == []
    assert loaded == original


@SETTINGS
@given(data=records)
@example(data={**_BASE, "summary": "two  spaces and a\nline break", "notes": " lead\n\ttab"})
@example(data={**_BASE, "name": "yes", "aliases": ["No", "null", "2023", "a, b", "[x]"]})
def test_the_canonical_writer_reads_back_as_the_same_record(data: dict[str, Any]) -> None:
    original = to_plain(record_adapter().validate_python(data))
    dumped = dump_record(original)
    parsed = yaml_read.parse(yaml_read.decode(dumped.encode("utf-8"), "r.yaml"), "r.yaml")
    loaded, problems = validate_data(parsed, "r.yaml")
    assert problems == []
    assert loaded == original
    assert dump_record(loaded) == dumped  # one canonical form: writing again changes nothing


# --- exports stay well-formed for any string -------------------------------------------

anything = st.text(max_size=80)
hostile = st.one_of(
    anything,
    st.lists(st.sampled_from(["|", "\\", "`", "\n", "\r", "<b>", "&lt;", "](", "[", "=", "*"])).map(
        "".join
    ),
)
COLUMNS = ["name", "kind", "year", "topics", "summary", "url"]


@st.composite
def export_records(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(0, 4))
    return [
        {
            "id": f"r{i}",
            "kind": "paper",
            "name": draw(hostile),
            "summary": draw(hostile),
            "year": draw(st.integers(1940, 2100)),
            "topics": draw(st.lists(hostile, max_size=2)),
            "url": draw(st.one_of(anything, url, st.tuples(url, hostile).map("".join))),
            "links": [{"url": draw(anything)}],
        }
        for i in range(count)
    ]


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_LINK_TARGET = re.compile(r"(?<!\\)\]\(([^)]*)\)")


@SETTINGS
@given(export_records())
def test_markdown_is_a_table_whatever_the_text(rows: list[dict[str, Any]]) -> None:
    text = markdown.render(Job(rows, columns=COLUMNS))
    assert text.endswith("\n")
    assert "\r" not in text
    lines = text[:-1].split("\n")
    assert len(lines) == len(rows) + 2
    for line in lines:
        assert line.startswith("| ")
        assert line.endswith(" |")
        assert len(_UNESCAPED_PIPE.findall(line)) == len(COLUMNS) + 1
    for target in _LINK_TARGET.findall(text):
        assert re.fullmatch(r"https?://[^\s<>()|\\`]+", target)
    # No raw HTML: every "<" in a cell was written as an entity.
    assert "<" not in text


@SETTINGS
@given(export_records())
def test_csv_round_trips_with_no_formula_cells(rows: list[dict[str, Any]]) -> None:
    text = csv_export.render(Job(rows, columns=COLUMNS))
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read[0] == COLUMNS
    assert len(read) == len(rows) + 1
    for record, cells in zip(rows, read[1:], strict=True):
        assert len(cells) == len(COLUMNS)
        for column, cell in zip(COLUMNS, cells, strict=True):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
            plain = cell_text(record.get(column)).replace("\r\n", "\n")
            plain = plain.replace("\r", "\n")
            assert cell in (plain, "'" + plain)
