"""The provenance fixture built by `mkdocs build --strict`, read back as a reader would: in its
HTML, and in Chromium for what needs a browser (a tooltip on keyboard focus, how it looks)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import open_page, screenshot, serve
from conftest import built_fixture
from test_site import article, broken_links, page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_fixture(tmp_path_factory, "provenance")


def words(element) -> str:
    return " ".join(element.get_text().split())


FORCE = "bravo/forces/bravo-force"


def test_every_link_of_the_pictures_and_pages_resolves(site: Path) -> None:
    assert broken_links(site / "site") == []


def test_disagreement_box_shows_both_figures_with_their_sources(site: Path) -> None:
    box, = article(site, FORCE).select(".admonition.warning")
    assert words(box.select_one(".admonition-title")) == "Sources disagree"
    assert [words(th) for th in box.select("th")] == ["Figure", "As of", "Claim", "Sources", "Disagrees with"]
    rows = [[words(td) for td in tr.select("td")] for tr in box.select("tbody tr")]
    assert [(r[0], r[1], r[4]) for r in rows] == [
        ("3,500 troops", "5 February 2025", "4,000 troops"), ("4,000 troops", "5 February 2025", "3,500 troops")]
    cited = [a["href"] for a in box.select("a[href*='/sources/']")]
    assert [re.sub(r"#q-\w+$", "", h) for h in cited] == ["../../sources/gazette-february/", "../../sources/wire-february/"]
    outside = box.select_one("a[href='https://example.org/gazette-online']")
    assert words(outside.find_next_sibling("span")) == "unverified outside source"


def test_disagreements_page_is_in_the_navigation_and_shows_the_box(site: Path) -> None:
    nav = page(site, "bravo").select_one("nav.md-nav--primary")
    labels = [words(a) for a in nav.select("a.md-nav__link")]
    assert labels.index("Where sources disagree") == labels.index("Key figures") + 1
    box, supply = article(site, "bravo/disagreements").select(".admonition.warning")
    assert box.select_one("a[href='../forces/bravo-force/']").get_text() == "Bravo Force"
    assert len(box.select("a[href*='/sources/']")) == 2
    assert supply.select_one("a[href='../missions/bravo-supply/']").get_text() == "Bravo supply run"
    rows = article(site, "bravo/figures").select("tbody tr")
    assert [words(tr.td) for tr in rows if tr.select_one(".briefing-badge--disputed")] == [
        "4,000 troops sources disagree", "3,500 troops sources disagree",
        "1,300 truck sources disagree", "1,000 trucks sources disagree"]
    assert "Sources disagree in 2 places" in words(article(site, "bravo"))


def test_a_figure_agreeing_with_both_sides_is_in_the_box_but_not_called_disputed(site: Path) -> None:
    """1,000 and 1,300 trucks disagree; the range 1,000–1,300 agrees with each, whatever the YAML's order."""
    art = article(site, "bravo/missions/bravo-supply")
    box, = art.select(".admonition.warning")
    rows = [[words(td) for td in tr.select("td")] for tr in box.select("tbody tr")]
    assert [(r[0], r[4]) for r in rows] == [
        ("1,000 trucks", "1,300 truck"), ("1,000–1,300 trucks", "none"), ("1,300 truck", "1,000 trucks")]
    for link in box.select("tbody td:last-child a"):
        assert art.find(id=link["href"].removeprefix("#")) is not None
    facts = art.select("li:has(> span[id^=fact-])")
    assert [(words(li).split(":")[0], li.select_one(".briefing-badge--disputed") is not None) for li in facts] == [
        ("1,000–1,300 trucks", False), ("1,300 truck", True), ("1,000 trucks", True)]


def test_a_series_is_a_chart_whose_every_point_links_to_its_fact(site: Path) -> None:
    art = article(site, FORCE)
    svg = art.select_one("figure.briefing-chart > .briefing-scroll > svg[role=group]")  # kept whole: not escaped, not in a <p>
    points = svg.select("a")
    assert len(points) == 4
    assert [a.title.get_text() for a in points] == [
        "about 2,200 troops, as of 22 January 2025", "3,500 troops, as of 5 February 2025",
        "4,000 troops, as of 5 February 2025", "10,000 troops, as of 15 March 2025"]
    for a in points:
        assert art.find(id=a["href"].removeprefix("#")) is not None, a["href"]
    rows = [[words(td) for td in tr.select("td")][:2] for tr in svg.find_parent("figure").find_next("table").select("tbody tr")]
    assert rows == [["22 January 2025 possibly out of date", "about 2,200 troops"],
                    ["5 February 2025 possibly out of date", "3,500 troops"],
                    ["5 February 2025 possibly out of date", "4,000 troops"], ["15 March 2025", "10,000 troops"]]


def test_a_range_is_drawn_as_a_bar(site: Path) -> None:
    svg = article(site, "bravo/forces/bravo-patrol").select_one("figure.briefing-chart svg")
    assert [a.find(["rect", "circle"]).name for a in svg.select("a")] == ["rect", "circle"]


def test_old_facts_are_marked_and_counted(site: Path) -> None:
    facts = article(site, FORCE).select("li:has(> span[id^=fact-])")
    marked = [words(li).split(":")[0] for li in facts if li.select_one(".briefing-badge--stale")]
    assert marked == ["about 2,200 troops", "4,000 troops", "3,500 troops"]
    assert "4 facts are possibly out of date: as of more than 30 days before the briefing's latest information " \
           "(20 March 2025)." in words(article(site, "bravo"))


def test_each_entity_page_says_when_its_information_was_last_updated(site: Path) -> None:
    assert "Latest information: 15 March 2025" in words(article(site, FORCE).select_one(".admonition.abstract"))
    command = words(article(site, "bravo/forces/bravo-command").select_one(".admonition.abstract"))
    assert "Latest information: 20 March 2025 (the briefing's; nothing on this page has a date of its own)" in command


def test_sources_say_what_cites_them_and_the_overview_lists_those_no_fact_cites(site: Path) -> None:
    about = words(article(site, "bravo/sources/wire-march").select_one(".admonition.info"))
    assert "Cited by: 2 facts and 1 event (each counted once, however many passages it quotes)" in about
    assert "Cited by: nothing yet" in words(article(site, "bravo/sources/memo-unread"))
    heading = next(h for h in article(site, "bravo").select("h2") if h.get_text().startswith("Sources no fact cites"))
    assert [words(li) for li in heading.find_next("ul").select("li")] == ["Internal memo not yet read: cited by nothing yet"]


def test_relationship_diagrams_link_every_other_entity(site: Path) -> None:
    overview = article(site, "bravo").select_one("figure.briefing-diagram svg[role=group]")
    assert sorted(a["href"] for a in overview.select("a")) == [
        "authorities/bravo-order/", "forces/bravo-command/", "forces/bravo-force/", "forces/bravo-patrol/",
        "missions/bravo-mission/", "missions/bravo-supply/"]
    own = article(site, FORCE).select_one("figure.briefing-diagram svg")
    assert sorted(a["href"] for a in own.select("a")) == [
        "../../authorities/bravo-order/", "../../missions/bravo-mission/", "../bravo-command/"]
    assert own.select_one("g > title").get_text() == "Bravo Force (BF)"


# in a browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site / "site") as url:
        yield url


@pytest.mark.browser
def test_keyboard_focus_on_a_citation_shows_the_quoted_words(browser, base: str) -> None:
    from playwright.sync_api import expect

    reader, problems = open_page(browser, base)
    reader.goto(f"{base}{FORCE}/")
    citation = reader.locator("article li a[href*='wire-january']").first
    for _ in range(60):
        reader.keyboard.press("Tab")
        if citation.evaluate("a => document.activeElement === a"):
            break
    expect(citation).to_be_focused()
    expect(citation).to_have_attribute("aria-describedby", re.compile(r".+"))  # Material adds it once focus has settled
    tooltip = reader.locator(f"[id='{citation.get_attribute('aria-describedby')}']")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text("About 2200 troops of Bravo Force are now at the border")
    reader.context.close()
    assert problems.errors == []


@pytest.mark.browser
@pytest.mark.parametrize(("url", "name"), [(FORCE, "provenance-entity"), ("bravo/disagreements", "provenance-disagreements"),
                                           ("bravo/missions/bravo-supply", "provenance-cluster")])
def test_pages_with_charts_and_boxes_are_screenshotted(browser, base: str, url: str, name: str) -> None:
    reader, problems = open_page(browser, base)
    reader.goto(f"{base}{url}/")
    screenshot(reader, name)
    for svg in reader.locator("article figure > .briefing-scroll > svg").all():
        box = svg.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, box  # drawn, at a readable size
    reader.context.close()
    assert problems.errors == []
