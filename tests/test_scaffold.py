"""`briefing new`: a briefing folder that `briefing check` accepts and `mkdocs build --strict` builds
at once, whose commented examples are valid when uncommented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import MKDOCS_YML, mkdocs_build, run
from generator.scaffold import EXAMPLE_DOCUMENT

FILES = ["briefing.yml", "forces.yml", "missions.yml", "authorities.yml", "events.yml", "questions.yml"]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    result = run(["generator.cli", "new", "border-watch", "--title", "Border watch"], tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_new_passes_check_and_builds_at_once(project: Path) -> None:
    check = run(["generator.cli", "check"], project)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("OK: 1 briefing, 0 documents, 0 entities")
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    assert "Border watch" in (project / "site/border-watch/index.html").read_text(encoding="utf-8")


def test_every_yaml_file_names_its_schema_which_is_there(project: Path) -> None:
    folder = project / "briefings/border-watch"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FILES, "documents"])
    for name in FILES:
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{name.removesuffix('.yml')}.schema.json"
        schema = folder / first.split("=", 1)[1]
        assert json.loads(schema.read_text(encoding="utf-8"))["title"].startswith("Briefing format")


def test_the_commented_examples_are_valid_once_uncommented(project: Path) -> None:
    folder = project / "briefings/border-watch"
    for name in FILES[1:]:
        path = folder / name
        lines = path.read_text(encoding="utf-8").splitlines()
        example = [line[2:] for line in lines if re.match(r"^# [- ] ", line)]
        assert example, name
        path.write_text("\n".join(example) + "\n", encoding="utf-8")
    # the document the examples cite, as a news site published it
    (folder / f"documents/{EXAMPLE_DOCUMENT}.md").write_text(
        "---\ntitle: More troops to the border\npublisher: Example News\npublished: 2025-01-22\n---\n"
        "The troops will join about 2,200 active-duty forces already at the border. It is not yet clear which "
        "specific units are being ordered to the border. The acting defense secretary signed the order late on Tuesday.\n\n"
        "The president will decide within 90 days whether to invoke the Insurrection Act.\n", encoding="utf-8")
    check = run(["generator.cli", "check"], project)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("OK: 1 briefing, 1 document, 3 entities, 1 fact, 4 verified quotes")


def test_new_refuses_an_existing_folder_or_a_bad_id(project: Path) -> None:
    before = (project / "briefings/border-watch/briefing.yml").read_text(encoding="utf-8")
    again = run(["generator.cli", "new", "border-watch"], project)
    assert again.returncode == 1
    assert again.stderr == "error: briefings/border-watch already exists; a new briefing needs a new id\n"
    assert (project / "briefings/border-watch/briefing.yml").read_text(encoding="utf-8") == before
    bad = run(["generator.cli", "new", "Border Watch"], project)
    assert bad.returncode == 1
    assert bad.stderr == "error: bad id 'Border Watch': use 1-64 lowercase letters, digits and hyphens (e.g. 'border-watch')\n"
    assert sorted(p.name for p in (project / "briefings").iterdir()) == ["border-watch"]
