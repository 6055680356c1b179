"""JSON Schema (draft 2020-12) of the evidence format, generic or for one checklist.

Editors use it to complete and check evidence as people type; CI tools such as
check-jsonschema can validate with it. It cannot express everything `audit validate`
checks (duplicate keys, unique ids, references between items and documents, attachments,
periods), and says so in its description.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from audit.checklist.model import Checklist
from audit.evidence import FORMAT
from audit.evidence.shape import (
    CLAIMS,
    CODE_PATTERN,
    CONDITIONS,
    SHA256_PATTERN,
    URL_PATTERN,
    FieldShape,
)
from audit.evidence.walker import HIDDEN_CLASS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
# Extensions: any value, ignored, as long as it hides no text (no control or bidi character
# in a key or a string, at any depth), as the validator requires everywhere.
_EXT = {
    "^x-" + HIDDEN_CLASS.replace("[", "[^", 1) + "*$": {
        "$ref": "#/$defs/unread",
        "description": "extension / 扩展字段 (ignored)",
    }
}
VISIBLE = "#/$defs/visible"
# a text that says something: blank is refused like missing, as the validator does
FILLED: dict[str, Any] = {"type": "string", "pattern": r"\S"}


def _text(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def value_schema(fs: FieldShape) -> dict[str, Any]:
    """The schema of one typed value."""
    base: dict[str, Any]
    if fs.base == "string":
        base = {"type": "string"}
    elif fs.base == "integer":
        base = {"type": "integer", "minimum": -(2**63), "maximum": 2**63 - 1}
    elif fs.base == "number":
        # finite: JSON's 1e400 is no number the validator takes (Python reads it as inf)
        base = {"type": "number", "minimum": -sys.float_info.max, "maximum": sys.float_info.max}
    elif fs.base == "boolean":
        base = {"type": "boolean"}
    elif fs.base == "date":
        base = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    else:
        base = {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}
    if fs.optional:
        return {"anyOf": [base, {"type": "null"}]}
    return base


def _strings(
    *names: str, required: tuple[str, ...] = (), filled: tuple[str, ...] = ()
) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {n: FILLED if n in filled else {"type": "string"} for n in names},
        "required": list(required),
        "additionalProperties": False,
    }


def _defs() -> dict[str, Any]:
    date = value_schema(FieldShape("date"))
    return {
        "visible": {
            "not": {"pattern": HIDDEN_CLASS},
            "description": _text(
                "不得含控制字符或双向控制字符", "no control or bidirectional control character"
            ),
        },
        "unread": {
            "anyOf": [
                {"type": ["number", "boolean", "null"]},
                {"type": "string", "$ref": VISIBLE},
                {"type": "array", "items": {"$ref": "#/$defs/unread"}},
                {
                    "type": "object",
                    "propertyNames": {"$ref": VISIBLE},
                    "additionalProperties": {"$ref": "#/$defs/unread"},
                },
            ]
        },
        "date": date,
        "responsible": _strings("unit", "person", "leader"),
        "document": {
            "type": "object",
            "required": ["id", "kind", "title", "issued"],
            "properties": {
                "id": FILLED,
                "kind": {"type": "string"},
                "title": FILLED,
                "issued": {"$ref": "#/$defs/date"},
                "path": {
                    "type": "string",
                    "pattern": r"\S",  # blank names no file either
                    "maxLength": 1024,  # bytes in the validator; characters here (a bound)
                    # absolute, a drive, a backslash, "..", or no file named (empty, ".", "x/")
                    "not": {"pattern": r"(^/|^[A-Za-z]:|\\|(^|/)\.\.(/|$)|^$|/$|(^|/)\.$)"},
                    "description": _text(
                        "相对于证据文件所在目录的附件路径",
                        "attachment path relative to the evidence file",
                    ),
                },
                "sha256": {"type": "string", "pattern": SHA256_PATTERN},
                "url": {"type": "string", "pattern": URL_PATTERN},
            },
            "anyOf": [{"required": ["path"]}, {"required": ["url"]}],
            "dependentRequired": {"path": ["sha256"]},
            "additionalProperties": False,
        },
        "claim": {
            "type": "object",
            "required": ["claim"],
            "properties": {
                "claim": {
                    "enum": list(CLAIMS),
                    "description": _text("机构自评结论", "the agency's self-assessment"),
                },
                "justification": {"type": "string"},
                "note": {"type": "string"},
                "responsible": {"$ref": "#/$defs/responsible"},
                "exemption": {
                    "type": "object",
                    "description": _text("容错免责申请", "fault-tolerance exemption claim"),
                    "required": ["reason", "conditions", "decision", "approved_by"],
                    "properties": {
                        "reason": FILLED,
                        "conditions": {
                            "type": "object",
                            "required": list(CONDITIONS),
                            "properties": {c: {"type": "boolean"} for c in CONDITIONS},
                            "additionalProperties": False,
                        },
                        "decision": {"type": "string"},
                        "approved_by": FILLED,
                    },
                    "additionalProperties": False,
                },
            },
            "if": {"properties": {"claim": {"const": "not_applicable"}}},
            "then": {"required": ["justification"], "properties": {"justification": FILLED}},
            "patternProperties": _EXT,
            "additionalProperties": False,
        },
    }


_END = re.compile(r"(?<!\\)\$")  # an end-of-text "$", not an escaped "\$"


def _finished(node: Any) -> Any:
    """``node`` (a copy) with every string schema required to be visible text, and every
    pattern's ``$`` made to mean the end of the text in Python's regular
    expressions too: there ``$`` also matches before a final newline, so check-jsonschema
    took "T1\\n" for an agency code, which ``audit validate`` refuses."""
    if isinstance(node, list):
        return [_finished(value) for value in node]
    if not isinstance(node, dict):
        return node
    out = {key: _finished(value) for key, value in node.items()}
    if out.get("type") == "string" and "$ref" not in out:
        out["$ref"] = VISIBLE
    pattern = out.get("pattern")
    if isinstance(pattern, str):  # every "$" (none of ours is in a class or escaped)
        out["pattern"] = _END.sub(lambda _: r"(?![\s\S])", pattern)
    return out


def evidence_schema(checklist: Checklist | None = None) -> dict[str, Any]:
    """The JSON Schema of evidence files (for ``checklist`` when given)."""
    schema: dict[str, Any] = _finished(_evidence_schema(checklist))
    return schema


def _evidence_schema(checklist: Checklist | None) -> dict[str, Any]:
    defs = _defs()
    roles: dict[str, Any] = {"type": "string"}
    facts: dict[str, Any] = {"type": "object"}
    records: dict[str, Any] = {
        "type": "object",
        "additionalProperties": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": FILLED},
            },
        },
    }
    items: dict[str, Any] = {"type": "object", "additionalProperties": {"$ref": "#/$defs/claim"}}
    title = "tj-audit evidence file (tj-audit/evidence@1)"
    checklist_prop: dict[str, Any] = {"type": "string"}
    if checklist is not None:
        title += f" — {checklist.id} {checklist.version}"
        checklist_prop = {"const": checklist.id}
        roles = {
            "enum": sorted(checklist.roles),
            "description": "; ".join(
                f"{k}: {r.zh} / {r.en}" for k, r in sorted(checklist.roles.items())
            ),
        }
        facts = {
            "type": "object",
            "properties": {
                name: {
                    **value_schema(FieldShape(f.type)),
                    "description": _text(f.zh, f.en) + (f" ({f.unit})" if f.unit else ""),
                }
                for name, f in checklist.facts.items()
            },
            "additionalProperties": False,
        }
        records = {"type": "object", "properties": {}, "additionalProperties": False}
        for name, rs in checklist.records.items():
            fields = {"id": FILLED}
            fields.update({k: value_schema(FieldShape.parse(v)) for k, v in rs.fields.items()})
            required = ["id", *(k for k, v in rs.fields.items() if not v.endswith("?"))]
            records["properties"][name] = {
                "type": "array",
                "description": _text(rs.zh, rs.en)
                + (f"; primary date / 主日期: {rs.date}" if rs.date else ""),
                "items": {
                    "type": "object",
                    "properties": fields,
                    "required": required,
                    "patternProperties": _EXT,
                    "additionalProperties": False,
                },
            }
        defs["document"]["properties"]["kind"] = {
            "enum": sorted(checklist.documents),
            "description": "; ".join(
                f"{k}: {d.zh} / {d.en}" for k, d in sorted(checklist.documents.items())
            ),
        }
        items = {
            "type": "object",
            "properties": {
                item.id: {
                    "$ref": "#/$defs/claim",
                    "description": _text(item.title.zh, item.title.en),
                }
                for item in checklist.items
            },
            "additionalProperties": False,
        }
    return {
        "$schema": DRAFT,
        "$id": "https://tj-audit.invalid/schema/evidence-1"
        + (f"/{checklist.id}-{checklist.version}.json" if checklist else ".json"),
        "title": title,
        "description": _text(
            "政府机构提交的证据文件。重复键、id 唯一性、文书引用、附件哈希和期间"
            "等规则由 audit validate 检查",
            "Evidence an agency submits. Duplicate keys, unique ids, references to documents, "
            "attachment hashes and periods are checked by audit validate, not by this schema",
        ),
        "type": "object",
        "required": ["format", "checklist", "agency", "period", "submitted_at", "submitted_by"],
        "properties": {
            "$schema": {"$ref": "#/$defs/unread", "description": "ignored (editor support)"},
            "format": {"const": FORMAT},
            "checklist": checklist_prop,
            "checklist_version": {"type": "string"},
            "agency": {
                "type": "object",
                "required": ["code", "name", "district", "roles"],
                "properties": {
                    "code": {"type": "string", "pattern": CODE_PATTERN},
                    "name": FILLED,
                    "name_en": {"type": "string"},
                    "district": FILLED,
                    "roles": {"type": "array", "minItems": 1, "items": roles},
                },
                "patternProperties": _EXT,
                "additionalProperties": False,
            },
            "period": {
                "type": "object",
                "required": ["start", "end"],
                "properties": {"start": {"$ref": "#/$defs/date"}, "end": {"$ref": "#/$defs/date"}},
                "additionalProperties": False,
            },
            "submitted_at": value_schema(FieldShape("datetime")),
            "submitted_by": _strings(
                "name", "title", "phone", required=("name",), filled=("name",)
            ),
            "responsible": {"$ref": "#/$defs/responsible"},
            "facts": facts,
            "records": records,
            "documents": {"type": "array", "items": {"$ref": "#/$defs/document"}},
            "items": items,
        },
        "patternProperties": _EXT,
        "additionalProperties": False,
        "$defs": defs,
    }
