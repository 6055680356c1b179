"""Reading TOML data files (checklists, laws, tailoring) into models with located errors."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from audit.diagnostics import Diagnostic, JsonPath
from audit.errors import ConfigError
from audit.model_errors import pydantic_diagnostics
from audit.tomlpos import TomlPositions

M = TypeVar("M", bound=BaseModel)

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class TomlSource:
    """A TOML (or, with ``json``, a JSON) file's text, its data and a lazily built position
    index."""

    path: Path
    display: str
    text: str
    data: dict[str, Any]
    _positions: TomlPositions | None = None
    json: bool = False

    def locate(self, path: JsonPath) -> tuple[int | None, int | None]:
        """Line and column of a key path in the TOML text (or of its nearest located
        ancestor)."""
        if self._positions is None:
            self._positions = TomlPositions(self.text)
        found = self._positions.locate(path)
        return found if found else (None, None)

    def place(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """Every one of ``diagnostics`` placed in this file; a JSON text is parsed once for
        all of them, by the evidence's own locator."""
        if not self.json:
            return [self.diagnostic(d) for d in diagnostics]
        from audit.jsontext import JsonSyntaxError, locate

        here = [self._here(d) for d in diagnostics]
        try:
            return locate(self.text, here, self.display)
        except (JsonSyntaxError, RecursionError):  # Python's json reads NaN; ours does not
            return here

    def diagnostic(self, diag: Diagnostic) -> Diagnostic:
        """``diag`` placed in this file."""
        if self.json:
            return self.place([diag])[0]
        line, col = self.locate(diag.path or ())
        return replace(self._here(diag), line=line, col=col)

    def _here(self, diag: Diagnostic) -> Diagnostic:
        """``diag`` as a problem of this file, not yet located."""
        args = diag.args
        if self.json:  # a TOML table is a JSON object
            args = {
                k: _object_not_table(v) if k in ("expected", "got") else v for k, v in args.items()
            }
        return Diagnostic(
            code=diag.code,
            args=args,
            severity=diag.severity,
            file=self.display,
            path=diag.path,
            at=diag.at,
            style="json" if self.json else "toml",
        )


def _object_not_table(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(_object_not_table(v) for v in value)
    return "object" if value == "table" else value


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
        at_line, at_col = (int(m.group(1)), int(m.group(2))) if m else _end_of(text, message)
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


def _end_of(text: str, message: str) -> tuple[int | None, int | None]:
    """Where tomllib's "(at end of document)" is: just after the last character of the last
    line that has one (a file cut short, an unterminated string)."""
    if "at end of document" not in message:
        return None, None
    lines = text.rstrip("\r\n").split("\n")
    return len(lines), len(lines[-1].rstrip("\r")) + 1


def validate_model(source: TomlSource, model: type[M], data: Any = None) -> M:
    """Validate ``source.data`` (or ``data``) as ``model``; raise located diagnostics."""
    payload = source.data if data is None else data
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        placed = source.place(pydantic_diagnostics(exc, payload, model))
        diagnostics = sorted(placed, key=lambda d: (d.line or 0, d.col or 0))
        raise ConfigError(f"{source.display}: invalid", diagnostics=diagnostics) from None
