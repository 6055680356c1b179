"""The cross-reference rules of each check kind: the names and types a check uses must
be declared, and fit the use it makes of them (checklist.md, "Check kinds")."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from audit.checklist import model as m
from audit.checklist.lint import DATES, NUMERIC, comparable_types
from audit.diagnostics import JsonPath

if TYPE_CHECKING:
    from audit.checklist.lint import Linter


def _fact(lint: Linter, check: Any, path: JsonPath) -> None:
    fact = lint.c.facts.get(check.fact)
    if fact is None:
        lint.unknown("fact", check.fact, lint.c.facts, (*path, "fact"))
        return
    lint.comparable(fact.type, check.op, check.value, f"facts.{check.fact}", path)


# What a check uses a field for, as the field-type error says it (zh, en).
USES = {
    "ratio": ("比率", "ratio"),
    "sum": ("求和", "sum"),
    "deadline": ("期限", "deadline"),
    "within_field": ("期限天数（within_field）", "within_field"),
    "before": ("先后顺序（before）", "before"),
    "after": ("先后顺序（after）", "after"),
    "scale": ("换算（scale）", "scale"),
}


def _count(lint: Linter, check: Any, path: JsonPath) -> None:
    lint.records_where(check, path)


def _ratio(lint: Linter, check: Any, path: JsonPath) -> None:
    for side in ("numerator", "denominator"):
        term = getattr(check, side)
        term_path = (*path, side)
        if isinstance(term, m.FactTerm):
            fact = lint.c.facts.get(term.fact)
            if fact is None:
                lint.unknown("fact", term.fact, lint.c.facts, (*term_path, "fact"))
            elif fact.type not in NUMERIC:
                lint.wrong_type((*term_path, "fact"), "facts", term.fact, fact.type, USES["ratio"])
        elif isinstance(term, m.CountTerm):
            rs = lint.record_set(term.count, (*term_path, "count"))
            if rs is not None:
                lint.where(term.count, rs, term.where, (*term_path, "where"))
        else:
            rs = lint.record_set(term.records, (*term_path, "sum"))
            if rs is not None:
                lint.field(
                    term.records, rs, term.field, (*term_path, "sum"), want=NUMERIC, use=USES["sum"]
                )
                lint.where(term.records, rs, term.where, (*term_path, "where"))


def _document(lint: Linter, check: Any, path: JsonPath) -> None:
    for index, kind in enumerate(check.kinds):
        if kind not in lint.c.documents:
            lint.unknown("document kind", kind, lint.c.documents, (*path, "kinds", index))


def _cadence(lint: Linter, check: Any, path: JsonPath) -> None:
    rs = lint.records_where(check, path)
    if rs is not None and rs.date is None:  # buckets are filled by each record's own date
        lint.error("checklist.cadence-no-date", (*path, "records"), set=check.records)


def _unit_given(lint: Linter, limit: Any, path: JsonPath) -> None:
    """A limit in days without its ``unit`` is read in calendar days: checklist.md gives
    no default, and days or working days is the whole question of a legal time limit."""
    if "unit" not in limit.model_fields_set:
        within = limit.within if limit.within is not None else limit.within_field
        lint.warn("checklist.unit-missing", path, within=within)


def _deadline(lint: Linter, check: Any, path: JsonPath) -> None:
    _unit_given(lint, check, path)
    rs = lint.records_where(check, path)
    if rs is None:
        return
    lint.field(check.records, rs, check.from_, (*path, "from"), want=DATES, use=USES["deadline"])
    lint.field(check.records, rs, check.to, (*path, "to"), want=DATES, use=USES["deadline"])
    if check.within_field is not None:
        lint.field(
            check.records,
            rs,
            check.within_field,
            (*path, "within_field"),
            want=("integer",),
            use=USES["within_field"],
        )


def _coverage(lint: Linter, check: Any, path: JsonPath) -> None:
    rs = lint.records_where(check, path)
    by = lint.record_set(check.by, (*path, "by"))
    key = lint.field(check.records, rs, check.key, (*path, "key")) if rs is not None else None
    match = lint.field(check.by, by, check.match, (*path, "match")) if by is not None else None
    if key is not None and match is not None and not comparable_types(key, match):
        subject = f"{check.records}.{check.key}"
        use = (f"与 {subject}（{key}）匹配", f"matching {subject} ({key})")
        lint.wrong_type((*path, "match"), check.by, check.match, match, use)
    if check.after is not None:
        _unit_given(lint, check.after, (*path, "after"))
    order = check.before or check.after
    if order is not None and rs is not None and by is not None:
        name = "before" if check.before is not None else "after"
        lint.field(check.records, rs, order.this, (*path, name, "this"), want=DATES, use=USES[name])
        lint.field(check.by, by, order.that, (*path, name, "that"), want=DATES, use=USES[name])


def _each(lint: Linter, check: Any, path: JsonPath) -> None:
    rs = lint.records_where(check, path)
    if rs is None:
        return
    base = lint.field(check.records, rs, check.field, (*path, "field"))
    if base is None:
        return
    if check.value_field is not None:
        other = lint.field(check.records, rs, check.value_field, (*path, "value_field"))
        if other is not None and not comparable_types(base, other):
            use = (f"与 {check.field}（{base}）比较", f"comparison with {check.field} ({base})")
            lint.wrong_type((*path, "value_field"), check.records, check.value_field, other, use)
        elif other is not None:
            lint.ordered(base, check.op, check.records, check.field, path)
        if check.scale is not None and base not in NUMERIC:
            lint.wrong_type((*path, "scale"), check.records, check.field, base, USES["scale"])
    else:
        lint.comparable(base, check.op, check.value, f"{check.records}.{check.field}", path)


def _manual(lint: Linter, check: Any, path: JsonPath) -> None:
    """A manual check names nothing in the evidence."""


CHECKERS: dict[str, Callable[[Linter, Any, JsonPath], None]] = {
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
