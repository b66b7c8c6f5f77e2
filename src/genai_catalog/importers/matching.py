"""The links of a notes file matched against a catalog: one finding per distinct target.

An arXiv link matches the paper with its arXiv id, whatever URL form it has
(a record that merely links to that paper's page is not the paper). Any
other link matches, in this order: a record holding the same URL (``links``,
``repo``, ``homepage``, ``url``), a record inside the same repository or
Hugging Face model or dataset, then a record whose id, name or alias the link
text is (as ``Catalog.get`` reads names). Several records at one stage are
narrowed down by the text and the kind of target; what stays several is
``ambiguous``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from genai_catalog.importers.notes import Link
from genai_catalog.links import ARXIV, GITHUB, HF_DATASET, HF_MODEL, classify, normalize, repo_of
from genai_catalog.model.kinds import URL_FIELDS
from genai_catalog.search import compact

if TYPE_CHECKING:
    from genai_catalog.catalog import Catalog

MATCHED, NEW, AMBIGUOUS, CREATED = "matched", "new", "ambiguous", "created"
# Link texts that name no record: 'paper', '[1]', the URL itself.
_GENERIC = frozenset({
    "link", "links", "here", "this", "paper", "papers", "code", "pdf", "arxiv", "github", "repo",
    "repository", "source", "blog", "post", "website", "site", "docs", "documentation", "demo",
    "video", "slides", "notebook", "colab", "huggingface", "model", "dataset", "article",
    "tutorial", "readme", "more", "see", "read", "clickhere",
})  # fmt: skip
# Which kind of record a link to this kind of target most likely means.
_KIND_FOR_TARGET = {GITHUB: ("tool",), HF_MODEL: ("model",), HF_DATASET: ("dataset", "benchmark")}


@dataclass
class Finding:
    """One distinct link target of a notes file and its match in the catalog."""

    url: str
    kind: str
    key: str
    arxiv: str | None
    repo: str | None
    text: str
    heading: tuple[str, ...]
    lines: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    status: str = NEW
    match: str | None = None
    by: str | None = None  # "arxiv", "url", "repo" or "name"
    candidates: list[str] = field(default_factory=list)
    warning: str | None = None

    @property
    def line(self) -> int:
        return self.lines[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "kind": self.kind,
            "arxiv": self.arxiv,
            "line": self.line,
            "lines": self.lines,
            "heading": list(self.heading),
            "text": self.text,
            "texts": self.texts,
            "status": self.status,
            "match": self.match,
            "matched_by": self.by,
            "candidates": self.candidates,
            "warning": self.warning,
        }


def group(links: Iterable[Link]) -> list[Finding]:
    """One finding per target, in order of first appearance, with every line it is on."""
    by_key: dict[str, Finding] = {}
    for link in links:
        target = classify(link.url)
        finding = by_key.get(target.key)
        if finding is None:
            finding = by_key[target.key] = Finding(
                url=link.url,
                kind=target.kind,
                key=target.key,
                arxiv=target.arxiv,
                repo=target.repo,
                text=link.text,
                heading=link.heading,
            )
        if link.line not in finding.lines:
            finding.lines.append(link.line)
        if link.text and link.text not in finding.texts:
            finding.texts.append(link.text)
        if not finding.text:
            finding.text = link.text
    return list(by_key.values())


class Matcher:
    """Indexes of a catalog's arXiv ids, URLs and repositories, built in one pass."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.arxiv: dict[str, list[str]] = {}
        self.urls: dict[str, list[tuple[str, bool]]] = {}  # (record id, in a field of its own)
        self.repos: dict[str, list[tuple[str, bool]]] = {}
        self.kinds: dict[str, str] = {}
        for record in catalog:
            rid = record["id"]
            self.kinds[rid] = record["kind"]
            if record.get("arxiv"):
                self.arxiv.setdefault(record["arxiv"], []).append(rid)
            own = [(record[name], True) for name in URL_FIELDS if isinstance(record.get(name), str)]
            links = [(link["url"], False) for link in record.get("links") or []]
            for url, in_field in own + links:
                self.urls.setdefault(normalize(url), []).append((rid, in_field))
                repo = repo_of(url)
                if repo is not None:
                    self.repos.setdefault(repo, []).append((rid, in_field))

    def named(self, text: str) -> list[str]:
        """The records whose id, name or alias ``text`` is; none for a generic text."""
        key = compact(text)
        if not key or key in _GENERIC or key.isdigit() or text.lower().startswith(("http", "www.")):
            return []
        searcher = self.catalog.searcher
        return [searcher.ids[i] for i in searcher.named(key)]

    def match(self, finding: Finding) -> Finding:
        if finding.kind == ARXIV:
            assert finding.arxiv is not None
            self._decide(finding, self.arxiv.get(finding.arxiv, []), "arxiv")
        elif (held := self.urls.get(normalize(finding.url))) is not None:
            self._decide(finding, self._narrow(finding, held), "url")
        elif finding.repo is not None and (inside := self.repos.get(finding.repo)) is not None:
            self._decide(finding, self._narrow(finding, inside), "repo")
        else:
            named = {rid for text in finding.texts for rid in self.named(text)}
            self._decide(finding, sorted(named), "name")
        if finding.status == MATCHED and finding.by != "name":
            finding.warning = self._other_name(finding)
        return finding

    def _decide(self, finding: Finding, ids: list[str], by: str) -> None:
        unique = list(dict.fromkeys(ids))
        if len(unique) == 1:
            finding.status, finding.match, finding.by = MATCHED, unique[0], by
        elif unique:
            finding.status, finding.by, finding.candidates = AMBIGUOUS, by, sorted(unique)

    def _narrow(self, finding: Finding, holders: list[tuple[str, bool]]) -> list[str]:
        """Several records hold this address: the one it most likely means, else all."""
        ids = list(dict.fromkeys(rid for rid, _ in holders))
        graph = self.catalog.graph
        texts = {r for text in finding.texts for r in self.named(text)}
        preferred = _KIND_FOR_TARGET.get(finding.kind, ())

        def own(rid: str) -> bool:
            # The record whose own repo, homepage or url it is, over those that cite it.
            return any(r == rid and in_field for r, in_field in holders)

        def not_paper(rid: str) -> bool:
            # The thing over the paper about it: a paper links to its code, the tool *is* it.
            return self.kinds[rid] != "paper"

        def refers_to_others(rid: str) -> bool:
            # The record that refers to the others (a model trained on the dataset that
            # came out of the same repository) is what the repository is about.
            return any(target in ids for _, target in graph.targets(graph.by_id[rid]))

        steps: list[Callable[[str], bool]] = [
            own,
            not_paper,
            lambda rid: self.kinds[rid] in preferred,
            lambda rid: rid in texts,
            refers_to_others,
        ]
        for keep in steps:
            if len(ids) == 1:
                break
            kept = [rid for rid in ids if keep(rid)]
            ids = kept or ids
        return ids

    def _other_name(self, finding: Finding) -> str | None:
        """A warning when the link text names another record than the one the link points at."""
        assert finding.match is not None
        near = {n.record["id"] for n in self.catalog.graph.neighbours(finding.match)}
        for text in finding.texts:
            named = self.named(text)
            if len(named) == 1 and named[0] != finding.match and named[0] not in near:
                return (
                    f"the link text {text!r} names {named[0]}, but the link points at "
                    f"{finding.match}"
                )
        return None


def findings(catalog: Catalog, links: Iterable[Link]) -> list[Finding]:
    """Every distinct target of ``links``, matched against ``catalog``."""
    matcher = Matcher(catalog)
    return [matcher.match(finding) for finding in group(links)]
