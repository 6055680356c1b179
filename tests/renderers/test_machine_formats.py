"""CSV, JUnit, SARIF and JSON renderings of a result."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from audit.engine.result import RunResult
from audit.formats import RunFormat
from audit.i18n import Lang
from audit.renderers.run import render
from audit.renderers.run.csv_table import safe
from tests.conftest import DATA


def _render(result: RunResult, fmt: RunFormat, lang: str = "zh") -> str:
    out = render(result, fmt, lang)  # type: ignore[arg-type]
    assert isinstance(out, str)
    return out


def test_csv_is_one_flat_table_with_a_bom(demo_result: RunResult) -> None:
    text = _render(demo_result, RunFormat.CSV)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["单位代码", "单位名称", "区", "检查项"]
    assert len(body) == 6 * 34
    scjg = next(r for r in body if r[0] == "HQ-SCJG" and r[3] == "TJ-ENF-03")
    record = dict(zip(header, scjg, strict=True))
    assert (record["核查结论"], record["得分"], record["分值"], record["问题编号"]) == (
        "不符合",
        "0",
        "10",
        "HQ-SCJG/TJ-ENF-03",
    )
    assert record["整改期限"] == "2020-07-29" and record["责任单位"] == "法规科"
    assert record["追责建议"].startswith("建议有权机关依据")


def test_csv_neutralises_formulas() -> None:
    assert safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe("+86 22 0000") == "'+86 22 0000"
    assert safe("@SUM(A1)") == "'@SUM(A1)"
    assert safe("-12.5") == "-12.5"  # a number stays a number
    assert safe("法规科") == "法规科"


def test_junit_validates_and_fails_the_failing_items(
    demo_result: RunResult, shared_schemas: Path
) -> None:
    import xmlschema

    xml = _render(demo_result, RunFormat.JUNIT, "en")
    xmlschema.XMLSchema(str(shared_schemas / "junit.xsd")).validate(xml)
    assert xml.count("<failure ") == 5
    assert (
        'classname="HQ-SCJG" name="TJ-ENF-03 Legal review before every major penalty decision"'
        in xml
    )


def test_junit_reports_unusable_evidence_as_an_error_not_a_failure(
    demo_result: RunResult,
) -> None:
    """An item whose evidence the checks could not use (outcome "error") was a
    <failure>, and every suite said errors="0"."""
    import xml.etree.ElementTree as ET

    result = demo_result.model_copy(deep=True)
    scjg = next(a for a in result.agencies if a.code == "HQ-SCJG")
    broken = next(i for i in scjg.items if i.id == "TJ-ENF-03")
    broken.outcome = "error"
    suites = {
        s.get("name", "").split()[0]: s
        for s in ET.fromstring(_render(result, RunFormat.JUNIT, "en")).iter("testsuite")
    }
    suite = suites["HQ-SCJG"]
    case = next(c for c in suite.iter("testcase") if c.get("name", "").startswith("TJ-ENF-03"))
    assert case.find("error") is not None and case.find("failure") is None
    assert suite.get("errors") == "1"
    assert int(suite.get("failures", "")) == len(suite.findall("testcase/failure"))
    assert suites["HQ-FGW"].get("errors") == "0"


def test_sarif_validates_and_points_at_the_offending_record(
    demo_result: RunResult, shared_schemas: Path
) -> None:
    import jsonschema

    log = json.loads(_render(demo_result, RunFormat.SARIF))
    schema = json.loads((shared_schemas / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert len(results) == 5
    enf03 = next(
        r for r in results if r["partialFingerprints"]["findingId/v1"] == "HQ-SCJG/TJ-ENF-03"
    )
    physical = enf03["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("HQ-SCJG.json")
    assert physical["region"] == {"startLine": 188, "startColumn": 9}
    assert enf03["level"] == "error"
    enf01 = next(r for r in results if r["ruleId"] == "TJ-ENF-01")
    assert len(enf01["relatedLocations"]) == 1


def test_json_round_trips(demo_result: RunResult) -> None:
    again = RunResult.model_validate_json(_render(demo_result, RunFormat.JSON))
    assert again == demo_result


@pytest.mark.parametrize(("lang", "unit"), [("en", "People's court"), ("zh", "人民法院")])
def test_a_role_standing_in_for_the_responsible_unit_speaks_the_report_language(
    lang: Lang, unit: str
) -> None:
    """Evidence without `responsible`: the unit is the role's name, in the report's language."""
    import datetime as dt

    from audit.engine.run import RunOptions, run_audit
    from audit.formats import Report, RunFormat
    from audit.renderers.run import render

    court = DATA / "evidence" / "valid" / "court.json"
    options = RunOptions(
        checklist=str(DATA / "checklists" / "mini.toml"), as_of=dt.date(2020, 7, 15)
    )
    result = run_audit([court], options)
    assert result.findings and all(
        f.responsible.unit_en == "People's court" for f in result.findings
    )
    markdown = render(result, RunFormat.MARKDOWN, lang, report=Report.ACCOUNTABILITY)
    csv_text = render(result, RunFormat.CSV, lang)
    assert isinstance(markdown, str) and isinstance(csv_text, str)
    assert f"| {unit} / — / —" in markdown or f"| {unit}／—／—" in markdown
    assert f",{unit}," in csv_text


def test_junit_and_sarif_carry_the_legal_basis_and_what_to_do(demo_result: RunResult) -> None:
    """A JUnit failure held the problem alone and SARIF's rule help the remedy alone: the
    legal basis sat in SARIF properties that code-scanning views do not show."""
    import xml.etree.ElementTree as ET

    finding = next(f for f in demo_result.findings if f.id == "HQ-SCJG/TJ-ENF-03")
    root = ET.fromstring(_render(demo_result, RunFormat.JUNIT, "en"))
    (failure,) = [
        case.find("failure")
        for case in root.iter("testcase")
        if case.get("classname") == "HQ-SCJG" and str(case.get("name")).startswith("TJ-ENF-03")
    ]
    assert failure is not None and failure.text is not None
    lines = failure.text.splitlines()
    assert "Legal basis: " + "; ".join(r.en for r in finding.refs) in lines
    assert f"Deadline: {finding.deadline.isoformat()}" in lines
    assert finding.liability is not None
    assert f"Liability recommendation: {finding.liability.en}" in lines
    sarif = json.loads(_render(demo_result, RunFormat.SARIF, "zh"))
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    text = demo_result.catalogue.items["TJ-ENF-03"]
    assert rules["TJ-ENF-03"]["help"]["text"] == (
        f"整改措施：{text.remedy.zh}\n法律依据：" + "; ".join(r.zh for r in text.refs)
    )


@pytest.mark.parametrize("audited", [True, False])
def test_junit_suites_are_numbered_from_0_with_the_invalid_files_last(
    demo_result: RunResult, audited: bool
) -> None:
    """With no agency audited, the one suite (the invalid files) was numbered 1."""
    import xml.etree.ElementTree as ET

    from audit.engine.result import InvalidFile

    problem = {
        "file": "bad.json",
        "line": 1,
        "column": 1,
        "path": "$",
        "severity": "error",
        "code": "json.syntax",
        "message": {"zh": "不是 JSON", "en": "not JSON"},
    }
    agencies = demo_result.agencies if audited else []
    result = demo_result.model_copy(
        update={"agencies": agencies, "invalid": [InvalidFile(file="bad.json", errors=[problem])]}
    )
    suites = ET.fromstring(_render(result, RunFormat.JUNIT, "en")).findall("testsuite")
    assert [s.get("id") for s in suites] == [str(n) for n in range(len(agencies) + 1)]
