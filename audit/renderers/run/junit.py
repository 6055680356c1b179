"""The result as JUnit XML: a test suite per agency, a test case per item."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from audit.engine.result import FAILING, Finding, RunResult
from audit.i18n import Lang
from audit.renderers.xml_text import xml_document
from audit.reports.accountability import finding_lines
from audit.reports.compliance import agency_name
from audit.reports.labels import label
from audit.reports.summary import reason

TIMESTAMP = "{}T00:00:00"


def _suite(
    parent: ET.Element,
    *,
    name: str,
    index: int,
    tests: int,
    failures: int,
    skipped: int,
    stamp: str,
    errors: int = 0,
) -> ET.Element:
    suite = ET.SubElement(
        parent,
        "testsuite",
        {
            "name": name,
            "package": "tj-audit",
            "id": str(index),
            "tests": str(tests),
            "failures": str(failures),
            "errors": str(errors),
            "skipped": str(skipped),
            "time": "0",
            "timestamp": stamp,
            "hostname": "localhost",
        },
    )
    ET.SubElement(suite, "properties")
    return suite


def render(result: RunResult, lang: Lang, **_: Any) -> str:
    """Failing items are failures, excluded items are skipped; invalid files fail too."""
    root = ET.Element("testsuites")
    stamp = TIMESTAMP.format(result.as_of.isoformat())
    index = 0
    by_agency: dict[str, dict[str, Finding]] = {}  # grouped once: per agency it was quadratic
    for f in result.findings:
        by_agency.setdefault(f.agency, {})[f.item] = f
    for index, agency in enumerate(result.agencies):
        items = [i for i in agency.items if i.excluded != "role"]
        failing = [i for i in items if i.outcome in FAILING]
        # evidence the checks could not use (outcome "error") is JUnit's error, not a failure
        errors = sum(i.outcome == "error" for i in failing)
        skipped = [i for i in items if i.outcome in ("not_applicable", "exempted")]
        suite = _suite(
            root,
            name=f"{agency.code} {agency_name(agency, lang)}",
            index=index,
            tests=len(items),
            failures=len(failing) - errors,
            errors=errors,
            skipped=len(skipped),
            stamp=stamp,
        )
        findings = by_agency.get(agency.code, {})
        notes = []  # the schema gives a testcase no output of its own: the suite's holds these
        for item in items:
            title = result.catalogue.items[item.id].title.get(lang)
            case = ET.SubElement(
                suite,
                "testcase",
                {"classname": agency.code, "name": f"{item.id} {title}", "time": "0"},
            )
            if item.outcome in FAILING:
                finding = findings.get(item.id)
                message = finding.problem.get(lang) if finding else label(item.outcome, lang)
                failure = ET.SubElement(
                    case,
                    "error" if item.outcome == "error" else "failure",
                    {"message": message, "type": item.severity},
                )
                failure.text = message
                if item.attestation is not None:
                    failure.text += "\n" + reason(item, lang)
                if finding is not None:  # what the unit must do, and under which clause
                    failure.text += "\n" + "\n".join(finding_lines(finding, lang))
            elif item.outcome in ("not_applicable", "exempted"):
                why = (
                    label(f"excluded:{item.excluded}", lang)
                    if item.excluded
                    else label(item.outcome, lang)
                )
                ET.SubElement(case, "skipped", {"message": why})
            if item.computed_outcome is not None:  # overridden or exempted: what was computed
                notes.append(f"{item.id}: {label(item.outcome, lang)} — {reason(item, lang)}")
        ET.SubElement(suite, "system-out").text = "\n".join(notes) or None
        ET.SubElement(suite, "system-err")
    if result.invalid:
        suite = _suite(
            root,
            name=label("invalid.title", lang),
            index=len(result.agencies),  # after the agencies' suites: 0 when there are none
            tests=len(result.invalid),
            failures=len(result.invalid),
            skipped=0,
            stamp=stamp,
        )
        for bad in result.invalid:
            case = ET.SubElement(
                suite, "testcase", {"classname": "evidence", "name": bad.file, "time": "0"}
            )
            lines = [e["message"]["zh" if lang == "zh" else "en"] for e in bad.errors]
            failure = ET.SubElement(
                case, "failure", {"message": lines[0] if lines else "", "type": "invalid"}
            )
            failure.text = "\n".join(lines)
        ET.SubElement(suite, "system-out")
        ET.SubElement(suite, "system-err")
    return xml_document(root)
