"""The run summary as plain text (no colour; for pipes, logs and mail)."""

from __future__ import annotations

from audit.engine.result import RunResult
from audit.i18n import Lang
from audit.renderers.blocks_text import to_plain
from audit.reports.summary import summary


def render(result: RunResult, lang: Lang) -> str:
    """The summary blocks as text."""
    return to_plain(summary(result, lang))
