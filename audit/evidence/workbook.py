"""Evidence as an Excel workbook and back, because agencies keep their ledgers in Excel/WPS.

One sheet for the agency, one for facts, one per record set, one for documents, one for the
item claims. Row 1 holds the machine keys, row 2 the bilingual headers, data starts on row 3.
Cells get data validation (booleans, dates, numbers, lists). Reading a workbook back turns
every bad cell into a located problem: ``facts!E4: not a date (2020-02-30)``.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from audit.checklist import model as m
from audit.diagnostics import Diagnostic
from audit.evidence.shape import CLAIMS, CONDITIONS

AGENCY_SHEET, FACTS_SHEET, DOCUMENTS_SHEET, ITEMS_SHEET, README_SHEET = (
    "agency",
    "facts",
    "documents",
    "items",
    "readme",
)
FIRST_ROW = 3
AGENCY_FIELDS: list[tuple[str, str, str]] = [
    ("checklist", "检查清单 / checklist", "string"),
    ("checklist_version", "检查清单版本 / checklist version", "string?"),
    ("agency.code", "单位代码 / agency code", "string"),
    ("agency.name", "单位名称 / agency name", "string"),
    ("agency.name_en", "英文名称 / English name", "string?"),
    ("agency.district", "所在区 / district", "string"),
    ("agency.roles", "角色（逗号分隔） / roles (comma separated)", "list"),
    ("period.start", "期间开始 / period start", "date"),
    ("period.end", "期间结束 / period end", "date"),
    ("submitted_at", "提交时间 / submitted at (+08:00)", "datetime"),
    ("submitted_by.name", "填报人 / submitted by", "string"),
    ("submitted_by.title", "职务 / title", "string?"),
    ("submitted_by.phone", "电话 / phone", "string?"),
    ("responsible.unit", "责任科室 / responsible unit", "string?"),
    ("responsible.person", "责任人 / responsible person", "string?"),
    ("responsible.leader", "分管领导 / leader", "string?"),
]
DOCUMENT_FIELDS = [
    ("id", "编号 / id", "string"),
    ("kind", "类型 / kind", "string"),
    ("title", "标题 / title", "string"),
    ("issued", "印发日期 / issued", "date"),
    ("path", "附件路径 / path", "string?"),
    ("sha256", "SHA-256", "string?"),
    ("url", "网址 / url", "string?"),
]
ITEM_FIELDS = [
    ("item", "检查项 / item", "string"),
    ("title", "名称 / title", "label"),
    ("claim", "自评 / claim", "string"),
    ("justification", "不适用理由 / justification", "string?"),
    ("note", "说明 / note", "string?"),
    ("responsible.unit", "责任科室 / unit", "string?"),
    ("responsible.person", "责任人 / person", "string?"),
    ("responsible.leader", "分管领导 / leader", "string?"),
    ("exemption.reason", "容错理由 / exemption reason", "string?"),
    *[(f"exemption.conditions.{c}", f"容错条件 / {c}", "boolean?") for c in CONDITIONS],
    ("exemption.decision", "认定文书编号 / decision document", "string?"),
    ("exemption.approved_by", "批准机关 / approved by", "string?"),
]
TZ_CHINA = dt.timezone(dt.timedelta(hours=8))
TRUE = {"true", "yes", "是", "1", "y", "t", "真"}
FALSE = {"false", "no", "否", "0", "n", "f", "假"}


# -- evidence → workbook ---------------------------------------------------------------------


def to_workbook(doc: dict[str, Any], checklist: m.Checklist) -> bytes:
    """The workbook (xlsx bytes) of an evidence document."""
    from openpyxl import Workbook

    book = Workbook()
    readme = book.active
    readme.title = README_SHEET
    for line in (
        "tj-audit 证据填报工作簿 / tj-audit evidence workbook",
        f"检查清单 / checklist: {checklist.id} {checklist.version}",
        "第 1 行为字段代码（请勿修改），第 2 行为说明，自第 3 行起填写。",
        "Row 1 holds field keys (do not change), row 2 the headers; fill in from row 3.",
        "转换为证据文件 / convert: audit import WORKBOOK.xlsx -o evidence.json",
    ):
        readme.append([line])
    readme.column_dimensions["A"].width = 90
    sheet = book.create_sheet(AGENCY_SHEET)
    sheet.append(["key", "value"])
    sheet.append(["字段 / field", "内容 / value"])
    for key, label, _ in AGENCY_FIELDS:
        value = _get(doc, key)
        if key == "agency.roles" and isinstance(value, list):
            value = ", ".join(value)
        sheet.append([key, _cell(value), label])
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 40
    facts = book.create_sheet(FACTS_SHEET)
    facts.append(["fact", "value", "type", "label"])
    facts.append(["事实 / fact", "数值 / value", "类型 / type", "说明 / meaning"])
    for name, fact in checklist.facts.items():
        value = (doc.get("facts") or {}).get(name)
        facts.append(
            [
                name,
                _cell(value, fact.type),
                fact.type,
                f"{fact.zh} / {fact.en}" + (f"（{fact.unit}）" if fact.unit else ""),
            ]
        )
        _validate(facts, f"B{facts.max_row}", fact.type)
    for col, width in zip("ABCD", (28, 16, 10, 50), strict=True):
        facts.column_dimensions[col].width = width
    present = doc.get("records") or {}
    for name, rs in checklist.records.items():
        if name not in present:
            continue  # a sheet per submitted set: an empty sheet means "none", no sheet "not
            #           submitted", as in the JSON
        rows = present[name]
        fields = [("id", "string"), *rs.fields.items()]
        sheet = book.create_sheet(name[:31])
        sheet.append([key for key, _ in fields])
        sheet.append([_header(key, declared, rs) for key, declared in fields])
        for row in rows:
            sheet.append([_cell(row.get(key), declared.rstrip("?")) for key, declared in fields])
        for index, (_, declared) in enumerate(fields, start=1):
            _validate(sheet, f"{_col(index)}{FIRST_ROW}:{_col(index)}1000", declared.rstrip("?"))
            sheet.column_dimensions[_col(index)].width = 16
        sheet.freeze_panes = "A3"
    docs = book.create_sheet(DOCUMENTS_SHEET)
    docs.append([key for key, _, _ in DOCUMENT_FIELDS])
    docs.append([label for _, label, _ in DOCUMENT_FIELDS])
    for entry in doc.get("documents") or []:
        docs.append([_cell(entry.get(key), kind.rstrip("?")) for key, _, kind in DOCUMENT_FIELDS])
    _validate(docs, f"B{FIRST_ROW}:B1000", "list", choices=sorted(checklist.documents))
    _validate(docs, f"D{FIRST_ROW}:D1000", "date")
    docs.freeze_panes = "A3"
    items = book.create_sheet(ITEMS_SHEET)
    items.append([key for key, _, _ in ITEM_FIELDS])
    items.append([label for _, label, _ in ITEM_FIELDS])
    for item_id, claim in (doc.get("items") or {}).items():
        item = checklist.items_by_id.get(item_id)
        row = []
        for key, _, kind in ITEM_FIELDS:
            if key == "item":
                row.append(item_id)
            elif key == "title":
                row.append(item.title.zh if item else "")
            else:
                row.append(_cell(_get(claim, key), kind.rstrip("?")))
        items.append(row)
    _validate(items, f"C{FIRST_ROW}:C1000", "list", choices=list(CLAIMS))
    for index, (_, _, kind) in enumerate(ITEM_FIELDS, start=1):
        if kind.startswith("boolean"):
            _validate(items, f"{_col(index)}{FIRST_ROW}:{_col(index)}1000", "boolean")
    items.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _header(key: str, declared: str, rs: m.RecordSet) -> str:
    needed = "选填 optional" if declared.endswith("?") else "必填 required"
    primary = "，主日期 primary date" if key == rs.date else ""
    return f"{key}（{declared.rstrip('?')}，{needed}{primary}）"


def _get(doc: Any, dotted: str) -> Any:
    node = doc
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _cell(value: Any, kind: str = "string") -> Any:
    if value is None:
        return None
    if kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _validate(sheet: Any, ref: str, kind: str, *, choices: list[str] | None = None) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind == "boolean":
        rule = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=True)
    elif kind == "date":
        rule = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        rule.error = "请输入日期 YYYY-MM-DD / enter a date"
    elif kind == "integer":
        rule = DataValidation(
            type="whole",
            operator="between",
            formula1="-2147483648",
            formula2="2147483647",
            allow_blank=True,
        )
    elif kind == "number":
        rule = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1E+300",
            formula2="1E+300",
            allow_blank=True,
        )
    elif kind == "list" and choices:
        rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    else:
        return
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    rule.add(ref)


# -- workbook → evidence ---------------------------------------------------------------------


class Reader:
    """Reads a filled workbook into an evidence document, collecting bad cells."""

    def __init__(self, checklist: m.Checklist) -> None:
        self.checklist = checklist
        self.problems: list[Diagnostic] = []

    def bad(self, sheet: str, cell: str, code: str, /, **args: Any) -> None:
        self.problems.append(Diagnostic(code, args, file=f"{sheet}!{cell}"))

    def value(self, raw: Any, kind: str, sheet: str, cell: str) -> Any:
        """A cell converted to the evidence type ``kind`` (``?`` suffix: may be empty)."""
        optional = kind.endswith("?")
        base = kind.rstrip("?")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if not optional and base not in ("label",):
                self.bad(sheet, cell, "workbook.empty")
            return None
        if base == "string":
            if isinstance(raw, float) and raw.is_integer():
                return str(int(raw))
            if isinstance(raw, dt.datetime):
                return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
            return str(raw).strip() if isinstance(raw, str) else str(raw)
        if base == "date":
            if isinstance(raw, dt.datetime):
                return raw.date().isoformat()
            if isinstance(raw, dt.date):
                return raw.isoformat()
            text = str(raw).strip()
            try:
                return dt.date.fromisoformat(text).isoformat()
            except ValueError:
                self.bad(sheet, cell, "workbook.date", value=text)
                return None
        if base == "datetime":
            if isinstance(raw, dt.datetime):
                stamp = raw if raw.tzinfo else raw.replace(tzinfo=TZ_CHINA)
                return stamp.isoformat()
            text = str(raw).strip()
            try:
                stamp = dt.datetime.fromisoformat(text)
            except ValueError:
                self.bad(sheet, cell, "workbook.datetime", value=text)
                return None
            # Written with an offset: kept as written. Without one: China time is meant.
            return text if stamp.tzinfo else stamp.replace(tzinfo=TZ_CHINA).isoformat()
        if base == "boolean":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in TRUE:
                return True
            if text in FALSE:
                return False
            self.bad(sheet, cell, "workbook.boolean", value=str(raw))
            return None
        if base == "integer":
            if isinstance(raw, bool):
                self.bad(sheet, cell, "workbook.integer", value=str(raw))
                return None
            if isinstance(raw, (int, float)) and float(raw).is_integer():
                return int(raw)
            try:
                return int(str(raw).strip().replace(",", ""))
            except ValueError:
                self.bad(sheet, cell, "workbook.integer", value=str(raw))
                return None
        if base == "number":
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                return raw
            try:
                return float(str(raw).strip().replace(",", ""))
            except ValueError:
                self.bad(sheet, cell, "workbook.number", value=str(raw))
                return None
        if base == "list":
            return [part.strip() for part in str(raw).replace("，", ",").split(",") if part.strip()]
        return raw

    def read(self, path: Path) -> dict[str, Any]:
        """The evidence document of the workbook at ``path``."""
        from openpyxl import load_workbook

        book = load_workbook(path, data_only=True, read_only=True)
        doc: dict[str, Any] = {"format": "tj-audit/evidence@1"}
        sheets = set(book.sheetnames)
        if AGENCY_SHEET in sheets:
            kinds = {key: kind for key, _, kind in AGENCY_FIELDS}
            for number, row in enumerate(
                book[AGENCY_SHEET].iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW
            ):
                key = row[0] if row else None
                if not key or str(key) not in kinds:
                    continue
                value = self.value(
                    row[1] if len(row) > 1 else None, kinds[str(key)], AGENCY_SHEET, f"B{number}"
                )
                if value is not None:
                    _put(doc, str(key), value)
        else:
            self.bad(AGENCY_SHEET, "A1", "workbook.sheet-missing", sheet=AGENCY_SHEET)
        if FACTS_SHEET in sheets:
            facts: dict[str, Any] = {}
            for number, row in enumerate(
                book[FACTS_SHEET].iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW
            ):
                name = row[0] if row else None
                fact = self.checklist.facts.get(str(name)) if name else None
                if fact is None or len(row) < 2 or row[1] is None or row[1] == "":
                    continue
                value = self.value(row[1], fact.type, FACTS_SHEET, f"B{number}")
                if value is not None:
                    facts[str(name)] = value
            if facts:
                doc["facts"] = facts
        records: dict[str, list[dict[str, Any]]] = {}
        for name, rs in self.checklist.records.items():
            title = name[:31]
            if title not in sheets:
                continue
            rows = list(book[title].iter_rows(values_only=True))
            if not rows:
                continue
            keys = [str(k) if k is not None else "" for k in rows[0]]
            declared = {"id": "string", **rs.fields}
            found = []
            for number, row in enumerate(rows[FIRST_ROW - 1 :], start=FIRST_ROW):
                if all(v is None or v == "" for v in row):
                    continue
                record: dict[str, Any] = {}
                for index, key in enumerate(keys):
                    if key not in declared or index >= len(row):
                        continue
                    value = self.value(
                        row[index], declared[key], title, f"{_col(index + 1)}{number}"
                    )
                    if value is not None:
                        record[key] = value
                found.append(record)
            records[name] = found
        if records:
            doc["records"] = records
        if DOCUMENTS_SHEET in sheets:
            documents = self._table(book, DOCUMENTS_SHEET, DOCUMENT_FIELDS)
            if documents:
                doc["documents"] = documents
        if ITEMS_SHEET in sheets:
            items = {}
            for claim in self._table(book, ITEMS_SHEET, ITEM_FIELDS):
                item_id = claim.pop("item", None)
                claim.pop("title", None)
                if item_id:
                    items[item_id] = claim
            if items:
                doc["items"] = items
        book.close()
        return doc

    def _table(
        self, book: Any, title: str, fields: list[tuple[str, str, str]]
    ) -> list[dict[str, Any]]:
        rows = list(book[title].iter_rows(values_only=True))
        if not rows:
            return []
        keys = [str(k) if k is not None else "" for k in rows[0]]
        kinds = {key: kind for key, _, kind in fields}
        out = []
        for number, row in enumerate(rows[FIRST_ROW - 1 :], start=FIRST_ROW):
            if all(v is None or v == "" for v in row):
                continue
            entry: dict[str, Any] = {}
            for index, key in enumerate(keys):
                if key not in kinds or index >= len(row):
                    continue
                value = self.value(row[index], kinds[key], title, f"{_col(index + 1)}{number}")
                if value is not None and kinds[key] != "label":
                    _put(entry, key, value)
            out.append(entry)
        return out


def _put(doc: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = doc
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def from_workbook(path: Path, checklist: m.Checklist) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The evidence document of a workbook and its bad cells."""
    reader = Reader(checklist)
    return reader.read(path), reader.problems
