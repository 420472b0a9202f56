"""A mistake in a user's own template is a problem at its line, like any other: no traceback, no site."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, make_project, mkdocs_build, run

MISTAKES = {
    "undefined": ("entity.md.j2", "{{ entity.nonexistent_field }}",
                  "templates/entity.md.j2:3:1: undefined: 'generator.resolved.Entity object' has no attribute 'nonexistent_field'"),
    "syntax": ("timeline.md.j2", "{% if %}soon{% endif %}",
               "templates/timeline.md.j2:3:1: template syntax error: Expected an expression, got 'end of statement block'"),
    "runtime": ("sources.md.j2", "{{ briefing.documents | length / 0 }}",
                "templates/sources.md.j2:3:1: template error: ZeroDivisionError: division by zero"),
}


def _project(tmp_path: Path, names: list[str]) -> Path:
    """A project whose templates/ holds copies of built-in templates, each with a mistake on line 3."""
    project = make_project(tmp_path, FIXTURES / "good")
    (project / "templates").mkdir()
    for name in names:
        template, line, _ = MISTAKES[name]
        lines = (ROOT / "templates" / template).read_text(encoding="utf-8").splitlines(keepends=True)
        lines.insert(2, line + "\n")
        (project / "templates" / template).write_text("".join(lines), encoding="utf-8")
    return project


@pytest.mark.parametrize("name", list(MISTAKES))
def test_render_reports_a_template_mistake_at_its_line(tmp_path: Path, name: str) -> None:
    project = _project(tmp_path, [name])
    result = run(["generator.cli", "render", "--out", "out"], project)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines() == [MISTAKES[name][2], "1 problem found."]
    assert not (project / "out").exists()


def test_mkdocs_build_reports_every_template_mistake_at_once_and_builds_nothing(tmp_path: Path) -> None:
    project = _project(tmp_path, list(MISTAKES))
    result = mkdocs_build(project)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode != 0
    for _, _, line in MISTAKES.values():
        assert line in output.splitlines(), output
    assert "3 problems found; nothing was built." in output
    assert not (project / "site").exists()
