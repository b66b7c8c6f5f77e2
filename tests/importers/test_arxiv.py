"""The arXiv importer: the Atom feed as untrusted input, and the drafts made from it."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from genai_catalog import net
from genai_catalog.errors import NetworkError, RecordNotFound
from genai_catalog.importers import arxiv
from tests import arxiv_feeds as feeds

ASKED = ["2305.14314"]


def test_a_normal_entry_is_read_field_by_field() -> None:
    found = arxiv.parse_feed(
        feeds.feed(feeds.entry(journal_ref="NeurIPS  2023", doi="10.5555/3666122.3666563")), ASKED
    )
    entry = found["2305.14314"]
    assert entry == arxiv.Entry(
        arxiv="2305.14314",
        version=2,
        title="QLoRA: Efficient Finetuning of Quantized LLMs",  # the wrapped title, collapsed
        published=datetime.date(2023, 5, 23),
        authors=("Tim Dettmers", "Artidoro Pagnoni", "Ari Holtzman", "Luke Zettlemoyer"),
        abstract="A placeholder abstract: the method trains adapters on a frozen 4-bit model "
        "and reaches close to full-precision quality.",
        journal_ref="NeurIPS 2023",
        dois=("10.5555/3666122.3666563",),
    )
    assert entry.year == 2023


def test_several_entries_and_old_style_ids() -> None:
    data = feeds.feed(
        feeds.entry(),
        feeds.entry("1706.03762", 7, "Attention Is All You Need", ("Ashish Vaswani",)),
        feeds.entry("hep-th/9901001", 1, "An Old One", ("A. Physicist",), "1999-01-04T00:00:00Z"),
    )
    found = arxiv.parse_feed(data, ["2305.14314", "1706.03762", "hep-th/9901001"])
    assert sorted(found) == ["1706.03762", "2305.14314", "hep-th/9901001"]
    assert found["hep-th/9901001"].year == 1999


def test_the_error_entry_is_an_error() -> None:
    with pytest.raises(NetworkError) as caught:
        arxiv.parse_feed(feeds.ERROR, ["1234.12345"])
    assert (
        str(caught.value) == "the arXiv API refused the query: incorrect id format for 1234.12345"
    )


def test_an_empty_feed_means_arxiv_does_not_know_the_id() -> None:
    assert arxiv.parse_feed(feeds.EMPTY, ["2305.99999"]) == {}


@pytest.mark.parametrize("payload", [feeds.BOMB, feeds.EXTERNAL], ids=["bomb", "external"])
def test_entities_are_refused_unread(payload: bytes) -> None:
    with pytest.raises(NetworkError) as caught:
        arxiv.parse_feed(payload, ASKED)
    assert str(caught.value) == (
        "the arXiv API's answer declares a DTD or entities, which an Atom feed never needs; "
        "it was refused unread"
    )


def test_malformed_xml() -> None:
    with pytest.raises(
        NetworkError, match=r"^the arXiv API's answer is not well-formed XML \(line"
    ):
        arxiv.parse_feed(feeds.MALFORMED, ASKED)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"Rate exceeded.",
            "the arXiv API says too many requests came in; wait a minute and retry",
        ),
        (b"<html><body>hi</body></html>", "the arXiv API's answer is not an Atom feed"),
        (feeds.feed(feeds.entry(title="  ")), "the arXiv API's entry for 2305.14314 has no title"),
        (
            feeds.feed(feeds.entry(authors=())),
            "the arXiv API's entry for 2305.14314 names no authors",
        ),
        (
            feeds.feed(feeds.entry(published="last week")),
            "the arXiv API's entry for 2305.14314 has no valid publication date ('last week')",
        ),
        (
            feeds.feed(feeds.entry("2401.00001")),
            "the arXiv API answered with 2401.00001, which was not asked for",
        ),
    ],
)
def test_every_field_is_checked(data: bytes, message: str) -> None:
    with pytest.raises(NetworkError) as caught:
        arxiv.parse_feed(data, ASKED)
    assert str(caught.value) == message


def test_optional_fields_that_do_not_fit_are_left_out() -> None:
    data = feeds.feed(feeds.entry(journal_ref="x" * 300, doi="not-a-doi 10.1000/abc"))
    entry = arxiv.parse_feed(data, ASKED)["2305.14314"]
    assert entry.journal_ref is None
    assert entry.dois == ("10.1000/abc",)


def test_the_draft_record() -> None:
    entry = arxiv.parse_feed(
        feeds.feed(feeds.entry(journal_ref="NeurIPS 2023", doi="10.1000/a(b)")), ASKED
    )["2305.14314"]
    record = arxiv.paper_draft(entry, "qlora-paper", topics=["peft"]).record()
    assert record == {
        "id": "qlora-paper",
        "kind": "paper",
        "name": "QLoRA: Efficient Finetuning of Quantized LLMs",
        "draft": True,
        "year": 2023,
        "arxiv": "2305.14314",
        "authors": ["Tim Dettmers", "Artidoro Pagnoni", "Ari Holtzman", "Luke Zettlemoyer"],
        "venue": "NeurIPS 2023",
        "topics": ["peft"],
        "links": [
            {"label": "arXiv abstract", "url": "https://arxiv.org/abs/2305.14314", "type": "paper"},
            {"label": "arXiv PDF", "url": "https://arxiv.org/pdf/2305.14314", "type": "paper"},
            {"label": "DOI", "url": "https://doi.org/10.1000/a%28b%29", "type": "paper"},
        ],
    }
    assert "summary" not in record  # never the abstract


def test_the_query_asks_for_every_id_in_one_page(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ids = [f"2401.{n:05d}" for n in range(1, 51)]
    httpserver.expect_request(
        "/api/query", query_string={"id_list": ",".join(ids), "max_results": "50"}
    ).respond_with_data(feeds.feed(ids=",".join(ids)), content_type="application/atom+xml")
    monkeypatch.setenv("GENAI_ARXIV_API", httpserver.url_for("/api/query"))
    client = net.Client(min_interval=0, throttle_dir=tmp_path)
    assert arxiv.fetch(ids, client) == {}
    with pytest.raises(ValueError, match="at most 50 ids"):
        arxiv.fetch([*ids, "2401.00051"], client)


def test_batches_of_fifty(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    httpserver.expect_request("/api/query").respond_with_data(feeds.EMPTY)
    monkeypatch.setenv("GENAI_ARXIV_API", httpserver.url_for("/api/query"))
    ids = [f"2401.{n:05d}" for n in range(1, 121)]
    done: list[int] = []
    client = net.Client(min_interval=0, throttle_dir=tmp_path)
    asked = [chunk for chunk, _ in arxiv.fetch_batches(ids, client, done.append)]
    assert [len(chunk) for chunk in asked] == [50, 50, 20] == done
    assert len(httpserver.log) == 3


def test_fetch_one_of_an_unknown_id(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    httpserver.expect_request("/api/query").respond_with_data(feeds.EMPTY)
    monkeypatch.setenv("GENAI_ARXIV_API", httpserver.url_for("/api/query"))
    with pytest.raises(RecordNotFound, match=r"^arXiv has no paper with the id 2305\.99999$"):
        arxiv.fetch_one("2305.99999", net.Client(min_interval=0, throttle_dir=tmp_path))
