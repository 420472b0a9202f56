"""No page grows with the briefing: long lists are split into pages, and nothing leaves a page
without a link to where it went (issue #12, item 1)."""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path

import pytest

from generator import paging
from generator.dates import PartialDate
from generator import resolved
from generator.changes import changes
from generator.pipeline import generate, read_history
from generator.provenance import Provenance
from generator.filters import make_environment, template_dirs
from generator.rendering import render_site
from generator.urls import path_of
from generator.validation import load_site

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from synthetic import write_briefing  # noqa: E402

LIMIT = 300 * 1024
"""The issue's bound on a generated page, in bytes of Markdown."""
OUTSIDE = 1_200
"""Outside pages the large briefing cites."""
LARGE = 2_500
"""Large enough that every list of the briefing is over its page's limit, so that every view is
split: 625 missions and authorities (> 250 a page), 500 documents (> 250), 1,200 outside pages
(> 500), 250 events (> 200), 250 questions (> 100), about 12,500 key figures (> 100), thousands of
tag links and changes. From there on a bigger
briefing only adds parts of the same bounded size and a line per part to the index pages, which
the test also bounds; 5,000 entities (the issue's size, about 2 minutes to render here) gives
the same largest part pages."""


# the splitting itself --------------------------------------------------------------------------

def test_a_list_within_its_limit_stays_on_its_page() -> None:
    assert paging.split(list("abc"), group=lambda x: (x, x), folder="f", limit=3) == []


def test_a_long_list_is_grouped_and_no_part_is_over_the_limit() -> None:
    names = [f"Alpha {i}" for i in range(5)] + [f"Bravo {i}" for i in range(2)] + ["42nd Wing"]
    names.sort(key=paging.by_name)
    parts = paging.split(names, group=lambda n: paging.letter(n), folder="b/forces/by-name", limit=3, name=str)
    assert [(p.slug, p.title, p.path) for p in parts] == [
        ("other", "0–9 and others", "b/forces/by-name/other.md"),
        ("a", "A (1 of 2)", "b/forces/by-name/a.md"), ("a-2", "A (2 of 2)", "b/forces/by-name/a-2.md"),
        ("b", "B", "b/forces/by-name/b.md")]
    assert [p.items for p in parts] == [["42nd Wing"], ["Alpha 0", "Alpha 1", "Alpha 2"], ["Alpha 3", "Alpha 4"], ["Bravo 0", "Bravo 1"]]
    assert (parts[1].first, parts[1].last, parts[1].group, parts[2].number) == ("Alpha 0", "Alpha 2", "A", 2)


def test_an_entitys_items_stay_on_one_part() -> None:
    items = [("x", 1), ("x", 2), ("y", 1), ("y", 2), ("y", 3), ("z", 1)]
    parts = paging.split(items, group=lambda i: ("all", "All"), folder="f", limit=4, unit=lambda i: i[0])
    assert [[i[0] for i in p.items] for p in parts] == [["x", "x"], ["y", "y", "y", "z"]]


def test_names_sort_as_a_reader_expects() -> None:
    names = ["unit 10", "Unit 9", "Évora", "apple", "Zulu", "1st"]
    assert sorted(names, key=paging.by_name) == ["1st", "apple", "Évora", "Unit 9", "unit 10", "Zulu"]
    assert paging.letter("Évora") == ("e", "E")


def test_months_and_years() -> None:
    assert paging.month(PartialDate(2025, 1, 22)) == ("2025-01", "January 2025")
    assert paging.month(PartialDate(2025)) == ("2025", "2025 (month not known)")
    assert paging.day_month(None) == ("not-yet-committed", "Not yet committed")


# a large briefing ------------------------------------------------------------------------------

_LINK = re.compile(r"\]\(([^)\s]+)")


def _reachable(pages: dict[str, str], start: str) -> set[str]:
    """Every page reached by following Markdown links from ``start``."""
    seen, todo = {start}, [start]
    while todo:
        here = todo.pop()
        for target in _LINK.findall(pages[here]):
            path = target.partition("#")[0]
            if not path or "://" in path:
                continue
            path = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
            if path in pages and path not in seen:
                seen.add(path)
                todo.append(path)
    return seen


def _targets(text: str) -> set[str]:
    """The link targets of a page, as written (``../forces/e-1.md#fact-…``) and by their last part
    (``e-1.md#fact-…``), which is the same from every page of one folder depth."""
    return {t.rsplit("/", 1)[-1] for t in _LINK.findall(text)}


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[resolved.Briefing, dict[str, str]]:
    folder = tmp_path_factory.mktemp("large")
    write_briefing(folder / "briefings" / "bench", LARGE, questions=250, outside=OUTSIDE)
    loaded = load_site(folder / "briefings", folder)
    past = read_history(folder, loaded)
    site = render_site(loaded, make_environment(template_dirs(None)), base=folder, changes={b.id: changes(b, past) for b in loaded})
    return loaded[0], {path: page.markdown for path, page in site.pages.items()}


def test_no_page_of_a_large_briefing_is_over_300_kb(large: tuple[resolved.Briefing, dict[str, str]]) -> None:
    _, pages = large
    sizes = {path: len(text.encode()) for path, text in pages.items()}
    biggest = max(sizes, key=sizes.__getitem__)
    assert sizes[biggest] <= LIMIT, f"{biggest}: {sizes[biggest]:,} bytes"
    # every view is split at this size, so that the bound holds for a larger briefing too
    for folder in ("forces/by-name", "missions/by-name", "authorities/by-name", "sources/by-name", "sources/outside", "figures",
                   "disagreements", "timeline", "questions", "tags", "whats-new"):
        assert any(p.startswith(f"bench/{folder}/") for p in pages), f"{folder} is not split"
    # the pages listing the parts stay small: a line per part
    for view in ("figures.md", "disagreements.md", "timeline.md", "questions.md", "tags.md", "whats-new.md", "forces/index.md", "sources/index.md"):
        assert sizes[f"bench/{view}"] < 60_000, (view, sizes[f"bench/{view}"])


def test_the_overview_of_a_large_briefing_weighs_what_a_small_ones_does(
        large: tuple[resolved.Briefing, dict[str, str]], tmp_path: Path) -> None:
    write_briefing(tmp_path / "briefings" / "bench", 20)
    small = generate(tmp_path / "briefings", base=tmp_path).pages["bench/index.md"].markdown
    big = large[1]["bench/index.md"]
    assert len(big.encode()) < 2 * len(small.encode()), (len(big), len(small))
    assert "The first 20 of" in big and "[every key figure](figures.md)" in big
    # the diagram: the top-level forces (the synthetic briefing has one), the missions and the authorities
    # as a box each, every box a link; the same as text
    svg = big[big.index("<svg"):big.index("</svg>")]
    assert sorted(re.findall(r'href="([^"]+)"', svg)) == ["authorities/", "forces/e-0/", "missions/"]
    assert "[Entity number 0 and the 1,249 forces and agencies below it](forces/e-0.md)" in big
    assert "[625 missions](missions/index.md) act under [625 legal authorities](authorities/index.md)" in big


def test_everything_of_a_large_briefing_is_reachable_from_its_overview(large: tuple[resolved.Briefing, dict[str, str]]) -> None:
    b, pages = large
    reached = _reachable(pages, "bench/index.md")
    for e in b.entities.values():
        assert path_of(e) in reached, e.id
    figures = set().union(*(_targets(pages[p]) for p in reached if p.startswith("bench/figures/")))
    for fact in b.key_figures:
        assert f"{fact.subject.id}.md#{fact.anchor}" in figures, f"figure {fact.anchor} of {fact.subject.id}"
    disputes = set().union(*(_targets(pages[p]) for p in reached if p.startswith("bench/disagreements/")))
    provenance = Provenance(b, 30)
    assert provenance.disagreement_count > 100
    for _, found in provenance.disagreements_by_entity:
        for d in found:
            for fact in d.facts:
                assert f"{fact.subject.id}.md#{fact.anchor}" in disputes
    headings = {m: p for p in reached if p.startswith("bench/timeline/") for m in re.findall(r"\{ #([\w-]+) \}", pages[p])}
    for ev in b.events:
        assert ev.id in headings, ev.id
    asked = {m for p in reached if p.startswith("bench/questions/") for m in re.findall(r"\{ #([\w-]+) \}", pages[p])}
    assert asked == {q.id for q in b.questions}
    for g in b.tag_groups:
        listed = set().union(*(_targets(pages[p]) for p in reached if p.startswith(f"bench/tags/{g.anchor}")))
        assert all(f"{e.id}.md" in listed for e in g.entities), g.tag
        assert f'<span id="{g.anchor}"></span>' in pages["bench/tags.md"]  # links to tags.md#tag-… still land
    for e in b.entities.values():  # and each entity's page links to each of its tags there
        line = next(x for x in pages[path_of(e)].splitlines() if "**Tags:**" in x)
        assert re.findall(r"\]\(\.\./tags\.md#([\w-]+)\)", line) == [g.anchor for g in b.tag_groups if e in g.entities], e.id
    for doc in b.documents.values():
        assert path_of(doc) in reached
    outside = {t for p in reached if p.startswith("bench/sources/outside/") for t in _LINK.findall(pages[p]) if "://" in t}
    assert outside == {c.url for c in b.outside_sources} and len(outside) == OUTSIDE


def test_links_to_an_event_follow_it_to_its_month(large: tuple[resolved.Briefing, dict[str, str]]) -> None:
    _, pages = large
    overview = pages["bench/index.md"]
    latest = re.findall(r"\[Event \d+\]\(([^)]+)\)", overview)
    assert latest and all(link.startswith("timeline/2025-") for link in latest)
    for link in latest:
        path, _, anchor = link.partition("#")
        assert f"{{ #{anchor} }}" in pages[f"bench/{path}"]


def test_outside_sources_beyond_their_limit_are_listed_by_letter(large: tuple[resolved.Briefing, dict[str, str]]) -> None:
    b, pages = large
    sources = pages["bench/sources/index.md"]
    assert f"{OUTSIDE:,} outside sources, by the first letter of the title:" in sources
    assert "https://example.org/" not in sources  # each is on its letter's page, a link away
    part = pages["bench/sources/outside/a.md"]
    assert "\n# Outside sources: A\n" in part and "Part of [Outside sources](../index.md#outside-sources)" in part
    assert "their quotes are **unverified**" in part
    titles = re.findall(r"^- \[([^\]]+)\]\(https://example\.org/pages/\d+\), Example$", part, re.M)
    assert titles and all(t.startswith("Alpha page ") for t in titles)
    assert titles == sorted(titles, key=paging.by_name)  # "Alpha page 26" before "Alpha page 104"
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', sources)
    assert jsonld and '{"@type":"WebPage","name":"Outside sources: A","url":"outside/a/"}' in jsonld.group(1)


@pytest.mark.parametrize(("outside", "split"), [(paging.OUTSIDE_SOURCES_PER_PAGE, False), (paging.OUTSIDE_SOURCES_PER_PAGE + 1, True)])
def test_outside_sources_stay_on_the_sources_page_up_to_500(tmp_path: Path, outside: int, split: bool) -> None:
    write_briefing(tmp_path / "briefings" / "bench", 100, outside=outside)
    pages = generate(tmp_path / "briefings", base=tmp_path).pages
    sources = pages["bench/sources/index.md"].markdown
    assert paging.OUTSIDE_SOURCES_PER_PAGE == 500  # the limit README.md and FORMAT.md give
    assert any(p.startswith("bench/sources/outside/") for p in pages) is split
    assert sources.count("](https://example.org/pages/") == (0 if split else outside)
