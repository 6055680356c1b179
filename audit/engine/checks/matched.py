"""Checks that judge records one by one: coverage (a match in another set) and each."""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import compress, repeat
from typing import Any, cast

from audit.checklist import model as m
from audit.checklist.describe import literal
from audit.engine.checks.exact import exact, exact_product, near
from audit.engine.checks.results import (
    FAILS,
    empty,
    judge_share,
    missing,
    share_threshold,
    unusable,
)
from audit.engine.context import Context, column
from audit.engine.result import CheckResult

_SECOND = operator.itemgetter(1)


NO_MATCH = 0  # a day number before every date's (0001-01-01 is 1): no match at all


def _first_from(days: list[int] | None, day: int) -> int:
    """The first of the sorted day numbers ``days`` on or after ``day`` (NO_MATCH when
    there is none)."""
    if not days:
        return NO_MATCH
    index = bisect.bisect_left(days, day)
    return days[index] if index < len(days) else NO_MATCH


def check_coverage(check: m.CoverageCheck, ctx: Context) -> CheckResult:
    """Records with a qualifying match in another set (``by`` indexed by ``match``)."""
    records = ctx.population(check.records, check.where)
    if records is None:
        return missing(check, f"records.{check.records}")
    others = ctx.whole(check.by)
    if others is None:
        return missing(check, f"records.{check.by}")
    ids = ctx.ids(records)
    keys = ids if check.key == "id" else column(records, check.key)
    if ctx.gaps(check.records, check.key, keys):
        bad = [rid for rid, key in zip(ids, keys, strict=True) if key is None]
        return unusable(check, bad, [check.key] * len(bad))
    matches = column(others, check.match)
    order = check.before or check.after
    pending = 0
    if order is None:
        known = set(matches)
        late = list(compress(ids, map(operator.not_, map(known.__contains__, keys))))
    else:
        thises = ctx.days(check.records, records, order.this)
        if ctx.gaps(check.records, order.this, thises):
            bad = [rid for rid, this in zip(ids, thises, strict=True) if this is None]
            return unusable(check, bad, [order.this] * len(bad))
        thats = ctx.days(check.by, others, order.that)
        dated: list[tuple[Any, dt.date]]
        if ctx.gaps(check.by, check.match, matches) or ctx.gaps(check.by, order.that, thats):
            dated = [
                (k, d)
                for k, d in zip(matches, thats, strict=True)
                if k is not None and d is not None
            ]
        else:
            dated = list(zip(matches, cast("list[dt.date]", thats), strict=True))
        begun = cast("list[dt.date]", thises)  # no None left
        if check.before is not None:
            late = _not_before(ids, keys, begun, dated)
        else:
            late, pending = _not_after(check, ctx, ids=ids, keys=keys, thises=begun, dated=dated)
    return judge_share(
        check,
        total=len(records),
        late=late,
        pending=pending,
        noun_zh="有相符记录",
        noun_en="matched",
    )


def _not_before(
    ids: list[str], keys: list[Any], thises: list[dt.date], dated: list[tuple[Any, dt.date]]
) -> list[str]:
    """Records without a match dated on or before their own date."""
    # The earliest match per key, as a day number: sorted latest first, dict() keeps the
    # last (earliest); a record without a match meets a day after 9999-12-31 (date.max
    # itself was the day of a record dated 9999-12-31, which then passed unmatched).
    earliest = {key: that.toordinal() for key, that in sorted(dated, key=_SECOND, reverse=True)}
    found = map(earliest.get, keys, repeat(dt.date.max.toordinal() + 1))
    return list(compress(ids, map(operator.gt, found, map(dt.date.toordinal, thises))))


def _not_after(
    check: m.CoverageCheck,
    ctx: Context,
    *,
    ids: list[str],
    keys: list[Any],
    thises: list[dt.date],
    dated: list[tuple[Any, dt.date]],
) -> tuple[list[str], int]:
    """Records without a match within the limit after their date: (late ones, pending).

    Like a deadline's ``to``: a record whose first match after its date comes after the
    limit is late, whatever the as-of date; one with no match yet is late once the as-of
    date is past its limit, pending until then.
    """
    assert check.after is not None
    # In day numbers: "no match" is NO_MATCH, which no date is (as date.min it was the day
    # of a record dated 0001-01-01, which then matched nothing and passed)
    limits = list(
        map(dt.date.toordinal, ctx.calendar.limits(thises, check.after.within, check.after.unit))
    )
    days = list(map(dt.date.toordinal, thises))
    # For each record, the first match on or after its own date (NO_MATCH when none).
    firsts: list[int]
    only = {key: that.toordinal() for key, that in dated}
    if len(only) == len(dated):  # one match per key, the usual case: judged in C
        firsts = list(map(only.get, keys, repeat(NO_MATCH)))
    else:
        index: dict[Any, list[int]] = defaultdict(list)
        for key, that in sorted(dated, key=_SECOND):
            index[key].append(that.toordinal())
        firsts = [_first_from(index.get(key), day) for key, day in zip(keys, days, strict=True)]
    matched = list(
        map(operator.and_, map(operator.le, days, firsts), map(operator.le, firsts, limits))
    )
    overdue = map(operator.lt, limits, repeat(ctx.as_of.toordinal()))
    done_late = map(operator.gt, firsts, limits)  # NO_MATCH never is
    judged_late = map(operator.or_, overdue, done_late)
    late = list(compress(ids, map(operator.and_, map(operator.not_, matched), judged_late)))
    return late, len(ids) - matched.count(True) - len(late)


def _scaled_failing(
    failing: Callable[[Any, Any], bool],
    lefts: list[Any],
    values: list[Any],
    products: list[Any],
    scale: float,
) -> list[bool]:
    """Which records fail ``left op value × scale``: judged on the float products, except
    where a left side is as near to its product as rounding reaches, which is judged on
    the decimals written (55.0 >= 50.0 × 1.1 holds; as floats the product is
    55.00000000000001)."""
    flags = list(map(failing, lefts, products))
    for index in compress(range(len(flags)), map(near, lefts, products)):
        flags[index] = failing(exact(lefts[index]), exact_product(values[index], scale))
    return flags


def check_each(check: m.EachCheck, ctx: Context) -> CheckResult:
    """A comparison that every (enough) record satisfies."""
    records = ctx.population(check.records, check.where)
    if records is None:
        return missing(check, f"records.{check.records}")
    rhs_label = (
        check.value_field + (f" × {check.scale:g}" if check.scale else "")
        if check.value_field
        else literal(check.value)
    )
    threshold = share_threshold(check.min_share)
    if not records:
        return empty(
            check,
            f"{check.records} 没有需判定的记录",
            f"no {check.records} record to judge",
            threshold=threshold,
        )
    field, value_field, scale = check.field, check.value_field, check.scale
    ids = ctx.ids(records)
    lefts = column(records, field)
    rights: Iterable[Any] = repeat(check.value)
    if value_field is not None:
        values = column(records, value_field)
        rights = values
        if scale is not None:
            rights = [None if v is None else v * scale for v in values]
    if ctx.gaps(check.records, field, lefts) or (
        value_field is not None and ctx.gaps(check.records, value_field, values)
    ):
        bad_pairs = [
            (rid, field if left is None else str(value_field))
            for rid, left, right in zip(ids, lefts, rights, strict=False)
            if left is None or right is None
        ]
        return unusable(check, [r for r, _ in bad_pairs], [f for _, f in bad_pairs])
    failing = FAILS[check.op]
    if scale is None:
        bad = list(compress(ids, map(failing, lefts, rights)))
    else:
        products = cast("list[Any]", rights)
        bad = list(compress(ids, _scaled_failing(failing, lefts, values, products, scale)))
    return judge_share(
        check,
        total=len(records),
        late=bad,
        pending=0,
        noun_zh=f"满足 {field} {check.op} {rhs_label}",
        noun_en=f"satisfy {field} {check.op} {rhs_label}",
        not_zh="不满足",
    )
