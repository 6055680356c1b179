"""The ledger as plain text, Markdown or HTML."""

from __future__ import annotations

import datetime as dt

from audit.history.ledger import Entry
from audit.i18n import Lang
from audit.renderers.blocks_html import to_html
from audit.renderers.blocks_text import to_markdown, to_plain
from audit.reports.history_views import ledger_view
from audit.reports.labels import label


def plain(entries: list[Entry], lang: Lang, as_of: dt.date) -> str:
    """Plain text."""
    return to_plain(ledger_view(entries, lang, as_of=as_of))


def markdown(entries: list[Entry], lang: Lang, as_of: dt.date) -> str:
    """Markdown."""
    return to_markdown(ledger_view(entries, lang, as_of=as_of))


def html(entries: list[Entry], lang: Lang, as_of: dt.date) -> str:
    """A self-contained HTML page."""
    return to_html(ledger_view(entries, lang, as_of=as_of), lang, title=label("ledger.title", lang))
