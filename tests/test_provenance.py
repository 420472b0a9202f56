"""Figures over time, disagreements, age and coverage, worked out from the provenance fixture.

The fixture (tests/fixtures/provenance/bravo) has Bravo Force's troops at three dates
(2,200 → 4,000 → 10,000), a second source giving 3,500 on the same day as the 4,000, a range of
daily crossings, a document no fact cites and one cited by an event as well.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES
from generator import provenance
from generator.dates import PartialDate
from generator.errors import Problem
from generator.pipeline import generate
from generator.resolved import Briefing
from generator.validation import load_site

FIXTURE = FIXTURES / "provenance"


@pytest.fixture(scope="module")
def bravo() -> Briefing:
    return load_site(FIXTURE, base=FIXTURES)[0]


def figures(facts) -> list[object]:
    return [f.figure.value for f in facts]


def test_a_unit_at_several_dates_is_a_series_in_date_then_value_order(bravo: Briefing) -> None:
    troops, = provenance.series(bravo.entities["bravo-force"])
    assert troops.unit == "troops"
    assert figures(troops.facts) == [2200, 3500, 4000, 10000]
    assert [d.iso() for d in troops.dates] == ["2025-01-22", "2025-02-05", "2025-03-15"]
    crossings, = provenance.series(bravo.entities["bravo-patrol"])
    assert figures(crossings.facts) == [(1100, 1300), 800]


def test_a_unit_at_one_date_only_is_no_series(bravo: Briefing) -> None:
    assert provenance.series(bravo.entities["bravo-command"]) == []


def test_different_figures_for_the_same_unit_and_date_disagree(bravo: Briefing) -> None:
    found, = provenance.disagreements(bravo.entities["bravo-force"])
    assert (found.unit, found.as_of.iso(), figures(found.facts)) == ("troops", "2025-02-05", [3500, 4000])
    assert provenance.disagreements(bravo.entities["bravo-patrol"]) == []


def test_disagreement_is_reported_at_the_second_fact_in_file_order(bravo: Briefing) -> None:
    assert provenance.warnings([bravo]) == [Problem(
        "provenance/bravo/forces.yml", 15, 7,
        "sources disagree on bravo-force's troops as of 2025-02-05: 3,500 here, 4,000 at 12:7; "
        "the site shows them side by side")]


def test_stale_facts_are_warnings_only_when_asked_for(bravo: Briefing) -> None:
    stale = [p for p in provenance.warnings([bravo], stale_after_days=30) if "out of date" in p.message]
    assert [(p.line, p.message) for p in stale] == [
        (9, "possibly out of date: as of 2025-01-22, 57 days before the briefing's latest information (2025-03-20); the limit is 30"),
        (12, "possibly out of date: as of 2025-02-05, 43 days before the briefing's latest information (2025-03-20); the limit is 30"),
        (15, "possibly out of date: as of 2025-02-05, 43 days before the briefing's latest information (2025-03-20); the limit is 30"),
        (34, "possibly out of date: as of 2025-01-22, 57 days before the briefing's latest information (2025-03-20); the limit is 30"),
    ]
    assert [p.line for p in provenance.warnings([bravo], stale_after_days=50) if "out of date" in p.message] == [9, 34]


def _swapped(tmp_path: Path) -> Path:
    """The fixture with Bravo Force's facts written in the opposite order."""
    copy = tmp_path / "swapped"
    shutil.copytree(FIXTURE, copy)
    forces = copy / "bravo/forces.yml"
    entries = yaml.safe_load(forces.read_text(encoding="utf-8"))
    entries[0]["facts"].reverse()
    forces.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def test_the_order_of_the_facts_changes_neither_box_nor_chart(tmp_path: Path) -> None:
    before = generate(FIXTURE, base=FIXTURES).pages
    after = generate(_swapped(tmp_path), base=tmp_path).pages
    assert after["bravo/disagreements.md"].markdown == before["bravo/disagreements.md"].markdown

    def box_and_chart(markdown: str) -> str:
        lines = markdown[markdown.index('!!! warning briefing-disagreement "Sources disagree"'):].splitlines()
        end = next(i for i, line in enumerate(lines) if i and line and not line.startswith("    "))  # the first line after the box
        chart = markdown[markdown.index("## Figures over time"):markdown.index("## How it connects")]
        # Footnote numbers follow the page's order of citations, which the facts list sets.
        return re.sub(r'<sup class="briefing-note-ref"[^>]*>\d+</sup>', "", "\n".join(lines[:end]) + chart)

    page = "bravo/forces/bravo-force.md"
    assert box_and_chart(after[page].markdown) == box_and_chart(before[page].markdown)
    assert "3,500 troops" in box_and_chart(before[page].markdown)


def test_the_warning_follows_the_fact_written_second(tmp_path: Path) -> None:
    swapped = load_site(_swapped(tmp_path), base=tmp_path)
    warning, = provenance.warnings(swapped)
    assert warning.message.startswith("sources disagree on bravo-force's troops as of 2025-02-05: 4,000 here, 3,500 at ")


@pytest.mark.parametrize(("as_of", "updated", "days"), [
    ("2025-01-22", "2025-03-20", 57),
    ("2025-03-20", "2025-03-20", 0),
    ("2025-01", "2025-03-01", 29),     # January may mean the 31st
    ("2024", "2025-01-31", 31),        # 2024 may mean 31 December
    ("2025-02-10", "2025-02", -9),     # February counts from its first day
])
def test_age_counts_only_days_the_dates_surely_lie_apart(as_of: str, updated: str, days: int, bravo: Briefing) -> None:
    fact = bravo.entities["bravo-force"].facts[0]
    fact_at = type(fact)(fact.text, fact.figure, PartialDate.parse(as_of), fact.citations, fact.subject, fact.anchor)
    assert provenance.days_behind(fact_at, PartialDate.parse(updated)) == days


def test_a_fact_exactly_n_days_old_is_not_yet_stale(bravo: Briefing) -> None:
    at_57 = provenance.Provenance(bravo, 57)
    at_56 = provenance.Provenance(bravo, 56)
    first = bravo.entities["bravo-force"].facts[0]
    assert (at_57.is_stale(first), at_56.is_stale(first), at_56.days_behind(first)) == (False, True, 57)
    assert len(provenance.Provenance(bravo, 30).stale_facts) == 4


def test_last_updated_is_the_latest_fact_or_event_else_the_briefing_date(bravo: Briefing) -> None:
    updated = bravo.meta.updated
    assert provenance.last_updated(bravo.entities["bravo-force"], updated) == (PartialDate(2025, 3, 15), True)
    assert provenance.last_updated(bravo.entities["bravo-order"], updated) == (PartialDate(2025, 1, 10), True)
    assert provenance.last_updated(bravo.entities["bravo-command"], updated) == (PartialDate(2025, 3, 20), False)
    # a date after the briefing's own (a deadline to come) is not information it has
    assert provenance.last_updated(bravo.entities["bravo-force"], PartialDate(2025, 3, 1)) == (PartialDate(2025, 2, 5), True)


def test_coverage_counts_distinct_facts_events_and_questions(bravo: Briefing) -> None:
    docs = bravo.documents
    assert provenance.coverage(docs["wire-march"]) == provenance.Coverage(facts=2, events=1, questions=0)
    assert provenance.coverage(docs["wire-january"]) == provenance.Coverage(facts=2, events=0, questions=0)
    assert provenance.coverage(docs["memo-unread"]).total == 0
    listed = provenance.Provenance(bravo, 30).documents_without_facts
    assert [(d.id, c.total) for d, c in listed] == [("memo-unread", 0)]


def test_units_compare_without_regard_to_case_or_spacing() -> None:
    assert provenance.unit_key(" Crossings  per day") == provenance.unit_key("crossings per day")


def test_links_run_force_to_mission_to_authority_once_each(bravo: Briefing) -> None:
    assert [(x.source.id, x.kind, x.target.id) for x in bravo.links] == [
        ("bravo-force", "part-of", "bravo-command"),
        ("bravo-force", "acts-under", "bravo-order"),
        ("bravo-force", "leads", "bravo-mission"),
        ("bravo-patrol", "supports", "bravo-mission"),
        ("bravo-mission", "acts-under", "bravo-order"),
    ]


def test_last_day_of_a_partial_date() -> None:
    assert provenance.last_day(PartialDate(2024, 2)) == dt.date(2024, 2, 29)
    assert provenance.last_day(PartialDate(2025)) == dt.date(2025, 12, 31)


def test_check_lists_warnings_without_failing(tmp_path: Path) -> None:
    from conftest import run
    shutil.copytree(FIXTURE, tmp_path / "briefings")
    result = run(["generator.cli", "check"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "briefings/bravo/forces.yml:15:7: warning: sources disagree on bravo-force's troops as of 2025-02-05: "
        "3,500 here, 4,000 at 12:7; the site shows them side by side"]
    assert result.stdout.strip().endswith("7 verified quotes, 1 warning")
    stale = run(["generator.cli", "check", "--stale-after-days", "50"], tmp_path)
    assert [line.split(": warning: ")[0] for line in stale.stderr.splitlines()] == [
        "briefings/bravo/forces.yml:9:7", "briefings/bravo/forces.yml:15:7", "briefings/bravo/forces.yml:34:7"]
    assert stale.returncode == 0 and stale.stdout.strip().endswith("3 warnings")
