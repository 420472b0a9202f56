"""Dates as analysts write them: a year, a month or a day, shown at the precision written."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.dates import PartialDate


@pytest.mark.parametrize(("written", "iso", "human", "precision"), [
    ("2025-01-22", "2025-01-22", "22 January 2025", "day"),
    ("2025-01", "2025-01", "January 2025", "month"),
    ("2025", "2025", "2025", "year"),
    (2025, "2025", "2025", "year"),
    (" 2024-02-29 ", "2024-02-29", "29 February 2024", "day"),
    (dt.date(2025, 3, 1), "2025-03-01", "1 March 2025", "day"),
])
def test_the_precision_written_is_the_precision_shown(written: object, iso: str, human: str, precision: str) -> None:
    date = PartialDate.parse(written)
    assert (date.iso(), date.human(), date.precision, str(date)) == (iso, human, precision, iso)


@pytest.mark.parametrize(("written", "message"), [
    ("2025-02-30", "'2025-02-30' is not a date: February 2025 has 28 days"),
    ("2025-02-29", "'2025-02-29' is not a date: February 2025 has 28 days"),
    ("2025-04-31", "'2025-04-31' is not a date: April 2025 has 30 days"),
    ("2025-01-00", "'2025-01-00' is not a date: there is no day 0"),
    ("2025-13", "'2025-13' is not a date: there is no month 13"),
    ("2025-00-10", "'2025-00-10' is not a date: there is no month 0"),
    ("0000-01-01", "'0000-01-01' is not a date: there is no year 0"),
    ("2025-1-5", "'2025-1-5' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
    ("22 January 2025", "'22 January 2025' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
    ("25", "'25' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
    (None, "expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got nothing"),
    (True, "expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got true"),
    ([2025], "expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got a list"),
    ({"after": "x"}, "expected a date (YYYY-MM-DD, YYYY-MM or YYYY), got a mapping"),
])
def test_an_impossible_or_misspelt_date_says_what_is_wrong(written: object, message: str) -> None:
    with pytest.raises(ValueError) as e:
        PartialDate.parse(written)
    assert str(e.value) == message


@pytest.mark.parametrize(("start", "days", "result"), [
    ("2025-01-20", 90, "2025-04-20"),
    ("2025-01-31", 1, "2025-02-01"),
    ("2024-02-28", 1, "2024-02-29"),
    ("2025-12-31", 1, "2026-01-01"),
    ("2025-03-01", -1, "2025-02-28"),
    ("2025-01-20", 0, "2025-01-20"),
])
def test_plus_days_counts_calendar_days(start: str, days: int, result: str) -> None:
    assert PartialDate.parse(start).plus_days(days).iso() == result


def test_plus_days_out_of_the_calendar_is_an_error_not_a_crash() -> None:
    with pytest.raises(ValueError) as e:
        PartialDate.parse("2025-01-20").plus_days(10_000_000)
    assert str(e.value) == "10000000 days after 2025-01-20 is not a date between the years 1 and 9999"


def test_dates_of_different_precision_sort_less_precise_first() -> None:
    dates = [PartialDate.parse(d) for d in ("2025-01-01", "2025", "2024-12-31", "2025-01", "2025-02")]
    assert [d.iso() for d in sorted(dates)] == ["2024-12-31", "2025", "2025-01", "2025-01-01", "2025-02"]
    assert PartialDate.parse("2025-01") == PartialDate(2025, 1)
    assert PartialDate.parse("2025-01").to_date() == dt.date(2025, 1, 1)
