"""Reports as Markdown (tables by tabulate), for wikis, mail and merge requests."""

from __future__ import annotations

from collections.abc import Mapping

from audit.engine.result import RunResult
from audit.formats import Report
from audit.i18n import Lang
from audit.renderers.blocks_text import to_markdown
from audit.reports.select import report_blocks


def render(
    result: RunResult,
    lang: Lang,
    *,
    report: Report = Report.ALL,
    status: Mapping[str, str] | None = None,
) -> str:
    """The chosen report's blocks as Markdown."""
    return to_markdown(report_blocks(result, report, lang, status=status))
