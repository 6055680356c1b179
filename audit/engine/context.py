"""What the checks of one agency see: its evidence, the period, the as-of date, filtered sets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from audit.checklist import model as m
from audit.engine.calendar import WorkCalendar

Record = dict[str, Any]


def as_day(value: Any) -> dt.date | None:
    """A date from a date or date-time field value (None stays None)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def matcher(where: Mapping[str, Any]) -> Callable[[Record], bool] | None:
    """A predicate for ``where`` (all conditions hold), or None when there is no filter."""
    if not where:
        return None
    conditions = [
        (key, frozenset(value) if isinstance(value, list) else None, value)
        for key, value in where.items()
    ]

    def test(record: Record) -> bool:
        for key, allowed, value in conditions:
            got = record.get(key)
            if allowed is not None:
                if got not in allowed:
                    return False
            elif got != value or (type(got) is bool) != (type(value) is bool):
                return False
        return True

    return test


class Context:
    """One agency's evidence prepared for its checks (each record set filtered once)."""

    def __init__(
        self,
        doc: Mapping[str, Any],
        checklist: m.Checklist,
        *,
        as_of: dt.date,
        calendar: WorkCalendar | None = None,
        attestations: Mapping[tuple[str, str | None], Any] | None = None,
    ) -> None:
        self.doc = doc
        self.checklist = checklist
        self.as_of = as_of
        self.calendar = calendar or WorkCalendar()
        self.attestations = attestations or {}
        period = doc["period"]
        self.start: dt.date = period["start"]
        self.end: dt.date = period["end"]
        self.facts: Mapping[str, Any] = doc.get("facts") or {}
        self.sets: Mapping[str, list[Record]] = doc.get("records") or {}
        self.documents: list[Record] = doc.get("documents") or []
        self._in_period: dict[str, list[Record]] = {}

    def whole(self, name: str) -> list[Record] | None:
        """All records of a set, or None when the set was not submitted at all."""
        return self.sets.get(name)

    def in_period(self, name: str) -> list[Record] | None:
        """Records whose primary date lies in the period (a set without one: all of them)."""
        found = self._in_period.get(name)
        if found is not None:
            return found
        records = self.sets.get(name)
        if records is None:
            return None
        field = self.checklist.records[name].date
        if field is None:
            kept = records
        else:
            start, end = self.start, self.end
            kept = [
                r for r in records if (d := as_day(r.get(field))) is not None and start <= d <= end
            ]
        self._in_period[name] = kept
        return kept

    def population(self, name: str, where: Mapping[str, Any]) -> list[Record] | None:
        """The period-filtered records of a set that satisfy ``where``."""
        records = self.in_period(name)
        if records is None:
            return None
        test = matcher(where)
        return records if test is None else [r for r in records if test(r)]
