"""Every file in tests/data/evidence/exemptions: the verdict on its fault-tolerance claim.

Each file is one agency's evidence whose 容错 claim breaks one condition (or none). The
.expected file pins the exit code of ``audit run`` and, per claim, the item outcome, the
verdict and every reason in English — or the validation errors when the claim cannot even
be read. A new case is a new pair of files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import DATA

CASES = sorted((DATA / "evidence" / "exemptions").glob("*.json"))
MINI = str(DATA / "checklists" / "mini.toml")


def verdicts(case: Path) -> list[str]:
    """What ``audit run`` says about the file's exemption claims, one line each."""
    options = ["--as-of", "2020-07-15", "--no-history", "--format", "json", "--lang", "en"]
    result = CliRunner().invoke(app, ["run", str(case), "--checklist", MINI, *options])
    doc = json.loads(result.stdout)
    lines = [f"exit {result.exit_code}"]
    for agency in doc["agencies"]:
        for item in agency["items"]:
            if item.get("exemption"):
                exemption = item["exemption"]
                reasons = "; ".join(reason["en"] for reason in exemption["reasons"])
                lines.append(f"{item['id']} {item['outcome']} {exemption['status']}: {reasons}")
    for invalid in doc["invalid"]:
        lines += [f"invalid {e['path']}: {e['message']['en']}" for e in invalid["errors"]]
    return lines


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_exemption_verdict(case: Path) -> None:
    expected = case.with_suffix(".expected").read_text("utf-8").splitlines()
    assert verdicts(case) == [line for line in expected if line]


def test_the_catalogue_breaks_every_condition() -> None:
    text = "\n".join(c.with_suffix(".expected").read_text("utf-8") for c in CASES)
    for reason in (
        "condition not met: the work was reform",
        "condition not met: no breach of laws",
        "condition not met: no personal gain",
        "condition not met: no harm to the public interest",
        "no exemption is needed",
        "may not be exempted",
        "after the as-of date",
        "no attachment whose hash was verified",
        "missing required key 'approved_by'",
        "no document has id",
        "not fault_tolerance_decision",
    ):
        assert reason in text, reason
    assert "M-ENF-01 exempted granted" in text
