"""What a reader sees of dates, events, edit links and wide pictures, on the `reader` fixture.

The fixture (tests/fixtures/reader/charlie) has `updated: 2025-02` (month precision), a fact as of
10 February 2025, events dated to the day, only to the month (`2025-01`) and only to the year
(`2025`), and a deadline after `updated`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, built_fixture
from generator import provenance
from generator.dates import PartialDate
from generator.resolved import Briefing
from generator.validation import load_site

BRIEFING = "charlie"


@pytest.fixture(scope="module")
def charlie() -> Briefing:
    (briefing,) = load_site(FIXTURES / "reader")
    return briefing


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_fixture(tmp_path_factory, "reader")


def page(project: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((project / "site" / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def section_text(art: BeautifulSoup, title: str) -> str:
    """The text between the heading ``title`` and the next heading."""
    heading = next(h for h in art.select("h2") if h.get_text().rstrip("¶").strip() == title)
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h1", "h2"):
            break
        parts.append(sibling.get_text(" ", strip=True))
    return "\n".join(parts)


# latest information -----------------------------------------------------------------------

def test_latest_information_counts_facts_within_an_imprecise_updated(charlie: Briefing) -> None:
    """`updated: 2025-02` may mean 28 February: a fact as of 10 February is information it has."""
    guard = charlie.entities["charlie-guard"]
    assert provenance.last_updated(guard, PartialDate(2025, 2)) == (PartialDate(2025, 2, 10), True)
    assert provenance.last_updated(guard, PartialDate(2025)) == (PartialDate(2025, 2, 10), True)
    # a day-precision `updated` before the fact still leaves it out: it is surely later
    assert provenance.last_updated(guard, PartialDate(2025, 2, 1)) == (PartialDate(2025, 1, 31), True)


def test_the_entity_page_shows_the_fact_within_the_month(site: Path) -> None:
    text = page(site, f"{BRIEFING}/forces/charlie-guard").select_one("article").get_text(" ", strip=True)
    assert "Latest information: 10 February 2025" in text


# the order of events -----------------------------------------------------------------------

def test_an_imprecise_date_comes_after_the_dated_events_of_its_period(charlie: Briefing) -> None:
    assert [e.id for e in charlie.events] == [
        "order-signed", "guard-arrives", "headquarters-moved", "review-due", "guard-federalized"]
    assert [e.id for e in charlie.entities["charlie-guard"].events] == [
        "guard-arrives", "headquarters-moved", "guard-federalized"]


def test_the_timeline_says_when_it_does_not_know_the_day(site: Path) -> None:
    art = page(site, f"{BRIEFING}/timeline").select_one("article")
    headings = [h.get_text().rstrip("¶").strip() for h in art.select("h2")]
    assert headings == ["20 January 2025: Order signed", "31 January 2025: Guard arrives at the crossing",
                        "Sometime in January 2025: Guard headquarters moved", "20 May 2025: Review of the order due",
                        "Sometime in 2025: Guard federalized"]
    assert "The day is not known: listed after the events dated within 2025." in section_text(
        art, "Sometime in 2025: Guard federalized")


def test_coming_up_is_apart_from_what_happened(charlie: Briefing, site: Path) -> None:
    """Relative to the briefing's `updated` (February 2025), whenever the site is built."""
    assert [e.id for e in charlie.coming_up()] == ["review-due"]
    assert [e.id for e in charlie.latest_events()] == [
        "guard-federalized", "headquarters-moved", "guard-arrives", "order-signed"]
    art = page(site, BRIEFING).select_one("article")
    coming = section_text(art, "Coming up")
    latest = section_text(art, "Latest events")
    assert "20 May 2025 : Review of the order due (deadline)" in coming
    assert "Review of the order due" not in latest
    assert latest.index("Sometime in January 2025") < latest.index("31 January 2025") < latest.index("20 January 2025")


def test_the_overview_key_figures_say_whose_figure_each_is(site: Path) -> None:
    table = page(site, BRIEFING).select_one("article table")
    assert [th.get_text(strip=True) for th in table.select("th")] == ["Figure", "Claim", "About", "As of", "Source"]
    about = table.select("tbody tr")[0].select("td")[2].a
    assert about.get_text(strip=True) == "Charlie Guard" and about["href"] == "forces/charlie-guard/"


# labelled lines ------------------------------------------------------------------------------

LABEL = re.compile(r"^(Concerns:|Sources?:|Raised in:|Deadline\b)")
LABELS = re.compile(r"(?:^|\s)(Concerns:|Sources?:|Raised in:|Deadline)")


@pytest.mark.parametrize("url", ["timeline", "questions"])
def test_each_labelled_line_is_a_paragraph_of_its_own(site: Path, url: str) -> None:
    """Markdown joins adjacent lines: "Concerns: …" must not run into "Source: …", nor a deadline
    into the event's summary."""
    paragraphs = [p.get_text(" ", strip=True) for p in page(site, f"{BRIEFING}/{url}").select("article p")]
    labelled = [p for p in paragraphs if LABEL.match(p)]
    assert labelled, paragraphs
    for text in labelled:
        assert len(LABELS.findall(text)) == 1, text
    if url == "timeline":
        assert "Deadline : 120 days after Order signed" in paragraphs
        assert "The review of the order must be done by then." in paragraphs


# edit links ----------------------------------------------------------------------------------

EDIT = "https://github.com/example/briefings/edit/main/briefings/charlie/"


@pytest.mark.parametrize(("url", "file"), [
    ("", "briefing.yml"),  # the home page: each briefing's title, date and summary
    (f"{BRIEFING}/tags", "forces.yml"),  # the tag listed first, "guard", is Charlie Guard's
    (f"{BRIEFING}/sources", "documents/wire.md"),  # the document listed first
    (f"{BRIEFING}/timeline", "events.yml"),
    (BRIEFING, "briefing.yml"),
    (f"{BRIEFING}/figures", "briefing.yml"),
    (f"{BRIEFING}/disagreements", "briefing.yml"),
])
def test_every_edit_link_opens_a_file(site: Path, url: str, file: str) -> None:
    edit = page(site, url).select_one("a[title='Edit this page']")
    assert edit["href"] == EDIT + file
    assert (site / "briefings/charlie" / file).is_file()


def test_the_tags_page_opens_the_file_of_its_first_tag(tmp_path: Path) -> None:
    """With the first tag on an authority, the tags page opens authorities.yml."""
    from generator.pipeline import generate
    import shutil
    shutil.copytree(FIXTURES / "reader", tmp_path / "reader")
    authorities = tmp_path / "reader/charlie/authorities.yml"
    authorities.write_text(authorities.read_text(encoding="utf-8").replace(
        "  type: statute\n", "  type: statute\n  tags: [a-first-tag]\n", 1), encoding="utf-8")
    pages = generate(tmp_path / "reader", base=tmp_path).pages
    assert pages[f"{BRIEFING}/tags.md"].source == "reader/charlie/authorities.yml"
    assert pages[f"{BRIEFING}/sources/index.md"].source == "reader/charlie/documents/wire.md"
    assert pages["index.md"].source == "reader/charlie/briefing.yml"


# a wide picture on a phone ---------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", [412, 600, 760, 1280])
def test_a_wide_diagram_scrolls_inside_the_page_and_says_so(browser, site_url: str, width: int) -> None:
    """On a phone the "How it connects" diagram keeps its words readable and scrolls sideways in
    its own box, which stays inside the screen; the hint under it shows exactly when it scrolls."""
    from browser import SCREENSHOTS, open_page

    tab, problems = open_page(browser, site_url)
    try:
        tab.set_viewport_size({"width": width, "height": 900})
        tab.goto(f"{site_url}us-mexico-border-2025/forces/joint-task-force-north/")
        figure = tab.locator("article figure.briefing-diagram")
        figure.scroll_into_view_if_needed()
        box = figure.locator(".briefing-scroll")
        right, scrolls = box.evaluate("b => [b.getBoundingClientRect().right, b.scrollWidth > b.clientWidth + 1]")
        assert right <= width
        assert tab.evaluate("document.documentElement.scrollWidth") <= width  # the page itself does not scroll
        hint = figure.locator(".briefing-scroll-hint")
        assert hint.is_visible() == scrolls
        if width == 412:
            assert scrolls  # its words would be too small to read if it were shrunk to 412 px
            box.evaluate("b => b.scrollLeft = b.scrollWidth")
            assert box.evaluate("b => b.scrollLeft + b.clientWidth >= b.scrollWidth - 1")  # the rest can be reached
            box.evaluate("b => b.scrollLeft = 0")
        if width == 1280:
            assert not scrolls
        figure.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / f"diagram-{width}.png"))
    finally:
        tab.context.close()
    assert problems.errors == []
