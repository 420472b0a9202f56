"""Accessible and valid: axe-core in real Chromium on every kind of page, and the Nu HTML validator.

Both tools come from npm (package.json, installed by `make test` with `npm ci`): axe-core's
axe.min.js is injected into each page of the built example site, in every colour palette the site
offers, and no serious or critical violation may remain; vnu-jar's validator, run by Java, must
report no error on any page the build writes. On a laptop without Node.js, Java or Chromium these
tests skip; in CI they fail instead.

The fixes live in generator/material_fixes.py (applied by the plugin to every page Material
writes) and generator/assets/a11y.css. The sites checked hold two briefings (the example and a
small fixture), since Material names each briefing's navigation landmark, and they are built with
the Material release installed and with another one (Makefile: OTHER_MATERIAL, on PYTHONPATH),
which stands in for the next patch release: the fixes must hold on both.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import material
import pytest
from bs4 import BeautifulSoup

from browser import search, serve, skip_or_fail
from conftest import FIXTURES, ROOT
from generator.resolved import KINDS

NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
BRIEFING = "us-mexico-border-2025"
OTHER_MATERIAL = "9.8.0"
"""Installed by `make venv` into .venv/mkdocs-material-9.8.0 (Makefile: OTHER_MATERIAL)."""
MATERIALS = [material.__version__, OTHER_MATERIAL]


def build_two_briefings(project: Path, material_version: str) -> Path:
    """The repository's site with a second briefing (tests/fixtures/good/alpha), built by `mkdocs
    build --strict` with the given Material release; returns the site folder."""
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "tests", "__pycache__",
                                                                 "node_modules", "rendered"))
    shutil.copytree(FIXTURES / "good/alpha", project / "briefings/alpha")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    if material_version != material.__version__:
        other = Path(sys.prefix) / f"mkdocs-material-{material_version}"
        if not (other / "material").is_dir():
            skip_or_fail(f"{other} not found: `make venv` installs Material {material_version} there")
        env["PYTHONPATH"] = str(other)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    generator = BeautifulSoup((project / "site/index.html").read_text(encoding="utf-8"), "html.parser").find(
        "meta", attrs={"name": "generator"})
    assert generator["content"].endswith(f"mkdocs-material-{material_version}"), "built with another Material"
    return project / "site"


@pytest.fixture(scope="module", params=MATERIALS, ids=[f"material-{v}" for v in MATERIALS])
def a11y_site(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The site of two briefings built with each Material release, served: (site folder, URL)."""
    site = build_two_briefings(tmp_path_factory.mktemp("a11y") / "project", request.param)
    with serve(site) as url:
        yield site, url


def test_the_fixes_are_on_every_page(a11y_site: tuple[Path, str]) -> None:
    """What each fix changes, as a reader's browser and the validators see it, on every page."""
    site, _ = a11y_site
    for html in built_pages(site):
        name = html.relative_to(site).as_posix()
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        toggles = page.select("input.md-toggle[data-md-toggle]")
        assert {t["data-md-toggle"] for t in toggles} == {"drawer", "search"}, name
        assert all(t.get("form") == "__md_toggles" and not t.has_attr("autocomplete") for t in toggles), name
        assert page.select_one("form#__md_toggles")["autocomplete"] == "off", name
        assert page.select_one("div.md-search[role=dialog]")["aria-label"] == "Search", name
        assert page.select("[tabindex='']") == [], name
        ids = {t["id"] for t in page.select("[id]")}
        assert [label for label in page.select("label[for]") if label["for"] not in ids] == [], name
        sections = [n["aria-label"] for n in page.select("nav.md-nav[data-md-level='1']")]
        assert sorted(sections) == ["Alpha exercise", "US military deployment to the US–Mexico border, January 2025"], name
        config = json.loads(page.select_one("script#__config").string)
        assert config["search"].endswith("assets/javascripts/workers/briefing-search.js"), name


def test_our_search_worker_imports_materials_worker(a11y_site: tuple[Path, str]) -> None:
    site, _ = a11y_site
    workers = site / "assets/javascripts/workers"
    ours = (workers / "briefing-search.js").read_text(encoding="utf-8")
    imported = ours.rsplit('importScripts("', 1)[1].split('"', 1)[0]
    assert imported.startswith("search.") and (workers / imported).is_file()


def test_search_for_a_hyphenated_name_finds_it_first(browser, a11y_site: tuple[Path, str]) -> None:
    """Our worker spaces out the hyphen: with Material's alone, NORTHCOM comes first."""
    _, url = a11y_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
    try:
        results = search(context.new_page(), url, "Joint Task Force-North")
    finally:
        context.close()
    assert results[0][0] == f"/{BRIEFING}/forces/joint-task-force-north/", results


# The built example site ------------------------------------------------------------------

def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_has_a_meta_description(example_site: Path) -> None:
    missing = []
    for page in built_pages(example_site / "site"):
        meta = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("meta", attrs={"name": "description"})
        if meta is None or not meta.get("content", "").strip():
            missing.append(page.relative_to(example_site / "site").as_posix())
    assert missing == []


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        skip_or_fail("java not found: install a Java runtime (Debian: default-jre-headless) to run the Nu validator")
    if not VNU.exists():
        skip_or_fail(f"{VNU.relative_to(ROOT)} not found: run `npm ci` (make test does)")
    return [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json"]


def test_the_nu_validator_finds_no_error(a11y_site: tuple[Path, str], good_site: Path) -> None:
    pages = built_pages(a11y_site[0]) + built_pages(good_site / "site")
    assert len(pages) > 40
    result = subprocess.run([*_vnu_command(), *map(str, pages)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()}"
              for m in messages if m["type"] != "info"]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0, result.stderr


def _kinds_of_page(site: Path, briefings: set[str]) -> dict[str, str]:
    """One page of each kind the site has, by kind: its URL path (and fragment).

    Within a briefing a page's kind is its place (``figures``, ``forces``, ``forces/*``); outside
    one every page is a kind of its own (the home page, the docs folder's pages, the 404 page).
    """
    pages: dict[str, str] = {}
    # The example briefing's pages first: the other briefing adds only the kinds the example lacks.
    for html in sorted(site.rglob("*.html"), key=lambda p: (BRIEFING not in p.parts, len(p.parts), p.as_posix())):
        path = html.relative_to(site).as_posix().removesuffix("index.html")
        parts = path.strip("/").split("/")
        if parts[0] in briefings and len(parts) > 1:
            kind = parts[1] if len(parts) == 2 else f"{parts[1]}/*"
        elif parts[0] in briefings:
            kind = "overview"
        else:
            kind = path or "home"
        pages.setdefault(kind, path)
    # A source as a citation link opens it: scrolled to the quoted passage, highlighted harder.
    source = pages["sources/*"]
    html = BeautifulSoup((site / source / "index.html").read_text(encoding="utf-8"), "html.parser")
    pages["sources/* at a quote"] = f"{source}#{html.select_one('.briefing-anchor')['id']}"
    return pages


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        skip_or_fail(f"{AXE.relative_to(ROOT)} not found: run `npm ci` (make test does)")
    return AXE.read_text(encoding="utf-8")


@contextmanager
def tab(browser, site_url: str, axe_source: str, **options) -> Iterator[object]:
    """A page in a fresh context that reaches only the site, with axe-core loaded into every document."""
    context = browser.new_context(**({"viewport": {"width": 1280, "height": 900}} | options))
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site_url) else route.abort())
    context.add_init_script(axe_source)
    try:
        yield context.new_page()
    finally:
        context.close()


SEVERE = ("serious", "critical")
ALWAYS = ("landmark-unique",)
"""Rules held at any impact: axe rates two navigation landmarks of the same name "moderate", yet a
screen reader's list of landmarks then offers two it cannot tell apart."""
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
"""The axe rules a palette can change the outcome of."""


def axe_violations(page, context: str = "document", rules: list[str] | None = None) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line per rule."""
    options = {"resultTypes": ["violations"], **({"runOnly": rules} if rules else {})}
    # Contrast is judged on what the reader sees once a fade ends (a tooltip half faded in is grey).
    page.wait_for_function("""() => document.getAnimations().every(a => a.playState !== 'running'
        || a.effect.getComputedTiming().endTime === Infinity)""", timeout=5_000)
    result = page.evaluate("([context, options]) => axe.run(context === 'document' ? document : context, options)",
                           [context, options])
    lines = []
    for v in result["violations"]:
        if v["impact"] in SEVERE or v["id"] in ALWAYS:
            node = v["nodes"][0]
            more = f" (and {len(v['nodes']) - 1} more)" if len(v["nodes"]) > 1 else ""
            lines.append(f"{v['impact']} {v['id']}: {node['target']}{more} {' '.join(node['failureSummary'].split())}")
    return lines


def palettes(page) -> list[str]:
    """The site's colour schemes, in the order the header's toggle cycles through them."""
    return page.locator("form[data-md-component=palette] input").evaluate_all(
        "inputs => [...new Set(inputs.map(i => i.dataset.mdColorScheme))]")


def scheme(page) -> str:
    return page.evaluate("() => document.body.dataset.mdColorScheme || 'default'")


def switch_palette(page, wanted: str) -> None:
    """Click the header's palette toggle, as a reader does, until ``wanted`` is on (Material keeps
    the choice for the next pages)."""
    for _ in range(5):
        if scheme(page) == wanted:
            return
        page.locator("form[data-md-component=palette] label.md-header__button:visible").first.click()
    raise AssertionError(f"the palette toggle never switched to {wanted!r}")


def test_axe_finds_no_serious_violation_on_any_kind_of_page(browser, a11y_site: tuple[Path, str], axe_source: str) -> None:
    """Every rule in the first palette; in each other palette the rules about colour."""
    site, site_url = a11y_site
    kinds = _kinds_of_page(site, {BRIEFING, "alpha"})
    expected = {"home", "404.html", "overview", "figures", "corrections", "timeline", "questions", "sources", "sources/*",
                "whats-new",
                *KINDS.values(), *(f"{folder}/*" for folder in KINDS.values())}
    assert expected <= kinds.keys(), kinds
    found: list[str] = []
    with tab(browser, site_url, axe_source) as page:
        page.goto(site_url)
        schemes = palettes(page) or ["default"]
        for n, wanted in enumerate(schemes):
            switch_palette(page, wanted)
            for name, path in kinds.items():
                page.goto(site_url + path)
                assert scheme(page) == wanted, f"{name}: the palette did not carry over"
                rules = None if n == 0 else COLOUR_RULES
                found += [f"{name} ({wanted}): {v}" for v in axe_violations(page, rules=rules)]
    assert found == [], "axe-core found serious or critical violations:\n" + "\n".join(found)


def test_axe_finds_no_serious_violation_in_search_results(browser, a11y_site: tuple[Path, str], axe_source: str) -> None:
    """The open search dialog, with results, on a phone-sized screen, in every palette."""
    _search_results_pass_axe(browser, a11y_site[1], axe_source)


def test_axe_finds_no_serious_violation_in_pagefind_search_results(browser, pagefind_url: str, axe_source: str) -> None:
    """The same with the `pagefind` search backend, whose worker writes the results."""
    _search_results_pass_axe(browser, pagefind_url, axe_source)


def _search_results_pass_axe(browser, site_url: str, axe_source: str) -> None:
    from playwright.sync_api import expect

    found: list[str] = []
    with tab(browser, site_url, axe_source, viewport={"width": 412, "height": 823}, is_mobile=True,
             has_touch=True) as page:
        page.goto(site_url + f"{BRIEFING}/")
        for wanted in palettes(page) or ["default"]:
            page.goto(site_url + f"{BRIEFING}/")
            switch_palette(page, wanted)
            page.locator("label.md-header__button[for=__search]").click()
            box = page.locator("input.md-search__input")
            expect(box).to_be_focused()
            expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=10_000)
            box.fill("troops")
            box.press("End")
            expect(page.locator(".md-search-result__item").first).to_be_visible()
            page.wait_for_timeout(300)  # Material fades colours over 250 ms
            found += [f"search ({wanted}): {v}" for v in axe_violations(page, ".md-search")]
    assert found == [], "axe-core found serious or critical violations:\n" + "\n".join(found)
