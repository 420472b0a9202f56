"""The `briefing` command as an analyst or a CI job runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run


def test_check_prints_a_one_line_summary_and_exits_0() -> None:
    result = run(["generator.cli", "check", "good"], FIXTURES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "OK: 1 briefing, 1 document, 4 entities, 2 facts, 4 verified quotes, 0 warnings"


def test_check_takes_one_briefing_folder_as_well(tmp_path: Path) -> None:
    briefings = _broken(tmp_path)
    shutil.copytree(FIXTURES / "good/alpha", briefings / "bravo")
    one = run(["generator.cli", "check", "briefings/bravo"], tmp_path)
    assert one.returncode == 0, one.stderr
    assert one.stdout.splitlines()[0] == "OK: 1 briefing, 1 document, 4 entities, 2 facts, 4 verified quotes, 0 warnings"
    assert ("Note: 2 facts have no id, so a link to one breaks when its text is edited: "
            "`briefing ids briefings/bravo` gives each a lasting one") in one.stdout.splitlines()
    other = run(["generator.cli", "check", "briefings/alpha/"], tmp_path)
    assert other.returncode == 1
    assert other.stderr.splitlines() == [
        "briefings/alpha/forces.yml:7:11: unknown force 'comand' (did you mean 'command'?)",
        "briefings/alpha/forces.yml:13:3: unknown key 'nme' for a force (did you mean 'name'?)",
        "2 problems found.",
    ]


@pytest.mark.parametrize("start", ["documents", "forces.yml"])
def test_check_of_one_briefing_folder_without_its_briefing_yml_says_so(tmp_path: Path, start: str) -> None:
    """A folder with documents/ or a briefing's YAML is one briefing, not the folder of all of them."""
    bravo = tmp_path / "briefings/bravo"
    bravo.mkdir(parents=True)
    if start == "documents":
        shutil.copytree(FIXTURES / "good/alpha/documents", bravo / "documents")
    else:
        (bravo / "forces.yml").write_text("- id: command\n  name: Alpha Command\n  summary: The command.\n", encoding="utf-8")
    result = run(["generator.cli", "check", "briefings/bravo"], tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "briefings/bravo/briefing.yml:1:1: missing: every briefing folder needs a briefing.yml (title, summary, updated)",
        "1 problem found.",
    ]


def _broken(tmp_path: Path) -> Path:
    briefings = tmp_path / "briefings"
    shutil.copytree(FIXTURES / "good", briefings)
    forces = briefings / "alpha/forces.yml"
    forces.write_text(forces.read_text().replace("parent: command", "parent: comand").replace("  name: Alpha Command", "  nme: Alpha Command"))
    return briefings


def test_check_lists_every_problem_with_its_position_and_exits_1(tmp_path: Path) -> None:
    _broken(tmp_path)
    result = run(["generator.cli", "check"], tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "briefings/alpha/forces.yml:7:11: unknown force 'comand' (did you mean 'command'?)",
        "briefings/alpha/forces.yml:13:3: unknown key 'nme' for a force (did you mean 'name'?)",
        "2 problems found.",
    ]
    assert "Traceback" not in result.stderr


def test_check_github_format_makes_annotations(tmp_path: Path) -> None:
    _broken(tmp_path)
    result = run(["generator.cli", "check", "--format", "github"], tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=briefings/alpha/forces.yml,line=7,col=11::unknown force 'comand' (did you mean 'command'?)",
        "::error file=briefings/alpha/forces.yml,line=13,col=3::unknown key 'nme' for a force (did you mean 'name'?)",
    ]


def test_check_writes_nothing(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "good", tmp_path / "briefings")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert run(["generator.cli", "check"], tmp_path).returncode == 0
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_render_writes_markdown_pages(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "good", tmp_path / "briefings")
    result = run(["generator.cli", "render", "--out", "out"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Wrote 19 pages and 9 data files to out"
    assert (tmp_path / "out/alpha/forces/task-force.md").read_text(encoding="utf-8").startswith("---\ntitle: Task Force Alpha (TF-A)\n")
    assert json.loads((tmp_path / "out/alpha/briefing.json").read_text(encoding="utf-8"))["id"] == "alpha"
    assert (tmp_path / "out/schemas/forces.schema.json").read_text(encoding="utf-8") == (ROOT / "schemas/forces.schema.json").read_text(encoding="utf-8")


def test_schema_writes_the_committed_schemas(tmp_path: Path) -> None:
    result = run(["generator.cli", "schema", "--out", "out"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Wrote 7 schemas to out"
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir()}
    assert written == {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas").iterdir()}


def test_render_of_a_bad_briefing_writes_nothing(tmp_path: Path) -> None:
    _broken(tmp_path)
    result = run(["generator.cli", "render", "--out", "out"], tmp_path)
    assert result.returncode == 1 and not (tmp_path / "out").exists()


def test_check_lists_repeated_quotes_as_warnings_before_disagreements_and_counts_them(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "provenance", tmp_path / "briefings")
    shutil.copytree(ROOT / "tests/cases/quote-repeated/briefings/alpha", tmp_path / "briefings/alpha")
    result = run(["generator.cli", "check", "briefings"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert [line.split(": warning: ")[0] for line in result.stderr.splitlines()] == [
        "briefings/alpha/forces.yml:6:38", "briefings/bravo/forces.yml:15:7", "briefings/bravo/missions.yml:18:7"]
    assert result.stderr.splitlines()[0].endswith(": warning: quote occurs 4 times in document 'report-one'; "
                                                  "the first is highlighted: quote more words to pick one")
    assert result.stdout.splitlines()[0].endswith("verified quotes, 3 warnings")
    github = run(["generator.cli", "check", "--format", "github", "briefings"], tmp_path)
    assert github.returncode == 0
    assert github.stdout.splitlines()[0] == ("::warning file=briefings/alpha/forces.yml,line=6,col=38::quote occurs 4 times in "
                                             "document 'report-one'; the first is highlighted: quote more words to pick one")
