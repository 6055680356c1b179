"""``audit history``, ``audit diff A B`` and ``audit ledger [close]``: the audit history."""

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from audit.cli.options import (
    Color,
    ColorOpt,
    DbOpt,
    LangChoice,
    LangOpt,
    OutputOpt,
    QuietOpt,
    VerboseOpt,
    lang_of,
)
from audit.cli.run import AsOfOpt, as_of_option
from audit.collector import gc_paused
from audit.formats import HistoryFormat, LedgerFormat
from audit.history import history_path

HistoryFormatOpt = Annotated[
    HistoryFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format (default: the --output file's extension, else the terminal's).",
    ),
]


def _history_format(fmt: HistoryFormat | None, output: Path | None) -> HistoryFormat:
    """``--format``, else the --output file's extension, else terminal on a TTY."""
    import sys

    from audit.cli.options import format_for

    if fmt is not None:
        return fmt
    tty = output is None and sys.stdout.isatty()
    return format_for(output, HistoryFormat, HistoryFormat.TERMINAL if tty else HistoryFormat.PLAIN)


@gc_paused()  # see show_result
def _show_blocks(blocks, fmt, lang, output, color, title) -> None:  # type: ignore[no-untyped-def]
    """Blocks in a history text format (terminal on a TTY)."""
    from audit.cli.options import console, emit

    if fmt is HistoryFormat.TERMINAL and output is None:
        from audit.renderers.run.terminal import print_blocks

        print_blocks(blocks, console(color=color))
        return
    if fmt is HistoryFormat.MARKDOWN:
        from audit.renderers.blocks_text import to_markdown

        emit(to_markdown(blocks), output)
    elif fmt is HistoryFormat.HTML:
        from audit.renderers.blocks_html import to_html

        emit(to_html(blocks, lang, title=title), output)
    else:
        from audit.renderers.blocks_text import to_plain

        emit(to_plain(blocks), output)


VerifiedOnOpt = Annotated[
    dt.date | None, as_of_option("The date the verification speaks for (default: today).")
]


def register(app: typer.Typer) -> None:
    """Add the commands to ``app``."""
    from audit.cli import handled

    @app.command("history")
    @handled
    def history_cmd(
        agency: Annotated[
            str | None,
            typer.Option(
                "--agency", metavar="CODE", help="Score trend of one agency, per section."
            ),
        ] = None,
        db: DbOpt = None,
        fmt: HistoryFormatOpt = None,
        output: OutputOpt = None,
        lang: LangOpt = LangChoice.zh,
        color: ColorOpt = Color.auto,
        quiet: QuietOpt = False,
        verbose: VerboseOpt = 0,
    ) -> None:
        """List stored runs, or show score trends (all agencies, or one with --agency)."""
        from audit.cli.options import emit
        from audit.history.db import open_for_reading
        from audit.history.store import dumps, list_runs, require_agency, score_trend
        from audit.reports.history_views import runs_view, trend_view
        from audit.reports.labels import label

        del verbose, quiet  # the history is the output
        code = lang_of(lang)
        fmt = _history_format(fmt, output)
        conn = open_for_reading(history_path(db))
        runs = list_runs(conn)
        if agency:
            require_agency(conn, agency)
        trend = score_trend(conn, agency)
        if fmt is HistoryFormat.JSON:
            emit(
                dumps(
                    {
                        "format": "tj-audit/history@1",
                        "runs": [r.__dict__ for r in runs],
                        "trend": trend,
                    }
                ),
                output,
            )
            return
        blocks = runs_view(runs, code) if agency is None else []
        if trend:
            blocks += trend_view(trend, code)
        shown = {t["run"] for t in trend}
        models = sorted({r.model for r in runs if agency is None or r.id in shown})
        if len(models) > 1:  # one line through scores on different scales misleads
            from audit.reports.blocks import Text

            note = label("history.models", code, models=", ".join(models))
            blocks.insert(min(1, len(blocks)), Text(note, tone="warn"))
        _show_blocks(blocks, fmt, code, output, color, label("history.title", code))

    @app.command("diff")
    @handled
    def diff_cmd(
        a: Annotated[str, typer.Argument(help="A run id, or latest / previous.", metavar="A")],
        b: Annotated[str, typer.Argument(help="A run id, or latest / previous.", metavar="B")],
        db: DbOpt = None,
        fmt: HistoryFormatOpt = None,
        output: OutputOpt = None,
        lang: LangOpt = LangChoice.zh,
        color: ColorOpt = Color.auto,
        quiet: QuietOpt = False,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Compare two runs: per agency, items newly failing, resolved, still open, regressed."""
        from audit.cli.options import emit
        from audit.collector import kept_until_exit
        from audit.history.db import open_for_reading
        from audit.history.diff import diff_runs
        from audit.history.store import dumps, load_result, resolve_run
        from audit.reports.history_views import diff_view
        from audit.reports.labels import label

        del verbose, quiet  # the comparison is the output
        code = lang_of(lang)
        fmt = _history_format(fmt, output)
        conn = open_for_reading(history_path(db))
        first, second = resolve_run(conn, a), resolve_run(conn, b)
        with kept_until_exit():  # comparing and rendering would walk both in every collection
            older, newer = load_result(conn, first), load_result(conn, second)
        diffs = diff_runs(older, newer)
        models = (older.model, newer.model)
        lists = tuple(
            f"{r.checklist.get('id')} {r.checklist.get('version')}" for r in (older, newer)
        )
        tailored = tuple([c.model_dump(mode="json") for c in r.tailoring] for r in (older, newer))
        if fmt is HistoryFormat.JSON:
            emit(
                dumps(
                    {
                        "format": "tj-audit/diff@1",
                        "a": first,
                        "b": second,
                        "as_of": {"a": older.as_of, "b": newer.as_of},
                        "models": list(models),
                        "checklists": list(lists),
                        "tailoring_changes": [len(t) for t in tailored],
                        "same_tailoring": tailored[0] == tailored[1],
                        "agencies": [{**d.__dict__, "delta": d.delta} for d in diffs],
                    }
                ),
                output,
            )
            return
        blocks = diff_view(diffs, first, second, code)
        from audit.reports.blocks import Text

        dates = label(
            "diff.dates", code, a=first, b=second, a_as_of=older.as_of, b_as_of=newer.as_of
        )
        blocks.insert(1, Text(dates))
        if older.as_of > newer.as_of:  # "newly failing" would read backwards in time
            note = label("diff.backwards", code, a=first, b=second)
            blocks.insert(2, Text(note, tone="warn"))
        if models[0] != models[1]:  # scores on two scales: the deltas compare nothing
            note = label("diff.models", code, a=models[0], b=models[1])
            blocks.insert(2, Text(note, tone="warn"))
        if lists[0] != lists[1]:  # items may differ because the checklist did
            note = label("diff.checklists", code, a=lists[0], b=lists[1])
            blocks.insert(2, Text(note, tone="warn"))
        if tailored[0] != tailored[1]:  # a deselected item or a changed threshold moves scores
            counts = {"a_changes": len(tailored[0]), "b_changes": len(tailored[1])}
            note = label("diff.tailoring", code, a=first, b=second, **counts)
            blocks.insert(2, Text(note, tone="warn"))
        _show_blocks(
            blocks,
            fmt,
            code,
            output,
            color,
            label("diff.title", code, a=first, b=second),
        )

    ledger = typer.Typer(
        help="The rectification ledger (整改台账) across runs.",
        pretty_exceptions_enable=False,
        invoke_without_command=True,
    )
    app.add_typer(ledger, name="ledger")

    @ledger.callback()
    @handled
    def ledger_cmd(
        ctx: typer.Context,
        db: DbOpt = None,
        as_of: AsOfOpt = None,
        unit: Annotated[
            str | None,
            typer.Option("--unit", metavar="UNIT", help="Responsible unit (part of its name)."),
        ] = None,
        status: Annotated[
            str | None,
            typer.Option(
                "--status",
                metavar="STATUS",
                help="open, in_progress, rectified, closed, overdue (or 待整改, 整改中, "
                "已整改待验收, 已销号, 逾期).",
            ),
        ] = None,
        severity: Annotated[
            str | None,
            typer.Option(
                "--severity",
                metavar="SEVERITY",
                help="critical, major or minor (or 关键, 重要, 一般).",
            ),
        ] = None,
        agency: Annotated[
            str | None,
            typer.Option(
                "--agency", metavar="CODE", help="Only this agency's findings (its code)."
            ),
        ] = None,
        fmt: Annotated[
            LedgerFormat | None,
            typer.Option(
                "--format",
                "-f",
                case_sensitive=False,
                help="Output format (default: the --output file's extension, else the terminal's).",
            ),
        ] = None,
        output: OutputOpt = None,
        lang: LangOpt = LangChoice.zh,
        color: ColorOpt = Color.auto,
        quiet: QuietOpt = False,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Show the ledger: every finding across runs with its rectification status."""
        if ctx.invoked_subcommand is not None:  # close takes --db and the rest from here
            return
        import sys

        from audit.cli.options import console, emit, format_for
        from audit.diagnostics import Diagnostic, Severity
        from audit.errors import UsageError
        from audit.history.db import open_for_reading
        from audit.history.ledger import build_ledger, filter_entries
        from audit.history.statuses import parse_severity, parse_status
        from audit.history.store import latest_after, require_agency
        from audit.renderers.ledger import render
        from audit.reports.history_views import ledger_view

        del verbose  # the ledger is the output
        code = lang_of(lang)
        conn = open_for_reading(history_path(db))
        if agency:
            require_agency(conn, agency)
        judged_on = as_of or dt.date.today()
        later = latest_after(conn, judged_on)
        if later is not None and not quiet:  # statuses can't be those of that earlier day
            args = {"as_of": judged_on.isoformat(), "run": later[0], "run_as_of": later[1]}
            warning = Diagnostic("ledger.before-runs", args, severity=Severity.WARNING)
            typer.echo(warning.format(code), err=True)
        with gc_paused():  # thousands of entries, then a workbook: see show_result
            entries = build_ledger(conn, as_of=judged_on)
        entries = filter_entries(
            entries,
            unit=unit,
            agency=agency,
            status=parse_status(status) if status else None,
            severity=parse_severity(severity) if severity else None,
        )
        if fmt is None:
            fmt = format_for(
                output,
                LedgerFormat,
                LedgerFormat.TERMINAL
                if output is None and sys.stdout.isatty()
                else LedgerFormat.PLAIN,
            )
        if fmt is LedgerFormat.TERMINAL and output is None:
            from audit.renderers.run.terminal import print_blocks

            view = ledger_view(entries, code, compact=True, as_of=judged_on)
            print_blocks(view, console(color=color))
            return
        if fmt is LedgerFormat.XLSX and output is None:
            raise UsageError(
                "--format xlsx needs --output FILE.xlsx",
                diagnostics=[Diagnostic("usage.xlsx-needs-output")],
            )
        with gc_paused():
            rendered = render(entries, fmt, code, as_of=judged_on)
        if isinstance(rendered, bytes):
            from audit.output import write_atomic

            assert output is not None
            write_atomic(output, rendered)
        else:
            emit(rendered, output)

    @ledger.command("close")
    @handled
    def close_cmd(
        finding: Annotated[
            str, typer.Argument(help="Finding id, e.g. HQ-SCJG/TJ-ENF-03.", metavar="FINDING")
        ],
        by: Annotated[
            str, typer.Option("--by", metavar="NAME", help="The auditor who verified it.")
        ],
        evidence: Annotated[
            str, typer.Option("--evidence", metavar="TEXT", help="What the verification rests on.")
        ],
        db: DbOpt = None,
        as_of: VerifiedOnOpt = None,
        lang: LangOpt = LangChoice.zh,
        quiet: QuietOpt = False,
        color: ColorOpt = Color.auto,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Record the auditor's verification of a rectified finding (销号)."""
        from audit.history.db import connect
        from audit.history.ledger import close_finding

        del verbose, color  # one plain line, or none with -q
        path = history_path(db)
        conn = connect(path, create=False)
        try:
            # today in China time, as close_finding judges "after today" (east of UTC+8
            # the machine's date was already tomorrow's, and refused)
            from audit.evidence.semantics import CHINA_TIME

            today = dt.datetime.now(CHINA_TIME).date()
            entry = close_finding(conn, finding, by=by, evidence=evidence, as_of=as_of or today)
        finally:
            # closed, the write-ahead log is checkpointed into the database file: left
            # open, the closure stayed in history.sqlite-wal, and a copy of the database
            # (a backup, an e-mail) lost it
            conn.close()
        if not quiet:  # the exit code says it was recorded
            done = "已销号" if lang_of(lang) == "zh" else "closed"
            typer.echo(f"{entry.finding}: {done} ({entry.closed_by}, {entry.closed_at})")
