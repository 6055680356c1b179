"""``audit diff A B``: what changed between two runs, per agency."""

from __future__ import annotations

from dataclasses import dataclass, field

from audit.engine.result import FAILING, AgencyResult, RunResult, percent_of, rounded


@dataclass
class AgencyDiff:
    """The changes of one agency between two runs."""

    code: str
    name: str
    score_a: float | None
    score_b: float | None
    grade_a: str | None = None
    grade_b: str | None = None
    grade_en_a: str | None = None
    grade_en_b: str | None = None
    newly_failing: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    # failing before, and now neither failing nor passed: not applicable, or exempted
    set_aside: list[str] = field(default_factory=list)
    still_open: list[str] = field(default_factory=list)
    regressed: list[str] = field(default_factory=list)
    only_in: str | None = None
    # not audited in that run ("A" or "B") because its evidence file was invalid there
    invalid_in: str | None = None

    @property
    def delta(self) -> float | None:
        """Score change, B − A (without the floats' noise: −8.333333, not −8.333333332999)."""
        if self.score_a is None or self.score_b is None:
            return None
        return rounded(self.score_b - self.score_a)


def diff_runs(a: RunResult, b: RunResult) -> list[AgencyDiff]:
    """Per agency: items newly failing, resolved (passed now), set aside (not applicable or
    exempted now), still open, regressed; score deltas and grades."""
    left = {x.code: x for x in a.agencies}
    right = {x.code: x for x in b.agencies}
    out = []
    for code in sorted(set(left) | set(right)):
        old, new = left.get(code), right.get(code)
        some = new or old
        assert some is not None
        # as a share of each run's maximum, as the roll-ups rank them: under the flat models
        # 40 of 40 and 40 of 50 were "40.0 → 40.0, change 0.0", the grade falling beside it
        entry = AgencyDiff(
            code,
            some.name,
            percent_of(old.score, old.max_score) if old else None,
            percent_of(new.score, new.max_score) if new else None,
        )
        if old is not None:
            entry.grade_a, entry.grade_en_a = old.grade, old.grade_en
        if new is not None:
            entry.grade_b, entry.grade_en_b = new.grade, new.grade_en
        if old is None or new is None:
            entry.only_in = "B" if old is None else "A"
            missed = a if old is None else b
            if any(bad.agency == code for bad in missed.invalid):
                entry.invalid_in = "A" if old is None else "B"
            out.append(entry)
            continue
        _compare(entry, old, new)
        out.append(entry)
    return out


def _compare(entry: AgencyDiff, old: AgencyResult, new: AgencyResult) -> None:
    before = {i.id: i for i in old.items}
    for item in new.items:
        prior = before.get(item.id)
        was = prior is not None and prior.outcome in FAILING
        now = item.outcome in FAILING
        if now and not was:
            entry.newly_failing.append(item.id)
        elif was and not now:  # only a pass resolves; an item that stopped applying or
            # was exempted proves nothing about the problem (the ledger keeps it open)
            (entry.resolved if item.outcome == "pass" else entry.set_aside).append(item.id)
        elif was and now:
            assert prior is not None
            # to nine decimals, as histories before schema 4's runs stored credits: the same
            # evidence is never "regressed" by 0.666666666667 against 0.666666667
            if round(item.credit or 0.0, 9) < round(prior.credit or 0.0, 9):
                entry.regressed.append(item.id)
            else:
                entry.still_open.append(item.id)
