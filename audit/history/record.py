"""Recording a run in the history, and the ledger status of its findings."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from audit.engine.result import RunResult
from audit.history.db import connect
from audit.history.ledger import FAILING_STATUSES, build_ledger, status_name
from audit.history.store import save_run
from audit.i18n import Lang


def keep_open_deadlines(conn: sqlite3.Connection, result: RunResult) -> None:
    """A finding still open from an earlier run keeps the deadline it was given then: a new
    run neither pushes it back nor, run with an earlier as-of date, brings it forward (the
    ledger's rule, applied to the run's own findings, so both show one deadline)."""
    before = {e.finding: e for e in build_ledger(conn, as_of=result.as_of)}
    for finding in result.findings:
        entry = before.get(finding.id)
        if entry is not None and entry.status in FAILING_STATUSES:
            finding.deadline = entry.deadline


def mark_statuses(
    conn: sqlite3.Connection, result: RunResult, *, lang: Lang, run_id: int | None = None
) -> dict[str, str]:
    """Give the findings of stored run ``run_id`` their ledger status as it stood after that
    run, judged on its as-of date (``ledger_status``, for the machine formats), and return
    the statuses named in ``lang``, overdue ones with their days (for the reports)."""
    entries = {e.finding: e for e in build_ledger(conn, as_of=result.as_of, up_to=run_id)}
    named: dict[str, str] = {}
    for finding in result.findings:
        entry = entries.get(finding.id)
        finding.ledger_status = entry.status if entry else None  # type: ignore[assignment]
        if entry is not None:
            named[finding.id] = status_name(entry.status, lang)
            if entry.days_overdue:
                days = entry.days_overdue
                named[finding.id] += f"（{days} 天）" if lang == "zh" else f" ({days} days)"
    return named


def record_run(result: RunResult, db: Path, *, lang: Lang, quiet: bool = False) -> dict[str, str]:
    """Store the run; say where on stderr; return the ledger status of its findings (in
    ``lang``), which the findings also keep (``ledger_status``) for the machine formats."""
    conn = connect(db)
    try:
        keep_open_deadlines(conn, result)
        run_id = save_run(conn, result)
        found = mark_statuses(conn, result, lang=lang, run_id=run_id)
    finally:
        conn.close()
    if not quiet:
        text = (
            f"已存入审计历史：第 {run_id} 次（{db}）"
            if lang == "zh"
            else f"stored in the history as run {run_id} ({db})"
        )
        sys.stderr.write(text + "\n")
    return found
