"""The records of an evidence example: each set's base record copied as often as the checks
need, spread over calendar buckets, limited where a check caps how many may match a
filter, and matched up for coverage checks."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from audit.checklist import model as m

if TYPE_CHECKING:
    from audit.checklist.example import Example


def record_prefix(set_name: str) -> str:
    return "".join(part[:1] for part in set_name.split("_")).upper() or "R"


def _bucket(every: str, day: dt.date) -> tuple[int, int]:
    """Which bucket of a cadence ``day`` falls in: ISO weeks, months, quarters, years."""
    if every == "week":
        year, week, _ = day.isocalendar()
        return year, week
    if every == "month":
        return day.year, day.month
    return day.year, (day.month - 1) // 3 if every == "quarter" else 0


def _bucket_days(every: str, count: int, period: tuple[dt.date, dt.date]) -> list[dt.date]:
    """A day in each bucket of the period (the second of the bucket where that is in it):
    the partial buckets at either end included, as the cadence check counts them (the last
    ISO week of 2020-H1 is 29-30 June)."""
    start, end = period
    days: list[dt.date] = []
    day = start
    while day <= end:
        after = day + dt.timedelta(days=1)
        days.append(after if after <= end and _bucket(every, after) == _bucket(every, day) else day)
        if every == "week":
            day += dt.timedelta(days=7 - day.weekday())  # the next Monday
        elif every == "month":
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        elif every == "quarter":
            month = day.month + 3
            day = dt.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        else:
            day = dt.date(day.year + 1, 1, 1)
    return [d for d in days for _ in range(count)]


def _shift(record: dict[str, Any], delta: dt.timedelta) -> dict[str, Any]:
    return {
        k: (v + delta if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in record.items()
    }


def expand(ex: Example) -> dict[str, list[dict[str, Any]]]:
    records: dict[str, list[dict[str, Any]]] = {}
    for set_name, base in ex.bases.items():
        rs = ex.checklist.records[set_name]
        primary = rs.date
        copies: list[dict[str, Any]] = []
        # the base, and each record another filter needs (a variant), in every bucket of a
        # cadence on the set: whichever of them the cadence's filter takes covers them all
        for record, count in [
            (base, ex.counts[set_name]),
            *((v, n) for name, v, n in ex.variants if name == set_name),
        ]:
            if set_name in ex.buckets and primary is not None:
                anchor = record.get(primary, ex.day)
                for day in _bucket_days(ex.buckets[set_name], count, ex.period):
                    copies.append(_shift(record, day - as_day(anchor)))
            else:
                copies += [dict(record) for _ in range(count)]
        prefix = record_prefix(set_name)
        for n, copy in enumerate(copies, start=1):
            copy["id"] = f"{prefix}-{n}"
        records[set_name] = copies
    for set_name in ex.empty - set(ex.bases):  # no other check gave the set a record
        records[set_name] = []
    for set_name, where, most in ex.caps:
        _cap(ex, records.get(set_name, []), set_name, where, most)
    for set_name, name, where, total in ex.sums:
        _share(records.get(set_name, []), name, where, total)
    for (check,) in ex.matches:
        _match(ex, check, records)
    return records


def _cap(
    ex: Example, copies: list[dict[str, Any]], set_name: str, where: dict[str, Any], most: int
) -> None:
    """Make all but ``most`` of ``copies`` miss ``where``, in a key no other check needs."""
    free = [k for k in where if k not in ex.required.get(set_name, set())]
    if not free:
        return  # every key of the filter is needed as it is: the example cannot vary it
    key = free[0]
    other = _other(where[key])
    if other is None:
        return
    matching = [r for r in copies if all(matches(r.get(k), v) for k, v in where.items())]
    for record in matching[most:]:
        record[key] = other


def _share(copies: list[dict[str, Any]], name: str, where: dict[str, Any], total: float) -> None:
    """Spread ``total`` over the copies matching ``where``, so that their ``name`` sums to
    it (each copy had the whole of it): whole parts to all, the rest to the first."""
    matching = [r for r in copies if all(matches(r.get(k), v) for k, v in where.items())]
    if not matching:
        return
    part = math.floor(total / len(matching))
    for record in matching:
        record[name] = part if isinstance(total, int) else float(part)
    matching[0][name] = total - part * (len(matching) - 1)


def matches(value: Any, wanted: Any) -> bool:
    """Whether a record's ``value`` is what a ``where`` filter wants (one of a list)."""
    return value in wanted if isinstance(wanted, list) else value == wanted


def _other(wanted: Any) -> Any:
    """A value of the same kind that ``where`` does not take (None if there is none)."""
    values = wanted if isinstance(wanted, list) else [wanted]
    first = values[0] if values else None
    if isinstance(first, bool):
        return None if len(set(values)) == 2 else not first
    if isinstance(first, (int, float)):
        return max(values) + 1
    if isinstance(first, str):
        return "".join(values) + "-x"
    return None


def _match(ex: Example, check: m.CoverageCheck, records: dict[str, list[dict[str, Any]]]) -> None:
    """Give every record of ``check.records`` its match in ``check.by`` (dates included).

    When the ``by`` side was spread over cadence buckets it is the richer one, and the
    other side is rebuilt to mirror it, so both checks hold.
    """
    order = check.before or check.after
    own = records.setdefault(check.records, [])
    others = records.setdefault(check.by, [])

    def align(source: dict[str, Any], target: dict[str, Any], *, from_by: bool) -> None:
        if order is None:
            return
        if from_by:
            target_set, field, primary = (
                check.records,
                order.this,
                ex.checklist.records[check.records].date,
            )
            day = source[order.that]
        else:
            target_set, field, primary = check.by, order.that, ex.checklist.records[check.by].date
            day = source[order.this]
        target[field] = ex.dated(target_set, field, day)
        if primary is not None:
            target[primary] = ex.dated(target_set, primary, day)

    if len(others) > len(own):
        mirrored = []
        for n, other in enumerate(others, start=1):
            record = dict(ex.bases[check.records])
            record["id"] = f"{record_prefix(check.records)}-{n}"
            align(other, record, from_by=True)
            other[check.match] = record.get(check.key)
            mirrored.append(record)
        records[check.records] = mirrored
        return
    for n, record in enumerate(own):
        if n >= len(others):
            extra = dict(ex.bases[check.by])
            extra["id"] = f"{record_prefix(check.by)}-{n + 1}"
            others.append(extra)
        other = others[n]
        other[check.match] = record.get(check.key)
        align(record, other, from_by=False)


def as_day(value: Any) -> dt.date:
    """The day a value counts on: a date-time's day in China time, as the checks take it."""
    if isinstance(value, dt.datetime):
        return (value.astimezone(_CHINA) if value.tzinfo is not None else value).date()
    day: dt.date = value
    return day


_CHINA = dt.timezone(dt.timedelta(hours=8))  # audit.evidence.semantics.CHINA_TIME
