"""The slow path: walk a parsed evidence document, report every structural problem.

Given the plain Python value of a file (from :mod:`audit.jsontext`) and the checklist's
:class:`Shape`, produce the same cleaned tree the msgspec types would decode (dates as
``date``, numbers as ``float``, ``x-`` keys dropped) plus one diagnostic per problem, each
with its JSON path. Bad values are left out of the tree so later checks can still run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from audit.diagnostics import Diagnostic, JsonPath, error
from audit.evidence import FORMAT
from audit.evidence.shape import (
    CLAIMS,
    CODE_PATTERN,
    CONDITIONS,
    SHA256_PATTERN,
    URL_PATTERN,
    FieldShape,
    Shape,
)
from audit.evidence.walker import MISSING, Structure, Walker, json_type
from audit.i18n import did_you_mean


def _str(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.string(v, p)


def _ignored(s: Structure, v: Any, p: JsonPath) -> Any:
    """Any value is fine (``$schema`` is for editors: evidence.md says it is ignored), as
    long as it hides no text."""
    s.unread(v, p)
    return v


def _date(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.typed(v, FieldShape("date"), p)


def _bool(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.typed(v, FieldShape("boolean"), p)


def _members(
    names: Iterable[str], walker: Walker, *, required: bool
) -> dict[str, tuple[bool, Walker]]:
    return dict.fromkeys(names, (required, walker))


_RESPONSIBLE = _members(("unit", "person", "leader"), _str, required=False)


def _format(s: Structure, v: Any, p: JsonPath) -> Any:
    if v != FORMAT:
        # shown as the file writes it: 'x' for a string, null / true / 2 otherwise
        written = repr(v) if isinstance(v, str) else json.dumps(v, ensure_ascii=False)[:60]
        s.add(error("evidence.format", p, expected=FORMAT, value=written))
        return MISSING
    return v


def _roles(s: Structure, v: Any, p: JsonPath) -> Any:
    roles = s.array(v, p, _str)
    if roles is not MISSING and not v:
        s.add(error("evidence.empty-roles", p))
        return MISSING
    return roles


def _agency(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.obj(
        v,
        p,
        {
            "code": (
                True,
                lambda s2, v2, p2: s2.string(
                    v2, p2, pattern=CODE_PATTERN, code="evidence.bad-code"
                ),
            ),
            "name": (True, _str),
            "name_en": (False, _str),
            "district": (True, _str),
            "roles": (True, _roles),
        },
        extensions=True,
    )


def _period(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.obj(v, p, {"start": (True, _date), "end": (True, _date)})


def _person(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.obj(v, p, {"name": (True, _str), "title": (False, _str), "phone": (False, _str)})


def _responsible(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.obj(v, p, _RESPONSIBLE)


def _submitted_at(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.typed(v, FieldShape("datetime"), p)


def _facts(s: Structure, v: Any, p: JsonPath) -> Any:
    declared = s.shape.facts
    if not isinstance(v, dict):
        s.add(error("evidence.type", p, expected="object", got=json_type(v)))
        return MISSING
    out: dict[str, Any] = {}
    for key, value in v.items():
        if declared is None:
            out[key] = value
        elif key not in declared:
            s.add(
                error(
                    "evidence.unknown-fact",
                    (*p, key),
                    at="key",
                    key=key,
                    suggestion=did_you_mean(key, declared),
                )
            )
        else:
            converted = s.typed(value, declared[key], (*p, key))
            if converted is not MISSING:
                out[key] = converted
    return out


def _records(s: Structure, v: Any, p: JsonPath) -> Any:
    sets = s.shape.record_sets
    if not isinstance(v, dict):
        s.add(error("evidence.type", p, expected="object", got=json_type(v)))
        return MISSING
    out: dict[str, Any] = {}
    for name, records in v.items():
        if sets is not None and name not in sets:
            s.add(
                error(
                    "evidence.unknown-record-set",
                    (*p, name),
                    at="key",
                    key=name,
                    suggestion=did_you_mean(name, sets),
                )
            )
            continue
        fields = sets[name].fields if sets is not None else None

        def record(
            s2: Structure,
            r: Any,
            rp: JsonPath,
            name: str = name,
            fields: dict[str, FieldShape] | None = fields,
        ) -> Any:
            return _record(s2, r, rp, name, fields)

        converted = s.array(records, (*p, name), record)
        if converted is not MISSING:
            out[name] = converted
    return out


def _record(
    s: Structure, r: Any, p: JsonPath, set_name: str, fields: dict[str, FieldShape] | None
) -> Any:
    if not isinstance(r, dict):
        s.add(error("evidence.type", p, expected="object", got=json_type(r)))
        return MISSING
    out: dict[str, Any] = {}
    meant: set[str] = set()  # misspelt fields: "did you mean" already names them
    for key, value in r.items():
        if key == "id":
            rid = s.string(value, (*p, key))
            if rid is not MISSING:
                if rid == "":
                    s.add(error("evidence.empty-string", (*p, key)))
                else:
                    out["id"] = rid
            continue
        if key.startswith("x-"):
            s.unread({key: value}, p)
            continue
        if fields is None:
            if isinstance(value, (dict, list)):
                s.add(error("evidence.type", (*p, key), expected="string", got=json_type(value)))
            else:
                out[key] = value
            continue
        fs = fields.get(key)
        if fs is None:
            suggestion = did_you_mean(key, [*fields, "id"])
            meant.add(suggestion or "")
            s.add(
                error(
                    "evidence.unknown-field",
                    (*p, key),
                    at="key",
                    key=key,
                    set=set_name,
                    suggestion=suggestion,
                    hint="x-key",
                )
            )
            continue
        converted = s.typed(value, fs, (*p, key))
        if converted is not MISSING:
            out[key] = converted
    if "id" not in r and "id" not in meant:
        s.add(error("evidence.missing-key", p, key="id"))
    for key, fs in (fields or {}).items():
        if not fs.optional and key not in r and key not in meant:
            s.add(error("evidence.missing-key", p, key=key))
    return out


def _document(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.obj(
        v,
        p,
        {
            "id": (True, _nonempty),
            "kind": (True, _str),
            "title": (True, _str),
            "issued": (True, _date),
            "path": (False, _str),
            "sha256": (
                False,
                lambda s2, v2, p2: s2.string(
                    v2, p2, pattern=SHA256_PATTERN, code="evidence.bad-sha256"
                ),
            ),
            "url": (
                False,
                lambda s2, v2, p2: s2.string(v2, p2, pattern=URL_PATTERN, code="evidence.bad-url"),
            ),
        },
    )


def _nonempty(s: Structure, v: Any, p: JsonPath) -> Any:
    value = s.string(v, p)
    if value == "":
        s.add(error("evidence.empty-string", p))
        return MISSING
    return value


def _claim_value(s: Structure, v: Any, p: JsonPath) -> Any:
    if not isinstance(v, str):
        s.add(error("evidence.type", p, expected="string", got=json_type(v)))
        return MISSING
    if v not in CLAIMS:
        s.add(error("evidence.unknown-claim", p, value=v, suggestion=did_you_mean(v, CLAIMS)))
        return MISSING
    return v


def _conditions(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.obj(v, p, _members(CONDITIONS, _bool, required=True))


def _exemption(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.obj(
        v,
        p,
        {
            "reason": (True, _str),
            "conditions": (True, _conditions),
            "decision": (True, _str),
            "approved_by": (True, _str),
        },
    )


def _claim(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.obj(
        v,
        p,
        {
            "claim": (True, _claim_value),
            "justification": (False, _str),
            "note": (False, _str),
            "responsible": (False, _responsible),
            "exemption": (False, _exemption),
        },
        extensions=True,
    )


def _items(s: Structure, v: Any, p: JsonPath) -> Any:
    if not isinstance(v, dict):
        s.add(error("evidence.type", p, expected="object", got=json_type(v)))
        return MISSING
    out = {}
    for key, claim in v.items():
        converted = _claim(s, claim, (*p, key))
        if converted is not MISSING:
            out[key] = converted
    return out


def _documents(s: Structure, v: Any, p: JsonPath) -> Any:
    return s.array(v, p, _document)


TOP: dict[str, tuple[bool, Walker]] = {
    "$schema": (False, _ignored),
    "format": (True, _format),
    "checklist": (True, _str),
    "checklist_version": (False, _str),
    "agency": (True, _agency),
    "period": (True, _period),
    "submitted_at": (True, _submitted_at),
    "submitted_by": (True, _person),
    "responsible": (False, _responsible),
    "facts": (False, _facts),
    "records": (False, _records),
    "documents": (False, _documents),
    "items": (False, _items),
}


def check_structure(value: Any, shape: Shape) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The cleaned document and every structural problem of ``value``."""
    walker = Structure(shape)
    if not isinstance(value, dict):
        walker.add(error("evidence.type", (), expected="object", got=json_type(value)))
        return {}, walker.problems
    cleaned = walker.obj(value, (), TOP, extensions=True)
    return cleaned, walker.problems
