"""Showing a result: the terminal view on a TTY, any format to stdout or a file."""

import sys
from pathlib import Path

from audit.cli.options import Color, console, emit
from audit.engine.result import RunResult
from audit.formats import RunFormat
from audit.i18n import Lang


def show_result(
    result: RunResult, fmt: RunFormat | None, lang: Lang, *, output: Path | None, color: Color
) -> None:
    """Print ``result`` (or write it to ``output``) in ``fmt``."""
    from audit.renderers.run import render

    if fmt is None:
        fmt = RunFormat.TERMINAL if output is None and sys.stdout.isatty() else RunFormat.PLAIN
    if fmt is RunFormat.TERMINAL and output is None:
        from audit.renderers.run.terminal import print_blocks
        from audit.reports.summary import summary

        print_blocks(summary(result, lang), console(color=color))
        return
    emit(render(result, fmt, lang), output)
