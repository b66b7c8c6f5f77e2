"""Every web link in a markdown notes file, where it stands, and what it says.

markdown-it-py parses the notes as GitHub does (tables, nested lists, raw
HTML), with linkify for bare URLs; links inside code spans and code blocks
are code, not links. Each link keeps its 1-based line, the headings above it
and its text. HTML ``<a href>`` tags count, inline or in an HTML block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from genai_catalog.links import is_web

# A bare URL linkify found must look like one as written: 'README.md' is not a link, but
# 'arxiv.org/abs/2305.14314' and 'github.com/owner/name' pasted without https:// are.
_LOOKS_LIKE_URL = re.compile(
    r"(?:https?://|www\.|(?:export\.)?arxiv\.org/|github\.com/|huggingface\.co/)", re.IGNORECASE
)
_A_OPEN = re.compile(r"<a\s", re.IGNORECASE)
_A_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    line: int
    heading: tuple[str, ...]


def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("gfm-like", {"html": True, "linkify": True})
    if md.linkify is not None:  # None only without linkify-it-py, a declared dependency
        md.linkify.set({"fuzzy_email": False})
    return md


def links_in(text: str) -> list[Link]:
    """The web links of a markdown document, in document order."""
    tokens = _parser().parse(text)
    found: list[Link] = []
    headings: list[tuple[int, str]] = []  # (level, title) from the top
    for at, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1:])
            title = _plain(tokens[at + 1].children or []) if at + 1 < len(tokens) else ""
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, title))
        path = tuple(title for _, title in headings)
        if token.type == "inline" and token.map:
            found += _inline_links(token.children or [], token.map[0] + 1, path)
        elif token.type == "html_block" and token.map:
            found += _html_links(token.content, token.map[0] + 1, path)
    kept = []
    for link in found:
        url = link.url
        if not is_web(url) and _LOOKS_LIKE_URL.match(url):
            # '[paper](arxiv.org/abs/…)' is a relative link to a browser, but not to its writer.
            url = "https://" + url
        if is_web(url):
            kept.append(Link(url, link.text, link.line, link.heading))
    return kept


def _plain(children: list[Any]) -> str:
    parts = [c.content for c in children if c.type in ("text", "code_inline", "image")]
    return " ".join("".join(parts).split())


def _inline_links(children: list[Any], line: int, heading: tuple[str, ...]) -> list[Link]:
    found: list[Link] = []
    i = 0
    while i < len(children):
        child = children[i]
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            end = _closing(children, i, "link_open", "link_close")
            text = _plain(children[i + 1 : end])
            target = str(child.attrs.get("href", ""))
            if child.markup != "linkify" or _LOOKS_LIKE_URL.match(text):
                found.append(Link(target, text, line, heading))
            line += sum(1 for c in children[i:end] if c.type in ("softbreak", "hardbreak"))
            i = end
        elif child.type == "html_inline" and _A_OPEN.match(child.content):
            href = _href(child.content)
            end = i + 1
            while end < len(children) and not (
                children[end].type == "html_inline" and _A_CLOSE.match(children[end].content)
            ):
                end += 1
            if href is not None:
                found.append(Link(href, _plain(children[i + 1 : end]), line, heading))
            line += sum(1 for c in children[i:end] if c.type in ("softbreak", "hardbreak"))
            i = end
        i += 1
    return found


def _closing(children: list[Any], start: int, opening: str, closing: str) -> int:
    depth = 0
    for at in range(start, len(children)):
        if children[at].type == opening:
            depth += 1
        elif children[at].type == closing:
            depth -= 1
            if depth == 0:
                return at
    return len(children)


def _href(tag: str) -> str | None:
    found: list[str] = []

    class _One(HTMLParser):
        def handle_starttag(self, name: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(v for k, v in attrs if k == "href" and v)

    _One().feed(tag)
    return found[0].strip() if found else None


class _Anchors(HTMLParser):
    """``<a href>`` tags of an HTML block, with their text and line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int, list[str]]] = []
        self.open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = next((v for k, v in attrs if k == "href" and v), None)
            if href:
                self.open = []
                self.found.append((href.strip(), self.getpos()[0], self.open))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open.append(data)


def _html_links(html: str, line: int, heading: tuple[str, ...]) -> list[Link]:
    anchors = _Anchors()
    anchors.feed(html)
    anchors.close()
    return [
        Link(href, " ".join("".join(text).split()), line + offset - 1, heading)
        for href, offset, text in anchors.found
    ]
