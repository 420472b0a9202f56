"""`briefing render` output builds with Zensical, Material's successor, as the README says:

    briefing render --out rendered
    zensical build -f zensical.yml
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from browser import skip_or_fail
from conftest import FIXTURES, ROOT

EXAMPLE_TITLE = "US military deployment to the US–Mexico border, January 2025"


def test_zensical_builds_the_rendered_briefings_with_their_titles_and_our_stylesheets(tmp_path: Path) -> None:
    zensical = Path(sys.executable).parent / "zensical"
    if not zensical.exists():
        skip_or_fail("zensical is not installed: `make venv` installs it (the `test` extra)")
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "tests", "__pycache__",
                                                                 "node_modules", "rendered"))
    shutil.copytree(FIXTURES / "good/alpha", project / "briefings/alpha")
    render = subprocess.run([sys.executable, "-m", "generator.cli", "render", "--out", "rendered"], cwd=project,
                            capture_output=True, text=True, timeout=120)
    assert render.returncode == 0, render.stderr
    build = subprocess.run([str(zensical), "build", "-f", "zensical.yml"], cwd=project, capture_output=True, text=True,
                           timeout=120)
    assert build.returncode == 0, build.stdout + build.stderr
    site = project / "site"
    page = BeautifulSoup((site / "alpha/forces/task-force/index.html").read_text(encoding="utf-8"), "html.parser")
    sections = [" ".join(label.get_text().split()) for label in page.select("nav.md-nav--primary label.md-nav__title[for^=__nav_]")]
    assert sections == ["Alpha exercise", EXAMPLE_TITLE]
    links = [a.get_text(strip=True) for a in page.select("nav.md-nav[data-md-level='1'] a.md-nav__link")]
    assert "Key figures" in links and "Task Force Alpha (TF-A)" not in links, "a section lists its index pages only"
    assert "Task Force Alpha" in page.select_one("article").get_text()
    styles = [link["href"] for link in page.select("link[rel=stylesheet]")]
    for css in ("assets/briefing/briefing.css", "assets/briefing/a11y.css"):
        assert f"../../../{css}" in styles
        assert (site / css).read_text(encoding="utf-8") == (ROOT / "generator/assets" / Path(css).name).read_text(encoding="utf-8")
    assert not list(site.rglob(".nav.yml")), "the navigation files are not published"
