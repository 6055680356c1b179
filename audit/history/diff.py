"""``audit diff A B``: what changed between two runs, per agency."""

from __future__ import annotations

from dataclasses import dataclass, field

from audit.engine.result import FAILING, AgencyResult, RunResult


@dataclass
class AgencyDiff:
    """The changes of one agency between two runs."""

    code: str
    name: str
    score_a: float | None
    score_b: float | None
    newly_failing: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    still_open: list[str] = field(default_factory=list)
    regressed: list[str] = field(default_factory=list)
    only_in: str | None = None

    @property
    def delta(self) -> float | None:
        """Score change, B − A."""
        if self.score_a is None or self.score_b is None:
            return None
        return self.score_b - self.score_a


def diff_runs(a: RunResult, b: RunResult) -> list[AgencyDiff]:
    """Per agency: items newly failing, resolved, still open, regressed; score deltas."""
    left = {x.code: x for x in a.agencies}
    right = {x.code: x for x in b.agencies}
    out = []
    for code in sorted(set(left) | set(right)):
        old, new = left.get(code), right.get(code)
        some = new or old
        assert some is not None
        entry = AgencyDiff(code, some.name, old.score if old else None, new.score if new else None)
        if old is None or new is None:
            entry.only_in = "B" if old is None else "A"
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
        elif was and not now:
            entry.resolved.append(item.id)
        elif was and now:
            assert prior is not None
            if (item.credit or 0.0) < (prior.credit or 0.0):
                entry.regressed.append(item.id)
            else:
                entry.still_open.append(item.id)
