"""Long lists split into pages, so that no page grows with the briefing.

A view (a kind's index, the sources, key figures, disagreements, the timeline, a tag, what's new)
stays one page while it holds at most its limit; beyond that its page becomes an index of parts,
each part a page of at most the limit, grouped the way a reader looks for things: by the first
letter of a name, by month, by kind. Everything here is pure: it decides which items go on which
page; the templates present them and :mod:`generator.urls` gives the addresses.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .dates import PartialDate

T = TypeVar("T")

ENTITIES_PER_PAGE = 250
"""Forces, missions or authorities on a kind's index page (a line each, with its summary)."""
SOURCES_PER_PAGE = 250
"""Documents on the sources page, a line each."""
OUTSIDE_SOURCES_PER_PAGE = 500
"""Outside pages on the sources page, a link each."""
FIGURES_PER_PAGE = 100
"""Rows of Key figures: a row carries its sources and their quoted words, about 1 KB."""
DISAGREEMENT_ROWS_PER_PAGE = 100
"""Figures shown in the disagreement boxes of one page (a box is a table of such rows)."""
EVENTS_PER_PAGE = 200
"""Events on a page of the timeline."""
QUESTIONS_PER_PAGE = 100
"""Questions on a page of Open questions: each with its sources, and an answered one its answer."""
TAGGED_PER_PAGE = 500
"""Entities listed on one tag's page, a link each."""
CHANGES_PER_PAGE = 500
"""Lines of What's new on one page."""
OVERVIEW_LIST = 20
"""Items of any list on the overview (key figures, open questions, legal basis...): the rest are a
link away, so that the overview of a large briefing weighs what a small one's does."""


@dataclass
class Part(Generic[T]):
    """One page of a split list: its items, its heading and where it lives."""

    slug: str
    title: str
    path: str
    """From the docs root, like every page path."""
    items: list[T]
    first: str = ""
    """The name of its first item and of its last, for an index line ("Aaron – Azure")."""
    last: str = ""
    group: str = ""
    """The heading of its group ("E"), shared by the numbered parts of a group cut in several."""
    number: int = 1


def letter(name: str) -> tuple[str, str]:
    """(slug, heading) of the group a name is listed under: its first letter, A to Z, accents
    ignored; anything else (a digit, a quotation mark) under "0–9 and others"."""
    for ch in name:
        if ch.isalnum():
            base = _fold(ch)
            if "a" <= base <= "z":
                return base, base.upper()
            break
    return "other", "0–9 and others"


def _fold(ch: str) -> str:
    return unicodedata.normalize("NFKD", ch.casefold())[:1]


def by_name(name: str) -> tuple[str, str]:
    """A sort key for names as a reader expects them: letter group first, then the name, case and
    accents aside, numbers in number order ("Unit 9" before "Unit 10")."""
    folded = "".join(_fold(c) or c for c in name)
    return letter(name)[0].replace("other", "\0"), re.sub(r"\d+", lambda m: m.group().zfill(12), folded)


def month(date: PartialDate) -> tuple[str, str]:
    """(slug, heading) of the month a date falls in; a date known only to the year is its own group."""
    if date.precision == "year" or date.month is None:
        return f"{date.year:04d}", f"{date.year} (month not known)"
    return f"{date.year:04d}-{date.month:02d}", PartialDate(date.year, date.month).human()


def day_month(day: dt.date | None) -> tuple[str, str]:
    """The month of a change's day; changes not yet committed are a group of their own."""
    if day is None:
        return "not-yet-committed", "Not yet committed"
    return month(PartialDate(day.year, day.month, day.day))


def split(items: Sequence[T], *, group: Callable[[T], tuple[str, str]], folder: str, limit: int,
          name: Callable[[T], str] = str, unit: Callable[[T], Hashable] | None = None,
          weight: Callable[[T], int] | None = None, always: bool = False) -> list[Part[T]]:
    """``items`` (in the order to show them) as parts of at most ``limit`` (by ``weight``, one an
    item by default): consecutive items of one ``group`` share a part, and a group too big for one
    is cut into numbered parts ("E (2 of 3)"), never inside a ``unit`` (an entity's figures stay
    together). An empty list when everything fits on one page, unless ``always``."""
    size = weight or (lambda _: 1)
    if not always and sum(size(x) for x in items) <= limit:
        return []
    groups: list[tuple[str, str, list[T]]] = []
    for x in items:
        slug, title = group(x)
        if not groups or groups[-1][0] != slug:
            groups.append((slug, title, []))
        groups[-1][2].append(x)
    parts: list[Part[T]] = []
    taken: set[str] = set()
    for slug, title, members in groups:
        pieces = _pieces(members, limit, size, unit)
        for i, piece in enumerate(pieces, 1):
            s = slug if i == 1 else f"{slug}-{i}"
            while s in taken:  # a group that came back after another (items not sorted by group)
                s += "-x"
            taken.add(s)
            t = title if len(pieces) == 1 else f"{title} ({i} of {len(pieces)})"
            parts.append(Part(s, t, f"{folder}/{s}.md", piece, name(piece[0]), name(piece[-1]), title, i))
    return parts


def _pieces(members: list[T], limit: int, size: Callable[[T], int], unit: Callable[[T], Hashable] | None) -> list[list[T]]:
    runs: list[list[T]] = []
    for x in members:
        if unit is not None and runs and unit(runs[-1][-1]) == unit(x):
            runs[-1].append(x)
        else:
            runs.append([x])
    pieces: list[list[T]] = [[]]
    load = 0
    for run in runs:
        w = sum(size(x) for x in run)
        if pieces[-1] and load + w > limit:
            pieces.append([])
            load = 0
        pieces[-1].extend(run)
        load += w
    return pieces


def top(items: Sequence[Any], n: int = OVERVIEW_LIST) -> tuple[list[Any], int]:
    """The first ``n`` items of a list the overview shows, and how many more there are."""
    return list(items[:n]), max(0, len(items) - n)
