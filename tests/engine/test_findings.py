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


def _problem(*checks: CheckResult) -> str:
    result = ItemResult(
        id="M-1",
        section="S",
        outcome="fail",
        points=5,
        earned=0,
        severity="major",
        checks=list(checks),
    )
    title = Bilingual(zh="按时答复", en="Timely answers")
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
    return problem_text(result, text).en


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
