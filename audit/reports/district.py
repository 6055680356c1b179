"""The district roll-up: ranking, agency × section scores, grade distribution, section means."""

from __future__ import annotations

from typing import Literal

from audit.engine.result import AgencyResult, District, RunResult
from audit.i18n import Lang
from audit.reports.blocks import Bars, Block, Facts, Heading, Table
from audit.reports.compliance import agency_name
from audit.reports.labels import label, score_text, tallied
from audit.reports.summary import (
    capped_legend,
    grade_name,
    invalid_blocks,
    ranked_bars,
    ranked_scores,
    ranking_table,
    roll_up_title,
)


def _align(columns: int) -> list[Literal["left", "right", "center"]]:
    right: list[Literal["left", "right", "center"]] = ["right"] * (columns + 1)
    return ["left", *right]


def district(result: RunResult, lang: Lang) -> list[Block]:
    """The roll-up report."""
    by_code = {a.code: a for a in result.agencies}
    sections = list(result.catalogue.sections)
    ranking = []
    scores = ranked_scores(result.district.ranking, by_code)
    for entry in result.district.ranking:
        agency = by_code[entry.code]
        grade = grade_name(result, agency.grade, lang)
        if agency.grade_capped_by:
            grade += " ⚑"
        ranking.append(
            [
                "—" if entry.rank is None else str(entry.rank),
                f"{agency_name(agency, lang)} ({agency.code})",
                scores[entry.code],
                grade,
                score_text(agency.score_without_exemptions, agency.without_maximum),
            ]
        )
    counts = [
        [grade_name(result, g, lang), str(n)] for g, n in result.district.grade_counts.items()
    ]
    means = [
        [
            f"{s} {result.catalogue.sections[s].get(lang)}",
            score_text(result.district.sections.get(s)),
        ]
        for s in sections
    ]
    return [
        Heading(roll_up_title(result, lang), 1, anchor="district"),
        Facts(
            [
                (
                    label("checklist", lang),
                    f"{result.catalogue.title.get(lang)} "
                    f"({result.checklist['id']} "
                    f"{result.checklist['version']})",
                ),
                (label("as_of", lang), result.as_of.isoformat()),
                *([(label("evaluator", lang), result.evaluator)] if result.evaluator else []),
                (label("mean", lang), score_text(result.district.mean)),
            ]
        ),
        Bars(
            label("score", lang),
            ranked_bars(result.district.ranking),  # in rank order, as the table below
            marks=[
                (g["zh"] if lang == "zh" else g["en"], float(g["min"]))
                for g in result.catalogue.grades
                if g["min"] > 0
            ],
        ),
        Heading(label("rank", lang), 2),
        Table(
            [
                label("rank", lang),
                label("agency", lang),
                label("score", lang),
                label("grade", lang),
                label("without_exemptions", lang),
            ],
            ranking,
            align=["right", "left", "right", "left", "right"],
        ),
        *capped_legend(result, lang),
        Heading(label("agency_sections", lang), 2),
        _section_table(result, result.agencies, lang),
        Heading(label("grade_counts", lang), 2),
        Table([label("grade", lang), label("agencies", lang)], counts, align=["left", "right"]),
        Heading(label("section_means", lang), 2),
        Table([label("section", lang), label("mean", lang)], means, align=["left", "right"]),
        Bars(
            label("section_means", lang), [(s, result.district.sections.get(s)) for s in sections]
        ),
        *_each_district(result, lang),
        # files that could not be audited are not in the roll-up: say which, and why
        *invalid_blocks(result, lang),
    ]


def _each_district(result: RunResult, lang: Lang) -> list[Block]:
    """When the run spans several districts, each one's own ranking, mean and grades (the
    tables above rank every agency of the run together)."""
    if len(result.districts) < 2:
        return []
    blocks: list[Block] = [
        Heading(label("district.each", lang, n=len(result.districts)), 2, anchor="districts")
    ]
    # grouped once: per district over every agency was quadratic in a city of districts
    by_code = {a.code: a for a in result.agencies}
    members: dict[str, list[AgencyResult]] = {}
    for agency in result.agencies:
        members.setdefault(agency.district, []).append(agency)
    for roll_up in result.districts:
        counted = [(grade_name(result, g, lang), n) for g, n in roll_up.grade_counts.items() if n]
        counts = tallied(counted, lang, "个")
        blocks += [
            Heading(roll_up.name, 3),
            Facts(
                [
                    (label("mean", lang), score_text(roll_up.mean)),
                    (label("grade_counts", lang), counts or "—"),
                ]
            ),
            ranking_table(result, roll_up.ranking, lang, by_code),
            _section_table(result, members.get(roll_up.name, []), lang, roll_up),
        ]
    return blocks


def _section_table(
    result: RunResult, agencies: list[AgencyResult], lang: Lang, roll_up: District | None = None
) -> Table:
    """Agency × section scores (and the total); with ``roll_up``, a last row of its means."""
    sections = list(result.catalogue.sections)
    rows = []
    for agency in agencies:
        scores = {s.id: s.score for s in agency.sections}
        rows.append(
            [
                agency.code,
                *[score_text(scores.get(s)) for s in sections],
                score_text(agency.score, agency.max_score),
            ]
        )
    if roll_up is not None:
        means = [score_text(roll_up.sections.get(s)) for s in sections]
        rows.append([label("mean", lang), *means, score_text(roll_up.mean)])
    return Table(
        [label("code", lang), *sections, label("score", lang)], rows, align=_align(len(sections))
    )
