"""The authors' guide, "How this briefing is made": a page of every site, linked from the home page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import open_page, screenshot


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_home_page_links_the_guide_which_explains_the_loop_and_the_marks(example_site: Path) -> None:
    site = example_site / "site"
    home = _soup(site / "index.html")
    assert [a["href"] for a in home.select("article a") if a.get_text() == "How this briefing is made"] == ["guide/"]
    guide = _soup(site / "guide/index.html")
    article = guide.select_one("article")
    assert article.h1.get_text(strip=True).startswith("How this briefing is made")
    assert [h.get_text(strip=True).rstrip("¶") for h in article.select("h2")] == [
        "The daily loop, by example", "How citations are verified", "Reading a disagreement",
        'A "possibly out of date" mark', "Corrections"]
    commands = [code.get_text() for code in article.select("pre code")]
    assert commands[0].startswith("briefing add-document saved-article.html --briefing")
    assert commands[1].startswith("briefing quote")
    text = " ".join(article.get_text().split())
    assert "more than 30 days older than the briefing's latest information" in text, text


def test_the_guide_example_is_a_real_citation_of_the_site(example_site: Path) -> None:
    site = example_site / "site"
    article = _soup(site / "guide/index.html").select_one("article")
    link = next(a for a in article.select("ol li a") if "/sources/" in a["href"])
    page, anchor = link["href"].split("#")
    target = _soup((site / "guide" / page / "index.html").resolve())
    assert target.find(id=anchor) is not None, link["href"]
    marked = target.find(id=anchor).find_next("mark")
    words = " ".join(marked.get_text().split())
    assert len(words) > 10 and " ".join(link["title"].split()).startswith(words)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 412])
def test_the_guide_reads_well_on_a_desktop_and_a_phone(browser, site_url: str, width: int) -> None:
    from playwright.sync_api import expect

    page, problems = open_page(browser, site_url)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url)
    page.get_by_role("link", name="How this briefing is made").click()
    expect(page.locator("article h1")).to_contain_text("How this briefing is made")
    overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not overflow, "the guide is wider than the screen"
    screenshot(page, f"guide-{width}")
    assert problems.errors == []
    page.context.close()
