"""Site search finds things the way readers ask for them, with the thing's own page first.

Each query is typed into Material's search box on the built example site in headless Chromium,
as a reader types it; the first result must be the page of what was asked for. The queries are
the forms readers use: full names, short names with a hyphen, aliases, a statute's section number
or citation written several ways, a number with and without its thousands separator, and words
of a fact.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import open_page, search, serve
from conftest import FIXTURES, ROOT, SEARCH_BACKENDS, mkdocs_build, use_search_backend
from generator.validation import load_site
from generator.search_terms import entity_terms, terms_block

BRIEFING = "us-mexico-border-2025"

# (what the reader types, the page that must come first)
QUERIES = [
    ("Joint Task Force North", "forces/joint-task-force-north"),  # also in 'Joint Task Force-North border support mission'
    ("Joint Task Force-North", "forces/joint-task-force-north"),  # hyphen spaced out by our search worker
    ("JTF-N", "forces/joint-task-force-north"),  # the search box splits "-": the words "JTF" and "N"
    ("JTFN", "forces/joint-task-force-north"),
    ("CBP", "forces/us-customs-and-border-protection"),
    ("NORTHCOM", "forces/us-northern-command"),  # also in another page's alias, "NORTHCOM border mission"
    ("ICE", "forces/immigration-and-customs-enforcement"),  # also in the title 'ICE return to interior enforcement'
    ("Pentagon", "forces/department-of-defense"),  # an alias
    ("Texas Guard", "forces/texas-national-guard"),  # an alias
    ("first wave", "forces/active-duty-reinforcements"),  # an alias
    ("Lone Star", "missions/operation-lone-star"),  # an alias
    ("Lonestar", "missions/operation-lone-star"),  # the source's spelling, an alias
    ("Posse Comitatus", "authorities/posse-comitatus-act"),
    ("1385", "authorities/posse-comitatus-act"),  # 18 U.S.C. § 1385
    ("18 USC 1385", "authorities/posse-comitatus-act"),
    ("10 U.S.C. 251", "authorities/insurrection-act"),  # 10 U.S.C. §§ 251–255
    ("10 USC 253", "authorities/insurrection-act"),  # inside the range
    ("4500", "missions/operation-lone-star"),  # the fact says "about 4,500"
    ("4,500", "missions/operation-lone-star"),
    ("2200", "forces/joint-task-force-north"),  # the fact says "about 2,200"
    ("stretched thin", "forces/us-customs-and-border-protection"),  # words of a fact
    ("air assets", "missions/border-reinforcement-2025"),  # words of a fact
]


@pytest.fixture(scope="module")
def search_tab(browser, search_url: str) -> Iterator[tuple[object, object]]:
    """One tab for every query, its search box left open between them, as a reader would."""
    tab, problems = open_page(browser, search_url)
    yield tab, problems
    tab.context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("query", "page"), QUERIES)
def test_search_puts_the_page_asked_for_first(search_tab, search_url: str, query: str, page: str) -> None:
    tab, problems = search_tab
    hits = search(tab, search_url, query)
    assert hits[0][0] == f"/{BRIEFING}/{page}/", hits[:3]
    assert problems.errors == [] and problems.foreign == []


@pytest.mark.browser
def test_search_terms_are_invisible_to_readers(browser, site_url: str) -> None:
    """The hidden words are for the index only: not shown, not read out, not found by Ctrl+F."""
    from playwright.sync_api import expect

    tab, problems = open_page(browser, site_url)
    try:
        tab.goto(f"{site_url}{BRIEFING}/missions/operation-lone-star/")
        terms = tab.locator("article .briefing-search-terms")
        expect(terms).to_have_count(2)  # the other spellings, and the aliases as a heading
        for n in range(2):
            expect(terms.nth(n)).to_be_hidden()
        for hidden_words in ("4500", "Other names"):
            assert hidden_words not in tab.locator("article").inner_text()
            read_out = [line for line in (tab.locator("article").aria_snapshot() or "").splitlines() if "/url:" not in line]
            assert hidden_words not in "\n".join(read_out)  # (a fact's permalink may hold "4500")
    finally:
        tab.context.close()
    assert problems.errors == []


def test_the_index_has_each_entity_s_other_spellings_in_its_first_section(example_site: Path) -> None:
    index = json.loads((example_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    assert "4500" in docs[f"{BRIEFING}/missions/operation-lone-star/"]["text"].split("; ")[-2:]
    assert docs[f"{BRIEFING}/missions/operation-lone-star/"]["boost"] == 3.05  # 3, and a little for a 3-word name
    # Only entity pages carry them: the source's own "4500" stays in its text.
    assert [loc for loc, d in docs.items() if "4500;" in d["text"]] == [f"{BRIEFING}/missions/operation-lone-star/"]


def test_other_spellings_of_names_citations_and_numbers() -> None:
    (briefing,) = load_site(ROOT / "briefings")
    assert entity_terms(briefing.entities["insurrection-act"]) == [
        "Insurrection Act of 1807", "USC", "10 U.S.C. §§ 251–255", "251", "252", "253", "254", "255"]
    assert entity_terms(briefing.entities["joint-task-force-north"]) == [
        "JTF-N", "JTF North", "Joint Task Force North", "JTF-North", "JTFN", "JTFNorth", "2200", "2,200"]
    assert entity_terms(briefing.entities["us-customs-and-border-protection"]) == [
        "CBP", "Customs and Border Protection", "1100", "1,100", "1300", "1,300"]


def test_search_terms_are_escaped() -> None:
    assert terms_block(['<script>alert("x")</script>', "A & B"]) == (
        '<p class="briefing-search-terms" hidden>Also: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;; A &amp; B</p>')
    assert terms_block([]) == ""


# A briefing with several sections of one title (18 U.S.C. §§ 231 and 1385, 10 U.S.C. §§ 251–255
# and 12406), each page also naming the others' citations: the section a reader types must decide.
STATUTE_QUERIES = [
    ("18 U.S.C. 1385", "authorities/posse-comitatus-act"),
    ("18 U.S.C. § 1385", "authorities/posse-comitatus-act"),
    ("18 USC 1385", "authorities/posse-comitatus-act"),
    ("18 U.S.C. 231", "authorities/civil-disorders"),
    ("10 U.S.C. 12406", "authorities/national-guard-federalization"),
    ("10 U.S.C. 253", "authorities/insurrection-act"),
]


@pytest.fixture(scope="module", params=SEARCH_BACKENDS)
def statutes_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture briefing `reader` built with the repository's own mkdocs.yml (its search separator),
    with each search backend."""
    project = tmp_path_factory.mktemp("statutes") / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "tests", "__pycache__",
                                                                  "node_modules", "briefings"))
    shutil.copytree(FIXTURES / "reader", project / "briefings")
    use_search_backend(project, request.param)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize(("query", "page"), STATUTE_QUERIES)
def test_the_section_typed_outweighs_the_title_and_code(browser, statutes_url: str, query: str, page: str) -> None:
    tab, problems = open_page(browser, statutes_url)
    try:
        hits = search(tab, statutes_url, query)
    finally:
        tab.context.close()
    assert hits[0][0] == f"/charlie/{page}/", hits[:3]
    assert problems.errors == []
