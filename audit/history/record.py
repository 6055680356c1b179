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


def ledger_statuses(
    conn: sqlite3.Connection, result: RunResult, *, run_id: int | None = None
) -> dict[str, str]:
    """Ledger status of each finding of ``result``, judged on its as-of date with the runs
    up to ``run_id`` (the ledger as it stood when that run was made)."""
    entries = {e.finding: e for e in build_ledger(conn, as_of=result.as_of, up_to=run_id)}
    return {f.id: entries[f.id].status for f in result.findings if f.id in entries}


def statuses(
    conn: sqlite3.Connection, result: RunResult, *, lang: Lang, run_id: int | None = None
) -> dict[str, str]:
    """:func:`ledger_statuses` named in ``lang``."""
    found = ledger_statuses(conn, result, run_id=run_id)
    return {finding: status_name(status, lang) for finding, status in found.items()}


def keep_open_deadlines(conn: sqlite3.Connection, result: RunResult) -> None:
    """A finding still open from an earlier run keeps the deadline it was given then: a new
    run does not push it back (the ledger's rule, applied to the run's own findings)."""
    before = {e.finding: e for e in build_ledger(conn, as_of=result.as_of)}
    for finding in result.findings:
        entry = before.get(finding.id)
        if entry is not None and entry.status in FAILING_STATUSES:
            finding.deadline = min(finding.deadline, entry.deadline)


def record_run(result: RunResult, db: Path, *, lang: Lang, quiet: bool = False) -> dict[str, str]:
    """Store the run; say where on stderr; return the ledger status of its findings (in
    ``lang``), which the findings also keep (``ledger_status``) for the machine formats."""
    conn = connect(db)
    try:
        keep_open_deadlines(conn, result)
        run_id = save_run(conn, result)
        found = ledger_statuses(conn, result, run_id=run_id)
    finally:
        conn.close()
    for finding in result.findings:
        finding.ledger_status = found.get(finding.id)  # type: ignore[assignment]
    if not quiet:
        text = (
            f"已存入审计历史：第 {run_id} 次（{db}）"
            if lang == "zh"
            else f"stored in the history as run {run_id} ({db})"
        )
        sys.stderr.write(text + "\n")
    return {finding: status_name(status, lang) for finding, status in found.items()}
