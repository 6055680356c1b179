"""Who answers for a finding (checklist.md, "Findings and accountability")."""

from __future__ import annotations

from typing import Any

import pytest

from audit.engine.findings import responsible_for
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
