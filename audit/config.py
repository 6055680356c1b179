"""Reading TOML data files (checklists, laws, tailoring) into models with located errors."""

from __future__ import annotations

import ast
import errno
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from audit.diagnostics import Diagnostic, JsonPath
from audit.encoding import TooLarge, decode_text, read_capped
from audit.errors import ConfigError
from audit.jsontext import FULL_WIDTH
from audit.model_errors import pydantic_diagnostics
from audit.tomlpos import TomlPositions

M = TypeVar("M", bound=BaseModel)

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
# a key given a date written some other way than TOML's (YYYY-MM-DD, RFC 3339 date-times)
_DATE_LIKE = re.compile(r"^\s*[\w.\"'-]+\s*=\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d|\s*$)")


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
        return found if found else (1, 1)  # the file itself: a missing top-level table

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

    def positions(self, paths: list[JsonPath]) -> list[tuple[int | None, int | None]]:
        """Line and column of each of ``paths`` in this file (a JSON text parsed once)."""
        placed = self.place([Diagnostic("config.invalid", path=path) for path in paths])
        return [(d.line, d.col) for d in placed]

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


CONFIG_LIMIT = 64 << 20  # bytes read of a checklist, tailoring or attestation file


def read_toml(path: Path, *, display: str | None = None, json: bool = False) -> TomlSource:
    """Read and parse a TOML file (or, with ``json``, a strict JSON one); raise
    :class:`ConfigError` with the position on failure.

    Auditor files are checked as evidence is: the encoding named with a conversion hint,
    duplicate JSON keys, NaN and nesting deeper than 64 refused, and no string (key or
    value) may hide control or bidi characters ("Trojan Source" text in a report).
    """
    shown = display or str(path)
    try:
        raw = read_capped(path, CONFIG_LIMIT)
    except TooLarge:
        raise ConfigError(
            f"{shown}: too large",
            diagnostics=[
                Diagnostic("config.too-large", {"mb": CONFIG_LIMIT >> 20}, file=shown, style="toml")
            ],
        ) from None
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
                    "file.no-permission"
                    if exc.errno in (errno.EACCES, errno.EPERM)
                    else "file.link-loop"
                    if exc.errno == errno.ELOOP
                    else "file.unreadable",
                    {"reason": exc.strerror or str(exc)},
                    file=shown,
                    style="toml",
                )
            ],
        ) from None
    text, problem = decode_text(raw, shown)
    if problem is not None:
        if problem.code in ("encoding.binary", "encoding.workbook"):
            kind = problem.args.get("kind", "Excel")
            problem = Diagnostic("config.binary", {"kind": kind}, line=1, col=1)
        raise ConfigError(
            f"{shown}: not UTF-8 text",
            diagnostics=[replace(problem, file=shown, style="json" if json else "toml")],
        )
    data = _json_data(text, shown) if json else _toml_data(text, shown)
    source = TomlSource(path, shown, text, data, json=json)
    from audit.evidence.shape import Shape
    from audit.evidence.walker import Structure

    walker = Structure(Shape())  # as the x- members of evidence: every key and string
    walker.unread(data, ())
    if walker.problems:
        placed = sorted(source.place(walker.problems), key=Diagnostic.sort_key)
        raise ConfigError(f"{shown}: hidden text", diagnostics=placed)
    return source


def deep_position(text: str, limit: int = 64) -> tuple[int, int]:
    """Where the brackets and braces of a TOML or JSON text first nest ``limit`` deep
    (strings and comments skipped), as line and column; 1:1 if they never do."""
    depth, line, start, quote, i = 0, 1, 0, "", 0
    while i < len(text):
        char = text[i]
        if char == "\n":
            line, start = line + 1, i + 1
        elif quote:
            if char == "\\" and quote == '"':
                i += 1  # an escaped character, a quote included
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif char in "[{":
            depth += 1
            if depth >= limit:
                return line, i - start + 1
        elif char in "]}":
            depth -= 1
        i += 1
    return 1, 1


def _char_at(text: str, line: int, col: int) -> str:
    """The character at a 1-based line and column, or "" past the end."""
    lines = text.split("\n")
    if not 0 < line <= len(lines) or not 0 < col <= len(lines[line - 1]):
        return ""
    rest = lines[line - 1][col - 1 :].lstrip(" \t")  # the parser may point at the blank before
    return rest[:1]


def _toml_data(text: str, shown: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:  # arrays nested a thousand deep
        line, col = deep_position(text)
        too_deep = Diagnostic("config.too-deep", file=shown, style="toml", line=line, col=col)
        raise ConfigError(f"{shown}: nested too deeply", diagnostics=[too_deep]) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POSITION.search(message)
        detail = _TOML_POSITION.sub("", message).replace("(at end of document)", "").strip()
        at_line, at_col = (int(m.group(1)), int(m.group(2))) if m else _end_of(text, message)
        code, args = "toml.syntax", {"detail": _table_named(detail)}
        written = text.split("\n")[at_line - 1] if at_line else ""  # the line it stopped on
        key = written.split("=", 1)[0].strip() if "=" in written else ""
        if detail == "Cannot overwrite a value" and key:  # name the key, at its start
            code, args = "toml.duplicate-key", {"key": key}
            at_col = len(written) - len(written.lstrip()) + 1
        if _DATE_LIKE.match(written):  # 2020-7-14, 2020/07/14, 2020-07-14 10:00: TOML read
            # a number, then stumbled on the rest; said as the date it is, at its start
            code, args = "toml.syntax", {"detail": "Invalid date or datetime"}
            at_col = len(written) - len(written.split("=", 1)[1].lstrip()) + 1
        found = _char_at(text, at_line or 0, at_col or 0)
        if found in FULL_WIDTH:  # typed with a Chinese input method: say so, and what to type
            code, args = "json.full-width", {"char": found, "ascii": FULL_WIDTH[found]}
        raise ConfigError(
            f"{shown}: {message}",
            diagnostics=[
                Diagnostic(
                    code,
                    args,
                    file=shown,
                    line=at_line,
                    col=at_col,
                    style="toml",
                )
            ],
        ) from None


def _table_named(detail: str) -> str:
    """tomllib's "Cannot declare ('a', 'b') twice" with the table as it is written, [a.b]."""
    found = re.fullmatch(r"Cannot declare \((.*)\) twice", detail)
    if found is None:
        return detail
    try:
        parts = ast.literal_eval(f"({found.group(1)})")
    except (ValueError, SyntaxError):
        return detail
    return f"Cannot declare [{'.'.join(map(str, parts))}] twice"


def _json_data(text: str, shown: str) -> dict[str, Any]:
    """Strict JSON, as evidence is read: every syntax error and duplicate key located."""
    from audit.evidence.walker import json_type
    from audit.jsontext import JsonSyntaxError, LineIndex, noted, parse

    index = LineIndex(text)
    problems = []
    try:
        parsed = parse(text)
    except JsonSyntaxError as exc:
        line, col = index.position(exc.offset)
        args = exc.args_map
        problems.append(Diagnostic(exc.code, args, path=exc.path, line=line, col=col))
        if exc.parsed is not None:  # duplicates before the error are problems too
            problems += noted(exc.parsed, index, shown)
    else:
        problems += noted(parsed, index, shown)
    if problems:
        diagnostics = sorted(
            (replace(p, file=shown, style="json") for p in problems), key=Diagnostic.sort_key
        )
        raise ConfigError(f"{shown}: not valid JSON", diagnostics=diagnostics)
    if not isinstance(parsed.value, dict):
        got = json_type(parsed.value)
        raise ConfigError(
            f"{shown}: not a JSON object",
            diagnostics=[
                Diagnostic(
                    "config.type",
                    {"expected": "object", "got": got},
                    file=shown,
                    path=(),
                    line=1,
                    col=1,
                    style="json",
                )
            ],
        )
    return parsed.value


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
    except RecursionError:  # TOML a few hundred levels deep: tomllib reads it, pydantic not
        line, col = deep_position(source.text)
        too_deep = Diagnostic(
            "config.too-deep", file=source.display, style="toml", line=line, col=col
        )
        raise ConfigError(f"{source.display}: nested too deeply", diagnostics=[too_deep]) from None
    except ValidationError as exc:
        placed = source.place(pydantic_diagnostics(exc, payload, model))
        diagnostics = sorted(placed, key=Diagnostic.sort_key)
        raise ConfigError(f"{source.display}: invalid", diagnostics=diagnostics) from None
