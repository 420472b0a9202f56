"""Every mission tied to its legal basis, checked (issue 10, item 5): the warnings of `briefing
check`, worked out on copies of the provenance fixture, and what the example site shows."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import open_page, screenshot, serve
from conftest import FIXTURES, run
from generator import legal_basis
from generator.pipeline import generate
from generator.validation import load_site
from test_site import article

FIXTURE = FIXTURES / "provenance"
BRIEFING = "us-mexico-border-2025"


def _bravo(tmp_path: Path, *edits: tuple[str, str, str]) -> Path:
    """The provenance fixture with (file, old, new) replacements: Bravo border mission is active
    under the Bravo order, in force; the Bravo supply run has no status."""
    copy = tmp_path / "briefings"
    shutil.copytree(FIXTURE, copy)
    for name, old, new in edits:
        path = copy / "bravo" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    return copy


def _warnings(tmp_path: Path, *edits: tuple[str, str, str]) -> list[tuple[int, int, str]]:
    briefing, = load_site(_bravo(tmp_path, *edits), base=tmp_path)
    return [(p.line, p.column, p.message) for p in legal_basis.warnings(briefing)]


ORDER_STATUS = ("authorities.yml", "status: in-force", "status: {}")
SUPPLY = ("missions.yml", "summary: Brings fuel to the border line.\n", "summary: Brings fuel to the border line.\n  status: {}\n")


def _with(edit: tuple[str, str, str], value: str) -> tuple[str, str, str]:
    return edit[0], edit[1], edit[2].format(value)


def test_a_mission_under_an_authority_in_force_and_one_without_status_are_not_warned(tmp_path: Path) -> None:
    assert _warnings(tmp_path) == []
    assert _warnings(tmp_path / "invoked", _with(ORDER_STATUS, "invoked")) == []


@pytest.mark.parametrize("status", ["not-invoked", "under-consideration", "rescinded", "expired"])
def test_an_active_mission_under_an_authority_not_in_force_is_warned_at_that_authority(tmp_path: Path, status: str) -> None:
    assert _warnings(tmp_path, _with(ORDER_STATUS, status)) == [
        (6, 17, f"mission 'bravo-mission' is active but acts under 'bravo-order', whose status is {status}; "
                "the site marks its legal basis as in question")]


@pytest.mark.parametrize(("status", "warned"), [("active", True), ("planned", True), ("proposed", False), ("ended", False)])
def test_an_active_or_planned_mission_naming_no_authority_is_warned_at_its_status(tmp_path: Path, status: str,
                                                                                    warned: bool) -> None:
    expected = [(11, 11, f"mission 'bravo-supply' is {status} but names no authority it acts under (add `authorities:`); "
                         "the site marks its legal basis as in question")]
    assert _warnings(tmp_path, _with(SUPPLY, status)) == (expected if warned else [])


def test_a_forces_authorities_do_not_cover_the_missions_it_leads(tmp_path: Path) -> None:
    """Bravo Force acts under the Bravo order and leads the mission; the mission must still name it."""
    found = _warnings(tmp_path, ("missions.yml", "  authorities: [bravo-order]\n", ""))
    assert [m for _, _, m in found] == [
        "mission 'bravo-mission' is active but names no authority it acts under (add `authorities:`); "
        "the site marks its legal basis as in question"]


def test_check_lists_them_as_warnings_without_failing(tmp_path: Path) -> None:
    _bravo(tmp_path, _with(ORDER_STATUS, "rescinded"), _with(SUPPLY, "planned"))
    result = run(["generator.cli", "check"], tmp_path)
    assert result.returncode == 0, result.stderr
    legal = [line for line in result.stderr.splitlines() if "legal basis" in line]
    assert legal == [
        "briefings/bravo/missions.yml:6:17: warning: mission 'bravo-mission' is active but acts under 'bravo-order', "
        "whose status is rescinded; the site marks its legal basis as in question",
        "briefings/bravo/missions.yml:11:11: warning: mission 'bravo-supply' is planned but names no authority it acts "
        "under (add `authorities:`); the site marks its legal basis as in question"]


def test_the_pages_name_the_missions_resting_on_an_authority_not_in_force(tmp_path: Path) -> None:
    pages = generate(_bravo(tmp_path, _with(ORDER_STATUS, "not-invoked")), base=tmp_path).pages
    overview = pages["bravo/index.md"].markdown
    assert ("- [Bravo order](authorities/bravo-order.md) is not invoked: [Bravo border mission](missions/bravo-mission.md) "
            "acts under it; no other mission does.") in overview
    assert "- [Bravo border mission](missions/bravo-mission.md) is active but acts under " \
           "[Bravo order](authorities/bravo-order.md) (not invoked), not in force." in overview
    mission = pages["bravo/missions/bravo-mission.md"].markdown
    assert "This mission is active but acts under [Bravo order](../authorities/bravo-order.md) (not invoked), not in force." \
           in mission
    assert "Legal basis in question" not in pages["bravo/missions/bravo-supply.md"].markdown


# the example site -------------------------------------------------------------------------

def _words(element) -> str:
    return " ".join(element.get_text().split())


def test_the_example_overview_has_a_legal_basis_table(example_site: Path) -> None:
    art = article(example_site, BRIEFING)
    heading = next(h for h in art.select("h2") if h.get_text().startswith("Legal basis"))
    table = heading.find_next("table")
    rows = [[_words(td) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [r[:3] for r in rows] == [
        ["Joint Task Force-North border support mission", "active", "Posse Comitatus Act (in force)"],
        ["Active-duty reinforcement of the southern border", "active", "Posse Comitatus Act (in force)"],
        ["Operation Lone Star legal basis in question", "active", "none named"],
        ["ICE return to interior enforcement", "proposed", "none named"],
    ]
    assert rows[0][3].startswith("Law enforcement by active-duty troops") and "Arrests by active-duty troops." in rows[0][3]
    box = heading.find_next(class_="briefing-legal-basis")
    assert _words(box) == "Legal basis in question Operation Lone Star is active but names no legal authority it acts under."
    assert "Insurrection Act is under consideration: no mission acts under it." in _words(art)


def test_the_example_mission_without_an_authority_says_so_on_its_page(example_site: Path) -> None:
    box = article(example_site, f"{BRIEFING}/missions/operation-lone-star").select_one(".briefing-legal-basis")
    assert _words(box).startswith("Legal basis in question This mission is active but names no legal authority it acts under.")
    assert article(example_site, f"{BRIEFING}/missions/jtf-north-border-support").select_one(".briefing-legal-basis") is None


def test_check_of_the_example_warns_of_operation_lone_star_only(tmp_path: Path) -> None:
    result = run(["generator.cli", "check", str(Path(__file__).parent.parent / "briefings")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert [line.split(": warning: ")[1] for line in result.stderr.splitlines()] == [
        "mission 'operation-lone-star' is active but names no authority it acts under (add `authorities:`); "
        "the site marks its legal basis as in question"]
    assert result.stdout.strip() == "OK: 1 briefing, 1 document, 17 entities, 29 facts, 34 verified quotes, 1 warning"


@pytest.fixture(scope="module")
def base(example_site: Path) -> Iterator[str]:
    with serve(example_site / "site") as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 412])
@pytest.mark.parametrize(("url", "name"), [(BRIEFING, "legal-basis-overview"),
                                           (f"{BRIEFING}/missions/operation-lone-star", "legal-basis-mission")])
def test_the_legal_basis_is_readable_on_desktop_and_phone(browser, base: str, url: str, name: str, width: int) -> None:
    from playwright.sync_api import expect

    reader, problems = open_page(browser, base)
    reader.set_viewport_size({"width": width, "height": 900})
    reader.goto(f"{base}{url}/")
    box = reader.locator("article .briefing-legal-basis").first
    expect(box).to_be_visible()
    bounds = box.bounding_box()
    assert bounds and bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= width, bounds  # not cut off at the edge
    screenshot(reader, f"{name}-{width}")
    reader.context.close()
    assert problems.errors == []
