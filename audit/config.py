"""Reading TOML data files (checklists, laws, tailoring) into models with located errors."""

from __future__ import annotations

import re
import tomllib
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from audit.diagnostics import Diagnostic, JsonPath, PathSegment
from audit.errors import ConfigError
from audit.i18n import did_you_mean
from audit.tomlpos import TomlPositions

M = TypeVar("M", bound=BaseModel)

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class TomlSource:
    """A TOML file's text, its data and a lazily built position index."""

    path: Path
    display: str
    text: str
    data: dict[str, Any]
    _positions: TomlPositions | None = None

    def locate(self, path: JsonPath) -> tuple[int | None, int | None]:
        """Line and column of a key path (or of its nearest located ancestor)."""
        if self._positions is None:
            self._positions = TomlPositions(self.text)
        found = self._positions.locate(path)
        return found if found else (None, None)

    def diagnostic(self, diag: Diagnostic) -> Diagnostic:
        """``diag`` placed in this file."""
        line, col = self.locate(diag.path or ())
        return Diagnostic(
            code=diag.code,
            args=diag.args,
            severity=diag.severity,
            file=self.display,
            path=diag.path,
            at=diag.at,
            line=line,
            col=col,
            style="toml",
        )


def read_toml(path: Path, *, display: str | None = None) -> TomlSource:
    """Read and parse a TOML file; raise :class:`ConfigError` with the position on failure."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"{shown}: file not found",
            diagnostics=[Diagnostic("config.not-found", file=shown, style="toml")],
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"{shown}: {exc.strerror}",
            diagnostics=[
                Diagnostic(
                    "file.unreadable",
                    {"reason": exc.strerror or str(exc)},
                    file=shown,
                    style="toml",
                )
            ],
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            f"{shown}: not UTF-8",
            diagnostics=[Diagnostic("toml.encoding", file=shown, line=line, col=1, style="toml")],
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POSITION.search(message)
        detail = _TOML_POSITION.sub("", message).strip()
        at_line = int(m.group(1)) if m else None
        at_col = int(m.group(2)) if m else None
        raise ConfigError(
            f"{shown}: {message}",
            diagnostics=[
                Diagnostic(
                    "toml.syntax",
                    {"detail": detail},
                    file=shown,
                    line=at_line,
                    col=at_col,
                    style="toml",
                )
            ],
        ) from None
    return TomlSource(path, shown, text, data)


def validate_model(source: TomlSource, model: type[M], data: Any = None) -> M:
    """Validate ``source.data`` (or ``data``) as ``model``; raise located diagnostics."""
    payload = source.data if data is None else data
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        diagnostics = [source.diagnostic(d) for d in pydantic_diagnostics(exc, payload, model)]
        raise ConfigError(f"{source.display}: invalid", diagnostics=diagnostics) from None


def pydantic_diagnostics(
    exc: ValidationError, data: Any, model: type[BaseModel]
) -> list[Diagnostic]:
    """Turn pydantic's errors into one diagnostic per location, in the data's own key path."""
    seen: set[JsonPath] = set()
    result: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        kind = err["type"]
        path = _data_path(data, err["loc"], keep_last=kind in ("missing", "extra_forbidden"))
        if path in seen:
            continue
        seen.add(path)
        if kind == "union_tag_invalid":
            ctx = err.get("ctx") or {}
            tag = str(ctx.get("tag", ""))
            expected = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")]
            result.append(
                Diagnostic(
                    "config.unknown-tag",
                    {
                        "key": ctx.get("discriminator", "kind").strip("'"),
                        "value": tag,
                        "suggestion": did_you_mean(tag, expected),
                        "expected": ", ".join(expected),
                    },
                    path=(*path, "kind"),
                )
            )
        elif kind == "missing":
            result.append(Diagnostic("config.missing-key", {"key": path[-1]}, path=path[:-1]))
        elif kind == "extra_forbidden":
            key = str(path[-1])
            allowed = _allowed_keys(model, data, path[:-1])
            result.append(
                Diagnostic(
                    "config.unknown-key",
                    {"key": key, "suggestion": did_you_mean(key, allowed)},
                    path=path,
                    at="key",
                )
            )
        else:
            msg = err["msg"].removeprefix("Value error, ")
            result.append(Diagnostic("config.invalid", {"detail": msg}, path=path))
    return result


def _data_path(data: Any, loc: Sequence[int | str], *, keep_last: bool) -> JsonPath:
    """Pydantic's loc without the union tags it inserts, i.e. the path in the data.

    A last segment that names nothing in the data is kept only for missing and unknown keys.
    """
    path: list[PathSegment] = []
    node: Any = data
    for index, segment in enumerate(loc):
        present = (isinstance(node, dict) and segment in node) or (
            isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node)
        )
        if present:
            node = node[segment]
            path.append(segment)
        elif index == len(loc) - 1 and keep_last:
            path.append(segment)
        # otherwise a union tag ("coverage", "function-after[...]") that names no data
    return tuple(path)


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
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or name for name, f in tp.model_fields.items()]
    return []


def _resolve(tp: Any, node: Any) -> Any:
    """Pick the member of a union that fits ``node`` (by its ``kind`` or by its keys)."""
    tp = _unwrap(tp)
    options = _union_members(tp)
    if not options:
        return tp
    models = [o for o in options if isinstance(o, type) and issubclass(o, BaseModel)]
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


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _union_members(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return [_unwrap(a) for a in typing.get_args(tp) if a is not type(None)]
    return []


def _step(tp: Any, segment: PathSegment, node: Any) -> Any:
    tp = _unwrap(tp)
    if _union_members(tp):
        return _step(_resolve(tp, node), segment, node)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, field in tp.model_fields.items():
            if segment in (name, field.alias):
                return field.annotation
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None
