"""The nine check kinds: one function each, behind a registry keyed by kind.

Every function takes the check and the agency's :class:`Context` and returns a
:class:`CheckResult` with the outcome, the measured value, the threshold, the ids of the
offending records and a one-line explanation in both languages. Every one is linear or
n·log n in the number of records: sets are filtered once, ``by`` sets are indexed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import compress, repeat
from typing import Any, cast

from audit.checklist import model as m
from audit.checklist.describe import literal
from audit.engine.calendar import plus_days
from audit.engine.context import Context, column
from audit.engine.result import CheckResult

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}
# The negation of each comparison, so that failing records are picked in one step (exact:
# JSON has no NaN, and values of one field share a type).
FAILS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.ne,
    "!=": operator.eq,
    ">=": operator.lt,
    ">": operator.le,
    "<=": operator.gt,
    "<": operator.ge,
}
SHOWN = 10  # offending ids named in one-line explanations; JSON carries all of them
_ID = operator.itemgetter("id")
_SECOND = operator.itemgetter(1)


def _num(value: float) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.2f}"
    return str(value)


def _pct(share: float) -> str:
    return f"{share * 100:.4g}%"


@functools.lru_cache(maxsize=64)
def _share_threshold(min_share: float) -> str:
    return f">= {_pct(min_share)}"


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:SHOWN])
    return shown + (f" …(+{len(ids) - SHOWN})" if len(ids) > SHOWN else "")


def threshold_of(check: Any) -> str | None:
    """What a check requires, as results show it: also when nothing could be measured."""
    if check.kind in ("fact", "count", "ratio"):
        return f"{check.op} {literal(check.value)}"
    if check.kind == "document":
        return f">= {check.min}"
    if check.kind == "manual":
        return None
    return _share_threshold(check.min_share)


def _result(
    check: Any, outcome: str, zh: str, en: str, *, refs: list[str] | None = None, **fields: Any
) -> CheckResult:
    if "threshold" not in fields:  # missing or unusable evidence: the requirement stands
        fields["threshold"] = threshold_of(check)
    # model_validate on a plain dict: the nested text is built in pydantic-core, not in Python
    return CheckResult.model_validate(
        {
            "id": check.id,
            "kind": check.kind,
            "outcome": outcome,
            "weight": check.weight,
            "explanation": {"zh": zh, "en": en},
            "refs": _refs(check) if refs is None else refs,
            **fields,
        }
    )


def _missing(check: Any, what: str) -> CheckResult:
    return _result(check, "missing", f"未提交 {what}", f"{what} was not submitted")


def _empty(check: Any, zh: str, en: str, **fields: Any) -> CheckResult:
    """An empty population: not applicable, unless the check says otherwise."""
    outcome = check.when_empty or "not_applicable"
    return _result(check, outcome, zh, en, **fields)


def _share_result(
    check: Any, share: float, zh: str, en: str, *, threshold: str, offending: list[str]
) -> CheckResult:
    """A result measured as a share: it passes at ``min_share`` or above."""
    outcome = "pass" if share >= check.min_share else "fail"
    return _result(check, outcome, zh, en, measured=share, threshold=threshold, offending=offending)


def _unusable(check: Any, ids: list[str], fields: Iterable[str], **extra: Any) -> CheckResult:
    names = ", ".join(sorted(set(fields)))
    return _result(
        check,
        "error",
        f"{len(ids)} 条记录缺少判定所需的 {names}：{_ids(ids)}",
        f"{len(ids)} record(s) lack {names}, needed to judge them: {_ids(ids)}",
        offending=ids,
        **extra,
    )


# -- fact, count, ratio ----------------------------------------------------------------------


def check_fact(check: m.FactCheck, ctx: Context) -> CheckResult:
    """Compare a fact with a value."""
    if check.fact not in ctx.facts:
        return _missing(check, f"fact {check.fact}")
    value = ctx.facts[check.fact]
    threshold = threshold_of(check)
    outcome = "pass" if OPS[check.op](value, check.value) else "fail"
    shown = literal(value)
    return _result(
        check,
        outcome,
        f"{check.fact} 为 {shown}，要求 {threshold}",
        f"{check.fact} is {shown}; required {threshold}",
        measured=value if not isinstance(value, dt.date) else value.isoformat(),
        threshold=threshold,
    )


def check_count(check: m.CountCheck, ctx: Context) -> CheckResult:
    """Compare the number of (filtered) records with a value; zero is a count, not N/A."""
    records = ctx.population(check.records, check.where)
    if records is None:
        return _missing(check, f"records.{check.records}")
    n = len(records)
    threshold = threshold_of(check)
    if n == 0 and check.when_empty is not None:
        return _empty(
            check,
            f"{check.records} 没有记录",
            f"{check.records} has no records",
            measured=0,
            threshold=threshold,
        )
    outcome = "pass" if OPS[check.op](n, check.value) else "fail"
    return _result(
        check,
        outcome,
        f"{check.records} 共 {n} 条记录，要求 {threshold}",
        f"{n} {check.records} record(s); required {threshold}",
        measured=n,
        threshold=threshold,
    )


def _term(term: m.RatioTerm, ctx: Context) -> tuple[float | None, str]:
    """A ratio term's value (None when what it needs was not submitted) and its label."""
    if isinstance(term, m.FactTerm):
        value = ctx.facts.get(term.fact)
        return (None if value is None else float(value)), term.fact
    if isinstance(term, m.CountTerm):
        records = ctx.population(term.count, term.where)
        return (None if records is None else float(len(records))), f"count({term.count})"
    records = ctx.population(term.records, term.where)
    if records is None:
        return None, term.sum
    field = term.field
    # fsum is exact, so the total does not depend on the order of the records
    values = (v for r in records if (v := r.get(field)) is not None)
    return math.fsum(values), f"sum({term.sum})"


def check_ratio(check: m.RatioCheck, ctx: Context) -> CheckResult:
    """Compare numerator ÷ denominator with a value; a zero denominator is N/A."""
    numerator, num_label = _term(check.numerator, ctx)
    denominator, den_label = _term(check.denominator, ctx)
    for value, label in ((numerator, num_label), (denominator, den_label)):
        if value is None:
            return _missing(check, label)
    assert numerator is not None and denominator is not None
    threshold = threshold_of(check)
    if denominator == 0:
        return _empty(
            check,
            f"{den_label} 为 0，无法计算比率",
            f"{den_label} is 0; no ratio",
            threshold=threshold,
        )
    ratio = numerator / denominator
    outcome = "pass" if OPS[check.op](ratio, check.value) else "fail"
    shown = f"{_num(numerator)} ÷ {_num(denominator)} = {ratio:.4g} ({_pct(ratio)})"
    return _result(
        check,
        outcome,
        f"{shown}，要求 {threshold}",
        f"{shown}; required {threshold}",
        measured=ratio,
        threshold=threshold,
    )


# -- documents and cadence -------------------------------------------------------------------


def check_document(check: m.DocumentCheck, ctx: Context) -> CheckResult:
    """At least ``min`` documents of each kind, issued in the window."""
    window: Callable[[dt.date], bool]
    if check.issued == "in_period":
        window = lambda d: ctx.start <= d <= ctx.end  # noqa: E731
    elif check.issued == "by_period_end":
        window = lambda d: d <= ctx.end  # noqa: E731
    else:
        window = lambda d: True  # noqa: E731
    present: dict[str, int] = dict.fromkeys(check.kinds, 0)
    counted: dict[str, int] = dict.fromkeys(check.kinds, 0)
    refs = []  # the documents the check looked at
    for doc in ctx.documents:
        kind = doc.get("kind")
        if kind in present:
            refs.append(str(doc.get("id")))
            present[kind] += 1
            if window(doc["issued"]):
                counted[kind] += 1
    absent = [k for k, n in present.items() if n == 0]
    threshold = f">= {check.min}"
    summary_zh = "，".join(f"{k} {counted[k]} 份" for k in check.kinds)
    summary_en = ", ".join(f"{k}: {counted[k]}" for k in check.kinds)
    if absent:
        return _result(
            check,
            "missing",
            f"未提交文书：{'、'.join(absent)}",
            f"no document of kind {', '.join(absent)}",
            measured=counted,
            threshold=threshold,
            offending=absent,
            refs=refs,
        )
    short = [k for k in check.kinds if counted[k] < check.min]
    window_zh = {"in_period": "期间内", "by_period_end": "期末前", "any": ""}[check.issued]
    window_en = {"in_period": " in the period", "by_period_end": " by the period end", "any": ""}[
        check.issued
    ]
    return _result(
        check,
        "fail" if short else "pass",
        f"{window_zh}印发：{summary_zh}（要求每类 ≥ {check.min}）",
        f"issued{window_en}: {summary_en} (at least {check.min} each)",
        measured=counted,
        threshold=threshold,
        offending=short,
        refs=refs,
    )


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
        return _missing(check, f"records.{check.records}")
    field = ctx.checklist.records[check.records].date
    assert field is not None  # lint requires a primary date for cadence checks
    end = min(ctx.end, ctx.as_of)
    buckets = _buckets(check.every, ctx.start, end)
    threshold = _share_threshold(check.min_share)
    unit_zh = {"week": "周", "month": "个月", "quarter": "个季度", "year": "年"}[check.every]
    unit_en = {"week": "weeks", "month": "months", "quarter": "quarters", "year": "years"}[
        check.every
    ]
    if not buckets:
        return _empty(
            check,
            "截至核查日期尚无统计周期",
            "no bucket has begun by the as-of date",
            threshold=threshold,
        )
    if not records and check.when_empty is not None:  # else: every bucket is empty, a fail
        return _empty(
            check,
            f"{check.records} 没有记录",
            f"{check.records} has no records",
            measured=0.0,
            threshold=threshold,
        )
    days: list[Any] = ctx.days(check.records, records, field)
    if ctx.gaps(check.records, field, days):
        days = [day for day in days if day is not None]
    # Buckets are contiguous: bucket i holds the days from its start to the next one's.
    bounds = [b[0] for b in buckets] + [plus_days(buckets[-1][1], 1)]
    counts = Counter(map(bisect.bisect_right, repeat(bounds), days))  # bucket i counts at i+1
    gaps = [b[2] for i, b in enumerate(buckets, 1) if counts[i] < check.min]
    filled = len(buckets) - len(gaps)
    share = filled / len(buckets)
    zh = f"{filled} / {len(buckets)} {unit_zh}有记录"
    en = f"{filled} / {len(buckets)} {unit_en} have a record"
    if check.min > 1:
        zh = f"{filled} / {len(buckets)} {unit_zh}达到 {check.min} 条"
        en = f"{filled} / {len(buckets)} {unit_en} reach {check.min} records"
    if gaps:
        verb = "has" if len(gaps) == 1 else "have"
        if check.min > 1:  # a bucket short of the minimum may hold some records
            zh += f"；{_ids(gaps)} 不足 {check.min} 条"
            en += f"; {_ids(gaps)} {verb} fewer than {check.min}"
        else:
            zh += f"；{_ids(gaps)} 没有"
            en += f"; {_ids(gaps)} {verb} none"
    return _share_result(check, share, zh, en, threshold=threshold, offending=gaps)


# -- deadline, coverage, each ----------------------------------------------------------------


def _judged(
    check: Any,
    *,
    total: int,
    late: list[str],
    pending: int,
    noun_zh: str,
    noun_en: str,
    not_zh: str = "不符合",
) -> CheckResult:
    """The share outcome of deadline, coverage and each checks: of ``total`` records, the
    ``late`` ones fail, ``pending`` ones are not counted, and the rest pass."""
    judged = total - pending
    good = judged - len(late)
    threshold = _share_threshold(check.min_share)
    pending_zh = f"；{pending} 条未到期" if pending else ""
    pending_en = f"; {pending} pending" if pending else ""
    if judged == 0:
        return _empty(
            check,
            f"没有可判定的记录（共 {total} 条{pending_zh}）",
            f"no record to judge ({total} in all{pending_en})",
            threshold=threshold,
        )
    share = good / judged
    zh = f"{good} / {judged} 条{noun_zh}（{_pct(share)}）{pending_zh}"
    en = f"{good} / {judged} {noun_en} ({_pct(share)}){pending_en}"
    if late:
        zh += f"；{not_zh}：{_ids(late)}"
        en += f"; not: {_ids(late)}"
    return _share_result(check, share, zh, en, threshold=threshold, offending=late)


def check_deadline(check: m.DeadlineCheck, ctx: Context) -> CheckResult:
    """Records done (``to``) within a limit of ``from``; open ones late once past the limit.

    Column-wise: dates and limits are lists built in C (limits computed once per distinct
    start date), so the cost per record is a few C-level operations.
    """
    records = ctx.population(check.records, check.where)
    if records is None:
        return _missing(check, f"records.{check.records}")
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
        return _unusable(check, [rid for rid, _ in bad], [field for _, field in bad])
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
    return _judged(
        check,
        total=len(records),
        late=late,
        pending=pending,
        noun_zh="按时",
        noun_en="in time",
    )


def _first_from(dates: list[dt.date] | None, day: dt.date) -> dt.date:
    """The first of the sorted ``dates`` on or after ``day`` (date.min when there is none)."""
    if not dates:
        return dt.date.min
    index = bisect.bisect_left(dates, day)
    return dates[index] if index < len(dates) else dt.date.min


def check_coverage(check: m.CoverageCheck, ctx: Context) -> CheckResult:
    """Records with a qualifying match in another set (``by`` indexed by ``match``)."""
    records = ctx.population(check.records, check.where)
    if records is None:
        return _missing(check, f"records.{check.records}")
    others = ctx.whole(check.by)
    if others is None:
        return _missing(check, f"records.{check.by}")
    ids = ctx.ids(records)
    keys = ids if check.key == "id" else column(records, check.key)
    if ctx.gaps(check.records, check.key, keys):
        bad = [rid for rid, key in zip(ids, keys, strict=True) if key is None]
        return _unusable(check, bad, [check.key] * len(bad))
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
            return _unusable(check, bad, [order.this] * len(bad))
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
    return _judged(
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
    # The earliest match per key: sorted latest first, dict() keeps the last (earliest);
    # a record without a match meets date.max, later than any date.
    earliest = dict(sorted(dated, key=_SECOND, reverse=True))
    found = map(earliest.get, keys, repeat(dt.date.max))
    return list(compress(ids, map(operator.gt, found, thises)))


def _not_after(
    check: m.CoverageCheck,
    ctx: Context,
    *,
    ids: list[str],
    keys: list[Any],
    thises: list[dt.date],
    dated: list[tuple[Any, dt.date]],
) -> tuple[list[str], int]:
    """Records without a match within the limit after their date: (late ones, pending)."""
    assert check.after is not None
    limits = ctx.calendar.limits(thises, check.after.within, check.after.unit)
    # For each record, the first match on or after its own date (date.min when none).
    firsts: list[dt.date]
    only = dict(dated)
    if len(only) == len(dated):  # one match per key, the usual case: judged in C
        firsts = list(map(only.get, keys, repeat(dt.date.min)))
    else:
        index: dict[Any, list[dt.date]] = defaultdict(list)
        for key, that in sorted(dated, key=_SECOND):
            index[key].append(that)
        firsts = [_first_from(index.get(key), this) for key, this in zip(keys, thises, strict=True)]
    matched = list(
        map(operator.and_, map(operator.le, thises, firsts), map(operator.le, firsts, limits))
    )
    overdue = map(operator.lt, limits, repeat(ctx.as_of))
    late = list(compress(ids, map(operator.and_, map(operator.not_, matched), overdue)))
    return late, len(ids) - matched.count(True) - len(late)


def check_each(check: m.EachCheck, ctx: Context) -> CheckResult:
    """A comparison that every (enough) record satisfies."""
    records = ctx.population(check.records, check.where)
    if records is None:
        return _missing(check, f"records.{check.records}")
    rhs_label = (
        check.value_field + (f" × {check.scale:g}" if check.scale else "")
        if check.value_field
        else literal(check.value)
    )
    threshold = _share_threshold(check.min_share)
    if not records:
        return _empty(
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
        if scale is not None:
            values = [None if v is None else v * scale for v in values]
        rights = values
    if ctx.gaps(check.records, field, lefts) or (
        value_field is not None and ctx.gaps(check.records, value_field, values)
    ):
        bad_pairs = [
            (rid, field if left is None else str(value_field))
            for rid, left, right in zip(ids, lefts, rights, strict=False)
            if left is None or right is None
        ]
        return _unusable(check, [r for r, _ in bad_pairs], [f for _, f in bad_pairs])
    bad = list(compress(ids, map(FAILS[check.op], lefts, rights)))
    return _judged(
        check,
        total=len(records),
        late=bad,
        pending=0,
        noun_zh=f"满足 {field} {check.op} {rhs_label}",
        noun_en=f"satisfy {field} {check.op} {rhs_label}",
        not_zh="不满足",
    )


def check_manual(check: m.ManualCheck, ctx: Context) -> CheckResult:
    """An auditor's attestation answers the question; without one the check is missing."""
    del ctx
    return _result(
        check,
        "missing",
        f"尚无审核人员核实意见：{check.question.zh}",
        f"no auditor attestation yet: {check.question.en}",
    )


CHECKS: dict[str, Callable[[Any, Context], CheckResult]] = {
    "fact": check_fact,
    "count": check_count,
    "ratio": check_ratio,
    "document": check_document,
    "cadence": check_cadence,
    "deadline": check_deadline,
    "coverage": check_coverage,
    "each": check_each,
    "manual": check_manual,
}

SHARE_KINDS = frozenset({"cadence", "deadline", "coverage", "each", "ratio"})


def _refs(check: Any) -> list[str]:
    """What a check looked at: facts and record sets (a document check names its documents)."""
    if check.kind == "fact":
        return [f"facts.{check.fact}"]
    if check.kind == "ratio":
        refs = []
        for term in (check.numerator, check.denominator):
            if isinstance(term, m.FactTerm):
                refs.append(f"facts.{term.fact}")
            elif isinstance(term, m.CountTerm):
                refs.append(f"records.{term.count}")
            else:
                refs.append(f"records.{term.records}")
        return list(dict.fromkeys(refs))
    if check.kind == "coverage":
        return [f"records.{check.records}", f"records.{check.by}"]
    if check.kind in ("manual", "document"):
        return []
    return [f"records.{check.records}"]


def run_check(check: Any, ctx: Context) -> CheckResult:
    """Evaluate one check."""
    return CHECKS[check.kind](check, ctx)
