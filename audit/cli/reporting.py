"""Showing a result: the terminal view on a TTY, any format to stdout or a file."""

import sys
from collections.abc import Mapping
from pathlib import Path

from audit.cli.options import Color, console, emit, format_for
from audit.collector import gc_paused
from audit.engine.result import RunResult
from audit.formats import Report, RunFormat
from audit.i18n import Lang


# reports are built of acyclic blocks and tables: the collector walked them to no end (5 of
# 26 s of a Markdown report of 8,000 agencies; see audit.collector)
@gc_paused()
def show_result(
    result: RunResult,
    fmt: RunFormat | None,
    lang: Lang,
    *,
    output: Path | None,
    color: Color,
    report: Report | None = None,
    status: Mapping[str, str] | None = None,
) -> None:
    """Print ``result`` (or write it to ``output``) in ``fmt``."""
    from audit.renderers.run import DEFAULT_REPORT, render

    if fmt is None:  # the --output file's extension, else the terminal view on a TTY
        shown = RunFormat.TERMINAL if output is None and sys.stdout.isatty() else RunFormat.PLAIN
        fmt = format_for(output, RunFormat, shown)
    if fmt is RunFormat.TERMINAL and output is None:
        from audit.renderers.run.terminal import print_blocks
        from audit.reports.labels import scored_against
        from audit.reports.select import report_blocks

        chosen = report or DEFAULT_REPORT[RunFormat.TERMINAL]
        with scored_against(result):
            blocks = report_blocks(result, chosen, lang, status=status)
            print_blocks(blocks, console(color=color))
        return
    rendered = render(result, fmt, lang, report=report, status=status)
    if isinstance(rendered, bytes):  # pragma: no cover - every renderer returns text today
        rendered = rendered.decode("utf-8")
    emit(rendered, output)
