"""The ledger's rules on periods, run by run: which later runs can rectify or reopen a
finding when earlier periods are audited again (the history's own order of runs)."""

from __future__ import annotations

import datetime as dt

from audit.history.ledger import Entry, _entry

H1, H2 = "2020-06-30", "2020-12-31"
AS_OF = dt.date(2021, 3, 1)


def _ledger(
    periods: dict[int, str],
    failing: list[int],
    passing: list[int],
    closure: int | None = None,
) -> Entry:
    """The entry of finding A/I after runs ``periods`` (run id → period end), failing in
    ``failing`` and passing in ``passing``; ``closure``: closed on that run's evidence."""
    found = [
        (run, "A/I", "A", "I", "major", f"2021-0{run}-01", "科", "甲", "乙", "{}")
        for run in failing
    ]
    return _entry(
        "A/I",
        found,
        agency_runs=sorted(periods.items()),
        passing={(run, "A", "I") for run in passing},
        runs={run: dt.date(2021, 1, run) for run in periods},
        names={"A": ("单位", "Unit")},
        closure=(closure, "2021-02-01", "审计员", "复核", None) if closure else None,
        as_of=AS_OF,
        evidence={run: f"sha-{run}" for run in periods},
    )


def test_a_pass_on_an_earlier_period_does_not_rectify_a_later_failure() -> None:
    # H2 fails (1), H1 re-audited fails (2), H1 re-audited passes (3): H2 never passed
    entry = _ledger({1: H2, 2: H1, 3: H1}, failing=[1, 2], passing=[3])
    assert entry.status != "rectified"
    assert (entry.runs_failing, entry.deadline) == (2, dt.date(2021, 1, 1))


def test_a_pass_on_the_latest_failing_period_rectifies() -> None:
    entry = _ledger({1: H1, 2: H2, 3: H2}, failing=[1, 2], passing=[3])
    assert (entry.status, entry.last_run) == ("rectified", 3)


def test_an_earlier_period_audited_again_does_not_reopen_a_fixed_finding() -> None:
    # H1 fails (1), H2 passes (2) and is closed, the old H1 evidence fails again (3)
    closed = _ledger({1: H1, 2: H2, 3: H1}, failing=[1, 3], passing=[2], closure=2)
    assert (closed.status, closed.reopened, closed.closed_by) == ("closed", False, "审计员")
    fixed = _ledger({1: H1, 2: H2, 3: H1}, failing=[1, 3], passing=[2])
    assert (fixed.status, fixed.reopened) == ("rectified", False)


def test_a_failure_for_the_fixed_period_or_later_reopens() -> None:
    for again in (H2, "2021-06-30"):
        entry = _ledger({1: H1, 2: H2, 3: again}, failing=[1, 3], passing=[2], closure=2)
        assert (entry.status, entry.reopened, entry.first_run) == ("open", True, 3)
        assert entry.deadline == dt.date(2021, 3, 1)  # the deadline run 3 set
