"""Recording a run in the history, and the ledger status of its findings."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from audit.engine.result import RunResult
from audit.history.db import connect
from audit.history.ledger import build_ledger
from audit.history.statuses import ledger_names
from audit.history.store import save_run
from audit.i18n import Lang


def mark_statuses(
    conn: sqlite3.Connection, result: RunResult, *, lang: Lang, run_id: int | None = None
) -> dict[str, str]:
    """Give the findings of stored run ``run_id`` their ledger line as it stood after that
    run, judged on its as-of date (``ledger_status`` and ``ledger_deadline``, for the
    machine formats), and return the statuses named in ``lang`` for the reports: overdue
    ones with their days, and the ledger's deadline where it is not the run's.

    A finding's own deadline is always the run's as-of date plus its rectification days
    (checklist.md), so a result depends on its evidence and as-of date only; a finding
    found again keeps the deadline it was first given in the ledger, which says so here.
    """
    entries = {e.finding: e for e in build_ledger(conn, as_of=result.as_of, up_to=run_id)}
    for finding in result.findings:
        entry = entries.get(finding.id)
        finding.ledger_status = entry.status if entry else None  # type: ignore[assignment]
        finding.ledger_deadline = entry.deadline if entry else None
        finding.ledger_reopened = entry.reopened if entry else None
    return ledger_names(result, lang)


def record_run(
    result: RunResult,
    db: Path,
    *,
    lang: Lang,
    quiet: bool = False,
    then: Callable[[dict[str, str]], object] | None = None,
) -> dict[str, str]:
    """Store the run; say where on stderr; return the ledger status of its findings (in
    ``lang``), which the findings also keep (``ledger_status``) for the machine formats.

    ``then(statuses)`` runs inside the run's transaction, before it commits: an output
    file written there that cannot be written (a full disk) stores nothing either, where
    a run stored and then not written was stored again by every retry."""
    conn = connect(db)
    found: dict[str, str] = {}

    def before_commit(run: int) -> None:
        # the statuses are read inside the run's own transaction: a history that cannot be
        # read (a row damaged by hand) stores nothing, rather than a run then an error
        found.update(mark_statuses(conn, result, lang=lang, run_id=run))
        if then is not None:
            then(found)

    try:
        run_id = save_run(conn, result, before_commit=before_commit)
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
