"""Views of the history: the run list, score trends, run differences, the ledger."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from audit.history.diff import AgencyDiff
from audit.history.ledger import Entry
from audit.history.statuses import STATUS_NAMES, status_name
from audit.history.store import RunRow
from audit.i18n import Lang, listed
from audit.reports.blocks import Block, Heading, Lines, Table, Text, Tone
from audit.reports.labels import label, score_text, tallied

STATUS_TONES: dict[str, Tone] = {
    "open": "warn",
    "in_progress": "warn",
    "overdue": "bad",
    "rectified": "good",
    "closed": "muted",
}


def runs_view(runs: list[RunRow], lang: Lang) -> list[Block]:
    """The list of stored runs."""
    rows = [
        [
            str(r.id),
            r.created_at.replace("T", " ")[:19],
            r.as_of.isoformat(),
            r.checklist,
            r.model,
            str(r.agencies),
            str(r.findings),
            str(r.invalid),
            score_text(r.mean_score),
        ]
        for r in runs
    ]
    return [
        Heading(label("history.title", lang)),
        Table(
            [
                label("run", lang),
                label("created", lang),
                label("as_of", lang),
                label("checklist", lang),
                label("model", lang),
                label("agencies", lang),
                label("findings", lang),
                label("invalid", lang),
                label("mean", lang),
            ],
            rows,
            align=["right", "left", "left", "left", "left", "right", "right", "right", "right"],
        ),
    ]


# lines one chart can draw so that each is told apart (colours × dash patterns)
MAX_LINES = 16


def _change(series: tuple[str, list[float | None]]) -> tuple[bool, float, float]:
    """Which agencies a crowded chart draws first: those scored in more than one run, by how
    far their score moved between the first and the last, then the lowest latest score."""
    scored = [v for v in series[1] if v is not None]
    if not scored:
        return False, -1.0, 0.0
    return len(scored) > 1, abs(scored[-1] - scored[0]), -scored[-1]


def trend_view(trend: list[dict[str, object]], lang: Lang) -> list[Block]:
    """Scores per agency over the runs (and per section for one agency)."""
    # in the order of the days the runs speak for, as the ledger takes them: a back-filled
    # older period stored last is not the current score
    runs = [run for _, run in sorted({(str(t["as_of"]), int(str(t["run"]))) for t in trend})]
    labels = [f"#{r}" for r in runs]
    by_agency: dict[str, dict[int, float | None]] = defaultdict(dict)
    for t in trend:
        by_agency[str(t["agency"])][int(str(t["run"]))] = _percent(t)
    series = [(code, [scores.get(r) for r in runs]) for code, scores in by_agency.items()]
    title = label("score", lang)
    if len(series) > MAX_LINES:  # 78 lines in 8 colours told no agency from another
        shown = sorted(series, key=_change, reverse=True)[:MAX_LINES]
        title = label("trend.some", lang).format(shown=MAX_LINES, total=len(series))
        series = [s for s in series if s in shown]  # in the table's order
    blocks: list[Block] = [Heading(label("trend.title", lang)), Lines(title, labels, series)]
    rows = [
        [
            f"#{t['run']}",
            str(t["as_of"]),
            str(t["period"]),
            str(t["agency"]),
            score_text(_number(t["score"]), _number(t.get("max_score")) or 100.0),
            # a history written before English grades were stored shows the Chinese one
            str((t["grade_en"] if lang == "en" else None) or t["grade"] or "—"),
        ]
        for t in trend
    ]
    blocks.append(
        Table(
            [
                label("run", lang),
                label("as_of", lang),
                label("period", lang),
                label("code", lang),
                label("score", lang),
                label("grade", lang),
            ],
            rows,
            align=["right", "left", "left", "left", "right", "left"],
        )
    )
    if len(by_agency) == 1:
        by_run = {int(str(t["run"])): dict(t["sections"]) for t in trend}  # type: ignore[call-overload]
        sections = sorted({s for scores in by_run.values() for s in scores})
        section_series = [(s, [by_run.get(r, {}).get(s) for r in runs]) for s in sections]
        # a section the agency was never scored in (not applicable) has no line to show
        shown = [(s, values) for s, values in section_series if any(v is not None for v in values)]
        blocks.append(Lines(label("sections", lang), labels, shown))
        blocks.append(  # the values themselves: a chart alone does not print them
            Table(
                [label("run", lang), *(s for s, _ in shown)],
                [
                    [f"#{r}", *(score_text(values[n]) for _, values in shown)]
                    for n, r in enumerate(runs)
                ],
                align=["right"] * (len(shown) + 1),
            )
        )
    return blocks


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _percent(trend_row: dict[str, object]) -> float | None:
    """A score as a share of its maximum, in percent: a flat model's 10 of 20 points is
    charted as 50, beside the 40 of 40 of another agency (a history kept before maxima
    were stored: as stored)."""
    score, maximum = _number(trend_row["score"]), _number(trend_row.get("max_score"))
    if score is None or not maximum or maximum == 100.0:
        return score
    return score / maximum * 100


def diff_view(diffs: list[AgencyDiff], a: int, b: int, lang: Lang) -> list[Block]:
    """Per agency: score delta and the items that changed."""
    rows: list[list[str]] = []
    tones: list[Tone] = []
    for d in diffs:
        if d.only_in is not None:
            rows.append(
                [
                    d.code,
                    score_text(d.score_a),
                    score_text(d.score_b),
                    "—",
                    label("only_in", lang, run=b if d.only_in == "B" else a)
                    if d.invalid_in is None
                    else label("invalid_in", lang, run=b if d.invalid_in == "B" else a),
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
            tones.append("muted")
            continue
        delta = d.delta
        rows.append(
            [
                d.code,
                score_text(d.score_a),
                score_text(d.score_b),
                "—" if delta is None else _delta_text(delta),
                _grade_change(d, lang),
                ", ".join(d.newly_failing),
                ", ".join(d.resolved),
                ", ".join(d.set_aside),
                ", ".join(d.still_open),
                ", ".join(d.regressed),
            ]
        )
        tones.append("bad" if d.newly_failing or d.regressed else "good" if d.resolved else "plain")
    return [
        Heading(label("diff.title", lang, a=a, b=b)),
        Table(
            [
                label("code", lang),
                f"#{a}",
                f"#{b}",
                label("delta", lang),
                label("grade_change", lang),
                label("newly_failing", lang),
                label("resolved", lang),
                label("set_aside", lang),
                label("still_open", lang),
                label("regressed", lang),
            ],
            rows,
            align=[
                "left",
                "right",
                "right",
                "right",
                "left",
                "left",
                "left",
                "left",
                "left",
                "left",
            ],
            tones=tones,
        ),
    ]


def _grade_change(d: AgencyDiff, lang: Lang) -> str:
    """``合格 → 不合格`` when the grade changed, the grade alone when it did not."""
    before, after = (d.grade_en_a, d.grade_en_b) if lang == "en" else (d.grade_a, d.grade_b)
    before, after = before or d.grade_a, after or d.grade_b  # runs of schema 1: Chinese only
    if before == after:
        return after or "—"
    return f"{before or '—'} → {after or '—'}"


LEDGER_HEADERS = [
    "finding",
    "agency",
    "issue",
    "basis",
    "severity",
    "responsible",
    "remedy",
    "liability",
    "deadline",
    "status",
    "days_overdue",
    "first_found",
    "last_checked",
    "rectified",
    "closed_by",
    "closed_at",
    "closing_evidence",
]


def ledger_headers(lang: Lang, as_of: dt.date) -> list[str]:
    """The column names of a ledger table that stands alone (CSV, Excel): the days overdue
    name the date they are counted to."""
    return [
        label("days_overdue_to", lang, as_of=as_of.isoformat())
        if h == "days_overdue"
        else label(h, lang)
        for h in LEDGER_HEADERS
    ]


def ledger_row(e: Entry, lang: Lang) -> list[str]:
    """The ledger columns of one entry, as text."""
    data = e.data
    refs = listed(lang, (r.get(lang, "") for r in data.get("refs", [])))
    unit = e.unit
    if lang == "en":  # a role's name stands in for an unnamed unit: it has an English one
        unit = (data.get("responsible") or {}).get("unit_en") or unit
    people = [unit or "—", e.person or "—", e.leader or "—"]
    return [
        e.finding,
        (e.agency_name_en if lang == "en" else None) or e.agency_name,
        (data.get("problem") or {}).get(lang, ""),
        refs,
        label(e.severity, lang),
        ("／" if lang == "zh" else " / ").join(people),
        (data.get("remedy") or {}).get(lang, ""),
        # or why none is made under the item's clause (not yet in force in the period)
        (data.get("liability") or data.get("liability_withheld") or {}).get(lang, ""),
        e.deadline.isoformat(),
        status_name(e.status, lang) + (" ↺" if e.reopened else ""),
        "" if e.days_overdue is None else str(e.days_overdue),
        f"#{e.first_run} ({e.first_as_of})",
        f"#{e.last_run} ({e.last_as_of})",
        _rectified(e, lang),
        *_closure(e, lang),
    ]


def _closure(e: Entry, lang: Lang) -> list[str]:
    """Who closed it, when, on what evidence; a closure the finding failing again overturned
    is still shown, marked as such."""
    if e.overturned is not None:
        at, by, evidence, verified = e.overturned
        mark = "（销号后复发）" if lang == "zh" else " (failed again after closure)"
        return [by + mark, verified or at[:10], evidence]  # (as below: the verified day)
    # the day the verification speaks for (ledger close --as-of); the clock's day of signing
    # (in UTC) where a history kept none
    return [e.closed_by or "", e.verified_on or (e.closed_at or "")[:10], e.evidence or ""]


def _rectified(e: Entry, lang: Lang) -> str:
    """The run that found the item passing, and how late that was against the deadline."""
    if e.rectified_run is None or e.rectified_as_of is None:
        return ""
    text = f"#{e.rectified_run} ({e.rectified_as_of})"
    late = e.days_late or 0
    if late:
        text += f"，逾期 {late} 天" if lang == "zh" else f", {late} days late"
    else:
        text += "，按期" if lang == "zh" else ", in time"
    return text


# What fits a terminal: who must fix what by when; the other formats carry every column.
COMPACT_HEADERS = ["finding", "severity", "responsible", "deadline", "status", "days_overdue"]


def ledger_view(
    entries: list[Entry], lang: Lang, *, compact: bool = False, as_of: dt.date | None = None
) -> list[Block]:
    """The ledger as a table, with counts by status (``compact``: the terminal's columns),
    and the date it was judged on."""
    counts = Counter(e.status for e in entries)
    named = [(status_name(s, lang), counts[s]) for s in STATUS_NAMES if counts[s]]
    summary = tallied(named, lang, "项")
    blocks: list[Block] = [
        Heading(label("ledger.title", lang)),
        Text(label("ledger.counts", lang, total=len(entries), counts=summary or "—")),
    ]
    if as_of is not None:
        blocks.append(Text(label("ledger.as_of", lang, as_of=as_of.isoformat()), tone="muted"))
    if not entries:
        return [*blocks, Text(label("no_entries", lang), tone="muted")]
    headers = COMPACT_HEADERS if compact else LEDGER_HEADERS
    keep = [LEDGER_HEADERS.index(h) for h in headers]
    blocks.append(
        Table(
            [label(h, lang) for h in headers],
            [[row[i] for i in keep] for row in (ledger_row(e, lang) for e in entries)],
            tones=[STATUS_TONES[e.status] for e in entries],
        )
    )
    if any(e.reopened for e in entries):
        blocks.append(Text(label("legend.reopened", lang), tone="muted"))
    if compact:
        blocks.append(Text(label("ledger.more_columns", lang), tone="muted"))
    return blocks


def _delta_text(delta: float) -> str:
    """A change of score, signed: one decimal, more when one would show none (a drop of
    0.01 read "-0.0"), and 0.0 unsigned when nothing changed."""
    if delta == 0:
        return "0.0"
    for places in range(1, 7):
        shown = f"{delta:+.{places}f}"
        if float(shown) != 0:
            return shown
    return f"{delta:+.1e}"
