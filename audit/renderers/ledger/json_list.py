"""The ledger as JSON (both languages)."""

from __future__ import annotations

import datetime as dt
import json

from audit.history.ledger import Entry
from audit.i18n import Lang


def render(entries: list[Entry], lang: Lang, as_of: dt.date) -> str:
    """``{"format": "tj-audit/ledger@1", "as_of": …, "entries": [...]}``."""
    del lang
    entries_json = [e.to_json() for e in entries]
    doc = {"format": "tj-audit/ledger@1", "as_of": as_of.isoformat(), "entries": entries_json}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
