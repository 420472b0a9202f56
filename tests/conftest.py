"""Shared fixtures: real sites built by the real `mkdocs build` in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import launch, serve

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")
    parser.addoption("--update-expected", action="store_true",
                     help="rewrite tests/cases/*/expected.txt from the problems the generator prints now")


MKDOCS_YML = textwrap.dedent(
    """\
    site_name: Test briefings
    site_url: https://example.com/briefings/
    repo_url: https://github.com/example/briefings
    edit_uri: edit/main/docs/
    docs_dir: docs
    theme:
      name: material
      font: false
      features: [navigation.indexes, navigation.sections, content.tooltips, content.action.edit]
    plugins:
      - search
      - briefing
    markdown_extensions: [abbr, admonition, attr_list, tables, {toc: {permalink: true}}]
    validation:
      links:
        anchors: warn
    """
)


def make_project(tmp_path: Path, briefings: Path, *, docs: dict[str, str] | None = None) -> Path:
    """A project folder like a user's: mkdocs.yml, docs/ and a copy of ``briefings``."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (project / "docs").mkdir()
    for name, text in (docs or {}).items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    shutil.copytree(briefings, project / "briefings")
    return project


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run(["mkdocs", "build", "--strict", *extra], project)


def built_fixture(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A project of the fixture briefings ``tests/fixtures/<name>``, built by `mkdocs build --strict`."""
    project = make_project(tmp_path_factory.mktemp(name), FIXTURES / name)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture briefing, built once; returns the project folder."""
    return built_fixture(tmp_path_factory, "good")


SEARCH_BACKENDS = ["material", "pagefind"]
"""The plugin's `search` option: every browser search test runs against each."""


def use_search_backend(project: Path, backend: str) -> None:
    """Set the briefing plugin's `search` option in the project's mkdocs.yml (its default: material)."""
    if backend == "material":
        return
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next((n for n, line in enumerate(lines) if line.strip() in ("- briefing", "- briefing:")), None)
    assert at is not None, f"no briefing plugin in {config}"
    indent = " " * (len(lines[at]) - len(lines[at].lstrip()) + 4)
    lines[at] = lines[at].rstrip().rstrip(":") + ":\n" + f"{indent}search: {backend}\n"
    config.write_text("".join(lines), encoding="utf-8")


def build_example(tmp_path_factory: pytest.TempPathFactory, backend: str = "material") -> Path:
    """The repository's own site (its mkdocs.yml, docs and example briefing), built in a copy."""
    project = tmp_path_factory.mktemp(f"example-{backend}") / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "tests", "__pycache__", "node_modules"))
    use_search_backend(project, backend)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, with Material's own search."""
    return build_example(tmp_path_factory)


@pytest.fixture(scope="session")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, with the `pagefind` search backend."""
    return build_example(tmp_path_factory, "pagefind")


@pytest.fixture(scope="session")
def site_url(example_site: Path) -> Iterator[str]:
    """Base URL of the example site, served by `python -m http.server` for the whole run."""
    with serve(example_site / "site") as url:
        yield url


@pytest.fixture(scope="session")
def pagefind_url(pagefind_site: Path) -> Iterator[str]:
    with serve(pagefind_site / "site") as url:
        yield url


@pytest.fixture(scope="session", params=SEARCH_BACKENDS)
def search_url(request: pytest.FixtureRequest) -> str:
    """Base URL of the example site built with each search backend: a search test runs on both."""
    return request.getfixturevalue("site_url" if request.param == "material" else "pagefind_url")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole run: skipped on a laptop without it, a failure in CI."""
    with launch() as chromium:
        yield chromium
