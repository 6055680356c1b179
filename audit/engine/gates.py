"""CI gates of ``audit run`` and the one place a result becomes an exit code."""

from __future__ import annotations

from audit.checklist.describe import literal
from audit.engine.result import RunResult, percent_of

SEVERITY_RANK = {"critical": 0, "major": 1, "minor": 2}


def apply_gates(result: RunResult, *, fail_under: float | None, fail_on: str | None) -> None:
    """Record in ``result.gates`` which gates were set and which agencies or findings fail them."""
    failed: list[str] = []
    if fail_under is not None:
        for agency in result.agencies:
            percent = percent_of(agency.score, agency.max_score)
            if percent is not None and agency.max_score and percent < fail_under:
                shown = f"{_below(percent, fail_under)} < {literal(fail_under)}"
                failed.append(f"{agency.code}: {shown}")
    if fail_on is not None:
        limit = SEVERITY_RANK[fail_on]
        failed += [
            f"{f.id}: {f.severity}"
            for f in result.findings
            if SEVERITY_RANK.get(f.severity, 9) <= limit
        ]
    result.gates = {"fail_under": fail_under, "fail_on": fail_on, "failed": failed}


def _below(percent: float, limit: float) -> str:
    """``percent`` rounded no further than still reads below ``limit`` (96.15 < 96.16, not
    96.2 < 96.16)."""
    for places in range(1, 10):
        shown = f"{percent:.{places}f}"
        if float(shown) < limit:
            return shown
    return repr(percent)


def exit_code(result: RunResult) -> int:
    """0 when every file was audited and no gate failed, else 1."""
    if result.invalid or result.gates.get("failed"):
        return 1
    return 0
