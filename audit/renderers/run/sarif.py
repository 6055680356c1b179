"""The result as SARIF 2.1.0: a result per finding, located at the offending record."""

from __future__ import annotations

import json
from typing import Any

from audit.engine.result import Finding, ItemText, RunResult
from audit.i18n import Lang
from audit.renderers.validation.as_sarif import artifact_uri, envelope
from audit.reports.labels import label

LEVELS = {"critical": "error", "major": "error", "minor": "warning"}


def _help(text: ItemText, lang: Lang) -> str:
    sep = "：" if lang == "zh" else ": "
    basis = "; ".join(r.get(lang) for r in text.refs)
    return (
        f"{label('remedy', lang)}{sep}{text.remedy.get(lang)}\n{label('basis', lang)}{sep}{basis}"
    )


def _rule(item_id: str, result: RunResult, lang: Lang) -> dict[str, Any]:
    text = result.catalogue.items[item_id]
    return {
        "id": item_id,
        "name": item_id.replace("-", ""),
        "shortDescription": {"text": text.title.get(lang)},
        "fullDescription": {"text": text.requirement.get(lang)},
        # code-scanning views show the help, not the properties: the legal basis goes in it
        "help": {"text": _help(text, lang)},
        "defaultConfiguration": {"level": LEVELS.get(text.severity, "warning")},
        "properties": {
            "severity": text.severity,
            "points": text.points,
            "legalBasis": [r.get(lang) for r in text.refs],
            "tags": ["compliance", text.section],
        },
    }


def _location(finding: Finding, where: dict[str, Any] | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(finding.file)}}
    location: dict[str, Any] = {"physicalLocation": physical}
    if where is not None:
        physical["region"] = {"startLine": where["line"], "startColumn": where["column"]}
        location["logicalLocations"] = [
            {
                "fullyQualifiedName": f"$.records.{where['set']}[id={where['record']}]",
                "kind": "element",
            }
        ]
    return location


def _finding(finding: Finding, index: dict[str, int], lang: Lang) -> dict[str, Any]:
    first = finding.locations[0] if finding.locations else None
    out: dict[str, Any] = {
        "ruleId": finding.item,
        "ruleIndex": index[finding.item],
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.problem.get(lang)},
        "locations": [_location(finding, first)],
        "partialFingerprints": {"findingId/v1": finding.id},
        "properties": {
            "agency": finding.agency,
            "severity": finding.severity,
            "deadline": finding.deadline.isoformat(),
            "responsible": finding.responsible.model_dump(exclude_none=True),
            "remedy": finding.remedy.get(lang),
            **({"liability": finding.liability.get(lang)} if finding.liability else {}),
            **({"discrepancy": finding.discrepancy} if finding.discrepancy else {}),
        },
    }
    if len(finding.locations) > 1:
        out["relatedLocations"] = [
            {"id": n, **_location(finding, where)}
            for n, where in enumerate(finding.locations[1:], start=1)
        ]
    return out


def render(result: RunResult, lang: Lang, **_: Any) -> str:
    """Findings (and the problems of files that could not be audited) as one SARIF run."""
    items = sorted({f.item for f in result.findings})
    index = {item: n for n, item in enumerate(items)}
    rules = [_rule(item, result, lang) for item in items]
    results = [_finding(f, index, lang) for f in result.findings]
    codes = sorted({e["code"] for bad in result.invalid for e in bad.errors})
    for code in codes:
        index[code] = len(rules)
        rules.append({"id": code, "shortDescription": {"text": code}})
    for bad in result.invalid:
        for error in bad.errors:
            physical: dict[str, Any] = {
                "artifactLocation": {"uri": artifact_uri(error.get("file") or bad.file)}
            }
            if error.get("line"):
                physical["region"] = {
                    "startLine": error["line"],
                    "startColumn": error.get("column") or 1,
                }
            results.append(
                {
                    "ruleId": error["code"],
                    "ruleIndex": index[error["code"]],
                    "level": "error",
                    "message": {"text": error["message"]["zh" if lang == "zh" else "en"]},
                    "locations": [{"physicalLocation": physical}],
                }
            )
    properties = {"checklist": result.checklist, "asOf": result.as_of.isoformat()}
    log = envelope(rules, results, properties=properties)
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
