"""Working days on the official PRC holiday calendar, including make-up working days.

The calendar comes from the maintained ``chinesecalendar`` package. Outside the years it
covers, days fall back to Monday–Friday, and every use of the fallback is recorded so that
reports can say so.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=8192)
def _official(day: dt.date) -> bool | None:
    """Whether ``day`` is an official working day, or None outside the calendar's coverage."""
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        return bool(chinese_calendar.is_workday(day))
    except (NotImplementedError, ValueError):
        return None


class WorkCalendar:
    """Working-day arithmetic that remembers whether it had to fall back to Monday–Friday."""

    def __init__(self) -> None:
        self.fallback_days: set[int] = set()  # years in which the fallback was used
        self._limits: dict[tuple[dt.date, int], dt.date] = {}

    def is_workday(self, day: dt.date) -> bool:
        """Official working day (holidays off, make-up weekend days on)."""
        official = _official(day)
        if official is None:
            self.fallback_days.add(day.year)
            return day.weekday() < 5
        return official

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted).

        ``count == 0`` gives ``start``: "within 0 working days" means on or before it.
        """
        key = (start, count)
        found = self._limits.get(key)
        if found is not None:
            return found
        day, left = start, count
        while left > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        self._limits[key] = day
        return day

    def limit(self, start: dt.date, count: int, unit: str) -> dt.date:
        """The last day that is still "within ``count`` ``unit``" of ``start``."""
        if unit == "working_days":
            return self.add_working_days(start, count)
        return start + dt.timedelta(days=count)

    @property
    def used_fallback(self) -> bool:
        """Whether any date fell outside the official calendar."""
        return bool(self.fallback_days)
