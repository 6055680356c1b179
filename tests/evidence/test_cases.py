"""Every file in tests/data/evidence/invalid gives exactly the problems in its .expected file.

A regression test is a new pair of files there, not new code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.checklist.load import LoadedChecklist
from audit.evidence.load import Options, load
from tests.conftest import DATA

CASES = sorted((DATA / "evidence" / "invalid").glob("*.json"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_reports_exactly_the_expected_problems(case: Path, mini: LoadedChecklist) -> None:
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    loaded = load(case, case.name, Options(checklist=mini))
    assert [d.format("en") for d in loaded.diagnostics] == [line for line in expected if line]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_problem_has_a_position_and_both_languages(case: Path, mini: LoadedChecklist) -> None:
    loaded = load(case, case.name, Options(checklist=mini))
    for diag in loaded.diagnostics:
        if diag.code not in ("file.empty", "file.too-large", "file.is-directory"):
            assert diag.line is not None and diag.col is not None, diag
        zh, en = diag.message("zh"), diag.message("en")
        assert zh and en and zh != en


def test_the_catalogue_is_large_and_mostly_invalid(mini: LoadedChecklist) -> None:
    invalid = [c for c in CASES if not load(c, c.name, Options(checklist=mini)).ok]
    assert len(CASES) >= 70
    assert len(invalid) >= 70


@pytest.mark.parametrize(
    "case", sorted((DATA / "evidence" / "valid").glob("*.json")), ids=lambda p: p.stem
)
def test_valid_files_have_no_problems(case: Path, mini: LoadedChecklist) -> None:
    loaded = load(case, case.name, Options(checklist=mini))
    assert loaded.diagnostics == []
    assert loaded.doc is not None
