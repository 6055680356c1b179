"""Without --format, the --output file's extension chooses it: `-o ledger.xlsx` is a
workbook, not plain text in a file Excel cannot open. --format, when given, still wins."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.demo.run import data_dir

runner = CliRunner()
RUN = ["run", str(data_dir()), "--as-of", "2020-07-15", "--no-attachments", "-q"]


def _ok(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output  # 1: the demo has findings, not a bug


def _is_workbook(path: Path) -> bool:
    return zipfile.is_zipfile(path) and "xl/workbook.xml" in zipfile.ZipFile(path).namelist()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "h.sqlite"
    _ok(*RUN, "--db", str(path))
    return path


def test_run_and_report(tmp_path: Path) -> None:
    _ok(*RUN, "--no-history", "-o", str(tmp_path / "r.json"))
    result = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert result["format"] == "tj-audit/result@1"
    _ok("report", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.HTML"))
    assert (tmp_path / "r.HTML").read_text("utf-8").startswith("<!DOCTYPE html>")
    _ok("report", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.csv"))
    assert (tmp_path / "r.csv").read_text("utf-8").startswith("\ufeff单位代码,")
    _ok("report", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.xml"))
    assert ET.parse(tmp_path / "r.xml").getroot().tag == "testsuites"
    _ok("report", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.md"), "-f", "plain")
    assert not (tmp_path / "r.md").read_text("utf-8").startswith("#")  # --format wins


def test_validate_and_init(tmp_path: Path) -> None:
    _ok("validate", str(data_dir()), "-o", str(tmp_path / "v.sarif"))
    assert json.loads((tmp_path / "v.sarif").read_text("utf-8"))["version"] == "2.1.0"
    _ok("validate", str(data_dir()), "-o", str(tmp_path / "v.xml"))
    assert ET.parse(tmp_path / "v.xml").getroot().tag in ("testsuites", "testsuite")
    _ok("init", "--roles", "court", "--agency-code", "HQ-FY", "-o", str(tmp_path / "t.xlsx"))
    assert _is_workbook(tmp_path / "t.xlsx")


def test_ledger_history_and_diff(db: Path, tmp_path: Path) -> None:
    _ok("ledger", "--db", str(db), "--as-of", "2020-07-15", "-o", str(tmp_path / "l.xlsx"))
    assert _is_workbook(tmp_path / "l.xlsx")
    _ok("ledger", "--db", str(db), "--as-of", "2020-07-15", "-o", str(tmp_path / "l.json"))
    assert "entries" in json.loads((tmp_path / "l.json").read_text("utf-8"))
    _ok("history", "--db", str(db), "-o", str(tmp_path / "h.json"))
    assert json.loads((tmp_path / "h.json").read_text("utf-8"))["format"] == "tj-audit/history@1"
    _ok("diff", "latest", "latest", "--db", str(db), "-o", str(tmp_path / "d.json"))
    assert json.loads((tmp_path / "d.json").read_text("utf-8"))["format"] == "tj-audit/diff@1"


def test_explain_and_show_follow_the_extension_too(tmp_path: Path) -> None:
    _ok("explain", "TJ-ENF-03", "--lang", "en", "-o", str(tmp_path / "x.json"))
    explained = json.loads((tmp_path / "x.json").read_text("utf-8"))
    assert "示例" not in json.dumps(explained["example"], ensure_ascii=False)  # --lang en
    _ok("checklists", "show", "tianjin-bizenv", "-o", str(tmp_path / "c.json"))
    assert json.loads((tmp_path / "c.json").read_text("utf-8"))["checklist"]["id"]


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(data_dir()), "-o", "{tmp}/v.html"],
        [*RUN, "--no-history", "-o", "{tmp}/r.xlsx"],
        ["init", "--roles", "court", "--agency-code", "HQ-FY", "-o", "{tmp}/t.csv"],
    ],
)
def test_an_extension_naming_a_format_the_command_lacks_is_refused(
    tmp_path: Path, args: list[str]
) -> None:
    """Text in a file named .xlsx is what the extension rule set out to end: refused."""
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "this command writes no" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_output_that_is_an_input_is_refused_before_anything_is_replaced(
    tmp_path: Path,
) -> None:
    """`audit run a.json -o a.json` replaced the evidence with its result, `audit import
    wb.xlsx -o wb.xlsx` the clerk's workbook with JSON (exit 0 both). Each input file, however
    named, is refused as the output (exit 2) and stays as it was."""
    import shutil

    evidence = tmp_path / "a.json"
    shutil.copy(data_dir() / "HQ-FY.json", evidence)
    before = evidence.read_bytes()
    same = str(tmp_path / "." / "a.json")  # the same file, named another way
    runs = [
        ["run", str(evidence), "--no-history", "--no-attachments", "-f", "json", "-o", same],
        ["validate", str(tmp_path), "--no-attachments", "-f", "json", "-o", str(evidence)],
        ["init", "--from", str(evidence), "-o", same],
    ]
    for args in runs:
        result = runner.invoke(app, [*args, "--lang", "en"])
        assert result.exit_code == 2, (args, result.output)
        assert "which this command reads: writing would replace it" in result.stderr
        assert evidence.read_bytes() == before
    workbook = tmp_path / "wb.xlsx"
    made = runner.invoke(app, ["init", "--from", str(evidence), "-o", str(workbook)])
    assert made.exit_code == 0, made.output
    kept = workbook.read_bytes()
    imported = runner.invoke(app, ["import", str(workbook), "-o", str(workbook), "--lang", "en"])
    assert imported.exit_code == 2
    assert workbook.read_bytes() == kept
    as_xlsx = runner.invoke(app, ["import", str(workbook), "-o", str(tmp_path / "e.xlsx")])
    assert as_xlsx.exit_code == 2  # JSON is what import writes
    assert not (tmp_path / "e.xlsx").exists()
    # the history database and a --checklist file are inputs too
    db = tmp_path / "h.sqlite"
    stored = ["run", str(evidence), "--no-attachments", "--db", str(db), "-q", "-f", "json"]
    assert runner.invoke(app, [*stored, "-o", str(tmp_path / "r.json")]).exit_code == 0
    history = db.read_bytes()
    for args in (["ledger", "--db", str(db)], ["history", "--db", str(db)], [*stored]):
        refused = runner.invoke(app, [*args, "-o", str(db), "--lang", "en"])
        assert refused.exit_code == 2, (args, refused.output)
    assert db.read_bytes() == history
    checklist = tmp_path / "c.toml"
    shutil.copy(Path(__file__).parents[2] / "checklists" / "tianjin-bizenv.toml", checklist)
    kept_checklist = checklist.read_bytes()
    for args in (["schema"], ["explain", "TJ-JUD-01"]):
        refused = runner.invoke(app, [*args, "--checklist", str(checklist), "-o", str(checklist)])
        assert refused.exit_code == 2, (args, refused.output)
    assert checklist.read_bytes() == kept_checklist
