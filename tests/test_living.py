"""A briefing that lives: fact ids as lasting anchors, citing a fact, corrections never silent.

The living fixture is the good one with more: Task Force Alpha has a fact with an id and a
correction, and a retracted fact whose figure (500 troops, as of the same date as the 300) would
otherwise disagree with it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from browser import open_page, screenshot, serve
from conftest import FIXTURES, built_fixture
from generator.pipeline import generate
from generator.provenance import disagreements, last_updated
from generator.validation import load_site
from test_a11y import _vnu_command, axe_source, axe_violations, tab  # noqa: F401 (a fixture)
from test_site import article

FORCE = "alpha/forces/task-force"


@pytest.fixture(scope="module")
def living_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_fixture(tmp_path_factory, "living")


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "living", tmp_path / "living")
    return tmp_path / "living"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _facts(root: Path) -> dict[str, str]:
    (briefing,) = load_site(root, root)
    return {f.text: f.anchor for f in briefing.facts}


def test_an_id_is_the_anchor_and_outlives_edits_of_the_words(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    before = _facts(root)
    assert before["Task Force Alpha has about 300 soldiers."] == "task-force-300-soldiers"
    without = before["The patrol covers the northern sector."]
    assert without.startswith("fact-")  # no id: today's anchor, from the words
    _edit(root / "alpha/forces.yml", "text: Task Force Alpha has about 300 soldiers.", "text: Task Force Alpha has some 300 soldiers.")
    _edit(root / "alpha/missions.yml", "text: The patrol covers the northern sector.", "text: The patrol covers the north.")
    after = _facts(root)
    assert after["Task Force Alpha has some 300 soldiers."] == "task-force-300-soldiers"
    assert after["The patrol covers the north."] != without


def test_a_retracted_fact_counts_nowhere_but_its_page(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (briefing,) = load_site(root, root)
    force = briefing.entities["task-force"]
    assert [f.id for f in force.facts] == ["task-force-300-soldiers", "task-force-500-on-patrol"]
    assert [f.id for f in briefing.key_figures] == ["task-force-300-soldiers"]
    assert disagreements(force) == []
    # the same briefing without the retraction: 300 and 500 as of one date disagree
    _edit(root / "alpha/forces.yml", "      retracted: {date: 2025-02-12, note: The report gives about 300 soldiers; 500 was a typing error.}\n", "")
    (unretracted,) = load_site(root, root)
    (d,) = disagreements(unretracted.entities["task-force"])
    assert sorted(f.id for f in d.facts) == ["task-force-300-soldiers", "task-force-500-on-patrol"]
    # nor in the briefing's count of facts, which the overview shows
    facts = {many: n for n, _, many in briefing.counts}["facts"]
    assert facts == len(unretracted.facts) - 1 == len(briefing.facts) - 1


def test_a_retracted_fact_is_not_the_latest_information(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root / "alpha/forces.yml", "      retracted:", "      as_of: 2025-02-20\n      retracted:")
    (briefing,) = load_site(root, root)
    assert last_updated(briefing.entities["task-force"], briefing.meta.updated)[0].iso() == "2025-02-01"


def test_pages_show_retractions_and_corrections_and_list_them_newest_first() -> None:
    site = generate(FIXTURES / "living", base=FIXTURES)
    entity = site.pages[f"{FORCE}.md"].markdown
    assert ('<s class="briefing-retracted">**500 troops**: All 500 soldiers of Task Force Alpha are on patrol duty.</s>' in entity)
    assert ("<strong class=\"briefing-badge briefing-badge--retracted\">Retracted on 12 February 2025</strong>: "
            "The report gives about 300 soldiers; 500 was a typing error.") in entity
    assert "<strong>Corrected on 10 February 2025</strong>: The figure is approximate; it first read &quot;exactly 300&quot;." in entity
    figures = site.pages["alpha/figures.md"].markdown
    assert "about 300 troops" in figures and "500 troops" not in figures
    assert "None: no two facts" in site.pages["alpha/disagreements.md"].markdown
    corrections = site.pages["alpha/corrections.md"].markdown
    first = corrections.index("**12 February 2025**, retracted: [All 500 soldiers")
    second = corrections.index("**10 February 2025**, corrected: [Task Force Alpha has about 300 soldiers.]"
                               "(forces/task-force.md#task-force-300-soldiers)")
    assert first < second
    assert ("Corrections", "alpha/corrections.md") in site.nav[0].items
    data = json.loads(site.files["alpha/briefing.json"])
    facts = {f["id"]: f for f in data["facts"]}
    assert facts["task-force-500-on-patrol"]["retracted"] == {
        "date": {"iso": "2025-02-12", "precision": "day"}, "note": "The report gives about 300 soldiers; 500 was a typing error."}
    assert facts["task-force-300-soldiers"]["retracted"] is None
    assert [c["date"]["iso"] for c in facts["task-force-300-soldiers"]["corrections"]] == ["2025-02-10"]


def test_a_briefing_without_corrections_says_so() -> None:
    site = generate(FIXTURES / "provenance", base=FIXTURES)
    assert "None: no fact of this briefing has been corrected or retracted." in site.pages["bravo/corrections.md"].markdown


def test_the_citation_holds_fact_date_briefing_permalink_and_quoted_source() -> None:
    site = generate(FIXTURES / "living", base=FIXTURES, site_url="https://example.org/briefings/")
    entity = site.pages[f"{FORCE}.md"].markdown
    start = entity.index('<span class="briefing-cite__text">“Task Force Alpha has about 300 soldiers.”')
    text = entity[start:entity.index("</span>", start)]
    for part in ("&#40;about 300 troops&#41; As of 1 February 2025.",
                 "Corrected on 10 February 2025&#58; The figure is approximate",
                 " · Alpha exercise, briefing updated 1 March 2025 · ",
                 "https&#58;//example.org/briefings/alpha/forces/task-force/&#35;task-force-300-soldiers",
                 "Source&#58; Test Wire, “First report on the exercise”, 1 February 2025, "
                 "quoting “The “Task Force” has about 300 soldiers”, https&#58;//example.com/report-one"):
        assert part in text, text
    retracted = entity[entity.index('<span class="briefing-cite__text">“All 500'):]
    assert "Retracted on 12 February 2025&#58;" in retracted[:retracted.index("</span>")]


def test_without_site_url_the_permalink_is_from_the_site_root() -> None:
    entity = generate(FIXTURES / "living", base=FIXTURES).pages[f"{FORCE}.md"].markdown
    assert " · alpha/forces/task-force/&#35;task-force-300-soldiers · " in entity


def test_built_page_has_a_permalink_and_a_citation_without_script(living_site: Path) -> None:
    art = article(living_site, FORCE)
    item = art.select_one("#task-force-300-soldiers").parent
    assert item.name == "li"
    link = item.select_one("a.briefing-permalink")
    assert link["href"] == "#task-force-300-soldiers" and link.get_text() == "Permalink"
    cite = item.select_one("details.briefing-cite")
    assert cite.select_one("summary").get_text() == "Cite this fact"
    assert "about 300 soldiers" in cite.get_text() and not cite.select("script, button")
    retracted = art.select_one("#task-force-500-on-patrol").parent
    assert retracted.select_one("s.briefing-retracted").get_text() == "500 troops: All 500 soldiers of Task Force Alpha are on patrol duty."


def test_in_chromium_the_citation_opens_without_script_and_passes_axe(browser, living_site: Path, axe_source: str) -> None:  # noqa: F811
    with serve(living_site / "site") as base:
        for width, name in ((1280, "desktop"), (412, "phone")):
            context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
            page = context.new_page()
            page.goto(f"{base}{FORCE}/")
            details = page.locator("#task-force-300-soldiers ~ details.briefing-cite")
            assert not details.locator(".briefing-cite__text").is_visible()
            details.locator("summary").click()
            text = details.locator(".briefing-cite__text")
            assert text.is_visible()
            text.click()  # one click selects the whole citation, ready to copy
            assert page.evaluate("() => String(window.getSelection())") == text.inner_text()
            strike = page.locator("s.briefing-retracted")
            assert strike.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
            assert page.locator("article").evaluate("a => a.scrollWidth <= a.clientWidth + 1")
            screenshot(page, f"living-entity-{name}")
            context.close()
        with tab(browser, base, axe_source) as page:
            page.goto(f"{base}{FORCE}/")
            page.locator("details.briefing-cite summary").first.click()
            assert axe_violations(page) == []
            page.goto(f"{base}alpha/corrections/")
            assert axe_violations(page) == []


def test_the_nu_validator_finds_no_error_in_retracted_and_corrected_facts(living_site: Path) -> None:
    pages = [living_site / "site" / FORCE / "index.html", living_site / "site/alpha/corrections/index.html"]
    result = subprocess.run([*_vnu_command(), *map(str, pages)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [m for m in messages if m["type"] != "info"] == []
