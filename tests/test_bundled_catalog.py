"""The bundled catalog: valid, and holding everything the seed notes know.

The five seed notes in ``tests/data/seeds`` are what users kept before this
catalog existed; nothing a reader could find there may be missing here.
"""

from __future__ import annotations

import re

import pytest

from genai_catalog.model.kinds import ENTITY_KINDS, record_urls
from tests.helpers import DATA, bundled, top_ids

SEEDS = sorted((DATA / "seeds").glob("*.txt"))
ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})")
URL = re.compile(r"https?://[^\s)\]<>|`]+")

# Seed links left out on purpose: web development, Mojo and Python tooling
# notes that are not about generative AI, and a URL template that is no link.
OFF_TOPIC = {
    "https://www.fullstackpython.com/",
    "https://python-docx.readthedocs.io/en/latest/index.html",
    "https://regex101.com/",
    "https://www.modular.com/",
    "https://github.com/czheo/mojo.vim",
    "https://github.com/czheo/mojo-cheatsheet/blob/main/README.md",
    "https://fastapi.tiangolo.com/",
    "https://www.travisluong.com/how-to-build-a-full-stack-next-js-fastapi-postgresql-boilerplate-tutorial/",
    "https://www.travisluong.com/how-to-deploy-next-js-fastapi-and-postgresql-with-shell-scripts/",
    "https://pm2.keymetrics.io/",
    "https://github.com/axios/axios",
    "http://localhost:3000/auth?code=test",
    "https://developers.google.com/identity/openid-connect/openid-connect#exchangecode",
    "https://github.com/tomasvotava/fastapi-sso/tree/master",
    "https://github.com/fuegoio/fastapi-frontend-auth-example/tree/main",
    "https://pypi.org/pypi/",
}


def seed_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in SEEDS)


def test_the_bundled_catalog_is_valid() -> None:
    problems = [str(p) for p in bundled().all_problems()]
    assert problems == []


def test_the_bundled_catalog_is_large_and_spans_every_kind() -> None:
    counts = bundled().graph.counts_by_kind()
    assert sum(counts.values()) >= 300
    # Collections are reading lists over the rest: a few, not tens.
    assert all(counts[kind] >= 10 for kind in ENTITY_KINDS), counts
    assert counts["collection"] >= 4


def test_every_seed_arxiv_paper_is_a_paper_record_with_its_year() -> None:
    papers = {r["arxiv"]: r for r in bundled().graph if r.get("arxiv")}
    seed_ids = sorted(set(ARXIV.findall(seed_text())))
    assert len(seed_ids) >= 60
    missing = [i for i in seed_ids if i not in papers]
    assert missing == []
    wrong_year = [i for i in seed_ids if papers[i]["year"] != 2000 + int(i[:2])]
    assert wrong_year == []


def urls_on_records() -> set[str]:
    found: set[str] = set()
    for record in bundled().graph:
        found.update(record_urls(record))
        if "arxiv" in record:
            found.add(f"https://arxiv.org/abs/{record['arxiv']}")
    return found


def test_every_seed_url_worth_keeping_is_on_some_record() -> None:
    seed_urls = {url.rstrip(".,;'\"") for url in URL.findall(seed_text())}
    kept = urls_on_records()
    missing = sorted(
        url
        for url in seed_urls - OFF_TOPIC
        if url not in kept and not (ARXIV.search(url) and _arxiv_known(url))
    )
    assert missing == []


def _arxiv_known(url: str) -> bool:
    match = ARXIV.search(url)
    return match is not None and f"https://arxiv.org/abs/{match.group(1)}" in urls_on_records()


# Seed names that the relevance set (which demands rank 1) does not already hold.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chromadb", "chromadb"),
        ("gptq", "gptq"),
        ("peft", "parameter-efficient-fine-tuning"),
        ("rogue", "rouge"),
        ("moe", "mixture-of-experts"),
        ("self attention", "self-attention"),
        ("humaneval", "humaneval"),
        ("llamaindex", "llamaindex"),
        ("pinecone", "pinecone"),
        ("hyde", "hyde"),
        ("gan", "generative-adversarial-network"),
        ("instructgpt", "instructgpt"),
    ],
)
def test_seed_entities_are_found_in_the_top_three(query: str, expected: str) -> None:
    assert expected in top_ids(bundled(), query)


def _seed_mentions() -> list[tuple[str, str, str]]:
    """Every entity the seed notes name, passing mentions included, with its record.

    One row per mention (seed file, line, words as written, record id), made by
    reading the five notes line by line when the catalog grew in December 2026.
    """
    rows = (DATA / "seed_mentions.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [(f"{seed}:{line}", mention, record) for seed, line, mention, record in
            (row.split("\t") for row in rows if row.strip())]  # fmt: skip


@pytest.mark.parametrize(("where", "mention", "expected"), _seed_mentions())
def test_every_seed_mention_finds_its_record_in_the_top_three(
    where: str, mention: str, expected: str
) -> None:
    assert expected in top_ids(bundled(), mention), f"{where}: {mention!r}"


def test_the_seed_mention_list_covers_every_line_that_names_a_paper() -> None:
    mentioned = {record for _, _, record in _seed_mentions()}
    assert len(mentioned) >= 250
    papers = {r["arxiv"]: r["id"] for r in bundled().graph if r.get("arxiv")}
    for arxiv in set(ARXIV.findall(seed_text())):
        assert papers[arxiv] in mentioned or any(
            n.record["id"] in mentioned for n in bundled().neighbours(papers[arxiv])
        ), arxiv


def test_the_bundled_catalog_holds_no_drafts() -> None:
    drafts = [record["id"] for record in bundled().graph if record.get("draft")]
    assert drafts == []


def test_the_bundled_catalog_is_canonical() -> None:
    """What `genai fmt --check` enforces in CI: every file exactly as the writer writes it."""
    from genai_catalog.files.canonical import canonical_text, catalog_files
    from genai_catalog.paths import bundled_catalog

    offenders = []
    for file, shown in catalog_files(bundled_catalog()):
        text = file.read_text(encoding="utf-8")
        if canonical_text(text, shown)[0] != text:
            offenders.append(shown)
    assert offenders == []


def test_every_bundled_record_survives_the_canonical_writer() -> None:
    """What files.yaml_write writes, files.yaml_read and the schema read back identically."""
    from genai_catalog.files.record_files import load_text
    from genai_catalog.files.yaml_write import dump_record, schema_header

    changed = []
    for record in bundled().graph:
        text = dump_record(record, header=schema_header(record["kind"]))
        again = load_text(text, f"{record['id']}.yaml").record
        if again != record:
            changed.append(record["id"])
    assert changed == []


def test_no_summary_copies_eight_words_of_an_abstract_that_was_read() -> None:
    """The abstracts the writers read are kept outside the repository (they are not ours).

    Point GENAI_ABSTRACTS at that folder (one <record id>.txt each) to run this check.
    """
    import os
    from pathlib import Path

    folder = os.environ.get("GENAI_ABSTRACTS")
    if not folder or not Path(folder).is_dir():
        pytest.skip("GENAI_ABSTRACTS is not set: the abstracts read are not in the repository")

    def runs(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z0-9]+", text.lower())
        return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}

    copied = []
    for record in bundled().graph:
        source = Path(folder) / f"{record['id']}.txt"
        if record.get("summary") and source.is_file():
            shared = runs(record["summary"]) & runs(source.read_text(encoding="utf-8"))
            if shared:
                copied.append((record["id"], " ".join(sorted(shared)[0])))
    assert copied == []
