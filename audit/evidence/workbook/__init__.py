"""Evidence as an Excel workbook and back, because agencies keep their ledgers in Excel/WPS.

One sheet for the agency, one for facts, one per record set, one for documents, one for the
item claims. Row 1 holds the machine keys, row 2 the bilingual headers, data starts on row 3.
Cells get data validation (booleans, dates, numbers, lists). Reading a workbook back turns
every bad cell into a located problem: ``facts!E4: not a date (2020-02-30)``, and remembers
which cell each JSON value came from, so problems found in the converted document are
reported at their cells too. ``x-`` extension keys travel as JSON text: rows of the agency
sheet (top level and ``agency``), extra columns of the record and item sheets.
"""

from audit.evidence.workbook.layout import AGENCY_SHEET
from audit.evidence.workbook.reader import (
    Imported,
    at_cells,
    from_workbook,
    not_carried,
    open_book,
)
from audit.evidence.workbook.writer import inexact_cells, to_workbook, trimmed_cells

__all__ = [
    "AGENCY_SHEET",
    "Imported",
    "at_cells",
    "from_workbook",
    "inexact_cells",
    "not_carried",
    "open_book",
    "to_workbook",
    "trimmed_cells",
]
