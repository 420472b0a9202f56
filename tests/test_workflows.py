"""The GitHub Actions workflow that publishes the site checks the briefings first, as annotations."""

from __future__ import annotations

import yaml

from conftest import ROOT, run


def test_pages_workflow_checks_before_it_builds_and_deploys_only_from_main() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    check = runs.index("briefing check --format github")
    build = runs.index("mkdocs build --strict")
    assert runs.index("pip install -c requirements/constraints.txt -e .") < check < build
    assert workflow["jobs"]["deploy"]["if"] == "github.event_name != 'pull_request'"
    upload = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["if"] == "github.event_name != 'pull_request'"


def test_the_check_step_passes_on_this_repository() -> None:
    result = run(["generator.cli", "check", "--format", "github"], ROOT)
    assert result.returncode == 0, result.stdout
    assert any(line.startswith("OK: 1 briefing") for line in result.stdout.splitlines()), result.stdout
    assert "::error" not in result.stdout
