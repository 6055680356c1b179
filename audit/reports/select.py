"""Which blocks a report name stands for."""

from __future__ import annotations

from collections.abc import Mapping

from audit.engine.result import RunResult
from audit.formats import Report
from audit.i18n import Lang
from audit.reports.accountability import accountability
from audit.reports.blocks import Block, Heading, Text
from audit.reports.compliance import compliance
from audit.reports.district import district
from audit.reports.labels import label
from audit.reports.summary import header, invalid_blocks, summary

TITLES = {
    Report.SUMMARY: "run.title",
    Report.COMPLIANCE: "compliance.title",
    Report.ACCOUNTABILITY: "accountability.title",
    Report.DISTRICT: "district.title",
    Report.ALL: "run.title",
}


def report_blocks(
    result: RunResult, report: Report, lang: Lang, *, status: Mapping[str, str] | None = None
) -> list[Block]:
    """The blocks of ``report`` (``status``: ledger status per finding, from the history)."""
    if report is Report.SUMMARY:
        return summary(result, lang)
    if report is Report.DISTRICT:
        return district(result, lang)
    if report is Report.ACCOUNTABILITY:
        return accountability(result, lang, status)
    agencies = [b for a in result.agencies for b in compliance(result, a, lang)]
    if not agencies:  # nothing to roll up or hold to account: say so, and what failed
        return none_audited(result, lang, TITLES[report])
    if report is Report.COMPLIANCE:
        return agencies
    return [*district(result, lang), *agencies, *accountability(result, lang, status)]


def none_audited(result: RunResult, lang: Lang, title: str) -> list[Block]:
    """A report of a run that audited no agency: its title, saying so, and the files that
    could not be audited (the compliance report was an empty page, the whole report an
    empty roll-up)."""
    return [
        Heading(label(title, lang)),
        *header(result, lang)[1:],
        Text(label("no_agency_audited", lang), tone="bad"),
        *invalid_blocks(result, lang),
    ]


def report_title(result: RunResult, report: Report, lang: Lang) -> str:
    """A page title for ``report``."""
    return f"{label(TITLES[report], lang)} · {result.checklist['id']} · {result.as_of}"
