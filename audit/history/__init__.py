"""The audit history: every run in SQLite, and the rectification ledger (整改台账) built from it."""

from pathlib import Path

DEFAULT_DB = Path(".audit") / "history.sqlite"


def history_path(db: Path | None) -> Path:
    """The history database a command uses: ``--db``, or the default in the working folder."""
    return db or DEFAULT_DB
