"""Working days on the official PRC holiday calendar, including make-up working days.

The calendar comes from the maintained ``chinesecalendar`` package. Outside the years it
covers, days fall back to Monday–Friday, and every use of the fallback is recorded so that
reports can say so.

Working days are kept as one sorted list per process, built a year at a time; "the N-th
working day after d" is then a binary search, not a walk: checks stay n·log n however many
records they judge.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from itertools import repeat

_WORKDAYS: list[dt.date] = []
_YEARS: set[int] = set()
_FALLBACK: set[int] = set()
_LIMITS: dict[tuple[dt.date, int], tuple[dt.date, tuple[int, ...]]] = {}
# The fallback years between two years, one tuple per span: limits hundreds of years out (a
# within_field of 80,000 working days) kept a tuple of ~300 years each, and copied it into
# the calendar's set on every lookup (quadratic time, 600 MB on 80,000 such records).
_SPANS: dict[tuple[int, int], tuple[int, ...]] = {}
_SPANNED = [1, 0]  # a run of years whose working days are all known: [first, last]


def _fallback_between(first: int, last: int) -> tuple[int, ...]:
    span = _SPANS.get((first, last))
    if span is None:
        span = _SPANS[(first, last)] = tuple(y for y in range(first, last + 1) if y in _FALLBACK)
    return span


_TABLES: dict[int, dict[dt.date, dt.date]] = {}  # count → {start: limit}, per process


def plus_days(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held at the ends of the calendar (9999-12-31 and 0001-01-01
    are valid evidence dates; a limit beyond them is simply never reached)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _days_of(year: int) -> list[dt.date]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _official_year(year: int) -> list[dt.date] | None:
    """The official working days of ``year``, or None outside the calendar's coverage.

    The package's ``holidays`` and ``workdays`` tables (days off on weekdays, make-up days
    on weekends) are read directly: asking ``is_workday`` day by day costs 5 ms a year,
    this 0.15 ms.
    """
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))  # raises outside its coverage
    except (NotImplementedError, ValueError):
        return None
    holidays, workdays = chinese_calendar.holidays, chinese_calendar.workdays
    return [
        day
        for day in _days_of(year)
        if day in workdays or (day.weekday() < 5 and day not in holidays)
    ]


def _ensure(first: int, last: int) -> None:
    """Make sure the working days of the years ``first`` to ``last`` are known."""
    last = min(last, dt.MAXYEAR)
    if first in _YEARS and last in _YEARS and _SPANNED[0] <= first and last <= _SPANNED[1]:
        return  # within the run of years already known (a check per call, not per year)
    missing = [y for y in range(first, last + 1) if y not in _YEARS]
    if not missing:
        _widen(first, last)
        return
    for year in missing:
        official = _official_year(year)
        if official is None:
            _FALLBACK.add(year)
            official = [day for day in _days_of(year) if day.weekday() < 5]
        _WORKDAYS.extend(official)
        _YEARS.add(year)
    _WORKDAYS.sort()
    _widen(first, last)


def _widen(first: int, last: int) -> None:
    """Record that every year from ``first`` to ``last`` is known, joining the run of known
    years when they touch it."""
    low, high = _SPANNED
    if low <= last + 1 and first - 1 <= high:
        _SPANNED[:] = [min(low, first), max(high, last)]
    elif last - first > high - low:
        _SPANNED[:] = [first, last]


class WorkCalendar:
    """Working-day arithmetic that remembers whether it had to fall back to Monday–Friday."""

    def __init__(self) -> None:
        self.fallback_days: set[int] = set()  # years in which the fallback was used
        self._told: tuple[int, ...] = ()  # the span of fallback years added last

    def is_workday(self, day: dt.date) -> bool:
        """Official working day (holidays off, make-up weekend days on)."""
        _ensure(day.year, day.year)
        if day.year in _FALLBACK:
            self.fallback_days.add(day.year)
        index = bisect.bisect_left(_WORKDAYS, day)
        return index < len(_WORKDAYS) and _WORKDAYS[index] == day

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted).

        ``count == 0`` gives ``start``: "within 0 working days" means on or before it.
        """
        if count <= 0:
            return start
        found = _LIMITS.get((start, count))
        if found is not None:  # records share dates: most lookups end here
            if found[1] and found[1] is not self._told:
                self.fallback_days.update(found[1])
                self._told = found[1]
            return found[0]
        last = start.year + count // 200 + 1  # at least ~245 working days a year
        _ensure(start.year, last)
        index = bisect.bisect_right(_WORKDAYS, start) + count - 1
        while index >= len(_WORKDAYS) and last < dt.MAXYEAR:  # pragma: no cover - years
            last += 1
            _ensure(start.year, last)
            index = bisect.bisect_right(_WORKDAYS, start) + count - 1
        # past the last day there is: a limit never reached
        result = _WORKDAYS[index] if index < len(_WORKDAYS) else dt.date.max
        fallback = _fallback_between(start.year, result.year)
        if fallback and fallback is not self._told:
            self.fallback_days.update(fallback)
            self._told = fallback
        _LIMITS[(start, count)] = (result, fallback)
        return result

    def limits(self, starts: list[dt.date], count: int, unit: str) -> list[dt.date]:
        """``limit`` for many starts at once: table lookups in C after the first agency.

        Within 0 days (or working days) the limit is the start itself, and ``starts`` is
        returned as it is: callers only read it.
        """
        if not starts or count == 0 or (unit == "working_days" and count < 0):
            return starts
        if unit != "working_days":
            try:
                return list(map(operator.add, starts, repeat(dt.timedelta(days=count))))
            except OverflowError:  # a start near the end of the calendar
                return [plus_days(start, count) for start in starts]
        table = _TABLES.setdefault(count, {})
        try:
            found = list(map(table.__getitem__, starts))
        except KeyError:  # dates not seen before in this process: compute those once
            for start in set(starts) - table.keys():
                table[start] = self.add_working_days(start, count)
            found = list(map(table.__getitem__, starts))
        if _FALLBACK:
            first, last = min(starts).year, max(found).year
            self.fallback_days.update(y for y in range(first, last + 1) if y in _FALLBACK)
        return found

    def limit(self, start: dt.date, count: int, unit: str) -> dt.date:
        """The last day that is still "within ``count`` ``unit``" of ``start``."""
        if unit == "working_days":
            return self.add_working_days(start, count)
        return plus_days(start, count)

    @property
    def used_fallback(self) -> bool:
        """Whether any date fell outside the official calendar."""
        return bool(self.fallback_days)
