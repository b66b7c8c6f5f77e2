"""Identifiers: record ids (slugs) and arXiv ids, in every form people paste.

One home for these rules: the schema, the catalog checks, ``add`` and
``import`` all ask here. No third-party imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
SLUG_MAX = 80
_SLUG = re.compile(SLUG_PATTERN)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

# New-style ids (April 2007 on): yymm.number, four digits after the dot until
# 2014, five since 2015. Old-style ids: archive[.subject]/yymmnnn (1991-2007).
_NEW = r"[0-9]{4}\.[0-9]{4,5}"
_OLD = r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/[0-9]{7}"
# A bare id as a record stores it: no version (one spelling per paper), no URL.
ARXIV_PATTERN = rf"^(?:{_NEW}|{_OLD})$"
_ANY_ID = re.compile(rf"({_NEW}|{_OLD})(?:v([0-9]+))?")
_BARE = re.compile(ARXIV_PATTERN)
_PREFIX = re.compile(r"^arxiv:\s*", re.IGNORECASE)
_ARXIV_HOSTS = ("arxiv.org", "www.arxiv.org", "export.arxiv.org", "browse.arxiv.org")
# Readers of arXiv papers whose addresses carry the id the same way: ar5iv's HTML
# renderings and alphaXiv's discussion pages.
_MIRROR_HOSTS = ("ar5iv.labs.arxiv.org", "ar5iv.org", "alphaxiv.org", "www.alphaxiv.org")
_HF_HOSTS = ("huggingface.co", "www.huggingface.co", "hf.co")
_URL = re.compile(r"^https?://([^/?#]+)(/[^?#]*)?(?:[?#].*)?$", re.IGNORECASE)
# Pasted without a scheme: 'arxiv.org/abs/2305.14314'.
_BARE_HOST = re.compile(
    r"^(?:(?:www\.|export\.|browse\.)?arxiv\.org|(?:www\.)?huggingface\.co|hf\.co"
    r"|ar5iv(?:\.labs\.arxiv)?\.org|(?:www\.)?alphaxiv\.org)/",
    re.IGNORECASE,
)


def is_slug(text: str) -> bool:
    return len(text) <= SLUG_MAX and _SLUG.fullmatch(text) is not None


def slugify(text: str, limit: int = 60) -> str:
    """A record id from a name: 'Llama 3.1' -> 'llama-3-1'; '' when nothing is left."""
    slug = _NOT_SLUG.sub("-", text.casefold()).strip("-")
    if len(slug) > limit:
        cut = slug[:limit].rsplit("-", 1)[0]
        slug = cut or slug[:limit]
    return slug.strip("-")


@dataclass(frozen=True)
class ArxivId:
    """An arXiv identifier: the bare id a record stores, and the version if one was given."""

    id: str
    version: int | None = None

    @property
    def old_style(self) -> bool:
        return "/" in self.id

    @property
    def yymm(self) -> str:
        return self.id.rsplit("/", 1)[-1][:4]

    @property
    def year(self) -> int:
        """The year of first submission, from the id itself."""
        yy = int(self.yymm[:2])
        if self.old_style and yy >= 91:
            return 1900 + yy
        return 2000 + yy

    @property
    def month(self) -> int:
        return int(self.yymm[2:])

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.id}"

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}v{self.version}"


def parse_arxiv(text: str) -> ArxivId | None:
    """The arXiv id in anything people paste, or None.

    Takes a bare id with or without a version (``2305.14314v2``), an ``arXiv:``
    prefix, arxiv.org ``abs/``, ``pdf/`` (with or without ``.pdf``) and
    ``html/`` URLs with or without their scheme, huggingface.co/papers, ar5iv
    and alphaXiv URLs, and old-style ids (``hep-th/9901001``). The whole text
    must be one of these, give or take the ``<>`` of a markdown autolink and a
    sentence's final full stop or comma.
    """
    text = text.strip().removeprefix("<").removesuffix(">").rstrip(".,;")
    text = _PREFIX.sub("", text)
    if _BARE_HOST.match(text):
        text = "https://" + text
    url = _URL.match(text)
    if url:
        host, path = url.group(1).lower(), (url.group(2) or "").rstrip("/")
        if host in _ARXIV_HOSTS or host in _MIRROR_HOSTS:
            match = re.fullmatch(r"/(?:abs|pdf|html|format|overview)/(.+?)(?:\.pdf)?", path)
        elif host in _HF_HOSTS:
            match = re.fullmatch(r"/papers/(.+)", path)
        else:
            return None
        if match is None:
            return None
        text = match.group(1)
    found = _ANY_ID.fullmatch(text)
    if found is None:
        return None
    version = int(found.group(2)) if found.group(2) else None
    if version == 0:
        return None
    return ArxivId(found.group(1), version)


def is_bare_arxiv(text: str) -> bool:
    return _BARE.fullmatch(text) is not None


def arxiv_problem(arxiv: str) -> str | None:
    """What is wrong with a bare arXiv id of the right shape, if anything."""
    parsed = ArxivId(arxiv)
    yymm = parsed.yymm
    month = parsed.month
    if not 1 <= month <= 12:
        return f"{arxiv} cannot be an arXiv id: its month {yymm[2:]} is not 01 to 12"
    if parsed.old_style:
        if not (1991, 8) <= (parsed.year, month) <= (2007, 3):
            return f"{arxiv} cannot be an arXiv id: old-style ids run from 9108 to 0703"
        return None
    year = int(yymm[:2])
    if (year, month) < (7, 4):
        return f"{arxiv} cannot be an arXiv id: ids of this form begin in April 2007 (0704)"
    digits = 5 if year >= 15 else 4
    number = arxiv.split(".", 1)[1]
    if len(number) != digits:
        return (
            f"{arxiv} cannot be an arXiv id: ids from 20{yymm[:2]} have {digits} digits "
            "after the dot"
        )
    return None


def arxiv_hint(value: str) -> str:
    """Why ``value`` is not a bare arXiv id, and what to write instead."""
    parsed = parse_arxiv(value)
    if parsed is not None and parsed.version is not None:
        return (
            f"{value!r} has a version suffix; write the bare id {parsed.id!r} "
            "so the paper has one spelling"
        )
    if parsed is not None:
        return f"{value!r} is not a bare arXiv id; write {parsed.id!r}"
    found = _ANY_ID.search(value)
    if found is not None:
        return f"{value!r} is not a bare arXiv id; write {found.group(1)!r}"
    return f"{value!r} is not a bare arXiv id like '2305.14314' (no version, no URL)"


def slug_hint(value: object) -> str:
    """Why ``value`` is not an id, with a suggestion."""
    if isinstance(value, str) and ("/" in value or "\\" in value or ".." in value):
        # An id names a file; a path in it could reach outside the catalog.
        return (
            f"{value!r} is not an id: an id is a file name, so it cannot contain "
            "'/', '\\' or '..'; use lowercase letters, digits and hyphens"
        )
    slug = slugify(str(value))
    hint = f" (like {slug!r})" if slug else ""
    return f"{value!r} is not an id: use lowercase letters, digits and hyphens{hint}"
