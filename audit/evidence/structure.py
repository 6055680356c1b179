"""The slow path: walk a parsed evidence document, report every structural problem.

Given the plain Python value of a file (from :mod:`audit.jsontext`) and the checklist's
:class:`Shape`, produce the same cleaned tree the msgspec types would decode (dates as
``date``, numbers as ``float``, ``x-`` keys dropped) plus one diagnostic per problem, each
with its JSON path. Bad values are left out of the tree so later checks can still run.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, Literal

import msgspec

from audit.diagnostics import Diagnostic, JsonPath, error
from audit.evidence import FORMAT
from audit.evidence.shape import (
    CLAIMS,
    CODE_PATTERN,
    CONDITIONS,
    INT64_MAX,
    INT64_MIN,
    RFC3339,
    SHA256_PATTERN,
    URL_PATTERN,
    AwareDateTime,
    FieldShape,
    Shape,
    anchored,
)
from audit.i18n import did_you_mean

_DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only

# Control characters other than tab/newline/CR, and the bidirectional overrides and isolates
# that can make text display differently from what it says ("Trojan Source").
# (Written with escapes: the JSON Schema's patterns use the same class.)
HIDDEN_CLASS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
FORBIDDEN_CHARS = re.compile(HIDDEN_CLASS)

Walker = Callable[["Structure", Any, JsonPath], Any]
_MISSING = object()


def json_type(value: Any) -> str:
    """The JSON type name of a parsed value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


class Structure:
    """Collects the structural problems of one document."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.problems: list[Diagnostic] = []

    def add(self, diag: Diagnostic) -> None:
        self.problems.append(diag)

    # -- scalars ----------------------------------------------------------------------------

    def string(
        self, value: Any, path: JsonPath, *, pattern: str | None = None, code: str = ""
    ) -> Any:
        if not isinstance(value, str):
            self.add(error("evidence.type", path, expected="string", got=json_type(value)))
            return _MISSING
        if self.forbidden(value, path):
            return _MISSING
        if pattern is not None and not re.search(anchored(pattern), value):
            self.add(error(code, path, value=value))
            return _MISSING
        return value

    def forbidden(
        self, text: str, path: JsonPath, *, at: Literal["key", "value"] = "value"
    ) -> bool:
        """Whether ``text`` holds a control or bidi character (reported at ``path``)."""
        bad = FORBIDDEN_CHARS.search(text)
        if bad:
            char = bad.group()
            self.add(
                error(
                    "evidence.control-char",
                    path,
                    at=at,
                    codepoint=f"U+{ord(char):04X}",
                    name=unicodedata.name(char, "control"),
                )
            )
        return bad is not None

    def unread(self, value: Any, path: JsonPath) -> None:
        """A member not read (``x-`` extensions, ``$schema``) may not hide text either: a
        control or bidi character anywhere in it, key or value, is refused as elsewhere."""
        stack = [(value, path)]
        while stack:
            value, path = stack.pop()
            if isinstance(value, str):
                self.forbidden(value, path)
            elif isinstance(value, dict):
                for key, item in value.items():
                    self.forbidden(key, (*path, key), at="key")
                    stack.append((item, (*path, key)))
            elif isinstance(value, list):
                stack.extend((item, (*path, index)) for index, item in enumerate(value))

    def typed(self, value: Any, fs: FieldShape, path: JsonPath) -> Any:
        """A value of a declared type, converted as msgspec would convert it."""
        if value is None:
            if fs.optional:
                return None
            self.add(error("evidence.type", path, expected=fs.base, got="null"))
            return _MISSING
        base = fs.base
        if base == "string":
            return self.string(value, path)
        if base == "boolean":
            if isinstance(value, bool):
                return value
        elif base == "integer":
            if isinstance(value, int) and not isinstance(value, bool):
                if INT64_MIN <= value <= INT64_MAX:
                    return value
                self.add(error("evidence.integer-range", path, value=_clip(value)))
                return _MISSING
        elif base == "number":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                try:
                    return float(value)
                except OverflowError:
                    self.add(error("json.number-range", path, token=_clip(value)))
                    return _MISSING
        elif base in ("date", "datetime") and isinstance(value, str):
            return self.temporal(value, base, path)
        if isinstance(value, str) and _quoted(value, base):  # "12", "true": the quotes
            self.add(error("evidence.type-quoted", path, expected=base, value=_clip(value)))
            return _MISSING
        self.add(error("evidence.type", path, expected=base, got=json_type(value)))
        return _MISSING

    def temporal(self, value: str, base: str, path: JsonPath) -> Any:
        if base == "date":
            try:
                return msgspec.convert(value, dt.date)
            except msgspec.ValidationError:
                # 2020-02-30 is the right form but no day; 2020/01/05, ２０２０-０１-０５ or a
                # date-time are not the form at all
                shaped = _DATE_FORM.fullmatch(value) is not None
                self.add(
                    error(
                        "evidence.bad-date" if shaped else "evidence.date-form", path, value=value
                    )
                )
                return _MISSING
        try:
            parsed = msgspec.convert(value, AwareDateTime)
            if not RFC3339.match(value):  # "+0800", or a space for "T": lenient parsers only
                self.add(error("evidence.bad-datetime", path, value=value))
                return _MISSING
            return parsed
        except msgspec.ValidationError:
            try:
                msgspec.convert(value, dt.datetime)
            except msgspec.ValidationError:
                self.add(error("evidence.bad-datetime", path, value=value))
            else:
                self.add(error("evidence.datetime-offset", path, value=value))
            return _MISSING

    # -- objects ----------------------------------------------------------------------------

    def obj(
        self,
        value: Any,
        path: JsonPath,
        members: dict[str, tuple[bool, Walker]],
        *,
        extensions: bool = False,
    ) -> Any:
        """An object with known members ``name → (required, walker)``; _MISSING if not one."""
        if not isinstance(value, dict):
            self.add(error("evidence.type", path, expected="object", got=json_type(value)))
            return _MISSING
        result: dict[str, Any] = {}
        meant: set[str] = set()  # misspelt keys: "did you mean" already names them
        for key, item in value.items():
            spec = members.get(key)
            if spec is None:
                if extensions and key.startswith("x-"):
                    self.unread({key: item}, path)
                    continue
                suggestion = did_you_mean(key, members)
                meant.add(suggestion or "")
                self.add(
                    error(
                        "evidence.unknown-key",
                        (*path, key),
                        at="key",
                        key=key,
                        suggestion=suggestion,
                    )
                )
                continue
            converted = spec[1](self, item, (*path, key))
            if converted is not _MISSING:
                result[key] = converted
        for key, (required, _) in members.items():
            if required and key not in value and key not in meant:
                self.add(error("evidence.missing-key", path, key=key))
        return result

    def array(self, value: Any, path: JsonPath, each: Walker) -> Any:
        """A list whose elements ``each`` walks; bad elements are left out."""
        if not isinstance(value, list):
            self.add(error("evidence.type", path, expected="array", got=json_type(value)))
            return _MISSING
        out = []
        for index, element in enumerate(value):
            converted = each(self, element, (*path, index))
            if converted is not _MISSING:
                out.append(converted)
        return out


_BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "是", "否", "y", "n"})


def _quoted(text: str, base: str) -> bool:
    """Whether ``text`` is a number or a yes/no written as a string."""
    if base == "boolean":
        return text.strip().lower() in _BOOLEAN_WORDS
    if base in ("integer", "number"):
        try:
            float(text)
        except ValueError:
            return False
        return True
    return False


def _clip(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:20] + "…"


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
        s.add(error("evidence.format", p, expected=FORMAT, value=v))
        return _MISSING
    return v


def _roles(s: Structure, v: Any, p: JsonPath) -> Any:
    roles = s.array(v, p, _str)
    if roles is not _MISSING and not v:
        s.add(error("evidence.empty-roles", p))
        return _MISSING
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
        return _MISSING
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
            if converted is not _MISSING:
                out[key] = converted
    return out


def _records(s: Structure, v: Any, p: JsonPath) -> Any:
    sets = s.shape.record_sets
    if not isinstance(v, dict):
        s.add(error("evidence.type", p, expected="object", got=json_type(v)))
        return _MISSING
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
        if converted is not _MISSING:
            out[name] = converted
    return out


def _record(
    s: Structure, r: Any, p: JsonPath, set_name: str, fields: dict[str, FieldShape] | None
) -> Any:
    if not isinstance(r, dict):
        s.add(error("evidence.type", p, expected="object", got=json_type(r)))
        return _MISSING
    out: dict[str, Any] = {}
    meant: set[str] = set()  # misspelt fields: "did you mean" already names them
    for key, value in r.items():
        if key == "id":
            rid = s.string(value, (*p, key))
            if rid is not _MISSING:
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
                )
            )
            continue
        converted = s.typed(value, fs, (*p, key))
        if converted is not _MISSING:
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
        return _MISSING
    return value


def _claim_value(s: Structure, v: Any, p: JsonPath) -> Any:
    if not isinstance(v, str):
        s.add(error("evidence.type", p, expected="string", got=json_type(v)))
        return _MISSING
    if v not in CLAIMS:
        s.add(error("evidence.unknown-claim", p, value=v, suggestion=did_you_mean(v, CLAIMS)))
        return _MISSING
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
        return _MISSING
    out = {}
    for key, claim in v.items():
        converted = _claim(s, claim, (*p, key))
        if converted is not _MISSING:
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
