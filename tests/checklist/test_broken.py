"""Every broken checklist in tests/data/checklists/broken gives exactly its .expected lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.checklist.load import check_file
from tests.conftest import DATA

CASES = sorted((DATA / "checklists" / "broken").glob("*.toml"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_checklist_is_reported_with_position(case: Path) -> None:
    expected = [
        line for line in case.with_suffix(".expected").read_text("utf-8").splitlines() if line
    ]
    _model, _, problems = check_file(case.relative_to(Path.cwd()))
    assert [d.format("en") for d in problems] == expected
    assert expected, "a broken checklist must have at least one problem"
    assert all(d.line is not None for d in problems)
