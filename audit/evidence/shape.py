"""What an evidence file for a given checklist may contain, and the msgspec types for it.

The shape is derived once per checklist. The msgspec types decode a clean file in C (the
fast path); the same shape drives the pure-Python walker that explains a file that is not
clean, so both paths accept exactly the same documents.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, NotRequired, Required, TypedDict

import msgspec

from audit.checklist.model import Checklist

BaseType = Literal["string", "integer", "number", "boolean", "date", "datetime"]
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
CODE_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
# a host, and no blank anywhere; the scheme in any case (RFC 3986 §3.1: HTTPS:// is https://),
# spelt out because JSON Schema's patterns (ECMA-262) have no inline flags
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@]+(?:[/?#]\S*)?$"

CLAIMS = ("met", "partly_met", "not_met", "not_applicable")
# RFC 3339 §5.6 date-time, offset required. msgspec and fromisoformat also accept "+0800"
# and a space for "T"; the evidence format (and its JSON Schema) does not.
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})\Z")
CONDITIONS = ("reform_or_exploration", "lawful", "no_personal_gain", "no_public_harm")
# What each fault-tolerance condition states, in both languages.
CONDITION_NAMES = {
    "reform_or_exploration": (
        "属于优化营商环境中的改革创新、探索试验",
        "the work was reform, exploration or a trial in optimising the business environment",
    ),
    "lawful": ("未违反法律法规", "no breach of laws or regulations"),
    "no_personal_gain": ("未谋取私利", "no personal gain"),
    "no_public_harm": ("未损害公共利益", "no harm to the public interest"),
}
# The claims in Chinese, as the reports word them (a workbook may be filled either way).
CLAIM_NAMES = {
    "met": "符合",
    "partly_met": "部分符合",
    "not_met": "不符合",
    "not_applicable": "不适用",
}


def anchored(pattern: str) -> str:
    r"""``pattern``, written in JSON Schema's dialect (ECMA-262), for Python's ``re``: there
    ``$`` also matches before a final newline (``"HQ\n"`` would pass), ``\Z`` only at the
    very end."""
    return pattern.removesuffix("$") + r"\Z" if pattern.endswith("$") else pattern


@dataclass(frozen=True)
class FieldShape:
    """A typed value: base type, and whether null/absence is allowed."""

    base: BaseType
    optional: bool = False

    @classmethod
    def parse(cls, declared: str) -> FieldShape:
        base = declared.rstrip("?")
        return cls(base, declared.endswith("?"))  # type: ignore[arg-type]


@dataclass(frozen=True)
class RecordSetShape:
    """A record set: its fields (``id`` implied) and primary date."""

    fields: dict[str, FieldShape]
    date: str | None


@dataclass(frozen=True)
class Shape:
    """Everything the evidence of one checklist may name; ``None`` means "not constrained"."""

    checklist_id: str | None = None
    checklist_version: str | None = None
    roles: frozenset[str] | None = None
    facts: dict[str, FieldShape] | None = None
    record_sets: dict[str, RecordSetShape] | None = None
    document_kinds: frozenset[str] | None = None
    item_ids: frozenset[str] | None = None
    item_roles: dict[str, frozenset[str]] = field(default_factory=dict)
    item_kinds: dict[str, frozenset[str]] = field(default_factory=dict)
    # sets a coverage check matches against whole, whatever their dates (its ``by`` set)
    matched_whole: frozenset[str] = frozenset()
    # the fields other than ids whose values a coverage check matches, by record set
    matching: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def datetime_keys(self) -> frozenset[str]:
        """Every key whose value is a date-time: submitted_at, and facts and record fields
        declared ``datetime``."""
        keys = {"submitted_at"}
        keys.update(k for k, f in (self.facts or {}).items() if f.base == "datetime")
        for record_set in (self.record_sets or {}).values():
            keys.update(k for k, f in record_set.fields.items() if f.base == "datetime")
        return frozenset(keys)

    @classmethod
    def of(cls, checklist: Checklist) -> Shape:
        """The shape of evidence answering ``checklist``."""
        return cls(
            checklist_id=checklist.id,
            checklist_version=checklist.version,
            roles=frozenset(checklist.roles),
            facts={k: FieldShape(f.type) for k, f in checklist.facts.items()},
            record_sets={
                name: RecordSetShape(
                    {k: FieldShape.parse(v) for k, v in rs.fields.items()}, rs.date
                )
                for name, rs in checklist.records.items()
            },
            document_kinds=frozenset(checklist.documents),
            item_ids=frozenset(checklist.items_by_id),
            item_roles={i.id: frozenset(i.roles) for i in checklist.items},
            item_kinds={
                i.id: frozenset(
                    k for c in i.checks if c.kind == "document" for k in getattr(c, "kinds", ())
                )
                for i in checklist.items
            },
            matched_whole=frozenset(
                c.by for i in checklist.items for c in i.checks if c.kind == "coverage"
            ),
            matching=_matching(checklist),
        )


def _matching(checklist: Any) -> dict[str, frozenset[str]]:
    """The fields (ids aside) whose values coverage checks match, by record set."""
    found: dict[str, set[str]] = {}
    for item in checklist.items:
        for check in item.checks:
            if check.kind == "coverage":
                found.setdefault(check.records, set()).add(check.key)
                found.setdefault(check.by, set()).add(check.match)
    return {name: frozenset(fields - {"id"}) for name, fields in found.items()}


# -- msgspec types (the fast path) -----------------------------------------------------------

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
Int64 = Annotated[int, msgspec.Meta(ge=INT64_MIN, le=INT64_MAX)]
AwareDateTime = Annotated[dt.datetime, msgspec.Meta(tz=True)]

_PY_TYPES: dict[str, Any] = {
    "string": str,
    "integer": Int64,
    "number": float,
    "boolean": bool,
    "date": dt.date,
    "datetime": AwareDateTime,
}

Agency = TypedDict(
    "Agency",
    {
        "code": Required[Annotated[str, msgspec.Meta(pattern=anchored(CODE_PATTERN))]],
        "name": Required[str],
        "name_en": NotRequired[str],
        "district": Required[str],
        "roles": Required[Annotated[list[str], msgspec.Meta(min_length=1)]],
    },
)


class Period(TypedDict):
    """The audit period."""

    start: dt.date
    end: dt.date


Person = TypedDict(
    "Person",
    {
        "name": Required[str],
        "title": NotRequired[str],
        "phone": NotRequired[str],
    },
)
Responsible = TypedDict(
    "Responsible",
    {
        "unit": NotRequired[str],
        "person": NotRequired[str],
        "leader": NotRequired[str],
    },
)
Conditions = TypedDict("Conditions", dict.fromkeys(CONDITIONS, bool))  # type: ignore[misc]
Exemption = TypedDict(
    "Exemption",
    {
        "reason": str,
        "conditions": Conditions,
        "decision": str,
        "approved_by": str,
    },
)
Claim = TypedDict(
    "Claim",
    {
        "claim": Required[Literal["met", "partly_met", "not_met", "not_applicable"]],
        "justification": NotRequired[str],
        "note": NotRequired[str],
        "responsible": NotRequired[Responsible],
        "exemption": NotRequired[Exemption],
    },
)
Document = TypedDict(
    "Document",
    {
        "id": Required[NonEmpty],
        "kind": Required[str],
        "title": Required[str],
        "issued": Required[dt.date],
        "path": NotRequired[str],
        "sha256": NotRequired[Annotated[str, msgspec.Meta(pattern=anchored(SHA256_PATTERN))]],
        "url": NotRequired[Annotated[str, msgspec.Meta(pattern=anchored(URL_PATTERN))]],
    },
)


# TypedDicts built at run time from a checklist are opaque to the type checker.
_typed_dict: Any = TypedDict


def python_type(shape: FieldShape) -> Any:
    """The msgspec type of a value of ``shape``."""
    tp = _PY_TYPES[shape.base]
    return tp | None if shape.optional else tp


def build_types(shape: Shape) -> Any:
    """The top-level msgspec type of evidence of ``shape`` (TypedDicts all the way down)."""
    assert shape.facts is not None and shape.record_sets is not None
    facts = _typed_dict("Facts", {k: NotRequired[python_type(v)] for k, v in shape.facts.items()})
    record_types: dict[str, Any] = {}
    for name, rs in shape.record_sets.items():
        members: dict[str, Any] = {"id": Required[NonEmpty]}
        for key, fs in rs.fields.items():
            members[key] = (
                NotRequired[python_type(fs)] if fs.optional else Required[python_type(fs)]
            )
        record = _typed_dict(f"R_{name}", members)
        record_types[name] = NotRequired[list[record]]  # type: ignore[valid-type]
    records = _typed_dict("Records", record_types)
    return _typed_dict(
        "Evidence",
        {
            "$schema": NotRequired[Any],  # ignored, whatever it holds
            "format": Required[Literal["tj-audit/evidence@1"]],
            "checklist": Required[str],
            "checklist_version": NotRequired[str],
            "agency": Required[Agency],
            "period": Required[Period],
            "submitted_at": Required[AwareDateTime],
            "submitted_by": Required[Person],
            "responsible": NotRequired[Responsible],
            "facts": NotRequired[facts],
            "records": NotRequired[records],
            "documents": NotRequired[list[Document]],
            "items": NotRequired[dict[str, Claim]],
        },
    )
