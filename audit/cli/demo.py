"""``audit demo``: the bundled Hongqiao District 2020-H1 example, end to end."""

from pathlib import Path
from typing import Annotated

import typer

from audit.cli.options import (
    Color,
    ColorOpt,
    LangChoice,
    LangOpt,
    QuietOpt,
    VerboseOpt,
    lang_of,
    output_folder,
)


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    from audit.cli import handled

    @app.command("demo")
    @handled
    def demo_cmd(
        output: Annotated[
            Path,
            typer.Option(
                "--output",
                "-o",
                metavar="DIR",
                parser=output_folder,
                help="Folder for the evidence copy and the reports.",
            ),
        ] = Path("audit-demo"),
        lang: LangOpt = LangChoice.zh,
        color: ColorOpt = Color.auto,
        quiet: QuietOpt = False,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Run the bundled Hongqiao District 2020-H1 example (illustrative data) end to end."""
        from audit.cli.options import console
        from audit.demo.run import run_demo
        from audit.renderers.run.terminal import print_blocks
        from audit.reports.labels import scored_against
        from audit.reports.summary import summary

        del verbose
        code = lang_of(lang)
        try:
            result, written = run_demo(output, lang=code)
        except OSError as exc:  # a folder that cannot be made or written: like --output
            import shutil

            from audit.output import unwritable

            if isinstance(exc, shutil.Error) and exc.args and exc.args[0]:
                # copytree's errors, gathered: the first one's reason ("No space left on
                # device"), where the gathering said only "Error"
                reason = str(exc.args[0][0][-1])
                exc = OSError(reason)
                exc.strerror = reason.split("] ", 1)[-1].split(": ", 1)[0]
            raise unwritable(output, exc) from None
        out = console(color=color)
        if quiet:  # the reports are written; nothing to add
            return
        with scored_against(result):
            print_blocks(summary(result, code), out)
        out.print()
        heading = "报告已写入：" if code == "zh" else "Reports written:"
        out.print(heading, style="bold", markup=False)
        for path in written:
            out.print(f"  {path}", markup=False)
