"""Scores: the points model (Chinese score sheet) and the four XCCDF 1.2 §7.3 models.

Points model: ``score = 100 × Σ(points × credit) ÷ Σ points`` over the items that apply and
are neither exempted nor deselected; sections likewise. XCCDF models treat items as rules
weighted by their points and sections as groups of weight 1; as XCCDF defines them, only a
passed rule counts (partial credit does not), and excluded items are "notapplicable".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from audit.checklist import model as m
from audit.engine.checks.exact import exact_quotient, exact_sum
from audit.engine.result import (
    FAILING,
    ItemResult,
    SectionScore,
    percent_of,
    settled,
    settled_score,
)

LOW_COVERAGE = Decimal("0.2")
EXCLUDED_BY_OUTCOME = frozenset({"effective_from", "no_population", "deselected", "exempted"})


@dataclass
class Score:
    """An agency's scores and grade."""

    score: float | None
    score_without_exemptions: float | None
    max_score: float | None
    sections: list[SectionScore]
    grade: m.Grade | None
    grade_uncapped: m.Grade | None
    grade_without_exemptions: m.Grade | None = None
    # under the flat models an exempted item's points count again without exemptions
    max_score_without_exemptions: float | None = None
    capped_by: list[str] = field(default_factory=list)
    low_coverage: bool = False
    coverage: dict[str, float] = field(default_factory=dict)


def _counted(item: ItemResult, *, with_exempted: bool) -> bool:
    if item.excluded == "exempted":
        return with_exempted
    return item.excluded is None


# Each item's credit as computed, before it was settled for showing (by item id): scores
# are summed from them. Earned points settled one by one to twelve digits summed to
# 59.9999999999 where the score is 60; summed unsettled, a score carries only
# floating-point noise, which settling it once removes.
Exact = Mapping[str, float]


def _credit(item: ItemResult, exact: Exact) -> float:
    found = exact.get(item.id)
    return found if found is not None else item.credit or 0.0


def _earned(item: ItemResult, exact: Exact) -> float:
    """Points × the credit as computed, or for an exempted item, which earns nothing, what
    it would have earned."""
    if item.excluded == "exempted" or item.id in exact:
        return item.points * _credit(item, exact)
    return item.earned


def _passed(item: ItemResult) -> float:
    outcome = item.computed_outcome if item.excluded == "exempted" else item.outcome
    return 1.0 if outcome == "pass" else 0.0


def points_score(
    items: list[ItemResult], *, with_exempted: bool = False, exact: Exact | None = None
) -> float | None:
    """100 × Σ points × credit ÷ Σ points over counted items."""
    exact = exact or {}
    counted = [i for i in items if _counted(i, with_exempted=with_exempted)]
    possible = sum(i.points for i in counted)
    if possible == 0:
        return None
    earned = sum(_earned(i, exact) for i in counted)
    return _short_of_full(100.0 * earned / possible, counted, exact)


def _short_of_full(raw: float, counted: list[ItemResult], exact: Exact) -> float:
    """A points score settled, but never onto 100 while an item earns less than its points:
    a partial item 7e-10 short of full credit made a score of 100.0 (and passed
    --fail-under 100) beside its own finding."""
    score = settled_score(raw)
    if score >= 100.0 and any(_earned(i, exact) < i.points for i in counted):
        return min(raw, math.nextafter(100.0, 0.0))
    return score


def _flat(items: list[ItemResult], *, weighted: bool, with_exempted: bool) -> tuple[float, float]:
    counted = [i for i in items if _counted(i, with_exempted=with_exempted)]
    weight = (lambda i: i.points) if weighted else (lambda i: 1.0)
    return sum(weight(i) * _passed(i) for i in counted), sum(weight(i) for i in counted)


def _xccdf_default(
    items: list[ItemResult], sections: list[str], *, with_exempted: bool
) -> float | None:
    scores = []
    for section in sections:
        rules = [
            i for i in items if i.section == section and _counted(i, with_exempted=with_exempted)
        ]
        weight = sum(i.points for i in rules)
        if rules and weight > 0:
            scores.append(100.0 * sum(i.points * _passed(i) for i in rules) / weight)
    if not scores:
        return None
    # groups have the default weight 1; settled once, at the end: 100/3 from one agency's
    # groups and (200/3 + 0)/2 from another's are one score, not two that rank apart
    return settled_score(math.fsum(scores) / len(scores))


def model_score(
    items: list[ItemResult],
    sections: list[str],
    model: str,
    *,
    with_exempted: bool = False,
    exact: Exact | None = None,
) -> tuple[float | None, float | None]:
    """(score, maximum) under ``model``; the maximum is 100 except for the flat models."""
    if model == "points":
        return points_score(items, with_exempted=with_exempted, exact=exact), 100.0
    if model == "xccdf-default":
        return _xccdf_default(items, sections, with_exempted=with_exempted), 100.0
    s, top = _flat(items, weighted=model != "xccdf-flat-unweighted", with_exempted=with_exempted)
    if top == 0:
        return None, None
    if model == "xccdf-absolute":
        return (1.0 if s == top else 0.0), 1.0
    return s, top


def section_scores(
    items: list[ItemResult], sections: list[str], model: str = "points", exact: Exact | None = None
) -> list[SectionScore]:
    """Scores per section under ``model`` (None where nothing in the section counts).

    ``earned`` and ``possible`` are in the model's units — points × credit for the points
    model, points of passed rules for the weighted XCCDF models, passed rules for
    ``xccdf-flat-unweighted`` — and ``score`` is 100 × earned ÷ possible. Under
    ``xccdf-default`` that is exactly the group score the total averages; under
    ``xccdf-absolute`` a section scores 100 only when every rule in it passes.
    """
    by_section: dict[str, list[ItemResult]] = {section: [] for section in sections}
    for item in items:
        if item.section in by_section and _counted(item, with_exempted=False):
            by_section[item.section].append(item)
    out = []
    for section, counted in by_section.items():
        if model == "points":  # in decimal: three items of 0.1 are 0.3, not 0.30000000000000004
            possible = float(exact_sum(i.points for i in counted))
            earned = float(exact_sum(_earned(i, exact or {}) for i in counted))
        else:
            earned, possible = _flat(
                counted, weighted=model != "xccdf-flat-unweighted", with_exempted=False
            )
            if model == "xccdf-absolute" and possible:
                earned, possible = (1.0 if earned == possible else 0.0), 1.0
        score = None
        if possible:
            raw = 100.0 * earned / possible
            if model == "points":
                score = _short_of_full(raw, counted, exact or {})
            else:
                score = settled_score(raw)
        out.append(SectionScore(id=section, score=score, earned=settled(earned), possible=possible))
    return out


def grade_of(
    checklist: m.Checklist,
    percent: float | None,
    items: list[ItemResult],
    *,
    with_exempted: bool = False,
) -> tuple[m.Grade | None, m.Grade | None, list[str]]:
    """(grade, grade before the critical cap, the critical items that capped it);
    ``with_exempted``: as if no exemption had been granted."""
    if percent is None:
        return None, None, []
    grade = checklist.grade_for(percent)
    capped_by = [
        i.id
        for i in items
        if i.severity == "critical"
        and (i.computed_outcome if with_exempted and i.excluded == "exempted" else i.outcome)
        in FAILING
    ]
    cap_name = checklist.checklist.critical_cap
    if not capped_by or cap_name is None:
        return grade, grade, []
    cap = next(g for g in checklist.checklist.grades if cap_name in (g.zh, g.en))
    # The critical items are listed even when the score alone is already at or below the cap:
    # the report must say why the grade cannot be better.
    return (cap if grade.min > cap.min else grade), grade, capped_by


def score_agency(
    items: list[ItemResult], checklist: m.Checklist, model: str, exact: Exact | None = None
) -> Score:
    """Every score an agency's report shows (``exact``: the credits as computed)."""
    sections = [s.id for s in checklist.sections]
    score, top = model_score(items, sections, model, exact=exact)
    without, without_top = model_score(items, sections, model, with_exempted=True, exact=exact)
    percent = None if not top else percent_of(score, top)
    grade, uncapped, capped_by = grade_of(checklist, percent, items)
    without_percent = None if not without_top else percent_of(without, without_top)
    without_grade, _, _ = grade_of(checklist, without_percent, items, with_exempted=True)
    by_role = [i for i in items if i.excluded != "role"]
    # in decimal: 0.1 + 0.2 excluded of 1.5 is 20% exactly, not "more than 20%"
    base = exact_sum(i.points for i in by_role)
    excluded = exact_sum(i.points for i in by_role if i.excluded in EXCLUDED_BY_OUTCOME)
    share = exact_quotient(excluded, base) if base else Decimal(0)
    return Score(
        score=score,
        score_without_exemptions=without,
        max_score=top,
        max_score_without_exemptions=without_top,
        sections=section_scores(items, sections, model, exact),
        grade=grade,
        grade_uncapped=uncapped,
        grade_without_exemptions=without_grade,
        capped_by=capped_by,
        low_coverage=share > LOW_COVERAGE,
        coverage={
            "applicable_points": float(base),
            "excluded_points": float(excluded),
            "excluded_share": float(share),
        },
    )
