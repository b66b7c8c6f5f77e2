"""What every page shares: file names, the head with its security policy, header and footer.

Every internal link is relative, so the site works from ``file://`` and under
any path of a static host. Pages live at most one folder deep, so a page's
way back to the root is ``""`` or ``"../"``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from genai_catalog.exporters.site.escape import attr, text
from genai_catalog.model.kinds import FOLDERS

# A second wall behind escaping: no inline script or style runs, nothing loads
# from anywhere but the site's own files, no plugin, no <base> rewrite, and a
# form may only go to the site itself. (frame-ancestors is ignored in a meta tag.)
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'self'; object-src 'none'"
)
SITE_NAME = "GenAI catalog"
_SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
KIND_TITLES = {kind: folder.capitalize() for kind, folder in FOLDERS.items()}


def file_name(key: str) -> str:
    """A file name for an id, topic or kind: the slug itself, else a digest of it.

    Ids and topics are validated slugs, but the site never trusts that: a name
    with a slash or a dot-dot must not place a file outside its folder. Slugs
    cannot start with "_", so a digest never collides with one.
    """
    if _SAFE_NAME.fullmatch(key):
        return key
    return "_" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def record_path(record_id: str) -> str:
    return f"records/{file_name(record_id)}.html"


def kind_path(kind: str) -> str:
    return f"kinds/{file_name(kind)}.html"


def topic_path(topic: str) -> str:
    return f"topics/{file_name(topic)}.html"


def year_path(year: int | None) -> str:
    return f"years/{year if isinstance(year, int) else 'unknown'}.html"


def collection_path(collection_id: str) -> str:
    return f"collections/{file_name(collection_id)}.html"


def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, kind.capitalize() + "s")


@dataclass(frozen=True)
class Chrome:
    """What the frame of every page needs to know about the site."""

    version: str
    record_count: int
    base_url: str | None = None
    has_evolution: bool = False
    has_collections: bool = False


def document(
    chrome: Chrome,
    path: str,
    title: str,
    body: str,
    *,
    scripts: tuple[str, ...] = (),
    description: str | None = None,
    body_class: str = "",
) -> str:
    """A whole page: ``body`` is already-escaped HTML for inside ``<main>``."""
    root = "../" * path.count("/")
    canonical = ""
    if chrome.base_url:
        canonical = f'<link rel="canonical" href="{attr(chrome.base_url + path)}">\n'
    meta = f'<meta name="description" content="{attr(description)}">\n' if description else ""
    script_tags = "".join(f'<script src="{root}assets/{name}"></script>\n' for name in scripts)
    full_title = title if title == SITE_NAME else f"{title} · {SITE_NAME}"
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"{meta}<title>{text(full_title)}</title>\n"
        f'<link rel="stylesheet" href="{root}assets/style.css">\n{canonical}'
        "</head>\n"
        + (f'<body class="{attr(body_class)}">\n' if body_class else "<body>\n")
        + '<a class="skip" href="#main">Skip to content</a>\n'
        f"{_header(chrome, root)}"
        f'<main id="main" tabindex="-1">\n{body}</main>\n'
        f"{_footer(chrome, root)}"
        f'{script_tags}<script src="{root}assets/site.js"></script>\n'
        "</body>\n</html>\n"
    )


def _header(chrome: Chrome, root: str) -> str:
    extra = ""
    if chrome.has_evolution:
        extra += f'<li><a href="{root}evolution.html">Model evolution</a></li>'
    if chrome.has_collections:
        extra += f'<li><a href="{root}index.html#collections">Collections</a></li>'
    # A plain GET form: without JavaScript it still opens the index with ?q=.
    return (
        '<header class="site-header">\n'
        f'<a class="brand" href="{root}index.html">{SITE_NAME}</a>\n'
        '<nav aria-label="Site">\n<ul>'
        f'<li><a href="{root}index.html#browse">Browse</a></li>{extra}'
        "</ul>\n</nav>\n"
        f'<form class="quick-search" role="search" action="{root}index.html" method="get">'
        '<label class="visually-hidden" for="quick-q">Search the catalog</label>'
        '<input id="quick-q" name="q" type="search" placeholder="Search" autocomplete="off" '
        'spellcheck="false">'
        "</form>\n</header>\n"
    )


def _footer(chrome: Chrome, root: str) -> str:
    return (
        '<footer class="site-footer">\n'
        f"<p>{chrome.record_count:,} records · built by genai {text(chrome.version)} · "
        "a static site: no tracking, nothing loaded from elsewhere · "
        "press <kbd>/</kbd> to search</p>\n</footer>\n"
    )


def blurb(summary: Any, limit: int = 180) -> str:
    """The start of a summary, cut at a word, for lists."""
    if not isinstance(summary, str):
        return ""
    flat = " ".join(summary.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def record_item(record: dict[str, Any], root: str, *, show_kind: bool = True) -> str:
    """One record in a list: its name as a link, kind and year, the start of its summary."""
    facts = []
    if show_kind:
        facts.append(text(record.get("kind", "")))
    if isinstance(record.get("year"), int):
        facts.append(str(record["year"]))
    meta = f' <span class="meta">{" · ".join(facts)}</span>' if facts else ""
    summary = blurb(record.get("summary"))
    summary_html = f'<p class="blurb">{text(summary)}</p>' if summary else ""
    return (
        f'<li><a href="{root}{record_path(record["id"])}">{text(record["name"])}</a>'
        f"{meta}{summary_html}</li>\n"
    )
