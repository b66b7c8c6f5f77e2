"""The built site read as files: well-formed pages, links that resolve, nothing from elsewhere."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from genai_catalog.catalog import Catalog
from genai_catalog.exporters import Job
from genai_catalog.exporters.site import STAMP, build
from genai_catalog.exporters.site.page import CSP
from genai_catalog.query import Filters
from tests.exporters.site.sites import PAYLOAD, broken_links, read_site
from tests.helpers import require_program

SITES = ["fixture_site", "hostile_site", "bundled_site"]


def site(request: pytest.FixtureRequest, name: str) -> Path:
    found: Path = request.getfixturevalue(name)
    return found


@pytest.mark.parametrize("name", SITES)
def test_every_page_is_well_formed(request: pytest.FixtureRequest, name: str) -> None:
    pages = read_site(site(request, name))
    assert len(pages) > 5
    assert {str(p.path.name): p.problems for p in pages.values() if p.problems} == {}


@pytest.mark.parametrize("name", SITES)
def test_every_internal_link_leads_to_a_file(request: pytest.FixtureRequest, name: str) -> None:
    root = site(request, name)
    assert broken_links(root, read_site(root)) == []


@pytest.mark.parametrize("name", SITES)
def test_nothing_is_loaded_from_elsewhere(request: pytest.FixtureRequest, name: str) -> None:
    root = site(request, name)
    for page in read_site(root).values():
        loads = {(tag, value) for tag, attr, value in page.links if tag != "a" and attr != "action"}
        depth = "../" * (len(page.path.relative_to(root.resolve()).parts) - 1)
        allowed = {
            ("link", f"{depth}assets/style.css"),
            ("script", f"{depth}assets/site.js"),
            ("script", f"{depth}assets/search-index.js"),
        }
        assert loads <= allowed, page.path
        assert page.tags.isdisjoint({"img", "iframe", "object", "embed", "source", "style"})
    css = (root / "assets" / "style.css").read_text()
    assert not re.search(r"url\(|@import|@font-face|//", css.replace("/*", "").replace("*/", ""))
    script = (root / "assets" / "site.js").read_text()
    for word in ("http:", "https:", "fetch(", "XMLHttpRequest", "import(", "eval(", "innerHTML",
                 "document.write", "new Function", "sendBeacon", "WebSocket"):  # fmt: skip
        assert word not in script


@pytest.mark.parametrize("name", SITES)
def test_every_page_carries_the_security_policy(request: pytest.FixtureRequest, name: str) -> None:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    for path in site(request, name).rglob("*.html"):
        head = path.read_text().split("</head>")[0]
        assert meta in head, path
        assert "script-src 'self';" in CSP and "unsafe" not in CSP


def test_the_site_has_a_page_for_everything(fixture_site: Path, fixture_catalog: Catalog) -> None:
    records = {p.stem for p in (fixture_site / "records").glob("*.html")}
    assert records == set(fixture_catalog.graph.ids())
    assert {p.stem for p in (fixture_site / "kinds").glob("*.html")} == {
        "paper", "technique", "model", "tool", "dataset", "benchmark", "collection",
    }  # fmt: skip
    used = {t for r in fixture_catalog for t in r.get("topics", [])}
    assert {p.stem for p in (fixture_site / "topics").glob("*.html")} == used
    years = {str(r["year"]) for r in fixture_catalog if "year" in r}
    assert {p.stem for p in (fixture_site / "years").glob("*.html")} == years | {"unknown"}
    assert (fixture_site / "index.html").is_file()
    assert json.loads((fixture_site / STAMP).read_text())["generator"] == "genai site"


class _Text(HTMLParser):
    """The text of the elements matching one tag (and class), as a reader sees it."""

    def __init__(self, tag: str, class_: str | None = None) -> None:
        super().__init__()
        self.tag, self.class_ = tag, class_
        self.depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.found[-1] += " "
            self.depth += tag == self.tag
        elif tag == self.tag and (
            self.class_ is None or (self.class_,) == tuple(v for k, v in attrs if k == "class")
        ):
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.found[-1] += " "
            self.depth -= tag == self.tag

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.found[-1] += data


def texts(path: Path, tag: str, class_: str | None = None) -> list[str]:
    parser = _Text(tag, class_)
    parser.feed(path.read_text())
    return [" ".join(t.split()) for t in parser.found]


def test_a_record_page_shows_every_field_and_both_directions(fixture_site: Path) -> None:
    page = fixture_site / "records" / "qlora.html"
    assert texts(page, "h1") == ["QLoRA"]
    rows = texts(page, "tr")
    assert "→ introduced in QLoRA: Efficient Finetuning of Quantized LLMs paper" in rows
    assert "→ builds on Low-Rank Adaptation technique" in rows
    assert "← used by Guanaco model" in rows
    assert "← implemented by PEFT tool" in rows
    html = page.read_text()
    assert '<a href="../records/lora.html">Low-Rank Adaptation</a>' in html
    assert '<a href="../topics/peft.html">peft</a>' in html
    llama = fixture_site / "records" / "llama-2.html"
    assert texts(llama, "dt") == [
        "Id", "Aliases", "Year", "Topics", "Organization", "Parameters", "Modality", "Open weights",
    ]  # fmt: skip
    assert texts(llama, "dd") == [
        "llama-2", "LLaMA 2, Llama2", "2023", "llm", "Meta", "7B, 13B, 70B", "text", "yes",
    ]  # fmt: skip


def test_web_links_are_links_and_arxiv_ids_lead_to_arxiv(fixture_site: Path) -> None:
    html = (fixture_site / "records" / "peft-library.html").read_text()
    assert (
        '<a href="https://github.com/huggingface/peft" rel="noopener noreferrer">'
        "https://github.com/huggingface/peft</a>"
    ) in html
    paper = (fixture_site / "records" / "qlora-paper.html").read_text()
    assert '<a href="https://arxiv.org/abs/2305.14314" rel="noopener noreferrer">' in paper


def test_list_pages_hold_their_records(fixture_site: Path) -> None:
    names = texts(fixture_site / "topics" / "peft.html", "a")
    assert {"QLoRA", "Low-Rank Adaptation", "PEFT"} <= set(names)
    assert "Llama 2" not in names
    kind = texts(fixture_site / "kinds" / "paper.html", "h2")
    assert kind == ["2023 (1)", "2021 (1)", "2017 (1)"]  # newest first
    year = texts(fixture_site / "years" / "2021.html", "h2")
    assert year == ["Papers (1)", "Techniques (1)"]


def test_the_search_index_is_a_script_of_safe_json(fixture_site: Path) -> None:
    source = (fixture_site / "assets" / "search-index.js").read_text()
    prefix = source.split("= ", 1)[0]
    assert prefix.endswith("window.GENAI_INDEX ")
    data = json.loads(source.split("= ", 1)[1].rstrip().rstrip(";"))
    fields = data["fields"]
    records = {r[fields.index("id")]: dict(zip(fields, r, strict=True)) for r in data["records"]}
    assert records["qlora"]["url"] == "records/qlora.html"
    assert records["qlora"]["labels"] == ["qlora", "qlora", "quantized lora"]
    keys = {(k, t) for k, t, owner in data["keys"] if data["records"][owner][0] == "qlora"}
    assert keys == {("qlora", 96), ("qlora", 91), ("quantizedlora", 91), ("ql", 86)}
    assert data["keys"] == sorted(data["keys"])


def test_a_hostile_record_is_escaped_everywhere(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*"):
        if path.suffix in (".html", ".js", ".xml"):
            content = path.read_text()
            assert "<script>window" not in content, path
            assert not re.search(
                r"<(img|svg|iframe|style|b)\b", content.replace("<svg xmlns", "")
            ), path
    for page in read_site(hostile_site).values():
        for _, _, value in page.links:
            assert not re.match(r"\s*(javascript|data|vbscript):", value, re.IGNORECASE), value
    index = (hostile_site / "assets" / "search-index.js").read_text()
    assert "<" not in index and ">" not in index and "\u2028" not in index


def test_escaping_loses_nothing(hostile_site: Path, hostile: Catalog) -> None:
    evil = hostile.graph.by_id["evil"]
    page = hostile_site / "records" / "evil.html"
    assert texts(page, "h1") == [evil["name"]]
    assert texts(page, "p", "lead") == [" ".join(evil["summary"].split())]
    assert texts(page, "title")[0] == f"{evil['name']} · GenAI catalog"
    source = (hostile_site / "assets" / "search-index.js").read_text()
    data = json.loads(source.split("= ", 1)[1].rstrip().rstrip(";"))
    assert evil["name"] in [r[2] for r in data["records"]]


def test_addresses_that_are_not_http_are_shown_as_text(hostile_site: Path) -> None:
    tool = hostile_site / "records" / "evil-tool.html"
    items = texts(tool, "li")
    for label in ("js", "spaced", "tab", "data", "no host", "vbscript"):
        assert f"{label} (not linked: not an http(s) address) code" in items
    html = tool.read_text()
    # An accepted URL keeps its query string, with the & escaped and the markup encoded.
    assert 'href="https://example.org/?a=1&amp;b=%3Cscript%3Ewindow.__pwned=1%3C/script%3E"' in html
    assert PAYLOAD in html  # shown as text, not dropped


def test_filters_make_a_smaller_site_whose_links_still_resolve(
    tmp_path: Path, fixture_catalog: Catalog
) -> None:
    records = fixture_catalog.select(Filters(kind="technique"))
    build(Job(records, fixture_catalog, topics=fixture_catalog.topics), tmp_path / "s")
    root = tmp_path / "s"
    assert {p.stem for p in (root / "records").glob("*.html")} == {"lora", "qlora", "transformer"}
    assert broken_links(root, read_site(root)) == []
    rows = texts(root / "records" / "qlora.html", "tr")
    assert (
        "→ introduced in QLoRA: Efficient Finetuning of Quantized LLMs (not in this site) paper"
        in rows
    )
    assert "→ builds on Low-Rank Adaptation technique" in rows


def test_collections_get_pages_when_the_catalog_has_them(
    tmp_path: Path, fixture_catalog: Catalog
) -> None:
    must = {
        "id": "must-papers",
        "name": "Must <b>Papers</b>",
        "summary": "The papers to read first.",
        "sections": [
            {
                "title": "Fine-tuning",
                "items": ["lora-paper", {"id": "qlora-paper", "note": "4-bit"}],
            },
            {"title": "Gone", "items": [{"id": "no-such-paper"}]},
        ],
    }
    setattr(fixture_catalog, "collections", {"must-papers": must})  # noqa: B010
    try:
        job = Job(fixture_catalog.select(), fixture_catalog, topics=fixture_catalog.topics)
        build(job, tmp_path / "s")
    finally:
        delattr(fixture_catalog, "collections")
    root = tmp_path / "s"
    page = root / "collections" / "must-papers.html"
    assert texts(page, "h1") == ["Must <b>Papers</b>"]
    assert texts(page, "ol") == [
        "LoRA: Low-Rank Adaptation of Large Language Models paper · 2021 "
        "QLoRA: Efficient Finetuning of Quantized LLMs paper · 2023 4-bit",
        "no-such-paper (not in this site)",
    ]
    lists = [t for t in texts(root / "records" / "lora-paper.html", "p") if "In the lists" in t]
    assert lists == ["In the lists: Must <b>Papers</b> , PEFT Reading List"]
    assert 'href="collections/must-papers.html"' in (root / "index.html").read_text()
    assert broken_links(root, read_site(root)) == []


def test_a_base_url_adds_canonical_links_and_a_sitemap(
    tmp_path: Path, fixture_catalog: Catalog
) -> None:
    job = Job(fixture_catalog.select(), fixture_catalog, topics=fixture_catalog.topics)
    build(job, tmp_path / "s", base_url="https://example.org/genai")
    root = tmp_path / "s"
    assert (
        '<link rel="canonical" href="https://example.org/genai/records/qlora.html">'
        in (root / "records" / "qlora.html").read_text()
    )
    sitemap = (root / "sitemap.xml").read_text()
    assert "<loc>https://example.org/genai/index.html</loc>" in sitemap
    assert sitemap.count("<loc>") == len(list(root.rglob("*.html")))


def test_the_evolution_tree_is_drawn_without_graphviz(tmp_path: Path, hostile: Catalog) -> None:
    job = Job(hostile.select(), hostile, topics=hostile.topics)
    report = build(job, tmp_path / "s", graphviz=False)
    assert report.evolution_layout == "genai"
    html = (tmp_path / "s" / "evolution.html").read_text()
    assert "Laid out by genai." in html
    assert '<a href="records/base-model.html">' in html
    assert texts(tmp_path / "s" / "evolution.html", "td")[:3] == ["Base Model", "2022", "—"]


def test_the_evolution_tree_is_laid_out_by_dot_when_installed(
    tmp_path: Path, hostile: Catalog
) -> None:
    require_program("dot", "Graphviz lays out the evolution tree")
    job = Job(hostile.select(), hostile, topics=hostile.topics)
    report = build(job, tmp_path / "s", graphviz=True)
    assert report.evolution_layout == "Graphviz dot"
    root = tmp_path / "s"
    html = (root / "evolution.html").read_text()
    assert 'class="graph dot"' in html and "Laid out by Graphviz dot." in html
    assert 'xlink:href="records/evil-model.html"' in html
    pages = read_site(root)
    assert pages[(root / "evolution.html").resolve()].problems == []
    assert broken_links(root, pages) == []


def test_a_build_reports_its_progress_page_by_page(
    tmp_path: Path, fixture_catalog: Catalog
) -> None:
    seen: list[tuple[int, int]] = []
    job = Job(fixture_catalog.select(), fixture_catalog, topics=fixture_catalog.topics)
    report = build(job, tmp_path / "s", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, report.pages) for i in range(1, report.pages + 1)]
    assert report.pages == len(list((tmp_path / "s").rglob("*.html")))
