"""arXiv papers: the export API's Atom feed, read as untrusted input, and drafts made from it.

The answer is parsed with defusedxml, which refuses a DTD outright: an Atom
feed never needs one, and a DTD is how entity-expansion bombs and external
entities (files, URLs) get in. Every field is checked before it is used; an
optional field that does not fit a record (an overlong journal reference, a
DOI that is not one) is left out rather than guessed at.
"""

from __future__ import annotations

import datetime
import re
import urllib.parse
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genai_catalog import paths
from genai_catalog.drafts import Draft
from genai_catalog.errors import NetworkError, RecordNotFound
from genai_catalog.model.ids import ArxivId, parse_arxiv
from genai_catalog.net import Client, check_url

if TYPE_CHECKING:
    from genai_catalog.catalog.authoring import Additions

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
# Ids per query: the API manual asks for modest slices, and a URL of 50 ids stays short.
BATCH = 50
TEXT_MAX = 200  # what a record's one-line text fields hold
_DOI = re.compile(r"10\.[0-9]{4,9}/\S+")
_ERRORS = re.compile(r"^https?://arxiv\.org/api/errors", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """One paper as the arXiv API describes it, every field checked."""

    arxiv: str  # the bare id
    version: int | None
    title: str
    published: datetime.date
    authors: tuple[str, ...]
    abstract: str
    journal_ref: str | None = None
    dois: tuple[str, ...] = ()

    @property
    def year(self) -> int:
        """The year a record gives the paper: from its id, as the schema requires."""
        return ArxivId(self.arxiv).year


def query_url(ids: Sequence[str], base: str | None = None) -> str:
    """The export API query for ``ids`` (all of them in one page of results)."""
    api = check_url(base or paths.arxiv_api(), f"${paths.ENV_ARXIV_API}")
    query = urllib.parse.urlencode(
        {"id_list": ",".join(ids), "max_results": str(len(ids))}, safe=",/"
    )
    return f"{api}{'&' if '?' in api else '?'}{query}"


def fetch(ids: Sequence[str], client: Client | None = None) -> dict[str, Entry]:
    """The papers arXiv has among ``ids`` (bare ids, at most ``BATCH``), by bare id.

    An id arXiv does not know is simply missing from the result.
    """
    if not ids:
        return {}
    if len(ids) > BATCH:
        raise ValueError(f"at most {BATCH} ids per query")
    url = query_url(ids)
    body = (client or Client()).get(url, accept="application/atom+xml")
    return parse_feed(body, ids)


def fetch_one(arxiv: str, client: Client | None = None) -> Entry:
    found = fetch([arxiv], client)
    if arxiv not in found:
        raise RecordNotFound(f"arXiv has no paper with the id {arxiv}")
    return found[arxiv]


def fetch_batches(
    ids: Sequence[str],
    client: Client | None = None,
    done: Callable[[int], None] | None = None,
) -> Iterator[tuple[list[str], dict[str, Entry]]]:
    """``(asked, found)`` for each query of at most ``BATCH`` ids, one after the other.

    A generator, so that a caller can write what each batch gave before the
    next request: an interrupted run keeps what it had.
    """
    http = client or Client()
    for start in range(0, len(ids), BATCH):
        chunk = list(ids[start : start + BATCH])
        found = fetch(chunk, http)
        if done is not None:
            done(len(chunk))
        yield chunk, found


# ---- reading the feed


def parse_feed(data: bytes, asked: Collection[str]) -> dict[str, Entry]:
    """The entries of an export API answer, by bare id; ``NetworkError`` when it is unusable."""
    import xml.etree.ElementTree as ET

    import defusedxml
    from defusedxml.ElementTree import fromstring

    if data.lstrip()[:13].lower() == b"rate exceeded":
        raise NetworkError("the arXiv API says too many requests came in; wait a minute and retry")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise NetworkError(
            "the arXiv API's answer declares a DTD or entities, which an Atom feed never "
            "needs; it was refused unread"
        ) from None
    except ET.ParseError as exc:
        line, col = exc.position
        raise NetworkError(
            f"the arXiv API's answer is not well-formed XML (line {line}, column {col + 1})"
        ) from None
    if root.tag != f"{ATOM}feed":
        raise NetworkError("the arXiv API's answer is not an Atom feed")
    wanted = set(asked)
    found: dict[str, Entry] = {}
    for element in root.findall(f"{ATOM}entry"):
        entry = _entry(element, wanted)
        found.setdefault(entry.arxiv, entry)
    return found


def _text(element: Any | None) -> str:
    """An element's text with every run of whitespace (line breaks too) made one space."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _entry(element: Any, wanted: set[str]) -> Entry:
    raw_id = _text(element.find(f"{ATOM}id"))
    if _ERRORS.match(raw_id):
        detail = _text(element.find(f"{ATOM}summary")) or raw_id
        raise NetworkError(f"the arXiv API refused the query: {detail[:TEXT_MAX]}")
    parsed = parse_arxiv(raw_id)
    if parsed is None:
        raise NetworkError(
            f"the arXiv API's answer has an entry whose id {raw_id[:80]!r} is no arXiv id"
        )
    if parsed.id not in wanted:
        raise NetworkError(f"the arXiv API answered with {parsed.id}, which was not asked for")
    where = f"the arXiv API's entry for {parsed.id}"
    title = _text(element.find(f"{ATOM}title"))
    if not title:
        raise NetworkError(f"{where} has no title")
    published_text = _text(element.find(f"{ATOM}published"))
    try:
        published = datetime.datetime.fromisoformat(published_text).date()
    except ValueError:
        raise NetworkError(
            f"{where} has no valid publication date ({published_text[:40]!r})"
        ) from None
    authors = tuple(_text(a.find(f"{ATOM}name")) for a in element.findall(f"{ATOM}author"))
    if not authors:
        raise NetworkError(f"{where} names no authors")
    for name in authors:
        if not name or len(name) > TEXT_MAX:
            raise NetworkError(f"{where} has an author's name that is blank or too long")
    journal = _text(element.find(f"{ARXIV}journal_ref"))
    doi_text = _text(element.find(f"{ARXIV}doi"))
    # The doi field may hold several DOIs, separated by spaces.
    dois = tuple(dict.fromkeys(d for d in doi_text.split() if _DOI.fullmatch(d) and len(d) < 300))
    return Entry(
        arxiv=parsed.id,
        version=parsed.version,
        title=title,
        published=published,
        authors=authors,
        abstract=_text(element.find(f"{ATOM}summary")),
        journal_ref=journal if journal and len(journal) <= TEXT_MAX else None,
        dois=dois,
    )


# ---- records from entries


def paper_draft(
    entry: Entry,
    record_id: str,
    *,
    summary: str | None = None,
    topics: Sequence[str] = (),
    builds_on: Sequence[str] = (),
) -> Draft:
    """A paper record for ``entry``; a draft (no summary yet) unless ``summary`` is given."""
    arxiv = ArxivId(entry.arxiv)
    links: list[dict[str, str]] = [
        {"label": "arXiv abstract", "url": arxiv.abs_url, "type": "paper"},
        {"label": "arXiv PDF", "url": arxiv.pdf_url, "type": "paper"},
    ]
    links += [
        {
            "label": "DOI",
            "url": "https://doi.org/" + urllib.parse.quote(doi, safe="/"),
            "type": "paper",
        }
        for doi in entry.dois
    ]
    fields: dict[str, Any] = {
        "year": entry.year,
        "arxiv": entry.arxiv,
        "authors": list(entry.authors),
        "venue": entry.journal_ref,
        "summary": summary,
        "topics": list(topics),
        "builds_on": list(builds_on),
        "links": links,
    }
    return Draft("paper", record_id, entry.title, fields, draft=summary is None)


def write_drafts(
    additions: Additions,
    ids: Sequence[str],
    *,
    client: Client | None = None,
    done: Callable[[int], None] | None = None,
) -> Iterator[tuple[str, Path | str]]:
    """Draft papers for ``ids``, batch by batch: each id with the file written, or why not.

    Each file is written as soon as its batch is back, so an interrupted run
    keeps what it fetched, and a second run skips the papers already there.
    """
    from genai_catalog.drafts import paper_id, unique_id
    from genai_catalog.files.yaml_write import schema_header

    header = schema_header("paper")
    for asked, found in fetch_batches(ids, client, done):
        for bare in asked:
            existing = additions.paper_with_arxiv(bare)
            entry = found.get(bare)
            if existing is not None:
                yield bare, f"already in the catalog as {existing}"
            elif entry is None:
                yield bare, "arXiv has no paper with this id"
            else:
                record_id = unique_id(paper_id(entry.title), additions.taken())
                checked = additions.check(paper_draft(entry, record_id).to_yaml(header=header))
                if checked.ok:
                    yield bare, additions.write(checked)
                else:
                    yield bare, "; ".join(f"{p.field}: {p.message}" for p in checked.errors)
