"""The terminal view of a run: per agency score, grade, sections, failed items; the district."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from audit.diagnostics import format_problem, position
from audit.engine.checks.results import pct
from audit.engine.findings import explained, short_of_full
from audit.engine.result import (
    FAILING,
    AgencyResult,
    ItemResult,
    RankEntry,
    RunResult,
    SectionScore,
)
from audit.i18n import Lang, char_cells, listed, pick
from audit.reports.blocks import Bars, Block, Facts, Heading, Table, Text
from audit.reports.labels import (
    label,
    named,
    period_text,
    points_text,
    score_text,
    tallied,
    told_apart,
    tone_of,
)

_MAX_REASON = 320  # terminal cells: a Chinese character takes two
SHOWN_WARNINGS = 5  # of one evidence file; validate lists every one


def _clip(text: str, limit: int = _MAX_REASON) -> str:
    """``text`` cut to ``limit`` terminal cells. Counted in characters, the English of a
    reason was cut where the Chinese, half as many characters, was whole."""
    widths = list(map(char_cells, text))
    if sum(widths) <= limit:
        return text
    used = 0
    for index, width in enumerate(widths):
        if used + width > limit - 1:  # room for the ellipsis
            return text[:index] + "…"
        used += width
    return text


def grade_name(result: RunResult, zh_name: str | None, lang: Lang) -> str:
    """A grade's name in ``lang`` (results store the checklist's Chinese name)."""
    if zh_name is None:
        return "—"
    if lang == "zh":
        return zh_name
    return next(
        (g["en"] for g in result.catalogue.grades if zh_name in (g["zh"], g["en"])), zh_name
    )


def header(result: RunResult, lang: Lang) -> list[Block]:
    """Title and the facts of the run."""
    title = result.catalogue.title.get(lang)
    pairs = [
        (
            label("checklist", lang),
            f"{result.checklist['id']} {result.checklist['version']} · {title}",
        ),
        (label("as_of", lang), result.as_of.isoformat()),
        (label("model", lang), result.model),
    ]
    if result.evaluator:
        pairs.append((label("evaluator", lang), result.evaluator))
    return [Heading(label("run.title", lang)), Facts(pairs)]


def agency_blocks(agency: AgencyResult, result: RunResult, lang: Lang) -> list[Block]:
    """Score box, sections and the items that did not pass, for one agency."""
    name = agency.name_en if lang == "en" and agency.name_en else agency.name
    grade = agency.grade if lang == "zh" else agency.grade_en
    pairs = [
        (label("score", lang), score_text(agency.score, agency.max_score)),
        (label("grade", lang), grade or "—"),
        (
            label("without_exemptions", lang),
            score_text(agency.score_without_exemptions, agency.without_maximum),
        ),
        (
            label("grade_without_exemptions", lang),
            grade_name(result, agency.grade_without_exemptions, lang),
        ),
        (label("period", lang), period_text(agency.period, lang)),
        (label("roles", lang), ", ".join(agency.roles)),
    ]
    blocks: list[Block] = [Heading(named(name, agency.code, lang), 2), Facts(pairs)]
    if agency.grade_capped_by:
        cap = grade_name(result, result.catalogue.critical_cap, lang)
        blocks.append(
            Text(
                label("capped", lang, cap=cap, items=", ".join(agency.grade_capped_by)), tone="bad"
            )
        )
    blocks += capped_without_exemptions(result, agency, lang)
    blocks += coverage_notes(agency, lang)
    sections = [s for s in agency.sections if s.score is not None]
    if sections:  # an agency no item applied to has no section to show, and no problem
        blocks.append(section_table(result, sections, lang))
    failing = [i for i in agency.items if i.outcome in FAILING or _set_aside(i)]
    if not failing:
        said = "no_problems" if agency.score is not None else "nothing_assessed"
        blocks.append(Text(label(said, lang), tone="good" if sections else "warn"))
        return blocks
    rows, tones = [], []
    for item in failing:
        text = result.catalogue.items[item.id]
        rows.append(
            [
                item.id,
                text.title.get(lang),
                label(item.outcome, lang),
                f"{points_text(item.earned)} / {points_text(item.points)}"
                if item.excluded is None
                else "—",
                _clip(reason(item, lang)),
            ]
        )
        tones.append(tone_of(item.outcome))
    blocks.append(
        Table(
            [
                label("item", lang),
                label("title", lang),
                label("outcome", lang),
                label("points", lang),
                label("reason", lang),
            ],
            rows,
            align=["left", "left", "left", "right", "left"],
            tones=tones,
        )
    )
    return blocks


def reason(item: ItemResult, lang: Lang) -> str:
    """Why an item has its outcome: an auditor's override with the computed outcome, the
    exemption decision, then the explanations of its failing (or attested) checks ("—" for
    a plain pass). The override comes first: a clipped line must still show it."""
    if item.excluded is not None and item.excluded != "exempted":
        return label(f"excluded:{item.excluded}", lang)
    parts = []
    if item.attestation is not None:
        computed = label(
            item.attestation.get("computed_outcome") or item.computed_outcome or "", lang
        )
        by = item.attestation.get("by", "")
        day = item.attestation.get("date")  # when, as a check's verdict says it
        remark = item.attestation.get("remark")  # why: the accountability needs it
        parts.append(
            pick(
                lang,
                f"经审计人员（{by}{f'，{day}' if day else ''}）复核调整（原结论：{computed}）"
                + (f"：{remark}" if remark else ""),
                f"overridden by the auditor {by}{f' on {day}' if day else ''} "
                f"(computed: {computed})" + (f": {remark}" if remark else ""),
            )
        )
    elif item.computed_outcome is not None and item.outcome != "exempted":
        computed = label(item.computed_outcome, lang)  # a verdict on a computed check
        parts.append(
            pick(
                lang,
                f"审计人员复核调整了检查结论（原结论：{computed}）",
                f"checks overridden by the auditor (computed: {computed})",
            )
        )
    if item.exemption is not None and item.exemption.status != "not_needed":
        verdict = label(item.exemption.status, lang)
        why = listed(lang, (r.zh if lang == "zh" else r.en for r in item.exemption.reasons))
        parts.append(
            pick(
                lang,
                f"{label('exemptions', lang)}：{verdict}——{why}",
                f"{label('exemptions', lang)}: {verdict} — {why}",
            )
        )
    parts += dict.fromkeys(  # two checks of one missing set: "… was not submitted" once
        explained(c)[0 if lang == "zh" else 1]
        for c in item.checks
        # a pass its item's scale credits below full is why the item is partial: said too
        if c.outcome not in ("pass", "not_applicable") or c.attestation or short_of_full(c)
    )
    return listed(lang, parts) or "—"


def _set_aside(item: ItemResult) -> bool:
    """Whether an item's outcome is not what its checks found: exempted, or overridden by
    the auditor (an override to a pass is shown too, with what was computed beside it)."""
    if item.outcome == "exempted":
        return True
    computed = (item.attestation or {}).get("computed_outcome") or item.computed_outcome
    return computed is not None and computed != item.outcome


def capped_legend(result: RunResult, lang: Lang) -> list[Block]:
    """What ⚑ means, under a table that shows it."""
    if not any(a.grade_capped_by for a in result.agencies):
        return []
    return [Text(label("legend.capped", lang), tone="muted")]


def ranked_scores(ranking: list[RankEntry], by_code: Mapping[str, AgencyResult]) -> dict[str, str]:
    """The score a ranking shows for each agency: scores out of 100 that differ never
    show alike beside different places."""
    out_of_100 = [
        e for e in ranking if e.score is not None and by_code[e.code].max_score in (None, 100.0)
    ]
    apart = told_apart(e.score for e in out_of_100 if e.score is not None)
    shown = {e.code: score_text(e.score, by_code[e.code].max_score) for e in ranking}
    shown.update({e.code: apart[e.score] for e in out_of_100 if e.score is not None})
    return shown


def ranking_table(
    result: RunResult,
    ranking: list[RankEntry],
    lang: Lang,
    by_code: Mapping[str, AgencyResult] | None = None,
) -> Table:
    """Rank, agency, score and grade (⚑ where a critical item capped it); ``by_code``: the
    run's agencies by code, when the caller draws many rankings (one per district)."""
    by_code = by_code if by_code is not None else {a.code: a for a in result.agencies}
    rows = []
    scores = ranked_scores(ranking, by_code)
    for entry in ranking:
        agency = by_code[entry.code]
        grade = agency.grade if lang == "zh" else agency.grade_en
        capped = " ⚑" if agency.grade_capped_by else ""
        name = agency.name_en if lang == "en" and agency.name_en else agency.name
        rows.append(
            [
                "—" if entry.rank is None else str(entry.rank),
                named(name, entry.code, lang),
                scores[entry.code],
                (grade or "—") + capped,
            ]
        )
    return Table(
        [label("rank", lang), label("agency", lang), label("score", lang), label("grade", lang)],
        rows,
        align=["right", "left", "right", "left"],
    )


def roll_up_title(result: RunResult, lang: Lang) -> str:
    """The roll-up's heading, saying when its ranking spans several districts (the district
    report ranks each district on its own below it)."""
    count = len({a.district for a in result.agencies})
    if count > 1:
        return label("district.across", lang, count=count)
    return label("district.title", lang)


def district_blocks(result: RunResult, lang: Lang) -> list[Block]:
    """Ranking, mean and grade distribution."""
    counts = tallied(result.district.grade_counts.items(), lang, "个")
    if lang == "en":  # "Excellent: 4", the grades by their English names
        names = {g["zh"]: g["en"] for g in result.catalogue.grades}
        counts = ", ".join(
            f"{names.get(g, g)}: {n}" for g, n in result.district.grade_counts.items()
        )
    return [
        Heading(roll_up_title(result, lang), 2),
        ranking_table(result, result.district.ranking, lang),
        *capped_legend(result, lang),
        Facts(
            [
                (label("mean", lang), score_text(result.district.mean)),
                (label("grade_counts", lang), counts),
            ]
        ),
        Bars(label("score", lang), ranked_bars(result.district.ranking)),
    ]


def ranked_bars(ranking: list[RankEntry]) -> list[tuple[str, float | None]]:
    """The score bars of a ranking, in its order (every report draws them alike). A bar
    is a share of 100: under the flat models a score is points, its percent is not."""
    return [(e.code, e.score if e.percent is None else e.percent) for e in ranking]


def capped_without_exemptions(result: RunResult, agency: AgencyResult, lang: Lang) -> list[Block]:
    """Why the grade without exemptions is capped where the grade is not (or by more
    items): a critical item that failed and was exempted caps it, and a score of 90.0 beside
    "Pass" must say so."""
    exempted = [
        i.id
        for i in agency.items
        if i.severity == "critical" and i.excluded == "exempted" and i.computed_outcome in FAILING
    ]
    if not exempted or result.catalogue.critical_cap is None:
        return []
    cap = grade_name(result, result.catalogue.critical_cap, lang)
    items = ", ".join(dict.fromkeys([*agency.grade_capped_by, *exempted]))
    return [Text(label("capped_without", lang, cap=cap, items=items), tone="warn")]


def coverage_notes(agency: AgencyResult, lang: Lang) -> list[Block]:
    """Warnings about what the score rests on: low coverage, calendar fallback years, and
    the evidence file's own warnings (a record outside the period counts for nothing, and
    the item it would have fed may fail for want of it)."""
    blocks: list[Block] = []
    if agency.low_coverage:
        # more than a fifth, and said so: 10 of 49 points is "20.41%", not "20%"
        share = pct(agency.coverage.get("excluded_share", 0), 0.2, 1)
        blocks.append(Text(label("low_coverage", lang, share=share), tone="warn"))
    blocks += fallback_note(agency.calendar_fallback_years, lang)
    if agency.warnings:
        lines = [label("evidence_warnings", lang, count=len(agency.warnings))]
        lines += [format_problem(w, lang) for w in agency.warnings[:SHOWN_WARNINGS]]
        if len(agency.warnings) > SHOWN_WARNINGS:
            more = len(agency.warnings) - SHOWN_WARNINGS
            lines.append(label("more_warnings", lang, count=more))
        blocks += [Text(line, tone="warn") for line in lines]
    return blocks


def fallback_note(years: Iterable[int], lang: Lang) -> list[Block]:
    """The years whose working days fell back to Monday–Friday, if any."""
    found = sorted(set(years))
    if not found:
        return []
    runs: list[list[int]] = []
    for year in found:  # 2027–9999, not eight thousand years one by one
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    shown = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
    key = "calendar_fallback" if len(found) > 1 else "calendar_fallback.one"
    return [Text(label(key, lang, years=shown), tone="warn")]


def section_table(result: RunResult, sections: list[SectionScore], lang: Lang) -> Table:
    """Score and earned / possible points per section."""
    return Table(
        [label("section", lang), label("score", lang), label("earned_of", lang)],
        [
            [
                f"{s.id} {result.catalogue.sections[s.id].get(lang)}",
                score_text(s.score),
                f"{points_text(s.earned)} / {points_text(s.possible)}",
            ]
            for s in sections
        ],
        align=["left", "right", "right"],
    )


def invalid_blocks(result: RunResult, lang: Lang) -> list[Block]:
    """The files that could not be audited, with their first errors."""
    if not result.invalid:
        return []
    rows = []
    for bad in result.invalid:
        for error in bad.errors[:5]:
            where = position(error.get("file") or bad.file, error.get("line"), error.get("column"))
            rows.append(
                [
                    where,
                    error.get("path") or "",
                    error["message"]["zh" if lang == "zh" else "en"],
                ]
            )
        if len(bad.errors) > 5:
            rows.append([bad.file, "", label("invalid.more", lang, count=len(bad.errors) - 5)])
    return [
        Heading(label("invalid.title", lang), 2),
        Table(
            [label("file", lang), label("json_path", lang), label("reason", lang)],
            rows,
            tones=["bad"] * len(rows),
        ),
    ]


def gate_lines(result: RunResult, lang: Lang) -> list[str]:
    """The CI gates that failed, one line each (none when every gate held)."""
    failed = result.gates.get("failed") or []
    if not failed:
        return []
    under, on = result.gates.get("fail_under"), result.gates.get("fail_on")
    gates = [f"--fail-under {under:g}"] if under is not None else []
    gates += [f"--fail-on {on}"] if on is not None else []
    head = label("gates.failed", lang, gates=", ".join(gates), count=len(failed))
    return [head, *(f"  {_severity_named(entry, lang)}" for entry in failed)]


def _severity_named(entry: str, lang: Lang) -> str:
    """A failed gate as the result records it (``HQ-SCJG/TJ-ENF-03: critical``), its
    severity in the report's language."""
    what, _, severity = entry.rpartition(": ")
    if severity in ("critical", "major", "minor"):
        return f"{what}: {label(severity, lang)}"
    return entry


def summary_line(result: RunResult, lang: Lang) -> str:
    """One closing line with the counts."""
    by = {
        s: sum(1 for f in result.findings if f.severity == s)
        for s in ("critical", "major", "minor")
    }
    return label(
        "summary.line",
        lang,
        agencies=len(result.agencies),
        findings=len(result.findings),
        invalid=len(result.invalid),
        agency_noun="agency" if len(result.agencies) == 1 else "agencies",
        finding_noun="finding" if len(result.findings) == 1 else "findings",
        **by,
    )


def summary(result: RunResult, lang: Lang) -> list[Block]:
    """The whole terminal view."""
    blocks = header(result, lang)
    for agency in result.agencies:
        blocks += agency_blocks(agency, result, lang)
    if result.agencies:
        blocks += district_blocks(result, lang)
    blocks += invalid_blocks(result, lang)
    blocks.append(
        Text(
            summary_line(result, lang), tone="bad" if result.findings or result.invalid else "good"
        )
    )
    blocks += [Text(line, tone="bad") for line in gate_lines(result, lang)]
    return blocks
