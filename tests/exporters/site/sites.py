"""Sites to test: the hostile catalog, and a checker that reads every page of a built site.

The hostile records try every way in: markup in names, aliases, summaries,
labels, notes and a topic's description; quotes that would end an attribute
in a URL the schema accepts; and ``javascript:``/``data:`` URLs, which the
schema refuses, put straight into the loaded records, as a buggy loader or a
future field might. Every payload sets ``window.__pwned`` if it ever runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from genai_catalog.catalog import Catalog, load
from tests.helpers import write_catalog

PAYLOAD = "window.__pwned=1"
SCRIPT = f"<script>{PAYLOAD}</script>"

HOSTILE_TOPICS = f"""\
topics:
  peft: "Parameter-efficient fine-tuning {SCRIPT}"
  llm: "</title><img src=x onerror={PAYLOAD}>"
"""

HOSTILE_FILES = {
    "papers/lora-paper.yaml": """\
id: lora-paper
kind: paper
name: "LoRA: Low-Rank Adaptation of Large Language Models"
summary: Trains small low-rank matrices beside frozen weights.
year: 2021
arxiv: "2106.09685"
topics: [peft]
""",
    "techniques/lora.yaml": """\
id: lora
kind: technique
name: LoRA
summary: Low-rank adapters added to a frozen model.
topics: [peft]
introduced_in: lora-paper
""",
    "techniques/evil.yaml": f"""\
id: evil
kind: technique
name: "{SCRIPT}"
aliases: ['"><img src=x onerror={PAYLOAD}>', "</title><script>{PAYLOAD}</script>", "ev"]
year: 2023
summary: >-
  <img src=x onerror="{PAYLOAD}"> </script><script>{PAYLOAD}</script>
  <a href="javascript:{PAYLOAD}">click</a> javascript:{PAYLOAD} <!-- ]]> `${{x}}`
topics: [peft, llm]
builds_on: [lora]
links:
  - label: '<b onmouseover="{PAYLOAD}">docs</b>'
    url: 'https://example.org/"><script>{PAYLOAD}</script>'
    type: docs
  - label: "single quote"
    url: "https://example.org/'onmouseover='{PAYLOAD}'"
notes: |
  <script>{PAYLOAD}</script>
  [click me](javascript:{PAYLOAD})
""",
    "models/base-model.yaml": """\
id: base-model
kind: model
name: Base Model
year: 2022
summary: A plain model the hostile one is derived from.
topics: [llm]
""",
    "models/evil-model.yaml": f"""\
id: evil-model
kind: model
name: "<svg onload={PAYLOAD}>"
year: 2023
summary: "Derived <iframe src=javascript:{PAYLOAD}></iframe> from the base."
organization: "<iframe srcdoc='<script>{PAYLOAD}</script>'>"
license: "' autofocus onfocus='{PAYLOAD}"
parameters: '" onmouseover="{PAYLOAD}'
topics: [llm]
base_model: base-model
uses: [evil]
""",
    "tools/evil-tool.yaml": f"""\
id: evil-tool
kind: tool
name: "Evil <style>body{{display:none}}</style> tool"
summary: Implements the hostile technique.
homepage: "https://example.org/?a=1&b=<script>{PAYLOAD}</script>"
topics: [peft]
implements: [evil]
""",
}

# URLs the schema refuses, put into the loaded records directly.
INJECTED: dict[str, dict[str, Any]] = {
    "evil-tool": {
        "repo": f"javascript:{PAYLOAD}",
        "links": [
            {"label": "js", "url": f"JaVaScRiPt:{PAYLOAD}", "type": "code"},
            {"label": "spaced", "url": f" javascript:{PAYLOAD}", "type": "code"},
            {"label": "tab", "url": f"java\tscript:{PAYLOAD}", "type": "code"},
            {"label": "data", "url": f"data:text/html,{SCRIPT}", "type": "code"},
            {"label": "no host", "url": f"https:javascript:{PAYLOAD}", "type": "code"},
            {"label": "vbscript", "url": "vbscript:msgbox(1)", "type": "code"},
        ],
    },
    "evil-model": {"url": f"javascript:{PAYLOAD}"},
}


def hostile_catalog(root: Path) -> Catalog:
    write_catalog(root, dict(HOSTILE_FILES), topics=HOSTILE_TOPICS)
    catalog = load(root, use_cache=False)
    assert catalog.rejected == {}, catalog.rejected
    for record_id, fields in INJECTED.items():
        record = catalog.graph.get(record_id)
        assert record is not None
        record.update(fields)
    # Line separators ended a JavaScript string before ES2019; files may not hold them.
    hostile = catalog.graph.by_id["evil"]
    hostile["summary"] += " \u2028 \u2029"
    return catalog


# --------------------------------------------------------------------------- reading pages

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
# Every element the site writes (dot's SVG adds polygon, ellipse and polyline).
KNOWN = VOID | {
    "html", "head", "title", "body", "a", "header", "nav", "ul", "ol", "li", "form", "label",
    "main", "h1", "h2", "h3", "p", "span", "section", "button", "noscript", "footer", "script",
    "kbd", "article", "dl", "dt", "dd", "code", "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "div", "select", "option", "svg", "defs", "marker", "path", "text",
    "rect", "g", "polygon", "ellipse", "polyline",
}  # fmt: skip
LINK_ATTRIBUTES = {"href", "src", "xlink:href", "action"}


@dataclass
class Page:
    path: Path
    problems: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    tags: set[str] = field(default_factory=set)


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        # Character references stay as written: raw "<" in text must be visible.
        super().__init__(convert_charrefs=False)
        self.page = page
        self.stack: list[str] = []

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        page = self.page
        page.tags.add(tag)
        where = f"line {self.getpos()[0]}"
        if tag not in KNOWN:
            page.problems.append(f"{where}: unexpected element <{tag}>")
        if tag == "script" and not dict(attrs).get("src"):
            page.problems.append(f"{where}: an inline script")
        for name, value in attrs:
            if name.startswith("on"):
                page.problems.append(f"{where}: event handler attribute {name}={value!r}")
            if name == "style":
                page.problems.append(f"{where}: inline style on <{tag}>")
            if name == "id" and value is not None:
                if value in page.ids:
                    page.problems.append(f"{where}: duplicate id {value!r}")
                page.ids.add(value)
            if name in LINK_ATTRIBUTES and value is not None:
                page.links.append((tag, name, value))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            open_tag = self.stack[-1] if self.stack else "nothing"
            self.page.problems.append(f"line {self.getpos()[0]}: </{tag}> closes <{open_tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.page.problems.append(f"line {self.getpos()[0]}: raw angle bracket in {data!r}")

    def handle_comment(self, data: str) -> None:
        self.page.problems.append(f"line {self.getpos()[0]}: a comment: {data!r}")


def read_page(path: Path) -> Page:
    page = Page(path)
    reader = _Reader(page)
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    if reader.stack:
        page.problems.append(f"left open at the end: {reader.stack}")
    return page


def read_site(root: Path) -> dict[Path, Page]:
    return {path.resolve(): read_page(path) for path in sorted(root.rglob("*.html"))}


def broken_links(root: Path, pages: dict[Path, Page]) -> list[str]:
    """Internal links that lead to no file (or to no such id on the page)."""
    found = []
    site = root.resolve()
    for path, page in pages.items():
        for tag, _, value in page.links:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https"):
                if tag != "a":
                    found.append(f"{path.name}: <{tag}> loads {value} from elsewhere")
                continue
            if parts.scheme or parts.netloc:
                found.append(f"{path.name}: <{tag}> points at {value!r}")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            where = path.relative_to(site)
            if site not in target.parents or not target.is_file():
                found.append(f"{where}: {value} leads to no file of the site")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if parts.fragment not in ids:
                    found.append(f"{where}: {value}: no id {parts.fragment!r}")
    return found
