"""Reports as one self-contained, printable HTML page with inline SVG charts."""

from __future__ import annotations

from collections.abc import Mapping

from audit.engine.result import RunResult
from audit.formats import Report
from audit.i18n import Lang
from audit.renderers.blocks_html import to_html
from audit.reports.select import report_blocks, report_title


def render(
    result: RunResult,
    lang: Lang,
    *,
    report: Report = Report.ALL,
    status: Mapping[str, str] | None = None,
) -> str:
    """The chosen report as an HTML document."""
    return to_html(
        report_blocks(result, report, lang, status=status),
        lang,
        title=report_title(result, report, lang),
    )
