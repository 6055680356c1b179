"""``audit init`` and ``audit import``: evidence templates and Excel workbooks for agencies."""

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from audit.cli.options import ChecklistOpt, LangChoice, LangOpt, OutputOpt, VerboseOpt, lang_of


class InitFormat(StrEnum):
    """Template formats."""

    json = "json"
    xlsx = "xlsx"


def _period(text: str | None) -> tuple[dt.date, dt.date]:
    """START:END, or the current half-year."""
    if text is None:
        today = dt.date.today()
        if today.month <= 6:
            return dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)
        return dt.date(today.year, 7, 1), dt.date(today.year, 12, 31)
    try:
        start, end = (dt.date.fromisoformat(p.strip()) for p in text.split(":", 1))
    except ValueError:
        raise typer.BadParameter(f"not START:END dates: {text!r}", param_hint="--period") from None
    if start > end:
        raise typer.BadParameter("the period starts after it ends", param_hint="--period")
    return start, end


def register(app: typer.Typer) -> None:
    """Add the commands to ``app``."""
    from audit.cli import handled

    @app.command("init")
    @handled
    def init_cmd(
        roles: Annotated[
            str | None,
            typer.Option(
                "--roles", help="The agency's roles, comma separated (see audit checklists show)."
            ),
        ] = None,
        agency_code: Annotated[
            str | None, typer.Option("--agency-code", help="The agency's code, e.g. HQ-SCJG.")
        ] = None,
        checklist: ChecklistOpt = None,
        period: Annotated[
            str | None, typer.Option("--period", help="START:END (default: the current half-year).")
        ] = None,
        source: Annotated[
            Path | None,
            typer.Option(
                "--from",
                help="Start from an existing evidence file instead of examples.",
                exists=True,
                dir_okay=False,
            ),
        ] = None,
        fmt: Annotated[InitFormat, typer.Option("--format", "-f")] = InitFormat.json,
        output: OutputOpt = None,
        lang: LangOpt = LangChoice.zh,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Write an evidence template for an agency's roles (JSON, or an Excel workbook)."""
        import json

        from audit.checklist.library import bundled_checklists
        from audit.checklist.load import load_checklist
        from audit.cli.options import emit
        from audit.errors import UsageError
        from audit.evidence.schema import evidence_schema
        from audit.evidence.template import template
        from audit.evidence.workbook import to_workbook
        from audit.output import write_atomic

        del verbose, lang
        if source is not None:
            doc = json.loads(source.read_text("utf-8-sig"))
            model = load_checklist(checklist or doc.get("checklist") or "tianjin-bizenv")
        else:
            if not roles or not agency_code:
                raise UsageError("audit init needs --roles and --agency-code (or --from FILE)")
            bundled = [c.id for c in bundled_checklists()]
            model = load_checklist(
                checklist or (bundled[0] if len(bundled) == 1 else "tianjin-bizenv")
            )
            wanted = [r.strip() for r in roles.split(",") if r.strip()]
            _check_roles(wanted, model.checklist)
            schema_ref = f"./{model.checklist.id}.schema.json" if output else None
            doc = template(
                model.checklist,
                roles=wanted,
                code=agency_code,
                period=_period(period),
                schema=schema_ref,
            )
        if fmt is InitFormat.xlsx:
            if output is None:
                raise UsageError("--format xlsx needs --output FILE.xlsx")
            write_atomic(output, to_workbook(doc, model.checklist))
            return
        emit(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", output)
        if output is not None and source is None:
            schema = output.parent / f"{model.checklist.id}.schema.json"
            write_atomic(
                schema,
                json.dumps(evidence_schema(model.checklist), ensure_ascii=False, indent=2) + "\n",
            )

    @app.command("import")
    @handled
    def import_cmd(
        workbook: Annotated[
            Path,
            typer.Argument(help="A filled evidence workbook (.xlsx).", exists=True, dir_okay=False),
        ],
        output: Annotated[
            Path, typer.Option("--output", "-o", help="The evidence JSON to write.", dir_okay=False)
        ],
        checklist: ChecklistOpt = None,
        no_attachments: Annotated[bool, typer.Option("--no-attachments")] = False,
        lang: LangOpt = LangChoice.zh,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Convert a filled Excel workbook into evidence JSON, then validate it."""
        import json

        from audit.checklist.library import display_path
        from audit.checklist.load import load_checklist
        from audit.evidence.load import Options, load
        from audit.evidence.workbook import AGENCY_SHEET, from_workbook
        from audit.output import write_atomic

        del verbose
        code = lang_of(lang)
        model = load_checklist(checklist or _workbook_checklist(workbook, AGENCY_SHEET))
        doc, problems = from_workbook(workbook, model.checklist)
        if problems:
            for problem in problems:
                typer.echo(problem.format(code), err=True)
            message = (
                f"{workbook}: {len(problems)} 个单元格有误，未写入 {output}"
                if code == "zh"
                else f"{workbook}: {len(problems)} bad cell(s); {output} not written"
            )
            typer.echo(message, err=True)
            raise typer.Exit(1)
        write_atomic(output, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        loaded = load(
            output, display_path(output), Options(checklist=model, attachments=not no_attachments)
        )
        for diag in loaded.diagnostics:
            typer.echo(diag.format(code), err=True)
        done = "已写入" if code == "zh" else "written"
        typer.echo(f"{display_path(output)}: {done}", err=True)
        raise typer.Exit(0 if loaded.ok else 1)


def _check_roles(roles: list[str], checklist) -> None:  # type: ignore[no-untyped-def]
    from audit.diagnostics import Diagnostic
    from audit.errors import UsageError
    from audit.i18n import did_you_mean

    for role in roles:
        if role not in checklist.roles:
            raise UsageError(
                f"unknown role {role}",
                diagnostics=[
                    Diagnostic(
                        "evidence.unknown-role",
                        {"value": role, "suggestion": did_you_mean(role, checklist.roles)},
                    )
                ],
            )
    if not roles:
        raise UsageError("no role given", diagnostics=[Diagnostic("evidence.empty-roles")])


def _workbook_checklist(path: Path, sheet: str) -> str:
    """The checklist id a workbook's agency sheet names."""
    from openpyxl import load_workbook

    from audit.diagnostics import Diagnostic
    from audit.errors import UsageError

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        cause = exc.__cause__ or exc.__context__
        if type(cause).__module__.startswith("defusedxml"):  # a DTD or entities: refused
            problem = Diagnostic("workbook.unsafe-xml", file=str(path))
        else:  # openpyxl's first line says what went wrong; the rest is boilerplate
            detail = (str(exc).splitlines() or [type(exc).__name__])[0]
            problem = Diagnostic("workbook.unreadable", {"detail": detail}, file=str(path))
        raise UsageError(f"{path}: not an xlsx workbook", diagnostics=[problem]) from None
    try:
        if sheet in book.sheetnames:
            for row in book[sheet].iter_rows(values_only=True):
                if row and row[0] == "checklist" and len(row) > 1 and row[1]:
                    return str(row[1])
    finally:
        book.close()
    return "tianjin-bizenv"
