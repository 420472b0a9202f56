"""A large briefing's split pages in a real build: `mkdocs build --strict` with the plugin finds
every link and anchor between them, and a reader can use them on a desktop and on a phone."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import launch, open_page, screenshot, serve
from conftest import make_project, mkdocs_build

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from synthetic import write_briefing  # noqa: E402

MID = 600
"""300 forces (over the 250 of a kind's index), thousands of key figures, tag links and changes,
and disagreements enough to split, and 600 outside pages (over 500); its timeline (60 events) and
documents (120) stay whole pages, as a mid-size briefing's do, so that both kinds of page are
built together."""


@pytest.fixture(scope="module")
def mid_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mid")
    write_briefing(folder / "briefings" / "bench", MID, outside=600)
    project = make_project(tmp_path_factory.mktemp("mid-project"), folder / "briefings")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project / "site"


def test_a_mid_size_briefing_builds_strictly_with_its_split_pages(mid_site: Path) -> None:
    bench = mid_site / "bench"
    for part in ("forces/by-name/e", "forces/by-name/e-2", "figures/forces-e", "disagreements/forces-e", "tags/tag-aviation"):
        assert (bench / part / "index.html").is_file(), part
    assert (bench / "timeline" / "index.html").is_file() and not (bench / "timeline" / "2025-01").exists()
    index = (bench / "forces" / "index.html").read_text(encoding="utf-8")
    assert 'href="by-name/e/"' in index and 'href="by-name/e-2/"' in index
    part = (bench / "forces" / "by-name" / "e-2" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../e-' in part  # its entries link to their pages
    assert 'href="../../"' in part  # and back to the list
    sources = (bench / "sources" / "index.html").read_text(encoding="utf-8")
    assert 'href="outside/a/"' in sources and 'href="https://example.org/' not in sources
    outside = (bench / "sources" / "outside" / "a" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../#outside-sources"' in outside and 'href="https://example.org/pages/26"' in outside
    assert 'id="outside-sources"' in sources  # where the part's "Outside sources" link lands


@pytest.fixture(scope="module")
def mid_url(mid_site: Path) -> Iterator[str]:
    with serve(mid_site) as url:
        yield url


@pytest.mark.parametrize("width", [1280, 412])
def test_the_overview_and_a_split_index_read_on_desktop_and_phone(mid_url: str, width: int) -> None:
    from playwright.sync_api import expect

    with launch() as browser:
        page, problems = open_page(browser, mid_url)
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{mid_url}bench/")
        diagram = page.locator("figure.briefing-diagram svg")
        expect(diagram).to_be_visible()
        assert diagram.locator("a").count() <= 25  # the top level, not 600 boxes
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"large-overview-{width}")
        page.goto(f"{mid_url}bench/forces/")
        letters = page.locator("article").get_by_role("link", name="E", exact=True)
        expect(letters.first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"large-forces-index-{width}")
        letters.first.click()
        expect(page.locator("article h1")).to_contain_text("Forces and agencies: E")
        expect(page.locator("article li").first).to_contain_text("Entity number")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"large-forces-part-{width}")
        assert problems.errors == [], problems.errors
        page.context.close()


@pytest.fixture(scope="module")
def long_timeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """250 events, over the 200 a timeline page holds: the timeline is split by month; and 240
    questions, over the 100 of a page of Open questions (160 open, 80 answered)."""
    folder = tmp_path_factory.mktemp("timeline")
    write_briefing(folder / "briefings" / "bench", 30, events=250, questions=240)
    project = make_project(tmp_path_factory.mktemp("timeline-project"), folder / "briefings")
    result = mkdocs_build(project)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    return project / "site"


def test_the_split_timeline_says_where_each_event_went(long_timeline: Path) -> None:
    timeline = long_timeline / "bench" / "timeline"
    anchors = json.loads((timeline / "anchors.json").read_text(encoding="utf-8"))
    assert sorted(anchors) == sorted(f"ev-{i}" for i in range(250))
    for event, address in anchors.items():
        page, _, fragment = address.partition("#")
        assert fragment == event
        assert f'id="{event}"' in (timeline / page / "index.html").read_text(encoding="utf-8"), address


def test_a_long_list_of_questions_is_split_open_ones_first_and_each_link_finds_its_question(long_timeline: Path) -> None:
    folder = long_timeline / "bench" / "questions"
    index = (long_timeline / "bench" / "questions.html" if not folder.joinpath("index.html").is_file() else folder / "index.html")
    text = index.read_text(encoding="utf-8")
    assert "240 questions, too many for one page" in text
    parts = ["open", "open-2", "answered"]
    assert [p.name for p in sorted(folder.iterdir()) if p.is_dir()] == sorted(parts)
    for part in parts:
        assert f'href="{part}/"' in text
    anchors = json.loads((folder / "anchors.json").read_text(encoding="utf-8"))
    assert len(anchors) == 240
    first = (folder / "open" / "index.html").read_text(encoding="utf-8")
    assert 'id="q-1"' in first and "Concerns:" in first and 'id="q-0"' not in first  # q-0 is answered
    answered = (folder / "answered" / "index.html").read_text(encoding="utf-8")
    assert 'id="q-0"' in answered and "Answer 0." in answered
    entity = (long_timeline / "bench" / "forces" / "e-1" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../questions/open/#q-1"' in entity  # the entity's link follows its question


def test_an_address_saved_before_the_timeline_was_split_still_lands_on_its_event(long_timeline: Path) -> None:
    from playwright.sync_api import expect

    with serve(long_timeline) as url, launch() as browser:
        page, problems = open_page(browser, url)
        page.goto(f"{url}bench/timeline/#ev-7")  # ev-7 is dated 8 August 2025
        expect(page).to_have_url(f"{url}bench/timeline/2025-08/#ev-7")
        expect(page.locator("#ev-7")).to_be_in_viewport()
        page.goto(f"{url}bench/questions/#q-3")  # answered: on the last part
        expect(page).to_have_url(f"{url}bench/questions/answered/#q-3")
        page.goto(f"{url}bench/timeline/#no-such-event")  # an anchor that never was: the page stays
        page.wait_for_load_state("networkidle")
        assert page.url == f"{url}bench/timeline/#no-such-event"
        assert problems.errors == [], problems.errors
        page.context.close()
