"""Renderers of audit results (``audit run`` and ``audit report``): one module per format."""

from __future__ import annotations

from audit.engine.result import RunResult
from audit.formats import RunFormat
from audit.i18n import Lang
from audit.renderers import resolve

RENDERERS: dict[RunFormat, str] = {
    RunFormat.TERMINAL: "audit.renderers.run.terminal:render",
    RunFormat.PLAIN: "audit.renderers.run.plain:render",
    RunFormat.JSON: "audit.renderers.run.json_result:render",
}


# What ``audit demo`` writes into its reports folder: (file name, format).
REPORT_FILES: list[tuple[str, RunFormat]] = [
    ("result.json", RunFormat.JSON),
    ("summary.txt", RunFormat.PLAIN),
]


def render(result: RunResult, fmt: RunFormat, lang: Lang) -> str:
    """``result`` in format ``fmt``."""
    text: str = resolve(RENDERERS[fmt])(result, lang)
    return text


def render_file(result: RunResult, fmt: RunFormat, lang: Lang) -> str:
    """``result`` rendered for a file (the terminal format is written as plain text)."""
    return render(result, RunFormat.PLAIN if fmt is RunFormat.TERMINAL else fmt, lang)
