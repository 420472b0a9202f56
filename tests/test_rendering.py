"""The Markdown the core produces, compared with reviewed golden files (`--update-golden`)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from generator.errors import BriefingError
from generator.pipeline import engine_files, generate, write_pages
from generator.numbers import format_figure
from generator.urls import relative
from generator.model import Figure

GOLDEN = Path(__file__).parent / "golden"


def test_pages_match_golden_files(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    # a copy outside the repository: What's new then dates things by the information itself,
    # the same on every machine and whatever is committed (tests/test_changes.py reads histories)
    shutil.copytree(FIXTURES / "good", tmp_path / "good")
    site = generate(tmp_path / "good", base=tmp_path)
    golden = GOLDEN / "good"
    # the pages and each briefing's data; the schemas are compared with schemas/ (test_schema.py)
    actual = {path: page.markdown for path, page in site.pages.items()}
    actual.update({path: text for path, text in site.files.items() if path.endswith("/briefing.json")})
    if request.config.getoption("--update-golden"):
        for old in [*golden.rglob("*.md"), *golden.rglob("*.json")]:
            old.unlink()
        for path, text in actual.items():
            (golden / path).parent.mkdir(parents=True, exist_ok=True)
            (golden / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(golden).as_posix(): p.read_text(encoding="utf-8") for p in [*golden.rglob("*.md"), *golden.rglob("*.json")]}
    assert sorted(actual) == sorted(expected)
    for path in actual:
        assert actual[path] == expected[path], f"{path} differs from its golden file; rerun with --update-golden and review"


def test_render_writes_plain_markdown_for_other_engines(tmp_path: Path) -> None:
    site = generate(FIXTURES / "good", base=FIXTURES)
    written = write_pages(site, tmp_path)
    # With two stylesheets and the navigation (.nav.yml at the top and in the briefing's folder).
    assert len(written) == len(site.pages) + len(site.files) + len(engine_files(site)) == 19 + 9 + 2 + 2
    assert (tmp_path / "alpha/.nav.yml").read_text(encoding="utf-8").startswith("title: Alpha exercise\nnav:\n- index.md\n")
    text = (tmp_path / "alpha/missions/patrol.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Northern patrol\n")
    assert "[Task Force Alpha](../forces/task-force.md \"TF-A\")" in text


def test_user_template_overrides_the_builtin_one(tmp_path: Path) -> None:
    (tmp_path / "timeline.md.j2").write_text("# Our timeline\n{% for ev in briefing.events %}\n- {{ ev.model.title }}\n{% endfor %}\n")
    site = generate(FIXTURES / "good", tmp_path, base=FIXTURES)
    assert "# Our timeline\n- Patrol order issued\n- Review of the patrol due" in site.pages["alpha/timeline.md"].markdown
    assert "# Task Force Alpha" in site.pages["alpha/forces/task-force.md"].markdown  # the rest stays built in


def test_a_template_naming_an_undefined_value_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "timeline.md.j2").write_text("\n{{ briefing.no_such_thing }}\n")
    with pytest.raises(BriefingError) as raised:
        generate(FIXTURES / "good", tmp_path, base=tmp_path)
    assert [str(p) for p in raised.value.problems] == [
        "timeline.md.j2:2:1: undefined: 'generator.resolved.Briefing object' has no attribute 'no_such_thing'"]


@pytest.mark.parametrize(("figure", "text"), [
    ({"value": 2200, "unit": "troops", "approx": True}, "about 2,200 troops"),
    ({"value": [1100, 1300], "unit": "crossings per day"}, "1,100–1,300 crossings per day"),
    ({"value": 2.5, "unit": "billion dollars"}, "2.5 billion dollars"),
])
def test_figures_read_as_a_person_writes_them(figure: dict, text: str) -> None:
    assert format_figure(Figure.model_validate(figure)) == text


@pytest.mark.parametrize(("target", "page", "link"), [
    ("b/forces/x.md", "b/missions/y.md", "../forces/x.md"),
    ("b/timeline.md#ev", "b/timeline.md", "#ev"),
    ("b/index.md", "index.md", "b/index.md"),
    ("b/sources/d.md#q-1", "b/index.md", "sources/d.md#q-1"),
])
def test_links_are_relative_so_any_engine_resolves_them(target: str, page: str, link: str) -> None:
    assert relative(target, page) == link


@pytest.mark.parametrize("site_url", [None, "https://example.org/b/"])
def test_a_printed_footnote_gives_an_address_a_reader_can_type(site_url: str | None) -> None:
    # the example's document has no address of its own: on paper, only the published site's is of use
    site = generate(ROOT / "briefings", base=ROOT, site_url=site_url)
    page = site.pages["us-mexico-border-2025/forces/joint-task-force-north.md"].markdown
    notes = page.split('<div class="briefing-print-notes"', 1)[1].split("</div>", 1)[0]
    first = notes.split("<li>", 2)[1]
    assert first.startswith("Additional active-duty troops ordered to the US–Mexico border, 22 January 2025: “")
    if site_url is None:
        assert "&lt;" not in first
    else:
        address = html.unescape(first.rsplit("&lt;", 1)[1].split("&gt;", 1)[0])
        assert re.fullmatch(r"https://example\.org/b/us-mexico-border-2025/sources/border-troops-2025-01-22/#q-[\w-]+", address)
        assert address.split("#")[1] in site.pages["us-mexico-border-2025/sources/border-troops-2025-01-22.md"].markdown
