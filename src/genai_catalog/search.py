"""Ranked, typo-tolerant search over id, name, aliases and summary.

Ranking is in tiers, so that a weak exact signal always beats a strong fuzzy
one: exact id > exact alias or name > acronym > prefix > all words >
fuzzy name > summary words. Within a tier, the fuzzy score breaks ties.

``SearchIndex`` is built of sorted string lists and ``array`` buffers, so
the cache stores it as it is and a warm query loads it in a few copies.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from genai_catalog.buffers import unpack_ints
from genai_catalog.errors import BadRequest
from genai_catalog.graph import Graph, Record
from genai_catalog.model.kinds import KINDS

_SPLIT = re.compile(r"[^0-9a-z]+")
STOPWORDS = frozenset({"a", "an", "and", "for", "in", "is", "of", "on", "the", "to", "with", "via"})

# A query is a name or a few words: past these it is a paste gone wrong, and
# the fuzzy stage's cost grows with every word.
MAX_QUERY_CHARS = 300
MAX_QUERY_WORDS = 24

# Tier base scores; a hit's score is its tier plus a within-tier bonus of at most 4,
# so scores run from 26 to 100.
EXACT_ID, EXACT_NAME, ACRONYM, PREFIX, WORDS, FUZZY, SUMMARY = 96, 91, 86, 81, 76, 46, 26


def words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text.casefold()) if w]


def compact(text: str) -> str:
    """'Llama 2', 'llama-2' and 'LLaMA2' all become 'llama2'."""
    return "".join(words(text))


def acronyms(name: str) -> set[str]:
    """Initials users type for a name: 'Chain-of-Thought Prompting' -> 'cotp', 'ctp'."""
    found = set()
    tokens = [w for w in re.split(r"[\s\-_/:,()]+", name) if w]
    if len(tokens) >= 2:
        found.add("".join(t[0] for t in tokens).casefold())
        found.add("".join(t[0] for t in tokens if t.casefold() not in STOPWORDS).casefold())
    return {a for a in found if len(a) >= 2}


Offer = Callable[[int, float, str], None]


@dataclass(frozen=True)
class Hit:
    record: Record
    score: float
    reason: str


class _Lines(Sequence[str]):
    """A sorted list of strings kept as one text and its line starts, sliced on access.

    A warm query bisects the 400,000 keys of a large catalog about twenty
    times; splitting the text into 400,000 strings first would cost more than
    the whole search.
    """

    def __init__(self, text: str, starts: array[int]) -> None:
        self._text = text
        self._starts = starts

    @classmethod
    def of(cls, lines: list[str]) -> _Lines:
        return cls("\n".join(lines) + ("\n" if lines else ""), array("I", _line_starts(lines)))

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        return self._text[self._starts[i] : self._starts[i + 1] - 1]

    def consistent(self) -> bool:
        return len(self._starts) >= 1 and self._starts[-1] == len(self._text)

    def state(self) -> list[Any]:
        return [self._text, self._starts.tobytes()]


class _Postings:
    """Sorted words, each with the record numbers it occurs in, as flat arrays."""

    def __init__(self, words_: list[str], starts: array[int], items: array[int]) -> None:
        self.words = words_
        self.starts = starts
        self.items = items

    @classmethod
    def build(cls, table: dict[str, set[int]]) -> _Postings:
        ordered = sorted(table)
        starts, items = [0], []
        for word in ordered:
            items.extend(sorted(table[word]))
            starts.append(len(items))
        return cls(ordered, array("I", starts), array("I", items))

    def state(self) -> list[Any]:
        return ["\n".join(self.words), self.starts.tobytes(), self.items.tobytes()]

    @classmethod
    def from_state(cls, state: list[Any]) -> _Postings:
        return cls(
            state[0].split("\n") if state[0] else [], unpack_ints(state[1]), unpack_ints(state[2])
        )

    def consistent(self) -> bool:
        return len(self.starts) == len(self.words) + 1 and self.starts[-1] == len(self.items)

    def find(self, word: str) -> int | None:
        at = bisect_left(self.words, word)
        return at if at < len(self.words) and self.words[at] == word else None

    def owners(self, at: int) -> array[int]:
        return self.items[self.starts[at] : self.starts[at + 1]]

    def of(self, word: str) -> array[int]:
        at = self.find(word)
        return self.owners(at) if at is not None else array("I")


class SearchIndex:
    """Everything search needs, without decoding a single record."""

    def __init__(self, graph: Graph) -> None:
        self.ids: list[str] = graph.ids()
        exact: list[tuple[str, int, int]] = []
        name_words: dict[str, set[int]] = {}
        summary_words: dict[str, set[int]] = {}
        labels: list[str] = []
        first_label = [0]
        kinds = bytearray()
        degree = []
        for i, record in enumerate(graph):
            kinds.append(KINDS.index(record["kind"]))
            degree.append(graph.degree(record))
            texts = [record["id"], record["name"], *record.get("aliases", ())]
            for rank, text in enumerate(texts):
                exact.append((compact(text), EXACT_ID if rank == 0 else EXACT_NAME, i))
                label_words = words(text)
                content = [w for w in label_words if w not in STOPWORDS] or label_words
                labels.append(" ".join(dict.fromkeys(content)))
                for word in label_words:
                    name_words.setdefault(word, set()).add(i)
                if rank:
                    exact.extend((acronym, ACRONYM, i) for acronym in acronyms(text))
            first_label.append(len(labels))
            for word in set(words(record.get("summary", ""))) - STOPWORDS:
                summary_words.setdefault(word, set()).add(i)
        exact = sorted({entry for entry in exact if entry[0]})
        self.keys = _Lines.of([key for key, _, _ in exact])
        self.key_tier = bytes(tier for _, tier, _ in exact)
        self.key_owner = array("I", (owner for _, _, owner in exact))
        self.names = _Postings.build(name_words)
        self.summaries = _Postings.build(summary_words)
        # Content words of every label, one label a line, grouped by record:
        # how much of a name a query covers ('thought chain' is all of 'chain
        # of thought', a sliver of a long title holding both words).
        self.labels = "\n".join(labels)
        self.label_starts = array("I", _line_starts(labels))
        self.first_label = array("I", first_label)
        self.kinds = bytes(kinds)
        # Links in and out: among equal scores the better-connected record is
        # usually the one meant ('peft' the method before 'PEFT' the library).
        self.degree = array("I", degree)

    def state(self) -> dict[str, Any]:
        """Plain data for the cache: strings and byte buffers."""
        return {
            "ids": self.ids,
            "keys": self.keys.state(),
            "key_tier": self.key_tier,
            "key_owner": self.key_owner.tobytes(),
            "names": self.names.state(),
            "summaries": self.summaries.state(),
            "labels": self.labels,
            "label_starts": self.label_starts.tobytes(),
            "first_label": self.first_label.tobytes(),
            "kinds": self.kinds,
            "degree": self.degree.tobytes(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SearchIndex:
        searcher = cls.__new__(cls)
        searcher.ids = state["ids"]
        searcher.keys = _Lines(state["keys"][0], unpack_ints(state["keys"][1]))
        searcher.key_tier = state["key_tier"]
        searcher.key_owner = unpack_ints(state["key_owner"])
        searcher.names = _Postings.from_state(state["names"])
        searcher.summaries = _Postings.from_state(state["summaries"])
        searcher.labels = state["labels"]
        searcher.label_starts = unpack_ints(state["label_starts"])
        searcher.first_label = unpack_ints(state["first_label"])
        searcher.kinds = state["kinds"]
        searcher.degree = unpack_ints(state["degree"])
        return searcher

    @classmethod
    def deferred(
        cls,
        ids: list[str],
        kinds: bytes,
        state: Callable[[], dict[str, Any] | None],
        rebuild: Callable[[], SearchIndex],
    ) -> SearchIndex:
        """An index that has its ids and kinds now, and reads the rest when a search needs it.

        ``state`` gives the rest of ``state()`` (None if it is damaged); ``rebuild``
        makes the index afresh if what it gives does not fit.
        """
        searcher = cls.__new__(cls)
        searcher.ids = ids
        searcher.kinds = kinds
        searcher.__dict__["_pending"] = (state, rebuild)
        return searcher

    def ready(self) -> SearchIndex:
        """This index with all it holds: a deferred one reads or waits for the rest now."""
        if "_pending" in self.__dict__:
            self.__getattr__("degree")
        return self

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not yet set: those of a deferred index.
        pending = self.__dict__.pop("_pending", None)
        if pending is None:
            raise AttributeError(name)
        state, rebuild = pending
        loaded = None
        rest = state()
        if rest is not None:
            try:
                loaded = SearchIndex.from_state({**rest, "ids": self.ids, "kinds": self.kinds})
            except (KeyError, TypeError, ValueError, AttributeError):
                loaded = None
        if loaded is None or not loaded.consistent():
            loaded = rebuild()
        self.__dict__.update(loaded.__dict__)
        return getattr(self, name)

    def consistent(self) -> bool:
        """Whether cached structures fit together (their lengths agree).

        Values inside them are only ever used to index Python sequences, which
        check every index; the cache's keyed digest vouches for the values.
        """
        n = len(self.ids)
        return (
            self.keys.consistent()
            and len(self.key_owner) == len(self.keys) == len(self.key_tier)
            and len(self.kinds) == len(self.degree) == n
            and len(self.first_label) == n + 1
            and self.names.consistent()
            and self.summaries.consistent()
            and len(self.label_starts) >= 1
            and (not self.first_label or self.first_label[-1] < len(self.label_starts))
            and self.label_starts[-1] <= len(self.labels) + 1
        )

    def named(self, key: str) -> list[int]:
        """Records with ``key`` as the compact form of their id, name or an alias."""
        start = bisect_left(self.keys, key)
        owners: list[int] = []
        for at in range(start, len(self.keys)):
            if self.keys[at] != key:
                break
            if self.key_tier[at] != ACRONYM and self.key_owner[at] not in owners:
                owners.append(self.key_owner[at])
        return owners

    def label_words(self, i: int) -> list[frozenset[str]]:
        found = []
        for line in range(self.first_label[i], self.first_label[i + 1]):
            text = self.labels[self.label_starts[line] : self.label_starts[line + 1] - 1]
            found.append(frozenset(text.split(" ")))
        return found

    def search(
        self,
        graph: Graph,
        query: str,
        limit: int = 10,
        *,
        kind: str | None = None,
        topic: str | None = None,
        keep: Callable[[str], bool] | None = None,
    ) -> list[Hit]:
        """The best ``limit`` hits for ``query``, of ``kind`` and with ``topic`` if given.

        ``keep`` is asked about each id before its record is decoded (the
        reading-state filter is one).
        """
        best: dict[int, tuple[float, str]] = {}

        def offer(i: int, score: float, reason: str) -> None:
            if i not in best or score > best[i][0]:
                best[i] = (score, reason)

        check_query(query)
        key = compact(query)
        query_words = list(dict.fromkeys(w for w in words(query) if w not in STOPWORDS))
        query_words = query_words or words(query)
        if not key:
            return []
        self._key_hits(key, offer)
        self._word_hits(query_words, offer)
        self._fuzzy_word_hits(query_words, offer)
        in_summary = self._summary_hits(query_words, offer)
        useful = max(len([w for w in query_words if len(w) >= 3]), 1)
        for i, count in in_summary.items():
            score, reason = best[i]
            if score < WORDS:
                # Among name matches of the same strength, the summary that speaks
                # of the query too is the better hit: 'react prompting'.
                best[i] = (score + count / useful, reason)

        def rank(item: tuple[int, tuple[float, str]]) -> tuple[float, int, int, str]:
            i, (score, _) = item
            return (-round(score, 1), -self.degree[i], -in_summary.get(i, 0), self.ids[i])

        wanted_kind = KINDS.index(kind) if kind else None
        hits = []
        for i, (score, reason) in sorted(best.items(), key=rank):
            if wanted_kind is not None and self.kinds[i] != wanted_kind:
                continue
            if keep is not None and not keep(self.ids[i]):
                continue
            record = graph.at(i)
            if topic and topic not in record.get("topics", ()):
                continue
            hits.append(Hit(record, round(score, 1), reason))
            if len(hits) >= limit:
                break
        return hits

    def _key_hits(self, key: str, offer: Offer) -> None:
        """Exact ids, names, aliases and acronyms; then names the query begins."""
        start = bisect_left(self.keys, key)
        for at in range(start, min(start + 400, len(self.keys))):
            found = self.keys[at]
            if not found.startswith(key):
                break
            owner, tier = self.key_owner[at], self.key_tier[at]
            if found == key:
                offer(owner, tier + 4, f"exact {_what(tier)} {key!r}")
            elif tier != ACRONYM:
                # Closer to a whole match ranks higher: 'llam' is nearer 'llama' than 'llamaindex'.
                offer(owner, PREFIX + 4 * len(key) / len(found), f"prefix of {found!r}")

    def _word_hits(self, query_words: list[str], offer: Offer) -> None:
        if not query_words:
            return
        wanted = set(query_words)
        owners = [self.names.of(w) for w in query_words]
        if not all(owners):
            return
        for i in set.intersection(*(set(o) for o in owners)):
            coverage = max(
                (len(wanted) / len(label) for label in self.label_words(i) if wanted <= label),
                default=0.5,
            )
            offer(i, WORDS + 4 * min(coverage, 1.0), "all words in name or aliases")

    def _fuzzy_word_hits(self, query_words: list[str], offer: Offer) -> None:
        """Query words matched to the closest words of one name: typos, unfinished words."""
        close = [self._close_words(word) for word in query_words]
        if not close:
            return
        candidates: set[int] = set()
        for matches in close:
            for at in matches:
                candidates.update(self.names.owners(at))
        by_word = [{self.names.words[at]: score for at, score in m.items()} for m in close]
        for i in candidates:
            for label in self.label_words(i):
                scores = [max((m.get(w, 0.0) for w in label), default=0.0) for m in by_word]
                mean = sum(scores) / len(scores)
                if mean < 50:
                    continue
                matched = sum(1 for score in scores if score)
                # Share of the name the query accounts for: 'chain of thougth' fits
                # 'Chain of Thought' better than a long title with both words.
                coverage = min(matched / len(label), 1.0)
                offer(
                    i,
                    FUZZY + 25 * (mean - 50) / 50 + 4 * coverage,
                    f"fuzzy words {matched}/{len(scores)} (mean {mean:.0f})",
                )

    def _close_words(self, word: str) -> dict[int, float]:
        """Name words (by position) equal, close, or completing ``word``, with closeness."""
        from rapidfuzz import fuzz, process

        vocab = self.names.words
        close: dict[int, float] = {}
        if len(word) >= 3:
            start = bisect_left(vocab, word)
            for at in range(start, min(start + 50, len(vocab))):
                if not vocab[at].startswith(word):
                    break
                close[at] = 85.0
            for _, score, at in process.extract(
                word, vocab, scorer=fuzz.ratio, limit=10, score_cutoff=75
            ):
                close[at] = max(close.get(at, 0.0), score)
        exact = self.names.find(word)
        if exact is not None:
            close[exact] = 100.0
        return close

    def _summary_hits(self, query_words: list[str], offer: Offer) -> dict[int, int]:
        counted: dict[int, int] = {}
        useful = [w for w in query_words if len(w) >= 3]
        for word in useful:
            for i in self.summaries.of(word):
                counted[i] = counted.get(i, 0) + 1
        for i, count in counted.items():
            offer(i, SUMMARY + 15 * count / len(useful), f"summary has {count}/{len(useful)} words")
        return counted


def check_query(query: str) -> None:
    """Refuse a query too long to be a search (a pasted file, say)."""
    if len(query) > MAX_QUERY_CHARS:
        raise BadRequest(
            f"the query is {len(query):,} characters long; the limit is {MAX_QUERY_CHARS}"
        )
    count = len(words(query))
    if count > MAX_QUERY_WORDS:
        raise BadRequest(f"the query has {count} words; the limit is {MAX_QUERY_WORDS}")


def _line_starts(lines: list[str]) -> list[int]:
    """Offsets of each line in ``"\\n".join(lines)``, and one past the end."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def _what(tier: int) -> str:
    return {EXACT_ID: "id", EXACT_NAME: "name or alias", ACRONYM: "acronym of"}[tier]
