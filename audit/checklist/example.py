"""Example evidence that satisfies an item: for ``audit explain`` and ``audit init``.

For every record set an item uses, one base record is built that satisfies all the item's
checks on that set; copies of it (with new ids and shifted dates) fill counts, cadence
buckets and ratios. Facts get values that satisfy their comparisons, documents are dated
inside the period. The period is the first half-year the items are all in force for
(2020-H1 unless an ``effective_from`` is later), so that the example can score ``pass``.

An example is for reading: it holds at most :data:`MOST` records of a set (per cadence
bucket) and documents of a kind, so a threshold of a million records gives an example of a
hundred that shows the shape, not one that exhausts the memory.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import ChainMap
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from audit.checklist import model as m
from audit.checklist.base import OPS
from audit.checklist.example_records import as_day, expand, matches, record_prefix
from audit.checklist.lint import field_type
from audit.i18n import Lang

PERIOD = (dt.date(2020, 1, 1), dt.date(2020, 6, 30))
BASE_DAY = dt.date(2020, 3, 2)  # a Monday inside the example period
_CST = dt.timezone(dt.timedelta(hours=8))
_DEFAULTS: dict[str, Any] = {"integer": 1, "number": 1.0, "boolean": False}
# the text an example puts where the agency writes some, in the language of the reader
SAMPLE = {"zh": "示例", "en": "example"}
MOST = 100
_LARGEST = 1e15  # a ratio's example terms stay exact integers in a float


def example_period(items: Iterable[m.Item]) -> tuple[dt.date, dt.date]:
    """:data:`PERIOD`, moved on by whole years until it starts on or after every item's
    ``effective_from`` (an example dated earlier would not show what the item needs)."""
    start, end = PERIOD
    latest = max((i.effective_from for i in items if i.effective_from is not None), default=None)
    years = 0
    while latest is not None and start.replace(year=start.year + years) < latest:
        years += 1
    return start.replace(year=start.year + years), end.replace(year=end.year + years)


def _base_day(period: tuple[dt.date, dt.date]) -> dt.date:
    """The Monday as far into ``period`` as :data:`BASE_DAY` is into :data:`PERIOD`."""
    day = period[0] + (BASE_DAY - PERIOD[0])
    day += dt.timedelta(days=-day.weekday() % 7)
    return min(day, period[1])


def satisfying(op: str, value: Any, base: str, sample: str = SAMPLE["zh"]) -> Any:
    """A value ``x`` of type ``base`` for which ``x op value`` holds (a different string is
    ``value`` followed by ``sample``)."""
    if op in ("==", ">=", "<="):
        return value
    if base == "boolean":
        return not value
    if base == "string":
        return (value or "") + sample if op == "!=" else value
    if isinstance(value, dt.date):
        step = dt.timedelta(days=-1 if op == "<" else 1)
        return value + step
    if base == "integer":
        return value - 1 if op == "<" else value + 1
    delta = max(abs(value) * 0.1, 0.1)
    return value - delta if op == "<" else value + delta


@dataclass
class Example:
    """The evidence fragment being built."""

    checklist: m.Checklist
    period: tuple[dt.date, dt.date] = PERIOD
    lang: Lang = "zh"
    facts: dict[str, Any] = field(default_factory=dict)
    bases: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    buckets: dict[str, str] = field(default_factory=dict)
    matches: list[tuple[m.CoverageCheck]] = field(default_factory=list)
    scoring: m.Scoring | None = None  # the partial-credit rule of the item being built
    # records a filter needs that another's values exclude (count b = true and count
    # b = false of one set): [set, record, how many], added beside the base's copies
    variants: list[list[Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    # where-values other checks need on every record of a set, and the filters at most so
    # many records may match (a count "<= 3 violations", a ratio "<= 0.5 urgent")
    required: dict[str, set[str]] = field(default_factory=dict)
    caps: list[tuple[str, dict[str, Any], int]] = field(default_factory=list)
    # sets a check wants without any record (a count "< 1"), given as []
    empty: set[str] = field(default_factory=set)
    # the sums a ratio needs over a set's matching records: (set, field, where, total)
    sums: list[tuple[str, str, dict[str, Any], float]] = field(default_factory=list)

    @property
    def day(self) -> dt.date:
        """The date every example record and document starts from."""
        return _base_day(self.period)

    def default(self, declared: str) -> Any:
        """An example value of a field type (dates on :attr:`day`)."""
        if declared == "date":
            return self.day
        if declared == "datetime":
            return dt.datetime.combine(self.day, dt.time(9, 0), tzinfo=_CST)
        if declared == "string":
            return SAMPLE[self.lang]
        return _DEFAULTS[declared]

    def satisfying(self, op: str, value: Any, base: str) -> Any:
        """:func:`satisfying`, with text in the example's language."""
        return satisfying(op, value, base, SAMPLE[self.lang])

    def base(self, set_name: str) -> dict[str, Any]:
        """The base record of a set, created with default values on first use."""
        if set_name not in self.bases:
            rs = self.checklist.records[set_name]
            record: dict[str, Any] = {"id": f"{record_prefix(set_name)}-1"}
            for name, declared in rs.fields.items():
                if not declared.endswith("?"):
                    record[name] = self.default(declared)
            self.bases[set_name] = record
            self.counts.setdefault(set_name, 1)
        return self.bases[set_name]

    def where(
        self, set_name: str, where: dict[str, Any], *, most: int | None = None
    ) -> MutableMapping[str, Any]:
        """The base record of a set, matching ``where``; with ``most``, no more than that
        many of the set's records may match it (the others are made not to, in one key
        no other check needs).

        Where another filter needs a value of the set that ``where`` excludes (count
        b = true and count b = false), the record is a variant of its own: what ``where``
        and the checks given it write, over the base as it finally is (later checks'
        values included)."""
        record: MutableMapping[str, Any] = self.base(set_name)
        needed = self.required.setdefault(set_name, set())
        if any(k in needed and not matches(record.get(k), v) for k, v in where.items()):
            record = ChainMap({}, record)  # writes go to the variant, reads fall through
            self.variants.append([set_name, record, 1])
        elif most is None:
            needed.update(where)
        elif where:
            self.caps.append((set_name, where, most))
        for key, value in where.items():
            if isinstance(value, list):
                if value:  # (lint refuses an empty list: no record can match it)
                    record[key] = value[0]
            else:
                record[key] = value
        return record

    def need(
        self, set_name: str, count: int, record: MutableMapping[str, Any] | None = None
    ) -> None:
        """At least ``count`` records like the base of a set, or like ``record`` (one
        :meth:`where` gave) where that is a variant of its own."""
        self.base(set_name)
        for variant in self.variants:
            if variant[1] is record:
                variant[2] = max(variant[2], min(count, MOST))
                return
        self.counts[set_name] = max(self.counts.get(set_name, 1), min(count, MOST))

    def typed(self, set_name: str, name: str) -> str:
        found = field_type(self.checklist.records[set_name], name)
        return found[0] if found else "string"

    def dated(self, set_name: str, name: str, value: dt.date) -> dt.date:
        """``value`` as the field's own kind of date: a date-time field gets 09:00 Beijing
        time on that day, a date field the day of a date-time."""
        if self.typed(set_name, name) == "datetime":
            if isinstance(value, dt.datetime):
                return value
            return dt.datetime.combine(value, dt.time(9, 0), tzinfo=_CST)
        return as_day(value)


def _fact(ex: Example, c: m.FactCheck) -> None:
    ex.facts[c.fact] = ex.satisfying(c.op, c.value, ex.checklist.facts[c.fact].type)


def _count(ex: Example, c: m.CountCheck) -> None:
    wanted = max(int(ex.satisfying(c.op, c.value, "integer")), 0)
    if wanted == 0 and not c.where:  # "no record at all" (< 1): the set is given empty
        ex.empty.add(c.records)
        return
    # more records matching would break "<=", "<", "==" and "!=": the count is capped
    record = ex.where(c.records, c.where, most=None if c.op in (">=", ">") else wanted)
    ex.need(c.records, wanted, record)


def _term_value(ex: Example, term: m.RatioTerm, value: float, *, most: int | None = None) -> None:
    if isinstance(term, m.FactTerm):
        base = ex.checklist.facts[term.fact].type
        ex.facts[term.fact] = math.ceil(value) if base == "integer" else float(value)
    elif isinstance(term, m.CountTerm):
        record = ex.where(term.count, term.where, most=most)
        ex.need(term.count, math.ceil(value), record)
    else:
        record = ex.where(term.records, term.where)
        each = (term.where or {}).get(term.field)
        if isinstance(each, (int, float)) and not isinstance(each, bool) and each > 0:
            # the filter fixes the value summed (q = 1): the total is so many records of it
            whole = value / each
            ex.need(term.records, math.ceil(whole) if most is None else math.floor(whole), record)
            return
        total = math.ceil(value) if ex.typed(term.records, term.field) == "integer" else value
        record[term.field] = total
        ex.sums.append((term.records, term.field, term.where, total))  # shared once copied


def _full_credit(scoring: m.Scoring | None) -> float | None:
    """The measured value an item's partial-credit rule gives full credit from."""
    if scoring is None:
        return None
    if scoring.linear is not None:
        return scoring.linear.target
    tiers = scoring.tiers or []
    full = [value for value, credit in tiers if credit >= 1.0]
    return min(full) if full else max((value for value, _ in tiers), default=None)


def _ratio(ex: Example, c: m.RatioCheck) -> None:
    value = c.value
    full = _full_credit(ex.scoring)
    if full is not None and c.op in (">=", ">") and full > value:
        value = full  # passing at the threshold earns only a tier's part: the top is shown
    denominator = 4
    written = Fraction(repr(value))
    if c.op == "==" and 0 < written.denominator <= MOST:
        denominator = written.denominator  # 0.9 is 9 of 10: no whole count of 4 makes it
    target = max(-_LARGEST, min(_LARGEST, value * denominator))
    if c.op == "==" and denominator == written.denominator:
        target = written.numerator  # (0.9 × 10 in floats need not be 9)
    numerator = {
        ">=": math.ceil(target),
        ">": math.floor(target) + 1,
        "==": target,
        "<=": math.floor(target),
        "<": math.ceil(target) - 1,
        "!=": target + 1,
    }[c.op]
    _term_value(ex, c.denominator, denominator)
    capped = None if c.op in (">=", ">") else max(math.ceil(numerator), 0)
    _term_value(ex, c.numerator, max(numerator, 0), most=capped)


def _document(ex: Example, c: m.DocumentCheck) -> None:
    for kind in c.kinds:
        present = sum(1 for d in ex.documents if d["kind"] == kind)
        for n in range(present, min(c.min, MOST)):
            named = ex.checklist.documents[kind]
            ex.documents.append(
                {
                    "id": f"D-{len(ex.documents) + 1:02d}",
                    "kind": kind,
                    "title": f"{named.zh}（示例）" if ex.lang == "zh" else f"{named.en} (example)",
                    "issued": ex.day,
                    "url": f"https://example.invalid/{kind}/{n + 1}",
                }
            )


_FINER = {"week": 0, "month": 1, "quarter": 2, "year": 3}


def _cadence(ex: Example, c: m.CadenceCheck) -> None:
    ex.where(c.records, c.where)
    # records in every bucket of the finest period asked fill the coarser ones as well
    given = ex.buckets.get(c.records)
    if given is None or _FINER[c.every] < _FINER[given]:
        ex.buckets[c.records] = c.every
    ex.need(c.records, c.min)


def _deadline(ex: Example, c: m.DeadlineCheck) -> None:
    record = ex.where(c.records, c.where)
    start = record.get(c.from_, ex.day)
    record[c.from_] = ex.dated(c.records, c.from_, start)
    record[c.to] = ex.dated(c.records, c.to, start)
    if c.within_field is not None and c.within_field not in ex.required.get(c.records, ()):
        record[c.within_field] = 30  # (one a filter sets is kept: from and to are one day)


def _coverage(ex: Example, c: m.CoverageCheck) -> None:
    record = ex.where(c.records, c.where)
    if record.get(c.key) is None:  # an optional key: a match needs a value to match
        record[c.key] = ex.default(ex.typed(c.records, c.key))
    order = c.before or c.after
    if order is not None:
        record.setdefault(order.this, ex.dated(c.records, order.this, ex.day))
    ex.base(c.by)
    ex.matches.append((c,))


def _each(ex: Example, c: m.EachCheck) -> None:
    record = ex.where(c.records, c.where)
    fixed = ex.required.get(c.records, set())  # what a filter sets stays: its records count
    base = ex.typed(c.records, c.field)
    if c.field in fixed:  # (if that value fails the comparison, nothing the example can do)
        allowed = c.where.get(c.field) if c.where else None
        if isinstance(allowed, list) and c.value_field is None:  # one of them may pass
            record[c.field] = next((v for v in allowed if OPS[c.op](v, c.value)), allowed[0])
        return
    if c.value_field is None:
        # a day inside the period, where one will do: a date outside it (2021-01-15 for
        # "<= 2021-01-15") is the primary date of a record no check counts
        dated = base in ("date", "datetime") and type(c.value) is dt.date
        if dated and OPS[c.op](ex.day, c.value):
            record[c.field] = ex.dated(c.records, c.field, ex.day)
            return
        record[c.field] = ex.satisfying(c.op, c.value, base)
        return
    other = ex.typed(c.records, c.value_field)
    if other not in ("integer", "number"):  # dates, texts, booleans: compared as they are
        reference = record.get(c.value_field) if c.value_field in fixed else None
        reference = ex.default(other) if reference is None else reference
        record[c.value_field] = reference
        record[c.field] = ex.satisfying(c.op, reference, base)
        return
    if c.value_field not in fixed:
        # a reference whose scaled value is whole where the field is (10 × 0.3 is 3)
        whole = Fraction(repr(c.scale or 1)).denominator if base == "integer" else 1
        record[c.value_field] = whole if other == "integer" else float(whole)
    scaled = Fraction(repr(record[c.value_field])) * Fraction(repr(c.scale or 1))
    wanted = ex.satisfying(c.op, float(scaled), "number")
    if base == "integer":  # rounded towards what still satisfies the comparison
        if c.op == "==":
            wanted = round(scaled)
        else:
            wanted = math.floor(wanted) if c.op in ("<", "<=") else math.ceil(wanted)
    record[c.field] = wanted


_BUILDERS: dict[str, Any] = {
    "fact": _fact,
    "count": _count,
    "ratio": _ratio,
    "document": _document,
    "cadence": _cadence,
    "deadline": _deadline,
    "coverage": _coverage,
    "each": _each,
    "manual": lambda ex, c: None,
}


def item_example(
    checklist: m.Checklist,
    items: Iterable[m.Item],
    *,
    period: tuple[dt.date, dt.date] | None = None,
    lang: Lang = "zh",
) -> dict[str, Any]:
    """Facts, records and documents that satisfy ``items`` (JSON-ready values), with text in
    ``lang`` where the agency would write some.

    Dates fall inside ``period`` (by default :func:`example_period` of the items).
    """
    items = list(items)
    ex = Example(checklist, period or example_period(items), lang=lang)
    for item in items:
        ex.scoring = item.scoring
        for check in item.checks:
            _BUILDERS[check.kind](ex, check)
    result: dict[str, Any] = {}
    if ex.facts:
        result["facts"] = ex.facts
    records = expand(ex)
    if records:
        result["records"] = records
    if ex.documents:
        result["documents"] = ex.documents
    jsonable: dict[str, Any] = _jsonable(result)
    return jsonable


def evidence_example(
    checklist: m.Checklist,
    items: list[m.Item],
    *,
    roles: list[str],
    code: str = "EXAMPLE",
    claims: bool = True,
) -> dict[str, Any]:
    """A whole evidence file satisfying ``items`` for an agency with ``roles``."""
    start, end = example_period(items)
    doc: dict[str, Any] = {
        "format": "tj-audit/evidence@1",
        "checklist": checklist.id,
        "checklist_version": checklist.version,
        "agency": {"code": code, "name": "示例单位", "district": "示例区", "roles": roles},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "submitted_at": f"{(end + dt.timedelta(days=5)).isoformat()}T10:00:00+08:00",
        "submitted_by": {"name": "示例填报人"},
    }
    doc.update(item_example(checklist, items, period=(start, end)))
    if claims:
        doc["items"] = {item.id: {"claim": "met"} for item in items}
    return doc


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
