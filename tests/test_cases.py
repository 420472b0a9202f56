"""The corpus of inputs in tests/cases/: each a small briefing and the exact lines it must print.

A case folder holds ``briefings/`` and ``expected.txt``, one ``path:line:column: message`` per line,
paths relative to the case folder; an empty ``expected.txt`` marks input that must be accepted, as
does one of ``path:line:column: warning: message`` lines only (warnings do not fail a check or a build).
Each case is checked twice, as an analyst meets it: by ``briefing check`` and by a real
``mkdocs build --strict``. ``pytest --update-expected`` rewrites the files from the actual output,
so that a changed message shows in the diff. Cases too big for git, or too long to read, are
completed at test time by a function of :data:`GENERATED`.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, mkdocs_build, run

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.txt").is_file())
PROBLEM = re.compile(r"^\S+:\d+:\d+: ")
WARNING = re.compile(r"^\S+:\d+:\d+: warning: ")
MKDOCS_YML = textwrap.dedent(
    """\
    site_name: t
    docs_dir: docs
    theme:
      name: material
    plugins: [search, briefing]
    """
)


def _huge_document(case: Path) -> None:
    """50 MB of text: too big for git, so written at test time."""
    folder = case / "briefings/alpha/documents"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "huge.md", "wb") as f:
        f.write(b"---\ntitle: Huge\n---\n")
        line = b"The text of a very long report, repeated until it fills fifty megabytes.\n"
        f.write(line * (50 * 1024 * 1024 // len(line)))


def _long_date_chain(case: Path) -> None:
    """1,200 events, each dated from the next one: deeper than Python's default recursion limit."""
    n = 1200
    entries = [f"- id: e{i}\n  date: {{after: e{i - 1}, days: 1}}\n  title: Step {i}\n" for i in range(n - 1, 0, -1)]
    entries.append("- id: e0\n  date: 2025-01-01\n  title: Start\n")
    cite = "  cite: {doc: report-one, quote: on patrol duty}\n"
    (case / "briefings/alpha/events.yml").write_text("".join(e + cite for e in entries), encoding="utf-8")


GENERATED: dict[str, Callable[[Path], None]] = {"document-too-big": _huge_document, "good-long-date-chain": _long_date_chain}


def expected(name: str) -> list[str]:
    return (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines()


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if not WARNING.match(line)]


@pytest.fixture(scope="session")
def case_copy(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """A copy of a case, made once per run and shared by its checks, as a project folder."""
    made: dict[str, Path] = {}

    def copy(name: str) -> Path:
        if name not in made:
            target = tmp_path_factory.mktemp("case") / name
            shutil.copytree(CASES / name, target, symlinks=True)
            GENERATED.get(name, lambda _: None)(target)
            (target / "docs").mkdir()
            (target / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
            made[name] = target
        return made[name]

    return copy


def test_corpus_covers_enough_cases() -> None:
    assert len(NAMES) >= 45
    assert sum(1 for name in NAMES if not expected(name)) >= 4  # the tricky inputs that must pass


@pytest.mark.parametrize("name", NAMES)
def test_check_prints_exactly_the_expected_problems(name: str, case_copy: Callable[[str], Path],
                                                    request: pytest.FixtureRequest) -> None:
    case = case_copy(name)
    result = run(["generator.cli", "check", "briefings"], case)
    output = result.stdout + result.stderr
    problems = [line for line in output.splitlines() if PROBLEM.match(line)]
    if request.config.getoption("--update-expected"):
        (CASES / name / "expected.txt").write_text("".join(f"{line}\n" for line in problems), encoding="utf-8")
    assert "Traceback" not in output
    assert problems == expected(name), output
    assert result.returncode == (1 if errors(problems) else 0), output


@pytest.mark.parametrize("name", NAMES)
def test_mkdocs_build_stops_with_the_same_problems_and_builds_nothing(name: str, case_copy: Callable[[str], Path]) -> None:
    """A bad case fails the real build with the same lines and no site; a good one builds, warned or not."""
    case = case_copy(name)
    result = mkdocs_build(case)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    lines = errors(expected(name))
    if not lines:
        assert result.returncode == 0, output
        assert (case / "site/index.html").is_file()
        return
    assert result.returncode != 0, output
    for line in lines:
        assert line in output.splitlines(), output
    assert not (case / "site").exists(), "a failed build must not leave a site behind"


def _snapshot(site: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in site.rglob("*") if p.is_file()}


def test_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", project / "briefings")
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    assert mkdocs_build(project).returncode == 0
    before = _snapshot(project / "site")
    assert "alpha/forces/task-force/index.html" in before
    forces = project / "briefings/alpha/forces.yml"
    forces.write_text(forces.read_text(encoding="utf-8").replace("parent: command", "parent: comand"), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "briefings/alpha/forces.yml:7:11: unknown force 'comand' (did you mean 'command'?)" in result.stderr.splitlines()
    assert _snapshot(project / "site") == before
