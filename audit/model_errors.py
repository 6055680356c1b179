"""Pydantic's validation errors as diagnostics, located at the data's own key path.

Pydantic's ``loc`` mixes the data's keys with the names of the union members it tried: the
tag of a discriminated union (``"fact"``) or a label (``"FactTerm"``, ``"int"``). A tag may
equal a field name (a ``fact`` check has a ``fact`` key), so the data alone cannot tell
them apart: the path is found by walking the model's types beside the data.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from audit.diagnostics import Diagnostic, JsonPath, PathSegment
from audit.i18n import did_you_mean
from audit.messages import MESSAGES, PATTERN_WORDS

_UNKNOWN = object()  # the type at this point of the loc is not known: follow the data only


_TYPE_ERRORS: dict[str, str] = {
    **dict.fromkeys(("int_type", "int_parsing", "int_parsing_size", "int_from_float"), "integer"),
    **dict.fromkeys(("float_type", "float_parsing"), "number"),
    "finite_number": "finite",
    **dict.fromkeys(("bool_type", "bool_parsing"), "boolean"),
    **dict.fromkeys(("string_type", "string_unicode"), "string"),
    **dict.fromkeys(
        ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"),
        "date",
    ),
    **dict.fromkeys(
        ("datetime_type", "datetime_parsing", "datetime_from_date_parsing"), "datetime"
    ),
    **dict.fromkeys(("list_type", "tuple_type", "set_type", "iterable_type"), "array"),
    **dict.fromkeys(("dict_type", "model_type", "model_attributes_type"), "table"),
}
_BOUNDS = {
    "greater_than": ("config.gt", "gt"),
    "greater_than_equal": ("config.ge", "ge"),
    "less_than": ("config.lt", "lt"),
    "less_than_equal": ("config.le", "le"),
}
_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def pydantic_diagnostics(
    exc: ValidationError, data: Any, model: type[BaseModel]
) -> list[Diagnostic]:
    """Turn pydantic's errors into one diagnostic per location, in the data's own key path.

    Messages come from the catalogue (both languages), built from each error's ``type`` and
    ``ctx``, never from pydantic's English text. The type errors of a union's members at
    one place merge into one message ("expected a boolean, a number or a string").
    """
    found: dict[JsonPath, Diagnostic] = {}
    for err in exc.errors(include_url=False):
        kind = err["type"]
        path = data_path(model, data, err["loc"], keep_last=kind in ("missing", "extra_forbidden"))
        if path is None:
            continue
        earlier = found.get(path)
        if earlier is not None:
            if earlier.code == "config.type" and kind in _TYPE_ERRORS:
                found[path] = _more_types(earlier, _TYPE_ERRORS[kind])
            continue
        found[path] = _diagnostic(err, path, data, model)
    return _misspelt_once(list(found.values()))


def _misspelt_once(problems: list[Diagnostic]) -> list[Diagnostic]:
    """A misspelt key is one problem, not two: the "missing required key" of the key that
    an "unknown key …; did you mean" beside it already names is left out."""
    meant = {
        (d.path[:-1], d.args["suggestion"])
        for d in problems
        if d.code == "config.unknown-key" and d.path and d.args.get("suggestion")
    }
    return [
        d
        for d in problems
        if not (d.code == "config.missing-key" and (d.path, d.args.get("key")) in meant)
    ]


def _diagnostic(err: ErrorDetails, path: JsonPath, data: Any, model: type[BaseModel]) -> Diagnostic:
    """One error as a catalogue message at ``path``."""
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    value = err.get("input")
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag", ""))
        expected = _QUOTED.findall(str(ctx.get("expected_tags", "")))
        return Diagnostic(
            "config.unknown-tag",
            {
                "key": str(ctx.get("discriminator", "kind")).strip("'"),
                "value": tag,
                "suggestion": did_you_mean(tag, expected),
                "expected": ", ".join(expected),
            },
            path=(*path, "kind"),
        )
    if kind == "union_tag_not_found":
        key = str(ctx.get("discriminator", "kind")).strip("'")
        return Diagnostic("config.missing-key", {"key": key}, path=path)
    if kind == "missing":
        return Diagnostic("config.missing-key", {"key": path[-1]}, path=path[:-1])
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = _allowed_keys(model, data, path[:-1])
        return Diagnostic(
            "config.unknown-key",
            {"key": key, "suggestion": did_you_mean(key, allowed)},
            path=path,
            at="key",
        )
    if kind in ("literal_error", "enum"):
        choices = tuple(_QUOTED.findall(str(ctx.get("expected", ""))))
        return Diagnostic(
            "config.choice",
            {
                "value": _shown(value),  # as the file writes it: true, not Python's True
                "choices": choices,
                "suggestion": did_you_mean(value, choices) if isinstance(value, str) else None,
            },
            path=path,
        )
    if _TYPE_ERRORS.get(kind) == "date" and _no_day(value):
        # written as a date, but no day of the calendar: said as evidence says it
        return Diagnostic("config.bad-date", {"value": value}, path=path)
    if kind in _TYPE_ERRORS:
        return Diagnostic(
            "config.type", {"expected": (_TYPE_ERRORS[kind],), "got": _shown(value)}, path=path
        )
    if kind in _BOUNDS:
        code, key = _BOUNDS[kind]
        limit = ctx.get(key)  # the model's own bound, shortest: "greater than 0"
        shown = f"{limit:g}" if isinstance(limit, float) else _shown(limit)
        return Diagnostic(code, {"limit": shown, "got": _shown(value)}, path=path)
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        return Diagnostic(
            "config." + kind.replace("_", "-"),
            {"limit": limit, "actual": ctx.get("actual_length")},
            path=path,
        )
    if kind == "string_too_short":
        limit = ctx.get("min_length")
        if limit == 1:
            return Diagnostic("config.empty", {}, path=path)
        return Diagnostic("config.string-too-short", {"limit": limit}, path=path)
    if kind == "string_too_long":
        return Diagnostic("config.string-too-long", {"limit": ctx.get("max_length")}, path=path)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        if pattern in PATTERN_WORDS:  # said in words, what to write
            return Diagnostic(
                "config.pattern-named", {"got": _shown(value), "form": pattern}, path=path
            )
        return Diagnostic("config.pattern", {"got": _shown(value), "pattern": pattern}, path=path)
    if kind in MESSAGES:  # the models' own rules raise PydanticCustomError with a message code
        return Diagnostic(kind, ctx, path=path)
    detail = err["msg"].removeprefix("Value error, ")
    return Diagnostic("config.error", {"type": kind, "detail": detail}, path=path)


def _no_day(value: Any) -> bool:
    """Whether ``value`` is written as a date (YYYY-MM-DD) that names no day (2020-02-30)."""
    if not isinstance(value, str) or not _DATE_SHAPE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return True
    return False


def _more_types(diag: Diagnostic, name: str) -> Diagnostic:
    """``diag`` expecting one more type (a union member); "number" covers "integer"."""
    names = [*diag.args["expected"], name]
    if "number" in names:
        names = [n for n in names if n != "integer"]
    return replace(diag, args={**diag.args, "expected": tuple(dict.fromkeys(names))})


def _shown(value: Any) -> str:
    """A value as the file writes it (containers by their kind, for the catalogue)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):  # 4.0 as written, not "4" (where an integer is expected)
        return repr(value)
    if isinstance(value, (int, dt.date)):
        return str(value)
    if isinstance(value, dict):
        return "table"
    if isinstance(value, (list, tuple)):
        return "array"
    if value is None:
        return "null"
    return repr(str(value))


def data_path(
    model: type[BaseModel], data: Any, loc: Sequence[int | str], *, keep_last: bool
) -> JsonPath | None:
    """Pydantic's ``loc`` without the union members it names, i.e. the path in the data.

    A last segment that names nothing in the data is kept only for missing and unknown keys.
    None means the error belongs to a member of a plain union of models that the data does
    not choose (its keys fit another member): reporting it would only add noise.
    """
    path: list[PathSegment] = []
    node: Any = data
    tp: Any = model
    for index, segment in enumerate(loc):
        if tp is not _UNKNOWN:
            tp, discriminator = _unwrap(tp)
            members = _union_members(tp)
            if discriminator is not None or len(members) > 1:
                member = _member(members, segment, discriminator)
                if (
                    discriminator is None
                    and _is_model(member)
                    and isinstance(node, dict)
                    and _resolve(tp, node) is not member
                ):
                    return None
                tp = member
                continue
        present = (isinstance(node, dict) and segment in node) or (
            isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node)
        )
        if present:
            node = node[segment]
            path.append(segment)
            tp = _UNKNOWN if tp is _UNKNOWN else _child(tp, segment)
        elif index == len(loc) - 1 and keep_last:
            path.append(segment)
        # otherwise a label that names no data ("function-after[...]", "[key]")
    return tuple(path)


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _unwrap(tp: Any) -> tuple[Any, str | None]:
    """``tp`` without ``Annotated`` and ``| None``, and the discriminator it carries."""
    discriminator: str | None = None
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            args = typing.get_args(tp)
            for meta in args[1:]:
                found = getattr(meta, "discriminator", None)
                if isinstance(found, str):
                    discriminator = found
            tp = args[0]
            continue
        members = _union_members(tp)
        if len(members) == 1:  # Optional[X]: pydantic names no member
            tp = members[0]
            continue
        return tp, discriminator


def _union_members(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return [a for a in typing.get_args(tp) if a is not type(None)]
    return []


def _member(members: list[Any], segment: PathSegment, discriminator: str | None) -> Any:
    """The union member pydantic names by ``segment``: a tag value or a label."""
    for member in members:
        inner, _ = _unwrap(member)
        if not _is_model(inner):
            continue
        if discriminator is not None:
            field = inner.model_fields.get(discriminator)
            if field is not None and segment in typing.get_args(field.annotation):
                return inner
        elif segment == inner.__name__:
            return inner
    return _UNKNOWN


def _child(tp: Any, segment: PathSegment) -> Any:
    """The type of ``segment`` inside a value of type ``tp``."""
    tp, _ = _unwrap(tp)
    if _is_model(tp):
        for name, field in tp.model_fields.items():
            if segment in (name, field.alias):
                if field.discriminator is not None:
                    return typing.Annotated[field.annotation, field]
                return field.annotation
        return _UNKNOWN
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is list and args:
        return args[0]
    if origin is tuple and args and isinstance(segment, int):
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
        return args[segment] if segment < len(args) else _UNKNOWN
    if origin is dict and len(args) == 2:
        return args[1]
    return _UNKNOWN


def _allowed_keys(model: type[BaseModel], data: Any, path: JsonPath) -> Iterable[str]:
    """The keys the model accepts at ``path`` (for "did you mean")."""
    current: Any = model
    node: Any = data
    for segment in path:
        current = _step(current, segment, node)
        if current is None:
            return ()
        if isinstance(node, dict):
            node = node.get(segment)
        elif isinstance(node, list) and isinstance(segment, int) and segment < len(node):
            node = node[segment]
        else:
            node = None
    return _model_keys(_resolve(current, node))


def _model_keys(tp: Any) -> list[str]:
    if _is_model(tp):
        return [f.alias or name for name, f in tp.model_fields.items()]
    return []


def _resolve(tp: Any, node: Any) -> Any:
    """Pick the member of a union that fits ``node`` (by its ``kind`` or by its keys)."""
    tp, _ = _unwrap(tp)
    options = _union_members(tp)
    if not options:
        return tp
    models = [o for o in (_unwrap(a)[0] for a in options) if _is_model(o)]
    if isinstance(node, dict):
        kind = node.get("kind")
        for option in models:
            field = option.model_fields.get("kind")
            if field is not None and kind in typing.get_args(field.annotation):
                return option
        for option in models:
            if set(node) & set(_model_keys(option)) - {"where", "id", "title", "weight"}:
                return option
    return models[0] if models else tp


def _step(tp: Any, segment: PathSegment, node: Any) -> Any:
    tp, _ = _unwrap(tp)
    if _union_members(tp):
        return _step(_resolve(tp, node), segment, node)
    child = _child(tp, segment)
    return None if child is _UNKNOWN else child
