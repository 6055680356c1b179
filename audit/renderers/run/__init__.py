"""Renderers of audit results (``audit run`` and ``audit report``): one module per format.

Text formats (terminal, plain, markdown, html) render report blocks; json, csv, junit and
sarif render the result itself. Adding a format is one module and one line here.
"""

from __future__ import annotations

from collections.abc import Mapping

from audit.engine.result import RunResult
from audit.formats import Report, RunFormat
from audit.i18n import Lang
from audit.renderers import resolve

RENDERERS: dict[RunFormat, str] = {
    RunFormat.TERMINAL: "audit.renderers.run.terminal:render",
    RunFormat.PLAIN: "audit.renderers.run.plain:render",
    RunFormat.MARKDOWN: "audit.renderers.run.markdown:render",
    RunFormat.HTML: "audit.renderers.run.html:render",
    RunFormat.JSON: "audit.renderers.run.json_result:render",
    RunFormat.CSV: "audit.renderers.run.csv_table:render",
    RunFormat.JUNIT: "audit.renderers.run.junit:render",
    RunFormat.SARIF: "audit.renderers.run.sarif:render",
}

# Which report a text format shows when none is asked for.
DEFAULT_REPORT = {RunFormat.TERMINAL: Report.SUMMARY, RunFormat.PLAIN: Report.SUMMARY}

# What ``audit demo`` writes into its reports folder: (file name, format, report).
REPORT_FILES: list[tuple[str, RunFormat, Report]] = [
    ("result.json", RunFormat.JSON, Report.ALL),
    ("summary.txt", RunFormat.PLAIN, Report.SUMMARY),
    ("compliance.html", RunFormat.HTML, Report.COMPLIANCE),
    ("compliance.md", RunFormat.MARKDOWN, Report.COMPLIANCE),
    ("accountability.html", RunFormat.HTML, Report.ACCOUNTABILITY),
    ("accountability.md", RunFormat.MARKDOWN, Report.ACCOUNTABILITY),
    ("district.html", RunFormat.HTML, Report.DISTRICT),
    ("district.md", RunFormat.MARKDOWN, Report.DISTRICT),
    ("report.html", RunFormat.HTML, Report.ALL),
    ("results.csv", RunFormat.CSV, Report.ALL),
    ("results.sarif", RunFormat.SARIF, Report.ALL),
    ("results.junit.xml", RunFormat.JUNIT, Report.ALL),
]


def render(
    result: RunResult,
    fmt: RunFormat,
    lang: Lang,
    *,
    report: Report | None = None,
    status: Mapping[str, str] | None = None,
) -> str | bytes:
    """``result`` in format ``fmt`` (text, or bytes for formats with a byte-order mark)."""
    if fmt is RunFormat.TERMINAL:
        fmt = RunFormat.PLAIN  # a file or a pipe gets no colour codes
    from audit.reports.labels import scored_against

    chosen = report or DEFAULT_REPORT.get(fmt, Report.ALL)
    with scored_against(result):
        rendered: str | bytes = resolve(RENDERERS[fmt])(result, lang, report=chosen, status=status)
    return rendered
