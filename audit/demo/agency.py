"""What the demo agencies share: the period, the note that the data is made up, one evidence
file being written with its attachments."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from audit.engine.calendar import WorkCalendar

START, END = dt.date(2020, 1, 1), dt.date(2020, 6, 30)
NOTE = {
    "zh": "演示数据：数字取自红桥区营造法治化营商环境案例，"
    "具体记录为按数字编造的示例，不是真实政务数据。",
    "en": "Illustrative demo data: figures from the Hongqiao District case; individual records are "
    "made up to match them and are not real government data.",
}
CAL = WorkCalendar()


def d(text: str) -> dt.date:
    """An ISO date, short to write in the tables of records."""
    return dt.date.fromisoformat(text)


def workdays(start: dt.date, end: dt.date) -> list[dt.date]:
    """The official working days from ``start`` to ``end``."""
    days, day = [], start
    while day <= end:
        if CAL.is_workday(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


H1 = workdays(START, END)


class Agency:
    """One evidence file being written, with its attachments."""

    def __init__(  # noqa: PLR0917 - one call per agency, read as a table
        self,
        root: Path,
        code: str,
        name: str,
        name_en: str,
        roles: list[str],
        responsible: dict[str, str],
        submitted_by: dict[str, str],
    ) -> None:
        self.root = root
        self.code = code
        self.doc: dict[str, Any] = {
            "$schema": "./tianjin-bizenv.schema.json",
            "format": "tj-audit/evidence@1",
            "checklist": "tianjin-bizenv",
            "checklist_version": "2020.1",
            "x-note": NOTE,
            "agency": {
                "code": code,
                "name": name,
                "name_en": name_en,
                "district": "红桥区",
                "roles": roles,
            },
            "period": {"start": START.isoformat(), "end": END.isoformat()},
            "submitted_at": "2020-07-06T09:30:00+08:00",
            "submitted_by": submitted_by,
            "responsible": responsible,
            "facts": {},
            "records": {},
            "documents": [],
            "items": {},
        }

    def records(self, name: str, rows: list[dict[str, Any]]) -> None:
        """Set a record set (dates written as ISO text)."""
        self.doc["records"][name] = [_jsonable(r) for r in rows]

    def document(
        self, kind: str, title: str, issued: str, *, attach: bool = True, url: str | None = None
    ) -> str:
        """Add a document (its attachment written and hashed unless ``attach`` is false); its id."""
        number = len(self.doc["documents"]) + 1
        doc_id = f"{self.code}-D{number:02d}"
        entry: dict[str, Any] = {"id": doc_id, "kind": kind, "title": title, "issued": issued}
        if attach:
            relative = f"attachments/{self.code}/{doc_id}.txt"
            target = self.root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            body = (
                f"{title}\n文号/编号：{doc_id}　印发日期：{issued}\n\n{NOTE['zh']}\n{NOTE['en']}\n"
            )
            target.write_text(body, encoding="utf-8")
            entry["path"] = relative
            entry["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
        if url:
            entry["url"] = url
        self.doc["documents"].append(entry)
        return doc_id

    def claim(self, item: str, claim: str, **extra: Any) -> None:
        """The agency's self-assessment of one item."""
        self.doc["items"][item] = {"claim": claim, **extra}

    def write(self) -> None:
        """Write the evidence file."""
        if not self.doc["facts"]:
            del self.doc["facts"]
        path = self.root / f"{self.code}.json"
        path.write_text(json.dumps(self.doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def exemption(reason: str, decision: str, *, no_public_harm: bool = True) -> dict[str, Any]:
    """A fault-tolerance claim (the fourth condition may be left unmet)."""
    return {
        "reason": reason,
        "conditions": {
            "reform_or_exploration": True,
            "lawful": True,
            "no_personal_gain": True,
            "no_public_harm": no_public_harm,
        },
        "decision": decision,
        "approved_by": "红桥区委全面依法治区委员会办公室",
    }


def monthly(day: int) -> list[dt.date]:
    """That day of each month of the period."""
    return [dt.date(2020, month, day) for month in range(1, 7)]
