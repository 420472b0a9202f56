"""The benchmark's synthetic briefings stay valid as the format's checks tighten, or it measures nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT
from generator.validation import load_site

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_briefing  # noqa: E402


def test_a_synthetic_briefing_passes_the_check(tmp_path: Path) -> None:
    write_briefing(tmp_path / "briefings" / "bench", 40)
    (briefing,) = load_site(tmp_path / "briefings", tmp_path)
    assert len(briefing.entities) == 40
    assert len(briefing.facts) >= 5 * 40, "the issue's benchmark asks for at least 5 facts an entity"
    assert all(c.verified for f in briefing.facts for c in f.citations)


def test_a_failing_assertion_on_a_briefing_prints_a_short_report(tmp_path: Path) -> None:
    """pytest prints the objects of a failing assertion: entities, facts and relations point at one
    another, and following every path through them once took 12 GB for a 40-entity briefing."""
    write_briefing(tmp_path / "briefings" / "bench", 40)
    (briefing,) = load_site(tmp_path / "briefings", tmp_path)
    fact = briefing.facts[0]
    assert repr(briefing) == "Briefing(bench: 40 entities, 8 documents)"
    assert "Entity(bench/e-0)" in repr(fact) and len(repr(fact)) < 2_000
    assert all(len(repr(e)) < 100 for e in briefing.entities.values())
