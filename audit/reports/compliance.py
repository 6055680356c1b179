"""The compliance report (合规评价报告) of one agency: cover, conclusion, items, method."""

from __future__ import annotations

from audit.engine.result import AgencyResult, ItemResult, ItemText, RunResult
from audit.i18n import Lang, listed, pick
from audit.reports.blocks import Bars, Block, Facts, Heading, Table, Text
from audit.reports.labels import label, period_text, points_text, score_text, tone_of
from audit.reports.summary import (
    capped_without_exemptions,
    coverage_notes,
    grade_name,
    reason,
    section_table,
)

SHOWN_IDS = 10


def agency_name(agency: AgencyResult, lang: Lang) -> str:
    """The agency's name in ``lang`` (the Chinese name when no English one was given)."""
    return agency.name_en if lang == "en" and agency.name_en else agency.name


def cover(result: RunResult, agency: AgencyResult, lang: Lang) -> Facts:
    """Who, when, against what."""
    roles = ", ".join(
        f"{result.catalogue.roles[r].get(lang)} ({r})" if r in result.catalogue.roles else r
        for r in agency.roles
    )
    pairs = [
        (
            label("unit", lang),
            f"{agency_name(agency, lang)}（{agency.code}）"
            if lang == "zh"
            else f"{agency_name(agency, lang)} ({agency.code})",
        ),
        (label("district", lang), agency.district),
        (label("roles", lang), roles),
        (label("period", lang), period_text(agency.period, lang)),
        (
            label("checklist", lang),
            f"{result.catalogue.title.get(lang)} "
            f"({result.checklist['id']} {result.checklist['version']})",
        ),
        (label("as_of", lang), result.as_of.isoformat()),
        (label("evaluator", lang), result.evaluator or "—"),
        (label("model", lang), result.model),
        (label("evidence_file", lang), agency.file),
    ]
    if agency.submitted_by.get("name"):
        who = agency.submitted_by["name"]
        if agency.submitted_by.get("title"):
            who += (
                f"（{agency.submitted_by['title']}）"
                if lang == "zh"
                else f" ({agency.submitted_by['title']})"
            )
        pairs.append((label("submitted_by", lang), who))
    return Facts(pairs)


def conclusion(result: RunResult, agency: AgencyResult, lang: Lang) -> list[Block]:
    """Score, grade, the score without exemptions, the cap and the coverage flag."""
    grade = grade_name(result, agency.grade, lang)
    blocks: list[Block] = [
        Facts(
            [
                (label("score", lang), score_text(agency.score, agency.max_score)),
                (label("grade", lang), grade),
                (
                    label("without_exemptions", lang),
                    score_text(agency.score_without_exemptions, agency.without_maximum),
                ),
                (
                    label("grade_without_exemptions", lang),
                    grade_name(result, agency.grade_without_exemptions, lang),
                ),
            ],
            tones={label("grade", lang): "bad" if agency.grade_capped_by else "plain"},
        )
    ]
    if agency.grade_capped_by:
        cap = grade_name(result, result.catalogue.critical_cap, lang)
        text = label("capped", lang, cap=cap, items=", ".join(agency.grade_capped_by))
        if agency.grade_uncapped and agency.grade_uncapped != agency.grade:
            uncapped = grade_name(result, agency.grade_uncapped, lang)
            text += pick(
                lang, f"（按得分应为“{uncapped}”）", f" (the score alone gives {uncapped})"
            )
        blocks.append(Text(text, tone="bad"))
    blocks += capped_without_exemptions(result, agency, lang)
    blocks += coverage_notes(agency, lang)
    return blocks


def _claim(item: ItemResult, lang: Lang) -> str:
    claim = (
        "—"
        if item.claim is None
        else label("claim:not_applicable" if item.claim == "not_applicable" else item.claim, lang)
    )
    text = f"{claim} / {label(item.outcome, lang)}"
    if item.discrepancy:
        text += f" ⚠ {label(item.discrepancy, lang)}"
    return text


def _tailored_thresholds(result: RunResult, lang: Lang) -> dict[str, str]:
    """Per item, a note of the thresholds this audit's tailoring changed: the requirement
    is the checklist's prose ("比例不低于15%"), which read beside a tailored "required >=
    0.25" in the same row as if the check had judged against it."""
    from audit.checklist.describe import literal

    notes: dict[str, list[str]] = {}
    for change in result.tailoring:
        item, _, check = change.target.partition("/")
        if check:
            old, new = literal(change.old), literal(change.new)
            notes.setdefault(item, []).append(f"{check} {change.field} {old} → {new}")
    head = "（本次审计调整：" if lang == "zh" else " (tailored for this audit: "
    tail = "）" if lang == "zh" else ")"
    return {item: head + listed(lang, found) + tail for item, found in notes.items()}


def _basis(text: ItemText, agency: AgencyResult, lang: Lang) -> str:
    """An item's legal basis for this agency: a text that did not govern its period is
    marked, as its findings mark it."""
    from audit.engine.findings import marked, outside_period

    return listed(
        lang,
        (
            marked(ref, outside_period(window, agency.period)).get(lang)
            for ref, window in zip(text.refs, text.ref_windows(), strict=True)
        ),
    )


def item_table(result: RunResult, agency: AgencyResult, lang: Lang) -> Table:
    """Every item that concerns the agency's roles, with its outcome and why."""
    rows, tones = [], []
    tailored = _tailored_thresholds(result, lang)
    for item in agency.items:
        if item.excluded == "role":
            continue
        text = result.catalogue.items[item.id]
        refs = sorted({r for c in item.checks for r in c.refs})
        evidence = ", ".join(refs[:SHOWN_IDS]) + (" …" if len(refs) > SHOWN_IDS else "")
        points = (
            "—" if item.excluded else f"{points_text(item.earned)} / {points_text(item.points)}"
        )
        requirement = (
            f"{text.title.get(lang)}：{text.requirement.get(lang)}"
            if lang == "zh"
            else f"{text.title.get(lang)}: {text.requirement.get(lang)}"
        )
        rows.append(
            [
                item.id,
                requirement + tailored.get(item.id, ""),
                _basis(text, agency, lang),
                label(item.outcome, lang),
                points,
                reason(item, lang),
                evidence or "—",
                _claim(item, lang),
            ]
        )
        tones.append(tone_of(item.outcome))
    return Table(
        [
            label("item", lang),
            label("requirement", lang),
            label("basis", lang),
            label("outcome", lang),
            label("points", lang),
            label("reason", lang),
            label("evidence", lang),
            label("claim_vs_verified", lang),
        ],
        rows,
        align=["left", "left", "left", "left", "right", "left", "left", "left"],
        tones=tones,
    )


def method(result: RunResult, agency: AgencyResult, lang: Lang) -> list[Block]:
    """How the score was computed, so that anyone can recompute it."""
    grades = ", ".join(
        f"{g['zh'] if lang == 'zh' else g['en']} ≥ {g['min']:g}" for g in result.catalogue.grades
    )
    blocks: list[Block] = [
        Heading(label("method", lang), 3),
        Text(label(f"method.{result.model}", lang)),
        Text(label("method.grades", lang, grades=grades)),
    ]
    if result.catalogue.critical_cap:
        blocks.append(
            Text(
                label(
                    "method.cap", lang, cap=grade_name(result, result.catalogue.critical_cap, lang)
                )
            )
        )
    weights = [
        [
            f"{s.id} {result.catalogue.sections[s.id].get(lang)}",
            points_text(s.earned),
            points_text(s.possible),
        ]
        for s in agency.sections
        if s.possible
    ]
    if weights:  # none when no item applied: no empty table
        blocks.append(
            Table(
                [label("section", lang), label("earned", lang), label("points", lang)],
                weights,
                align=["left", "right", "right"],
                caption=label("method.weights", lang),
            )
        )
    partial = [
        (i, rule)
        for i in agency.items
        if i.excluded is None and (rule := result.catalogue.items[i.id].scoring) is not None
    ]
    if partial:  # the rules that turn a measured share into credit: the score needs them
        blocks.append(
            Table(
                [
                    label("item", lang),
                    label("method.rule", lang),
                    label("credit", lang),
                    label("earned", lang),
                ],
                [
                    [
                        i.id,
                        rule.get(lang),
                        f"{i.credit:.4g}" if i.credit is not None else "—",
                        f"{points_text(i.earned)} / {points_text(i.points)}",
                    ]
                    for i, rule in partial
                ],
                align=["left", "left", "right", "right"],
                caption=label("method.partial", lang),
            )
        )
    excluded = [i for i in agency.items if i.excluded not in (None, "role")]
    if excluded:
        blocks.append(
            Table(
                [label("item", lang), label("points", lang), label("reason", lang)],
                [
                    [
                        i.id,
                        points_text(i.points),
                        label(f"excluded:{i.excluded}", lang)
                        + (
                            f"（{reason(i, lang)}）"
                            if i.excluded == "exempted" and lang == "zh"
                            else f" ({reason(i, lang)})"
                            if i.excluded == "exempted"
                            else ""
                        ),
                    ]
                    for i in excluded
                ],
                align=["left", "right", "left"],
                caption=label("method.excluded", lang),
            )
        )
    by_role = sum(1 for i in agency.items if i.excluded == "role")
    if by_role:
        blocks.append(Text(label("method.role_excluded", lang, count=by_role), tone="muted"))
    blocks += tailoring_blocks(result, lang)
    return blocks


def _setting(value: object, lang: Lang) -> str:
    """A tailored value as a reader writes it: 是/否 (yes/no), not Python's True/False; a
    severity by its name in ``lang``; a number with every digit it was given."""
    from audit.checklist.describe import literal

    if isinstance(value, bool):
        return pick(lang, "是" if value else "否", "yes" if value else "no")
    if value is None:
        return "—"
    if value in ("critical", "major", "minor"):
        return label(str(value), lang)
    if isinstance(value, float):
        return literal(value)
    return str(value)


# A tailored field's name in Chinese, beside the key the tailoring file uses.
_FIELDS_ZH = {
    "points": "分值",
    "severity": "严重程度",
    "selected": "是否选用",
    "value": "阈值",
    "within": "期限",
    "min_share": "最低比例",
    "min": "最少数量",
    "scoring.linear.target": "线性计分满分点",
    "scoring.tiers": "分档计分",
}


def _field(name: str, lang: Lang) -> str:
    zh = _FIELDS_ZH.get(name)
    return f"{zh}（{name}）" if lang == "zh" and zh else name


def tailoring_blocks(result: RunResult, lang: Lang) -> list[Block]:
    """The tailoring changes of the run."""
    if not result.tailoring:
        return [Text(label("method.no_tailoring", lang), tone="muted")]
    return [
        Table(
            [
                label("item", lang),
                label("field", lang),
                label("old", lang),
                label("new", lang),
                label("reason", lang),
            ],
            [
                [
                    c.target,
                    _field(c.field, lang),
                    _setting(c.old, lang),
                    _setting(c.new, lang),
                    c.reason or "—",
                ]
                for c in result.tailoring
            ],
            caption=label("method.tailoring", lang),
        )
    ]


def _unscored(agency: AgencyResult, lang: Lang) -> list[Block]:
    """Where the section scores go when no section has one: that nothing was assessed, if
    no item applied at all (every item exempted is assessed, and its table says so)."""
    if any(i.excluded in (None, "exempted") for i in agency.items):
        return []
    return [Text(label("nothing_assessed", lang), tone="warn")]


def compliance(result: RunResult, agency: AgencyResult, lang: Lang) -> list[Block]:
    """The whole compliance report of one agency."""
    title = f"{label('compliance.title', lang)} — {agency_name(agency, lang)}"
    sections = [s for s in agency.sections if s.score is not None]
    scored: list[Block] = [  # an agency no item applied to: no empty chart, no empty table
        Bars(
            label("sections", lang),
            [(f"{s.id} {result.catalogue.sections[s.id].get(lang)}", s.score) for s in sections],
        ),
        section_table(result, sections, lang),
    ]
    return [
        Heading(title, 1, anchor=f"compliance-{agency.code}"),
        cover(result, agency, lang),
        Heading(label("conclusion", lang), 2),
        *conclusion(result, agency, lang),
        *(scored if sections else _unscored(agency, lang)),
        Heading(label("items.title", lang), 2),
        item_table(result, agency, lang),
        *method(result, agency, lang),
    ]
