"""Dates and times as people type them into spreadsheet text cells."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# How people type a date into a text cell: 2020年3月5日, 2020/3/5, 2020.3.5, 2020-3-5 (year,
# month, day in that order: no form with the day first is taken, as it could be misread).
_DAY = r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?"
_WRITTEN_DAY = re.compile(_DAY + r"\Z")
_WRITTEN_STAMP = re.compile(
    _DAY + r"\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?\s*[分秒]?\Z"
)


def written_day(text: str) -> dt.date | None:
    """A date typed as text in an ISO or a common Chinese form (None if not a date);
    full-width digits and separators as their ASCII forms (２０２０－０９－１５)."""
    text = unicodedata.normalize("NFKC", text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        found = _WRITTEN_DAY.match(text)
    try:
        return dt.date(*map(int, found.groups())) if found else None
    except ValueError:  # 2020年2月30日
        return None


def written_stamp(text: str) -> dt.datetime | None:
    """A date-time typed in a common Chinese form (2020年7月5日 10:00), without an offset,
    or in ISO 8601 with its "T" (2020-03-02T10:30:00); None if neither."""
    found = _WRITTEN_STAMP.match(unicodedata.normalize("NFKC", text))
    if found is None:
        try:
            return dt.datetime.fromisoformat(text) if "T" in text.upper() else None
        except ValueError:
            return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in found.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


# Commas in a typed number group thousands, three digits at a time (1,200 and 1,200.50).
_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?")  # (0,125: a decimal comma)


def written_number(text: str) -> str | None:
    """The plain digits of a number typed into a text cell (for ``int`` or ``float``), or
    None when it is no number one can be sure of: a decimal comma (100,5), other grouping
    (1,00,000), a stray comma (100,) and Python's own extras (1_000, nan, inf), which
    ``float`` would take, silently making 100,5 into 1005 or 1_000 into 1000."""
    text = unicodedata.normalize("NFKC", text).strip()
    if "," in text:
        if _GROUPED.fullmatch(text) is None:
            return None
        text = text.replace(",", "")
    if "_" in text or not any(c.isdigit() for c in text):
        return None
    return text
