"""The workbook's layout, shared by the writer and the reader: sheets, rows, field tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from audit.checklist import model as m
from audit.evidence.shape import CONDITION_NAMES, CONDITIONS

AGENCY_SHEET, FACTS_SHEET, DOCUMENTS_SHEET, ITEMS_SHEET, README_SHEET = (
    "agency",
    "facts",
    "documents",
    "items",
    "readme",
)
# What a workbook holds: a sheet's name has at most 31 characters (whatever the case), none
# of [ ] : * ? / \ (checklist names cannot hold them: NAME_PATTERN); a cell at most
# EXCEL_TEXT_LIMIT characters.
EXCEL_TEXT_LIMIT = 32767
FIRST_ROW = 3
EXCEL_FIRST_DAY = dt.date(1900, 3, 1)  # Excel counts 1900 as a leap year: days before it are off
LAST_ROW = 1048576  # a sheet's last row: checks and lists reach every row a clerk may fill
# The columns the writer fills on the key | value sheets: key, value, and its notes (the
# agency sheet's label; the facts sheet's type and meaning).
WRITTEN_COLUMNS = {"agency": 3, "facts": 4}
EXTENSION = "x-"  # evidence.md: ignored extension keys, at the top, in agency, records, claims
AGENCY_EXTENSION = "agency." + EXTENSION
EXTENSION_LABEL = "扩展字段（JSON 值） / extension (a JSON value)"
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
    ("$schema", "编辑器用的 JSON Schema（可空） / JSON Schema for editors (optional)", "string?"),
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
    ("claim", "自评 / claim", "claim"),
    ("justification", "不适用理由 / justification", "string?"),
    ("note", "说明 / note", "string?"),
    ("responsible.unit", "责任科室 / unit", "string?"),
    ("responsible.person", "责任人 / person", "string?"),
    ("responsible.leader", "分管领导 / leader", "string?"),
    ("exemption.reason", "容错理由 / exemption reason", "string?"),
    *[
        (f"exemption.conditions.{c}", f"容错条件：{CONDITION_NAMES[c][0]} / {c}", "boolean?")
        for c in CONDITIONS
    ],
    ("exemption.decision", "认定文书编号 / decision document", "string?"),
    ("exemption.approved_by", "批准机关 / approved by", "string?"),
]
TZ_CHINA = dt.timezone(dt.timedelta(hours=8))
TRUE = {"true", "yes", "是", "1", "y", "t", "真"}
FALSE = {"false", "no", "否", "0", "n", "f", "假"}


_TYPE_NAMES = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "date": "日期",
    "datetime": "日期时间",
    "boolean": "是/否",
}


def record_header(key: str, declared: str, rs: m.RecordSet) -> str:
    """Row 2 of a record sheet, ``key（整数 integer，必填 required）``: the field, its type and
    whether it must be filled, in both languages (a checklist names fields, it does not
    translate them)."""
    needed = "选填 optional" if declared.endswith("?") else "必填 required"
    primary = "，主日期 primary date" if key == rs.date else ""
    base = declared.rstrip("?")
    return f"{key}（{_TYPE_NAMES.get(base, base)} {base}，{needed}{primary}）"


def labels(label: str) -> set[str]:
    """The texts a clerk may have typed for a field in place of its key: its header
    (``检查项 / item``), and each language's half of it."""
    return {label, *(part.strip() for part in label.split(" / "))}


def col(index: int) -> str:
    """The letter(s) of a 1-based column number."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def key_path(key: str) -> tuple[str, ...]:
    """The JSON path of a sheet key: dotted fields, but an ``x-`` key (dots and all) is one."""
    if key.startswith(EXTENSION):
        return (key,)
    if key.startswith(AGENCY_EXTENSION):
        return ("agency", key.removeprefix("agency."))
    return tuple(key.split("."))


def get(doc: Any, key: str) -> Any:
    """The value at a sheet key, None where any part is missing."""
    node = doc
    for part in key_path(key):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def put(doc: dict[str, Any], key: str, value: Any) -> None:
    """Set the value at a sheet key, creating the objects on the way."""
    parts = key_path(key)
    node = doc
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def extensions(node: Any) -> list[str]:
    """The ``x-`` keys of an object, in order."""
    return [k for k in node if k.startswith(EXTENSION)] if isinstance(node, dict) else []
