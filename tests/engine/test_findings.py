"""Who answers for a finding (checklist.md, "Findings and accountability")."""

from __future__ import annotations

from typing import Any

import pytest

from audit.engine.findings import problem_text, responsible_for
from audit.engine.result import Bilingual, CheckResult, ItemResult, ItemText
from tests.engine.helpers import mini

FILE_OWNER = {"unit": "法规科", "person": "王某", "leader": "李某"}


def _owner(claim: dict[str, Any] | None, file_owner: dict[str, Any] | None) -> tuple[Any, ...]:
    checklist = mini()
    item = checklist.items_by_id["M-ENF-01"]
    doc = {} if file_owner is None else {"responsible": file_owner}
    person = responsible_for(item, claim, doc, checklist, ["enforcement"])
    return person.unit, person.person, person.leader, person.unit_en


@pytest.mark.parametrize(
    ("claim", "file_owner", "expected"),
    [
        # the item claim names the owner; what it leaves out, the file's default supplies
        (
            {"responsible": {"unit": "审批改革科", "person": "赵某"}},
            FILE_OWNER,
            ("审批改革科", "赵某", "李某", None),
        ),
        ({"responsible": {"person": "赵某"}}, FILE_OWNER, ("法规科", "赵某", "李某", None)),
        (None, FILE_OWNER, ("法规科", "王某", "李某", None)),
        # nobody named: the role concerned, in both languages
        (None, None, ("行政执法机关", None, None, "Enforcement body")),
        (
            {"responsible": {"person": "赵某"}},
            None,
            ("行政执法机关", "赵某", None, "Enforcement body"),
        ),
    ],
)
def test_each_field_falls_back_on_its_own(
    claim: dict[str, Any] | None, file_owner: dict[str, Any] | None, expected: tuple[Any, ...]
) -> None:
    assert _owner(claim, file_owner) == expected


def _check(check_id: str, outcome: str, zh: str, en: str) -> CheckResult:
    return CheckResult(
        id=check_id, kind="deadline", outcome=outcome, explanation=Bilingual(zh=zh, en=en)
    )


def _said(
    *checks: CheckResult,
    outcome: str = "fail",
    title: Bilingual = Bilingual(zh="按时答复", en="Timely answers"),  # noqa: B008 - immutable
) -> Bilingual:
    result = ItemResult(
        id="M-1",
        section="S",
        outcome=outcome,
        points=5,
        earned=0,
        severity="major",
        checks=list(checks),
    )
    text = ItemText(
        title=title,
        requirement=title,
        remedy=title,
        refs=[],
        points=5,
        severity="major",
        section="S",
        roles=["*"],
    )
    return problem_text(result, text)


def _problem(*checks: CheckResult) -> str:
    return _said(*checks).en


def test_a_check_that_passes_below_full_credit_says_so_in_its_finding() -> None:
    """A check that passed its own threshold but earned half credit on the item's tiers
    made a finding "行政处罚决定按时公示：", with nothing after the colon."""
    check = _check("c", "pass", "19 / 20 条按时（95%）", "19 / 20 in time (95%)")
    check.credit = 0.5
    title = Bilingual(zh="按时公示", en="Published in time")
    said = _said(check, outcome="partial", title=title)
    assert said.en == "Published in time: 19 / 20 in time (95%) (credit 50%)"
    assert said.zh == "按时公示：19 / 20 条按时（95%）（得分率 50%）"
    check.credit = 0.999999999  # below full credit: never "(credit 100%)"
    assert _said(check, outcome="partial", title=title).en.endswith("(credit 99.9999999%)")


def test_a_problem_says_a_shared_explanation_once_and_names_the_checks_of_different_ones() -> None:
    missing = ("未提交 records.payments", "records.payments was not submitted")
    assert _problem(_check("a", "missing", *missing), _check("b", "missing", *missing)) == (
        "Timely answers: records.payments was not submitted"
    )
    assert _problem(
        _check("contacted", "fail", "11 / 12", "11 / 12 in time; not: PC-07"),
        _check("answered", "fail", "11 / 12", "11 / 12 in time; not: PC-03"),
        _check("logged", "pass", "12 / 12", "12 / 12 in time"),
    ) == (
        "Timely answers: [contacted] 11 / 12 in time; not: PC-07; "
        "[answered] 11 / 12 in time; not: PC-03"
    )
    assert _problem(_check("only", "fail", "0 / 3", "0 / 3 in time")) == (
        "Timely answers: 0 / 3 in time"
    )


def _findings_of(tmp_path: Any, name: str, year: int, as_of: str) -> dict[str, Any]:
    """The findings of the demo's file ``name`` (2020-H1) moved to ``year``, every date
    with it, audited as of ``as_of``."""
    import datetime as dt

    from audit.demo.run import data_dir
    from audit.engine.run import RunOptions, run_audit

    text = (data_dir() / name).read_text("utf-8")
    path = tmp_path / name
    path.write_text(text.replace('"2020-', f'"{year}-'), "utf-8")
    options = RunOptions(as_of=dt.date.fromisoformat(as_of), attachments=False, digest=False)
    result = run_audit([path], options)
    assert not result.invalid, result.invalid
    return {f.item: f for f in result.findings}


def test_a_finding_marks_the_cited_texts_not_in_force_in_its_period(tmp_path: Any) -> None:
    """A 2019 finding cited the 2019 State Council regulation (in force 2020-01-01) and
    recommended liability under it, without a word; a 2020 finding cited the 2021 revision
    of the Administrative Penalty Law. Each such citation is now marked where it is cited,
    the registry's in-force dates against the agency's period."""
    later = "〔审计期间尚未施行〕"
    found = _findings_of(tmp_path, "HQ-SCJG.json", 2019, "2019-07-15")
    refs = [ref.zh for ref in found["TJ-ENF-03"].refs]
    assert refs[0].startswith("《优化营商环境条例》第五十八条") and refs[0].endswith(later)
    assert refs[1].startswith("《中华人民共和国行政处罚法》") and refs[1].endswith(later)
    assert not refs[2].endswith(later)  # a municipal notice issued 2019-03-23: in force
    # and no liability is recommended under a clause not yet in force for the conduct
    # audited: it read "建议有权机关依据…第六十九条第（十一）项〔审计期间尚未施行〕…追究"
    assert found["TJ-ENF-03"].liability is None
    # and the accountability report says why, where it read "—" beside a critical failure
    withheld = found["TJ-ENF-03"].liability_withheld
    assert withheld is not None and withheld.zh.startswith("不提出追责建议：《优化营商环境条例》")
    assert withheld.en.endswith("was not yet in force in the audited period")
    from audit.reports.accountability import finding_lines

    lines = finding_lines(found["TJ-ENF-03"], "en")
    assert lines[-1].startswith("Liability recommendation: No liability recommended: ")

    found = _findings_of(tmp_path, "HQ-SCJG.json", 2020, "2020-07-15")
    refs = [ref.zh for ref in found["TJ-ENF-03"].refs]
    assert not refs[0].endswith(later)  # in force from the period's first day
    assert refs[1].endswith(later)
    assert later not in (found["TJ-ENF-03"].liability or Bilingual(zh="", en="")).zh
    assert found["TJ-ENF-03"].liability_withheld is None


def test_a_policy_document_dated_only_by_its_issue_is_marked_before_it(tmp_path: Any) -> None:
    """The two enforcement documents have no date in force in the registry, only their
    issue (2018-12-05, 2019-03-23): a 2018-H1 finding marked the regulation of 2019 cited
    beside them, and not them. A document governs from the day it is issued."""
    later = "〔审计期间尚未施行〕"
    found = _findings_of(tmp_path, "HQ-SCJG.json", 2018, "2018-07-15")
    refs = [ref.zh for ref in found["TJ-ENF-01"].refs]
    assert len(refs) == 3 and all(ref.endswith(later) for ref in refs), refs
    found = _findings_of(tmp_path, "HQ-SCJG.json", 2019, "2019-07-15")
    refs = [ref.zh for ref in found["TJ-ENF-01"].refs]
    assert refs[0].startswith("《国务院办公厅") and not refs[0].endswith(later)
    assert refs[2].startswith("《天津市人民政府办公厅") and not refs[2].endswith(later)


def test_a_finding_marks_a_text_replaced_before_its_period(tmp_path: Any) -> None:
    """TJ-CRED-03 cites both texts of the SME payment regulation: in 2026-H1 the 2020 text
    had been replaced (from 2025-06-01), in 2021-H1 the 2025 text was not yet in force."""
    found = _findings_of(tmp_path, "HQ-SCJG.json", 2026, "2026-07-15")
    refs = [ref.en for ref in found["TJ-CRED-03"].refs]
    assert refs[0].endswith("[replaced by a newer text before the audited period]")
    assert not refs[1].endswith("]")
    found = _findings_of(tmp_path, "HQ-SCJG.json", 2021, "2021-07-15")
    refs = [ref.en for ref in found["TJ-CRED-03"].refs]
    assert not refs[0].endswith("]")
    assert refs[1].endswith("[not yet in force in the audited period]")


def test_the_compliance_report_marks_the_legal_basis_as_the_findings_do(tmp_path: Any) -> None:
    """The findings marked a text that did not govern the period; the compliance report's
    legal-basis column, for the same item, did not."""
    import datetime as dt

    from audit.demo.run import data_dir
    from audit.engine.run import RunOptions, run_audit
    from audit.reports.compliance import item_table

    text = (data_dir() / "HQ-SCJG.json").read_text("utf-8").replace('"2020-', '"2019-')
    path = tmp_path / "HQ-SCJG.json"
    path.write_text(text, "utf-8")
    options = RunOptions(as_of=dt.date(2019, 7, 15), attachments=False, digest=False)
    result = run_audit([path], options)
    table = item_table(result, result.agencies[0], "zh")
    (row,) = [r for r in table.rows if r[0] == "TJ-ENF-03"]
    assert "《优化营商环境条例》第五十八条〔审计期间尚未施行〕" in row[2]
    window = result.catalogue.items["TJ-ENF-03"].refs_in_force[0]
    assert window == (dt.date(2020, 1, 1), None)


def test_a_run_over_different_periods_warns_and_names_the_odd_ones(tmp_path: Any) -> None:
    """An earlier half-year's file left in the folder (or resubmitted) was scored and ranked
    with the rest without a word: only its own period line showed it."""
    import datetime as dt

    from audit.demo.run import data_dir
    from audit.engine.run import RunOptions, run_audit

    for name in ("HQ-FY.json", "HQ-SFJ.json", "HQ-GOV.json"):
        text = (data_dir() / name).read_text("utf-8")
        if name == "HQ-GOV.json":
            text = text.replace('"2020-', '"2019-')
        (tmp_path / name).write_text(text, "utf-8")
    options = RunOptions(as_of=dt.date(2020, 7, 15), attachments=False, digest=False)
    result = run_audit(sorted(tmp_path.glob("*.json")), options)
    warned = [w for w in result.warnings if w["code"] == "run.mixed-periods"]
    assert [w["message"]["en"] for w in warned] == [
        "the agencies of this run cover different periods: 2020-01-01 – 2020-06-30 "
        "(2 agencies); 2019-01-01 – 2019-06-30 (1 agency: HQ-GOV); the ranking and the mean "
        "compare across them: check each evidence file's period"
    ]
    (tmp_path / "HQ-SFJ.json").unlink()  # one of each: the later period is the audited one
    result = run_audit(sorted(tmp_path.glob("*.json")), options)
    warned = [w for w in result.warnings if w["code"] == "run.mixed-periods"]
    assert "2019-01-01 – 2019-06-30 (1 agency: HQ-GOV)" in warned[0]["message"]["en"]
    (tmp_path / "HQ-GOV.json").unlink()
    result = run_audit(sorted(tmp_path.glob("*.json")), options)
    assert not [w for w in result.warnings if w["code"] == "run.mixed-periods"]
