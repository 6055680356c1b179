"""``audit report RUN``: render a stored result again, in any format, without the evidence."""

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
    RunFormatOpt,
    VerboseOpt,
    lang_of,
)
from audit.cli.run import ReportOpt


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    from audit.cli import handled

    @app.command("report")
    @handled
    def report_cmd(
        run: Annotated[
            str,
            typer.Argument(
                help="A run id from the history (or latest / previous), or a result JSON file.",
                metavar="RUN",
            ),
        ],
        db: DbOpt = None,
        fmt: RunFormatOpt = None,
        output: OutputOpt = None,
        report: ReportOpt = None,
        lang: LangOpt = LangChoice.zh,
        color: ColorOpt = Color.auto,
        quiet: QuietOpt = False,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Re-render a stored audit result in any format and language."""
        from audit.cli.reporting import show_result
        from audit.collector import kept_until_exit
        from audit.engine.stored import read_result

        del verbose, quiet  # the report is the output
        status = None
        if _names_a_run(run):
            from audit.history import history_path
            from audit.history.db import open_for_reading
            from audit.history.record import mark_statuses
            from audit.history.store import load_result, resolve_run

            conn = open_for_reading(history_path(db))
            run_id = resolve_run(conn, run)
            with kept_until_exit():  # rendering would walk it in every full collection
                result = load_result(conn, run_id)
            status = mark_statuses(conn, result, lang=lang_of(lang), run_id=run_id)
        else:
            from audit.output import refuse_input_as_output

            refuse_input_as_output(output, [Path(run)])
            with kept_until_exit():
                result = read_result(Path(run))
        show_result(
            result, fmt, lang_of(lang), output=output, color=color, report=report, status=status
        )


def _names_a_run(run: str) -> bool:
    """Whether ``run`` is a run of the history rather than a result file: an id, latest,
    previous, or a slip of one of those that names no file (``lastest``)."""
    if run.isdigit() or run in ("latest", "previous"):
        return True
    from audit.i18n import did_you_mean

    return not Path(run).exists() and did_you_mean(run, ("latest", "previous")) is not None
