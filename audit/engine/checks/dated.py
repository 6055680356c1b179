"""Checks over dates: cadence (records per calendar bucket) and deadline."""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from collections import Counter
from collections.abc import Iterable
from itertools import compress, repeat
from typing import Any, cast

from audit.checklist import model as m
from audit.engine.calendar import plus_days
from audit.engine.checks.results import (
    build,
    empty,
    judge_share,
    missing,
    share_result,
    share_threshold,
    shown_ids,
    unusable,
)
from audit.engine.context import Context, column
from audit.engine.result import CheckResult

_LAST_WEEK = dt.date.max - dt.timedelta(days=7)


def _buckets(every: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date, str]]:
    """Calendar buckets (first day, last day, label) intersecting [start, end]."""
    out: list[tuple[dt.date, dt.date, str]] = []
    if end < start:  # an as-of date before the period: no bucket has begun
        return out
    if every == "week":
        day = plus_days(start, -start.weekday())
        while day <= end:
            iso = day.isocalendar()
            out.append((day, plus_days(day, 6), f"{iso.year}-W{iso.week:02d}"))
            if day >= _LAST_WEEK:  # the calendar's last week
                break
            day += dt.timedelta(days=7)
        return out
    months = {"month": 1, "quarter": 3, "year": 12}[every]
    first_month = ((start.month - 1) // months) * months + 1
    first: dt.date | None = dt.date(start.year, first_month, 1)
    while first is not None and first <= end:
        month = first.month + months
        year = first.year + (month - 1) // 12
        following = dt.date(year, (month - 1) % 12 + 1, 1) if year <= dt.MAXYEAR else None
        if every == "month":
            label = f"{first.year}-{first.month:02d}"
        elif every == "quarter":
            label = f"{first.year}-Q{(first.month - 1) // 3 + 1}"
        else:
            label = str(first.year)
        last = plus_days(following, -1) if following is not None else dt.date.max
        out.append((first, last, label))
        first = following
    return out


def check_cadence(check: m.CadenceCheck, ctx: Context) -> CheckResult:
    """Records in enough calendar buckets between the period start and the as-of date."""
    records = ctx.population(check.records, check.where)
    if records is None:
        return missing(check, f"records.{check.records}")
    field = ctx.checklist.records[check.records].date
    assert field is not None  # lint requires a primary date for cadence checks
    end = min(ctx.end, ctx.as_of)
    buckets = _buckets(check.every, ctx.start, end)
    threshold = share_threshold(check.min_share)
    unit_zh = {"week": "周", "month": "个月", "quarter": "个季度", "year": "年"}[check.every]
    unit_en = {"week": "weeks", "month": "months", "quarter": "quarters", "year": "years"}[
        check.every
    ]
    if not buckets:
        return empty(
            check,
            "截至核查日期尚无统计周期",
            "no bucket has begun by the as-of date",
            threshold=threshold,
        )
    if not records and check.when_empty is not None:  # else: every bucket is empty, a fail
        return empty(
            check,
            f"{check.records} 没有记录",
            f"{check.records} has no records",
            measured=0.0,
            threshold=threshold,
        )
    days: list[Any] = ctx.days(check.records, records, field)
    if ctx.gaps(check.records, field, days):
        days = [day for day in days if day is not None]
    # Buckets are contiguous: bucket i holds the days from its start to the next one's. In
    # day numbers, so that the day after the last can be 10000-01-01 (as a date, clamped to
    # 9999-12-31, it left records of that day out of the last bucket).
    bounds = [b[0].toordinal() for b in buckets] + [buckets[-1][1].toordinal() + 1]
    ordinals = map(dt.date.toordinal, days)
    counts = Counter(map(bisect.bisect_right, repeat(bounds), ordinals))  # bucket i at i+1
    gaps = [b[2] for i, b in enumerate(buckets, 1) if counts[i] < check.min]
    filled = len(buckets) - len(gaps)
    share = filled / len(buckets)
    zh = f"{len(buckets)} {unit_zh}中有 {filled} {unit_zh}有记录"
    en = f"{filled} / {len(buckets)} {unit_en} have a record"
    if check.min > 1:
        zh = f"{len(buckets)} {unit_zh}中有 {filled} {unit_zh}达到 {check.min} 条"
        en = f"{filled} / {len(buckets)} {unit_en} reach {check.min} records"
    if gaps:
        verb = "has" if len(gaps) == 1 else "have"
        if check.min > 1:  # a bucket short of the minimum may hold some records
            zh += f"；{shown_ids(gaps)} 不足 {check.min} 条"
            en += f"; {shown_ids(gaps)} {verb} fewer than {check.min}"
        else:
            zh += f"；{shown_ids(gaps)} 无记录"
            en += f"; {shown_ids(gaps)} {verb} none"
    return share_result(check, share, zh, en, threshold=threshold, offending=gaps)


# -- deadline, coverage, each ----------------------------------------------------------------


def check_deadline(check: m.DeadlineCheck, ctx: Context) -> CheckResult:
    """Records done (``to``) within a limit of ``from``; open ones late once past the limit.

    Column-wise: dates and limits are lists built in C (limits computed once per distinct
    start date), so the cost per record is a few C-level operations.
    """
    records = ctx.population(check.records, check.where)
    if records is None:
        return missing(check, f"records.{check.records}")
    ids = ctx.ids(records)
    starts = ctx.days(check.records, records, check.from_)
    withins = None if check.within_field is None else column(records, check.within_field)
    if ctx.gaps(check.records, check.from_, starts) or (
        withins is not None and ctx.gaps(check.records, str(check.within_field), withins)
    ):
        bad = [
            (rid, check.from_ if s is None else str(check.within_field))
            for rid, s, w in zip(ids, starts, withins or repeat(0), strict=False)
            if s is None or w is None
        ]
        return unusable(check, [rid for rid, _ in bad], [field for _, field in bad])
    if withins is not None and min(withins, default=0) < 0:  # a term no deadline can have
        negative = [rid for rid, w in zip(ids, withins, strict=True) if w < 0]
        field = check.within_field
        return build(
            check,
            "error",
            f"{len(negative)} 条记录的 {field} 为负数，无法确定期限：{shown_ids(negative)}",
            f"{len(negative)} record(s) have a negative {field}, which sets no deadline: "
            f"{shown_ids(negative)}",
            offending=negative,
        )
    limit_of, unit = ctx.calendar.limit, check.unit
    begun = cast("list[dt.date]", starts)  # no None left
    if withins is None:
        limits = ctx.calendar.limits(begun, int(check.within or 0), unit)
    else:
        keys = list(zip(begun, map(int, withins), strict=True))
        pairs = {k: limit_of(k[0], k[1], unit) for k in set(keys)}
        limits = list(map(pairs.__getitem__, keys))
    dones = ctx.days(check.records, records, check.to)
    late_flags: Iterable[bool]
    pending = 0
    if ctx.gaps(check.records, check.to, dones):
        # An open record is judged on the as-of date: late once that is past its limit,
        # pending until then. ``{None: as_of}.get(done, done)`` fills the gaps in C.
        fill: dict[Any, Any] = {None: ctx.as_of}
        judged_on: Iterable[Any] = map(fill.get, dones, dones)
        late_flags = list(map(operator.gt, judged_on, limits))
        late_open = sum(compress(late_flags, map(operator.is_, dones, repeat(None))))
        pending = dones.count(None) - late_open
    else:
        late_flags = map(operator.gt, cast("list[dt.date]", dones), limits)
    late = list(compress(ids, late_flags))
    return judge_share(
        check,
        total=len(records),
        late=late,
        pending=pending,
        noun_zh="按时",
        noun_en="in time",
    )
