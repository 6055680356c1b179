"""Evidence → workbook: the sheets of an evidence document, with headers and validation."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from collections.abc import Iterator
from typing import Any

from audit.checklist import model as m
from audit.diagnostics import JsonPath
from audit.evidence.shape import CLAIM_NAMES, CLAIMS
from audit.evidence.template import Vocabulary, applicable_items, vocabulary
from audit.evidence.workbook.layout import (
    AGENCY_FIELDS,
    AGENCY_SHEET,
    DOCUMENT_FIELDS,
    DOCUMENTS_SHEET,
    EXCEL_FIRST_DAY,
    EXCEL_TEXT_LIMIT,
    EXTENSION_LABEL,
    FACTS_SHEET,
    FIRST_ROW,
    ITEM_FIELDS,
    ITEMS_SHEET,
    LAST_ROW,
    README_SHEET,
    col,
    extensions,
    get,
    record_header,
)


def _text_not_formulas(book: Any) -> None:
    """Evidence text beginning with '=' stays text: openpyxl would store it as a formula,
    which Excel runs when the clerk opens the workbook (formula injection). Stored as a
    string the value round-trips unchanged, unlike the "'" prefix the ledger uses."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _as_text(sheet: Any, index: int) -> None:
    """Column ``index`` holds text: formatted as Text (@), the column and the cells
    written in it, so that what the clerk types is kept as typed. Under Excel's General
    format "000123" typed into an id became the number 123 (and no longer matched the
    "000123" of another set), "2020.10" became 2020.1."""
    letter = col(index)
    sheet.column_dimensions[letter].number_format = "@"
    for (cell,) in sheet.iter_rows(min_row=FIRST_ROW, min_col=index, max_col=index):
        if isinstance(cell.value, str):
            cell.number_format = "@"


def to_workbook(doc: dict[str, Any], checklist: m.Checklist) -> bytes:
    """The workbook (xlsx bytes) of an evidence document.

    The facts sheet and the document kinds offered are those the items that apply to the
    document's agency (roles) and period need, plus any the document already uses.
    """
    from openpyxl import Workbook

    applies = _vocabulary(doc, checklist)
    book = Workbook()
    kinds = _readme(book.active, checklist, applies.documents)
    _agency(book.create_sheet(AGENCY_SHEET), doc)
    _facts(book.create_sheet(FACTS_SHEET), doc, checklist, applies.facts)
    present = _object(doc.get("records"))
    for name, rs in checklist.records.items():
        if name in present:  # a sheet per submitted set: an empty sheet means "none", no
            #                  sheet "not submitted", as in the JSON
            rows = present[name] if isinstance(present[name], list) else []
            _records(book.create_sheet(name[:31]), [_object(r) for r in rows], rs)
    docs = book.create_sheet(DOCUMENTS_SHEET)
    docs.append([key for key, _, _ in DOCUMENT_FIELDS])
    docs.append([label for _, label, _ in DOCUMENT_FIELDS])
    documents = doc.get("documents")
    for entry in map(_object, documents if isinstance(documents, list) else []):
        docs.append([_cell(entry.get(key), kind.rstrip("?")) for key, _, kind in DOCUMENT_FIELDS])
    for index, (_, _, kind) in enumerate(DOCUMENT_FIELDS, start=1):
        if kind.startswith("string"):
            _as_text(docs, index)
    if kinds:
        _validate(docs, f"B{FIRST_ROW}:B{LAST_ROW}", "list", source=kinds)
    _validate(docs, f"D{FIRST_ROW}:D{LAST_ROW}", "date")
    docs.freeze_panes = "A3"
    _items(book.create_sheet(ITEMS_SHEET), doc, checklist)
    buffer = io.BytesIO()
    _text_not_formulas(book)
    book.save(buffer)
    return buffer.getvalue()


def _vocabulary(doc: dict[str, Any], checklist: m.Checklist) -> Vocabulary:
    """What applies to the document's roles and period, and what it already uses."""
    roles = _object(doc.get("agency")).get("roles")
    try:
        end: dt.date | None = dt.date.fromisoformat(_object(doc.get("period")).get("end", ""))
    except (TypeError, ValueError):
        end = None
    items = applicable_items(
        checklist, [r for r in roles if isinstance(r, str)] if isinstance(roles, list) else [], end
    )
    applies = vocabulary(checklist, items)
    facts = _object(doc.get("facts"))
    documents = doc.get("documents")
    used = {_object(d).get("kind") for d in documents} if isinstance(documents, list) else set()
    return Vocabulary(
        facts=[n for n in checklist.facts if n in applies.facts or n in facts],
        records=applies.records,
        documents=[k for k in checklist.documents if k in applies.documents or k in used],
    )


def _readme(readme: Any, checklist: m.Checklist, kinds: list[str]) -> str | None:
    """The readme sheet, with the document kinds offered; their range for the dropdown."""
    readme.title = README_SHEET
    for line in (
        "tj-audit 证据填报工作簿 / tj-audit evidence workbook",
        f"检查清单 / checklist: {checklist.id} {checklist.version}",
        "第 1 行为字段代码（请勿修改），第 2 行为说明，自第 3 行起填写。",
        "Row 1 holds field keys (do not change), row 2 the headers; fill in from row 3.",
        "扩展字段（x- 开头）按 JSON 填写，文字须加英文双引号。",
        'Extension (x-) cells hold JSON values: text in double quotes, e.g. "备注".',
        "转换为证据文件 / convert: audit import WORKBOOK.xlsx -o evidence.json",
    ):
        readme.append([line])
    readme.column_dimensions["A"].width = 90
    if not kinds:
        return None
    readme.append([])
    readme.append(["文书类型 / document kinds"])
    first = readme.max_row + 1
    for kind in kinds:
        label = checklist.documents[kind]
        readme.append([kind, f"{label.zh} / {label.en}"])
    # A list typed into the rule is limited to 255 characters; a range is not.
    return f"{README_SHEET}!$A${first}:$A${readme.max_row}"


def _agency(sheet: Any, doc: dict[str, Any]) -> None:
    sheet.append(["key", "value"])
    sheet.append(["字段 / field", "内容 / value"])
    for key, label, kind in AGENCY_FIELDS:
        value = get(doc, key)
        if key == "agency.roles" and isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        sheet.append([key, _cell(value), label])
        if kind.startswith("string"):  # (codes of digits: 0106; a phone typed later)
            sheet.cell(sheet.max_row, 2).number_format = "@"
    for key in extensions(doc):
        sheet.append([key, _json(doc[key]), EXTENSION_LABEL])
    agency = _object(doc.get("agency"))
    for key in extensions(agency):
        sheet.append([f"agency.{key}", _json(agency[key]), EXTENSION_LABEL])
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 40


def _facts(sheet: Any, doc: dict[str, Any], checklist: m.Checklist, names: list[str]) -> None:
    sheet.append(["fact", "value", "type", "label"])
    sheet.append(["事实 / fact", "数值 / value", "类型 / type", "说明 / meaning"])
    given = _object(doc.get("facts"))
    for name in names:
        fact = checklist.facts[name]
        sheet.append(
            [
                name,
                _cell(given.get(name), fact.type),
                fact.type,
                f"{fact.zh} / {fact.en}" + (f"（{fact.unit}）" if fact.unit else ""),
            ]
        )
        _validate(sheet, f"B{sheet.max_row}", fact.type)
    for letter, width in zip("ABCD", (28, 16, 10, 50), strict=True):
        sheet.column_dimensions[letter].width = width


def _records(sheet: Any, rows: list[dict[str, Any]], rs: m.RecordSet) -> None:
    fields: list[tuple[str, str]] = [("id", "string"), *rs.fields.items()]
    extra = list(dict.fromkeys(k for row in rows for k in extensions(row)))
    sheet.append([key for key, _ in fields] + extra)
    sheet.append([record_header(key, declared, rs) for key, declared in fields] + extra)
    for row in rows:
        sheet.append(
            [_cell(row.get(key), declared.rstrip("?")) for key, declared in fields]
            + [_json(row[key]) if key in row else None for key in extra]
        )
    for index, (_, declared) in enumerate(fields, start=1):
        _validate(sheet, f"{col(index)}{FIRST_ROW}:{col(index)}{LAST_ROW}", declared.rstrip("?"))
        sheet.column_dimensions[col(index)].width = 16
        if declared.startswith("string"):
            _as_text(sheet, index)
    sheet.freeze_panes = "A3"


def _items(sheet: Any, doc: dict[str, Any], checklist: m.Checklist) -> None:
    claims = {k: _object(v) for k, v in _object(doc.get("items")).items()}
    extra = list(dict.fromkeys(k for claim in claims.values() for k in extensions(claim)))
    sheet.append([key for key, _, _ in ITEM_FIELDS] + extra)
    sheet.append([label for _, label, _ in ITEM_FIELDS] + extra)
    for item_id, claim in claims.items():
        item = checklist.items_by_id.get(item_id)
        row = []
        for key, _, kind in ITEM_FIELDS:
            if key == "item":
                row.append(item_id)
            elif key == "title":
                row.append(item.title.zh if item else "")
            else:
                row.append(_cell(get(claim, key), kind.rstrip("?")))
        sheet.append(row + [_json(claim[k]) if k in claim else None for k in extra])
    # the codes, or the words the reports use for them: import takes either
    _validate(sheet, f"C{FIRST_ROW}:C{LAST_ROW}", "list", choices=[*CLAIMS, *CLAIM_NAMES.values()])
    for index, (_, _, kind) in enumerate(ITEM_FIELDS, start=1):
        if kind.startswith("boolean"):
            _validate(sheet, f"{col(index)}{FIRST_ROW}:{col(index)}{LAST_ROW}", "boolean")
        elif kind.startswith("string"):
            _as_text(sheet, index)
    sheet.freeze_panes = "A3"


def _object(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (a malformed --from file)."""
    return value if isinstance(value, dict) else {}


def _json(value: Any) -> str:
    """An extension value as JSON text: a string keeps its quotes, so nothing is guessed."""
    return json.dumps(value, ensure_ascii=False)


def _cell(value: Any, kind: str = "string") -> Any:
    if value is None:
        return None
    if isinstance(value, (dict, list)):  # not what the field takes: shown as it was written
        return _json(value)
    if kind == "date" and isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
        # before 1900-03-01 Excel's day numbers are not dates (1899-12-30 is 0, which import
        # reads as a time): such a day stays text, which import reads as written
        return day if day >= EXCEL_FIRST_DAY else value
    return value


def _validate(
    sheet: Any, ref: str, kind: str, *, choices: list[str] | None = None, source: str | None = None
) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind == "boolean":  # import also takes 是/否
        rule = DataValidation(type="list", formula1='"TRUE,FALSE,是,否"', allow_blank=True)
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
    elif kind == "list" and source:
        rule = DataValidation(type="list", formula1=source, allow_blank=True)
    elif kind == "list" and choices:
        rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    else:
        return
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    rule.add(ref)


def inexact_cells(doc: Any) -> dict[JsonPath, str]:
    """The values of ``doc`` no workbook cell holds as they are, with the message code of
    each (a number or a text): writing them would change them, or fail (openpyxl refuses
    control characters and numbers beyond a float)."""
    found = {
        path: "workbook.text-not-carried"
        if isinstance(value, str)
        else "workbook.number-not-carried"
        for path, value in _values(doc)
        if not _cell_exact(value)
    }
    # an x- member's cell holds its whole value as JSON text, longer than its parts
    found.update(
        (path, "workbook.text-not-carried")
        for path, value in _extensions(doc)
        if len(_json(value)) > EXCEL_TEXT_LIMIT and path not in found
    )
    return found


def _extensions(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, Any]]:
    """(JSON path, value) of every ``x-`` member of a document, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("x-"):
                yield (*path, key), value
            else:
                yield from _extensions(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _extensions(value, (*path, index))


def trimmed_cells(doc: Any) -> list[JsonPath]:
    """The texts of ``doc`` a workbook gives back changed, though a cell holds them: import
    trims what a clerk leaves around a value (spaces, a line end), and XML reads a carriage
    return as a line end."""
    return [
        path
        for path, value in _values(doc)
        if isinstance(value, str) and (value != value.strip() or "\r" in value) and value.strip()
    ]


def _values(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, Any]]:
    """(JSON path, value) of every number and text in a document (booleans are not
    numbers; keys are the workbook's own)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _values(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _values(value, (*path, index))
    elif isinstance(node, (int, float, str)) and not isinstance(node, bool):
        yield path, node


EXCEL_DIGITS = 15  # significant digits a cell keeps of a number


def _cell_exact(value: float | str) -> bool:
    """Whether a spreadsheet cell holds ``value`` as it is: a number of at most 15
    significant digits (0.30000000000000004 comes back 0.3), a text without the control
    characters XML cannot carry and within a cell's length."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return len(value) <= EXCEL_TEXT_LIMIT and not ILLEGAL_CHARACTERS_RE.search(value)
    if isinstance(value, int):
        return abs(value) <= 2**53
    return math.isfinite(value) and float(f"{value:.{EXCEL_DIGITS}g}") == value
