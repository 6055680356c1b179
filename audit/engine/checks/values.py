"""Checks of single values: fact, count, ratio, document, manual."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from decimal import Decimal

from audit.checklist import model as m
from audit.checklist.base import OPS
from audit.checklist.describe import literal
from audit.engine.checks.exact import compared, exact, exact_quotient, exact_sum
from audit.engine.checks.results import build, empty, missing, num, pct, threshold_of
from audit.engine.context import Context
from audit.engine.result import CheckResult


def check_fact(check: m.FactCheck, ctx: Context) -> CheckResult:
    """Compare a fact with a value."""
    if check.fact not in ctx.facts:
        return missing(check, f"fact {check.fact}")
    value = ctx.facts[check.fact]
    threshold = threshold_of(check)
    outcome = "pass" if OPS[check.op](value, check.value) else "fail"
    shown = literal(value)
    return build(
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
        return missing(check, f"records.{check.records}")
    n = len(records)
    threshold = threshold_of(check)
    if n == 0 and check.when_empty is not None:
        return empty(
            check,
            f"{check.records} 没有记录",
            f"{check.records} has no records",
            measured=0,
            threshold=threshold,
        )
    outcome = "pass" if OPS[check.op](n, check.value) else "fail"
    return build(
        check,
        outcome,
        f"{check.records} 共 {n} 条记录，要求 {threshold}",
        f"{n} {check.records} record(s); required {threshold}",
        measured=n,
        threshold=threshold,
    )


def _filtered(name: str, where: Mapping[str, object]) -> str:
    """A set as a term names it: ``applications[urgent=true]`` when filtered."""
    if not where:
        return name

    def shown(value: object) -> str:
        if isinstance(value, list):
            return "[" + ", ".join(map(literal, value)) + "]"
        return literal(value)

    return name + "[" + ", ".join(f"{k}={shown(v)}" for k, v in where.items()) + "]"


def _term(term: m.RatioTerm, ctx: Context) -> tuple[Decimal | None, str]:
    """A ratio term's value, in decimal (None when what it needs was not submitted), and
    its label. A sum is exact, so it does not depend on the order of the records, and
    amounts of 0.7 and 0.1 make 0.8."""
    if isinstance(term, m.FactTerm):
        value = ctx.facts.get(term.fact)
        return (None if value is None else exact(value)), term.fact
    if isinstance(term, m.CountTerm):
        records = ctx.population(term.count, term.where)
        label = f"count({_filtered(term.count, term.where)})"
        return (None if records is None else Decimal(len(records))), label
    records = ctx.population(term.records, term.where)
    if records is None:
        return None, term.sum
    field = term.field
    total = exact_sum(v for r in records if (v := r.get(field)) is not None)
    return total, f"sum({_filtered(term.records, term.where)}.{field})"


def _blanks(term: m.RatioTerm, ctx: Context) -> tuple[int, str] | None:
    """(records, field) of a sum's records whose optional field is null: a sum leaves them
    out, and the explanation says so (an unknown amount is not an amount of 0)."""
    if not isinstance(term, m.SumTerm):
        return None
    records = ctx.population(term.records, term.where) or []
    nulls = sum(1 for r in records if r.get(term.field) is None)
    return (nulls, term.field) if nulls else None


def check_ratio(check: m.RatioCheck, ctx: Context) -> CheckResult:
    """Compare numerator ÷ denominator with a value; a zero denominator is N/A."""
    numerator, num_label = _term(check.numerator, ctx)
    denominator, den_label = _term(check.denominator, ctx)
    for value, label in ((numerator, num_label), (denominator, den_label)):
        if value is None:
            return missing(check, label)
    assert numerator is not None and denominator is not None
    threshold = threshold_of(check)
    if denominator == 0:
        return empty(
            check,
            f"{den_label} 为 0，无法计算比率",
            f"{den_label} is 0; no ratio",
            threshold=threshold,
        )
    exact_ratio = exact_quotient(numerator, denominator)
    ratio, top, bottom = float(exact_ratio), float(numerator), float(denominator)
    if not math.isfinite(ratio) or not math.isfinite(top) or not math.isfinite(bottom):
        # 1e308 ÷ 1e-308: no number the result (JSON) can hold; not a pass measured as null
        terms = f"{num_label} ÷ {den_label}"
        figures = f"{top:.6g} ÷ {bottom:.6g}"
        zh = f"{terms} 超出可计算的数值范围（{figures}）"
        en = f"{terms} is beyond the numbers that can be computed ({figures})"
        return build(check, "error", zh, en, threshold=threshold)
    outcome = "pass" if OPS[check.op](exact_ratio, exact(check.value)) else "fail"
    # the terms by name: "1 ÷ 4" alone does not say what was divided by what; a share is
    # also a percentage, an amount per unit (a threshold above 1) is not: "900 (9e+04%)"
    side = compared(exact_ratio, exact(check.value))
    shown = f"{num_label} ÷ {den_label} = {num(top)} ÷ {num(bottom)} = " + (
        num(ratio, check.value, side)
        + (f" ({pct(ratio, check.value, side)})" if abs(check.value) <= 1 else "")
    )
    zh, en = f"{shown}，要求 {threshold}", f"{shown}; required {threshold}"
    for blank in filter(None, (_blanks(check.numerator, ctx), _blanks(check.denominator, ctx))):
        zh += f"；{blank[0]} 条记录的 {blank[1]} 为空，未计入合计"
        en += f"; {blank[0]} record(s) with no {blank[1]} left out of the sum"
    return build(check, outcome, zh, en, measured=ratio, threshold=threshold)


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
        return build(
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
    return build(
        check,
        "fail" if short else "pass",
        f"{window_zh}印发：{summary_zh}（要求每类 ≥ {check.min}）",
        f"issued{window_en}: {summary_en} (at least {check.min} each)",
        measured=counted,
        threshold=threshold,
        offending=short,
        refs=refs,
    )


def check_manual(check: m.ManualCheck, ctx: Context) -> CheckResult:
    """An auditor's attestation answers the question; without one the check is missing."""
    del ctx
    return build(
        check,
        "missing",
        f"尚无审计人员核实意见：{check.question.zh}",
        f"no auditor attestation yet: {check.question.en}",
    )
