"""The statuses of the rectification ledger and the severities of findings: their names
in both languages, and reading them back from either (``--status 逾期``, ``--severity major``).
"""

from __future__ import annotations

from typing import Literal

from audit.diagnostics import Diagnostic
from audit.engine.result import RunResult
from audit.errors import UsageError
from audit.i18n import Lang, did_you_mean
from audit.reports.labels import LABELS

Status = Literal["open", "in_progress", "rectified", "closed", "overdue"]
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "open": ("待整改", "open"),
    "in_progress": ("整改中", "in progress"),
    "rectified": ("已整改待验收", "rectified, awaiting verification"),
    "closed": ("已销号", "closed"),
    "overdue": ("逾期", "overdue"),
}
FAILING_STATUSES = frozenset({"open", "in_progress", "overdue"})
# names a status had before, still read (scripts and notes that say --status 未启动)
FORMER_NAMES = {"未启动": "open"}


def ledger_names(result: RunResult, lang: Lang) -> dict[str, str]:
    """The ledger status each finding of ``result`` kept (``ledger_status``), named in
    ``lang`` for the reports: with the ledger's deadline where it is not the finding's own,
    and an overdue one's days (counted to the run's as-of date, as the ledger counts)."""
    named: dict[str, str] = {}
    for finding in result.findings:
        if finding.ledger_status is None:
            continue
        notes = []
        kept = finding.ledger_deadline
        if kept is not None and kept != finding.deadline:
            notes.append(f"台账期限 {kept}" if lang == "zh" else f"ledger deadline {kept}")
        if finding.ledger_status == "overdue" and kept is not None and result.as_of > kept:
            days = (result.as_of - kept).days
            notes.append(f"{days} 天" if lang == "zh" else f"{days} days")
        named[finding.id] = status_name(finding.ledger_status, lang)
        if finding.ledger_reopened:  # as the ledger marks it: found again after rectification
            named[finding.id] += " ↺"
            notes.insert(
                0, "整改或销号后复发" if lang == "zh" else "found again after rectification"
            )
        if notes:
            named[finding.id] += (
                f"（{'，'.join(notes)}）" if lang == "zh" else f" ({', '.join(notes)})"
            )
    return named


def status_name(status: str, lang: Lang) -> str:
    """A status in ``lang``."""
    zh, en = STATUS_NAMES[status]
    return zh if lang == "zh" else en


SEVERITY_NAMES: dict[str, tuple[str, str]] = {s: LABELS[s] for s in ("critical", "major", "minor")}


def parse_status(text: str) -> str:
    """A status from its id or either language's name (or a former name)."""
    return FORMER_NAMES.get(text) or _choice("--status", text, STATUS_NAMES)


def parse_severity(text: str) -> str:
    """A severity from its id or its Chinese name."""
    return _choice("--severity", text, SEVERITY_NAMES)


def _choice(key: str, text: str, names: dict[str, tuple[str, str]]) -> str:
    for choice, (zh, en) in names.items():
        if text in (choice, zh, en):
            return choice
    raise UsageError(
        f"unknown {key} {text!r}",
        diagnostics=[
            Diagnostic(
                "config.unknown-tag",
                {
                    "key": key,
                    "value": text,
                    # either name is accepted: both are listed, in either language
                    "expected": ", ".join(f"{c} / {zh}" for c, (zh, _) in names.items()),
                    "suggestion": did_you_mean(text, names),
                },
            )
        ],
    )
