"""The audit history: every run in SQLite, and the rectification ledger (整改台账) built from it."""

from pathlib import Path

DEFAULT_DB = Path(".audit") / "history.sqlite"
