"""``audit checklists list | show ID | lint [FILE...]``."""

from pathlib import Path
from typing import Annotated

import typer

from audit.cli.options import (
    Color,
    ColorOpt,
    DocFormatOpt,
    LangChoice,
    LangOpt,
    OutputOpt,
    QuietOpt,
    VerboseOpt,
    emit,
    format_for,
    lang_of,
)
from audit.formats import DocFormat


def register(app: typer.Typer) -> None:
    """Add the command group to ``app``."""
    from audit.cli import handled

    group = typer.Typer(
        help="List, show and lint checklists.", no_args_is_help=True, pretty_exceptions_enable=False
    )
    app.add_typer(group, name="checklists")

    @group.callback()
    def checklists_group(
        lang: LangOpt = LangChoice.zh,
        quiet: QuietOpt = False,
        color: ColorOpt = Color.auto,
        verbose: VerboseOpt = 0,
    ) -> None:
        """List, show and lint checklists."""
        del lang, quiet, color, verbose  # each command takes them from here unless given its own

    @group.command("list")
    @handled
    def list_cmd(
        lang: LangOpt = LangChoice.zh,
        quiet: QuietOpt = False,
        color: ColorOpt = Color.auto,
        verbose: VerboseOpt = 0,
    ) -> None:
        """List the bundled checklists."""
        from tabulate import tabulate

        from audit.checklist.library import bundled_checklists
        from audit.checklist.load import load_checklist

        del verbose, quiet, color  # the list is the output; nothing coloured
        code = lang_of(lang)
        rows = []
        for entry in bundled_checklists():
            c = load_checklist(entry.path).checklist
            rows.append([c.id, c.version, len(c.items), c.checklist.title.get(code)])
        headers = (
            ["id", "版本", "检查项", "名称"]
            if code == "zh"
            else ["id", "version", "items", "title"]
        )
        typer.echo(tabulate(rows, headers=headers, tablefmt="simple"))

    @group.command("show")
    @handled
    def show_cmd(
        checklist: Annotated[
            str, typer.Argument(help="Checklist id or TOML file.", metavar="CHECKLIST")
        ],
        fmt: DocFormatOpt = None,
        output: OutputOpt = None,
        lang: LangOpt = LangChoice.zh,
        quiet: QuietOpt = False,
        color: ColorOpt = Color.auto,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Show a checklist: header, roles, facts, record sets, document kinds and items."""
        from audit.checklist.load import load_checklist
        from audit.checklist.show import show_json, show_text
        from audit.reports.blocks import unstarted

        del verbose, quiet, color  # the checklist is the output; nothing coloured
        fmt = fmt or format_for(output, DocFormat, DocFormat.TEXT)
        loaded = load_checklist(checklist)
        if fmt is DocFormat.JSON:
            emit(show_json(loaded.checklist), output)
        else:
            emit(unstarted(show_text(loaded.checklist, lang_of(lang))), output)

    @group.command("lint")
    @handled
    def lint_cmd(
        files: Annotated[
            list[Path] | None,
            typer.Argument(
                help="Checklist files (default: the bundled checklists and law registry).",
                metavar="FILE",
                readable=False,  # an unreadable file is reported with the others' problems
            ),
        ] = None,
        strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
        lang: LangOpt = LangChoice.zh,
        quiet: QuietOpt = False,
        color: ColorOpt = Color.auto,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Check checklists: format, names, types, and every citation against the registry."""
        from audit.checklist.library import bundled_checklists, display_path, load_registry
        from audit.checklist.load import check_file
        from audit.diagnostics import Severity

        del verbose, color  # problems are printed plain
        code = lang_of(lang)
        registry = load_registry()  # a broken registry raises: exit 3 with its problems
        targets = files or [entry.path for entry in bundled_checklists()]
        problems = []
        for path in targets:
            _, _, found = check_file(path, registry)
            problems.extend(found)
            failing = [d for d in found if strict or d.severity is Severity.ERROR]
            marker = "✗" if failing else "✓"
            if not quiet:  # the problems themselves are printed whatever happens
                typer.echo(f"{marker} {display_path(path)}", err=True)
        for d in problems:
            typer.echo(d.format(code))
        errors = sum(1 for d in problems if d.severity is Severity.ERROR)
        warnings = len(problems) - errors
        summary = (
            f"{len(targets)} 个检查清单，{errors} 个错误，{warnings} 个警告"
            if code == "zh"
            else f"{len(targets)} checklist(s), {errors} error(s), {warnings} warning(s)"
        )
        if not quiet:
            typer.echo(summary, err=True)
        if errors or (strict and warnings):
            raise typer.Exit(3)
