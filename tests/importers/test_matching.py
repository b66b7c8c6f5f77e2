"""Links matched against a catalog, and the round trip of the seed notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from genai_catalog import open_catalog
from genai_catalog.importers.matching import Finding, findings
from genai_catalog.importers.notes import links_in
from genai_catalog.links import classify, normalize
from genai_catalog.model.kinds import record_urls
from tests.helpers import DATA, bundled

SEEDS = sorted((DATA / "seeds").glob("*.txt"))
URL = re.compile(r"https?://[^\s)\]<>|`]+")  # as tests/test_bundled_catalog.py reads the seeds


def match(notes: str) -> dict[str, Finding]:
    return {f.url: f for f in findings(open_catalog(), links_in(notes))}


def test_an_arxiv_link_matches_its_paper_in_any_form() -> None:
    found = match(
        "- [QLoRA](https://arxiv.org/pdf/2305.14314v2.pdf) and again "
        "[it](https://huggingface.co/papers/2305.14314)\n- [new](https://arxiv.org/abs/2401.00001)\n"
    )
    qlora = found["https://arxiv.org/pdf/2305.14314v2.pdf"]
    assert (qlora.status, qlora.match, qlora.by, qlora.arxiv) == (
        "matched",
        "qlora-paper",
        "arxiv",
        "2305.14314",
    )
    assert (qlora.lines, qlora.texts) == ([1], ["QLoRA", "it"])  # one finding for both links
    assert len(found) == 2
    new = found["https://arxiv.org/abs/2401.00001"]
    assert (new.status, new.match, new.arxiv) == ("new", None, "2401.00001")


def test_other_links_match_by_url_then_repo_then_text() -> None:
    found = match(
        "[peft](https://github.com/huggingface/peft/)\n"
        "[docs](https://github.com/huggingface/peft/tree/main/docs)\n"
        "[Guanaco](https://example.org/somewhere)\n"
        "[nobody](https://example.org/else)\n"
    )
    by = {url: (f.status, f.match, f.by) for url, f in found.items()}
    assert by == {
        "https://github.com/huggingface/peft/": ("matched", "peft-library", "url"),
        "https://github.com/huggingface/peft/tree/main/docs": ("matched", "peft-library", "repo"),
        "https://example.org/somewhere": ("matched", "guanaco", "name"),
        "https://example.org/else": ("new", None, None),
    }


def test_a_link_text_that_names_another_record_is_flagged() -> None:
    found = match(
        "[Llama 2](https://arxiv.org/abs/2305.14314) [LoRA](https://arxiv.org/abs/2106.09685)"
    )
    assert found["https://arxiv.org/abs/2305.14314"].warning == (
        "the link text 'Llama 2' names llama-2, but the link points at qlora-paper"
    )
    # LoRA the technique was introduced in the LoRA paper: the text names a neighbour.
    assert found["https://arxiv.org/abs/2106.09685"].warning is None


def test_a_name_shared_by_several_records_is_ambiguous(catalog_copy: Path) -> None:
    (catalog_copy / "tools" / "other-peft.yaml").write_text(
        "id: other-peft\nkind: tool\nname: Other\naliases: [Guanaco]\nsummary: Another one.\n"
    )
    found = findings(open_catalog(catalog_copy), links_in("[Guanaco](https://example.org/g)"))
    assert [(f.status, f.candidates) for f in found] == [("ambiguous", ["guanaco", "other-peft"])]


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_every_seed_arxiv_link_matches_its_paper(seed: Path) -> None:
    papers = {r["arxiv"]: r["id"] for r in bundled().graph if r.get("arxiv")}
    arxiv = [f for f in findings(bundled(), links_in(seed.read_text())) if f.arxiv]
    assert arxiv, "every seed has arXiv links"
    wrong = [(f.url, f.status, f.match) for f in arxiv if f.match != papers.get(f.arxiv or "")]
    assert wrong == []
    assert all(f.status == "matched" for f in arxiv)


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_every_seed_url_on_a_record_is_matched_to_one_holding_it(seed: Path) -> None:
    holders: dict[str, set[str]] = {}
    for record in bundled().graph:
        for url in record_urls(record):
            holders.setdefault(normalize(url), set()).add(record["id"])
    text = seed.read_text()
    found = {f.key: f for f in findings(bundled(), links_in(text))}
    on_records = {normalize(u.rstrip(".,;'\"")) for u in URL.findall(text)} & set(holders)
    assert on_records
    wrong = []
    for url in sorted(on_records):
        finding = found.get(classify(url).key)
        if finding is None or finding.status != "matched":
            wrong.append((url, finding.status if finding else "not found"))
        elif finding.by != "arxiv" and finding.match not in holders[url]:
            wrong.append((url, f"matched {finding.match}"))
    assert wrong == []
