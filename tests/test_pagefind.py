"""The `pagefind` search backend: what it indexes of a page, and at scale a reader's first search
fetching a small part of the index, not the index of every page (issue 12; benchmarks/search_size.py
gives the figures). The search tests of tests/test_search.py, test_browser.py and test_a11y.py run
on both backends."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser import open_page, search, serve
from conftest import FIXTURES, ROOT, make_project, mkdocs_build, use_search_backend
from generator.pagefind import mark_page

sys.path.insert(0, str(ROOT / "benchmarks"))
from search_size import first_search_bytes, gzipped  # noqa: E402
from synthetic import write_briefing  # noqa: E402

ENTITIES = 300
CONFIG = """site_name: Bench
docs_dir: docs
theme: {name: material, features: [navigation.indexes, navigation.sections]}
plugins: [search, {briefing: {search: pagefind}}]
markdown_extensions: [abbr, admonition, attr_list, tables, toc]
"""


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A synthetic briefing of 300 entities built with the pagefind backend, served: (site, URL)."""
    project = tmp_path_factory.mktemp("large") / "project"
    write_briefing(project / "briefings" / "bench", ENTITIES)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        yield project / "site", url


def _search_files(site: Path, base: str, seen: list[str]) -> set[Path]:
    """The site's files the browser fetched for search: the index, the workers, Pagefind's files."""
    out = set()
    for url in seen:
        if url.startswith(base):
            path = unquote(urlsplit(url).path).lstrip("/")
            if path.startswith(("search/", "assets/javascripts/workers/", "pagefind/")):
                out.add(site / path)
    return out


@pytest.mark.browser
def test_a_first_search_fetches_a_small_part_of_the_index(browser, large_site: tuple[Path, str]) -> None:
    from playwright.sync_api import expect

    site, url = large_site
    tab, problems = open_page(browser, url)
    try:
        hits = search(tab, url, "deployment")  # a word of every page
        tab.wait_for_load_state("networkidle")
        count = tab.locator(".md-search-result__meta")
        expect(count).to_have_text(re.compile(r"^20 of [\d,]+ matching documents$"))  # the 20 best, of all that say it
    finally:
        tab.context.close()
    assert hits and problems.errors == []
    fetched = _search_files(site, url, problems.seen)
    pagefind = site / "pagefind"
    texts = [p for p in fetched if p.suffix == ".pf_fragment"]
    chunks = [p for p in fetched if p.suffix == ".pf_index"]
    assert 0 < len(texts) <= 20 and len(chunks) == 1, sorted(p.name for p in fetched)
    # Material's index of every page is not shipped: the browser fetches its settings only.
    assert (site / "search/search_index.json").stat().st_size < 1000
    whole = sum(gzipped(p) for p in [*pagefind.glob("fragment/*"), *pagefind.glob("index/*")])
    assert sum(gzipped(p) for p in texts + chunks) < whole / 10
    # benchmarks/search_size.py's figure bounds what a browser fetches for a one-word query.
    assert sum(gzipped(p) for p in fetched) <= first_search_bytes(site)


@pytest.mark.browser
def test_the_count_of_results_says_how_many_pages_match_in_all(browser, large_site: tuple[Path, str]) -> None:
    """Material counts the results it is given, the best 20: the count says how many matched."""
    from playwright.sync_api import expect

    site, url = large_site
    tab, problems = open_page(browser, url)
    try:
        count = tab.locator(".md-search-result__meta")
        assert search(tab, url, "deployment")
        expect(count).to_have_text(re.compile(r"^20 of [\d,]+ matching documents$"))
        total = int(count.inner_text().split()[2].replace(",", ""))
        assert search(tab, url, "E42")  # a few pages: the count is theirs, as Material gives it
        expect(count).to_have_text(re.compile(r"^\d+ matching documents?$"))
        few = int(count.inner_text().split()[0])
    finally:
        tab.context.close()
    assert problems.errors == []
    languages = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    assert 20 < total <= sum(language["page_count"] for language in languages.values()) and 0 < few < 20


PAGE = ('<html><body><nav>Menu</nav><article class="md-content__inner md-typeset">'
        '<h1 id="ice">ICE<a class="headerlink" href="#ice" title="Permanent link">¶</a></h1>'
        '<p class="briefing-search-terms" hidden>Also: ICE; 4500</p>'
        '<p>Text<sup class="briefing-note-ref" data-search-exclude>1</sup></p></article><footer>F</footer></body></html>')


def test_pagefind_indexes_the_article_and_weighs_the_hidden_names_most() -> None:
    assert mark_page(PAGE) == (
        '<html><body><nav>Menu</nav><article data-pagefind-body class="md-content__inner md-typeset">'
        '<h1 id="ice">ICE<a data-pagefind-ignore class="headerlink" href="#ice" title="Permanent link">¶</a></h1>'
        '<p class="briefing-search-terms" data-pagefind-weight="10" data-pagefind-meta="names" hidden>Also: ICE; 4500</p>'
        '<p>Text<sup class="briefing-note-ref" data-search-exclude data-pagefind-ignore>1</sup></p></article>'
        '<footer>F</footer></body></html>')
    assert mark_page("<html><body><p>No article</p></body></html>") is None


def test_pagefind_needs_materials_search_box(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "good")
    use_search_backend(project, "pagefind")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - search\n", ""), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "search: pagefind answers Material's search box: it needs the material theme and the search plugin" in result.stderr
    assert not (project / "site").exists()


def test_an_unknown_search_backend_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "good")
    use_search_backend(project, "lunr")
    result = mkdocs_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "search" in result.stderr and "'lunr'" in result.stderr, result.stderr


@pytest.mark.browser
def test_a_name_with_markup_is_shown_as_text_in_results(browser, tmp_path: Path) -> None:
    """Pagefind keeps a page's title as text; the worker escapes it before Material writes it as HTML."""
    project = make_project(tmp_path, FIXTURES / "good")
    forces = project / "briefings/alpha/forces.yml"
    forces.write_text(forces.read_text(encoding="utf-8").replace(
        "name: Task Force Alpha", "name: 'Task Force <img src=x onerror=alert(1)> Alpha'"), encoding="utf-8")
    use_search_backend(project, "pagefind")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        tab, problems = open_page(browser, url)
        try:
            hits = search(tab, url, "Alpha")
            titles = tab.locator(".md-search-result__item h1").all_inner_texts()
            images = tab.locator(".md-search-result img").count()
        finally:
            tab.context.close()
    assert hits and images == 0
    assert any("Task Force <img src=x onerror=alert(1)> Alpha" in " ".join(t.split()) for t in titles), titles
    assert problems.errors == []


def test_the_site_ships_pagefind_and_no_index_of_materials(pagefind_site: Path) -> None:
    site = pagefind_site / "site"
    ours = (site / "assets/javascripts/workers/briefing-search.js").read_text(encoding="utf-8")
    assert 'import(new URL("pagefind/pagefind.js", root)' in ours and (site / "pagefind/pagefind.js").is_file()
    assert "__RESULT_LIMIT__" not in ours
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["lang"] == ["en"]  # the settings stay
    pages = [p for p in site.rglob("*.html") if p.name != "404.html" and "pagefind" not in p.parts]
    assert pages and all("<article data-pagefind-body" in p.read_text(encoding="utf-8") for p in pages)
