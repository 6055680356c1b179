"""Evidence templates for agencies (``audit init``): what applies to their roles, with examples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from audit.checklist import model as m
from audit.checklist.example import PERIOD, item_example
from audit.engine.calendar import plus_days
from audit.evidence import FORMAT
from audit.i18n import Lang

EXEMPTION_DECISION = "fault_tolerance_decision"


def applicable_items(
    checklist: m.Checklist, roles: Iterable[str], end: dt.date | None = None
) -> list[m.Item]:
    """The items an agency with ``roles`` answers for a period ending on ``end``.

    As the engine decides: an item applies when the agency has one of its roles (or it is
    for every role, ``*``) and is in force by the period's end (``effective_from``).
    """
    wanted = frozenset(roles)
    return [
        i
        for i in checklist.items
        if i.applies_to(wanted)
        and (end is None or i.effective_from is None or end >= i.effective_from)
    ]


@dataclass(frozen=True)
class Vocabulary:
    """The facts, record sets and document kinds some items need, in checklist order."""

    facts: list[str]
    records: list[str]
    documents: list[str]


def vocabulary(checklist: m.Checklist, items: Iterable[m.Item]) -> Vocabulary:
    """What ``items`` read: the facts, record sets and document kinds their checks name.

    A fault-tolerance decision is a document kind every exemptable item may need.
    """
    facts: set[str] = set()
    records: set[str] = set()
    kinds: set[str] = set()
    for item in items:
        if item.exemptable:
            kinds.add(EXEMPTION_DECISION)
        for check in item.checks:
            if isinstance(check, m.FactCheck):
                facts.add(check.fact)
            elif isinstance(check, m.RatioCheck):
                for term in (check.numerator, check.denominator):
                    if isinstance(term, m.FactTerm):
                        facts.add(term.fact)
                    else:
                        records.add(term.count if isinstance(term, m.CountTerm) else term.records)
            elif isinstance(check, m.DocumentCheck):
                kinds.update(check.kinds)
            elif isinstance(check, m.CoverageCheck):
                records.update((check.records, check.by))
            elif isinstance(check, m.RecordCheck):
                records.add(check.records)
    return Vocabulary(
        facts=[name for name in checklist.facts if name in facts],
        records=[name for name in checklist.records if name in records],
        documents=[name for name in checklist.documents if name in kinds],
    )


# What the template writes where only the agency knows the value: a text wholly in
# brackets, which validation warns of until it is replaced (evidence.placeholder).
PLACEHOLDERS: dict[Lang, dict[str, str]] = {
    "zh": {
        "name": "（单位全称）",
        "district": "（所在区）",
        "submitter": "（填报人）",
        "unit": "（责任科室）",
        "person": "（责任人）",
        "leader": "（分管领导）",
    },
    "en": {
        "name": "(the agency's full name)",
        "district": "(its district)",
        "submitter": "(who submits)",
        "unit": "(the responsible unit)",
        "person": "(the responsible person)",
        "leader": "(the leader in charge)",
    },
}


def template(
    checklist: m.Checklist,
    *,
    roles: list[str],
    code: str,
    period: tuple[dt.date, dt.date],
    schema: str | None,
    lang: Lang = "zh",
) -> dict[str, Any]:
    """An evidence file to fill in: one example record per set, example facts and documents.

    It is valid as it stands (so an editor shows no false alarms), and every value is an
    example that the agency replaces with its own: its texts and placeholders in ``lang``.
    """
    start, end = period
    items = applicable_items(checklist, roles, end)
    # dated in the example's own half-year, then moved into the agency's period row by row
    example = item_example(checklist, items, period=PERIOD, lang=lang)
    hint = PLACEHOLDERS[lang]
    doc: dict[str, Any] = {}
    if schema:
        doc["$schema"] = schema
    doc.update(
        {
            "format": FORMAT,
            "checklist": checklist.id,
            "checklist_version": checklist.version,
            "agency": {
                "code": code,
                "name": hint["name"],
                "name_en": "",
                "district": hint["district"],
                "roles": roles,
            },
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "submitted_at": f"{plus_days(end, 5).isoformat()}T09:00:00+08:00",
            "submitted_by": {"name": hint["submitter"], "title": "", "phone": ""},
            "responsible": {
                "unit": hint["unit"],
                "person": hint["person"],
                "leader": hint["leader"],
            },
        }
    )
    facts = example.get("facts") or {}
    if facts:  # in the checklist's order, as the workbook's facts sheet has them
        doc["facts"] = {name: facts[name] for name in checklist.facts if name in facts}
    records = {name: rows[:1] for name, rows in (example.get("records") or {}).items()}
    for name, rows in records.items():
        for row in rows:
            _into_period(row, checklist.records[name], start, end)
    if records:
        doc["records"] = records
    if example.get("documents"):  # issued as far into the period as into the example's
        moved = start - PERIOD[0]
        doc["documents"] = [
            dict(d, issued=_within(dt.date.fromisoformat(d["issued"]) + moved, start, end))
            for d in example["documents"]
        ]
    doc["items"] = {item.id: {"claim": "met"} for item in items}
    if not doc["agency"]["name_en"]:
        del doc["agency"]["name_en"]
    for key in ("title", "phone"):
        if not doc["submitted_by"][key]:
            del doc["submitted_by"][key]
    return doc


def _within(day: dt.date, start: dt.date, end: dt.date) -> str:
    return min(max(day, start), end).isoformat()


def _into_period(row: dict[str, Any], rs: m.RecordSet, start: dt.date, end: dt.date) -> None:
    """Move an example record's dates into the agency's period (keeping their distances)."""
    if rs.date is None or rs.date not in row:
        return
    anchor = dt.date.fromisoformat(str(row[rs.date])[:10])
    target = min(max(anchor, start), end)
    shift = target - anchor
    if not shift:
        return
    for key, value in list(row.items()):
        declared = rs.fields.get(key, "").rstrip("?")
        if declared == "date" and isinstance(value, str):
            row[key] = (dt.date.fromisoformat(value) + shift).isoformat()
        elif declared == "datetime" and isinstance(value, str):
            row[key] = (dt.datetime.fromisoformat(value) + shift).isoformat()
