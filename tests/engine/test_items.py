"""Item outcomes, partial credit, exemptions, attestations and discrepancies."""

from __future__ import annotations

from typing import Any

import pytest

from audit.checklist import model as m
from audit.engine.attestations import Attestation
from audit.engine.items import credit_of, discrepancy_of, item_outcome, judge_item
from audit.engine.result import Bilingual, CheckResult
from tests.engine.helpers import context, d, mini, pd

ROLES = frozenset({"enforcement"})


def _result(outcome: str, measured: float | None = None, kind: str = "deadline") -> CheckResult:
    return CheckResult(
        id="c",
        kind=kind,
        outcome=outcome,
        measured=measured,
        explanation=Bilingual(zh="x", en="x"),
    )


def test_tiers_and_linear_credit() -> None:
    tiers = m.Scoring(tiers=[(1.0, 1.0), (0.95, 0.5)])
    assert credit_of(_result("pass", 1.0), tiers) == 1.0
    assert credit_of(_result("fail", 0.95), tiers) == 0.5  # ties reach the tier
    assert credit_of(_result("fail", 0.9499), tiers) == 0.0
    lowest_first = m.Scoring(tiers=[(0.5, 0.25), (0.95, 0.5), (1.0, 1.0)])  # any order
    assert credit_of(_result("fail", 0.97), lowest_first) == 0.5
    assert credit_of(_result("fail", 0.6), lowest_first) == 0.25
    assert credit_of(_result("pass", 1.0), lowest_first) == 1.0
    linear = m.Scoring(linear=m.Linear(floor=0.4, target=0.55))
    assert credit_of(_result("fail", 0.475, "ratio"), linear) == pytest.approx(0.5)
    assert credit_of(_result("pass", 0.6, "ratio"), linear) == 1.0
    assert credit_of(_result("fail", 0.3, "ratio"), linear) == 0.0
    assert credit_of(_result("missing"), linear) == 0.0
    assert credit_of(_result("fail", 3, "count"), tiers) == 0.0  # counts earn 1 or 0


def _credited(outcome: str, credit: float) -> CheckResult:
    result = _result(outcome)
    result.credit = credit
    return result


def test_outcome_order() -> None:
    assert item_outcome([_credited("pass", 1.0)]) == "pass"
    assert item_outcome([_credited("missing", 0.0), _credited("missing", 0.0)]) == "missing"
    assert item_outcome([_credited("missing", 0.0), _credited("error", 0.0)]) == "error"
    assert item_outcome([_credited("fail", 0.0), _credited("pass", 1.0)]) == "partial"
    assert item_outcome([_credited("fail", 0.0), _credited("missing", 0.0)]) == "fail"
    # decided by the credits, not by their float mean: a hair under 1 is partial credit
    assert item_outcome([_credited("fail", 0.9999999999)]) == "partial"
    assert item_outcome([_credited("fail", 1e-10)]) == "partial"


def test_linear_credit_a_hair_under_the_target_is_partial_not_a_pass() -> None:
    """99,999,999.99 of a target of 100,000,000 earned full credit: the linear share
    was rounded to nine decimals, and the item passed, uncapped, without a finding."""
    linear = m.Scoring(linear=m.Linear(floor=0, target=1))
    credit = credit_of(_result("fail", 0.9999999999, "ratio"), linear)
    assert credit == 0.9999999999
    third = credit_of(
        _result("fail", 0.5, "ratio"), m.Scoring(linear=m.Linear(floor=0.2, target=1.1))
    )
    assert third == 1 / 3  # exact in decimal, then the nearest float: 15 x it is 5
    assert 15 * third == 5.0


@pytest.mark.parametrize(
    ("claim", "outcome", "expected"),
    [
        ("met", "pass", None),
        ("met", "partial", "overstated"),
        ("met", "fail", "overstated"),
        ("met", "missing", "overstated"),
        ("met", "not_applicable", "claimed_but_na"),
        ("not_met", "not_applicable", "claimed_but_na"),
        ("partly_met", "partial", None),
        ("partly_met", "pass", "understated"),
        ("partly_met", "fail", "overstated"),
        ("not_met", "fail", None),
        ("not_met", "partial", "understated"),
        ("not_met", "pass", "understated"),
        ("not_applicable", "not_applicable", None),
        ("not_applicable", "fail", "disputed_na"),
        ("not_applicable", "pass", "disputed_na"),
        (None, "fail", None),
    ],
)
def test_every_disagreement_is_a_discrepancy(
    claim: str | None, outcome: str, expected: str | None
) -> None:
    assert discrepancy_of(claim, outcome) == expected


def test_a_verdict_claimed_on_an_item_that_does_not_apply_is_reported() -> None:
    """evidence.md: every disagreement is reported. A claim on an item outside the agency's
    roles, or with nothing to check, disagrees with "not applicable"; on an item the auditor
    deselected nothing was verified, so nothing disagrees."""
    met = {"claim": "met"}
    court = _evaluate("M-ENF-01", LATE, claim=met, roles=frozenset({"court"}))
    assert (court.excluded, court.discrepancy) == ("role", "claimed_but_na")
    empty: dict[str, Any] = {"penalty_decisions": [], "legal_reviews": []}
    nothing = _evaluate("M-ENF-02", empty, claim=met)
    assert (nothing.excluded, nothing.discrepancy) == ("no_population", "claimed_but_na")
    left = _evaluate("M-ENF-01", LATE, claim=met, deselected="not audited this year")
    assert (left.excluded, left.discrepancy) == ("deselected", None)
    unclaimed = _evaluate("M-ENF-01", LATE, roles=frozenset({"court"}))
    assert unclaimed.discrepancy is None


def _evaluate(
    item_id: str,
    records: dict[str, Any],
    *,
    claim: dict[str, Any] | None = None,
    documents: list[dict[str, Any]] | None = None,
    verified: frozenset[str] | None = frozenset(),
    attestations: dict[Any, Attestation] | None = None,
    deselected: str | None = None,
    roles: frozenset[str] = ROLES,
    end: str = "2020-06-30",
) -> Any:
    checklist = mini()
    ctx = context(records=records, documents=documents, end=end)
    result, _ = judge_item(
        checklist.items_by_id[item_id],
        ctx,
        roles=roles,
        code="T",
        claim=claim,
        deselected=deselected,
        attestations=attestations or {},
        verified=verified,
    )
    return result


LATE = {
    "penalty_decisions": [pd(f"p{n}", "2020-03-02", "2020-03-03") for n in range(19)]
    + [pd("late", "2020-03-02", "2020-04-30")]
}


def test_tiered_item_is_partial_with_half_credit() -> None:
    result = _evaluate("M-ENF-01", LATE)  # 19 / 20 = 95 % → tier 0.9 → 0.5
    assert (result.outcome, result.credit, result.earned) == ("partial", 0.5, 5.0)


def _ft_doc(issued: str = "2020-06-01") -> dict[str, Any]:
    return {
        "id": "FT",
        "kind": "fault_tolerance_decision",
        "title": "t",
        "issued": d(issued),
        "path": "a.txt",
        "sha256": "0" * 64,
    }


def _claim(**conditions: bool) -> dict[str, Any]:
    values = {
        "reform_or_exploration": True,
        "lawful": True,
        "no_personal_gain": True,
        "no_public_harm": True,
        **conditions,
    }
    return {
        "claim": "partly_met",
        "exemption": {"reason": "r", "conditions": values, "decision": "FT", "approved_by": "x"},
    }


def test_exemption_granted_takes_the_item_out_of_the_score() -> None:
    result = _evaluate(
        "M-ENF-01", LATE, claim=_claim(), documents=[_ft_doc()], verified=frozenset({"FT"})
    )
    assert (result.outcome, result.computed_outcome, result.excluded) == (
        "exempted",
        "partial",
        "exempted",
    )
    assert result.earned == 0.0 and result.credit == 0.5
    assert result.exemption is not None and result.exemption.status == "granted"


@pytest.mark.parametrize(
    "condition", ["reform_or_exploration", "lawful", "no_personal_gain", "no_public_harm"]
)
def test_each_failing_condition_refuses_with_its_reason(condition: str) -> None:
    result = _evaluate(
        "M-ENF-01",
        LATE,
        claim=_claim(**{condition: False}),
        documents=[_ft_doc()],
        verified=frozenset({"FT"}),
    )
    assert result.outcome == "partial"
    assert result.exemption is not None and result.exemption.status == "refused"
    assert [r.code for r in result.exemption.reasons] == [f"condition:{condition}"]


def test_refusals_for_the_item_the_decision_and_the_attachment() -> None:
    records = {"penalty_decisions": [pd("a", "2020-03-02", major=True)], "legal_reviews": []}
    not_exemptable = _evaluate(
        "M-ENF-02", records, claim=_claim(), documents=[_ft_doc()], verified=frozenset({"FT"})
    )
    assert [r.code for r in not_exemptable.exemption.reasons] == ["not_exemptable"]
    unverified = _evaluate("M-ENF-01", LATE, claim=_claim(), documents=[_ft_doc()])
    assert [r.code for r in unverified.exemption.reasons] == ["decision_unverified"]
    assert "hash" in unverified.exemption.reasons[0].en
    # under --no-attachments nothing was verified: the reason names the option, and the cure
    skipped = _evaluate("M-ENF-01", LATE, claim=_claim(), documents=[_ft_doc()], verified=None)
    assert [r.code for r in skipped.exemption.reasons] == ["decision_unverified"]
    assert "(--no-attachments); run without it" in skipped.exemption.reasons[0].en
    assert "--no-attachments" in skipped.exemption.reasons[0].zh
    # a decision with only a URL has no file to verify: running without the option would
    # not help, so the reason is the agency's, with or without it
    online = {k: v for k, v in _ft_doc().items() if k not in ("path", "sha256")}
    online["url"] = "https://example.invalid/ft"
    nothing: frozenset[str] = frozenset()
    for verified in (None, nothing):
        url_only = _evaluate(
            "M-ENF-01", LATE, claim=_claim(), documents=[online], verified=verified
        )
        assert url_only.exemption is not None
        assert "attach the decision's file" in url_only.exemption.reasons[0].en
        assert "--no-attachments" not in url_only.exemption.reasons[0].zh
    future = _evaluate(
        "M-ENF-01",
        LATE,
        claim=_claim(),
        documents=[_ft_doc("2020-08-01")],
        verified=frozenset({"FT"}),
    )
    assert [r.code for r in future.exemption.reasons] == ["decision_after_as_of"]


def test_exemption_on_a_passing_item_is_not_needed() -> None:
    records = {"penalty_decisions": [pd("a", "2020-03-02", "2020-03-03")]}
    result = _evaluate(
        "M-ENF-01", records, claim=_claim(), documents=[_ft_doc()], verified=frozenset({"FT"})
    )
    assert result.outcome == "pass"
    assert result.exemption is not None and result.exemption.status == "not_needed"


def test_an_exemption_on_a_left_out_item_says_why_it_is_not_needed() -> None:
    """A claim on an item the auditor deselected read "the item does not apply", which it
    does; it was left out of this audit."""

    def reason(**left_out: Any) -> str:
        result = _evaluate(
            "M-ENF-01",
            LATE,
            claim=_claim(),
            documents=[_ft_doc()],
            verified=frozenset({"FT"}),
            **left_out,
        )
        assert result.exemption is not None
        return str(result.exemption.reasons[0].en)

    reasons = {
        "role": reason(roles=frozenset({"court"})),
        "deselected": reason(deselected="本次不查"),
    }
    assert reasons == {
        "role": "the item does not apply; no exemption is needed",
        "deselected": "the item is deselected for this audit; no exemption is needed",
    }


def test_not_applicable_by_role_effective_date_population_and_selection() -> None:
    assert _evaluate("M-ENF-01", LATE, roles=frozenset({"court"})).excluded == "role"
    assert _evaluate("M-ENF-01", LATE, deselected="本次不查").excluded == "deselected"
    empty = _evaluate("M-ENF-01", {"penalty_decisions": []})
    assert (empty.outcome, empty.excluded) == ("not_applicable", "no_population")
    star = _evaluate("M-PAY-01", {}, roles=frozenset({"court"}))
    assert star.outcome == "missing"  # "*" applies to every agency


def test_attestations_override_and_keep_the_computed_outcome() -> None:
    override = Attestation(
        agency="T",
        item="M-ENF-01",
        result="pass",
        by="审核员",
        date=d("2020-07-10"),
        remark="已补充公开",
    )
    result = _evaluate("M-ENF-01", LATE, attestations={("T", "M-ENF-01", None): override})
    assert (result.outcome, result.computed_outcome, result.credit) == ("pass", "partial", 1.0)
    assert result.attestation is not None and result.attestation["by"] == "审核员"
    check_level = Attestation(
        agency="T",
        item="M-ENF-01",
        check="published-in-time",
        result="pass",
        by="审核员",
        date=d("2020-07-10"),
        remark="现场核查",
    )
    result = _evaluate(
        "M-ENF-01", LATE, attestations={("T", "M-ENF-01", "published-in-time"): check_level}
    )
    assert result.outcome == "pass"
    assert result.checks[0].computed_outcome == "fail"


def test_an_override_also_replaces_a_computed_not_applicable() -> None:
    """Nothing to judge (no penalty decision at all), but the auditor's verdict is an
    override of the computed outcome like any other: the item counts, with its verdict."""
    override = Attestation(
        agency="T",
        item="M-ENF-01",
        result="fail",
        by="审核员",
        date=d("2020-07-10"),
        remark="未见公开记录",
    )
    empty: dict[str, Any] = {"penalty_decisions": []}
    plain = _evaluate("M-ENF-01", empty)
    assert (plain.outcome, plain.excluded) == ("not_applicable", "no_population")
    result = _evaluate("M-ENF-01", empty, attestations={("T", "M-ENF-01", None): override})
    assert (result.outcome, result.computed_outcome, result.excluded) == (
        "fail",
        "not_applicable",
        None,
    )
    assert (result.credit, result.earned) == (0.0, 0.0)
