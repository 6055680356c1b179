"""Scores under every model, the critical cap, low coverage and the district ranking."""

from __future__ import annotations

from typing import Any

import pytest

from audit.engine.district import roll_up
from audit.engine.result import ItemResult
from audit.engine.scoring import model_score, score_agency
from tests.engine.helpers import mini


def item(
    iid: str,
    section: str,
    outcome: str,
    points: float,
    credit: float | None,
    *,
    severity: str = "major",
    excluded: str | None = None,
    computed: str | None = None,
) -> ItemResult:
    return ItemResult(
        id=iid,
        section=section,
        outcome=outcome,
        points=points,
        credit=credit,
        severity=severity,
        excluded=excluded,
        computed_outcome=computed,
        earned=0.0 if excluded else points * (credit or 0),
    )


ITEMS = [
    item("A", "ENF", "pass", 10, 1.0),
    item("B", "ENF", "partial", 10, 0.5),
    item("C", "JUD", "fail", 5, 0.0, severity="critical"),
    item("D", "JUD", "exempted", 5, 0.0, excluded="exempted", computed="fail"),
    item("E", "JUD", "not_applicable", 5, None, excluded="role"),
]


def test_points_model() -> None:
    checklist = mini()
    score = score_agency(ITEMS, checklist, "points")
    assert score.score == pytest.approx(100 * 15 / 25)
    assert score.score_without_exemptions == pytest.approx(100 * 15 / 30)
    assert [(s.id, s.score, s.earned, s.possible) for s in score.sections] == [
        ("ENF", 75.0, 15.0, 20.0),
        ("JUD", 0.0, 0.0, 5.0),
    ]
    assert score.grade is not None and score.grade.zh == "合格"
    assert score.capped_by == ["C"]
    assert not score.low_coverage  # 5 of the 30 points the roles bring are exempted: 17 %
    assert score.coverage == {
        "applicable_points": 30.0,
        "excluded_points": 5.0,
        "excluded_share": pytest.approx(5 / 30),
    }


def test_low_coverage_threshold_is_strictly_more_than_a_fifth() -> None:
    items = [
        item("A", "ENF", "pass", 20, 1.0),
        item("B", "ENF", "not_applicable", 5, None, excluded="no_population"),
    ]
    assert not score_agency(items, mini(), "points").low_coverage  # exactly 20 %
    items.append(item("C", "ENF", "not_applicable", 1, None, excluded="deselected"))
    assert score_agency(items, mini(), "points").low_coverage


def test_a_partial_item_never_makes_a_score_of_100() -> None:
    """An item 7e-10 short of full credit is partial, with a finding; settled to six
    decimals the agency's and the section's scores read 100.0 beside it, and --fail-under
    100 passed."""
    items = [
        item("A", "JUD", "pass", 10, 1.0),
        item("B", "JUD", "partial", 10, 0.9999999993),
        item("C", "JUD", "pass", 20, 1.0),
    ]
    score = score_agency(items, mini(), "points")
    assert score.score is not None and score.score < 100.0
    [jud] = [s for s in score.sections if s.id == "JUD"]
    assert jud.score is not None and jud.score < 100.0
    every = score_agency([i for i in items if i.id != "B"], mini(), "points")
    assert every.score == 100.0  # and a full score is still exactly 100


def test_coverage_and_section_sums_of_decimal_points_are_exact() -> None:
    """0.1 + 0.2 excluded of 1.5 is a fifth exactly, not more (as floats 0.20000000000000004,
    flagged low coverage); three items of 0.1 earn 0.3, not 0.30000000000000004."""
    items = [
        item("A", "ENF", "not_applicable", 0.1, None, excluded="effective_from"),
        item("B", "ENF", "not_applicable", 0.2, None, excluded="effective_from"),
        item("C", "JUD", "pass", 0.1, 1.0),
        item("D", "JUD", "pass", 0.1, 1.0),
        item("E", "JUD", "pass", 0.1, 1.0),
        item("F", "JUD", "pass", 0.9, 1.0),
    ]
    score = score_agency(items, mini(), "points")
    assert not score.low_coverage
    assert score.coverage == {
        "applicable_points": 1.5,
        "excluded_points": 0.3,
        "excluded_share": 0.2,
    }
    [jud] = [s for s in score.sections if s.id == "JUD"]
    assert (jud.earned, jud.possible, jud.score) == (1.2, 1.2, 100.0)
    items.append(item("G", "ENF", "not_applicable", 0.0001, None, excluded="deselected"))
    assert score_agency(items, mini(), "points").low_coverage  # a hair over a fifth


@pytest.mark.parametrize(
    ("model", "score", "maximum"),
    [
        ("xccdf-default", (100 * 10 / 20 + 0) / 2, 100.0),  # sections are groups of weight 1
        ("xccdf-flat", 10.0, 25.0),  # only passed rules count, weighted by points
        ("xccdf-flat-unweighted", 1.0, 3.0),
        ("xccdf-absolute", 0.0, 1.0),
    ],
)
def test_xccdf_models(model: str, score: float, maximum: float) -> None:
    got, top = model_score(ITEMS, ["ENF", "JUD"], model)
    assert got == pytest.approx(score)
    assert top == maximum


def test_xccdf_absolute_when_everything_passes() -> None:
    assert model_score([item("A", "ENF", "pass", 10, 1.0)], ["ENF"], "xccdf-absolute") == (1.0, 1.0)


def test_the_cap_applies_only_above_it() -> None:
    checklist = mini()
    high = [
        item("A", "ENF", "pass", 95, 1.0),
        item("C", "JUD", "partial", 5, 0.5, severity="critical"),
    ]
    score = score_agency(high, checklist, "points")
    assert score.grade_uncapped is not None and score.grade is not None
    assert (score.grade_uncapped.zh, score.grade.zh, score.capped_by) == ("优秀", "合格", ["C"])


def test_district_ranking_shares_places_on_ties() -> None:
    from audit.checklist.library import load_registry
    from audit.engine.catalogue import build_catalogue
    from audit.engine.result import AgencyResult, SectionScore

    catalogue = build_catalogue(mini(), load_registry())

    def agency(
        code: str, score: float | None, grade: str | None, sections: tuple[SectionScore, ...] = ()
    ) -> AgencyResult:
        return AgencyResult(
            code=code,
            name=code,
            district="d",
            roles=["court"],
            period={},
            file=f"{code}.json",
            score=score,
            score_without_exemptions=score,
            grade=grade,
            grade_en=grade,
            low_coverage=False,
            sections=list(sections),
            items=[],
        )

    def section(id_: str, score: float | None) -> SectionScore:
        return SectionScore(id=id_, score=score, earned=0, possible=0)

    sections = sorted(catalogue.sections)
    assert len(sections) >= 2
    first, second = sections[:2]
    district = roll_up(
        [
            agency("B", 90, "优秀", (section(first, 80), section(second, None))),
            agency("A", 90, "优秀", (section(first, 95), section(second, 70))),
            agency("C", 50, "不合格"),
            agency("D", None, None),
        ],
        catalogue,
    )
    # an agency without a score is listed but not ranked
    assert [(r.rank, r.code) for r in district.ranking] == [
        (1, "A"),
        (1, "B"),
        (3, "C"),
        (None, "D"),
    ]
    assert district.mean == pytest.approx(230 / 3)
    assert district.grade_counts == {"优秀": 2, "合格": 0, "不合格": 1}
    # a section's mean is over the agencies that have a score in it; none: no mean
    assert district.sections[first] == 87.5
    assert district.sections[second] == 70
    assert all(district.sections[s] is None for s in sections[2:])


@pytest.mark.parametrize("model", ["xccdf-default", "xccdf-flat", "xccdf-flat-unweighted"])
def test_under_every_model_sections_and_ranking_agree_with_the_totals(model: str) -> None:
    """The demo under the XCCDF models: sections are the model's groups, the ranking and the
    mean compare scores as shares of their maxima."""
    import datetime as dt

    from audit.demo.run import data_dir
    from audit.engine.run import RunOptions, run_audit

    files = sorted(data_dir().glob("*.json"))
    result = run_audit(files, RunOptions(as_of=dt.date(2020, 7, 15), model=model, digest=False))
    percents = []
    for agency in result.agencies:
        assert agency.score is not None and agency.max_score
        percent = 100 * agency.score / agency.max_score
        percents.append(percent)
        counted = [s for s in agency.sections if s.score is not None]
        if model == "xccdf-default":  # the total is the mean of the group scores
            assert percent == pytest.approx(sum(s.score or 0 for s in counted) / len(counted))
        else:  # flat: the total is the sum of the sections' earned over their possible
            assert agency.score == pytest.approx(sum(s.earned for s in counted))
            assert agency.max_score == pytest.approx(sum(s.possible for s in counted))
    ranked = [r.percent or 0.0 for r in result.district.ranking]
    assert ranked == sorted(ranked, reverse=True)
    assert result.district.mean == pytest.approx(sum(percents) / len(percents))


def test_a_score_exactly_on_a_threshold_reaches_it() -> None:
    """In floats 100 × (3 × 0.6) ÷ 3 is 59.99999999999999 and a linear credit of share 0.95
    between 0.75 and 1.0 is 0.7999999999999998: both must still reach the inclusive limits
    (a grade band's `min`, `--fail-under`)."""
    from types import SimpleNamespace
    from typing import cast

    from audit.checklist import model as m
    from audit.engine.gates import apply_gates
    from audit.engine.items import credit_of
    from audit.engine.result import Bilingual, CheckResult, RunResult

    checklist = mini()
    score = score_agency([item("A", "ENF", "partial", 3, 0.6)], checklist, "points")
    assert score.score == 60.0
    assert score.grade is not None and score.grade.min == 60
    measured = CheckResult(
        id="c", kind="each", outcome="fail", measured=0.95, explanation=Bilingual(zh="", en="")
    )
    linear = m.Scoring.model_validate({"linear": {"floor": 0.75, "target": 1.0}})
    credit = credit_of(measured, linear)
    assert credit == 0.8
    graded = score_agency([item("A", "ENF", "partial", 10, credit)], checklist, "points")
    assert graded.score == 80.0
    agency = SimpleNamespace(code="T", score=graded.score, max_score=graded.max_score)
    result = cast("RunResult", SimpleNamespace(agencies=[agency], findings=[], gates={}))
    apply_gates(result, fail_under=80, fail_on=None)
    assert result.gates["failed"] == []
    apply_gates(result, fail_under=80.5, fail_on=None)
    assert result.gates["failed"] == ["T: 80.0 < 80.5"]
    agency.score = 62.5 / 65 * 100  # 96.153…: "96.2 < 96.16" would read false
    apply_gates(result, fail_under=96.16, fail_on=None)
    assert result.gates["failed"] == ["T: 96.15 < 96.16"]
    apply_gates(result, fail_under=96.154, fail_on=None)
    assert result.gates["failed"] == ["T: 96.15 < 96.154"]  # enough to read true


def test_the_grade_without_exemptions_counts_exempted_items_as_computed() -> None:
    """Without its exemption the critical item C2 fails again: 95.2 would be 优秀, but the
    critical cap applies — to the grade without exemptions only."""
    items = [
        item("A", "ENF", "pass", 100, 1.0),
        item(
            "C2",
            "JUD",
            "exempted",
            5,
            0.0,
            severity="critical",
            excluded="exempted",
            computed="fail",
        ),
    ]
    score = score_agency(items, mini(), "points")
    assert (score.score, score.score_without_exemptions) == (100.0, 95.2380952381)
    assert score.grade is not None and score.grade.zh == "优秀"
    assert score.capped_by == []
    assert score.grade_without_exemptions is not None
    assert score.grade_without_exemptions.zh == "合格"


def _scored_at_sixty(name: str) -> dict[str, Any]:
    """The one agency of the case ``tests/data/scoring/<name>``, run with --fail-under 60:
    it scores exactly 60, passes the gate and grades 合格."""
    import json

    from typer.testing import CliRunner

    from audit.cli import app
    from tests.conftest import DATA

    case = DATA / "scoring" / name
    args = ["run", str(case / "A1.json"), "--checklist", str(case / "checklist.toml")]
    args += ["--as-of", "2020-07-15", "--no-history", "-f", "json", "--fail-under", "60"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    (agency,) = json.loads(done.stdout)["agencies"]
    assert (agency["score"], agency["grade"]) == (60.0, "合格")
    return agency  # type: ignore[no-any-return]


def test_a_score_that_is_exactly_a_grade_limit_reaches_it() -> None:
    """15 points at credit 1/3 and 10 at 1 score exactly 60: settled credits (nine decimals)
    summed to 59.99999998, graded 不合格 and failing --fail-under 60."""
    agency = _scored_at_sixty("thirds")
    assert [(i["credit"], i["earned"]) for i in agency["items"]] == [(0.333333333333, 5.0), (1, 10)]
    assert agency["sections"] == [{"id": "S1", "score": 60.0, "earned": 15.0, "possible": 25.0}]


def test_a_score_a_hair_below_a_limit_is_never_rounded_onto_it() -> None:
    """Credit 0.899999996 scored 90.0 (优秀), and credit 0.99999999996 earned the item's
    full points and scored 100, passing --fail-under 100 beside its own finding: rounding
    to six and nine decimals lifted real differences in the evidence onto the limits."""
    import json

    from typer.testing import CliRunner

    from audit.cli import app
    from tests.conftest import DATA

    case = DATA / "scoring" / "hair"
    args = ["run", str(case / "A1.json"), str(case / "A2.json")]
    args += ["--checklist", str(case / "checklist.toml"), "--as-of", "2020-07-15"]
    args += ["--no-history", "-f", "json", "--fail-under", "90"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 1, done.output
    result = json.loads(done.stdout)
    got = [
        (a["score"], a["grade"], a["items"][0]["credit"], a["items"][0]["earned"])
        for a in result["agencies"]
    ]
    assert got == [
        (89.9999996, "良好", 0.899999996, 89.9999996),
        (99.999999996, "优秀", 0.99999999996, 99.999999996),
    ]
    assert result["gates"]["failed"] == ["A1: 89.9999996 < 90"]
    args[-1] = "100"
    done = CliRunner().invoke(app, args)
    assert json.loads(done.stdout)["gates"]["failed"] == [
        "A1: 90.0 < 100",
        "A2: 99.999999996 < 100",
    ]


def test_a_score_exactly_at_a_limit_summed_from_thirds_reaches_it() -> None:
    """Three items of 20 points at credit 2/3, one at 1 and one at 0 score exactly 60:
    their earned points, each settled to twelve digits, summed to 59.9999999999 (不合格,
    --fail-under 60 failed). The score is summed from the credits as computed."""
    agency = _scored_at_sixty("sixty")
    assert agency["sections"][0]["earned"] == 60.0


def test_equal_xccdf_default_scores_tie_however_their_groups_add_up() -> None:
    """100/3 from three groups (100, 0, 0) and from two (66.67, 0) is one score: settling
    each group's score first broke the tie (33.333333333 against 33.333333334)."""
    three = [
        item("A", "ENF", "pass", 10, 1.0),
        item("B", "JUD", "fail", 10, 0.0),
        item("C", "PAY", "fail", 10, 0.0),
    ]
    two = [
        item("A", "ENF", "pass", 10, 1.0),
        item("A2", "ENF", "pass", 10, 1.0),
        item("A3", "ENF", "fail", 10, 0.0),
        item("B", "JUD", "fail", 10, 0.0),
    ]
    first, _ = model_score(three, ["ENF", "JUD", "PAY"], "xccdf-default")
    second, _ = model_score(two, ["ENF", "JUD", "PAY"], "xccdf-default")
    assert first == second == 33.3333333333


def test_a_run_unfreezes_its_results_unless_the_caller_reports_and_exits() -> None:
    """Results are frozen out of the cyclic collector's reach while a run gathers them. A
    library caller gets them back unfrozen; the CLI, which reports and exits, keeps them
    frozen, so that no full collection walks every result (1 s of 6 on 8,000 agencies)."""
    import datetime as dt
    import gc

    from audit.demo.run import data_dir
    from audit.engine.run import RunOptions, run_audit

    files = sorted(data_dir().glob("*.json"))
    options = RunOptions(as_of=dt.date(2020, 7, 15), digest=False)
    gc.unfreeze()
    try:
        plain = run_audit(files, options)
        assert gc.get_freeze_count() == 0
        kept = run_audit(files, options, keep_frozen=True)
        assert gc.get_freeze_count() > 0
        assert kept.model_dump(mode="json") == plain.model_dump(mode="json")
    finally:
        gc.unfreeze()
