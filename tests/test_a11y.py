"""Accessible and valid: axe-core in real Chromium on every kind of page, and the Nu HTML validator.

Both tools come from npm (package.json, installed by `make test` with `npm ci`): axe-core's
axe.min.js is injected into each page of the built example site, in every colour palette the site
offers, and no serious or critical violation may remain; vnu-jar's validator, run by Java, must
report no error on any page the build writes. On a laptop without Node.js, Java or Chromium these
tests skip; in CI they fail instead.

The fixes live in generator/overrides/ (copies of Material's templates with small changes, added
to the theme by the plugin) and generator/assets/a11y.css. The first test here keeps the copies
honest: each must be exactly Material's own template with the changes listed below, so moving to
another Material release, whose templates differ, fails here until they are copied again, instead
of the old copies quietly hiding the new release's templates.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import material
import pytest
from bs4 import BeautifulSoup

from browser import skip_or_fail
from conftest import ROOT
from generator.plugin import OVERRIDES_FOR
from generator.resolved import KINDS

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
OVERRIDES_DIR = ROOT / "generator" / "overrides"
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
BRIEFING = "us-mexico-border-2025"

MATERIAL_HEADER = "{#-\n  This file was automatically generated - do not edit\n-#}\n"

OVERRIDES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "base.html": (
        "The drawer and search toggles are checkboxes, which may not carry `autocomplete` (Nu\n"
        "validator). They belong to an empty form with autocomplete=\"off\" instead, which keeps what\n"
        "the attribute was for: Firefox does not restore their state (an open drawer) on reload.\n"
        "Search runs in generator/assets/search-worker.js, which spaces out a hyphen inside a word\n"
        "of the query before Material's worker reads it (Material counts both halves twice).",
        [('"search": "assets/javascripts/workers/search.a7633da7.min.js" | url',
          '"search": "assets/javascripts/workers/briefing-search.js" | url'),
         ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
          '<form id="__md_toggles" autocomplete="off" hidden></form>\n'
          '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" form="__md_toggles">'),
         ('<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
          '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" form="__md_toggles">')],
    ),
    "partials/search.html": (
        "The search dialog has a name, which screen readers announce (axe: aria-dialog-name).",
        [('role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">')],
    ),
    "partials/nav-item.html": (
        "A section's label gets no empty tabindex=\"\" (Nu validator: not an integer).",
        [('for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">',
          'for="{{ path }}" id="{{ path }}_label" {%- if tabindex %} tabindex="{{ tabindex }}"{% endif %}>')],
    ),
    "partials/toc.html": (
        "The title of the table of contents points to the __toc toggle only where that toggle\n"
        "exists, in the navigation drawer; the sidebar's copy is a plain title (Nu validator: a\n"
        "label's `for` must name a control, and pages outside the navigation have no __toc).",
        [('<label class="md-nav__title" for="__toc">',
          '<label class="md-nav__title" {%- if nav_item is defined %} for="__toc"{% endif %}>')],
    ),
}
"""Each override: why it exists, and its changes to Material's template as (old, new) pairs."""


def patched(text: str, why: str, patches: list[tuple[str, str]]) -> str:
    """Material's template ``text`` with our header and changes; an error if it no longer fits them."""
    if not text.startswith(MATERIAL_HEADER):
        raise ValueError("Material's template no longer starts with its generated-file header")
    version = material.__version__
    header = "{#-\n  Material for MkDocs " + version + "'s template, changed by the briefing plugin:\n  " + \
        why.replace("\n", "\n  ") + "\n  tests/test_a11y.py checks it is Material's own apart from that.\n-#}\n"
    text = header + text[len(MATERIAL_HEADER):]
    for old, new in patches:
        if old not in text:
            raise ValueError(f"Material's template no longer has {old!r}")
        text = text.replace(old, new)
    return text


def test_overrides_are_materials_templates_with_only_our_fixes() -> None:
    assert OVERRIDES_FOR == material.__version__, "generator/overrides/ was copied from another Material release"
    files = sorted(p.relative_to(OVERRIDES_DIR).as_posix() for p in OVERRIDES_DIR.rglob("*") if p.is_file())
    # Anything else in the folder would be copied into every site as a static file.
    assert files == sorted(OVERRIDES)
    for name, (why, patches) in OVERRIDES.items():
        expected = patched((MATERIAL_TEMPLATES / name).read_text(encoding="utf-8"), why, patches)
        ours = (OVERRIDES_DIR / name).read_text(encoding="utf-8")
        assert ours == expected, (f"generator/overrides/{name} is not Material {material.__version__}'s {name} with the "
                                  "changes listed in tests/test_a11y.py: copy it again from Material and re-apply them")


def test_a_custom_dir_still_overrides_ours(tmp_path: Path) -> None:
    """Material's custom_dir comes first, the plugin's fixes next, Material's own templates last."""
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "custom").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme: {name: material, custom_dir: custom}\nplugins: [briefing]\n",
                                         encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins.on_config(config)
    dirs = [Path(d).resolve() for d in config.theme.dirs]
    assert dirs[:3] == [(tmp_path / "custom").resolve(), OVERRIDES_DIR.resolve(), MATERIAL_TEMPLATES.resolve()]


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


def test_the_nu_validator_finds_no_error(example_site: Path, good_site: Path) -> None:
    pages = built_pages(example_site / "site") + built_pages(good_site / "site")
    assert len(pages) > 20
    result = subprocess.run([*_vnu_command(), *map(str, pages)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()}"
              for m in messages if m["type"] != "info"]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0, result.stderr


def _kinds_of_page(site: Path) -> dict[str, str]:
    """One page of each kind the site has, by kind: its URL path (and fragment).

    Within a briefing a page's kind is its place (``figures``, ``forces``, ``forces/*``); outside
    one every page is a kind of its own (the home page, the docs folder's pages, the 404 page).
    """
    briefings = {p.name for p in (ROOT / "briefings").iterdir() if p.is_dir()}
    pages: dict[str, str] = {}
    for html in sorted(site.rglob("*.html"), key=lambda p: (len(p.parts), p.as_posix())):
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
        if v["impact"] in SEVERE:
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


def test_axe_finds_no_serious_violation_on_any_kind_of_page(browser, site_url: str, axe_source: str,
                                                             example_site: Path) -> None:
    """Every rule in the first palette; in each other palette the rules about colour."""
    kinds = _kinds_of_page(example_site / "site")
    expected = {"home", "404.html", "overview", "figures", "timeline", "questions", "sources", "sources/*",
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


def test_axe_finds_no_serious_violation_in_search_results(browser, site_url: str, axe_source: str) -> None:
    """The open search dialog, with results, on a phone-sized screen, in every palette."""
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
