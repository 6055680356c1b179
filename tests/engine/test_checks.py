"""Each check kind: measured values, thresholds, offending ids, and the edge cases."""

from __future__ import annotations

from typing import Any

import pytest

from audit.engine.checks import run_check
from tests.engine.helpers import check, context, d, pd

# -- fact ------------------------------------------------------------------------------------


def test_fact_pass_fail_missing() -> None:
    c = check(kind="fact", fact="cases_accepted", op=">=", value=100)
    assert run_check(c, context(facts={"cases_accepted": 100})).outcome == "pass"  # tie passes
    assert run_check(c, context(facts={"cases_accepted": 99})).outcome == "fail"
    missing = run_check(c, context(facts={}))
    assert missing.outcome == "missing"
    assert missing.explanation.en == "fact cases_accepted was not submitted"
    assert missing.threshold == ">= 100"  # what was required stands, though nothing was measured


def test_fact_on_a_date_and_a_boolean() -> None:
    assert (
        run_check(
            check(kind="fact", fact="launched", op="<=", value=d("2020-01-01")),
            context(facts={"launched": d("2019-12-31")}),
        ).outcome
        == "pass"
    )
    result = run_check(
        check(kind="fact", fact="online", op="==", value=True), context(facts={"online": False})
    )
    assert (result.outcome, result.threshold) == ("fail", "== true")
    assert result.measured is False  # the fact itself, not 0.0


# -- count -----------------------------------------------------------------------------------


def test_count_zero_records_is_a_count_not_not_applicable() -> None:
    c = check(kind="count", records="members", op=">=", value=1)
    empty = run_check(c, context(records={"members": []}))
    assert (empty.outcome, empty.measured) == ("fail", 0)
    assert run_check(c, context(records={})).outcome == "missing"
    forgiving = check(kind="count", records="members", op=">=", value=1, when_empty="pass")
    assert run_check(forgiving, context(records={"members": []})).outcome == "pass"


def test_count_uses_the_period_and_where() -> None:
    records = {
        "penalty_decisions": [
            pd("a", "2020-01-01", major=True),
            pd("b", "2020-06-30", major=True),
            pd("c", "2019-12-31", major=True),
            pd("d", "2020-03-01"),
        ]
    }
    c = check(kind="count", records="penalty_decisions", where={"major": True}, op="==", value=2)
    assert run_check(c, context(records=records)).measured == 2
    listed = check(
        kind="count", records="penalty_decisions", where={"id": ["a", "d", "x"]}, op="==", value=2
    )
    assert run_check(listed, context(records=records)).outcome == "pass"


# -- ratio -----------------------------------------------------------------------------------


def _payment(rid: str, amount: float = 1.0) -> dict[str, Any]:
    return {"id": rid, "accepted": d("2020-02-01"), "term_days": 30, "amount": amount}


def test_ratio_tie_zero_denominator_and_sums() -> None:
    c = check(
        kind="ratio",
        numerator={"count": "payments"},
        denominator={"fact": "cases_accepted"},
        op=">=",
        value=0.5,
    )
    pays = {"payments": [_payment(f"p{n}") for n in range(2)]}
    tie = run_check(c, context(records=pays, facts={"cases_accepted": 4}))
    assert (tie.outcome, tie.measured) == ("pass", 0.5)
    # the explanation says what was divided by what, not only the numbers
    assert tie.explanation.en == (
        "count(payments) ÷ cases_accepted = 2 ÷ 4 = 0.5 (50%); required >= 0.5"
    )
    zero = run_check(c, context(records=pays, facts={"cases_accepted": 0}))
    assert zero.outcome == "not_applicable"
    strict = check(
        kind="ratio",
        numerator={"count": "payments"},
        denominator={"fact": "cases_accepted"},
        op=">=",
        value=0.5,
        when_empty="fail",
    )
    assert run_check(strict, context(records=pays, facts={"cases_accepted": 0})).outcome == "fail"
    assert run_check(c, context(records=pays)).outcome == "missing"
    summed = check(
        kind="ratio",
        numerator={"sum": "penalty_decisions.fine"},
        denominator={"count": "penalty_decisions"},
        op=">",
        value=1,
    )
    fines = {"penalty_decisions": [dict(pd("a", "2020-02-01"), fine=3.0), pd("b", "2020-02-02")]}
    result = run_check(summed, context(records=fines))
    assert (result.outcome, result.measured) == ("pass", 1.5)  # a missing fine adds nothing
    # a share; and the record without a fine is said to be left out (an unknown amount is
    # not an amount of 0, and the other kinds call such a record unusable)
    left_out = "; 1 record(s) with no fine left out of the sum"
    assert result.explanation.en.endswith("= 3 ÷ 2 = 1.5 (150%); required > 1" + left_out)
    assert result.explanation.zh.endswith("；1 条记录的 fine 为空，未计入合计")
    # an amount per unit (a threshold above 1) is not a share: no percentage beside it
    per_unit = run_check(summed.model_copy(update={"value": 2}), context(records=fines))
    assert per_unit.explanation.en.endswith("= 3 ÷ 2 = 1.5; required > 2" + left_out)
    full = {"penalty_decisions": [dict(pd("a", "2020-02-01"), fine=3.0)]}
    assert run_check(summed, context(records=full)).explanation.en.endswith("required > 1")
    # a filtered term says so: "count(payments)" over "count(payments)" read as 1
    urgent = check(
        kind="ratio",
        numerator={"sum": "penalty_decisions.fine", "where": {"major": True}},
        denominator={"count": "penalty_decisions", "where": {"id": ["a", "b"]}},
        op=">=",
        value=0,
    )
    shown = run_check(urgent, context(records=fines)).explanation.en
    assert shown.startswith(
        'sum(penalty_decisions[major=true].fine) ÷ count(penalty_decisions[id=["a", "b"]])'
    )


# -- document --------------------------------------------------------------------------------


def _doc(rid: str, kind: str, issued: str) -> dict[str, object]:
    return {"id": rid, "kind": kind, "title": "t", "issued": d(issued), "url": "https://x"}


def test_document_missing_fail_and_windows() -> None:
    c = check(kind="document", kinds=["rules"], issued="in_period")
    assert run_check(c, context(documents=[])).outcome == "missing"
    old = [_doc("D1", "rules", "2019-12-01")]
    result = run_check(c, context(documents=old))
    assert (result.outcome, result.measured, result.offending) == ("fail", {"rules": 0}, ["rules"])
    two = check(kind="document", kinds=["rules", "plan"], issued="in_period")
    found = run_check(two, context(documents=[*old, _doc("D2", "plan", "2020-03-01")]))
    assert (found.measured, found.threshold) == ({"rules": 0, "plan": 1}, ">= 1")  # per kind
    assert (
        run_check(check(kind="document", kinds=["rules"]), context(documents=old)).outcome == "pass"
    )
    late = [_doc("D1", "rules", "2020-07-01")]
    assert (
        run_check(check(kind="document", kinds=["rules"]), context(documents=late)).outcome
        == "fail"
    )
    assert (
        run_check(
            check(kind="document", kinds=["rules"], issued="any"), context(documents=late)
        ).outcome
        == "pass"
    )
    two = check(kind="document", kinds=["rules", "fault_tolerance_decision"], min=2)
    docs = [
        _doc("a", "rules", "2020-01-02"),
        _doc("b", "rules", "2020-01-03"),
        _doc("c", "fault_tolerance_decision", "2020-01-04"),
    ]
    result = run_check(two, context(documents=docs))
    assert (result.outcome, result.offending) == ("fail", ["fault_tolerance_decision"])


# -- cadence ---------------------------------------------------------------------------------


def _months(*days: str) -> dict[str, list[dict[str, object]]]:
    return {"penalty_decisions": [pd(f"p{n}", day) for n, day in enumerate(days)]}


def test_cadence_names_the_gap() -> None:
    c = check(kind="cadence", records="penalty_decisions", every="month")
    records = _months("2020-01-31", "2020-02-01", "2020-03-15", "2020-04-30", "2020-05-01")
    result = run_check(c, context(records=records))
    assert result.outcome == "fail"
    assert result.measured == pytest.approx(5 / 6)
    assert result.offending == ["2020-06"]
    assert result.explanation.en == "5 / 6 months have a record; 2020-06 has none"
    assert result.explanation.zh == "6 个月中有 5 个月有记录；2020-06 无记录"


def test_cadence_stops_at_the_as_of_date_and_empty_sets_count_as_gaps() -> None:
    c = check(kind="cadence", records="penalty_decisions", every="month")
    records = _months("2020-01-31", "2020-02-01", "2020-03-15", "2020-04-30")
    assert run_check(c, context(records=records, as_of=d("2020-04-01"))).outcome == "pass"
    empty = run_check(c, context(records={"penalty_decisions": []}))
    assert (empty.outcome, empty.measured) == ("fail", 0.0)


@pytest.mark.parametrize("when_empty", ["pass", "fail"])
def test_cadence_when_empty_decides_an_empty_population(when_empty: str) -> None:
    """checklist.md: cadence is never not applicable by emptiness, but ``when_empty``
    overrides that — also for a population emptied by the period filter."""
    c = check(kind="cadence", records="penalty_decisions", every="month", when_empty=when_empty)
    for records in ([], [pd("old", "2019-12-31")]):
        result = run_check(c, context(records={"penalty_decisions": records}))
        assert (result.outcome, result.measured) == (when_empty, 0.0)
        assert result.explanation.en == (
            "penalty_decisions has no records; the checklist rules it a "
            f"{when_empty} when there is none (when_empty)"
        )
    one = run_check(c, context(records=_months("2020-03-01")))
    assert (one.outcome, one.offending[:1]) == ("fail", ["2020-01"])  # judged, not empty


@pytest.mark.parametrize(
    ("every", "buckets", "first"),
    [("quarter", 2, "2020-Q1"), ("year", 1, "2020"), ("week", 27, "2020-W01")],
)
def test_cadence_buckets(every: str, buckets: int, first: str) -> None:
    c = check(kind="cadence", records="penalty_decisions", every=every)
    result = run_check(c, context(records={"penalty_decisions": []}))
    assert len(result.offending) == buckets
    assert result.offending[0] == first


def test_cadence_min_and_share() -> None:
    c = check(kind="cadence", records="penalty_decisions", every="quarter", min=2, min_share=0.5)
    records = _months("2020-01-02", "2020-03-31", "2020-04-01")
    result = run_check(c, context(records=records))
    assert (result.outcome, result.measured, result.offending) == ("pass", 0.5, ["2020-Q2"])
    assert result.explanation.en.endswith("; 2020-Q2 has fewer than 2")  # it holds one
    assert result.explanation.zh.endswith("；2020-Q2 不足 2 条")


# -- deadline --------------------------------------------------------------------------------


PUBLISH = {
    "kind": "deadline",
    "records": "penalty_decisions",
    "from": "decided",
    "to": "published",
    "within": 7,
    "unit": "working_days",
}


def test_deadline_on_the_official_calendar() -> None:
    records = {
        "penalty_decisions": [
            pd("on-time-thanks-to-qingming", "2020-04-01", "2020-04-13"),
            pd("late-across-labour-day", "2020-04-29", "2020-05-13"),
            pd("on-the-make-up-saturday", "2020-04-29", "2020-05-12"),
        ]
    }
    result = run_check(check(**PUBLISH), context(records=records))
    assert result.offending == ["late-across-labour-day"]
    assert result.measured == pytest.approx(2 / 3)
    days = run_check(check(**{**PUBLISH, "unit": "days", "within": 12}), context(records=records))
    assert days.offending == ["late-across-labour-day", "on-the-make-up-saturday"]


def test_deadline_open_records_are_pending_until_the_limit_has_passed() -> None:
    records = {
        "penalty_decisions": [pd("done", "2020-06-22", "2020-06-23"), pd("open", "2020-06-22")]
    }
    # 7 working days after 22 June (25–27 June off, 28 June worked) end on 2 July.
    at_limit = run_check(check(**PUBLISH), context(records=records, as_of=d("2020-07-02")))
    assert (at_limit.outcome, at_limit.measured) == ("pass", 1.0)
    assert "1 pending" in at_limit.explanation.en
    after = run_check(check(**PUBLISH), context(records=records, as_of=d("2020-07-03")))
    assert (after.outcome, after.offending) == ("fail", ["open"])


def test_deadline_all_pending_is_not_applicable_and_min_share_ties_pass() -> None:
    pending = {"penalty_decisions": [pd("open", "2020-06-29")]}
    at = d("2020-07-01")
    assert (
        run_check(check(**PUBLISH), context(records=pending, as_of=at)).outcome == "not_applicable"
    )
    records = {
        "penalty_decisions": [pd(f"p{n}", "2020-03-02", "2020-03-03") for n in range(9)]
        + [pd("late", "2020-03-02", "2020-04-30")]
    }
    tie = run_check(check(**PUBLISH, min_share=0.9), context(records=records))
    assert (tie.outcome, tie.measured) == ("pass", 0.9)


def _paid_within_term() -> Any:
    """Payments paid (a date-time) within their own term of days from acceptance."""
    return check(
        kind="deadline",
        records="payments",
        **{"from": "accepted"},
        to="paid_at",
        within_field="term_days",
    )


def test_deadline_within_zero_and_within_field() -> None:
    zero = check(
        kind="deadline",
        records="penalty_decisions",
        **{"from": "decided"},
        to="published",
        within=0,
    )
    records = {
        "penalty_decisions": [
            pd("same", "2020-03-02", "2020-03-02"),
            pd("next", "2020-03-02", "2020-03-03"),
        ]
    }
    assert run_check(zero, context(records=records)).offending == ["next"]
    term = _paid_within_term()
    pays = {
        "payments": [
            {
                "id": "ok",
                "accepted": d("2020-02-01"),
                "term_days": 30,
                "amount": 1.0,
                "paid_at": __import__("datetime").datetime(2020, 3, 2, 9, 0),
            },
            {
                "id": "late",
                "accepted": d("2020-02-01"),
                "term_days": 10,
                "amount": 1.0,
                "paid_at": __import__("datetime").datetime(2020, 2, 12, 9, 0),
            },
        ]
    }
    result = run_check(term, context(records=pays))
    assert (result.outcome, result.offending) == ("fail", ["late"])


# -- coverage --------------------------------------------------------------------------------


REVIEW = {
    "kind": "coverage",
    "records": "penalty_decisions",
    "where": {"major": True},
    "by": "legal_reviews",
    "match": "case",
    "before": {"this": "decided", "that": "reviewed"},
}


def test_coverage_before_accepts_the_same_day_and_matches_the_whole_by_set() -> None:
    records = {
        "penalty_decisions": [
            pd("same-day", "2020-03-02", major=True),
            pd("reviewed-after", "2020-03-02", major=True),
            pd("no-review", "2020-03-02", major=True),
            pd("minor", "2020-03-02"),
        ],
        "legal_reviews": [
            {"id": "r1", "case": "same-day", "reviewed": d("2020-03-02")},
            {"id": "r2", "case": "reviewed-after", "reviewed": d("2020-03-03")},
            {"id": "r3", "case": "old", "reviewed": d("2019-06-01")},
        ],
    }
    result = run_check(check(**REVIEW), context(records=records))
    assert result.offending == ["reviewed-after", "no-review"]
    assert result.measured == pytest.approx(1 / 3)
    outside = {
        **records,
        "legal_reviews": [{"id": "r0", "case": "same-day", "reviewed": d("2019-12-30")}],
    }
    assert "same-day" not in run_check(check(**REVIEW), context(records=outside)).offending


def test_coverage_missing_by_set_and_empty_population() -> None:
    records = {"penalty_decisions": [pd("a", "2020-03-02", major=True)]}
    assert run_check(check(**REVIEW), context(records=records)).outcome == "missing"
    none_major = {"penalty_decisions": [pd("a", "2020-03-02")], "legal_reviews": []}
    assert run_check(check(**REVIEW), context(records=none_major)).outcome == "not_applicable"


def test_coverage_after_with_pending_and_late() -> None:
    after = check(
        kind="coverage",
        records="penalty_decisions",
        by="legal_reviews",
        match="case",
        after={"this": "decided", "that": "reviewed", "within": 5, "unit": "working_days"},
    )
    records = {
        "penalty_decisions": [
            pd("in-time", "2020-04-29"),
            pd("too-late", "2020-04-29"),
            pd("too-early", "2020-04-29"),
            pd("open", "2020-06-29"),
        ],
        "legal_reviews": [
            {"id": "r1", "case": "in-time", "reviewed": d("2020-05-09")},  # make-up Saturday
            {"id": "r2", "case": "too-late", "reviewed": d("2020-05-11")},
            {"id": "r3", "case": "too-early", "reviewed": d("2020-04-28")},
        ],
    }
    result = run_check(after, context(records=records, as_of=d("2020-07-01")))
    assert result.offending == ["too-late", "too-early"]
    assert "1 pending" in result.explanation.en
    # Judged on the day of its decision, within its limit: a record whose review is dated
    # after the limit is late all the same (as a deadline's late ``to``), one reviewed too
    # early or not at all is still pending.
    early = run_check(after, context(records=records, as_of=d("2020-04-29")))
    assert early.offending == ["too-late"]
    assert "2 pending" in early.explanation.en


def test_coverage_plain_by_key() -> None:
    plain = check(
        kind="coverage", records="members", key="name", by="penalty_decisions", match="id"
    )
    records = {
        "members": [{"id": "m1", "name": "P-1"}, {"id": "m2", "name": "P-9"}],
        "penalty_decisions": [pd("P-1", "2020-01-02")],
    }
    result = run_check(plain, context(records=records))
    assert (result.measured, result.offending) == (0.5, ["m2"])


# -- each ------------------------------------------------------------------------------------


def test_each_with_value_field_scale_and_nulls() -> None:
    c = check(
        kind="each", records="payments", field="amount", op="<=", value_field="term_days", scale=0.5
    )
    pays = {
        "payments": [
            {"id": "ok", "accepted": d("2020-02-01"), "term_days": 30, "amount": 15.0},
            {"id": "over", "accepted": d("2020-02-01"), "term_days": 30, "amount": 15.5},
        ]
    }
    result = run_check(c, context(records=pays))
    assert (result.outcome, result.offending, result.measured) == ("fail", ["over"], 0.5)
    fine = check(kind="each", records="penalty_decisions", field="fine", op=">", value=0)
    unusable = run_check(fine, context(records={"penalty_decisions": [pd("a", "2020-02-02")]}))
    assert (unusable.outcome, unusable.offending, unusable.threshold) == ("error", ["a"], ">= 100%")
    assert unusable.explanation.en.startswith("1 record(s) lack fine")
    assert run_check(fine, context(records={"penalty_decisions": []})).outcome == "not_applicable"


def test_manual_without_attestation_is_missing() -> None:
    c = check(kind="manual", question={"zh": "是否公开？", "en": "Published?"})
    assert run_check(c, context()).outcome == "missing"


def test_a_date_time_counts_on_its_day_in_china_whatever_its_offset() -> None:
    """The same instants written in UTC and in +08:00 got different verdicts: 17:00Z on 6
    May is 01:00 on 7 May in Beijing, where the holiday calendar's days are."""
    import datetime as dt

    utc, china = dt.UTC, dt.timezone(dt.timedelta(hours=8))
    term = check(
        kind="deadline",
        records="payments",
        **{"from": "accepted"},
        to="paid_at",
        within=1,
        unit="working_days",
    )
    paid = {  # 30 April + 1 working day is 6 May (1-5 May: Labour Day)
        "beijing": dt.datetime(2020, 5, 6, 9, tzinfo=china),
        "utc": dt.datetime(2020, 5, 6, 1, tzinfo=utc),  # 09:00 in Beijing
        "late-in-beijing": dt.datetime(2020, 5, 6, 17, tzinfo=utc),  # 7 May, 01:00
    }
    pays = {
        "payments": [
            {"id": rid, "accepted": d("2020-04-30"), "term_days": 1, "amount": 1.0, "paid_at": at}
            for rid, at in paid.items()
        ]
    }
    result = run_check(term, context(records=pays))
    assert result.offending == ["late-in-beijing"]


def test_a_negative_term_from_the_evidence_is_unusable_not_zero() -> None:
    """A term of -3 working days was taken as 0, without a word; the checklist and the
    tailoring refuse a negative `within`."""
    term = _paid_within_term()
    rows = [("ok", 5), ("minus", -3)]
    pays = {
        "payments": [
            {"id": rid, "accepted": d("2020-03-02"), "term_days": days, "amount": 1.0}
            for rid, days in rows
        ]
    }
    result = run_check(term, context(records=pays))
    assert (result.outcome, result.offending) == ("error", ["minus"])
    assert (
        result.explanation.en
        == "1 record(s) have a negative term_days, which sets no deadline: minus"
    )


def test_a_date_time_on_the_calendar_s_last_or_first_day_counts_on_its_written_day() -> None:
    """9999-12-31T20:00:00-05:00 is valid RFC 3339, but in China time it is year 10000:
    astimezone raised OverflowError, and `audit run` (validate too, for a primary date)
    ended in an internal error. It counts on its day as written."""
    import datetime as dt

    from audit.evidence.semantics import as_day

    late = dt.datetime(9999, 12, 31, 20, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    early = dt.datetime(1, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=14)))
    assert (as_day(late), as_day(early)) == (dt.date(9999, 12, 31), dt.date(1, 1, 1))
    term = _paid_within_term()
    pays = {
        "payments": [
            {"id": "late", "accepted": d("2020-02-01"), "term_days": 30, "paid_at": late},
            {"id": "ok", "accepted": d("2020-02-01"), "term_days": 30, "paid_at": None},
        ]
    }
    result = run_check(term, context(records=pays, as_of=d("2020-02-10")))
    assert (result.outcome, result.offending) == ("fail", ["late"])


def test_a_ratio_beyond_the_numbers_a_float_holds_is_an_error_not_a_pass() -> None:
    """1e308 ÷ 1e-308 passed with `measured: null` (JSON holds no infinity) and the
    explanation "= inf (inf%)"; a sum of amounts can overflow the same way."""
    c = check(
        kind="ratio",
        numerator={"sum": "payments.amount"},
        denominator={"fact": "cases_accepted"},
        op=">=",
        value=0.5,
    )
    pays = {"payments": [_payment(f"p{n}", amount=1e308) for n in range(2)]}
    summed = run_check(c, context(records=pays, facts={"cases_accepted": 4}))
    assert (summed.outcome, summed.measured) == ("error", None)
    assert "beyond the numbers that can be computed (inf ÷ 4)" in summed.explanation.en
    pays["payments"] = pays["payments"][:1]
    tiny = run_check(c, context(records=pays, facts={"cases_accepted": 1e-308}))
    assert tiny.outcome == "error" and "inf" not in tiny.explanation.en.split("(")[0]
    # a sum that overflows below zero keeps its sign
    pays["payments"] = [_payment(f"n{n}", amount=-1e308) for n in range(2)]
    negative = run_check(c, context(records=pays, facts={"cases_accepted": 4}))
    assert "(-inf ÷ 4)" in negative.explanation.en
    # large finite figures are shown in six digits, not as 309-digit numbers
    pays["payments"] = [_payment("big", amount=1e300)]
    big = run_check(c, context(records=pays, facts={"cases_accepted": 4}))
    assert big.outcome == "pass" and "= 1e+300 ÷ 4 = 2.5e+299" in big.explanation.en


def test_a_ratio_of_decimal_amounts_is_judged_on_the_decimals_written() -> None:
    """Amounts of 0.7 and 0.1 over a budget of 1.0 are 80%: as floats their sum is
    0.7999999999999999, and the inclusive limit of 0.8 failed, while the explanation
    read "0.8 ÷ 1 = 0.8 (80%); required >= 0.8"."""
    c = check(
        kind="ratio",
        numerator={"sum": "payments.amount"},
        denominator={"fact": "cases_accepted"},
        op=">=",
        value=0.8,
    )
    pays = {"payments": [_payment("a", amount=0.7), _payment("b", amount=0.1)]}
    tie = run_check(c, context(records=pays, facts={"cases_accepted": 1.0}))
    assert (tie.outcome, tie.measured) == ("pass", 0.8)
    # a sum over a sum: 0.8 ÷ (0.5 + 0.3) is 1 exactly, not 0.9999999999999999
    whole = check(
        kind="ratio",
        numerator={"sum": "payments.amount"},
        denominator={"sum": "penalty_decisions.fine"},
        op=">=",
        value=1,
    )
    fines = {
        "penalty_decisions": [
            dict(pd("x", "2020-02-01"), fine=0.5),
            dict(pd("y", "2020-02-02"), fine=0.3),
        ]
    }
    exact = run_check(whole, context(records={**pays, **fines}))
    assert (exact.outcome, exact.measured) == ("pass", 1.0)
    # and a hair below the limit still fails: exact is not lenient
    short = run_check(c, context(records=pays, facts={"cases_accepted": 1.0000000000000002}))
    assert short.outcome == "fail"


def test_a_reason_never_shows_a_value_equal_to_a_limit_it_missed() -> None:
    """796 ÷ 5307 is 0.14999: "= 0.15 (15%); required >= 0.15" beside a fail; 99,999 of
    100,000 in time read "(100%)" beside a failed ">= 100%"; a share of 0.99995 read
    ">= 100%"."""
    c = check(
        kind="ratio",
        numerator={"count": "payments"},
        denominator={"fact": "cases_accepted"},
        op=">=",
        value=0.15,
    )
    pays = {"payments": [_payment(f"p{n}") for n in range(796)]}
    short = run_check(c, context(records=pays, facts={"cases_accepted": 5307}))
    assert short.outcome == "fail"
    assert short.explanation.en.endswith("= 796 ÷ 5307 = 0.14999 (14.999%); required >= 0.15")
    over = run_check(c, context(records=pays, facts={"cases_accepted": 5306.5}))
    assert over.outcome == "pass" and "= 0.150005 (15.0005%)" in over.explanation.en
    tie = run_check(c, context(records=pays, facts={"cases_accepted": 796 / 0.15}))
    assert "= 0.15 (15%)" in tie.explanation.en

    from audit.engine.checks.results import judge_share

    each = check(kind="each", records="payments", field="amount", op=">", value=0)
    late = judge_share(each, total=100_000, late=["x"], pending=0, noun_zh="", noun_en="in time")
    assert (late.outcome, late.threshold) == ("fail", ">= 100%")
    assert "99999 / 100000 in time (99.999%)" in late.explanation.en
    fine = check(
        kind="each", records="payments", field="amount", op=">", value=0, min_share=0.99995
    )
    assert run_check(fine, context(records={"payments": []})).threshold == ">= 99.995%"


def test_exact_helpers_at_their_edges() -> None:
    """Integers past 2**53 beside whole floats were summed as floats (2**53 + 1 - 2 read
    9007199254740990); a limit told apart in significant digits jumped to "12346" for
    12345.6749 beside 12345.67."""
    from decimal import Decimal

    from audit.engine.checks.exact import exact_sum
    from audit.engine.checks.results import num

    assert exact_sum([2**53 + 1, -2.0]) == Decimal(2**53 - 1)
    assert exact_sum([10.0, 5, 0.0]) == 15
    assert num(12345.6749, 12345.67, 1) == "12345.675"


def test_each_with_a_scale_is_judged_on_the_decimals_written() -> None:
    """55.0 >= 50.0 × 1.1 and 3.3 >= 3.0 × 1.1 hold, though as floats the products are
    55.00000000000001 and 3.3000000000000003; a payment a cent short still fails."""
    c = check(
        kind="each", records="payments", field="amount", op=">=", value_field="term_days", scale=1.1
    )

    def paid(rid: str, amount: float, due: float) -> dict[str, Any]:
        return {"id": rid, "accepted": d("2020-02-01"), "term_days": due, "amount": amount}

    pays = {
        "payments": [
            paid("q1", 55.0, 50.0),
            paid("q2", 3.3, 3.0),
            paid("whole", 11, 10),
            paid("short", 54.99, 50.0),
            paid("over", 60.0, 50.0),
        ]
    }
    result = run_check(c, context(records=pays))
    assert (result.outcome, result.offending) == ("fail", ["short"])
    assert result.measured == 0.8
    equal = check(
        kind="each", records="payments", field="amount", op="==", value_field="term_days", scale=1.1
    )
    assert run_check(equal, context(records=pays)).offending == ["short", "over"]


def _reviewed(**order: Any) -> Any:
    """Penalty decisions covered by a legal review of their case, in ``order``."""
    return check(
        kind="coverage", records="penalty_decisions", by="legal_reviews", match="case", **order
    )


def test_records_on_the_calendar_s_first_and_last_days_are_judged_like_any_other() -> None:
    """The day after 9999-12-31 was clamped to it, so a record of that day fell out of
    the last cadence bucket; "no match" was date.min (date.max), the very day of a record
    dated 0001-01-01 (9999-12-31), which then passed a coverage check matching nothing."""

    def one_unreviewed(decided: str, start: str, end: str, as_of: str) -> Any:
        records = {"penalty_decisions": [pd("P-1", decided)], "legal_reviews": []}
        return context(records=records, start=start, end=end, as_of=d(as_of))

    cadence = check(kind="cadence", records="penalty_decisions", every="quarter")
    last = one_unreviewed("9999-12-31", "9999-07-01", "9999-12-31", "9999-12-31")
    assert run_check(cadence, last).offending == ["9999-Q3"]
    after = _reviewed(after={"this": "decided", "that": "reviewed", "within": 5, "unit": "days"})
    first = one_unreviewed("0001-01-01", "0001-01-01", "0001-06-30", "0001-12-31")
    assert run_check(after, first).offending == ["P-1"]
    before = _reviewed(before={"this": "decided", "that": "reviewed"})
    assert run_check(before, last).offending == ["P-1"]
