"""Storing runs and reading them back."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError

from audit.collector import gc_paused
from audit.diagnostics import Diagnostic, format_path
from audit.engine.result import RunResult
from audit.engine.stored import check_shapes, inconsistencies
from audit.errors import ConfigError, UsageError
from audit.faults import hold
from audit.history.db import english_columns, max_column, reads_rows, transaction


@dataclass(frozen=True)
class RunRow:
    """One stored run, as ``audit history`` lists it."""

    id: int
    created_at: str
    as_of: dt.date
    checklist: str
    model: str
    agencies: int
    findings: int
    invalid: int
    mean_score: float | None
    evaluator: str | None


def save_run(
    conn: sqlite3.Connection,
    result: RunResult,
    *,
    before_commit: Callable[[int], object] | None = None,
) -> int:
    """Store a whole run in one transaction; return its id. ``before_commit(run_id)`` runs
    inside it: if it fails (the history it reads is damaged), nothing is stored."""
    blob = zlib.compress(result.model_dump_json().encode("utf-8"), 6)
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO runs (created_at, tool_version, checklist_id, checklist_version, as_of,"
            " model, evaluator, tailoring_sha256, agencies, findings, invalid, mean_score, result)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                created,
                result.tool_version,
                result.checklist["id"],
                result.checklist["version"],
                result.as_of.isoformat(),
                result.model,
                result.evaluator,
                result.tailoring_sha256,
                len(result.agencies),
                len(result.findings),
                len(result.invalid),
                result.district.mean,
                blob,
            ),
        )
        run_id = int(cursor.lastrowid or 0)
        hold("hold-history-write")  # tests kill the run here, inside the transaction
        conn.executemany(
            "INSERT INTO run_files (run_id, file, sha256, agency, valid) VALUES (?, ?, ?, ?, ?)",
            [(run_id, f.file, f.sha256, f.agency, int(f.valid)) for f in result.evidence],
        )
        conn.executemany(
            "INSERT INTO agency_scores (run_id, agency, name, period_start, period_end, score,"
            " score_without_exemptions, grade, name_en, grade_en, max_score)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    run_id,
                    a.code,
                    a.name,
                    a.period["start"].isoformat(),
                    a.period["end"].isoformat(),
                    a.score,
                    a.score_without_exemptions,
                    a.grade,
                    a.name_en,
                    a.grade_en,
                    a.max_score,
                )
                for a in result.agencies
            ],
        )
        conn.executemany(
            "INSERT INTO section_scores VALUES (?, ?, ?, ?, ?, ?)",
            [
                (run_id, a.code, s.id, s.score, s.earned, s.possible)
                for a in result.agencies
                for s in a.sections
            ],
        )
        conn.executemany(
            "INSERT INTO item_outcomes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (run_id, a.code, i.id, i.outcome, i.credit, i.earned, i.points, i.severity)
                for a in result.agencies
                for i in a.items
            ],
        )
        conn.executemany(
            "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    run_id,
                    f.id,
                    f.agency,
                    f.item,
                    f.severity,
                    f.outcome,
                    f.deadline.isoformat(),
                    f.responsible.unit,
                    f.responsible.person,
                    f.responsible.leader,
                    f.model_dump_json(),
                )
                for f in result.findings
            ],
        )
        if before_commit is not None:
            before_commit(run_id)
    return run_id


def latest_after(conn: sqlite3.Connection, day: dt.date) -> tuple[int, str] | None:
    """The run (id, as-of date) speaking for the latest date after ``day``, if any."""
    row = conn.execute(
        "SELECT id, as_of FROM runs WHERE as_of > ? ORDER BY as_of DESC, id DESC LIMIT 1",
        (day.isoformat(),),
    ).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


@reads_rows
def list_runs(conn: sqlite3.Connection) -> list[RunRow]:
    """Every stored run, oldest first."""
    rows = conn.execute(
        "SELECT id, created_at, as_of, checklist_id || ' ' || checklist_version, model,"
        " agencies, findings, invalid, mean_score, evaluator FROM runs ORDER BY id"
    ).fetchall()
    return [
        RunRow(
            r[0],
            r[1],
            dt.date.fromisoformat(r[2]),
            r[3],
            r[4],
            int(r[5]),
            int(r[6]),
            int(r[7]),
            stored_number(r[8]),
            r[9],
        )
        for r in rows
    ]


def stored_number(value: object) -> float | None:
    """A stored score: a number, or None; anything else (a row edited by hand) raises
    ValueError, which :func:`reads_rows` reports as a damaged history."""
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    raise ValueError(f"{value!r} is not a score")


def resolve_run(conn: sqlite3.Connection, ref: str) -> int:
    """A run id from ``N``, ``latest`` or ``previous``: ``latest`` is the run that speaks
    for the latest as-of date (the last stored among equals), ``previous`` the one before
    it, in the order the ledger takes runs (a back-filled older period is not "latest")."""
    ids = [row[0] for row in conn.execute("SELECT id FROM runs ORDER BY as_of, id")]
    if not ids:
        raise UsageError("the history is empty", diagnostics=[Diagnostic("history.empty")])
    if ref == "latest":
        return int(ids[-1])
    if ref == "previous":
        if len(ids) < 2:
            raise UsageError(
                "no previous run",
                diagnostics=[Diagnostic("history.no-previous", {"run": ids[-1]})],
            )
        return int(ids[-2])
    if ref.isdigit() and int(ref) in ids:
        return int(ref)
    raise UsageError(f"no run {ref}", diagnostics=[unknown_run(ref, sorted(ids))])


def unknown_run(ref: str, ids: list[int]) -> Diagnostic:
    """No run ``ref``: which ids there are, and the likely one (``lastest`` → ``latest``)."""
    from audit.i18n import did_you_mean

    gaps = ids != list(range(ids[0], ids[-1] + 1))  # runs deleted in between: name them
    if len(ids) == 1:
        known = str(ids[0])
    elif gaps and len(ids) <= 12:
        known = ", ".join(map(str, ids))
    else:
        known = f"{ids[0]}–{ids[-1]}"
    suggestion = did_you_mean(ref, ["latest", "previous"])
    args = {"run": ref, "known": known, "suggestion": suggestion}
    return Diagnostic("history.unknown-run", args)


def load_result(conn: sqlite3.Connection, run_id: int) -> RunResult:
    """The stored result of a run."""
    row = conn.execute("SELECT result FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        ids = [r[0] for r in conn.execute("SELECT id FROM runs ORDER BY id")]
        raise UsageError(f"no run {run_id}", diagnostics=[unknown_run(str(run_id), ids)])
    try:
        with gc_paused():  # millions of acyclic objects: see audit.collector
            stored = zlib.decompress(row[0])
            result = RunResult.model_validate_json(stored)
            check_shapes(stored)  # what inconsistencies() reads: a grade's name, a problem
    except (zlib.error, TypeError, ValueError) as exc:  # ValidationError is a ValueError
        if isinstance(exc, ValidationError):  # where the stored JSON stops being a result
            first = exc.errors()[0]
            detail = f"{'.'.join(map(str, first['loc']))}: {first['type']}"
        else:
            detail = str(exc)
        raise _damaged(run_id, detail) from None
    # what a result file read back is refused for (a score of NaN or 999, a name nothing
    # defines): reports index and round it, and stopped in an internal error
    problems = inconsistencies(result)
    if problems:
        # where, and the value, in either language (the messages' own advice is for files)
        problem = problems[0]
        raise _damaged(run_id, f"{format_path(problem.path or ())} = {problem.args['value']}")
    return result


def _damaged(run_id: int, detail: str) -> ConfigError:
    return ConfigError(
        f"run {run_id} is damaged",
        diagnostics=[Diagnostic("history.run-damaged", {"run": run_id, "detail": detail})],
    )


@reads_rows
def score_trend(conn: sqlite3.Connection, agency: str | None) -> list[dict[str, object]]:
    """Scores per run (and per section), for ``audit history --agency``."""
    query = (
        "SELECT a.run_id, r.as_of, a.agency, a.name, a.score, a.grade, a.period_start,"
        f" a.period_end, {english_columns(conn)}, {max_column(conn)} FROM agency_scores a"
        " JOIN runs r ON r.id = a.run_id"
    )
    args: tuple[str, ...] = ()
    if agency:
        query += " WHERE a.agency = ?"
        args = (agency,)
    # in the order of the days the audits speak for, as the ledger takes them
    rows = conn.execute(query + " ORDER BY a.agency, r.as_of, a.run_id", args).fetchall()
    sections = conn.execute(
        "SELECT run_id, agency, section, score FROM section_scores"
        + (" WHERE agency = ?" if agency else ""),
        args,
    ).fetchall()
    by_key: dict[tuple[int, str], dict[str, float | None]] = {}
    for run_id, code, section, score in sections:
        by_key.setdefault((run_id, code), {})[section] = stored_number(score)
    return [
        {
            "run": r[0],
            "as_of": r[1],
            "agency": r[2],
            "name": r[3],
            "score": stored_number(r[4]),
            "grade": r[5],
            "period": f"{r[6]} – {r[7]}",
            "name_en": r[8],
            "grade_en": r[9],
            # a flat model's points are read against it; None in a history kept before it
            "max_score": stored_number(r[10]),
            "sections": by_key.get((r[0], r[2]), {}),
        }
        for r in rows
    ]


def dumps(value: object) -> str:
    """JSON for the terminal-free formats."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n"


def require_agency(conn: sqlite3.Connection, agency: str) -> None:
    """Refuse an agency code no stored run has audited (a typo), with a suggestion."""
    known = [row[0] for row in conn.execute("SELECT DISTINCT agency FROM agency_scores")]
    if agency not in known:
        from audit.i18n import did_you_mean

        raise UsageError(
            f"no runs for agency {agency}",
            diagnostics=[
                Diagnostic(
                    "history.unknown-agency",
                    {"agency": agency, "suggestion": did_you_mean(agency, known)},
                )
            ],
        )
