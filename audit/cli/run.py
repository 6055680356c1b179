"""``audit run PATH...``: evaluate evidence, score it, print or write the report."""

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from audit.cli.options import (
    ChecklistOpt,
    Color,
    ColorOpt,
    DbOpt,
    JobsOpt,
    LangChoice,
    LangOpt,
    MaxSizeOpt,
    NoAttachmentsOpt,
    OutputOpt,
    QuietOpt,
    RunFormatOpt,
    VerboseOpt,
    bad_value,
    evidence_path,
    iso_day,
    lang_of,
    named_file,
    shown_text,
    special_file,
)
from audit.formats import Report, RunFormat


class Model(StrEnum):
    """Scoring models."""

    points = "points"
    xccdf_default = "xccdf-default"
    xccdf_flat = "xccdf-flat"
    xccdf_flat_unweighted = "xccdf-flat-unweighted"
    xccdf_absolute = "xccdf-absolute"


class Severity(StrEnum):
    """Severities for --fail-on."""

    critical = "critical"
    major = "major"
    minor = "minor"


def date_option(value: str) -> dt.date:
    try:
        return iso_day(value)
    except ValueError:
        raise bad_value("usage.not-a-date", value=value) from None


ReportOpt = Annotated[
    Report | None,
    typer.Option(
        "--report",
        help="Which report text formats show: summary, compliance, accountability, "
        "district or all (default: summary on the terminal and in plain text, else all).",
        case_sensitive=False,
    ),
]


def as_of_option(help: str) -> Any:
    """The ``--as-of YYYY-MM-DD`` option (default: today), with what it means here."""
    return typer.Option("--as-of", parser=date_option, metavar="YYYY-MM-DD", help=help)


AsOfOpt = Annotated[
    dt.date | None,
    as_of_option("The date open deadlines are judged against (default: today)."),
]


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    from audit.cli import handled

    @app.command("run")
    @handled
    def run_cmd(
        paths: Annotated[
            # evidence_path: "" is refused; an unreadable file is that file's problem (exit 1,
            # the others still read), not click's usage error that stops everything
            list[Path],
            typer.Argument(help="Evidence files or folders.", parser=evidence_path, metavar="PATH"),
        ],
        checklist: ChecklistOpt = None,
        as_of: AsOfOpt = None,
        fmt: RunFormatOpt = None,
        output: OutputOpt = None,
        report: ReportOpt = None,
        model: Annotated[
            Model, typer.Option("--model", help="Scoring model.", case_sensitive=False)
        ] = Model.points,
        tailoring: Annotated[
            Path | None,
            typer.Option(
                "--tailoring",
                metavar="FILE",
                help="Tailoring file (TOML): thresholds, points, selection.",
                parser=named_file,
            ),
        ] = None,
        attestations: Annotated[
            Path | None,
            typer.Option(
                "--attestations",
                metavar="FILE",
                help="Auditor attestations (JSON or TOML).",
                parser=named_file,
            ),
        ] = None,
        fail_under: Annotated[
            float | None,
            typer.Option(
                "--fail-under",
                metavar="SCORE",
                min=0,
                max=100,
                help="Exit 1 if any agency scores below SCORE.",
            ),
        ] = None,
        fail_on: Annotated[
            Severity | None,
            typer.Option(
                "--fail-on",
                help="Exit 1 on any finding of this severity or worse.",
                case_sensitive=False,
            ),
        ] = None,
        no_attachments: NoAttachmentsOpt = False,
        jobs: JobsOpt = None,
        max_size: MaxSizeOpt = 256,
        evaluator: Annotated[
            str | None,
            typer.Option(
                "--evaluator",
                metavar="NAME",
                help="Name printed on the report cover.",
                parser=shown_text,
            ),
        ] = None,
        db: DbOpt = None,
        no_history: Annotated[
            bool, typer.Option("--no-history", help="Do not store this run in the history.")
        ] = False,
        lang: LangOpt = LangChoice.zh,
        color: ColorOpt = Color.auto,
        quiet: QuietOpt = False,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Evaluate and score evidence; print the report; apply the CI gates."""
        from audit.cli.progress import progress, wanted
        from audit.cli.reporting import show_result
        from audit.diagnostics import format_problem
        from audit.discovery import evidence_files, outside_warnings
        from audit.engine.gates import apply_gates, exit_code
        from audit.engine.run import RunOptions, run_audit
        from audit.output import refuse_attachment_as_output, refuse_input_as_output
        from audit.reports.summary import gate_lines
        from audit.validation import default_jobs

        del verbose
        outside: list[Path] = []
        files = list(evidence_files(paths, outside))
        refuse_input_as_output(output, files)  # (the option files: checked for every command)
        refuse_attachment_as_output(output, files)  # (the report would replace the evidence)
        options = RunOptions(
            checklist=checklist,
            as_of=as_of or dt.date.today(),
            model=model.value,
            tailoring=tailoring,
            attestations=attestations,
            max_size=max_size * 1024 * 1024,
            attachments=not no_attachments,
            jobs=jobs or default_jobs(),
            evaluator=evaluator,
            digest=not no_history,
        )
        if not no_history:  # an unusable history is said before the audit, not after it
            from audit.history import history_path
            from audit.history.db import check_usable

            check_usable(history_path(db))
        shown = wanted(quiet=quiet, color=color)
        from audit.i18n import pick

        label = pick(lang_of(lang), "审计", "audit")
        with progress(len(files), label, enabled=shown, color=color) as advance:
            result = run_audit(files, options, on_file=advance, keep_frozen=True)
        result.warnings += [d.to_json() for d in outside_warnings(outside)]
        if not files:  # a wrong folder or a typo in a CI path must not pass unnoticed
            from audit.diagnostics import Diagnostic, Severity

            found_none = Diagnostic("validate.no-files", severity=Severity.WARNING)
            result.warnings.append(found_none.to_json())
        language = lang_of(lang)
        # expired or unused attestations, no file found: problems, which -q does not drop
        for warning in result.warnings:
            typer.echo(format_problem(warning, language), err=True)
        apply_gates(
            result, fail_under=fail_under, fail_on=fail_on.value if fail_on is not None else None
        )
        # -q, the report in a file, or any report but the summary on stdout (a document for
        # programs, or a Markdown or compliance report, which have no place for them): the
        # problems still reach the terminal (files that could not be audited, gates that
        # failed), so a failing CI step says why
        summary_shown = fmt in (None, RunFormat.TERMINAL, RunFormat.PLAIN) and report in (
            None,
            Report.SUMMARY,
        )
        if quiet or output is not None or not summary_shown:
            for bad in result.invalid:
                for error in bad.errors:
                    typer.echo(
                        format_problem({**error, "file": error.get("file") or bad.file}, language),
                        err=True,
                    )
            for line in gate_lines(result, language):
                typer.echo(line, err=True)
        render_to = partial(show_result, result, fmt, language, color=color, report=report)
        written = False

        def write_file(status: Mapping[str, str]) -> None:
            nonlocal written
            # (stdout is printed once the run is stored, and so is a pipe or a device: one
            # with no reader yet would hold the history's write lock, and other runs wait)
            if output is not None and not special_file(output):
                render_to(output=output, status=status)
                written = True

        status = None
        if not no_history:
            from audit.history import history_path
            from audit.history.record import record_run

            # the -o file is written before the run is committed: one that cannot be
            # written (a full disk) leaves no run in the history for a retry to repeat
            status = record_run(
                result, history_path(db), lang=language, quiet=quiet, then=write_file
            )
        # -q drops the report, unless a format or a report was asked for: then it is the
        # document wanted (``-q -f json > result.json``, ``-q --report accountability``),
        # and only the notices are left out
        asked = not quiet or output is not None or fmt is not None or report is not None
        if asked and not written:
            render_to(output=output, status=status)
        raise typer.Exit(exit_code(result))
