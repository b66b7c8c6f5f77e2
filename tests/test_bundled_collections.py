"""The bundled collections rebuild the seed notes' curated lists: same items, same order.

Each test reads the seed file itself: the rows of a markdown table, or the
numbered items of a reading list under its headings, and the links each
row gives. A row stands for a record when one of its links is that record's
arXiv paper or one of its web addresses, or when its title is the record's
name or alias; the collection's item at that place must be such a record.
"""

from __future__ import annotations

import contextlib
import re

import pytest

from genai_catalog.errors import RecordNotFound
from genai_catalog.lists import ReadingList
from genai_catalog.model.kinds import record_urls
from tests.helpers import DATA, bundled, run

SEEDS = DATA / "seeds"
# (section title, the seed row's title, the records the row can stand for), in order.
Expected = list[tuple[str, str, set[str]]]
ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})")
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")
NUMBERED = re.compile(r"^\s*\d+\.\s+(.*)$")
URL = re.compile(r"https?://[^\s)\]]+")


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def between(text: str, start: str, end: str | None) -> str:
    """The part of a seed from the heading ``start`` up to the heading ``end``."""
    begin = text.index(start) + len(start)
    return text[begin : text.index(end, begin)] if end else text[begin:]


def table_rows(text: str) -> list[str]:
    """The body rows of the first markdown table in ``text``."""
    rows = [line for line in text.splitlines() if line.lstrip().startswith("|")]
    return [row for row in rows[2:] if row.strip()]


def candidates(title: str, links: list[str]) -> set[str]:
    """Every record a seed row can stand for: by its links, else by its title."""
    catalog = bundled()
    by_arxiv = {r["arxiv"]: r["id"] for r in catalog if r.get("arxiv")}
    found: set[str] = set()
    for url in links:
        match = ARXIV.search(url)
        if match:
            found.add(by_arxiv[match.group(1)])
            continue
        found.update(r["id"] for r in catalog if url in record_urls(r))
    with contextlib.suppress(RecordNotFound):
        found.add(catalog.get(title)["id"])
    return found


def items(shown: ReadingList) -> list[tuple[str, str]]:
    return [(s.title, item.record["id"]) for s in shown.sections for item in s.items]


def check(shown: ReadingList, expected: Expected) -> None:
    """The collection's items, in order, each one of the records its seed row stands for."""
    got = items(shown)
    assert [title for title, _ in got] == [title for title, _, _ in expected]
    wrong = [
        (position, row, rid, sorted(ids))
        for position, ((_, rid), (_, row, ids)) in enumerate(zip(got, expected, strict=True))
        if rid not in ids
    ]
    assert wrong == []


def table_expected(section: str, rows: list[str], title_cell: int) -> Expected:
    expected = []
    for row in rows:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cells[title_cell]).strip()
        expected.append((section, title, candidates(title, LINK.findall(row))))
    return expected


def test_must_papers_is_the_seed_table_in_its_order() -> None:
    rows = table_rows(between(seed("000"), "## Must Papers", "## Generative AI services"))
    assert len(rows) == 8
    check(bundled().collection("must-papers"), table_expected("Papers", rows, 0))


def test_gan_papers_is_the_seed_table_in_its_order() -> None:
    rows = table_rows(between(seed("000"), "## GANS", "## Prompt Engineering"))
    assert len(rows) == 3
    check(bundled().collection("gan-papers"), table_expected("GANs", rows, 0))


def test_the_guide_books_papers_table_in_its_order() -> None:
    rows = table_rows(between(seed("001"), "## Papers", "## Technologies"))
    assert len(rows) == 22
    check(bundled().collection("guide-book-papers"), table_expected("Papers", rows, 0))


def course_expected() -> Expected:
    """The course list: '## Week N', then '### **Heading**' or a bold line per section.

    A numbered item is a row: its title and every web address on its lines.
    A section without numbered items is about its heading: the record the
    heading names, then the records its links point at.
    """
    text = seed("004")
    sections: list[tuple[str, list[tuple[str, list[str]]], list[str]]] = []
    week = ""
    for line in text[text.index("## Week 1") :].splitlines():
        heading = re.fullmatch(r"### \*\*(.+)\*\*|\*\*(.+)\*\*", line.strip())
        if line.startswith("## Week"):
            week = line[3:].strip()
        elif heading:
            sections.append((f"{week}: {heading.group(1) or heading.group(2)}", [], []))
        elif sections and (item := NUMBERED.match(line)):
            sections[-1][1].append((item.group(1).strip("* "), []))
        elif sections:
            title, numbered, loose = sections[-1]
            (numbered[-1][1] if numbered else loose).extend(URL.findall(line))
    expected: Expected = []
    for title, numbered, loose in sections:
        for name, links in numbered:
            expected.append((title, name, candidates(name, links)))
        if numbered:
            continue
        subject = title.split(": ", 1)[1]
        if named := candidates(subject, []):
            expected.append((title, subject, named))
        for url in dict.fromkeys(loose):
            expected.append((title, url, candidates("", [url])))
    return expected


def test_the_course_reading_list_by_week_with_its_sections() -> None:
    expected = course_expected()
    assert len(expected) == 36
    assert len({title for title, _, _ in expected}) == 16
    check(bundled().collection("llm-course-reading-list"), expected)


@pytest.mark.parametrize(
    "collection", ["must-papers", "gan-papers", "guide-book-papers", "llm-course-reading-list"]
)
def test_a_bundled_collection_lists_each_record_once_per_section(collection: str) -> None:
    shown = bundled().collection(collection)
    for section in shown.sections:
        ids = [item.record["id"] for item in section.items]
        assert len(ids) == len(set(ids)), section.title


def test_marking_two_must_papers_read_reproduces_the_seed_read_status_column() -> None:
    from genai_catalog.paths import bundled_catalog

    rows = table_rows(between(seed("000"), "## Must Papers", "## Generative AI services"))
    cells = [[cell.strip() for cell in row.strip().strip("|").split("|")] for row in rows]
    seed_column = [row[2] for row in cells]  # Title | Link | Read Status | References
    assert seed_column.count("Yes") == 2
    # The papers the seed says were read, by the arXiv link of their Link column.
    read = [candidates("", LINK.findall(row[1])).pop() for row in cells if row[2] == "Yes"]
    assert sorted(read) == ["instructgpt-paper", "transformer-paper"]
    where = ("--catalog", str(bundled_catalog()))
    marked = run("mark", *read, "--status", "read", *where)
    assert marked.exit_code == 0, marked.stderr

    out = run("export", "--collection", "must-papers", "--columns", "name,status", *where).stdout
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert table[0] == "| Name | Status |"
    statuses = [line.rsplit("|", 2)[1].strip() for line in table[2:]]
    assert ["Yes" if status == "read" else "No" for status in statuses] == seed_column

    out = run("export", "--collection", "must-papers", "-c", "name,read_status", *where).stdout
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert table[0] == "| Name | Read Status |"  # the seed's own header
    assert [line.rsplit("|", 2)[1].strip() for line in table[2:]] == seed_column
    assert "Must Papers: 2 of 8 read" in run("show", "must-papers", *where).stdout.splitlines()
