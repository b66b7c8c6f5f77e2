"""Web addresses: what a link points at, and when two links point at the same thing.

``import`` sorts the links of a notes file with these rules and ``duplicates``
compares the addresses on records with them, so both agree on what "the same
URL" and "the same repository" mean. No third-party imports.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from genai_catalog.model.ids import parse_arxiv

ARXIV, GITHUB, HF_MODEL, HF_DATASET, OTHER = (
    "arxiv",
    "github",
    "huggingface-model",
    "huggingface-dataset",
    "other",
)
TARGET_KINDS = (ARXIV, GITHUB, HF_MODEL, HF_DATASET, OTHER)

_GITHUB_HOSTS = ("github.com", "raw.githubusercontent.com")
# First path segments of github.com that are pages of the site, not owners of repositories.
_GITHUB_PAGES = frozenset({
    "about", "apps", "collections", "customer-stories", "enterprise", "explore", "features",
    "login", "marketplace", "new", "notifications", "orgs", "organizations", "pricing", "pulls",
    "search", "settings", "signup", "sponsors", "topics", "trending", "issues", "codespaces",
    "readme", "security", "site",
})  # fmt: skip
_HF_HOSTS = ("huggingface.co", "hf.co")
# First path segments of huggingface.co that are not the owner of a model.
_HF_PAGES = frozenset({
    "api", "blog", "chat", "collections", "course", "docs", "enterprise", "hub", "join", "learn",
    "login", "models", "new", "organizations", "papers", "posts", "pricing", "privacy", "search",
    "settings", "spaces", "tasks", "terms-of-service", "transformers", "welcome",
})  # fmt: skip
_NAME = re.compile(r"[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Target:
    """What a link points at.

    ``key`` is the same for two links to one target: the bare arXiv id for
    every URL form of a paper, else the normalised URL. ``repo`` is the
    repository or Hugging Face model or dataset the link is inside, if any.
    """

    kind: str
    key: str
    arxiv: str | None = None
    repo: str | None = None


def normalize(url: str) -> str:
    """A URL with the differences that never change the page taken out.

    https for http, the host in lower case without ``www.`` or a default port,
    no fragment, no trailing slash. The path and query keep their case.
    """
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"https://{host}{path}{query}"


def repo_of(url: str) -> str | None:
    """'github.com/owner/name' or 'huggingface.co/[datasets/]owner/name' for a link inside one."""
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host in _GITHUB_HOSTS:
        if len(segments) < 2 or segments[0].lower() in _GITHUB_PAGES:
            return None
        owner, name = segments[0], segments[1].removesuffix(".git")
        if not (_NAME.fullmatch(owner) and _NAME.fullmatch(name)):
            return None
        return f"github.com/{owner}/{name}".lower()
    if host in _HF_HOSTS:
        dataset = bool(segments) and segments[0] == "datasets"
        rest = segments[1:] if dataset else segments
        if len(rest) < 2 or (not dataset and rest[0].lower() in _HF_PAGES):
            return None
        if not (_NAME.fullmatch(rest[0]) and _NAME.fullmatch(rest[1])):
            return None
        prefix = "huggingface.co/datasets" if dataset else "huggingface.co"
        return f"{prefix}/{rest[0]}/{rest[1]}".lower()
    return None


def classify(url: str) -> Target:
    """The kind of target a web link points at, and its key."""
    arxiv = parse_arxiv(url)
    if arxiv is not None:
        return Target(ARXIV, f"arxiv:{arxiv.id}", arxiv=arxiv.id)
    repo = repo_of(url)
    if repo is None:
        kind = OTHER
    elif repo.startswith("github.com/"):
        kind = GITHUB
    elif repo.startswith("huggingface.co/datasets/"):
        kind = HF_DATASET
    else:
        kind = HF_MODEL
    return Target(kind, normalize(url), repo=repo)


def is_web(url: str) -> bool:
    """An absolute http(s) address with a host (not '#anchor', 'notes.md', 'mailto:')."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
