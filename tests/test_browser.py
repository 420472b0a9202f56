"""The example site in a real browser (headless Chromium): search, navigation, highlighted quotes.

Each test does what a reader does (types in the search box, clicks links) and checks what the reader
sees. The site is built once and served over HTTP on 127.0.0.1; one browser serves every test.
Full-page screenshots go to tests/.screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from browser import CHROMIUM, CHROMIUM_ARGS, open_page, screenshot, serve, skip_or_fail
from conftest import ROOT

pytestmark = pytest.mark.browser

BRIEFING = "us-mexico-border-2025"
SHORT = "JTF-N"
"""The force the tests follow, found by its short name in the example briefing's forces.yml."""


@dataclass(frozen=True)
class Force:
    id: str
    name: str
    short: str


def find_force(briefing: Path, short: str) -> Force:
    entries = yaml.safe_load((briefing / "forces.yml").read_text(encoding="utf-8")) or []
    for entry in entries:
        if entry.get("short") == short:
            return Force(entry["id"], entry["name"], short)
    raise AssertionError(f"no force with short name {short!r} in {briefing / 'forces.yml'}")


@pytest.fixture(scope="session")
def force() -> Force:
    return find_force(ROOT / "briefings" / BRIEFING, SHORT)


@pytest.fixture(scope="session")
def base(example_site: Path) -> Iterator[str]:
    """Base URL of the example site, served by `python -m http.server` for the whole session."""
    with serve(example_site / "site") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} not found: install Debian's chromium package to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def reader(browser, base: str):
    """A fresh tab; after the test, the site's pages must have logged no errors."""
    page, problems = open_page(browser, base)
    yield page
    page.context.close()
    assert problems.errors == [], "the browser console reported errors"


def overview(base: str) -> str:
    return f"{base}{BRIEFING}/"


def entity_url(base: str, force: Force) -> str:
    return f"{base}{BRIEFING}/forces/{force.id}/"


def first_citation(page):
    """The first fact's link to its quote in a source document."""
    return page.locator("article li:has(span[id^='fact-']) a[href*='sources/'][href*='#q-']").first


def test_search_for_a_short_name_finds_its_page_first(reader, base: str, force: Force) -> None:
    from playwright.sync_api import expect

    reader.goto(base)
    reader.keyboard.press("/")  # Material's shortcut: opens the search box and focuses it
    box = reader.locator("input.md-search__input")
    expect(box).to_be_focused()
    meta = reader.locator(".md-search-result__meta")
    expect(meta).to_have_text("Type to start searching", timeout=10_000)  # the index has loaded
    box.fill(SHORT)
    box.press("End")  # Material searches on keyup: one query, with the whole text
    first = reader.locator(".md-search-result__item").first
    expect(first).to_be_visible()
    link = first.locator("a.md-search-result__link").first
    hits = [(a.get_attribute("href"), a.inner_text().split("\n")[0])
            for a in reader.locator(".md-search-result__item > a.md-search-result__link").all()]
    assert urlsplit(link.get_attribute("href")).path.endswith(f"/forces/{force.id}/"), hits
    expect(link.locator("h1")).to_contain_text(force.name)
    link.click()
    expect(reader.locator("article h1")).to_contain_text(force.name)


def test_reader_follows_a_fact_to_its_highlighted_quote(reader, base: str, force: Force) -> None:
    from playwright.sync_api import expect

    reader.goto(overview(base))
    nav = reader.locator("nav.md-nav--primary")
    nav.get_by_role("link", name="Forces and agencies", exact=True).filter(visible=True).click()
    expect(reader).to_have_url(f"{base}{BRIEFING}/forces/")
    reader.locator("article li > strong").get_by_role("link", name=force.name, exact=True).click()
    expect(reader).to_have_url(entity_url(base, force))
    expect(reader.locator("article h1")).to_contain_text(force.name)

    citation = first_citation(reader)
    citation.hover()  # the tooltip shows the quoted words (Material moves the link's title into it)
    expect(citation).to_have_attribute("aria-describedby", re.compile(r"\S"))
    tooltip = reader.locator(f"[id='{citation.get_attribute('aria-describedby')}']")
    expect(tooltip).to_be_visible()
    quote = " ".join(tooltip.inner_text().split())
    assert quote
    citation.click()
    url = urlsplit(reader.url)
    assert re.fullmatch(rf"/{BRIEFING}/sources/[^/]+/", url.path), reader.url
    assert re.fullmatch(r"q-[0-9a-f]+", url.fragment), reader.url
    marked = reader.locator(f"[id='{url.fragment}'] + mark")
    expect(marked).to_be_visible()
    expect(marked).to_be_in_viewport()
    # Scrolled into view below the sticky header, not under it.
    on_top = marked.evaluate("m => { const r = m.getClientRects()[0];"
                             " return m.contains(document.elementFromPoint(r.left + 2, r.top + r.height / 2)) }")
    assert on_top, "the highlighted quote is hidden under the header"
    words = " ".join(marked.inner_text().split())
    assert words and quote.startswith(words), (words, quote)


# What a reader must never see as text: escaped markup, template syntax, unresolved [[links]].
LEFTOVERS = re.compile(r"&(?:#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);|\{\{|\{%|\[\[|\]\]", re.I)


@pytest.mark.parametrize("name", ["overview", "entity", "source"])
def test_pages_read_cleanly_and_are_screenshotted(reader, base: str, force: Force, name: str) -> None:
    from playwright.sync_api import expect

    if name == "source":
        reader.goto(entity_url(base, force))
        source = urljoin(entity_url(base, force), first_citation(reader).get_attribute("href"))
        reader.goto(source.partition("#")[0])
    else:
        reader.goto(overview(base) if name == "overview" else entity_url(base, force))
    article = reader.locator("article")
    expect(article.locator("h1")).to_be_visible()
    screenshot(reader, f"{name}")
    text = article.inner_text()
    assert LEFTOVERS.findall(text) == []
    # Every box (admonition) has something in it besides its title.
    for box in article.locator(".admonition, details").all():
        body = box.evaluate("b => [...b.children].filter(c => !c.matches('.admonition-title, summary'))"
                            ".map(c => c.innerText).join('').trim()")
        assert body, box.inner_text()
    # Every short name has a tooltip saying what it stands for (the title, until Material makes it a tooltip).
    untitled = article.evaluate("a => [...a.querySelectorAll('abbr')].filter(b => !(b.title"
                                " || document.getElementById(b.getAttribute('aria-describedby'))?.textContent || '')"
                                ".trim()).map(b => b.textContent)")
    assert untitled == []
