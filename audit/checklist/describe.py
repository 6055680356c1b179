"""Plain-language descriptions of checks, in Chinese and English, generated from parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from audit.checklist import model as m
from audit.i18n import Lang, pick

UNITS = {"days": ("日", "days"), "working_days": ("个工作日", "working days")}


def en_count(n: int, unit: str) -> str:
    """``n`` units in English, singular for one: "1 working day", "7 working days"."""
    return f"{n} {unit[:-1] if n == 1 and unit.endswith('s') else unit}"


BUCKETS = {
    "week": ("周", "week"),
    "month": ("月", "month"),
    "quarter": ("季度", "quarter"),
    "year": ("年", "year"),
}
ISSUED = {
    "in_period": ("须于检查期间内印发", "issued within the period"),
    "by_period_end": ("须于期末前印发", "issued by the end of the period"),
    "any": ("不限印发日期", "issued at any date"),
}


def literal(value: Any) -> str:
    """A checklist value as it is written: true, 0.9, "", 2020-01-01."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return exact(value)
    return str(value)


def exact(value: float) -> str:
    """A number with every digit it has: 12345678.9, not 1.23457e+07 (a threshold
    checked as written must be shown as written); whole numbers without a decimal point."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _mid_sentence(label: str) -> str:
    """An English label inside a sentence: lower-case first letter unless an acronym."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def percent(share: float) -> str:
    """0.95 → 95%."""
    return f"{share * 100:g}%"


class Describer:
    """Describes the checks of one checklist in one language."""

    def __init__(self, checklist: m.Checklist, lang: Lang) -> None:
        self.c = checklist
        self.lang = lang

    def pick(self, zh: str, en: str) -> str:
        return pick(self.lang, zh, en)

    def set_name(self, name: str) -> str:
        rs = self.c.records.get(name)
        if rs is None:
            return name
        if self.lang == "zh":
            return f"{rs.zh}（{name}）"
        return f"{_mid_sentence(rs.en)} ({name})"

    def fact_name(self, name: str) -> str:
        fact = self.c.facts.get(name)
        label = (fact.zh if self.lang == "zh" else fact.en) if fact else name
        return f"「{label}」（{name}）" if self.lang == "zh" else f"{label} ({name})"

    def kind_name(self, kind: str) -> str:
        doc = self.c.documents.get(kind)
        label = (doc.zh if self.lang == "zh" else doc.en) if doc else kind
        return f"{label}（{kind}）" if self.lang == "zh" else f"{label} ({kind})"

    def where(self, where: Mapping[str, Any]) -> str:
        if not where:
            return ""
        parts = []
        for key, value in where.items():
            if isinstance(value, list):
                parts.append(f"{key} ∈ {{{', '.join(literal(v) for v in value)}}}")
            else:
                parts.append(f"{key} = {literal(value)}")
        joined = self.pick("且", " and ").join(parts)
        return self.pick(f"中 {joined} 的", f" where {joined}")

    def share(self, check: Any) -> str:
        min_share = getattr(check, "min_share", 1.0)
        if min_share >= 1:
            return self.pick("（全部达标）", " (all of them)")
        return self.pick(
            f"（达标比例 ≥ {percent(min_share)}）", f" (at least {percent(min_share)} of them)"
        )

    def term(self, term: m.RatioTerm) -> str:
        if isinstance(term, m.FactTerm):
            return self.fact_name(term.fact)
        if isinstance(term, m.CountTerm):
            return self.pick(
                f"{self.set_name(term.count)}{self.where(term.where)}记录数",
                f"the number of {self.set_name(term.count)}{self.where(term.where)}",
            )
        return self.pick(
            f"{self.set_name(term.records)}{self.where(term.where)}记录的 {term.field} 之和",
            f"the sum of {term.field} over {self.set_name(term.records)}{self.where(term.where)}",
        )

    def describe(self, check: Any) -> str:
        """One sentence saying what ``check`` requires."""
        if check.title is not None:
            return str(check.title.get(self.lang))
        return self.rule(check)

    def rule(self, check: Any) -> str:
        """The check's rule with its names and thresholds, whatever its title says, and what
        an empty population makes of it when the checklist says (``when_empty``)."""
        text = str(_KINDS[check.kind](self, check))
        empty = getattr(check, "when_empty", None)
        if empty is not None:
            verdict = self.pick("通过" if empty == "pass" else "不符合", empty)
            text += self.pick(f"（无记录时：{verdict}）", f" (no records: {verdict})")
        return text


def _fact(d: Describer, c: m.FactCheck) -> str:
    return d.pick(
        f"事实{d.fact_name(c.fact)} {c.op} {literal(c.value)}",
        f"fact {d.fact_name(c.fact)} {c.op} {literal(c.value)}",
    )


def _count(d: Describer, c: m.CountCheck) -> str:
    return d.pick(
        f"{d.set_name(c.records)}{d.where(c.where)}记录数 {c.op} {c.value}",
        f"the number of {d.set_name(c.records)}{d.where(c.where)} {c.op} {c.value}",
    )


def _ratio(d: Describer, c: m.RatioCheck) -> str:
    return d.pick(
        f"{d.term(c.numerator)} ÷ {d.term(c.denominator)} {c.op} {literal(c.value)}",
        f"{d.term(c.numerator)} ÷ {d.term(c.denominator)} {c.op} {literal(c.value)}",
    )


def _document(d: Describer, c: m.DocumentCheck) -> str:
    kinds = d.pick("、", ", ").join(d.kind_name(k) for k in c.kinds)
    zh_issued, en_issued = ISSUED[c.issued]
    return d.pick(
        f"须有文书：{kinds}，每类至少 {c.min} 份，{zh_issued}",
        f"documents: {kinds}, at least {c.min} of each kind, {en_issued}",
    )


def _cadence(d: Describer, c: m.CadenceCheck) -> str:
    zh_bucket, en_bucket = BUCKETS[c.every]
    return d.pick(
        f"{d.set_name(c.records)}{d.where(c.where)}记录须每{zh_bucket}至少 {c.min} 条"
        + ("" if c.min_share >= 1 else f"（覆盖 ≥ {percent(c.min_share)} 的{zh_bucket}）"),
        f"at least {en_count(c.min, 'records')} of {d.set_name(c.records)}{d.where(c.where)} every "
        f"{en_bucket}"
        + (
            "" if c.min_share >= 1 else f" (in at least {percent(c.min_share)} of the {en_bucket}s)"
        ),
    )


def _deadline(d: Describer, c: m.DeadlineCheck) -> str:
    zh_unit, en_unit = UNITS[c.unit]
    if c.within == 0:
        return d.pick(
            f"{d.set_name(c.records)}{d.where(c.where)}记录的 {c.to} 不得晚于 {c.from_}"
            f"{d.share(c)}",
            f"{d.set_name(c.records)}{d.where(c.where)}: {c.to} on or before {c.from_}{d.share(c)}",
        )
    if c.within is not None:
        limit_zh, limit_en = f"{c.within} {zh_unit}", en_count(c.within, en_unit)
    else:
        limit_zh = f"{c.within_field} 所载{zh_unit}数"
        limit_en = f"the number of {en_unit} in {c.within_field}"
    return d.pick(
        f"{d.set_name(c.records)}{d.where(c.where)}记录的 {c.to} 须在 {c.from_} 后 {limit_zh}内"
        f"{d.share(c)}",
        f"{d.set_name(c.records)}{d.where(c.where)}: {c.to} within {limit_en} of "
        f"{c.from_}{d.share(c)}",
    )


def _coverage(d: Describer, c: m.CoverageCheck) -> str:
    zh = (
        f"{d.set_name(c.records)}{d.where(c.where)}每条记录（按 {c.key}）须在 "
        f"{d.set_name(c.by)} 中有 {c.match} 与之对应的记录"
    )
    en = (
        f"every record of {d.set_name(c.records)}{d.where(c.where)} (by {c.key}) has a "
        f"record of {d.set_name(c.by)} whose {c.match} matches"
    )
    if c.before is not None:
        zh += f"，且其 {c.before.that} 不晚于 {c.before.this}"
        en += f", with {c.before.that} on or before {c.before.this}"
    if c.after is not None:
        zh_unit, en_unit = UNITS[c.after.unit]
        zh += f"，且其 {c.after.that} 在 {c.after.this} 后 {c.after.within} {zh_unit}内"
        en += f", with {c.after.that} within {en_count(c.after.within, en_unit)} of {c.after.this}"
    return d.pick(zh + d.share(c), en + d.share(c))


def _each(d: Describer, c: m.EachCheck) -> str:
    if c.value_field is not None:
        rhs = c.value_field + (f" × {c.scale:g}" if c.scale is not None else "")
    else:
        rhs = literal(c.value)
    return d.pick(
        f"{d.set_name(c.records)}{d.where(c.where)}每条记录：{c.field} {c.op} {rhs}{d.share(c)}",
        f"every record of {d.set_name(c.records)}{d.where(c.where)}: {c.field} {c.op} "
        f"{rhs}{d.share(c)}",
    )


def _manual(d: Describer, c: m.ManualCheck) -> str:
    return d.pick(f"审计人员核实：{c.question.zh}", f"auditor attests: {c.question.en}")


_KINDS: dict[str, Callable[[Describer, Any], str]] = {
    "fact": _fact,
    "count": _count,
    "ratio": _ratio,
    "document": _document,
    "cadence": _cadence,
    "deadline": _deadline,
    "coverage": _coverage,
    "each": _each,
    "manual": _manual,
}


def describe_check(check: Any, checklist: m.Checklist, lang: Lang) -> str:
    """What ``check`` requires, in one sentence in ``lang``."""
    return Describer(checklist, lang).describe(check)


def explain_check(check: Any, checklist: m.Checklist, lang: Lang) -> str:
    """What ``check`` requires in full: its title, if it has one, and then its rule (a title
    such as "share of issues resolved" does not say the share required)."""
    describer = Describer(checklist, lang)
    rule = describer.rule(check)
    if check.title is None:
        return rule
    title = check.title.get(lang)
    return f"{title}（{rule}）" if lang == "zh" else f"{title} ({rule})"


def describe_scoring(scoring: m.Scoring, lang: Lang) -> str:
    """An item's partial-credit rule as its reports and explain state it."""
    if scoring.tiers is not None:
        tiers = "; ".join(f"≥ {v:g} → {c:g}" for v, c in scoring.tiers)
        return pick(lang, f"分档得分：{tiers}，否则 0", f"tiers: {tiers}, else 0")
    lin = scoring.linear
    assert lin is not None
    return pick(
        lang,
        f"线性得分：{lin.floor:g} 时为 0，{lin.target:g} 时为满分，其间按比例",
        f"linear: 0 at {lin.floor:g}, full credit at {lin.target:g}, in proportion between",
    )
