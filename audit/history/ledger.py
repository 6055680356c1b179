"""The rectification ledger (整改台账): every finding across runs, with its status.

A finding (``<agency>/<item>``) is

- 待整改 open — found in the latest run of its agency, for the first time;
- 整改中 in progress — still failing when new evidence was audited (a later period, or the
  same period submitted again), deadline not yet passed; auditing the very same evidence
  file again is no progress;
- 逾期 overdue — still failing after its rectification deadline (days overdue counted);
- 已整改待验收 rectified — the item passes in a later run of the agency (for the same or a
  later period), awaiting verification;
- 已销号 closed — an auditor verified the rectification (``audit ledger close``).

A later run in which the item is not applicable, exempted or not judged at all (the agency
absent, an earlier period audited again) rectifies nothing: the finding keeps its status.
A rectified or closed finding that fails again in a later run is reopened: a new streak of
failing runs begins, with the deadline that run set. Within a streak the deadline is the
one set when it began: later runs do not push it back. A closed finding failing in an
audit that speaks for a day no later than the closure's verification (``ledger close
--as-of``) stays closed: the verification answered that audit, which starts no streak;
one failing in an audit for a later day reopens it, wherever that run stands in storage.

Runs are taken in the order of their as-of dates (the day each audit speaks for), not in
the order they were stored: storing the audit of 2021-H1 before that of 2020-H2 gives the
same ledger.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from audit.diagnostics import Diagnostic
from audit.errors import UsageError
from audit.evidence.semantics import CHINA_TIME
from audit.evidence.walker import hidden_char
from audit.evidence.workbook.layout import EXCEL_TEXT_LIMIT
from audit.history.db import english_columns, reads_rows, transaction, verified_column
from audit.history.statuses import FAILING_STATUSES, SEVERITY_NAMES, status_name
from audit.i18n import blank, did_you_mean


@dataclass
class Entry:
    """One line of the ledger."""

    finding: str
    agency: str
    agency_name: str
    item: str
    severity: str
    status: str
    deadline: dt.date
    first_run: int
    first_as_of: dt.date
    last_run: int
    last_as_of: dt.date
    runs_failing: int
    data: dict[str, Any]
    unit: str | None = None
    person: str | None = None
    leader: str | None = None
    days_overdue: int | None = None
    closed_by: str | None = None
    closed_at: str | None = None
    verified_on: str | None = None  # the date the closure's verification speaks for
    evidence: str | None = None
    reopened: bool = False
    history: list[int] = field(default_factory=list)
    agency_name_en: str | None = None
    rectified_run: int | None = None  # the run in which the item passed, and its date
    rectified_as_of: dt.date | None = None
    # a closure (销号) that the finding failing again overturned: who signed, when, on what,
    # and the day its verification spoke for (None in a history kept before it)
    overturned: tuple[str, str, str, str | None] | None = None

    @property
    def days_late(self) -> int | None:
        """Days past the deadline the rectification was found (0 in time), if rectified."""
        if self.rectified_as_of is None:
            return None
        return max(0, (self.rectified_as_of - self.deadline).days)

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON."""
        data = self.data
        return {
            "finding": self.finding,
            "agency": self.agency,
            "agency_name": self.agency_name,
            "agency_name_en": self.agency_name_en,
            "item": self.item,
            "severity": self.severity,
            "status": self.status,
            "status_name": {
                "zh": status_name(self.status, "zh"),
                "en": status_name(self.status, "en"),
            },
            "deadline": self.deadline.isoformat(),
            "days_overdue": self.days_overdue,
            "first_run": self.first_run,
            "first_as_of": self.first_as_of.isoformat(),
            "last_run": self.last_run,
            "last_as_of": self.last_as_of.isoformat(),
            "runs_failing": self.runs_failing,
            "reopened": self.reopened,
            # every run that found it, in as-of order: a reopened finding keeps its past
            "found_in_runs": self.history,
            "responsible": {"unit": self.unit, "person": self.person, "leader": self.leader},
            "problem": data.get("problem"),
            "refs": data.get("refs"),
            "remedy": data.get("remedy"),
            "liability": data.get("liability"),
            "liability_withheld": data.get("liability_withheld"),
            "closed_by": self.closed_by,
            "closed_at": self.closed_at,
            "verified_on": self.verified_on,
            "evidence": self.evidence,
            # when the rectification was found, and how late against the deadline
            "rectified_run": self.rectified_run,
            "rectified_as_of": (
                None if self.rectified_as_of is None else self.rectified_as_of.isoformat()
            ),
            "rectified_days_late": self.days_late,
            # a sign-off the finding failing again proved wrong: kept, never lost
            "overturned_closure": (
                None
                if self.overturned is None
                else dict(
                    zip(
                        ("closed_at", "closed_by", "evidence", "verified_on"),
                        self.overturned,
                        strict=True,
                    )
                )
            ),
        }


@reads_rows
def build_ledger(
    conn: sqlite3.Connection, *, as_of: dt.date, up_to: int | None = None
) -> list[Entry]:
    """Every finding ever made, with its status on ``as_of`` (linear in the stored rows).

    ``up_to`` keeps only the runs up to that one in as-of order (earlier dates, and the same
    date stored no later): the ledger as it stood after that run, also when an older period
    was stored after newer ones.
    """
    last = up_to if up_to is not None else -1
    found = conn.execute("SELECT as_of FROM runs WHERE id = ?", (last,)).fetchone()
    day = found[0] if found else ""
    # the runs that count: every one, or those up to ``up_to`` in as-of order
    upto = "(? < 0 OR {} IN (SELECT id FROM runs WHERE as_of < ? OR (as_of = ? AND id <= ?)))"
    limit = (last, day, day, last)
    where = " WHERE " + upto.format("run_id")
    runs = {
        r: dt.date.fromisoformat(d)
        for r, d in conn.execute("SELECT id, as_of FROM runs WHERE " + upto.format("id"), limit)
    }
    agency_runs: dict[str, list[tuple[int, str]]] = defaultdict(list)
    # the Chinese and English names of the latest run in as-of order, whatever the order
    # the runs were stored in (a renamed agency is shown by its new name)
    names: dict[str, tuple[str, str | None]] = {}
    named_at: dict[str, tuple[dt.date, int]] = {}
    english = english_columns(conn)
    for run_id, code, name, end, name_en, _ in conn.execute(
        f"SELECT run_id, agency, name, period_end, {english} FROM agency_scores"
        + where
        + " ORDER BY run_id",
        limit,
    ):
        agency_runs[code].append((run_id, end))
        when = (runs.get(run_id, dt.date.min), run_id)
        if when >= named_at.get(code, when):
            names[code], named_at[code] = (name, name_en), when
    for audited in agency_runs.values():  # in the order of the days the audits speak for
        audited.sort(key=lambda run: (runs.get(run[0], dt.date.min), run[0]))
    passing = set(
        conn.execute(
            "SELECT run_id, agency, item FROM item_outcomes" + where + " AND outcome = 'pass'",
            limit,
        )
    )
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in conn.execute(
        "SELECT run_id, finding, agency, item, severity, deadline, unit,"
        " person, leader, data FROM findings" + where + " ORDER BY run_id",
        limit,
    ):
        rows[row[1]].append(row)
    hashes: dict[str, dict[int, str | None]] = defaultdict(dict)  # agency → run → its file's
    for run_id, code, sha256 in conn.execute(
        "SELECT run_id, agency, sha256 FROM run_files" + where + " AND valid = 1", limit
    ):
        hashes[code][run_id] = sha256
    closures: dict[str, tuple[int, str, str, str, str | None]] = {}
    for finding, run_id, at, by, evidence, verified in conn.execute(
        f"SELECT finding, run_id, closed_at, closed_by, evidence, {verified_column(conn)}"
        " FROM closures" + where + " ORDER BY id",
        limit,
    ):
        dt.date.fromisoformat(str(at)[:10])  # a closing day that is no day: a damaged row
        if not all(isinstance(v, str) for v in (at, by, evidence)):
            raise TypeError(f"a closure of {finding} holds {by!r} / {evidence!r}, not texts")
        closures[finding] = (run_id, at, by, evidence, verified)
    entries = [
        _entry(
            finding,
            found,
            agency_runs=agency_runs[found[0][2]],
            passing=passing,
            runs=runs,
            names=names,
            closure=closures.get(finding),
            as_of=as_of,
            evidence=hashes[found[0][2]],
        )
        for finding, found in rows.items()
    ]
    entries.sort(key=lambda e: (e.agency, e.item))
    return entries


def _found_again(
    streak: list[tuple[Any, ...]], ends: dict[int, str], evidence: dict[int, str | None]
) -> bool:
    """Whether a finding was found again in new evidence: a later period, or the first
    one's period submitted again (another file). Evidence of an earlier period audited
    again is no step towards rectifying it (it was counted "in progress")."""
    first = streak[0][0]
    first_end, first_file = ends.get(first) or "", evidence.get(first)
    for row in streak[1:]:
        end = ends.get(row[0]) or ""
        if end > first_end or (end == first_end and evidence.get(row[0]) != first_file):
            return True
    return False


def _stored_object(text: str) -> dict[str, Any]:
    """A finding's stored JSON: an object, else ValueError (a row edited by hand), which
    the reader reports as a damaged history."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"a finding's data is {type(data).__name__}, not an object")
    keys = ("problem", "remedy", "liability", "liability_withheld", "responsible")
    texts = [data.get(key) for key in keys]
    refs = data.get("refs", [])
    if not isinstance(refs, list):
        raise ValueError(f"a finding's refs are {type(refs).__name__}, not a list")
    for value in [*texts, *refs]:  # what the ledger shows: objects of texts, or nothing
        if value is not None and not (
            isinstance(value, dict) and all(isinstance(v, str | None) for v in value.values())
        ):
            raise ValueError(f"a finding's data holds {value!r}, not an object of texts")
    return data


def _entry(
    finding: str,
    found: list[tuple[Any, ...]],
    *,
    agency_runs: list[tuple[int, str]],
    passing: set[tuple[int, str, str]],
    runs: dict[int, dt.date],
    names: dict[str, tuple[str, str | None]],
    closure: tuple[int, str, str, str, str | None] | None,
    as_of: dt.date,
    evidence: dict[int, str | None],
) -> Entry:
    agency, item = found[0][2], found[0][3]
    place = {run: n for n, (run, _) in enumerate(agency_runs)}
    found = sorted(found, key=lambda row: place.get(row[0], -1))  # by as-of, as audited
    failing = [row[0] for row in found]
    ends = dict(agency_runs)
    # One pass over the agency's runs, by periods: a run speaks about the failures before it
    # only when it audits the latest period they concern, or a later one. A pass in such a
    # run rectifies the finding; a failure after that, for the period of the pass or a
    # later one, begins a new streak (the finding is reopened). An earlier period audited
    # again neither rectifies nor reopens anything.
    failed = set(failing)
    streak_runs: list[int] = []
    latest_run = failing[-1]
    end_failed = ""  # the latest period the current streak's failures concern
    end_fixed = ""  # the period of the pass that rectified it
    rectified = False
    fixed_run: int | None = None  # the run whose pass rectified the current streak
    # a closure's run and the day its verification speaks for: a failure after the run but
    # for a day no later than that is answered by the verification (the auditor found it
    # fixed after that day): it neither reopens the finding nor starts its next streak
    held = None
    if closure is not None and closure[4]:
        held = (place.get(closure[0], -1), dt.date.fromisoformat(closure[4]))
    for run, end in agency_runs:
        if run in failed:
            if not rectified:
                end_failed = max(end_failed, end)
                streak_runs.append(run)
                latest_run = run
            elif held and place[run] > held[0] and runs.get(run, dt.date.max) <= held[1]:
                latest_run = run
            elif end >= end_fixed:
                streak_runs, end_failed, rectified, latest_run = [run], end, False, run
                fixed_run = None
        elif end_failed and end >= end_failed:
            latest_run = run
            if not rectified and (run, agency, item) in passing:
                rectified, end_fixed, fixed_run = True, end, run
    streak_runs = streak_runs or [failing[0]]  # (a run missing from agency_scores)
    begins = streak_runs[0]
    overturned = None
    verified = dt.date.fromisoformat(closure[4]) if closure and closure[4] else None
    if closure is None:
        late = False
    elif verified is not None:
        # reopened by an audit that speaks for a day after the verification (ledger close
        # --as-of), wherever the runs stand in storage: a failing run stored after the
        # closure but dated between the verification and the closure's own run counts too
        reopened_streak = begins != failing[0]
        late = reopened_streak and any(runs.get(r, dt.date.max) > verified for r in streak_runs)
    else:  # a history kept before verification days: failed again after the closure's run
        late = place.get(begins, -1) > place.get(closure[0], -1)
    if late and closure is not None:  # the closure no longer holds (the sign-off is kept)
        overturned, closure = (closure[1], closure[2], closure[3], closure[4]), None
    kept = set(streak_runs)
    streak = [row for row in found if row[0] in kept]
    reopened = begins != failing[0]
    first, last = streak[0], found[-1]
    deadline = dt.date.fromisoformat(first[5])
    if last[4] not in SEVERITY_NAMES:  # a row edited by hand: filters and deadlines go wrong
        raise ValueError(f"findings.severity {last[4]!r} (finding {finding}, run {last[0]})")
    entry = Entry(
        finding=finding,
        agency=agency,
        agency_name=names.get(agency, (agency, None))[0],
        agency_name_en=names.get(agency, (agency, None))[1],
        item=item,
        severity=last[4],
        status="open",
        deadline=deadline,
        first_run=first[0],
        first_as_of=runs[first[0]],
        last_run=latest_run,
        last_as_of=runs[latest_run],
        runs_failing=len(streak),
        data=_stored_object(last[9]),
        unit=last[6],
        person=last[7],
        leader=last[8],
        reopened=reopened,
        history=failing,
        rectified_run=fixed_run,
        rectified_as_of=None if fixed_run is None else runs.get(fixed_run),
        overturned=overturned,
    )
    if closure is not None:
        entry.status = "closed"
        entry.closed_at, entry.closed_by, entry.evidence = closure[1], closure[2], closure[3]
        entry.verified_on = closure[4]
    elif rectified:
        entry.status = "rectified"
    elif as_of > deadline:
        entry.status = "overdue"
        entry.days_overdue = (as_of - deadline).days
    elif _found_again(streak, ends, evidence):
        entry.status = "in_progress"
    return entry


def close_finding(
    conn: sqlite3.Connection,
    finding: str,
    *,
    by: str,
    evidence: str,
    as_of: dt.date,
    now: dt.datetime | None = None,
) -> Entry:
    """Record an auditor's verification (销号) of a rectified finding."""
    # The check and the record in one write-locked transaction: two auditors closing the same
    # finding at once are served one after the other, and the second hears "already closed".
    with transaction(conn):
        entries = {e.finding: e for e in build_ledger(conn, as_of=as_of)}
        entry = entries.get(finding)
        if entry is None:
            raise UsageError(
                f"no finding {finding}",
                diagnostics=[
                    Diagnostic(
                        "ledger.unknown-finding",
                        {"id": finding, "suggestion": did_you_mean(finding, entries)},
                    )
                ],
            )
        if entry.status == "closed":
            raise UsageError(
                f"{finding} is already closed",
                diagnostics=[
                    Diagnostic(
                        "ledger.already-closed",
                        {"id": finding, "at": entry.closed_at, "by": entry.closed_by},
                    )
                ],
            )
        for option, value in (("--by", by), ("--evidence", evidence)):
            if blank(value):
                raise UsageError(
                    f"{option} is blank",
                    diagnostics=[Diagnostic("ledger.blank", {"option": option})],
                )
            if len(value) > EXCEL_TEXT_LIMIT:  # the ledger workbook would cut it unmarked
                args = {"option": option, "limit": EXCEL_TEXT_LIMIT}
                raise UsageError(
                    f"{option} is too long", diagnostics=[Diagnostic("ledger.too-long", args)]
                )
            hidden = hidden_char(value)
            if hidden is not None:  # kept in the history: every report, and the workbook
                args = {"option": option, "char": hidden}
                raise UsageError(
                    f"{option} holds a control character",
                    diagnostics=[Diagnostic("ledger.hidden-text", args)],
                )
        if entry.status in FAILING_STATUSES:
            raise UsageError(
                f"{finding} still fails",
                diagnostics=[
                    Diagnostic("ledger.still-failing", {"id": finding, "run": entry.last_run})
                ],
            )
        today = (now or dt.datetime.now(dt.UTC)).astimezone(CHINA_TIME).date()
        if as_of > today:  # a verification speaks for a day that has come
            args = {"id": finding, "as_of": as_of.isoformat(), "today": today.isoformat()}
            raise UsageError(
                f"{finding}: a verification dated {as_of} is in the future",
                diagnostics=[Diagnostic("ledger.close-in-future", args)],
            )
        if entry.rectified_as_of is not None and as_of < entry.rectified_as_of:
            # a verification dated before the run that found the item fixed verifies nothing
            args = {
                "id": finding,
                "run": entry.rectified_run,
                "rectified": entry.rectified_as_of.isoformat(),
                "as_of": as_of.isoformat(),
            }
            raise UsageError(
                f"{finding} was found rectified later than {as_of}",
                diagnostics=[Diagnostic("ledger.close-too-early", args)],
            )
        stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        conn.execute(
            "INSERT INTO closures (finding, run_id, closed_at, closed_by, evidence, verified_on)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (finding, entry.last_run, stamp, by, evidence, as_of.isoformat()),
        )
    entry.status, entry.closed_by, entry.closed_at, entry.evidence = "closed", by, stamp, evidence
    entry.verified_on = as_of.isoformat()
    return entry


def filter_entries(
    entries: list[Entry],
    *,
    unit: str | None = None,
    status: str | None = None,
    severity: str | None = None,
    agency: str | None = None,
) -> list[Entry]:
    """The entries that pass every filter given."""
    return [
        e
        for e in entries
        if (unit is None or unit in (e.unit or ""))
        and (status is None or e.status == status)
        and (severity is None or e.severity == severity)
        and (agency is None or e.agency == agency)
    ]
