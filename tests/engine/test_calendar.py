"""Working days on the official calendar, with make-up days, and the Monday–Friday fallback."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.engine.calendar import WorkCalendar


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        ("2020-04-01", 7, "2020-04-13"),  # Qingming 4–6 April off
        ("2020-04-29", 7, "2020-05-12"),  # Labour Day 1–5 May off, Saturday 9 May worked
        ("2020-04-24", 1, "2020-04-26"),  # Sunday 26 April is a make-up working day
        ("2020-01-01", 0, "2020-01-01"),  # within 0 working days: on or before the day
        ("2020-06-24", 1, "2020-06-28"),  # Dragon Boat 25–27 June off, Sunday 28 worked
        ("2020-03-06", 1, "2020-03-09"),  # an ordinary weekend
    ],
)
def test_add_working_days(start: str, count: int, expected: str) -> None:
    calendar = WorkCalendar()
    result = calendar.add_working_days(dt.date.fromisoformat(start), count)
    assert result == dt.date.fromisoformat(expected)
    assert not calendar.used_fallback


def test_outside_the_calendar_falls_back_to_weekdays_and_says_so() -> None:
    calendar = WorkCalendar()
    assert calendar.add_working_days(dt.date(2040, 1, 6), 1) == dt.date(2040, 1, 9)  # Fri→Mon
    assert calendar.used_fallback
    assert calendar.fallback_days == {2040}


def test_days_unit_is_plain_arithmetic() -> None:
    assert WorkCalendar().limit(dt.date(2020, 4, 29), 7, "days") == dt.date(2020, 5, 6)


@given(
    st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2024, 12, 1)),
    st.integers(min_value=0, max_value=40),
)
def test_the_limit_is_the_nth_working_day_after_the_start(start: dt.date, count: int) -> None:
    calendar = WorkCalendar()
    limit = calendar.add_working_days(start, count)
    days = [start + dt.timedelta(days=k) for k in range(1, (limit - start).days + 1)]
    assert sum(calendar.is_workday(day) for day in days) == count
    if count:
        assert calendar.is_workday(limit)
        assert calendar.add_working_days(start, count + 1) > limit


def test_year_tables_agree_with_the_package_day_by_day() -> None:
    """Working days are read from the package's tables a year at a time; they must be the
    days its own is_workday names, in every year it covers (and none outside)."""
    import chinese_calendar

    from audit.engine.calendar import _days_of, _official_year

    for year in range(2004, 2027):
        expected = [day for day in _days_of(year) if chinese_calendar.is_workday(day)]
        assert _official_year(year) == expected, year
    assert _official_year(2099) is None
