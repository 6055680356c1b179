"""Item outcomes: credit over checks, attestations, fault-tolerance exemptions, discrepancies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from audit.checklist import model as m
from audit.engine.attestations import Attestation, Key
from audit.engine.checks import SHARE_KINDS, run_check
from audit.engine.checks.exact import exact, exact_quotient
from audit.engine.context import Context
from audit.engine.result import (
    OUTCOME_NAMES,
    Bilingual,
    CheckResult,
    Exemption,
    ItemResult,
    Reason,
    settled,
)
from audit.evidence.shape import CONDITION_NAMES

_ONE, _ZERO = Decimal(1), Decimal(0)


def credit_of(result: CheckResult, scoring: m.Scoring | None) -> float:
    """A check's credit: 1/0, or the tier/linear value of its measured share."""
    if result.outcome in ("missing", "error"):
        return 0.0
    if result.attestation is not None:  # the auditor's verdict replaces the measurement
        return 1.0 if result.outcome == "pass" else 0.0
    measured = result.measured
    if scoring is not None and result.kind in SHARE_KINDS and isinstance(measured, (int, float)):
        value = float(measured)
        if scoring.tiers is not None:
            return next((credit for level, credit in scoring.tiers if value >= level), 0.0)
        if scoring.linear is not None:
            lin = scoring.linear
            # in decimal: 0.9999999999 of the target is partial credit, never rounded to 1
            share = exact_quotient(
                exact(value) - exact(lin.floor), exact(lin.target) - exact(lin.floor)
            )
            return float(min(_ONE, max(_ZERO, share)))
    return 1.0 if result.outcome == "pass" else 0.0


def _attested(result: CheckResult, attestation: Attestation) -> CheckResult:
    """A check with the auditor's verdict; a computed check keeps what it found, and says
    so beside the verdict (checklist.md: in every report)."""
    details = attestation.model_dump(mode="json", exclude_none=True)
    verdict_zh = OUTCOME_NAMES[attestation.result][0]
    verdict_en = attestation.result
    computed = None if result.kind == "manual" else result.outcome
    was_zh, was_en = OUTCOME_NAMES.get(computed or "", ("", ""))
    note = Bilingual(
        zh=f"审计人员核实：{verdict_zh}（{attestation.by}，{attestation.date}）"
        + (f"，原结论：{was_zh}" if computed else "")
        + (f"；{attestation.remark}" if attestation.remark else ""),
        en=f"attested {verdict_en} by {attestation.by} on {attestation.date}"
        + (f" (computed: {was_en})" if computed else "")
        + (f"; {attestation.remark}" if attestation.remark else ""),
    )
    return result.model_copy(
        update={
            "outcome": attestation.result,
            "computed_outcome": computed,
            "attestation": details,
            "explanation": note,
        }
    )


def item_outcome(checks: list[CheckResult]) -> str:
    """pass / missing / error / fail / partial, in the order checklist.md gives, from the
    checks' credits (set): a weighted mean of credits is 1 exactly when every credit is 1,
    and 0 when every one is 0, whatever the float sum of them says."""
    if all(c.credit == 1.0 for c in checks):
        return "pass"
    if all(c.outcome == "missing" for c in checks):
        return "missing"
    if any(c.outcome == "error" for c in checks):
        return "error"
    if all(c.credit == 0.0 for c in checks):
        return "fail"
    return "partial"


# Why a claimed exemption is not needed: the item passed, or was left out (and why).
_UNNEEDED = {
    "pass": ("该项未发现问题，无需容错免责", "the item has no problem; no exemption is needed"),
    "role": ("该项不适用于本单位，无需容错免责", "the item does not apply; no exemption is needed"),
    "deselected": (
        "该项本次审计未选用，无需容错免责",
        "the item is deselected for this audit; no exemption is needed",
    ),
    "effective_from": (
        "该项在本期尚未生效，无需容错免责",
        "the item is not yet in force for the period; no exemption is needed",
    ),
}


def decide_exemption(
    item: m.Item,
    claim: Mapping[str, Any],
    outcome: str,
    ctx: Context,
    *,
    verified: frozenset[str] | None,
    left_out: str | None = None,
) -> Exemption | None:
    """Grant or refuse a fault-tolerance claim; every failing condition is a reason.
    ``verified``: the documents whose attachment verified (None: attachments unchecked);
    ``left_out``: why the item was left out before any check ran (role, deselected,
    effective_from), which is why no exemption is needed."""
    exemption = claim.get("exemption")
    if not exemption:
        return None
    base = {
        "reason": exemption.get("reason"),
        "decision": exemption.get("decision"),
        "approved_by": exemption.get("approved_by"),
    }
    if outcome in ("pass", "not_applicable"):
        zh, en = _UNNEEDED["pass" if outcome == "pass" else left_out or "role"]
        return Exemption(
            status="not_needed",
            reasons=[Reason(code="not_needed", zh=zh, en=en)],
            **base,
        )
    reasons: list[Reason] = []
    if not item.exemptable:
        reasons.append(
            Reason(
                code="not_exemptable", zh="该项不适用容错免责", en="the item may not be exempted"
            )
        )
    conditions = exemption.get("conditions") or {}
    for name, (zh, en) in CONDITION_NAMES.items():
        if conditions.get(name) is not True:
            reasons.append(
                Reason(
                    code=f"condition:{name}",
                    zh=f"不符合免责条件“{zh}”",
                    en=f"condition not met: {en}",
                )
            )
    decision = exemption.get("decision")
    document = next((d for d in ctx.documents if d.get("id") == decision), None)
    if document is None or document.get("kind") != "fault_tolerance_decision":
        reasons.append(
            Reason(
                code="decision_missing",
                zh=f"缺少容错免责认定文书 {decision}",
                en=f"no fault-tolerance decision document {decision}",
            )
        )
    else:
        issued: dt.date = document["issued"]
        if issued > ctx.as_of:
            reasons.append(
                Reason(
                    code="decision_after_as_of",
                    zh=f"认定文书 {decision} 的印发日期 {issued} 晚于核查日期",
                    en=f"decision {decision} is dated {issued}, after the as-of date",
                )
            )
        attached = "path" in document and "sha256" in document
        if verified is None and attached:  # --no-attachments: say so, or the refusal looks
            # like the agency's (a decision with no file to verify is the agency's: below)
            reasons.append(
                Reason(
                    code="decision_unverified",
                    zh=f"认定文书 {decision} 的附件未核验：本次运行使用了 --no-attachments，"
                    "去掉该选项即可核验",
                    en=f"decision {decision} was not verified: this run skips attachments "
                    "(--no-attachments); run without it to verify the decision",
                )
            )
        elif verified is None or decision not in verified:
            reasons.append(
                Reason(
                    code="decision_unverified",
                    zh=f"认定文书 {decision} 没有经过哈希核验的附件：请附上文书文件"
                    "（path 和 sha256），以便核验",
                    en=f"decision {decision} has no attachment whose hash was verified: "
                    "attach the decision's file (path and sha256) so that it can be verified",
                )
            )
    if not str(exemption.get("approved_by") or "").strip():
        reasons.append(
            Reason(code="approved_by_missing", zh="未写明批准机关", en="no approving body is given")
        )
    if reasons:
        return Exemption(status="refused", reasons=reasons, **base)
    return Exemption(
        status="granted",
        reasons=[
            Reason(
                code="granted",
                zh=f"四项条件均满足，认定文书 {decision} 已核验，批准机关：{base['approved_by']}",
                en=f"all four conditions hold; decision {decision} verified; approved by "
                f"{base['approved_by']}",
            )
        ],
        **base,
    )


def discrepancy_of(claim: str | None, outcome: str, excluded: str | None = None) -> str | None:
    """Self-assessment against the verified outcome: every disagreement (evidence.md).

    Claiming more than was verified is *overstated* (met → anything short of a pass;
    partly met → nothing passed), less is *understated* (not met → pass or partial; partly
    met → pass); calling an item that applies "not applicable" is *disputed_na*, and
    judging one that does not apply (its roles, nothing to check, not yet in force) is
    *claimed_but_na*. An item the auditor deselected was not verified: nothing to dispute.
    """
    if claim is None:
        return None
    if claim == "not_applicable":
        return "disputed_na" if outcome != "not_applicable" else None
    if outcome == "not_applicable":
        return "claimed_but_na" if excluded != "deselected" else None
    verified = 1.0 if outcome == "pass" else 0.5 if outcome == "partial" else 0.0
    claimed = {"met": 1.0, "partly_met": 0.5, "not_met": 0.0}.get(claim)
    if claimed is None or claimed == verified:
        return None
    return "overstated" if claimed > verified else "understated"


_EXCLUDED: dict[tuple[Any, ...], ItemResult] = {}


def _left_out(
    item: m.Item, why: str, claimed: str | None, exemption: Exemption | None
) -> ItemResult:
    """The result of an item left out before any check ran (by role, deselected, not yet in
    force). Without an exemption claim it depends on nothing but the item and the claim, so
    one instance serves every agency of a run: results are never changed once made."""
    fields: dict[str, Any] = {
        "id": item.id,
        "section": item.section,
        "points": item.points,
        "severity": item.severity,
        "claim": claimed,
        "outcome": "not_applicable",
        "excluded": why,
        "earned": 0.0,
        "discrepancy": discrepancy_of(claimed, "not_applicable", why),
    }
    if exemption is not None:  # claimed all the same: reported as not needed
        return ItemResult(exemption=exemption, **fields)
    key = (item.id, item.section, item.points, item.severity, why, claimed)
    found = _EXCLUDED.get(key)
    if found is None:
        found = _EXCLUDED[key] = ItemResult(**fields)
    return found


def _why_left_out(
    item: m.Item, roles: frozenset[str], deselected: str | None, ctx: Context
) -> str | None:
    if not item.applies_to(roles):
        return "role"
    if deselected is not None:
        return "deselected"
    if item.effective_from is not None and ctx.end < item.effective_from:
        return "effective_from"
    return None


def _judged(applicable: list[CheckResult], scoring: m.Scoring | None) -> tuple[str, float, float]:
    """(outcome, settled credit, exact credit) over the applicable checks' results, whose
    own credit is set on the way; nothing to judge is not applicable."""
    if not applicable:
        return "not_applicable", 0.0, 0.0
    weight = credit = 0.0
    for result in applicable:
        result.credit = credit_of(result, scoring)
        weight += result.weight
        credit += result.weight * result.credit
    exact = credit / weight  # unsettled: earned points from it add up exactly (15 × 1/3 is 5)
    outcome = item_outcome(applicable)
    shown = settled(exact)
    if (shown == 1.0) != (outcome == "pass") or (shown == 0.0 and outcome == "partial"):
        shown = exact  # a credit a hair from 1 or 0 is shown as it is, never rounded onto it
    return outcome, shown, exact


def judge_item(
    item: m.Item,
    ctx: Context,
    *,
    roles: frozenset[str],
    code: str,
    claim: Mapping[str, Any] | None,
    deselected: str | None,
    attestations: Mapping[Key, Attestation],
    verified: frozenset[str] | None,
) -> tuple[ItemResult, float | None]:
    """The item's result, and its credit as computed before it was settled for showing
    (None when nothing was judged): the agency's scores are summed from it."""
    claim = claim or {}
    claimed = claim.get("claim")
    why = _why_left_out(item, roles, deselected, ctx)
    if why is not None:
        unneeded = decide_exemption(
            item, claim, "not_applicable", ctx, verified=verified, left_out=why
        )
        return _left_out(item, why, claimed, unneeded), None
    base: dict[str, Any] = {
        "id": item.id,
        "section": item.section,
        "points": item.points,
        "severity": item.severity,
        "claim": claimed,
    }
    results = [run_check(check, ctx) for check in item.checks]
    unattested = list(results)
    if attestations:
        for index, check in enumerate(item.checks):
            attestation = attestations.get((code, item.id, check.id))
            if attestation is not None:
                results[index] = _attested(results[index], attestation)
    applicable = [r for r in results if r.outcome != "not_applicable"]
    override = attestations.get((code, item.id, None)) if attestations else None
    if not applicable and override is None:
        return ItemResult(
            outcome="not_applicable",
            excluded="no_population",
            earned=0.0,
            discrepancy=discrepancy_of(claimed, "not_applicable"),
            checks=results,
            exemption=decide_exemption(item, claim, "not_applicable", ctx, verified=verified),
            **base,
        ), None
    outcome, credit, exact = _judged(applicable, item.scoring)
    computed: str | None = None
    attested = None
    if override is None and any(r.computed_outcome for r in results):
        # a verdict on a computed check: the item keeps what the checks alone found
        alone = _judged([r for r in unattested if r.outcome != "not_applicable"], item.scoring)
        computed = alone[0] if alone[0] != outcome else None
    if override is not None:  # the auditor's verdict replaces the computed outcome
        computed, outcome = outcome, override.result
        credit = exact = 1.0 if override.result == "pass" else 0.0
        attested = override.model_dump(mode="json", exclude_none=True)
        # what the checks alone found, before any verdict: computed_outcome may end up as the
        # verdict itself (under a granted exemption) or follow a check's verdict
        own = [r for r in unattested if r.outcome != "not_applicable"]
        attested["computed_outcome"] = _judged(own, item.scoring)[0]
    exemption = decide_exemption(item, claim, outcome, ctx, verified=verified)
    excluded = None
    if exemption is not None and exemption.status == "granted":
        computed, outcome, excluded = outcome, "exempted", "exempted"
    return ItemResult(
        outcome=outcome,
        computed_outcome=computed,
        excluded=excluded,
        credit=credit,
        earned=0.0 if excluded else settled(item.points * exact),
        # an exempted item is compared with what was found before the exemption
        discrepancy=discrepancy_of(
            claimed, (computed if excluded == "exempted" else None) or outcome
        ),
        exemption=exemption,
        checks=results,
        attestation=attested,
        **base,
    ), exact
