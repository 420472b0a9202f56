"""The example site in a real browser (headless Chromium): search, navigation, highlighted quotes.

Each test does what a reader does (types in the search box, clicks links) and checks what the reader
sees. The site is built once and served over HTTP on 127.0.0.1; one browser serves every test.
Full-page screenshots go to tests/.screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from browser import SCREENSHOTS, open_page, screenshot, search
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


@pytest.fixture(params=["light"])
def reader(request, browser, site_url: str):
    """A fresh tab (in a system set to light, or to what the test's ``reader`` parameter says);
    after the test, the site's pages must have logged no errors and asked no other host for
    anything."""
    page, problems = open_page(browser, site_url, color_scheme=request.param)
    yield page
    page.context.close()
    assert problems.errors == [], "the browser console reported errors"
    assert problems.foreign == [], "the pages asked another host for something"


def overview(site_url: str) -> str:
    return f"{site_url}{BRIEFING}/"


def entity_url(site_url: str, force: Force) -> str:
    return f"{site_url}{BRIEFING}/forces/{force.id}/"


def first_citation(page):
    """The first fact's link to its quote in a source document."""
    return page.locator("article li:has(a.briefing-permalink) a[href*='sources/'][href*='#q-']").first


def test_search_for_a_short_name_finds_its_page_first(browser, search_url: str, force: Force) -> None:
    from playwright.sync_api import expect

    reader, problems = open_page(browser, search_url)
    try:
        hits = search(reader, search_url, SHORT)
        assert hits[0][0].endswith(f"/forces/{force.id}/"), hits
        assert force.name in hits[0][1], hits
        link = reader.locator(".md-search-result__item > a.md-search-result__link").first
        link.click()
        expect(reader.locator("article h1")).to_contain_text(force.name)
    finally:
        reader.context.close()
    assert problems.errors == [] and problems.foreign == []


def test_reader_follows_a_fact_to_its_highlighted_quote(reader, site_url: str, force: Force) -> None:
    from playwright.sync_api import expect

    reader.goto(overview(site_url))
    nav = reader.locator("nav.md-nav--primary")
    nav.get_by_role("link", name="Forces and agencies", exact=True).filter(visible=True).click()
    expect(reader).to_have_url(f"{site_url}{BRIEFING}/forces/")
    reader.locator("article li > strong").get_by_role("link", name=force.name, exact=True).click()
    expect(reader).to_have_url(entity_url(site_url, force))
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


@pytest.mark.parametrize("reader", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("name", ["overview", "entity", "source"])
def test_pages_read_cleanly_and_are_screenshotted(reader, site_url: str, force: Force, name: str) -> None:
    from playwright.sync_api import expect

    scheme = reader.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") and "dark" or "light"

    if name == "source":
        reader.goto(entity_url(site_url, force))
        source = urljoin(entity_url(site_url, force), first_citation(reader).get_attribute("href"))
        reader.goto(source.partition("#")[0])
    else:
        reader.goto(overview(site_url) if name == "overview" else entity_url(site_url, force))
    article = reader.locator("article")
    expect(article.locator("h1")).to_be_visible()
    expect(reader.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    screenshot(reader, f"{name}-{scheme}")
    text = article.inner_text()
    assert LEFTOVERS.findall(text) == []
    # Every box (admonition, or a fact's "Cite this fact", read even while closed) has something in it besides its title.
    for box in article.locator(".admonition, details").all():
        body = box.evaluate("b => [...b.children].filter(c => !c.matches('.admonition-title, summary'))"
                            ".map(c => b.matches('details') ? c.textContent : c.innerText).join('').trim()")
        assert body, box.inner_text()
    # Every short name has a tooltip saying what it stands for (the title, until Material makes it a tooltip).
    untitled = article.evaluate("a => [...a.querySelectorAll('abbr')].filter(b => !(b.title"
                                " || document.getElementById(b.getAttribute('aria-describedby'))?.textContent || '')"
                                ".trim()).map(b => b.textContent)")
    assert untitled == []


# Every kind of page the site has, in the example briefing: what a reader may land on.
def _first_id(name: str) -> str:
    return yaml.safe_load((ROOT / "briefings" / BRIEFING / f"{name}.yml").read_text(encoding="utf-8"))[0]["id"]


PAGE_KINDS = {
    "home": "",
    "overview": f"{BRIEFING}/",
    "figures": f"{BRIEFING}/figures/",
    "timeline": f"{BRIEFING}/timeline/",
    "questions": f"{BRIEFING}/questions/",
    "tags": f"{BRIEFING}/tags/",
    "sources": f"{BRIEFING}/sources/",
    "source": f"{BRIEFING}/sources/{sorted((ROOT / 'briefings' / BRIEFING / 'documents').glob('*.md'))[0].stem}/",
    **{f"{folder} index": f"{BRIEFING}/{folder}/" for folder in ("forces", "missions", "authorities")},
    **{f"{folder} entity": f"{BRIEFING}/{folder}/{_first_id(folder)}/" for folder in ("forces", "missions", "authorities")},
    "about": "about/",
    "404": "404.html",  # http.server has no 404 page of its own to show: the site's, opened directly
}


def test_no_request_leaves_the_site_and_no_page_logs_an_error(request, browser, search_url: str) -> None:
    """Every kind of page, and a search, ask nothing of any other host (fonts, scripts, images,
    APIs) and log no error in the console, with each search backend."""
    from playwright.sync_api import expect

    site_url = search_url
    page, problems = open_page(browser, site_url)
    try:
        for kind, path in PAGE_KINDS.items():
            page.goto(site_url + path, wait_until="networkidle")
            expect(page.locator("article h1").first, kind).to_be_visible()
        assert search(page, site_url, SHORT)
        page.wait_for_load_state("networkidle")
    finally:
        page.context.close()
    assert problems.foreign == []
    assert problems.errors == []
    # The recording sees the site's own requests, the search worker's included.
    own = {urlsplit(u).path.rsplit("/", 1)[-1] for u in problems.seen}
    assert {"search_index.json", "briefing-search.js", "briefing.css", "404.html"} <= own, sorted(own)
    materials_worker = any(re.fullmatch(r"search\.[0-9a-f]+\.min\.js", name) for name in own)
    pagefind = {"pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"} <= own and any(
        name.endswith(".pf_fragment") for name in own)
    backend = request.node.callspec.params["search_url"]
    assert (materials_worker, pagefind) == ((True, False) if backend == "material" else (False, True)), sorted(own)


# What makes a browser load something: (tag, attribute). Links a reader follows (<a href>) are not here.
LOADS = [("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
         ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("object", "data"),
         ("embed", "src"), ("image", "href"), ("image", "xlink:href"), ("use", "href"), ("use", "xlink:href"),
         ("input", "src"), ("track", "src")]
LINK_RELS_THAT_LOAD = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                       "preconnect", "dns-prefetch", "manifest", "mask-icon"}
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.I)
CSS_REMOTE = re.compile(r"""url\(\s*['"]?\s*(?:https?:)?//|@import\s+['"]?\s*(?:url\()?\s*['"]?(?:https?:)?//""", re.I)


def test_built_pages_and_styles_load_nothing_from_other_hosts(example_site: Path) -> None:
    """The built files themselves, all of them: no tag, style or stylesheet that would make a
    browser fetch from another host (the browser test above sees only the pages it visits)."""
    from bs4 import BeautifulSoup

    site = example_site / "site"
    found = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in LOADS:
            for el in soup.find_all(tag):
                if REMOTE.match(el.get(attr) or ""):
                    found.append(f"{path.relative_to(site)}: <{tag} {attr}={el.get(attr)!r}>")
        for el in soup.find_all("link"):
            if LINK_RELS_THAT_LOAD & set(el.get("rel") or []) and REMOTE.match(el.get("href") or ""):
                found.append(f"{path.relative_to(site)}: <link rel={el.get('rel')} href={el.get('href')!r}>")
        for el in soup.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
            if REMOTE.search((el.get("content") or "").partition("url=")[2]):
                found.append(f"{path.relative_to(site)}: <meta refresh {el.get('content')!r}>")
        styles = [el.get_text() for el in soup.find_all("style")] + [el["style"] for el in soup.find_all(style=True)]
        found += [f"{path.relative_to(site)}: style {m.group(0)!r}" for css in styles for m in CSS_REMOTE.finditer(css)]
    for path in sorted(site.rglob("*.css")):
        found += [f"{path.relative_to(site)}: {m.group(0)!r}" for m in CSS_REMOTE.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


def test_a_short_name_in_running_text_shows_what_it_stands_for(reader, site_url: str) -> None:
    """`CBP` in a fact's text is a tooltip naming US Customs and Border Protection."""
    from playwright.sync_api import expect

    reader.goto(f"{site_url}{BRIEFING}/missions/jtf-north-border-support/")
    fact = reader.locator("article li:has(a.briefing-permalink)", has_text="CBP's work").first
    abbr = fact.locator("abbr:visible", has_text="CBP")  # (its closed citation has one too)
    expect(abbr).to_have_count(1)
    abbr.hover()
    expect(abbr).to_have_attribute("aria-describedby", re.compile(r"\S"))
    tooltip = reader.locator(f"[id='{abbr.get_attribute('aria-describedby')}']")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text("US Customs and Border Protection")


def _tagged(tag: str) -> list[str]:
    """Names of the example briefing's entities with ``tag``: forces, then missions, then authorities, each by name."""
    names = []
    for name in ("forces", "missions", "authorities"):
        entries = yaml.safe_load((ROOT / "briefings" / BRIEFING / f"{name}.yml").read_text(encoding="utf-8"))
        names += sorted((e["name"] for e in entries if tag in e.get("tags", [])), key=str.casefold)
    return names


def test_tags_differing_only_in_case_or_spacing_are_one_and_each_has_its_own_anchor() -> None:
    from generator import model, resolved

    def entity(kind: str, ident: str, name: str, tags: list[str]) -> resolved.Entity:
        cls = {"force": model.Force, "mission": model.Mission, "authority": model.Authority}[kind]
        return resolved.Entity(kind, "b", cls(id=ident, name=name, summary="s", tags=tags), "b/x.yml")

    entities = [entity("mission", "m", "Mission", ["Border", "a b"]), entity("force", "z", "Zulu", ["border"]),
                entity("force", "a", "alpha", ["border  ", "a-b", "§"])]
    meta = model.BriefingMeta(title="B", summary="s", updated="2025-01-01")
    briefing = resolved.Briefing("b", meta, "b", {}, {e.id: e for e in entities}, [], [])
    groups = [(g.tag, g.anchor, [e.id for e in g.entities]) for g in briefing.tag_groups]
    assert groups == [("a b", "tag-a-b", ["m"]), ("a-b", "tag-a-b-2", ["a"]), ("border", "tag-border", ["a", "z", "m"]),
                      ("§", "tag-4", ["a"])]


def test_the_tags_page_groups_entities_under_each_tag(reader, site_url: str) -> None:
    from playwright.sync_api import expect

    reader.goto(f"{site_url}{BRIEFING}/")
    reader.locator("nav.md-nav--primary").get_by_role("link", name="Tags", exact=True).filter(visible=True).click()
    expect(reader).to_have_url(f"{site_url}{BRIEFING}/tags/")
    tags = reader.locator("article h2").evaluate_all("hs => hs.map(h => h.firstChild.textContent.trim())")
    assert tags == sorted(tags, key=str.casefold) and "texas" in tags, tags
    reader.locator("article p").get_by_role("link", name="texas", exact=True).click()
    expect(reader).to_have_url(f"{site_url}{BRIEFING}/tags/#tag-texas")
    section = reader.locator("#tag-texas + ul")
    expect(section).to_be_in_viewport()
    assert section.locator("li > a").all_inner_texts() == _tagged("texas")
    section.get_by_role("link", name="Operation Lone Star", exact=True).click()
    expect(reader.locator("article h1")).to_contain_text("Operation Lone Star")


def test_the_palette_follows_the_system_and_the_toggle(browser, site_url: str) -> None:
    """Dark when the system is dark; the toggle goes light → dark → system, and the choice holds
    on the next page."""
    from playwright.sync_api import expect

    page, problems = open_page(browser, site_url, color_scheme="dark")
    try:
        page.goto(f"{site_url}{BRIEFING}/")
        body = page.locator("body")
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
        # The one visible toggle says what a click does next (it names the option it selects).
        expect(toggle).to_have_accessible_name("Switch to light mode")  # now following the system
        expect(toggle).to_have_attribute("for", "__palette_1")
        toggle.click()
        expect(body).to_have_attribute("data-md-color-scheme", "default")
        expect(toggle).to_have_attribute("for", "__palette_2")
        page.goto(f"{site_url}{BRIEFING}/timeline/")
        expect(body).to_have_attribute("data-md-color-scheme", "default")  # the reader's choice, not the system's
        expect(toggle).to_have_accessible_name("Switch to dark mode")
        toggle.click()
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        expect(toggle).to_have_attribute("for", "__palette_0")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert _luminance(background) < 0.2, background
    finally:
        page.context.close()
    assert problems.errors == [] and problems.foreign == []


def _luminance(css_colour: str) -> float:
    r, g, b = (int(float(x)) / 255 for x in re.findall(r"[\d.]+", css_colour)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("reader", ["dark"], indirect=True)
def test_an_entity_page_prints_as_a_handout(reader, site_url: str) -> None:
    """Printed (even from the dark palette): dark text on white, no site furniture, and every
    source traceable on paper: each citation is a footnote number, and the page ends with its
    numbered sources, their quoted words and outside addresses; other outside links print theirs."""
    from playwright.sync_api import expect

    reader.goto(f"{site_url}{BRIEFING}/authorities/posse-comitatus-act/")
    notes = reader.locator("article .briefing-print-notes li")
    refs = reader.locator("article .briefing-note-ref")
    expect(reader.locator("article .briefing-print-notes")).to_be_hidden()  # on screen: the links do
    expect(refs.first).to_be_hidden()
    cited = reader.locator("article li a[href*='sources/'][href*='#q-']").first
    quote = cited.get_attribute("title")
    cited.hover()  # Material's tooltip takes the title away; the footnote still has the words
    reader.emulate_media(media="print")
    for furniture in ("header.md-header", ".md-sidebar--primary", ".md-sidebar--secondary", "footer.md-footer",
                      ".md-search", "a.md-content__button", ".md-top"):
        for el in reader.locator(furniture).all():
            expect(el, furniture).to_be_hidden()
    text = reader.locator("article p").first
    assert _luminance(text.evaluate("p => getComputedStyle(p).color")) < 0.2
    assert _luminance(reader.evaluate("getComputedStyle(document.body).backgroundColor")) > 0.95

    def after(link) -> str:
        return link.evaluate("a => getComputedStyle(a, '::after').content")

    expect(reader.locator("article .briefing-print-notes")).to_be_visible()
    numbers = [int(n) for n in refs.all_inner_texts()]
    assert sorted(set(numbers)) == list(range(1, notes.count() + 1)) and numbers[0] == 1
    outside = reader.locator("article li:has(a.briefing-permalink) a[href='https://www.law.cornell.edu/uscode/text/18/1385']")
    assert after(outside) == "none"  # its address is in the footnote, not in the sentence
    n = int(outside.locator("xpath=following-sibling::sup[1]").inner_text())
    assert "<https://www.law.cornell.edu/uscode/text/18/1385>" in notes.nth(n - 1).inner_text()
    n = int(cited.locator("xpath=following-sibling::sup[1]").inner_text())
    assert quote and f"\u201c{quote}\u201d" in notes.nth(n - 1).inner_text()
    address = reader.locator("article .admonition a[href^='https://']").first  # its text is the address already
    assert after(address) == "none"
    screenshot(reader, "entity-print")
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = reader.pdf(path=str(SCREENSHOTS / "entity-print.pdf"), format="A4", print_background=False)
    assert pdf[:5] == b"%PDF-"
