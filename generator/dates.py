"""Dates written at the precision the analyst knows: a year, a month or a day."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date whose precision is part of its meaning: ``2025-01`` is shown as January 2025.

    Dates of different precision compare by the first day they may mean, the less precise first:
    ``2025`` < ``2025-01`` < ``2025-01-01`` (a generated ordering would compare ``None`` with 1).
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` saying what is wrong."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValueError(f"expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got {_what(value)}")
        text = str(value).strip()
        match = _FORM.match(text)
        if not match:
            raise ValueError(f"'{text}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(g) if g else None for g in match.groups())
        if year == 0:
            raise ValueError(f"'{text}' is not a date: there is no year 0")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' is not a date: there is no month {month}")
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if day == 0:
                raise ValueError(f"'{text}' is not a date: there is no day 0")
            if day > last:
                raise ValueError(f"'{text}' is not a date: {_MONTHS[month - 1]} {year} has {last} days")
        return cls(year, month, day)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def sort_key(self) -> tuple[int, int, int]:
        """The date's place in the order, as plain numbers: a key that sorts without calling
        :meth:`__lt__` for every comparison."""
        return self.year, self.month or 0, self.day or 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def to_date(self) -> dt.date:
        """The first day the date may mean: used to sort and to count days."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The last day the date may mean: ``2025-01`` may mean the 31st."""
        if self.day:
            return self.to_date()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def surely_after(self, other: PartialDate) -> bool:
        """True when this date is after ``other`` whatever either imprecise date means: ``2025-02``
        is surely after ``2025-01``, while ``2025-01`` is not surely after ``2025-01-20``."""
        return self.to_date() > other.last_day()

    def chronological(self) -> tuple[dt.date, int]:
        """Where the date goes in a list of events: after the dated ones of its period, since
        ``2025`` must not claim to come before 20 January 2025. By the last day it may mean, then
        the more precise first (20 January 2025, then January 2025, then 2025)."""
        return self.last_day(), 0 if self.day else 1 if self.month else 2

    def plus_days(self, days: int) -> PartialDate:
        """The day ``days`` after this one; ``ValueError`` when that leaves the years 1 to 9999."""
        try:
            d = self.to_date() + dt.timedelta(days=days)
        except OverflowError:
            raise ValueError(f"{days} days after {self.iso()} is not a date between the years 1 and 9999") from None
        return PartialDate(d.year, d.month, d.day)

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self) -> str:
        if self.day:
            return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"  # type: ignore[index]
        if self.month:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()


def _what(value: object) -> str:
    """A value that is not a date, named as the analyst wrote it in YAML."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    return {dict: "a mapping", list: "a list"}.get(type(value), repr(value))
