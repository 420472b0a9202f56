"""Figures over time, disagreements, age and coverage, worked out from the provenance fixture.

The fixture (tests/fixtures/provenance/bravo) has Bravo Force's troops at three dates
(2,200 → 4,000 → 10,000), a second source giving 3,500 on the same day as the 4,000, a range of
daily crossings, a document no fact cites and one cited by an event as well; the Bravo supply run
has two counts of trucks that disagree and a range that agrees with both.
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
    assert (found.unit, [d.iso() for d in found.dates], figures(found.facts)) == ("troops", ["2025-02-05"], [3500, 4000])
    assert [figures(pair) for pair in found.pairs] == [[3500, 4000]]
    assert provenance.disagreements(bravo.entities["bravo-patrol"]) == []


def test_disagreement_is_reported_at_the_second_fact_in_file_order(bravo: Briefing) -> None:
    assert provenance.warnings([bravo])[0] == Problem(
        "provenance/bravo/forces.yml", 15, 7,
        "sources disagree on bravo-force's troops: 3,500 as of 2025-02-05 here, 4,000 as of 2025-02-05 at 12:7; "
        "the site shows them side by side")


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
    warning, _supply = provenance.warnings(swapped)
    assert warning.message.startswith("sources disagree on bravo-force's troops: 4,000 as of 2025-02-05 here, "
                                      "3,500 as of 2025-02-05 at ")


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


@pytest.mark.parametrize(("a", "b", "same"), [
    ("troop", "troops", True),
    ("Trucks", "truck", True),
    ("crossing per day", "Crossings  per  days", True),
    ("troops", "troupes", False),
    ("pass", "pas", False),          # a double s is no plural
    ("vehicles", "vessels", False),
])
def test_units_compare_without_regard_to_a_plural_s(a: str, b: str, same: bool) -> None:
    assert (provenance.unit_key(a) == provenance.unit_key(b)) is same


@pytest.mark.parametrize(("a", "b", "overlap"), [
    ("2025-01", "2025-01-22", True),
    ("2025", "2025-03-04", True),
    ("2025", "2025-12", True),
    ("2025-01-22", "2025-01-22", True),
    ("2025-01-22", "2025-01-23", False),   # two days must be equal
    ("2025-02", "2025-01-22", False),
    ("2024", "2025-01", False),
])
def test_dates_overlap_at_the_coarser_precision(a: str, b: str, overlap: bool) -> None:
    first, second = PartialDate.parse(a), PartialDate.parse(b)
    assert provenance.dates_overlap(first, second) is overlap
    assert provenance.dates_overlap(second, first) is overlap


# Disagreements beyond exact equality (issue 9, item 3): a briefing of the fixture plus Delta Force,
# whose facts each test writes, all quoting one report.

REPORT = """---
title: Delta report
publisher: Delta Wire
published: 2025-01-22
---
The first count found 1000 trucks at the depot. A second count found 1300 trucks at the depot.
Officials estimate between 1000 and 1300 trucks at the depot. Between 1100 and 1300 trucks wait in line.
About 1200 trucks wait in line, a driver said. The convoy had 40 trucks on the road.
A driver counted 55 trucks on the road. In January the depot held 900 trucks in all.
"""

FACTS = {
    "low": ("1,000 trucks", "{value: 1000, unit: trucks}", "The first count found 1000 trucks at the depot"),
    "high": ("1,300 trucks", "{value: 1300, unit: trucks}", "A second count found 1300 trucks at the depot"),
    "both": ("1,000 to 1,300 trucks", "{value: [1000, 1300], unit: trucks}", "between 1000 and 1300 trucks at the depot"),
    "range": ("1,100 to 1,300 trucks", "{value: [1100, 1300], unit: trucks}", "Between 1100 and 1300 trucks wait in line"),
    "inside": ("About 1,200 trucks", "{value: 1200, unit: trucks, approx: true}", "About 1200 trucks wait in line"),
    "forty": ("40 trucks", "{value: 40, unit: trucks}", "The convoy had 40 trucks on the road"),
    "fifty-five": ("55 truck", "{value: 55, unit: truck}", "A driver counted 55 trucks on the road"),
    "january": ("900 trucks in January", "{value: 900, unit: Trucks}", "In January the depot held 900 trucks in all"),
}


def _delta(tmp_path: Path, *facts: tuple[str, str | None], name: str = "delta") -> Path:
    """The fixture with Delta Force, whose facts are (key of FACTS, as_of or None) in this order."""
    copy = tmp_path / name
    shutil.copytree(FIXTURE, copy)
    (copy / "bravo/documents/delta-report.md").write_text(REPORT, encoding="utf-8")
    lines = ["- id: delta-force", "  name: Delta Force", "  summary: Counts trucks.", "  facts:"]
    for key, as_of in facts:
        text, figure, quote = FACTS[key]
        lines += [f"    - text: {text}.", f"      figure: {figure}"]
        lines += [f"      as_of: {as_of}"] if as_of else []
        lines += [f"      cite: {{doc: delta-report, quote: {quote}}}"]
    with open(copy / "bravo/forces.yml", "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return copy


def _delta_disagreements(tmp_path: Path, *facts: tuple[str, str | None]) -> list[provenance.Disagreement]:
    briefing, = load_site(_delta(tmp_path, *facts), base=tmp_path)
    return provenance.disagreements(briefing.entities["delta-force"])


def test_a_figure_inside_a_range_agrees_with_it(tmp_path: Path) -> None:
    assert _delta_disagreements(tmp_path, ("range", None), ("inside", None)) == []


def test_approx_does_not_widen_a_figure(tmp_path: Path) -> None:
    found, = _delta_disagreements(tmp_path, ("inside", None), ("high", None))
    assert figures(found.facts) == [1200, 1300]


def test_troop_and_troops_are_one_unit(tmp_path: Path) -> None:
    found, = _delta_disagreements(tmp_path, ("forty", None), ("fifty-five", None))
    assert (found.unit, figures(found.facts)) == ("trucks", [40, 55])


def test_a_month_is_compared_with_the_days_it_contains(tmp_path: Path) -> None:
    found, = _delta_disagreements(tmp_path, ("january", "2025-01"), ("inside", "2025-01-22"))
    assert [d.iso() for d in found.dates] == ["2025-01", "2025-01-22"]
    assert figures(found.facts) == [900, 1200]
    assert _delta_disagreements(tmp_path / "apart", ("january", "2025-01"), ("inside", "2025-02-03")) == []


def test_a_year_is_compared_with_a_day_in_it_but_two_days_only_when_equal(tmp_path: Path) -> None:
    found, = _delta_disagreements(tmp_path, ("january", "2025"), ("inside", "2025-03-04"))
    assert figures(found.facts) == [900, 1200]
    assert _delta_disagreements(tmp_path / "days", ("low", "2025-01-22"), ("high", "2025-01-23")) == []


def test_a_series_counts_troop_and_troops_as_one_unit(tmp_path: Path) -> None:
    briefing, = load_site(_delta(tmp_path, ("fifty-five", "2025-02-03"), ("forty", "2025-01-22")), base=tmp_path)
    trucks, = provenance.series(briefing.entities["delta-force"])
    assert (trucks.unit, figures(trucks.facts)) == ("trucks", [40, 55])


def test_a_figure_that_agrees_with_both_sides_is_shown_but_not_called_disputed(tmp_path: Path) -> None:
    found, = _delta_disagreements(tmp_path, ("both", None), ("low", None), ("high", None))
    assert [(figures([f]), figures(others)) for f, others in found.rows] == [
        ([1000], [1300]), ([(1000, 1300)], []), ([1300], [1000])]
    assert [figures(pair) for pair in found.pairs] == [[1000, 1300]]
    assert [found.disputes(f) for f in found.facts] == [True, False, True]


def test_the_warning_names_both_facts_of_each_disagreeing_pair(tmp_path: Path) -> None:
    """The range written last agrees with both others: the old warning named it, and it alone."""
    briefing, = load_site(_delta(tmp_path, ("low", None), ("high", None), ("both", None)), base=tmp_path)
    delta = [p for p in provenance.warnings([briefing]) if "delta-force" in p.message]
    assert [(p.line, p.column, p.message) for p in delta] == [(47, 7, (
        "sources disagree on delta-force's trucks: 1,300 as of 2025-01-22 here, 1,000 as of 2025-01-22 at 44:7; "
        "the site shows them side by side"))]
    assert "1,000-1,300" not in delta[0].message


def test_each_pair_of_a_cluster_is_a_warning_of_its_own(tmp_path: Path) -> None:
    briefing, = load_site(_delta(tmp_path, ("january", "2025-01"), ("low", None), ("high", None)), base=tmp_path)
    delta = [p.message.split(": ", 1)[1].split(";")[0] for p in provenance.warnings([briefing]) if "delta-force" in p.message]
    assert delta == ["1,000 as of 2025-01-22 here, 900 as of 2025-01 at 44:7",
                     "1,300 as of 2025-01-22 here, 1,000 as of 2025-01-22 at 48:7",
                     "1,300 as of 2025-01-22 here, 900 as of 2025-01 at 44:7"]


@pytest.mark.parametrize("order", [("both", "low", "high"), ("high", "both", "low"), ("low", "high", "both")])
def test_no_order_of_the_yaml_changes_a_page(tmp_path: Path, order: tuple[str, ...]) -> None:
    reference = generate(_delta(tmp_path, ("both", None), ("low", None), ("high", None), name="ref"), base=tmp_path).pages
    pages = generate(_delta(tmp_path, *((k, None) for k in order), name="permuted"), base=tmp_path).pages
    assert pages["bravo/disagreements.md"].markdown == reference["bravo/disagreements.md"].markdown
    box = pages["bravo/disagreements.md"].markdown.split("## Delta Force")[1].split("\n## ")[0]
    rows = [line for line in box.splitlines() if line.startswith("    | **")]
    assert [row.split(" | ")[1].strip("*") for row in rows] == ["1,000 trucks", "1,000–1,300 trucks", "1,300 trucks"]
    assert [row.split(" | ")[-1].rstrip(" |").split("](")[0].lstrip("[") for row in rows] == [
        "1,300 trucks", "none", "1,000 trucks"]


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
        "briefings/bravo/forces.yml:15:7: warning: sources disagree on bravo-force's troops: "
        "3,500 as of 2025-02-05 here, 4,000 as of 2025-02-05 at 12:7; the site shows them side by side",
        "briefings/bravo/missions.yml:18:7: warning: sources disagree on bravo-supply's trucks: "
        "1,000 as of 2025-03-15 here, 1,300 as of 2025-03-15 at 15:7; the site shows them side by side"]
    assert result.stdout.splitlines()[0].endswith("10 verified quotes, 2 warnings")
    stale = run(["generator.cli", "check", "--stale-after-days", "50"], tmp_path)
    assert [line.split(": warning: ")[0] for line in stale.stderr.splitlines()] == [
        "briefings/bravo/forces.yml:9:7", "briefings/bravo/forces.yml:15:7", "briefings/bravo/forces.yml:34:7",
        "briefings/bravo/missions.yml:18:7"]
    assert stale.returncode == 0 and stale.stdout.splitlines()[0].endswith("4 warnings")
