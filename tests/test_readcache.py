"""`mkdocs serve` rebuilds: a load that follows another reads again only the files that changed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import reading
from generator.errors import BriefingError
from generator.pipeline import generate
from generator.readcache import ReadCache

FIXTURE = Path(__file__).parent / "fixtures" / "good" / "alpha"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "briefings" / "alpha")
    return tmp_path


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from now on: YAML files and documents, by path."""
    seen: list[str] = []

    def spy(real: Callable[..., Any]) -> Callable[..., Any]:
        def counted(text: str, display: str, *args: Any, **kwargs: Any) -> Any:
            seen.append(display)
            return real(text, display, *args, **kwargs)
        return counted

    monkeypatch.setattr(reading, "parse_yaml", spy(reading.parse_yaml))
    monkeypatch.setattr(reading, "split_front_matter", spy(reading.split_front_matter))
    return seen


def pages(project: Path, cache: ReadCache | None = None) -> dict[str, str]:
    site = generate(project / "briefings", base=project, cache=cache)
    return {path: page.markdown for path, page in site.pages.items()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_load_after_an_edit_parses_only_the_edited_file_and_equals_a_fresh_load(project: Path, parsed: list[str]) -> None:
    cache = ReadCache()
    pages(project, cache)
    assert "briefings/alpha/forces.yml" in parsed and "briefings/alpha/documents/report-one.md" in parsed
    edit(project / "briefings/alpha/forces.yml", "Task Force Alpha has about 300 soldiers.", "Task Force Alpha has about 320 soldiers.")
    parsed.clear()
    again = pages(project, cache)
    assert parsed == ["briefings/alpha/forces.yml"]
    assert any("about 320 soldiers" in text for text in again.values())
    assert again == pages(project)


def test_an_edited_document_is_read_again(project: Path, parsed: list[str]) -> None:
    cache = ReadCache()
    before = pages(project, cache)
    document = project / "briefings/alpha/documents/report-one.md"
    text = document.read_text(encoding="utf-8")
    edit(document, "has about 300 soldiers", "has about 400 soldiers")
    parsed.clear()
    with pytest.raises(BriefingError) as e:
        pages(project, cache)
    assert parsed == ["briefings/alpha/documents/report-one.md"]
    assert "quote not found in document 'report-one'" in str(e.value)
    document.write_text(text, encoding="utf-8")
    assert pages(project, cache) == before == pages(project)


def test_problems_of_an_unchanged_file_are_reported_on_every_load(project: Path, parsed: list[str]) -> None:
    edit(project / "briefings/alpha/forces.yml", "  short: TF-A\n", "  short: TF-A\n  shorts: TF-A\n")
    cache = ReadCache()
    problems = []
    for _ in range(2):
        with pytest.raises(BriefingError) as e:
            pages(project, cache)
        problems.append([str(p) for p in e.value.problems])
    assert problems[0] == problems[1] and any("shorts" in p for p in problems[0])
    assert parsed.count("briefings/alpha/forces.yml") == 1


def test_a_deleted_file_is_forgotten(project: Path) -> None:
    cache = ReadCache()
    pages(project, cache)
    files = len(cache)
    (project / "briefings/alpha/questions.yml").unlink()
    assert pages(project, cache) == pages(project)
    assert len(cache) == files - 1
