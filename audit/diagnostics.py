"""Diagnostics: located problems with an input file, rendered in either language."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

from audit.i18n import Lang
from audit.messages import render_message, visible

PathSegment = str | int
JsonPath = tuple[PathSegment, ...]

_PLAIN_KEY = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*\Z")


class Severity(StrEnum):
    """How bad a diagnostic is: errors make a file invalid, warnings do not (unless --strict)."""

    ERROR = "error"
    WARNING = "warning"


def format_path(path: Sequence[PathSegment], *, style: Literal["json", "toml"] = "json") -> str:
    """Render a path: ``$.records.penalty_decisions[3].decided`` or, for TOML, ``items[3].id``."""
    parts = ["$"] if style == "json" else []
    for segment in path:
        if isinstance(segment, int):
            parts.append(f"[{segment}]")
        elif _PLAIN_KEY.match(segment):
            parts.append(f".{segment}")
        else:
            escaped = segment.replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"['{visible(escaped)}']")  # a key with a newline stays one line
    text = "".join(parts)
    return text if style == "json" else text.removeprefix(".")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: what (``code`` + ``args``), where (file, JSON path, line, column), how bad.

    ``at`` says whether the position is that of the member's key (unknown or duplicate keys)
    or of its value. ``line``/``col`` are 1-based; columns count characters, not bytes.
    """

    code: str
    args: Mapping[str, Any] = field(default_factory=dict)
    severity: Severity = Severity.ERROR
    file: str | None = None
    path: JsonPath | None = None
    at: Literal["key", "value"] = "value"
    line: int | None = None
    col: int | None = None
    style: Literal["json", "toml"] = "json"

    def message(self, lang: Lang) -> str:
        """The message text in ``lang`` (without location)."""
        return render_message(self.code, lang, self.args)

    @property
    def path_text(self) -> str | None:
        """The JSON path as text, or None for file-level problems."""
        return None if self.path is None else format_path(self.path, style=self.style)

    def located(self, *, file: str | None = None, line: int | None, col: int | None) -> Diagnostic:
        """A copy with a position filled in."""
        return replace(self, file=file or self.file, line=line, col=col)

    def format(self, lang: Lang) -> str:
        """``file:line:col: $.path: message`` — the one-line form every text output uses."""
        return one_line(
            self.file,
            self.line,
            self.col,
            self.path_text,
            self.message(lang),
            warning=self.severity is Severity.WARNING,
            lang=lang,
        )

    def to_json(self) -> dict[str, Any]:
        """The problem as a JSON object, with the message in both languages."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "path": self.path_text,
            "severity": self.severity.value,
            "code": self.code,
            "message": {"zh": self.message("zh"), "en": self.message("en")},
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, then position."""
        return (self.file or "", self.line or 0, self.col or 0, self.code)


def position(file: str, line: int | None, col: int | None) -> str:
    """``file:line:col``, or just the file when no line is known."""
    return file if line is None else f"{file}:{line}:{col or 1}"


def one_line(
    file: str | None,
    line: int | None,
    col: int | None,
    path: str | None,
    text: str,
    *,
    warning: bool = False,
    lang: Lang = "en",
) -> str:
    """``file:line:col: $.path: message``, leaving out the parts not known."""
    parts = []
    if file is not None:  # a name with an escape or a newline must not drive the terminal
        parts.append(position(visible(file), line, col))
    if path:
        parts.append(path)
    if warning:
        text = ("警告：" if lang == "zh" else "warning: ") + text
    parts.append(text)
    return no_command(": ".join(parts))


def no_command(line: str) -> str:
    """``line`` not beginning a CI runner's workflow command (a file named
    ``::add-mask::x.json`` at the start of a message): ``::`` becomes ``: :``."""
    stripped = line.lstrip()
    if stripped.startswith("::"):
        return line[: len(line) - len(stripped)] + ": :" + stripped[2:]
    return line


def format_problem(problem: Mapping[str, Any], lang: Lang) -> str:
    """A problem kept in JSON (:meth:`Diagnostic.to_json`, as results carry them) in the
    one-line form."""
    return one_line(
        problem.get("file"),
        problem.get("line"),
        problem.get("column"),
        problem.get("path"),
        problem["message"]["zh" if lang == "zh" else "en"],
        warning=problem.get("severity") == "warning",
        lang=lang,
    )


def error(
    code: str, path: JsonPath | None = None, *, at: Literal["key", "value"] = "value", **args: Any
) -> Diagnostic:
    """Shorthand for an error diagnostic at ``path``."""
    return Diagnostic(code=code, args=args, path=path, at=at)


def warning(
    code: str, path: JsonPath | None = None, *, at: Literal["key", "value"] = "value", **args: Any
) -> Diagnostic:
    """Shorthand for a warning diagnostic at ``path``."""
    return Diagnostic(code=code, args=args, path=path, at=at, severity=Severity.WARNING)
