"""Working days on the official calendar, with make-up days, and the Monday–Friday fallback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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


def test_limits_at_the_end_of_the_calendar_are_never_reached() -> None:
    """9999-12-31 is a valid evidence date: a limit past it is date.max, not a crash."""
    from audit.engine.calendar import plus_days

    cal = WorkCalendar()
    assert plus_days(dt.date(9999, 12, 30), 5) == dt.date.max
    assert plus_days(dt.date(1, 1, 2), -5) == dt.date.min
    assert cal.limit(dt.date(9999, 12, 30), 5, "days") == dt.date.max
    assert cal.add_working_days(dt.date(9999, 12, 29), 20) == dt.date.max
    assert cal.limits([dt.date(9999, 12, 1), dt.date(9999, 12, 31)], 30, "days") == [
        dt.date.max,
        dt.date.max,
    ]
    assert cal.add_working_days(dt.date(9999, 12, 1), 1) == dt.date(9999, 12, 2)  # Mon–Fri


def test_an_audit_at_the_end_of_the_calendar_runs(tmp_path: Path) -> None:
    """Evidence for 9999-H2 audited as of 9999-12-31: deadlines and cadence buckets reach
    the last day there is; the run reports, it does not crash (exit 4)."""
    import json

    from typer.testing import CliRunner

    from audit.cli import app
    from tests.conftest import DATA

    text = (DATA / "evidence" / "valid" / "enforcement.json").read_text("utf-8")
    shifted = text.replace('"2020-', '"9999-').replace("2020-0", "9999-0")
    doc = json.loads(shifted)
    doc["period"] = {"start": "9999-07-01", "end": "9999-12-31"}
    path = tmp_path / "late.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    options = ["--checklist", str(DATA / "checklists" / "mini.toml"), "--no-attachments"]
    result = CliRunner().invoke(
        app, ["run", str(path), *options, "--as-of", "9999-12-31", "--no-history", "-f", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)
    assert found["findings"]
    assert all(f["deadline"] == "9999-12-31" for f in found["findings"])
    assert found["agencies"][0]["calendar_fallback_years"] == [9999]


def test_limits_far_out_share_their_fallback_years() -> None:
    """A deadline per record of a different number of working days, hundreds of years out,
    kept a tuple of ~300 fallback years per limit and copied it on every lookup: quadratic
    time and 600 MB on 80,000 records. The years are one shared tuple per span, and the
    calendar still says which years fell back to Monday–Friday."""
    import datetime as dt

    from audit.engine import calendar as module
    from audit.engine.calendar import WorkCalendar

    start = dt.date(2020, 1, 6)
    calendar = WorkCalendar()
    limits = [calendar.add_working_days(start, n) for n in range(5000, 20000, 37)]
    assert limits == sorted(limits)
    last = limits[-1].year
    assert calendar.fallback_days == {y for y in range(2020, last + 1) if y in module._FALLBACK}
    assert calendar.fallback_days and max(calendar.fallback_days) == last
    spans = {id(module._LIMITS[(start, n)][1]) for n in range(5000, 20000, 37)}
    assert len(spans) <= last - 2020 + 1  # one per span of years, not one per limit
