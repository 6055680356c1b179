"""Validation as JUnit XML: one test case per evidence file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from audit.diagnostics import Diagnostic, Severity
from audit.i18n import Lang
from audit.renderers.xml_text import xml_document
from audit.validation import ValidationResult


def render(result: ValidationResult, lang: Lang) -> str:
    """A ``<testsuites>`` document; an invalid file is a failed test case."""
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in sorted(result.diagnostics, key=Diagnostic.sort_key):
        by_file[d.file or ""].append(d)
    failures = sum(1 for f in result.files if not f.ok)
    suites = ET.Element("testsuites")
    suite = ET.SubElement(
        suites,
        "testsuite",
        {
            "name": "audit validate",
            "tests": str(len(result.files)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
            "time": "0",
            "timestamp": "1970-01-01T00:00:00",
            "hostname": "localhost",
            "id": "0",
            "package": "tj-audit",
        },
    )
    ET.SubElement(suite, "properties")
    for summary in result.files:
        case = ET.SubElement(
            suite, "testcase", {"classname": "evidence", "name": summary.display, "time": "0"}
        )
        problems = by_file.get(summary.display, [])
        errors = [d for d in problems if d.severity is Severity.ERROR]
        if errors:
            failure = ET.SubElement(
                case, "failure", {"message": errors[0].format(lang), "type": errors[0].code}
            )
            failure.text = "\n".join(d.format(lang) for d in errors)
    # The Ant schema allows no output inside a test case: warnings go to the suite's output.
    warnings = [d for d in result.diagnostics if d.severity is Severity.WARNING]
    out = ET.SubElement(suite, "system-out")
    if warnings:
        out.text = "\n".join(d.format(lang) for d in sorted(warnings, key=Diagnostic.sort_key))
    ET.SubElement(suite, "system-err")
    return xml_document(suites)
