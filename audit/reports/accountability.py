"""The accountability and rectification report (问题整改与责任落实报告).

Findings are grouped by responsible unit with the columns of a real 整改台账: issue, legal
basis, severity, responsible unit/person/leader, remedy, deadline, liability; then the
exemption decisions and the self-assessment discrepancies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from audit.engine.result import Finding, RunResult
from audit.i18n import Lang, listed, pick
from audit.reports.blocks import Block, Facts, Heading, Table, Text, Tone
from audit.reports.compliance import agency_name
from audit.reports.labels import label
from audit.reports.summary import fallback_note


def _person(finding: Finding, lang: Lang) -> str:
    who = finding.responsible
    parts = [who.unit_in(lang) or "—", who.person or "—", who.leader or "—"]
    return " / ".join(parts) if lang == "en" else "／".join(parts)


def finding_lines(finding: Finding, lang: Lang) -> list[str]:
    """What a finding asks of its unit, one "label: text" line each (for outputs of one text
    per finding: JUnit failures)."""
    sep = "：" if lang == "zh" else ": "
    lines = [
        label("basis", lang) + sep + listed(lang, (r.get(lang) for r in finding.refs)),
        label("responsible", lang) + sep + _person(finding, lang),
        label("remedy", lang) + sep + finding.remedy.get(lang),
        label("deadline", lang) + sep + finding.deadline.isoformat(),
    ]
    liability = liability_of(finding, lang)
    if liability != "—":
        lines.append(label("liability", lang) + sep + liability)
    return lines


def liability_of(finding: Finding, lang: Lang) -> str:
    """The liability recommendation, or why none is made under the item's clause, or —."""
    said = finding.liability or finding.liability_withheld
    return said.get(lang) if said is not None else "—"


def finding_rows(
    result: RunResult, findings: list[Finding], lang: Lang, status: Mapping[str, str] | None = None
) -> list[list[str]]:
    """The ledger columns of each finding."""
    rows = []
    for f in findings:
        row = [
            f.id,
            f.problem.get(lang),
            listed(lang, (r.get(lang) for r in f.refs)),
            label(f.severity, lang),
            _person(f, lang),
            f.remedy.get(lang),
            f.deadline.isoformat(),
            liability_of(f, lang),
        ]
        if status is not None:
            row.append(status.get(f.id, "—"))
        rows.append(row)
    return rows


def accountability(
    result: RunResult, lang: Lang, status: Mapping[str, str] | None = None
) -> list[Block]:
    """The whole report: findings by responsible unit, exemptions, discrepancies.

    ``status`` comes from the history; without it, the statuses a stored run's findings
    kept (a result file written by ``audit run`` with a history) are shown.
    """
    if status is None and any(f.ledger_status for f in result.findings):
        from audit.history.statuses import ledger_names

        status = ledger_names(result, lang)
    by_severity = {
        s: sum(1 for f in result.findings if f.severity == s)
        for s in ("critical", "major", "minor")
    }
    blocks: list[Block] = [
        Heading(label("accountability.title", lang), 1, anchor="accountability"),
        Facts(
            [
                (
                    label("checklist", lang),
                    f"{result.checklist['id']} {result.checklist['version']}",
                ),
                (label("as_of", lang), result.as_of.isoformat()),
                (label("evaluator", lang), result.evaluator or "—"),
            ]
        ),
        Text(label("findings.count", lang, total=len(result.findings), **by_severity)),
        Text(label("deadline_rule", lang, **result.catalogue.rectification_days)),
    ]
    blocks += fallback_note((y for a in result.agencies for y in a.calendar_fallback_years), lang)
    names = {a.code: agency_name(a, lang) for a in result.agencies}
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in result.findings:
        groups[(f.agency, f.responsible.unit_in(lang) or "—")].append(f)
    headers = [
        label("finding", lang),
        label("issue", lang),
        label("basis", lang),
        label("severity", lang),
        label("responsible", lang),
        label("remedy", lang),
        label("deadline", lang),
        label("liability", lang),
    ]
    if status is not None:
        headers.append(label("status", lang))
    if not groups:
        blocks.append(Text(label("no_findings", lang), tone="good"))
    for (code, unit), findings in groups.items():
        blocks.append(Heading(f"{names.get(code, code)} · {unit}", 2))
        severity_tone: dict[str, Tone] = {"critical": "bad", "major": "warn"}
        tones = [severity_tone.get(f.severity, "plain") for f in findings]
        blocks.append(Table(headers, finding_rows(result, findings, lang, status), tones=tones))
    blocks += exemptions(result, lang) + overrides(result, lang) + discrepancies(result, lang)
    return blocks


def overrides(result: RunResult, lang: Lang) -> list[Block]:
    """The auditors' verdicts that changed a computed outcome (an item's, or one check's),
    beside what was computed: an override that cleared a finding left the report without a
    trace of it (checklist.md: an override keeps the computed outcome in every report).
    Nothing when no verdict changed anything."""
    rows = []
    for agency in result.agencies:
        for item in agency.items:
            verdicts: list[tuple[str | None, dict[str, Any]]] = (
                [(None, item.attestation)] if item.attestation else []
            )
            verdicts += [(c.id, c.attestation) for c in item.checks if c.attestation]
            for check, verdict in verdicts:
                computed = (
                    verdict.get("computed_outcome")
                    if check is None
                    else next(c.computed_outcome for c in item.checks if c.id == check)
                )
                if computed is None or computed == verdict.get("result"):
                    continue  # a manual check's verdict, or one agreeing with the checks
                rows.append(
                    [
                        f"{agency_name(agency, lang)} ({agency.code})",
                        item.id if check is None else f"{item.id} / {check}",
                        f"{label(computed, lang)} → {label(str(verdict.get('result')), lang)}",
                        f"{verdict.get('by', '—')} ({verdict.get('date', '—')})",
                        str(verdict.get("remark") or ""),
                    ]
                )
    if not rows:
        return []
    return [
        Heading(label("overrides", lang), 2),
        Table(
            [
                label("agency", lang),
                label("item", lang),
                label("overrides.change", lang),
                label("overrides.by", lang),
                label("overrides.remark", lang),
            ],
            rows,
        ),
    ]


def exemptions(result: RunResult, lang: Lang) -> list[Block]:
    """Every fault-tolerance claim with the decision and its reasons."""
    rows = []
    for agency in result.agencies:
        for item in agency.items:
            ex = item.exemption
            if ex is None:
                continue
            reasons = listed(lang, (r.zh if lang == "zh" else r.en for r in ex.reasons))
            rows.append(
                [
                    f"{agency_name(agency, lang)} ({agency.code})",
                    item.id,
                    ex.reason or "—",
                    label(ex.status, lang),
                    reasons,
                ]
            )
    blocks: list[Block] = [Heading(label("exemptions", lang), 2)]
    if not rows:
        return [*blocks, Text(label("no_exemptions", lang), tone="muted")]
    verdict_tone: dict[str, Tone] = {label("granted", lang): "good", label("refused", lang): "bad"}
    tones = [verdict_tone.get(r[3], "muted") for r in rows]
    return [
        *blocks,
        Table(
            [
                label("agency", lang),
                label("item", lang),
                label("exemption.reason", lang),
                label("decision", lang),
                label("decision.reasons", lang),
            ],
            rows,
            tones=tones,
        ),
    ]


def discrepancies(result: RunResult, lang: Lang) -> list[Block]:
    """Items whose self-assessment disagrees with the verified outcome."""
    rows = []
    for agency in result.agencies:
        for item in agency.items:
            if item.discrepancy is None:
                continue
            title = result.catalogue.items[item.id].title.get(lang)
            rows.append(
                [
                    f"{agency_name(agency, lang)} ({agency.code})",
                    f"{item.id} {title}",
                    label(item.claim or "", lang),
                    label(item.outcome, lang),
                    label(item.discrepancy, lang),
                ]
            )
    blocks: list[Block] = [Heading(label("discrepancies", lang), 2)]
    if not rows:
        return [*blocks, Text(label("no_discrepancies", lang), tone="good")]
    note = pick(
        lang,
        "自评偏高：自评高于核查结论（如自评“符合”而核查未通过）；自评偏低：自评低于核查结论"
        "（如自评“不符合”而核查通过）；自评“不适用”不成立：自评“不适用”而该项适用于本单位；"
        "自评了不适用的事项：该项不适用于本单位（职责不涉及、无可检查事项或尚未生效），"
        "自评却给出了结论。",
        "Overstated: the claim is better than the verified outcome (e.g. met, but not passed); "
        "understated: worse (e.g. not met, but passed); wrongly claimed not applicable: the "
        "item applies to the agency; judged an item that does not apply: the claim gives a "
        "verdict on an item outside the agency's roles, with nothing to check, or not yet in "
        "force.",
    )
    warn: list[Tone] = ["warn"] * len(rows)
    return [
        *blocks,
        Table(
            [
                label("agency", lang),
                label("item", lang),
                label("claim", lang),
                label("verified", lang),
                label("discrepancy.kind", lang),
            ],
            rows,
            tones=warn,
        ),
        Text(note, tone="muted"),
    ]
