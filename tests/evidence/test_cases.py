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
MINI = str(DATA / "checklists" / "mini.toml")


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


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_through_the_cli_exit_code_and_messages(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`audit validate FILE`: exactly the expected lines, exit 1 on errors (0 on warnings only)."""
    from typer.testing import CliRunner

    from audit.cli import app

    monkeypatch.chdir(case.parent)  # so that the file is shown as the .expected file names it
    result = CliRunner().invoke(app, ["validate", case.name, "--checklist", MINI, "--lang", "en"])
    expected = case.with_suffix(".expected").read_text("utf-8").splitlines()
    lines = [line for line in result.output.splitlines() if not line.startswith(("✓", "✗"))]
    assert lines == [line for line in expected if line]
    errors = [line for line in expected if line and ": warning: " not in line]
    assert result.exit_code == (1 if errors else 0)
    assert "Traceback" not in result.output


def test_every_other_file_of_the_run_is_still_evaluated() -> None:
    """All the hostile files and one good one in a single `audit run`: the good one is scored."""
    from typer.testing import CliRunner

    from audit.cli import app
    from audit.engine.result import RunResult

    files = ["tests/data/evidence/invalid", "tests/data/evidence/valid/court.json"]
    options = ["--as-of", "2020-07-15", "--no-history", "--format", "json", "--jobs", "2"]
    result = CliRunner().invoke(app, ["run", *files, "--checklist", MINI, *options])
    assert result.exit_code == 1
    run = RunResult.model_validate_json(result.stdout)
    assert [(a.code, a.score is not None) for a in run.agencies] == [("T-FY", True)]
    assert {i.file for i in run.invalid} == {f"tests/data/evidence/invalid/{c.name}" for c in CASES}
