"""arXiv ids in every form people paste, and what is not one."""

from __future__ import annotations

import pytest

from genai_catalog.model.ids import ArxivId, parse_arxiv


@pytest.mark.parametrize(
    ("pasted", "bare", "version"),
    [
        ("2305.14314", "2305.14314", None),
        ("2305.14314v2", "2305.14314", 2),
        ("arXiv:2305.14314", "2305.14314", None),
        ("ARXIV: 2305.14314v1", "2305.14314", 1),
        ("https://arxiv.org/abs/2305.14314", "2305.14314", None),
        ("http://arxiv.org/abs/2305.14314v3", "2305.14314", 3),
        ("https://arxiv.org/pdf/2305.14314", "2305.14314", None),
        ("https://arxiv.org/pdf/2305.14314v2.pdf", "2305.14314", 2),
        ("https://arxiv.org/pdf/2305.14314.pdf?download=1", "2305.14314", None),
        ("https://arxiv.org/html/2305.14314v1", "2305.14314", 1),
        ("https://arxiv.org/abs/2305.14314/", "2305.14314", None),
        ("https://arxiv.org/abs/2305.14314#related", "2305.14314", None),
        ("https://export.arxiv.org/abs/2305.14314", "2305.14314", None),
        ("https://browse.arxiv.org/abs/2305.14314", "2305.14314", None),
        ("arxiv.org/abs/2305.14314", "2305.14314", None),
        ("www.arxiv.org/pdf/2305.14314v2", "2305.14314", 2),
        ("<https://arxiv.org/abs/2305.14314>", "2305.14314", None),
        ("https://arxiv.org/abs/2305.14314.", "2305.14314", None),
        ("https://huggingface.co/papers/2305.14314", "2305.14314", None),
        ("huggingface.co/papers/2305.14314", "2305.14314", None),
        ("https://ar5iv.labs.arxiv.org/html/2305.14314", "2305.14314", None),
        ("https://ar5iv.org/abs/2305.14314", "2305.14314", None),
        ("https://www.alphaxiv.org/abs/2305.14314", "2305.14314", None),
        ("1706.03762", "1706.03762", None),
        ("cs/0112017", "cs/0112017", None),
        ("https://arxiv.org/abs/cs/0112017v1", "cs/0112017", 1),
        ("https://arxiv.org/pdf/hep-th/9901001v2.pdf", "hep-th/9901001", 2),
        ("https://arxiv.org/abs/math.GT/0309136", "math.GT/0309136", None),
    ],
)
def test_every_pasted_form_gives_the_bare_id(pasted: str, bare: str, version: int | None) -> None:
    assert parse_arxiv(pasted) == ArxivId(bare, version)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "qlora",
        "2305.143",
        "2305.14314v0",
        "https://example.org/abs/2305.14314",
        "https://arxiv.org/list/cs.CL/recent",
        "https://huggingface.co/datasets/2305.14314",
        "see 2305.14314",
    ],
)
def test_what_is_not_an_arxiv_id(text: str) -> None:
    assert parse_arxiv(text) is None


def test_year_and_links_come_from_the_id() -> None:
    old = ArxivId("hep-th/9901001")
    assert (old.year, old.month, old.old_style) == (1999, 1, True)
    new = ArxivId("2305.14314", 2)
    assert (new.year, str(new), new.abs_url) == (
        2023,
        "2305.14314v2",
        "https://arxiv.org/abs/2305.14314",
    )
