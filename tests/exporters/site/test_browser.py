"""The site in a real browser: Debian's headless Chromium, driven by Playwright, from file://.

Playwright never downloads a browser here: it launches the system Chromium
(``/usr/bin/chromium``). Without Chromium or Playwright these tests skip with
the reason; in CI (``GENAI_REQUIRE_SYSTEM_TOOLS=1``) they fail instead.
The run saves screenshots of the index and a record page for the README.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from genai_catalog.exporters.site.page import CSP
from tests.exporters.site.sites import PAYLOAD
from tests.helpers import bundled, require_program
from tests.relevance_cases import CASES

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parents[3]
SCREENSHOTS = Path(os.environ.get("GENAI_SCREENSHOTS") or REPO / "docs" / "screenshots")
# No sandbox: CI runs as root, where Chromium's sandbox cannot start. Nothing
# that would reach the network at start-up.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def _playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        message = "Playwright for Python is not installed (pip install '.[test]'); CI installs it"
        if os.environ.get("GENAI_REQUIRE_SYSTEM_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = require_program("chromium", "the site's browser tests run in headless Chromium")
    with _playwright()() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page, and everything it said that a test should see."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def quiet(self) -> bool:
        return not (self.console_errors or self.page_errors or self.dialogs)


def watch(browser: Browser, *, width: int = 1200, height: int = 800) -> Watched:
    page = browser.new_page(viewport={"width": width, "height": height})
    watched = Watched(page)
    page.on(
        "console",
        lambda m: watched.console_errors.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: watched.page_errors.append(str(e)))

    def dialog(d: Any) -> None:
        watched.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return watched


@pytest.fixture
def tab(browser: Browser) -> Iterator[Watched]:
    watched = watch(browser)
    yield watched
    watched.page.close()


def url(root: Path, path: str = "index.html") -> str:
    return (root / path).resolve().as_uri()


def first_hit(page: Page, record_id: str) -> None:
    page.wait_for_function(
        "id => (document.querySelector('#results li') || {dataset: {}}).dataset.id === id",
        arg=record_id,
    )


def test_typing_qlroa_finds_qlora_and_its_links_work(bundled_site: Path, tab: Watched) -> None:
    page = tab.page
    page.goto(url(bundled_site))
    page.locator("#q").press_sequentially("qlroa", delay=20)
    first_hit(page, "qlora")
    top = page.locator("#results li a").first
    assert top.inner_text() == "QLoRA"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "index.png"))

    top.click()
    page.wait_for_url("**/records/qlora.html")
    assert page.locator("h1").inner_text() == "QLoRA"
    builds_on = page.locator("table.relations tr", has_text="builds on").get_by_role(
        "link", name="LoRA", exact=True
    )
    assert builds_on.count() == 1
    page.screenshot(path=str(SCREENSHOTS / "record.png"), full_page=True)

    builds_on.click()
    page.wait_for_url("**/records/lora.html")
    assert page.locator("h1").inner_text() == "LoRA"
    page.locator("dl.facts").get_by_role("link", name="peft", exact=True).click()
    page.wait_for_url("**/topics/peft.html")
    assert page.locator("h1").inner_text() == "Topic: peft"
    assert page.locator("main").get_by_role("link", name="QLoRA", exact=True).count() == 1
    assert tab.quiet(), tab


def test_the_browser_ranks_as_genai_search_does(bundled_site: Path, tab: Watched) -> None:
    tab.page.goto(url(bundled_site))
    catalog = bundled()
    for query, _ in CASES:
        found = tab.page.evaluate("q => GenaiSearch.search(q).slice(0, 5)", query)
        in_browser = [(hit["id"], hit["score"]) for hit in found]
        expected = [(hit.record["id"], hit.score) for hit in catalog.search(query, limit=5)]
        assert in_browser == expected, query


def test_filters_narrow_the_results(bundled_site: Path, tab: Watched) -> None:
    page = tab.page
    catalog = bundled()
    page.goto(url(bundled_site))
    page.locator("#q").fill("lora")
    page.select_option("#filter-kind", "paper")
    first_hit(page, "lora-paper")
    shown = page.eval_on_selector_all("#results li", "items => items.map(li => li.dataset.id)")
    assert shown and all(catalog.graph.by_id[i]["kind"] == "paper" for i in shown)

    page.locator("#q").fill("")
    page.select_option("#filter-kind", "")
    page.select_option("#filter-topic", "quantization")
    page.select_option("#filter-year", "2023")
    expected = catalog.select(topic="quantization", year=2023)
    page.wait_for_function(
        "n => document.getElementById('status').textContent === n + ' records'",
        arg=len(expected),
    )
    shown = page.eval_on_selector_all("#results li", "items => items.map(li => li.dataset.id)")
    assert shown == [r["id"] for r in expected][:50]
    # The state is in the address, so a search can be bookmarked or shared.
    assert "topic=quantization" in page.url and "year=2023" in page.url
    page.goto(page.url)
    assert page.locator("#filter-topic").input_value() == "quantization"
    assert tab.quiet(), tab


def test_the_keyboard_reaches_everything(bundled_site: Path, tab: Watched) -> None:
    page = tab.page
    page.goto(url(bundled_site, "records/lora.html"))
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "quick-q"
    page.keyboard.type("cot")
    page.keyboard.press("Enter")  # a plain form: the index opens with ?q=cot
    page.wait_for_url("**/index.html?q=cot*")
    first_hit(page, "chain-of-thought")
    page.locator("#q").focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Chain-of-Thought Prompting"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.press("Enter")  # opens the best hit
    page.wait_for_url("**/records/chain-of-thought.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert tab.quiet(), tab


@pytest.mark.parametrize("path", ["index.html", "records/qlora.html", "records/llama-2.html"])
def test_pages_fit_a_phone(bundled_site: Path, browser: Browser, path: str) -> None:
    phone = watch(browser, width=360, height=740)
    try:
        phone.page.goto(url(bundled_site, path))
        overflow = phone.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert phone.quiet(), phone
    finally:
        phone.page.close()


# What a person would do to every element: point at it, move over it, focus it.
POKE = """() => {
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'mousemove', 'pointerover', 'focus']) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (typeof el.focus === 'function') el.focus();
  }
}"""

DOM_CHECK = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
    }
  }
  for (const s of document.scripts) {
    if (!/assets\\/(site|search-index)\\.js$/.test(s.src)) bad.push('script ' + s.src);
  }
  for (const a of document.querySelectorAll('a')) {  // HTML and SVG links alike
    const raw = a.getAttribute('href') ?? a.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    if (raw === null) continue;
    const protocol = new URL(raw, document.baseURI).protocol;
    if (!['file:', 'http:', 'https:'].includes(protocol)) bad.push('link ' + raw);
  }
  for (const el of document.querySelectorAll('img, iframe, object, embed, style, image')) {
    bad.push('element ' + el.tagName);
  }
  return bad;
}"""


def _visit_all(browser: Browser, root: Path) -> None:
    pages = sorted(root.rglob("*.html"))
    assert len(pages) > 10
    watched = watch(browser)
    page = watched.page
    try:
        for path in pages:
            page.goto(path.as_uri())
            page.evaluate(POKE)
            if path.name == "index.html":
                for query in ("<script>", "evil", "onerror", "javascript"):
                    page.locator("#q").fill(query)
                    page.wait_for_function("document.querySelector('#results li') !== null")
                    page.evaluate(POKE)
            assert page.evaluate("typeof window.__pwned") == "undefined", path
            assert page.evaluate(DOM_CHECK) == [], path
            assert watched.quiet(), (path, watched)
    finally:
        page.close()


@pytest.mark.parametrize("name", ["hostile_site", "hostile_dot_site"])
def test_a_hostile_record_runs_nothing_on_any_page(
    request: pytest.FixtureRequest, browser: Browser, name: str
) -> None:
    root: Path = request.getfixturevalue(name)
    assert PAYLOAD in (root / "records" / "evil.html").read_text()  # the payload is there, as text
    _visit_all(browser, root)


def test_escaping_alone_stops_the_hostile_record(
    hostile_site: Path, browser: Browser, tmp_path: Path
) -> None:
    """The policy is a second wall: without it, nothing runs either."""
    bare = tmp_path / "bare"
    shutil.copytree(hostile_site, bare)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
    for path in bare.rglob("*.html"):
        content = path.read_text()
        assert meta in content
        path.write_text(content.replace(meta, ""))
    assert not any(re.search("Content-Security", p.read_text()) for p in bare.rglob("*.html"))
    _visit_all(browser, bare)
