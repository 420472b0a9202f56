"""`briefing quote`: remembered words → where they are, and a `cite:` block that `briefing check`
then verifies (it is found by the same function that verifies citations)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, run

PAGES = Path(__file__).parent / "intake"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("quote")
    shutil.copytree(FIXTURES / "good", root / "briefings")
    for page in ("news-article.html", "wire-report.txt"):
        assert run(["generator.cli", "add-document", str(PAGES / page), "--briefing", "alpha"], root).returncode == 0
    return root


def _quote(project: Path, *args: str) -> tuple[int, str, list[dict[str, str]]]:
    result = run(["generator.cli", "quote", *args], project)
    assert "Traceback" not in result.stderr
    blocks = [yaml.safe_load(m.group()) for m in re.finditer(r"^cite:\n(?:  .*\n)+", result.stdout, re.M)]
    return result.returncode, result.stdout + result.stderr, [b["cite"] for b in blocks]


# Each a query as an analyst types it, and the quotes it must offer.
QUERIES = [
    (["alpha", "about", "2,200", "active-duty"], ["about 2,200 active-duty"]),
    (["alpha", "Tuesday"], ["late on Tuesday."]),  # one word: widened to three
    (["alpha", "Lone", "Star"], ["as Lone Star"]),  # widened within its clause, not across the comma
    (["alpha", "decide", "90", "days", "insurrection"], ["decide within 90 days whether to invoke the Insurrection"]),  # not in order
    (["alpha", "insurection", "act", "decide"], ["decide within 90 days whether to invoke the Insurrection Act"]),  # a typo
    (["alpha", "which", "specfic", "units"], ["which specific units"]),
    (["alpha", "patrol", "duty"], ["on patrol duty."]),
    (["alpha", "patrol"], ["on patrol duty.", "patrol covers the"]),  # each place it is, across a line break
    (["briefings/alpha", "the", "patrol", "--doc", "report-one"], ["the patrol covers"]),
]


@pytest.mark.parametrize(("args", "quotes"), QUERIES)
def test_quote_offers_passages_with_ready_cite_blocks(project: Path, args: list[str], quotes: list[str]) -> None:
    code, out, cites = _quote(project, *args)
    assert code == 0, out
    assert [c["quote"] for c in cites] == quotes, out
    assert all(len(c["quote"].split()) >= 3 for c in cites)


def test_every_printed_cite_block_verifies_with_check(project: Path, tmp_path: Path) -> None:
    cites = [c for args, _ in QUERIES for c in _quote(project, *args)[2]]
    assert len(cites) >= 10
    trial = tmp_path / "briefings"
    shutil.copytree(project / "briefings", trial)
    facts = [{"text": f"Fact {i}.", "cite": cite} for i, cite in enumerate(cites)]
    forces = trial / "alpha/forces.yml"
    forces.write_text(forces.read_text(encoding="utf-8") + yaml.safe_dump(
        [{"id": "quoted", "name": "Quoted", "summary": "Every suggested quote.", "facts": facts}], allow_unicode=True), encoding="utf-8")
    result = run(["generator.cli", "check"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{len(facts) + 2} facts, {len(facts) + 4} verified quotes" in result.stdout


def test_a_number_is_one_word(project: Path) -> None:
    code, out, cites = _quote(project, "alpha", "500", "more", "active-duty")
    assert "Not found as written; the closest passages:" in out  # 500 is not a word of "1,500"
    assert cites[0]["quote"] == "1,500 more active-duty"


def test_the_context_shows_the_sentence_with_the_quote_marked(project: Path) -> None:
    _, out, _ = _quote(project, "alpha", "units", "are", "being", "ordered")
    assert out.splitlines()[:2] == [
        "example-herald-2025-01-22, line 7:",
        "  It is not yet clear which specific «units are being ordered» to the border, or how long they will stay.",
    ]


def test_nothing_like_the_words(project: Path) -> None:
    code, out, cites = _quote(project, "alpha", "submarine", "fleet", "harbour")
    assert code == 1 and cites == []
    assert "Not found, nor anything close, in 3 documents." in out


def test_a_briefing_or_document_that_is_not_there_is_named(project: Path) -> None:
    code, out, _ = _quote(project, "alhpa", "patrol")
    assert code == 1
    assert "error: no briefing 'alhpa' (did you mean 'alpha'?): name a briefing's folder or its id; the briefings in briefings/ are alpha" in out
    code, out, _ = _quote(project, "alpha", "patrol", "--doc", "report-two")
    assert code == 1 and "no document 'report-two' that can be read in briefings/alpha/documents (did you mean 'report-one'?)" in out


def test_quote_works_while_the_briefing_is_being_edited(project: Path, tmp_path: Path) -> None:
    shutil.copytree(project / "briefings", tmp_path / "briefings")
    (tmp_path / "briefings/alpha/forces.yml").write_text("- id: [unfinished\n", encoding="utf-8")
    code, out, cites = _quote(tmp_path, "alpha", "patrol", "covers", "northern")
    assert code == 0, out
    assert cites == [{"doc": "report-one", "quote": "patrol covers the northern"}]
