"""The ledger as plain text, Markdown or HTML."""

from __future__ import annotations

from audit.history.ledger import Entry
from audit.i18n import Lang
from audit.renderers.blocks_html import to_html
from audit.renderers.blocks_text import to_markdown, to_plain
from audit.reports.history_views import ledger_view
from audit.reports.labels import label


def plain(entries: list[Entry], lang: Lang) -> str:
    """Plain text."""
    return to_plain(ledger_view(entries, lang))


def markdown(entries: list[Entry], lang: Lang) -> str:
    """Markdown."""
    return to_markdown(ledger_view(entries, lang))


def html(entries: list[Entry], lang: Lang) -> str:
    """A self-contained HTML page."""
    return to_html(ledger_view(entries, lang), lang, title=label("ledger.title", lang))
