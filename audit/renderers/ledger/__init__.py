"""Renderers of the rectification ledger: text formats from blocks; CSV, JSON and Excel."""

from __future__ import annotations

import datetime as dt

from audit.formats import LedgerFormat
from audit.history.ledger import Entry
from audit.i18n import Lang
from audit.renderers import resolve

RENDERERS: dict[LedgerFormat, str] = {
    LedgerFormat.PLAIN: "audit.renderers.ledger.text:plain",
    LedgerFormat.TERMINAL: "audit.renderers.ledger.text:plain",
    LedgerFormat.MARKDOWN: "audit.renderers.ledger.text:markdown",
    LedgerFormat.HTML: "audit.renderers.ledger.text:html",
    LedgerFormat.CSV: "audit.renderers.ledger.csv_table:render",
    LedgerFormat.JSON: "audit.renderers.ledger.json_list:render",
    LedgerFormat.XLSX: "audit.renderers.ledger.xlsx:render",
}


def render(entries: list[Entry], fmt: LedgerFormat, lang: Lang, *, as_of: dt.date) -> str | bytes:
    """The ledger in ``fmt`` (bytes for Excel), judged on ``as_of``: every format says so,
    since the statuses and the days overdue depend on it."""
    rendered: str | bytes = resolve(RENDERERS[fmt])(entries, lang, as_of)
    return rendered
