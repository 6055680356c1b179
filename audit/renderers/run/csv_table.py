"""The result as one flat CSV table (agency × item), UTF-8 with BOM for Excel and WPS.

Cells that a spreadsheet would read as a formula (starting with = + - @) are neutralised
with a leading apostrophe: evidence text must never execute in an auditor's spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from audit.checklist.describe import exact
from audit.engine.result import Finding, RunResult
from audit.i18n import Lang
from audit.reports.compliance import agency_name
from audit.reports.labels import label
from audit.reports.summary import reason

_NUMBER = re.compile(r"-?\d+(\.\d+)?\Z")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    ("code", "单位代码", "agency_code"),
    ("agency", "单位名称", "agency_name"),
    ("district", "区", "district"),
    ("item", "检查项", "item"),
    ("section", "章节", "section"),
    ("title", "检查项名称", "title"),
    ("severity", "严重程度", "severity"),
    ("outcome", "核查结论", "outcome"),
    ("computed", "原核查结论", "computed_outcome"),  # before an override or an exemption
    ("points", "分值", "points"),
    ("earned", "得分", "earned"),
    ("reason", "原因", "reason"),
    ("claim", "自评", "claim"),
    ("discrepancy", "自评差异", "discrepancy"),
    ("exemption", "容错免责", "exemption"),
    ("finding", "问题编号", "finding_id"),
    ("unit", "责任单位", "responsible_unit"),
    ("person", "责任人", "responsible_person"),
    ("leader", "分管领导", "responsible_leader"),
    ("remedy", "整改措施", "remedy"),
    ("deadline", "整改期限", "deadline"),
    ("ledger_deadline", "台账整改期限", "ledger_deadline"),  # a stored run: the ledger's
    ("liability", "追责建议", "liability"),
]


def safe(cell: Any) -> str:
    """A cell as text, neutralised if a spreadsheet would take it for a formula."""
    text = "" if cell is None else str(cell)
    if text.startswith(_FORMULA) and not _NUMBER.match(text):
        return "'" + text
    return text


def rows(result: RunResult, lang: Lang) -> list[dict[str, Any]]:
    """The table as dictionaries keyed by column id."""
    findings: dict[str, Finding] = {f.id: f for f in result.findings}
    out = []
    for agency in result.agencies:
        for item in agency.items:
            finding = findings.get(f"{agency.code}/{item.id}")
            text = result.catalogue.items[item.id]
            out.append(
                {
                    "code": agency.code,
                    "agency": agency_name(agency, lang),
                    "district": agency.district,
                    "item": item.id,
                    "section": item.section,
                    "title": text.title.get(lang),
                    "severity": label(item.severity, lang),
                    "outcome": label(item.outcome, lang),
                    "computed": label(item.computed_outcome, lang) if item.computed_outcome else "",
                    "points": exact(item.points),  # a table for machines: every digit
                    "earned": "" if item.excluded else exact(item.earned),
                    "reason": "" if (why := reason(item, lang)) == "—" else why,
                    "claim": label(item.claim, lang)
                    if item.claim and item.claim != "not_applicable"
                    else label("claim:not_applicable", lang)
                    if item.claim
                    else "",
                    "discrepancy": label(item.discrepancy, lang) if item.discrepancy else "",
                    "exemption": label(item.exemption.status, lang) if item.exemption else "",
                    "finding": finding.id if finding else "",
                    "unit": finding.responsible.unit_in(lang) if finding else "",
                    "person": finding.responsible.person if finding else "",
                    "leader": finding.responsible.leader if finding else "",
                    "remedy": finding.remedy.get(lang) if finding else "",
                    "deadline": finding.deadline.isoformat() if finding else "",
                    "ledger_deadline": finding.ledger_deadline.isoformat()
                    if finding and finding.ledger_deadline
                    else "",
                    "liability": finding.liability.get(lang)
                    if finding and finding.liability
                    else "",
                }
            )
    return out


def render(result: RunResult, lang: Lang, **_: Any) -> str:
    """The CSV text, starting with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([zh if lang == "zh" else en for _, zh, en in COLUMNS])
    for row in rows(result, lang):
        writer.writerow([safe(row[key]) for key, _, _ in COLUMNS])
    return "\ufeff" + buffer.getvalue()
