"""The ledger as CSV (UTF-8 with BOM), formula-safe."""

from __future__ import annotations

import csv
import io

from audit.history.ledger import Entry
from audit.i18n import Lang
from audit.renderers.run.csv_table import safe
from audit.reports.history_views import LEDGER_HEADERS, ledger_row
from audit.reports.labels import label


def render(entries: list[Entry], lang: Lang) -> str:
    """One row per finding."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label(h, lang) for h in LEDGER_HEADERS])
    for entry in entries:
        writer.writerow([safe(cell) for cell in ledger_row(entry, lang)])
    return "\ufeff" + buffer.getvalue()
