"""Evaluate one agency's evidence: every item, the scores, the findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from audit.checklist import model as m
from audit.engine.attestations import Attestation, Key
from audit.engine.calendar import WorkCalendar
from audit.engine.context import Context
from audit.engine.findings import finding_for
from audit.engine.items import judge_item
from audit.engine.result import FAILING, AgencyResult, Catalogue, Finding
from audit.engine.scoring import score_agency
from audit.evidence.semantics import Columns


def evaluate_agency(
    doc: Mapping[str, Any],
    *,
    checklist: m.Checklist,
    catalogue: Catalogue,
    as_of: dt.date,
    model: str,
    file: str,
    deselected: Mapping[str, str],
    attestations: Mapping[Key, Attestation],
    attachments_checked: bool,
    warnings: list[dict[str, Any]] | None = None,
    columns: Columns | None = None,
) -> tuple[AgencyResult, list[Finding]]:
    """The scored result and the findings of one valid evidence document (``columns``: those
    its validation gathered)."""
    agency = doc["agency"]
    code: str = agency["code"]
    roles = list(agency["roles"])
    role_set = frozenset(roles)
    calendar = WorkCalendar()
    ctx = Context(doc, checklist, as_of=as_of, calendar=calendar, columns=columns)
    claims: Mapping[str, Any] = doc.get("items") or {}
    verified = (
        frozenset(d["id"] for d in ctx.documents if "path" in d and "sha256" in d)
        if attachments_checked
        else None
    )
    evaluated = [
        judge_item(
            item,
            ctx,
            roles=role_set,
            code=code,
            claim=claims.get(item.id),
            deselected=deselected.get(item.id),
            attestations=attestations,
            verified=verified,
        )
        for item in checklist.items
    ]
    items = [result for result, _ in evaluated]
    exact = {result.id: credit for result, credit in evaluated if credit is not None}
    score = score_agency(items, checklist, model, exact)
    findings = []
    for judged in items:
        if judged.outcome not in FAILING:  # most items: no finding to make
            continue
        finding = finding_for(
            judged,
            code=code,
            text=catalogue.items[judged.id],
            item=checklist.items_by_id[judged.id],
            claim=claims.get(judged.id),
            doc=doc,
            checklist=checklist,
            roles=roles,
            as_of=as_of,
            calendar=calendar,
            file=file,
        )
        if finding is not None:
            findings.append(finding)
    period = doc["period"]
    result = AgencyResult(
        code=code,
        name=agency["name"],
        name_en=agency.get("name_en"),
        district=agency["district"],
        roles=roles,
        period={"start": period["start"], "end": period["end"]},
        file=file,
        submitted_by={k: v for k, v in (doc.get("submitted_by") or {}).items() if v},
        score=score.score,
        score_without_exemptions=score.score_without_exemptions,
        max_score_without_exemptions=score.max_score_without_exemptions,
        max_score=score.max_score,
        grade=score.grade.zh if score.grade else None,
        grade_en=score.grade.en if score.grade else None,
        grade_uncapped=score.grade_uncapped.zh if score.grade_uncapped else None,
        grade_without_exemptions=(
            score.grade_without_exemptions.zh if score.grade_without_exemptions else None
        ),
        grade_capped_by=score.capped_by,
        low_coverage=score.low_coverage,
        coverage=score.coverage,
        sections=score.sections,
        items=items,
        warnings=warnings or [],
        calendar_fallback_years=sorted(calendar.fallback_days),
    )
    return result, findings
