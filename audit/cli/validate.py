"""``audit validate PATH...``: check evidence files, CI's command."""

from pathlib import Path
from typing import Annotated

import typer

from audit.cli.options import (
    ChecklistOpt,
    Color,
    ColorOpt,
    JobsOpt,
    LangChoice,
    LangOpt,
    MaxSizeOpt,
    NoAttachmentsOpt,
    OutputOpt,
    QuietOpt,
    VerboseOpt,
    emit,
    evidence_path,
    format_for,
    lang_of,
)
from audit.formats import ValidateFormat


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    from audit.cli import handled

    @app.command("validate")
    @handled
    def validate_cmd(
        paths: Annotated[
            list[Path],
            typer.Argument(
                help="Evidence files or folders (searched for *.json).",
                metavar="PATH",
                # read as written: "" is refused, and an unreadable file is reported as that
                # file's problem (click's own check would stop everything)
                parser=evidence_path,
            ),
        ],
        checklist: ChecklistOpt = None,
        fmt: Annotated[
            ValidateFormat | None,
            typer.Option(
                "--format",
                "-f",
                help="Output format (default: the --output file's extension, else text).",
                case_sensitive=False,
            ),
        ] = None,
        output: OutputOpt = None,
        no_attachments: NoAttachmentsOpt = False,
        strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
        jobs: JobsOpt = None,
        max_size: MaxSizeOpt = 256,
        lang: LangOpt = LangChoice.zh,
        color: ColorOpt = Color.auto,
        quiet: QuietOpt = False,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Validate evidence files: format, checklist names and types, references, attachments."""
        from audit.checklist.load import load_checklist
        from audit.cli.progress import progress, wanted
        from audit.discovery import evidence_files, outside_warnings
        from audit.evidence.load import Options
        from audit.output import refuse_attachment_as_output, refuse_input_as_output
        from audit.renderers.validation import render
        from audit.validation import default_jobs, validate

        del verbose
        fmt = fmt or format_for(output, ValidateFormat, ValidateFormat.TEXT)
        forced = load_checklist(checklist) if checklist else None
        options = Options(
            checklist=forced, max_size=max_size * 1024 * 1024, attachments=not no_attachments
        )
        outside: list[Path] = []
        files = list(evidence_files(paths, outside))
        refuse_input_as_output(output, files)
        refuse_attachment_as_output(output, files)  # (the report would replace the evidence)
        shown = wanted(quiet=quiet, color=color)
        from audit.i18n import pick

        label = pick(lang_of(lang), "校验", "validate")
        with progress(len(files), label, enabled=shown, color=color) as advance:
            result = validate(
                files,
                options,
                jobs=jobs or default_jobs(),
                strict=strict,
                on_file=advance,
                notes=outside_warnings(outside),
            )
        code = lang_of(lang)
        if fmt is ValidateFormat.TEXT and quiet:  # the problems only, warnings too: nothing
            from audit.renderers.validation.as_text import render as as_text

            problems = as_text(result, code, quiet=True)
            if problems or output is not None:
                emit(problems, output)
        elif fmt is ValidateFormat.TEXT and output is None:
            _print_text(result, code, color)
        else:
            emit(render(result, fmt, code), output)
        raise typer.Exit(result.exit_code)


def _print_text(result, lang, color) -> None:  # type: ignore[no-untyped-def]
    """Text output on the terminal: problems coloured by severity, then the summary."""
    from audit.cli.options import console
    from audit.diagnostics import Diagnostic, Severity
    from audit.renderers.validation.as_text import summary

    out = console(color=color)
    for d in sorted(result.diagnostics, key=Diagnostic.sort_key):
        style = "red" if d.severity is Severity.ERROR else "yellow"
        out.print(d.format(lang), style=style, markup=False)
    out.print(summary(result, lang), style="bold green" if result.ok else "bold red", markup=False)
