"""The ledger as CSV (UTF-8 with BOM), formula-safe."""

from __future__ import annotations

import csv
import datetime as dt
import io

from audit.history.ledger import Entry
from audit.i18n import Lang
from audit.renderers.run.csv_table import safe
from audit.reports.history_views import ledger_headers, ledger_row


def render(entries: list[Entry], lang: Lang, as_of: dt.date) -> str:
    """One row per finding (the days overdue say to which date they are counted)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ledger_headers(lang, as_of))
    for entry in entries:
        writer.writerow([safe(cell) for cell in ledger_row(entry, lang)])
    return "\ufeff" + buffer.getvalue()
