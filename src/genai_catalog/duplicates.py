"""Records that are probably the same thing, entered twice.

Five signs, each reported once per pair: the same arXiv id; the same URL; the
same repository (or Hugging Face model or dataset); names or titles that are
near-identical once case, accents and punctuation are set aside; and an alias
that is another record's name or alias. Only the arXiv id counts whatever
the records are; for the others, two records that are already linked to
each other (a paper and the technique it introduced, a model and its next
version) know about each other and are not reported, nor are two records
traced to two different papers (AudioLM and AudioLDM); a reading link (a blog
post, a course) says nothing of what a record is; and a URL or a repository
counts only between records of one kind (datasets and benchmarks count as
one): a paper links to the code of the tool it describes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from genai_catalog.graph import Graph, Record
from genai_catalog.links import normalize, repo_of
from genai_catalog.search import compact

SAME_ARXIV, SAME_URL, SAME_REPO, SIMILAR_NAMES, SHARED_NAME = (
    "same arXiv id",
    "same URL",
    "same repository",
    "near-identical names",
    "shared name or alias",
)
# Two normalised names are "near-identical" from this rapidfuzz ratio (0-100), or when one
# edit apart and at least SHORT_NAME characters long (short names differ by one edit often:
# 'llama' and 'ollama').
NAME_SCORE = 95
SHORT_NAME = 6
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Pair:
    """Two records that are probably one, why, and the value they share."""

    reason: str
    ids: tuple[str, str]
    value: str

    def to_json(self) -> dict[str, object]:
        return {"reason": self.reason, "ids": list(self.ids), "value": self.value}


def _family(kind: str) -> str:
    return "dataset" if kind == "benchmark" else kind


def normalized(name: str) -> str:
    """'Llama-2', 'LLaMA 2' and 'Lláma 2' all become 'llama2'."""
    plain = unicodedata.normalize("NFKD", name)
    return compact("".join(ch for ch in plain if not unicodedata.combining(ch)))


def find(graph: Graph) -> list[Pair]:
    """Every probable duplicate pair, strongest sign first, each pair once."""
    records = list(graph)
    linked = _linked(graph)
    origin = {r["id"]: _origin(r) for r in records}
    found: dict[tuple[str, str], Pair] = {}

    def known_apart(a: str, b: str) -> bool:
        # Each traced to a different paper: two things, however alike their names.
        return origin[a] is not None and origin[b] is not None and origin[a] != origin[b]

    def report(reason: str, ids: Iterable[str], value: str, *, always: bool = False) -> None:
        for a, b in combinations(sorted(set(ids)), 2):
            if (a, b) in found:
                continue
            if always or ((a, b) not in linked and not known_apart(a, b)):
                found[(a, b)] = Pair(reason, (a, b), value)

    for arxiv, owners in _groups((r["arxiv"], r["id"]) for r in records if r.get("arxiv")):
        report(SAME_ARXIV, owners, str(arxiv), always=True)
    by_id = {r["id"]: r for r in records}
    for reason, key_of in ((SAME_URL, normalize), (SAME_REPO, repo_of)):
        pairs = (
            ((_family(r["kind"]), k), r["id"])
            for r in records
            for url in _identity_urls(r)
            if (k := key_of(url)) is not None
        )
        for family_value, owners in _groups(pairs):
            report(reason, owners, str(family_value[1]))  # type: ignore[index]
    for value, owners in _similar_names(records):
        report(SIMILAR_NAMES, owners, value)
    keys = (
        (normalized(text), r["id"]) for r in records for text in [r["name"], *r.get("aliases", [])]
    )
    for name_key, owners in _groups(keys):
        names = [t for rid in owners for t in [by_id[rid]["name"], *by_id[rid].get("aliases", [])]]
        shown = next((t for t in names if normalized(t) == name_key), str(name_key))
        report(SHARED_NAME, owners, shown)
    return sorted(found.values(), key=lambda p: (_ORDER[p.reason], p.ids))


_ORDER = {reason: i for i, reason in enumerate([SAME_ARXIV, SAME_URL, SAME_REPO, SIMILAR_NAMES,
                                                SHARED_NAME])}  # fmt: skip


def _groups(pairs: Iterable[tuple[object, str]]) -> list[tuple[object, list[str]]]:
    """Keys held by more than one record, with those records."""
    owners: dict[object, list[str]] = {}
    for key, rid in pairs:
        found = owners.setdefault(key, [])
        if rid not in found:
            found.append(rid)
    return [(key, ids) for key, ids in owners.items() if len(ids) > 1 and key != ""]


def _origin(record: Record) -> str | None:
    """The paper a record comes from: itself (its arXiv id), or the one it was introduced in."""
    if record.get("arxiv"):
        return f"arxiv:{record['arxiv']}"
    introduced = record.get("introduced_in")
    return f"paper:{introduced}" if isinstance(introduced, str) else None


# Links of these types are reading about a thing (a blog post that explains two ideas at
# once), not the thing itself.
_READING = frozenset({"blog", "article", "video", "course", "podcast", "discussion", "docs"})


def _identity_urls(record: Record) -> set[str]:
    """The addresses that say what a record is. A paper's links point at what it is about
    (the fairseq repository of the BART and RoBERTa papers), so only its own url counts."""
    if record["kind"] == "paper":
        return {record["url"]} if isinstance(record.get("url"), str) else set()
    own = {record[f] for f in ("url", "homepage", "repo") if isinstance(record.get(f), str)}
    for link in record.get("links", ()):
        if link.get("type", "other") not in _READING:
            own.add(link["url"])
    return own


def _linked(graph: Graph) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for record in graph:
        for _, target in graph.targets(record):
            a, b = sorted((record["id"], target))
            pairs.add((a, b))
    return pairs


def _similar_names(records: list[Record]) -> list[tuple[str, list[str]]]:
    """Pairs of near-identical names that hold the same numbers.

    'Qwen2' and 'Qwen3' are versions, not typos: names must agree on their
    digits. Names are compared within blocks that share their first or last
    three characters, which any near-identical pair does, so that a large
    catalog is not compared pair by pair.
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    keyed = [(normalized(r["name"]), r["id"], r["name"]) for r in records]
    blocks: dict[tuple[int, str], list[int]] = {}
    for i, (key, _, _) in enumerate(keyed):
        if len(key) >= 4:
            blocks.setdefault((0, key[:3]), []).append(i)
            blocks.setdefault((1, key[-3:]), []).append(i)
    seen: set[tuple[int, int]] = set()
    found = []
    for members in blocks.values():
        for i, j in combinations(members, 2):
            if (i, j) in seen:
                continue
            seen.add((i, j))
            (a, a_id, a_name), (b, b_id, b_name) = keyed[i], keyed[j]
            if a == b:
                continue  # the same name exactly is a shared name, reported as such
            if _DIGITS.findall(a) != _DIGITS.findall(b):
                continue
            one_edit = min(len(a), len(b)) >= SHORT_NAME and Levenshtein.distance(a, b) <= 1
            if one_edit or fuzz.ratio(a, b) >= NAME_SCORE:
                found.append((f"{a_name} / {b_name}", [a_id, b_id]))
    return found
