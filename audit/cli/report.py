"""``audit report RUN``: render a stored result again, in any format, without the evidence."""

from pathlib import Path
from typing import Annotated

import typer

from audit.cli.options import Color, ColorOpt, LangChoice, LangOpt, OutputOpt, VerboseOpt, lang_of
from audit.cli.run import ReportOpt
from audit.formats import RunFormat


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    from audit.cli import handled

    @app.command("report")
    @handled
    def report_cmd(
        run: Annotated[str, typer.Argument(help="A result JSON file (tj-audit/result@1).")],
        fmt: Annotated[
            RunFormat | None,
            typer.Option(
                "--format", "-f", help="Output format (default: terminal on a TTY, else plain)."
            ),
        ] = None,
        output: OutputOpt = None,
        report: ReportOpt = None,
        lang: LangOpt = LangChoice.zh,
        color: ColorOpt = Color.auto,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Re-render a stored audit result in any format and language."""
        from audit.cli.reporting import show_result
        from audit.engine.stored import read_result

        del verbose
        result = read_result(Path(run))
        show_result(result, fmt, lang_of(lang), output=output, color=color, report=report)
