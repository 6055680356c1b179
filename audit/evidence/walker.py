"""The walker of the slow path: typed values, objects and arrays, each at its JSON path.

:class:`Structure` converts a plain Python value the way the msgspec types would decode it
and records one diagnostic per problem; :mod:`audit.evidence.structure` tells it what each
member of an evidence document must be.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Any, Literal

import msgspec

from audit.diagnostics import Diagnostic, JsonPath, error
from audit.evidence.shape import (
    INT64_MAX,
    INT64_MIN,
    RFC3339,
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


def hidden_char(text: str) -> str | None:
    """The first control or bidi character of ``text``, as ``U+XXXX`` (None if none): for
    texts an auditor types that every report prints."""
    found = FORBIDDEN_CHARS.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


Walker = Callable[["Structure", Any, JsonPath], Any]
MISSING = object()


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


def leap_second(value: str) -> dt.datetime | None:
    """A date-time at a leap second, which RFC 3339 allows (second 60, §5.6, at 23:59 UTC
    on a month's last day, §5.7: "1990-12-31T15:59:60-08:00", §5.8) and Python's datetime
    cannot hold: read as the last microsecond of its minute. None for anything else."""
    if not RFC3339.match(value) or value[17:19] != "60":
        return None
    try:
        parsed = msgspec.convert(f"{value[:17]}59{value[19:]}", AwareDateTime)
    except msgspec.ValidationError:
        return None
    try:
        utc = parsed.astimezone(dt.UTC)
    except OverflowError:  # before year 1 in UTC: no month's end
        return None
    last_day = calendar.monthrange(utc.year, utc.month)[1]
    if (utc.hour, utc.minute) != (23, 59) or utc.day != last_day:  # §5.7: a month's end
        return None
    return parsed.replace(microsecond=999_999)


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
            return MISSING
        if self.forbidden(value, path):
            return MISSING
        if pattern is not None and not re.search(anchored(pattern), value):
            self.add(error(code, path, value=value))
            return MISSING
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
            return MISSING
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
                return MISSING
        elif base == "number":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                try:
                    return float(value)
                except OverflowError:
                    self.add(error("json.number-range", path, token=_clip(value)))
                    return MISSING
        elif base in ("date", "datetime") and isinstance(value, str):
            return self.temporal(value, base, path)
        if isinstance(value, str) and _quoted(value, base):  # "12", "true": the quotes
            self.add(error("evidence.type-quoted", path, expected=base, value=_clip(value)))
            return MISSING
        self.add(error("evidence.type", path, expected=base, got=json_type(value)))
        return MISSING

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
                return MISSING
        try:
            parsed = msgspec.convert(value, AwareDateTime)
            if not RFC3339.match(value):  # "+0800", or a space for "T": lenient parsers only
                self.add(error("evidence.bad-datetime", path, value=value))
                return MISSING
            return parsed
        except msgspec.ValidationError:
            leap = leap_second(value)
            if leap is not None:
                return leap
            try:
                msgspec.convert(value, dt.datetime)
            except msgspec.ValidationError:
                self.add(error("evidence.bad-datetime", path, value=value))
            else:
                self.add(error("evidence.datetime-offset", path, value=value))
            return MISSING

    # -- objects ----------------------------------------------------------------------------

    def obj(
        self,
        value: Any,
        path: JsonPath,
        members: dict[str, tuple[bool, Walker]],
        *,
        extensions: bool = False,
    ) -> Any:
        """An object with known members ``name → (required, walker)``; MISSING if not one."""
        if not isinstance(value, dict):
            self.add(error("evidence.type", path, expected="object", got=json_type(value)))
            return MISSING
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
                        **({"hint": "x-key"} if extensions else {}),
                    )
                )
                continue
            converted = spec[1](self, item, (*path, key))
            if converted is not MISSING:
                result[key] = converted
        for key, (required, _) in members.items():
            if required and key not in value and key not in meant:
                self.add(error("evidence.missing-key", path, key=key))
        return result

    def array(self, value: Any, path: JsonPath, each: Walker) -> Any:
        """A list whose elements ``each`` walks; bad elements are left out."""
        if not isinstance(value, list):
            self.add(error("evidence.type", path, expected="array", got=json_type(value)))
            return MISSING
        out = []
        for index, element in enumerate(value):
            converted = each(self, element, (*path, index))
            if converted is not MISSING:
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
