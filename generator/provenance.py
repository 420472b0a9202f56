"""What a reader needs to weigh the facts: figures over time, disagreements, age, source coverage
and (from legal_basis.py) whether each mission rests on an authority in force.

Pure functions of resolved briefings. None of them depends on the order in which the analyst
wrote the facts: whatever is grouped is sorted by date and value, so that reordering a YAML file
never changes a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import legal_basis as legal
from .dates import PartialDate
from .errors import Problem
from .numbers import grouped
from .resolved import Briefing, Document, Entity, Event, Fact, Question

STALE_AFTER_DAYS = 30
"""A fact whose `as_of` is more than this many days before its briefing's `updated` is marked
"possibly out of date". A month: briefings follow fast-moving situations, where a count of troops
changes from one week to the next, so a figure a month behind the latest information has likely
been overtaken; a briefing brought up to date every week or two marks none of its recent facts."""


# figures ---------------------------------------------------------------------------------

def unit_key(unit: str) -> str:
    """The unit as compared: ``Troops``, ``troop`` and ``troops`` count the same thing, and so do
    ``crossing per day`` and ``Crossings  per day``. A final ``s`` is dropped from each word (not
    from ``ss``): both sides of a comparison lose it alike, so no two units written differently
    in the singular are merged."""
    key = _UNITS.get(unit)
    if key is None:
        key = " ".join(_singular(w) for w in unit.casefold().split())
        if len(_UNITS) < 10_000:
            _UNITS[unit] = key
    return key


_UNITS: dict[str, str] = {}
"""Units as compared, by how they are written: a briefing writes a few, each thousands of times."""


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 1 and word.endswith("s") and not word.endswith("ss") else word


def bounds(fact: Fact) -> tuple[float, float]:
    """The figure's low and high ends; equal for a single number."""
    assert fact.figure is not None
    value = fact.figure.value
    return (value[0], value[1]) if isinstance(value, tuple) else (value, value)


def _order(fact: Fact) -> tuple[Any, ...]:
    """Date, value, then wording: an order that does not depend on where a fact was written."""
    low, high = bounds(fact)
    assert fact.as_of is not None
    return (fact.as_of.sort_key(), low, high, fact.text, fact.figure.unit if fact.figure else "", fact.anchor)


def _dated_figures(entity: Entity) -> dict[str, list[Fact]]:
    """The entity's facts with a figure and a date, by unit, each list in date and value order."""
    groups: dict[str, list[Fact]] = {}
    for fact in entity.current_facts:
        if fact.figure is not None and fact.as_of is not None:
            groups.setdefault(unit_key(fact.figure.unit), []).append(fact)
    return {k: sorted(v, key=_order) if len(v) > 1 else v for k, v in sorted(groups.items())}


@dataclass(frozen=True)
class Series:
    """The figures one entity has in one unit at several dates: drawn as a chart with a table."""

    entity: Entity
    unit: str
    facts: list[Fact]
    """In date order; facts of the same date (a disagreement) in value order."""

    @property
    def dates(self) -> list[PartialDate]:
        return sorted({f.as_of for f in self.facts if f.as_of is not None})


def series(entity: Entity) -> list[Series]:
    """Each unit in which the entity has figures at two or more dates, in unit order."""
    out = []
    for facts in _dated_figures(entity).values():
        if len({f.as_of for f in facts}) >= 2:
            out.append(Series(entity, _unit_shown(facts), facts))
    return out


def _unit_shown(facts: list[Fact]) -> str:
    """The unit as the earliest fact writes it."""
    assert facts[0].figure is not None
    return facts[0].figure.unit


def dates_overlap(a: PartialDate, b: PartialDate) -> bool:
    """Whether two dates may mean the same time, read at the coarser precision of the two:
    ``2025-01`` overlaps ``2025-01-22``, ``2025`` overlaps ``2025-03-04``, two days must be equal."""
    if a.day and b.day:
        return a == b
    if a.month and b.month:
        return a.year == b.year and a.month == b.month
    return a.year == b.year


@dataclass(frozen=True)
class Disagreement:
    """A cluster of comparable figures about one entity, at least two of which disagree.

    Disagreement is not transitive (``[1100, 1300]`` agrees with ``1100`` and with ``1300``, which
    disagree), so the cluster keeps, for each figure, the others it disagrees with: a figure that
    agrees with all the others is shown in the box for context but never called disputed.
    """

    entity: Entity
    unit: str
    facts: list[Fact]
    """In date and value order, then by wording: the same box whatever order the YAML has."""
    against: list[list[Fact]]
    """For each of :attr:`facts`, the facts it disagrees with, in the same order."""

    @property
    def rows(self) -> list[tuple[Fact, list[Fact]]]:
        return list(zip(self.facts, self.against))

    @property
    def dates(self) -> list[PartialDate]:
        return sorted({f.as_of for f in self.facts if f.as_of is not None})

    @property
    def pairs(self) -> list[tuple[Fact, Fact]]:
        """Each disagreeing pair once, in the order of :attr:`facts`."""
        return [(a, b) for i, (a, others) in enumerate(self.rows) for b in others if self.facts.index(b) > i]

    def disputes(self, fact: Fact) -> bool:
        return any(fact is f and others for f, others in self.rows)


def disagreements(entity: Entity) -> list[Disagreement]:
    """Where the entity's sources give figures for the same thing at the same time that cannot
    both be right: one box per cluster of figures linked by comparability, in date order.

    Two figures are comparable when they have the same unit and dates both may mean; they
    disagree when their values (a range as its interval) do not overlap: ``[1100, 1300]`` and
    ``1200`` agree."""
    out = []
    for facts in _dated_figures(entity).values():
        if len(facts) < 2:
            continue  # nothing to disagree with
        for cluster in _clusters(facts):
            ends = [bounds(f) for f in cluster]  # all of one unit: values and dates decide
            against = [[g for g, (low_g, high_g) in zip(cluster, ends)
                        if (high < low_g or high_g < low) and dates_overlap(f.as_of, g.as_of)]  # type: ignore[arg-type]
                       for f, (low, high) in zip(cluster, ends)]
            if any(against):
                out.append(Disagreement(entity, _unit_shown(cluster), cluster, against))
    return out


def _clusters(facts: list[Fact]) -> list[list[Fact]]:
    """The facts (already in order) split into groups linked by comparability, each in order."""
    group = list(range(len(facts)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i, a in enumerate(facts):  # all of one unit, all dated: their dates decide
        for j in range(i + 1, len(facts)):
            if dates_overlap(a.as_of, facts[j].as_of):  # type: ignore[arg-type]
                group[root(j)] = root(i)
    found: dict[int, list[Fact]] = {}
    for i, fact in enumerate(facts):
        found.setdefault(root(i), []).append(fact)
    return list(found.values())


def warnings(briefings: Iterable[Briefing], *, stale_after_days: int | None = None) -> list[Problem]:
    """What `briefing check` reports without failing: each mission whose legal basis is in question,
    each disagreeing pair of facts, naming both,
    at the one written second in the files (the one an analyst most likely added last); with ``stale_after_days``, each fact
    possibly out of date as well."""
    problems = []
    for briefing in briefings:
        problems += legal.warnings(briefing)
        for entity in briefing.entities.values():
            for d in disagreements(entity):
                for pair in d.pairs:
                    first, second = sorted(pair, key=lambda f: f.where)
                    message = (f"sources disagree on {entity.id}'s {d.unit}: {_figure(second)} as of {_date(second)} here, "
                               f"{_figure(first)} as of {_date(first)} at {_place(first, second)}; "
                               f"the site shows them side by side")
                    problems.append(Problem(*second.where, message))
        if stale_after_days is not None:
            for fact in briefing.current_facts:
                behind = days_behind(fact, briefing.meta.updated)
                if behind is not None and behind > stale_after_days:
                    assert fact.as_of is not None
                    message = (f"possibly out of date: as of {fact.as_of.iso()}, {behind} days before the briefing's "
                               f"latest information ({briefing.meta.updated.iso()}); the limit is {stale_after_days}")
                    problems.append(Problem(*fact.where, message))
    return sorted(problems)


def _figure(fact: Fact) -> str:
    low, high = bounds(fact)
    return f"{grouped(low)}-{grouped(high)}" if low != high else grouped(low)


def _date(fact: Fact) -> str:
    assert fact.as_of is not None
    return fact.as_of.iso()


def _place(fact: Fact, here: Fact) -> str:
    path, line, column = fact.where
    return f"{line}:{column}" if path == here.where[0] else f"{path}:{line}:{column}"


# age -------------------------------------------------------------------------------------

def last_day(date: PartialDate) -> dt.date:
    """The last day a date may mean: ``2025-01`` may mean the 31st."""
    return date.last_day()


def days_behind(fact: Fact, updated: PartialDate) -> int | None:
    """How many days the fact's date is surely before ``updated``; ``None`` when it has no date.

    Counted from the last day the fact's date may mean to the first day ``updated`` may mean, so
    that a fact is only called old when it is old whatever the imprecise dates mean.
    """
    if fact.as_of is None:
        return None
    return (updated.to_date() - last_day(fact.as_of)).days


def last_updated(entity: Entity, updated: PartialDate) -> tuple[PartialDate, bool]:
    """The latest date of the entity's facts and events, and whether there was one.

    Dates surely after the briefing's ``updated`` (a deadline still to come) are not information
    the briefing has; without any other, the briefing's ``updated`` stands, and the flag is False.
    ``updated: 2025-01`` may mean the 31st, so a fact as of 20 January is information it has.
    """
    dates = [f.as_of for f in entity.current_facts if f.as_of is not None] + [e.date for e in entity.events]
    known = [d for d in dates if not d.surely_after(updated)]
    return (max(known), True) if known else (updated, False)


# sources ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Coverage:
    """How many distinct facts, events and questions cite a document (each once, however many
    of the document's passages it quotes)."""

    facts: int
    events: int
    questions: int

    @property
    def total(self) -> int:
        return self.facts + self.events + self.questions

    @property
    def parts(self) -> list[tuple[int, str, str]]:
        """The kinds that cite it at all: (number, singular, plural)."""
        named = [(self.facts, "fact", "facts"), (self.events, "event", "events"), (self.questions, "question", "questions")]
        return [p for p in named if p[0]]


def coverage(document: Document) -> Coverage:
    citers = document.citers()
    return Coverage(sum(isinstance(c, Fact) for c in citers), sum(isinstance(c, Event) for c in citers),
                    sum(isinstance(c, Question) for c in citers))


# one briefing, for its pages -------------------------------------------------------------

@dataclass
class Provenance:
    """Everything above for one briefing, worked out once and handed to its templates."""

    briefing: Briefing
    stale_after_days: int
    _series: dict[str, list[Series]] = field(default_factory=dict, init=False, repr=False)
    _disagreements: dict[str, list[Disagreement]] = field(default_factory=dict, init=False, repr=False)
    _stale: dict[int, int] = field(default_factory=dict, init=False, repr=False)
    legal_basis: legal.LegalBasis = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.legal_basis = legal.legal_basis(self.briefing)
        updated = self.briefing.meta.updated
        for entity in self.briefing.entities.values():
            self._series[entity.id] = series(entity)
            self._disagreements[entity.id] = disagreements(entity)
            for fact in entity.current_facts:
                behind = days_behind(fact, updated)
                if behind is not None and behind > self.stale_after_days:
                    self._stale[id(fact)] = behind

    def series_of(self, entity: Entity) -> list[Series]:
        return self._series.get(entity.id, [])

    def disagreements_of(self, entity: Entity) -> list[Disagreement]:
        return self._disagreements.get(entity.id, [])

    @property
    def disagreements_by_entity(self) -> list[tuple[Entity, list[Disagreement]]]:
        """Entities with disagreements, in the briefing's order, each with its own."""
        return [(e, self._disagreements[e.id]) for e in self.briefing.entities.values() if self._disagreements.get(e.id)]

    @property
    def disagreement_count(self) -> int:
        return sum(len(v) for v in self._disagreements.values())

    def disagrees(self, fact: Fact) -> bool:
        """True when another figure disagrees with this one (not merely shown beside one that does)."""
        return any(d.disputes(fact) for d in self._disagreements.get(fact.subject.id, []))

    def is_stale(self, fact: Fact) -> bool:
        return id(fact) in self._stale

    def days_behind(self, fact: Fact) -> int:
        return self._stale.get(id(fact), 0)

    @property
    def stale_facts(self) -> list[Fact]:
        return [f for f in self.briefing.facts if id(f) in self._stale]

    def last_updated(self, entity: Entity) -> tuple[PartialDate, bool]:
        return last_updated(entity, self.briefing.meta.updated)

    def coverage(self, document: Document) -> Coverage:
        return coverage(document)

    @property
    def documents_without_facts(self) -> list[tuple[Document, Coverage]]:
        """Documents that no fact cites, with what else cites them: sources not yet mined."""
        out = [(d, coverage(d)) for d in self.briefing.documents.values()]
        return [(d, c) for d, c in out if c.facts == 0]
