"""The ledger as JSON (both languages)."""

from __future__ import annotations

import json

from audit.history.ledger import Entry
from audit.i18n import Lang


def render(entries: list[Entry], lang: Lang) -> str:
    """``{"format": "tj-audit/ledger@1", "entries": [...]}``."""
    del lang
    doc = {"format": "tj-audit/ledger@1", "entries": [e.to_json() for e in entries]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
