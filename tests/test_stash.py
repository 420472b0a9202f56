"""Pre-built HTML skips Markdown in the plugin's build (generator/stash.py), and the site it builds
is the one a plain `mkdocs build` makes of `briefing render`'s pages, which carry that HTML inline."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, run
from generator import stash
from generator.filters import make_environment, template_dirs
from generator.pipeline import generate

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_briefing  # noqa: E402

CONFIG = textwrap.dedent("""\
    site_name: Stash
    docs_dir: docs
    theme: {{name: material, font: false}}
    plugins: [search{plugin}]
    markdown_extensions: [abbr, admonition, attr_list, tables, {{toc: {{permalink: true}}}}]
    """)

# Every context a placeholder can land in: a user's template may put a field anywhere.
CONTEXTS = textwrap.dedent("""\
    # Tags

    {% set e = briefing.entities['e-0'] %}
    In a paragraph: {{ e.model.summary | md_inline }} and after.

    - In a list: {{ e.model.summary | md_inline }}
    - Second item

    | Name | Summary |
    |---|---|
    | {{ e | link }} | {{ e.model.summary | md_inline }} |

    !!! note "In an admonition"
        {{ e.model.summary | md_inline }}

    With attributes: {{ e.model.summary | md_inline }}
    { .briefing-test-attr }

    {{ e.model.summary | md }}

    {% for s in provenance.series_of(e) %}
    {{ s | chart }}
    {% endfor %}
    """)

FORGED = "briefinghtml0123456789abcdef000000sb briefinghtml0123456789abcdef000001di"
LEFT = re.compile("briefinghtml(?!0123456789abc)")  # the forged text, cut short in a diagram


def _article(html: str) -> str:
    match = re.search(r'<article class="md-content__inner md-typeset">.*?</article>', html, re.S)
    assert match, "no article in the page"
    return re.sub(r">\s*\n\s*<", ">\n<", match.group(0))  # blank lines between blocks are no difference


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same briefing built by the plugin and, plain, from `briefing render`'s pages."""
    root = tmp_path_factory.mktemp("stash")
    plugin = root / "plugin"
    write_briefing(plugin / "briefings" / "bench", 12)
    forces = plugin / "briefings/bench/forces.yml"
    text = forces.read_text(encoding="utf-8")
    # a name and a summary that look like placeholders: they must stay text
    forces.write_text(text.replace("name: ", f"name: {FORGED} ", 1).replace("summary: ", f"summary: {FORGED} ", 1), encoding="utf-8")
    (plugin / "templates").mkdir()
    (plugin / "templates/tags.md.j2").write_text(CONTEXTS, encoding="utf-8")
    (plugin / "docs").mkdir()
    (plugin / "mkdocs.yml").write_text(CONFIG.format(plugin=", briefing"), encoding="utf-8")
    result = run(["mkdocs", "build", "--strict"], plugin)
    assert result.returncode == 0, result.stderr

    plain = root / "plain"
    plain.mkdir()
    result = run(["generator.cli", "render", "--out", str(plain / "docs")], plugin)
    assert result.returncode == 0, result.stderr
    (plain / "mkdocs.yml").write_text(CONFIG.format(plugin=""), encoding="utf-8")
    result = run(["mkdocs", "build"], plain)
    assert result.returncode == 0, result.stderr
    return plugin / "site", plain / "site"


def test_the_plugins_pages_give_markdown_placeholders_not_the_html(tmp_path: Path) -> None:
    write_briefing(tmp_path / "briefings" / "bench", 12)
    held = generate(tmp_path / "briefings", base=tmp_path, hold_html=True)
    inline = generate(tmp_path / "briefings", base=tmp_path)
    entity = "bench/forces/e-0.md"
    for html in ('<svg', 'application/ld+json', 'briefing-print-notes', 'class="briefing-md"', 'class="briefing-cite"',
                 'class="briefing-note-ref"', 'class="briefing-badge'):
        assert html in inline.pages[entity].markdown, f"{html} should be on the rendered page"
        assert html not in held.pages[entity].markdown, f"{html} went through Markdown"
    page = held.pages[entity]
    assert page.held is not None and page.held.searched and page.held.decoration
    assert stash.inline(page.markdown, page.held).split("\n\n*[")[0] == inline.pages[entity].markdown.split("\n\n*[")[0]


def test_each_build_draws_its_own_key(tmp_path: Path) -> None:
    """A placeholder seen in one build names nothing in the next: text cannot be written to match."""
    write_briefing(tmp_path / "briefings" / "bench", 3)
    keys = {generate(tmp_path / "briefings", base=tmp_path, hold_html=True).pages["bench/index.md"].held.key for _ in range(2)}
    assert len(keys) == 2


def test_text_that_looks_like_a_placeholder_pulls_in_nothing() -> None:
    held = stash.Held("0123456789abcdef")
    svg = held.put("<svg>decoration</svg>", search=False)
    field = held.put("<em>field</em>", search=True)
    forged = "briefinghtml0000000000000000000000sb"
    html = f"<p>{field} {forged}</p>\n<p>{svg}</p>"
    searched = stash.resolve(html, held, search=True)
    assert searched == f"<p><em>field</em> {forged}</p>\n<!--{svg}-->"
    assert stash.resolve(searched, held, search=False) == f"<p><em>field</em> {forged}</p>\n<svg>decoration</svg>"


def test_the_plugin_builds_the_same_pages_as_plain_mkdocs_of_the_rendered_markdown(sites: tuple[Path, Path]) -> None:
    plugin, plain = sites
    pages = sorted(p.relative_to(plugin) for p in plugin.rglob("index.html") if (plain / p.relative_to(plugin)).exists()
                   and p.relative_to(plugin).parts[0] == "bench")
    assert len(pages) > 20
    for page in pages:
        ours = _article((plugin / page).read_text(encoding="utf-8"))
        assert not LEFT.search(ours), f"{page}: a placeholder was left"
        assert ours == _article((plain / page).read_text(encoding="utf-8")), f"{page} differs from the plain build"


def test_placeholders_survive_every_markdown_context(sites: tuple[Path, Path]) -> None:
    page = _article((sites[0] / "bench/tags/index.html").read_text(encoding="utf-8"))
    field = re.escape(FORGED)  # the summary starts with the forged text, kept as text
    assert re.search(rf"<p>In a paragraph: {field} .*? and after\.</p>", page)
    assert re.search(rf"<li>In a list: {field} ", page)
    assert re.search(rf"<td>{field} ", page)
    assert re.search(rf'<div class="admonition note">\s*<p class="admonition-title">In an admonition</p>\s*<p>{field} ', page)
    assert re.search(rf'<p class="briefing-test-attr">With attributes: {field} ', page)
    assert re.search(rf'<div class="briefing-md">\s*<p>{field} ', page)
    assert page.count('<figure class="briefing-chart"') == 1


def test_built_pages_hold_each_block_once_in_its_place(sites: tuple[Path, Path]) -> None:
    html = (sites[0] / "bench/forces/e-1/index.html").read_text(encoding="utf-8")
    article = _article(html)
    assert html.count('<script type="application/ld+json">') == article.count('<script type="application/ld+json">') == 1
    assert article.count('<div class="briefing-print-notes"') == 1
    assert article.count('<figure class="briefing-diagram"') == 1
    assert article.count('<div class="briefing-md">') == 1
    assert article.index('<div class="briefing-md">') < article.index('<figure class="briefing-diagram"') \
        < article.index('<div class="briefing-print-notes"') < article.index("application/ld+json")


def test_search_holds_field_text_but_no_pictures_or_data(sites: tuple[Path, Path]) -> None:
    index = json.loads((sites[0] / "search/search_index.json").read_text(encoding="utf-8"))
    text = json.dumps(index)
    summary = next(d["text"] for d in index["docs"] if d["location"] == "bench/forces/e-0/")
    assert FORGED in summary, "a field's text must be searchable"
    assert not LEFT.search(text)
    for decoration in ("<svg", "schema.org", "briefing-chart", "Sources</strong>"):
        assert decoration not in text



def test_nothing_keeps_the_briefings_alive_after_generating_the_pages(tmp_path: Path) -> None:
    """The plugin holds the pages, not the model, while MkDocs builds them: a briefing's objects
    kept alive by a module (a cache, a callback) add to the build's peak memory."""
    write_briefing(tmp_path / "briefings" / "bench", 12)
    script = textwrap.dedent("""\
        import gc, sys
        from pathlib import Path
        from generator import resolved
        from generator.pipeline import generate
        site = generate(Path("briefings"), base=Path("."), hold_html=True)
        gc.collect()
        alive = [o for o in gc.get_objects() if isinstance(o, (resolved.Briefing, resolved.Entity, resolved.Document))]
        print(len(site.pages), len(alive))
        """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    pages, alive = map(int, done.stdout.split())
    assert pages > 20 and alive == 0


def test_the_html_filter_holds_what_a_template_built_and_escapes_any_other_value() -> None:
    """`{% filter html %}` keeps a template's own markup out of Markdown; a value passed to it
    directly (`{{ name | html }}` in a user's template) is text like any other."""
    env = make_environment(template_dirs(None))
    held = stash.Held("0123456789abcdef")
    template = env.from_string('{{ text | html }} {% filter html(search=false) %}<b>{{ text }}</b>{% endfilter %}')
    page = stash.inline(template.render(text="<script>alert(1)</script>", stash=held), held)
    assert "<script>" not in page
    assert page.startswith("&#60;script&#62;alert") and "<b>&#60;script&#62;" in page
