"""Findings for the accountability report: who must fix what, by when, under which clause."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from audit.checklist import model as m
from audit.engine.calendar import WorkCalendar
from audit.engine.checks.results import pct
from audit.engine.result import (
    FAILING,
    OUTCOME_NAMES,
    Bilingual,
    CheckResult,
    Finding,
    ItemResult,
    ItemText,
    Person,
)

LIABILITY_OUTCOMES = frozenset({"fail", "missing"})


def responsible_for(
    item: m.Item,
    claim: Mapping[str, Any] | None,
    doc: Mapping[str, Any],
    checklist: m.Checklist,
    roles: list[str],
) -> Person:
    """Unit, person and leader each from the item claim's ``responsible``, else the file's
    (its default owner of every item); a unit neither names is the role concerned."""
    own = (claim or {}).get("responsible") or {}
    default = doc.get("responsible") or {}
    unit, person, leader = (
        own.get(key) or default.get(key) for key in ("unit", "person", "leader")
    )
    if unit:
        return Person(unit=unit, person=person, leader=leader)
    concerned = [r for r in roles if r in item.roles] or roles
    role = checklist.roles.get(concerned[0]) if concerned else None
    return Person(
        unit=role.zh if role else None,
        unit_en=role.en if role else None,
        person=person,
        leader=leader,
    )


def short_of_full(check: CheckResult) -> bool:
    """Whether a check passed and its item's scale still gave it less than full credit."""
    return check.outcome == "pass" and check.credit is not None and check.credit < 1.0


def explained(check: CheckResult) -> tuple[str, str]:
    """A check's explanation (zh, en), with its credit where it passed below full."""
    zh, en = check.explanation.zh, check.explanation.en
    if short_of_full(check):  # passed, and scored below full by the scale
        credit = pct(check.credit or 0.0, 1.0, -1)  # never "100%" for 0.999999999
        zh, en = f"{zh}（得分率 {credit}）", f"{en} (credit {credit})"
    return zh, en


def problem_text(result: ItemResult, text: ItemText) -> Bilingual:
    """What is wrong, from the checks that did not pass (offending ids included).

    An explanation two checks share ("records.x was not submitted") is said once; when the
    clauses differ, each names the checks it comes from, so that two alike sentences of
    two deadline checks can be told apart.
    """
    said: dict[tuple[str, str], list[str]] = {}
    for check in result.checks:
        settled = check.outcome == "not_applicable" or (
            check.outcome == "pass" and not short_of_full(check)
        )
        if settled and result.attestation is None:
            continue
        said.setdefault(explained(check), []).append(check.id)
    named = len(said) > 1
    parts_zh = [f"[{', '.join(ids)}] {zh}" if named else zh for (zh, _), ids in said.items()]
    parts_en = [f"[{', '.join(ids)}] {en}" if named else en for (_, en), ids in said.items()]
    if result.attestation is not None:  # the verdict, who gave it, and what was computed
        by = result.attestation.get("by")
        day = result.attestation.get("date")
        by_zh, by_en = (f"{by}，{day}", f"{by} on {day}") if day else (by, by)
        zh, en = OUTCOME_NAMES.get(result.attestation.get("computed_outcome") or "", ("—", "—"))
        verdict = OUTCOME_NAMES[result.outcome][0]
        remark = result.attestation.get("remark")
        parts_zh.append(
            f"审计人员（{by_zh}）核实为{verdict}（原结论：{zh}）"
            + (f"：{remark}" if remark else "")
        )
        parts_en.append(
            f"attested {result.outcome} by {by_en} (computed: {en})"
            + (f": {remark}" if remark else "")
        )
    return Bilingual(
        zh=f"{text.title.zh}：" + "；".join(parts_zh), en=f"{text.title.en}: " + "; ".join(parts_en)
    )


def liability_text(cite: Bilingual) -> Bilingual:
    """The liability clause worded as a recommendation to the competent authority."""
    return Bilingual(
        zh=f"建议有权机关依据{cite.zh}，对相关责任人员的责任予以审查认定",
        en=f"Recommend that the competent authority examine the responsibility of the persons "
        f"concerned under {cite.en}",
    )


def withheld_text(cite: Bilingual) -> Bilingual:
    """Why a finding recommends no liability under the clause its item names."""
    return Bilingual(
        zh=f"不提出追责建议：{cite.zh}在审计期间尚未施行",
        en=f"No liability recommended: {cite.en} was not yet in force in the audited period",
    )


OUT_OF_FORCE = {
    "later": Bilingual(zh="〔审计期间尚未施行〕", en=" [not yet in force in the audited period]"),
    "replaced": Bilingual(
        zh="〔审计期间前已被新文本取代〕",
        en=" [replaced by a newer text before the audited period]",
    ),
}


def outside_period(
    window: tuple[dt.date | None, dt.date | None] | None, period: Mapping[str, Any]
) -> str | None:
    """Why a text in force over ``window`` (first day, first day of its replacement; the
    catalogue's ``refs_in_force``) did not govern ``period``: "later", "replaced", or None.
    A finding or a report citing it says so (a 2019 finding must not read as resting on a
    2020 text)."""
    if window is None:
        return None
    start, until = window
    if start is not None and start > period["end"]:
        return "later"
    if until is not None and until <= period["start"]:
        return "replaced"
    return None


def marked(text: Bilingual, why: str | None) -> Bilingual:
    """``text`` (a citation) with the mark of why it did not govern the period, if it did
    not."""
    if why is None:
        return text
    mark = OUT_OF_FORCE[why]
    return Bilingual(zh=text.zh + mark.zh, en=text.en + mark.en)


def finding_for(
    result: ItemResult,
    *,
    code: str,
    text: ItemText,
    item: m.Item,
    claim: Mapping[str, Any] | None,
    doc: Mapping[str, Any],
    checklist: m.Checklist,
    roles: list[str],
    as_of: dt.date,
    calendar: WorkCalendar,
    file: str,
) -> Finding | None:
    """The finding of an item that is applicable and not passed (None otherwise); a cited
    text not in force in the agency's period is marked where it is cited."""
    if result.outcome not in FAILING:
        return None
    period = doc["period"]
    refs = [
        marked(ref, outside_period(window, period))
        for ref, window in zip(text.refs, text.ref_windows(), strict=True)
    ]
    days = getattr(checklist.checklist.rectification_days, result.severity)
    liability = withheld = None
    why = outside_period(text.liability_in_force, period) if text.liability else None
    if (
        text.liability is not None
        and result.outcome in LIABILITY_OUTCOMES
        and result.severity != "minor"
    ):
        if why == "later":  # a clause not yet in force for the period holds no one to account
            withheld = withheld_text(text.liability)
        else:
            liability = liability_text(marked(text.liability, why))
    return Finding(
        id=f"{code}/{result.id}",
        agency=code,
        item=result.id,
        outcome=result.outcome,
        severity=result.severity,
        problem=problem_text(result, text),
        refs=refs,
        responsible=responsible_for(item, claim, doc, checklist, roles),
        remedy=text.remedy,
        deadline=calendar.add_working_days(as_of, days),
        liability=liability,
        liability_withheld=withheld,
        discrepancy=result.discrepancy,
        file=file,
    )
