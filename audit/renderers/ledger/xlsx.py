"""The ledger as a real Excel workbook (openpyxl): 整改台账 columns, frozen header, widths.

Dates are date cells; long texts wrap; the header filters. Text cells that Excel would take
for formulas are neutralised like the CSV.
"""

from __future__ import annotations

import datetime as dt
import io

from audit.history.ledger import Entry
from audit.i18n import Lang
from audit.messages import visible
from audit.renderers.run.csv_table import safe
from audit.reports.history_views import LEDGER_HEADERS, ledger_headers, ledger_row
from audit.reports.labels import label

WIDTHS = {
    "finding": 22,
    "agency": 24,
    "issue": 48,
    "basis": 36,
    "severity": 8,
    "responsible": 26,
    "remedy": 48,
    "liability": 36,
    "deadline": 12,
    "status": 14,
    "days_overdue": 10,
    "first_found": 18,
    "last_checked": 18,
    "rectified": 26,
    "closed_by": 12,
    "closed_at": 12,
    "closing_evidence": 30,
}
DATE_COLUMNS = frozenset({"deadline", "closed_at"})


def render(entries: list[Entry], lang: Lang, as_of: dt.date) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = label("ledger.title", lang)
    sheet.append(ledger_headers(lang, as_of))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for number, entry in enumerate(entries, start=2):
        row: list[object] = []
        for header, text in zip(LEDGER_HEADERS, ledger_row(entry, lang), strict=True):
            if header in DATE_COLUMNS and text:
                row.append(dt.date.fromisoformat(text[:10]))
            elif header == "days_overdue" and text:
                row.append(int(text))
            elif ILLEGAL_CHARACTERS_RE.search(text):  # a closure stored before they were refused
                row.append(ILLEGAL_CHARACTERS_RE.sub(lambda c: visible(c.group()), text))
            else:
                row.append(text)
        sheet.append(row)
        for column, value in enumerate(row, start=1):  # (sheet.max_row scans every cell)
            if not isinstance(value, str) or safe(value) == value:
                continue
            # text, never a formula: stored as a string (openpyxl would write a formula) and
            # marked as Excel marks a typed apostrophe, which it does not show
            cell = sheet.cell(row=number, column=column)
            cell.data_type = "s"
            cell.quotePrefix = True
    for index, header in enumerate(LEDGER_HEADERS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(header, 14)
        for cell in sheet[letter][1:]:
            cell.alignment = wrap
            if header in DATE_COLUMNS:
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
