"""The district roll-up: mean, ranking, grade counts, section means."""

from __future__ import annotations

import math

from audit.engine.result import (
    AgencyResult,
    Catalogue,
    District,
    DistrictRollUp,
    RankEntry,
    percent_of,
    rounded,
)


def roll_ups(agencies: list[AgencyResult], catalogue: Catalogue) -> list[DistrictRollUp]:
    """One roll-up per district, in the order of their names."""
    by_district: dict[str, list[AgencyResult]] = {}
    for agency in agencies:
        by_district.setdefault(agency.district, []).append(agency)
    return [
        DistrictRollUp(name=name, **roll_up(members, catalogue).__dict__)
        for name, members in sorted(by_district.items())
    ]


def roll_up(agencies: list[AgencyResult], catalogue: Catalogue) -> District:
    """Aggregate the agencies of one run."""
    percents = {a.code: percent_of(a.score, a.max_score) for a in agencies}
    scored = [p for p in percents.values() if p is not None]
    # fsum is exact: the mean does not depend on the order in which files were read
    mean = rounded(math.fsum(scored) / len(scored)) if scored else None

    def order(agency: AgencyResult) -> tuple[bool, float, str]:
        percent = percents[agency.code]
        return percent is None, -(percent or 0.0), agency.code

    ranking = []
    previous: float | None = None
    rank = 0
    for position, agency in enumerate(sorted(agencies, key=order), start=1):
        percent = percents[agency.code]
        if percent != previous:
            rank = position  # competition ranking: ties share a place
        previous = percent
        ranking.append(
            RankEntry(
                rank=rank if percent is not None else None,
                code=agency.code,
                name=agency.name,
                score=agency.score,
                grade=agency.grade,
                percent=percent,
            )
        )
    grade_counts = {g["zh"]: 0 for g in catalogue.grades}
    for agency in agencies:
        if agency.grade is not None:
            grade_counts[agency.grade] = grade_counts.get(agency.grade, 0) + 1
    scores: dict[str, list[float]] = {section: [] for section in catalogue.sections}
    for agency in agencies:  # one pass: a pass per section was sections² × agencies
        for s in agency.sections:
            if s.score is not None and s.id in scores:
                scores[s.id].append(s.score)
    # settled as scores are: 91.66666649999999 was the float of a mean of two sections
    sections = {
        section: rounded(math.fsum(values) / len(values)) if values else None
        for section, values in scores.items()
    }
    return District(mean=mean, ranking=ranking, grade_counts=grade_counts, sections=sections)
