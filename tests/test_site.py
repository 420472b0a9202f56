"""A real `mkdocs build --strict` of small briefings, its HTML read back as a reader would."""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, make_project, mkdocs_build


@cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(project: Path, url: str) -> BeautifulSoup:
    return soup(project / "site" / url / "index.html")


def article(project: Path, url: str) -> BeautifulSoup:
    return page(project, url).select_one("article")


def section(art: BeautifulSoup, title: str) -> BeautifulSoup:
    """The list under the heading ``title`` (headings carry a permalink ¶)."""
    heading = next(h for h in art.select("h2") if h.get_text().rstrip("¶").strip() == title)
    return heading.find_next("ul")


def broken_links(site: Path) -> list[str]:
    """Every internal link or anchor that leads nowhere, as 'page -> href'."""
    broken = []
    for html in sorted(site.rglob("*.html")):
        if html.name == "404.html":
            continue
        here = html.relative_to(site).parent.as_posix()
        for a in soup(html).select("a[href]"):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            target = posixpath.normpath(posixpath.join(here, unquote(parts.path))) if parts.path else here
            file = site / target
            if file.is_dir() or parts.path.endswith("/") or not parts.path:
                file = file / "index.html"
            if not file.exists():
                broken.append(f"{html.relative_to(site)} -> {href}")
            elif parts.fragment and file.suffix == ".html" and soup(file).find(id=parts.fragment) is None:
                broken.append(f"{html.relative_to(site)} -> {href} (no such anchor)")
    return broken


def test_every_entity_document_and_view_has_a_page(good_site: Path) -> None:
    site = good_site / "site"
    for url in ["", "alpha", "alpha/figures", "alpha/timeline", "alpha/questions", "alpha/forces", "alpha/forces/task-force",
                "alpha/forces/command", "alpha/missions", "alpha/missions/patrol", "alpha/authorities",
                "alpha/authorities/patrol-order", "alpha/sources", "alpha/sources/report-one"]:
        assert (site / url / "index.html").exists(), url


def test_every_internal_link_and_anchor_resolves(good_site: Path) -> None:
    assert broken_links(good_site / "site") == []


def test_pages_are_built_in_memory_not_written_to_the_docs_folder(good_site: Path) -> None:
    assert sorted(p.name for p in (good_site / "docs").iterdir()) == []
    assert sorted(p.name for p in (good_site / "briefings").iterdir()) == ["alpha"]


def test_navigation_lists_sections_and_index_pages_not_every_entity(good_site: Path) -> None:
    nav = page(good_site, "alpha/forces/task-force").select_one("nav.md-nav--primary")
    labels = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")]
    assert "Forces and agencies" in labels and "Timeline" in labels and "Sources" in labels
    assert not any("Task Force Alpha" in label for label in labels)


def test_relations_show_on_both_sides(good_site: Path) -> None:
    # Only Alpha Command's entry names the patrol; the patrol's page lists it all the same.
    patrol = article(good_site, "alpha/missions/patrol")
    forces = section(patrol, "Forces")
    assert [a.get_text() for a in forces.select("strong > a")] == ["Alpha Command"]
    led_by = section(patrol, "Led by")
    assert [a.get_text() for a in led_by.select("strong > a")] == ["Task Force Alpha"]
    command = article(good_site, "alpha/forces/command")
    units = section(command, "Units and components")
    assert [a.get_text() for a in units.select("strong > a")] == ["Task Force Alpha"]


def test_a_fact_links_to_its_quote_highlighted_in_the_source(good_site: Path) -> None:
    fact = article(good_site, "alpha/forces/task-force").select_one("li:has(span[id^=fact-])")
    assert "Task Force Alpha has about 300 soldiers." in fact.get_text()
    link = fact.select_one("a[href*='sources']")
    assert link.get_text() == "Test Wire, 1 February 2025"
    assert link["title"] == "The “Task Force” has about 300 soldiers"
    path, _, anchor = link["href"].partition("#")
    source = article(good_site, "alpha/sources/report-one")
    marked = source.find(id=anchor).find_next_sibling("mark")
    assert marked.get_text() == "The “Task Force” has about 300 soldiers"
    assert path == "../../sources/report-one/"


def test_a_quote_spanning_a_line_break_is_highlighted_on_both_lines(good_site: Path) -> None:
    source = article(good_site, "alpha/sources/report-one")
    marks = [m.get_text() for m in source.select("mark")]
    assert "the patrol" in marks and "covers the northern sector" in marks


def test_source_page_lists_everything_that_cites_it(good_site: Path) -> None:
    source = article(good_site, "alpha/sources/report-one")
    cited = section(source, "What cites this source")
    assert [a.get_text() for a in cited.select("a")] == [
        "Task Force Alpha has about 300 soldiers.", "Patrol order issued", "Review of the patrol due",
        "The patrol covers the northern sector."]


def test_outside_source_is_marked_unverified(good_site: Path) -> None:
    fact = article(good_site, "alpha/missions/patrol").select_one("li:has(span[id^=fact-])")
    assert "Another page" in fact.get_text() and "unverified" in fact.get_text()


def test_timeline_is_in_date_order_with_derived_dates_computed(good_site: Path) -> None:
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in article(good_site, "alpha/timeline").select("h2")]
    assert headings == ["10 January 2025: Patrol order issued", "9 February 2025: Review of the patrol due"]
    assert "Deadline: 30 days after Patrol order issued" in " ".join(article(good_site, "alpha/timeline").get_text().split())


def test_overview_has_summary_figures_events_questions_and_sections(good_site: Path) -> None:
    text = article(good_site, "alpha").get_text(" ", strip=True)
    for expected in ["Latest information: 1 March 2025", "1 document · 2 forces and agencies · 1 mission",
                     "about 300 troops", "Review of the patrol due", "How long will the patrol last?", "Legal authorities"]:
        assert expected in text


def test_short_names_become_tooltips(good_site: Path) -> None:
    abbr = article(good_site, "alpha/forces/task-force").select_one("abbr[title='Task Force Alpha']")
    assert abbr is not None and abbr.get_text() == "TF-A"


def test_edit_link_opens_the_source_yaml(good_site: Path) -> None:
    edit = page(good_site, "alpha/forces/task-force").select_one("a[title='Edit this page']")
    assert edit["href"] == "https://github.com/example/briefings/edit/main/briefings/alpha/forces.yml"


def test_every_page_has_a_meta_description(good_site: Path) -> None:
    for html in (good_site / "site").rglob("index.html"):
        meta = soup(html).select_one("meta[name=description]")
        assert meta is not None and meta["content"].strip(), html


def test_a_hand_written_home_page_wins_over_the_generated_one(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "good", docs={"index.md": "# Our own home\n"})
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert article(project, "").h1.get_text().startswith("Our own home")
    assert (project / "site/alpha/index.html").exists()


def test_same_id_in_two_briefings_makes_two_pages(tmp_path: Path) -> None:
    briefings = tmp_path / "two"
    for name in ("alpha", "beta"):
        import shutil
        shutil.copytree(FIXTURES / "good/alpha", briefings / name)
    project = make_project(tmp_path, briefings)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/alpha/forces/task-force/index.html").exists()
    assert (project / "site/beta/forces/task-force/index.html").exists()
    assert broken_links(project / "site") == []


@pytest.mark.parametrize("engine", ["properdocs"])
def test_properdocs_builds_the_same_site(tmp_path: Path, engine: str) -> None:
    from conftest import run
    project = make_project(tmp_path, FIXTURES / "good")
    result = run([engine, "build", "--strict", "-f", "mkdocs.yml"], project)
    assert result.returncode == 0, result.stderr
    assert "Task Force Alpha" in article(project, "alpha/forces/task-force").get_text()
