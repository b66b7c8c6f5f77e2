"""BibTeX for reference managers: one entry per paper.

arXiv papers follow arXiv's own convention (``@misc`` with ``eprint`` and
``archivePrefix = {arXiv}``); a paper with a venue becomes ``@inproceedings``
or ``@article`` when the venue clearly says which, and keeps its eprint
fields. arXiv's ``primaryClass`` is left out: records do not hold the
category, and it is never guessed.

Keys are ``<first author's surname><year><first significant title word>``
(``dettmers2023qlora``), computed over every paper of the catalog so that a
paper keeps its key whatever the filters; a key shared by several papers gets
``a``, ``b``… in record id order; a paper without authors is cited by its id.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterable, Iterator

from genai_catalog.exporters import Job, Record
from genai_catalog.exporters.latex_text import ascii_fold, escape
from genai_catalog.model.ids import ArxivId

# Words a key skips when it looks for the first significant word of a title.
_MINOR = frozenset({
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on",
    "or", "the", "to", "towards", "via", "what", "when", "why", "with",
})  # fmt: skip
_WORD_CORE = re.compile(r"^(\W*)(\w.*?\w|\w)(\W*)$")
_NOT_KEY = re.compile(r"[^a-z0-9]+")
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# A venue is called a journal or a conference only when its text says so; anything
# else ("OpenAI blog", "technical report") stays @misc with the venue in a note.
_PROCEEDINGS_WORDS = re.compile(r"\b(proceedings|conference|workshop|symposium)\b", re.I)
_JOURNAL_WORDS = re.compile(
    r"\b(journal|transactions|letters|magazine|jmlr|tmlr|tacl|nature|science|pnas)\b", re.I
)
_CONFERENCES = re.compile(
    r"\b(neurips|nips|icml|iclr|cvpr|iccv|eccv|acl|naacl|eacl|aacl|emnlp|coling|aaai|ijcai|"
    r"kdd|sigir|sosp|osdi|nsdi|mlsys|interspeech|icassp|uai|aistats|colt|corl|wacv|bmvc|"
    r"siggraph|chi|uist|www|wsdm|cikm|recsys|miccai|icra|iros|lrec)\b",
    re.I,
)


def render(job: Job) -> str:
    papers = [r for r in job.records if r["kind"] == "paper"]
    pool = [r for r in job.catalog if r["kind"] == "paper"] if job.catalog else papers
    keys = cite_keys([*pool, *papers])
    return "\n".join(entry(paper, keys[paper["id"]]) for paper in papers)


def entry(paper: Record, key: str) -> str:
    kind = entry_type(paper.get("venue"))
    fields = [("title", title(paper["name"]))]
    if paper.get("authors"):
        fields.append(("author", " and ".join(author(a) for a in paper["authors"])))
    venue = paper.get("venue")
    if venue:
        fields.append((venue_field(kind), escape(venue)))
    fields.append(("year", str(paper["year"])))
    url = paper.get("url")
    if paper.get("arxiv"):
        fields += [("eprint", paper["arxiv"]), ("archivePrefix", "arXiv")]
        url = ArxivId(paper["arxiv"]).abs_url
    if url:
        fields.append(("url", safe_url(url)))
    if paper.get("topics"):
        fields.append(("keywords", escape(", ".join(paper["topics"]))))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@{kind}{{{key},\n{body}}}\n"


def entry_type(venue: str | None) -> str:
    """@inproceedings or @article only when the venue's text says which; else @misc."""
    if not venue:
        return "misc"
    if _PROCEEDINGS_WORDS.search(venue):
        return "inproceedings"
    if _JOURNAL_WORDS.search(venue):
        return "article"
    if _CONFERENCES.search(venue):
        return "inproceedings"
    return "misc"


def venue_field(kind: str) -> str:
    return {"inproceedings": "booktitle", "article": "journal"}.get(kind, "note")


def title(text: str) -> str:
    """The title escaped, each word with a capital after its first letter kept as written.

    Bibliography styles lowercase titles; '{QLoRA}' and '{LLMs}' survive that.
    """
    return " ".join(_title_word(word) for word in text.split(" "))


def _title_word(word: str) -> str:
    core = _WORD_CORE.match(word)
    if core is None or not any(c.isupper() for c in core.group(2)[1:]):
        return escape(word)
    lead, middle, tail = core.groups()
    # Punctuation stays outside the braces: '{QLoRA}:' still takes a style's casing after ':'.
    return escape(lead) + "{" + escape(middle) + "}" + escape(tail)


def author(name: str) -> str:
    """One author; a name BibTeX would split or refuse is kept whole in braces."""
    text = escape(name)
    if re.search(r"\band\b", name, re.IGNORECASE) or name.count(",") > 2:
        return "{" + text + "}"
    return text


# Characters a URL never holds raw (RFC 3986) that would break a BibTeX value or LaTeX.
_URL_ESCAPE = set('{}\\"<>^`| ')


def safe_url(url: str) -> str:
    return "".join(
        "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        if char in _URL_ESCAPE or not (char.isascii() and char.isprintable())
        else char
        for char in url
    )


# ---- keys


def surname(name: str) -> str:
    """The surname as a key part: 'Tim Dettmers' -> 'dettmers', 'Le, Quoc V.' -> 'le'."""
    if "," in name:
        words = name.split(",", 1)[0].split()
    else:
        words = [w for w in name.split() if _NOT_KEY.sub("", w.lower()) not in _NAME_SUFFIXES]
    return _NOT_KEY.sub("", ascii_fold(words[-1]).lower()) if words else ""


def title_word(text: str) -> str:
    words = [w for w in _NOT_KEY.split(ascii_fold(text).lower()) if w]
    significant = [w for w in words if w not in _MINOR and not w.isdigit()]
    return (significant or words or [""])[0]


def base_key(paper: Record) -> str:
    authors = paper.get("authors") or []
    last = surname(authors[0]) if authors else ""
    if not last:
        return str(paper["id"])
    return f"{last}{paper['year']}{title_word(paper['name'])}"


def cite_keys(papers: Iterable[Record]) -> dict[str, str]:
    """Record id -> citation key, unique, and the same for the same papers."""
    groups: dict[str, list[str]] = {}
    for paper in papers:
        members = groups.setdefault(base_key(paper), [])
        if paper["id"] not in members:
            members.append(paper["id"])
    keys: dict[str, str] = {}
    used = {base for base, ids in groups.items() if len(ids) == 1}
    for base, ids in sorted(groups.items()):
        if len(ids) == 1:
            keys[ids[0]] = base
            continue
        suffixes = _suffixes()
        for record_id in sorted(ids):
            key = base + next(suffixes)
            while key in used:
                key = base + next(suffixes)
            used.add(key)
            keys[record_id] = key
    return keys


def _suffixes() -> Iterator[str]:
    """a, b, … z, aa, ab, …"""
    for width in itertools.count(1):
        for letters in itertools.product(string.ascii_lowercase, repeat=width):
            yield "".join(letters)
