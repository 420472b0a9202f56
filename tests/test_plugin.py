"""The MkDocs adapter: options, and `mkdocs serve` rebuilding when a briefing changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project, mkdocs_build


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_yaml_file_or_a_template_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "good")
    (project / "templates").mkdir()
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = f"http://127.0.0.1:{port}/briefings/alpha/forces/task-force/"  # site_url has a path
    try:
        assert _wait_for(lambda: "Task Force Alpha" in _get(page)), "mkdocs serve did not come up"
        forces = project / "briefings/alpha/forces.yml"
        forces.write_text(forces.read_text().replace("name: Task Force Alpha", "name: Task Force Bravo"))
        assert _wait_for(lambda: "Task Force Bravo" in _get(page)), "a change to forces.yml was not rebuilt"
        (project / "templates/entity.md.j2").write_text("# Overridden {{ entity.name }}\n")
        assert _wait_for(lambda: "Overridden Task Force Bravo" in _get(page)), "a new template was not picked up"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_every_config_option_is_documented() -> None:
    """An option a user cannot find in the docs does not exist for them."""
    from generator.plugin import BriefingConfig
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name, _ in BriefingConfig._schema:
        assert f"`{name}`" in readme, f"option {name} is not in the README"


def test_a_fix_whose_element_is_missing_fails_a_strict_build(tmp_path: Path) -> None:
    """A Material release whose markup no longer has what a fix edits must not publish without it."""
    import material

    from conftest import mkdocs_build
    project = make_project(tmp_path, FIXTURES / "good")
    (project / "custom/partials").mkdir(parents=True)
    (project / "custom/partials/search.html").write_text('<div class="md-search" data-md-component="search"></div>\n')
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n", "  name: material\n  custom_dir: custom\n"))
    result = mkdocs_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert (f"WARNING -  briefing: Material {material.__version__}: the fix 'the search dialog has a name' cannot be applied: "
            'the search dialog <div class="md-search" role="dialog"> is not on ') in result.stderr
    assert result.stderr.count("the fix 'the search dialog has a name'") == 1, "once per build, not once per page"


def test_fixes_edit_only_the_tags_at_fault() -> None:
    from generator.material_fixes import fix_page
    page = ('<body>\n<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
            '<p title="a &amp; b">x</p><label for="__nowhere" tabindex="">T</label>\n'
            '<script id="__config" type="application/json">{"search": "../w/search.abc.min.js"}</script></body>')
    result = fix_page(page, search=False, material_worker="search.abc.min.js")
    assert result.missing == []
    assert result.html == (
        '<body>\n<form id="__md_toggles" autocomplete="off" hidden></form>\n    '
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" form="__md_toggles">\n'
        '<p title="a &amp; b">x</p><label>T</label>\n'
        '<script id="__config" type="application/json">{"search": "../w/briefing-search.js"}</script></body>')
    assert fix_page(page, search=True, material_worker="search.other.min.js").missing == [
        ("the search dialog has a name", 'the search dialog <div class="md-search" role="dialog">'),
        ("hyphen-aware search worker", 'Material\'s search worker "search.other.min.js" in <script id="__config">')]


def test_materials_search_worker_is_found_by_its_pattern(tmp_path: Path) -> None:
    """Its hashed name changes with Material's releases; ours imports whichever is installed."""
    from generator.material_fixes import material_search_worker, search_worker
    from generator.plugin import ASSETS
    workers = tmp_path / "assets/javascripts/workers"
    workers.mkdir(parents=True)
    assert material_search_worker(tmp_path) is None
    (workers / "search.0123abcd.min.js").write_text("")
    (workers / "search.0123abcd.min.js.map").write_text("")
    assert material_search_worker(tmp_path) == "search.0123abcd.min.js"
    script = search_worker((ASSETS / "search-worker.js").read_text(encoding="utf-8"), "search.0123abcd.min.js")
    assert 'importScripts("search.0123abcd.min.js")' in script


@pytest.mark.parametrize("value", ["-1", "true"])
def test_stale_after_days_must_be_a_whole_number_of_days(tmp_path: Path, value: str) -> None:
    project = make_project(tmp_path, FIXTURES / "good")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - briefing\n", f"  - briefing:\n      stale_after_days: {value}\n"),
                      encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "stale_after_days must be a whole number of days, 0 or more" in result.stderr
