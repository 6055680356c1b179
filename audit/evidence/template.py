"""Evidence templates for agencies (``audit init``): what applies to their roles, with examples."""

from __future__ import annotations

import datetime as dt
from typing import Any

from audit.checklist import model as m
from audit.checklist.example import PERIOD, item_example
from audit.evidence import FORMAT


def applicable_items(checklist: m.Checklist, roles: list[str]) -> list[m.Item]:
    """The items an agency with ``roles`` answers."""
    return [i for i in checklist.items if i.applies_to(frozenset(roles))]


def template(
    checklist: m.Checklist,
    *,
    roles: list[str],
    code: str,
    period: tuple[dt.date, dt.date],
    schema: str | None,
) -> dict[str, Any]:
    """An evidence file to fill in: one example record per set, example facts and documents.

    It is valid as it stands (so an editor shows no false alarms), and every value is an
    example that the agency replaces with its own.
    """
    items = applicable_items(checklist, roles)
    # dated in the example's own half-year, then moved into the agency's period row by row
    example = item_example(checklist, items, period=PERIOD)
    start, end = period
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
                "name": "（单位全称）",
                "name_en": "",
                "district": "（所在区）",
                "roles": roles,
            },
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "submitted_at": f"{(end + dt.timedelta(days=5)).isoformat()}T09:00:00+08:00",
            "submitted_by": {"name": "（填报人）", "title": "", "phone": ""},
            "responsible": {
                "unit": "（责任科室）",
                "person": "（责任人）",
                "leader": "（分管领导）",
            },
        }
    )
    facts = example.get("facts") or {}
    if facts:
        doc["facts"] = facts
    records = {name: rows[:1] for name, rows in (example.get("records") or {}).items()}
    for name, rows in records.items():
        for row in rows:
            _into_period(row, checklist.records[name], start, end)
    if records:
        doc["records"] = records
    if example.get("documents"):
        doc["documents"] = [
            dict(d, issued=min(end, dt.date.fromisoformat(d["issued"])).isoformat())
            for d in example["documents"]
        ]
    doc["items"] = {item.id: {"claim": "met"} for item in items}
    if not doc["agency"]["name_en"]:
        del doc["agency"]["name_en"]
    for key in ("title", "phone"):
        if not doc["submitted_by"][key]:
            del doc["submitted_by"][key]
    return doc


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
