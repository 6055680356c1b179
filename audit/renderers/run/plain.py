"""Reports as plain text (no colour; for pipes, logs and mail)."""

from __future__ import annotations

from collections.abc import Mapping

from audit.engine.result import RunResult
from audit.formats import Report
from audit.i18n import Lang
from audit.renderers.blocks_text import to_plain
from audit.reports.select import report_blocks


def render(
    result: RunResult,
    lang: Lang,
    *,
    report: Report = Report.SUMMARY,
    status: Mapping[str, str] | None = None,
) -> str:
    """The chosen report's blocks as text."""
    return to_plain(report_blocks(result, report, lang, status=status))
