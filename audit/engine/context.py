"""What the checks of one agency see: its evidence, the period, the as-of date, filtered sets."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Mapping
from itertools import compress, repeat
from typing import Any

from audit.checklist import model as m
from audit.engine.calendar import WorkCalendar
from audit.evidence.semantics import Columns, as_day, dates_within, in_china

Record = dict[str, Any]


_ID = operator.itemgetter("id")
_TZINFO = operator.attrgetter("tzinfo")


def column(records: list[Record], field: str) -> list[Any]:
    """One field of every record (None where absent), gathered in C.

    ``map(dict.get, …)`` calls the C method directly: as fast as ``itemgetter``, and absent
    keys need no second pass (``methodcaller("get")`` is four times slower).
    """
    return list(map(dict.get, records, repeat(field)))


def select(records: list[Record], where: Mapping[str, Any]) -> list[Record]:
    """The records that satisfy every condition of ``where``, filtered column by column in C.

    Values are compared as the checklist's types promise (a boolean field holds booleans),
    except that a boolean condition is matched by identity, so ``true`` never equals 1.
    """
    kept = records
    for key, value in where.items():
        values = map(dict.get, kept, repeat(key))  # consumed once: no list needed
        if isinstance(value, list):
            allowed = frozenset(value)
            flags: Any = map(allowed.__contains__, values)
        elif isinstance(value, bool):
            flags = map(operator.is_, values, repeat(value))
        else:
            flags = map(operator.eq, values, repeat(value))
        kept = list(compress(kept, flags))
    return kept


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
        columns: Columns | None = None,
    ) -> None:
        """``columns`` are those validation gathered: ids, and the primary dates of the sets
        that lie wholly inside the period."""
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
        self._days: dict[tuple[str, int, str], tuple[list[Record], list[dt.date | None]]] = {}
        self._selected: dict[tuple[str, str], list[Record]] = {}
        self._ids: dict[int, tuple[list[Record], list[str]]] = {}
        self._nullable: dict[tuple[str, str], bool] = {}
        for (name, field), values in (columns or {}).items():
            records = self.sets.get(name)
            if records is None:
                continue
            if field == "id":
                self._ids[id(records)] = (records, values)
            elif field == checklist.records[name].date:
                self._in_period[name] = records
                self._days[(name, id(records), field)] = (records, values)

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
        if field is None or dates_within(records, field, self.start, self.end) is not None:
            kept = records
        else:
            start, end = self.start, self.end
            kept = [
                r for r in records if (d := as_day(r.get(field))) is not None and start <= d <= end
            ]
        self._in_period[name] = kept
        return kept

    def ids(self, records: list[Record]) -> list[str]:
        """The ids of ``records`` (cached per population: several checks judge one set)."""
        found = self._ids.get(id(records))
        if found is None or found[0] is not records:
            found = self._ids[id(records)] = (records, list(map(_ID, records)))
        return found[1]

    def days(self, name: str, records: list[Record], field: str) -> list[dt.date | None]:
        """A date (or date-time) field of ``records`` as dates, None where absent (cached:
        checks of one item often share a set and a date)."""
        key = (name, id(records), field)
        cached = self._days.get(key)
        if cached is not None and cached[0] is records:
            return cached[1]
        values = self._day_values(name, records, field)
        self._days[key] = (records, values)
        return values

    def _day_values(self, name: str, records: list[Record], field: str) -> list[dt.date | None]:
        values = column(records, field)
        declared = self.checklist.records[name].fields.get(field, "")
        if declared.startswith("datetime"):
            try:  # in C when every value is one with an offset: its day in China time
                if None in map(_TZINFO, values):
                    raise TypeError  # no offset (never in valid evidence): as written
                return list(map(dt.datetime.date, map(in_china, values)))
            except (TypeError, AttributeError, OverflowError):  # null, or at the calendar's end
                return [as_day(v) for v in values]
        return values

    def gaps(self, name: str, field: str, values: list[Any]) -> bool:
        """Whether ``values`` of ``field`` in set ``name`` hold a None. Validation lets no
        record omit a required field, so only optional (``?``) or undeclared ones are
        scanned."""
        nullable = self._nullable.get((name, field))
        if nullable is None:
            declared = (
                self.checklist.records[name].fields.get(field)
                if name in self.checklist.records
                else None
            )
            nullable = field != "id" and (declared is None or declared.endswith("?"))
            self._nullable[(name, field)] = nullable
        return nullable and None in values

    def population(self, name: str, where: Mapping[str, Any]) -> list[Record] | None:
        """The period-filtered records of a set that satisfy ``where``."""
        records = self.in_period(name)
        if records is None or not where:
            return records
        key = (name, repr(sorted(where.items())))
        found = self._selected.get(key)
        if found is None:  # several checks often filter a set the same way: filter once
            found = self._selected[key] = select(records, where)
        return found
