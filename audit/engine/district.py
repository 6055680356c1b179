"""The district roll-up: mean, ranking, grade counts, section means."""

from __future__ import annotations

import math

from audit.engine.result import AgencyResult, Catalogue, District, RankEntry


def roll_up(agencies: list[AgencyResult], catalogue: Catalogue) -> District:
    """Aggregate the agencies of one run."""
    scored = [a for a in agencies if a.score is not None]
    # fsum is exact: the mean does not depend on the order in which files were read
    mean = (
        math.fsum(a.score for a in scored if a.score is not None) / len(scored) if scored else None
    )
    ordered = sorted(agencies, key=lambda a: (a.score is None, -(a.score or 0.0), a.code))
    ranking = []
    previous: float | None = None
    rank = 0
    for position, agency in enumerate(ordered, start=1):
        if agency.score is None or agency.score != previous:
            rank = position  # competition ranking: ties share a place
        previous = agency.score
        ranking.append(
            RankEntry(
                rank=rank,
                code=agency.code,
                name=agency.name,
                score=agency.score,
                grade=agency.grade,
            )
        )
    grade_counts = {g["zh"]: 0 for g in catalogue.grades}
    for agency in agencies:
        if agency.grade is not None:
            grade_counts[agency.grade] = grade_counts.get(agency.grade, 0) + 1
    sections: dict[str, float | None] = {}
    for section in catalogue.sections:
        values = [
            s.score for a in agencies for s in a.sections if s.id == section and s.score is not None
        ]
        sections[section] = math.fsum(values) / len(values) if values else None
    return District(mean=mean, ranking=ranking, grade_counts=grade_counts, sections=sections)
