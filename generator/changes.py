"""What changed in a briefing, and when: the What's new page and the feed are made from this.

The dates come from the repository (:mod:`generator.history`): a fact was added when the earliest
of its lines was committed, and changed when the latest was, leaving out the lines that only
keep the books (its ``id``, ``added``, ``retracted`` and ``corrections``, which say their own
dates). An explicit ``added:`` wins over both. Without a history the information's own dates
stand in (a fact's ``as_of``, an event's date, a document's publication), and the page says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import resolved
from .dates import PartialDate
from .history import History, Line

BOOKKEEPING = frozenset({"id", "added", "retracted", "corrections"})
"""Keys whose edits are not a change of the information itself."""

HOW = ("added", "changed", "corrected", "retracted", "answered")

LABELS = {("fact", "added"): "New fact", ("fact", "changed"): "Fact changed", ("fact", "corrected"): "Correction",
          ("fact", "retracted"): "Retracted", ("event", "added"): "New event", ("event", "changed"): "Event changed",
          ("question", "added"): "New question", ("question", "changed"): "Question changed",
          ("question", "answered"): "Answered", ("document", "added"): "New source"}
"""How each kind of change is named, on the What's new page and in the feed."""


@dataclass(frozen=True)
class Change:
    """One thing that happened to one fact, event, question or document."""

    when: dt.datetime | None
    """``None``: in the working copy, not yet committed (seen only in a local preview)."""
    how: str
    """One of :data:`HOW`."""
    thing: resolved.Fact | resolved.Event | resolved.Question | resolved.Document
    note: str = ""

    @property
    def what(self) -> str:
        return {resolved.Fact: "fact", resolved.Event: "event", resolved.Question: "question",
                resolved.Document: "document"}[type(self.thing)]

    @property
    def day(self) -> dt.date | None:
        return self.when.date() if self.when is not None else None

    @property
    def label(self) -> str:
        return LABELS[(self.what, self.how)]


@dataclass
class Changes:
    """A briefing's changes, newest first."""

    items: list[Change]
    from_history: bool
    """False when the dates are the information's own (no repository history)."""
    reason: str = ""
    """Why there was no history."""

    def by_day(self) -> list[tuple[str, list[Change]]]:
        """The changes under the day they happened ("22 January 2025"), newest first; those not
        yet committed first of all."""
        groups: dict[dt.date | None, list[Change]] = {}
        for c in self.items:
            groups.setdefault(c.day, []).append(c)
        return [(PartialDate(d.year, d.month, d.day).human() if d else "Not yet committed", items) for d, items in groups.items()]

    def latest(self) -> list[tuple[Change, Change]]:
        """Each thing once, as (its latest change, its addition): a feed's entries, newest first."""
        first: dict[int, Change] = {}
        last: dict[int, Change] = {}
        for c in reversed(self.items):
            first.setdefault(id(c.thing), c)
            last[id(c.thing)] = c
        return sorted(((last[k], first[k]) for k in last), key=lambda p: _order(p[0]), reverse=True)


def _order(c: Change) -> tuple[Any, ...]:
    newest = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    return (c.when or newest, HOW.index(c.how))


def field_of(thing: Any, name: str) -> Any:
    """A key of the entry as the analyst wrote it, whether the resolved object carries it or its model."""
    value = getattr(thing, name, None)
    if value is None:
        value = getattr(getattr(thing, "model", None), name, None)
    if value is None and isinstance(thing, resolved.Document):
        value = getattr(thing.meta, name, None)
    return value


def at_midnight(date: PartialDate) -> dt.datetime:
    return dt.datetime.combine(date.to_date(), dt.time(), dt.timezone.utc)


def changes(briefing: resolved.Briefing, history: History) -> Changes:
    """Every change of the briefing's facts, events, questions and documents, newest first."""
    out: list[Change] = []
    dated = _Dater(history) if history.available else None
    for fact in briefing.facts:
        out += _thing(fact, dated, fallback=fact.as_of or briefing.meta.updated)
        for correction in field_of(fact, "corrections") or []:
            out.append(Change(at_midnight(correction.date), "corrected", fact, correction.note))
        retracted = field_of(fact, "retracted")
        if retracted is not None:
            out.append(Change(at_midnight(retracted.date), "retracted", fact, retracted.note))
    for event in briefing.events:
        own = event.date if event.date.to_date() <= briefing.meta.updated.to_date() else briefing.meta.updated
        out += _thing(event, dated, fallback=own)
    for question in briefing.questions:
        published = [c.published for c in question.citations if c.published]
        # an answer is news of its own, "Answered", not a change of the question
        out += _thing(question, dated, fallback=min(published) if published else briefing.meta.updated, ignore={"status", "answer"})
        if question.model.status == "answered":
            when = dated.answered(question) if dated else None
            if dated is not None or when is not None:
                out.append(Change(when, "answered", question))
    for doc in briefing.documents.values():
        explicit = field_of(doc, "added")
        if explicit is not None:
            when: dt.datetime | None = at_midnight(explicit)
        elif dated is not None:
            when = history.added.get(doc.source)
        else:
            when = at_midnight(doc.meta.published or doc.meta.retrieved or briefing.meta.updated)
        out.append(Change(when, "added", doc))
    out.sort(key=_order, reverse=True)
    return Changes(out, history.available, history.reason)


def _thing(thing: Any, dated: _Dater | None, *, fallback: PartialDate, ignore: set[str] | None = None) -> list[Change]:
    explicit = field_of(thing, "added")
    if dated is None:
        return [Change(at_midnight(explicit or fallback), "added", thing)]
    added, changed = dated.span(thing.where, BOOKKEEPING | (ignore or set()))
    if explicit is not None:
        added = at_midnight(explicit)
    out = [Change(added, "added", thing)]
    if _later(changed, added):
        out.append(Change(changed, "changed", thing))
    return out


def _later(a: dt.datetime | None, b: dt.datetime | None) -> bool:
    """True when ``a`` is on a later day than ``b`` (not yet committed counts as latest)."""
    if a is None:
        return b is not None
    return b is not None and a.date() > b.date()


class _Dater:
    """Dates of entries from the blame of their lines."""

    def __init__(self, history: History):
        self.history = history

    def lines(self, where: tuple[str, int, int]) -> list[tuple[str, Line]]:
        """The entry's lines, each with the key it belongs to (at the entry's own indentation)."""
        path, start, column = where
        stamps = self.history.lines.get(path, [])
        indent = column - 1
        out: list[tuple[str, Line]] = []
        key = ""
        for number in range(start, len(stamps) + 1):
            line = stamps[number - 1]
            text = line.text
            stripped = text.strip()
            if number > start:
                if not stripped or stripped.startswith("#"):
                    continue
                if len(text) - len(text.lstrip(" ")) < indent:
                    break
            if number == start or len(text) - len(text.lstrip(" ")) == indent:
                key = text[indent:].split(":", 1)[0].strip()
            out.append((key, line))
        return out

    def span(self, where: tuple[str, int, int], ignore: frozenset[str] | set[str] = BOOKKEEPING) -> tuple[dt.datetime | None, dt.datetime | None]:
        """(added, last changed) of the entry at ``where``: its earliest and latest lines but those of ``ignore``d keys."""
        content = [line.when for key, line in self.lines(where) if key not in ignore]
        if not content:
            return None, None
        committed = [w for w in content if w is not None]
        added = min(committed) if committed else None
        changed = None if None in content else max(committed) if committed else None
        return added, changed

    def answered(self, question: resolved.Question) -> dt.datetime | None:
        """When the question's ``status: answered`` was committed (its latest line, failing that)."""
        lines = self.lines(question.where)
        status = [line.when for key, line in lines if key == "status"]
        if status:
            return status[0]
        return self.span(question.where)[1]

