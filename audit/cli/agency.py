"""``audit init`` and ``audit import``: evidence templates and Excel workbooks for agencies."""

import datetime as dt
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from audit.cli.options import (
    BundledChecklistOpt,
    ChecklistOpt,
    Color,
    ColorOpt,
    LangChoice,
    LangOpt,
    NoAttachmentsOpt,
    OutputOpt,
    QuietOpt,
    VerboseOpt,
    bad_value,
    iso_day,
    lang_of,
    output_file,
)

if TYPE_CHECKING:
    from audit.checklist.load import LoadedChecklist
    from audit.i18n import Lang


class InitFormat(StrEnum):
    """Template formats."""

    json = "json"
    xlsx = "xlsx"


def _period(text: str | None) -> tuple[dt.date, dt.date]:
    """START:END, or the current half-year; a period no evidence file may have is refused."""
    from audit.diagnostics import Diagnostic
    from audit.errors import UsageError
    from audit.evidence.semantics import period_problem

    if text is None:
        today = dt.date.today()
        if today.month <= 6:
            return dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)
        return dt.date(today.year, 7, 1), dt.date(today.year, 12, 31)
    try:
        start, end = (iso_day(p.strip()) for p in text.split(":", 1))
    except ValueError:
        raise bad_value("usage.not-a-period", "'--period'", value=text) from None
    problem = period_problem(start, end)
    if problem is not None:  # validate would reject the template: the same message, now
        raise UsageError(
            f"--period {text}: {problem.code}",
            diagnostics=[Diagnostic(problem.code, problem.args, file="--period")],
        )
    return start, end


def _agency_code(code: str) -> str:
    """The agency code, if evidence may carry it (evidence.md: ``[A-Za-z0-9_-]{1,64}``)."""
    import re

    from audit.diagnostics import Diagnostic
    from audit.errors import UsageError
    from audit.evidence.shape import CODE_PATTERN, anchored

    if re.search(anchored(CODE_PATTERN), code) is None:
        raise UsageError(
            f"--agency-code {code!r}: invalid",
            diagnostics=[Diagnostic("evidence.bad-code", {"value": code}, file="--agency-code")],
        )
    return code


def register(app: typer.Typer) -> None:
    """Add the commands to ``app``."""
    from audit.cli import handled

    @app.command("init")
    @handled
    def init_cmd(
        roles: Annotated[
            str | None,
            typer.Option(
                "--roles",
                metavar="ROLES",
                help="The agency's roles, comma separated (see audit checklists show).",
            ),
        ] = None,
        agency_code: Annotated[
            str | None,
            typer.Option("--agency-code", metavar="CODE", help="The agency's code, e.g. HQ-SCJG."),
        ] = None,
        checklist: BundledChecklistOpt = None,
        period: Annotated[
            str | None,
            typer.Option(
                "--period", metavar="START:END", help="START:END (default: the current half-year)."
            ),
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
        fmt: Annotated[
            InitFormat | None,
            typer.Option(
                "--format",
                "-f",
                help="json or xlsx (default: the --output file's extension, else json).",
                case_sensitive=False,
            ),
        ] = None,
        output: OutputOpt = None,
        lang: LangOpt = LangChoice.zh,
        quiet: QuietOpt = False,
        color: ColorOpt = Color.auto,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Write an evidence template for an agency's roles (JSON, or an Excel workbook).

        The template holds exactly what applies to the roles and the period: the facts,
        record sets, document kinds and items. With --output FILE.json the checklist's JSON
        Schema is written beside it as <checklist>.schema.json and referenced by "$schema";
        written to standard output, the template has no "$schema". --from FILE copies an
        evidence file as it is (its roles, code, period and "$schema" included), to turn it
        into a workbook or back.
        """
        import json

        from audit.checklist.library import bundled_checklists, display_path
        from audit.checklist.load import load_checklist, load_named_checklist
        from audit.cli.options import emit, format_for
        from audit.diagnostics import Diagnostic
        from audit.errors import UsageError
        from audit.evidence.schema import evidence_schema
        from audit.evidence.template import template
        from audit.evidence.workbook import inexact_cells, to_workbook, trimmed_cells
        from audit.output import write_atomic

        fmt = fmt or format_for(output, InitFormat, InitFormat.json)

        del verbose, color  # init prints the template (and, unless -q, what it kept)
        if source is not None:
            given = [
                name
                for name, value in (
                    ("--roles", roles),
                    ("--agency-code", agency_code),
                    ("--period", period),
                )
                if value is not None
            ]
            if given:  # silently ignored, they would leave last period's header in place
                raise UsageError(
                    f"--from cannot be combined with {', '.join(given)}",
                    diagnostics=[Diagnostic("usage.init-from-with", {"options": ", ".join(given)})],
                )
            doc, text = _source(source)
            with_schema = False  # the file's own "$schema", as it was
            named = doc.get("checklist")
            # the file's name is data from outside: a bundled id, never a file to read
            model = (
                load_checklist(checklist)
                if checklist
                else load_named_checklist(named if isinstance(named, str) else "tianjin-bizenv")
            )
        else:
            if not roles or not agency_code:
                raise UsageError(
                    "audit init needs --roles and --agency-code (or --from FILE)",
                    diagnostics=[Diagnostic("usage.init-needs")],
                )
            bundled = [c.id for c in bundled_checklists()]
            model = load_checklist(
                checklist or (bundled[0] if len(bundled) == 1 else "tianjin-bizenv")
            )
            wanted = [r.strip() for r in roles.split(",") if r.strip()]
            _check_roles(wanted, model.checklist)
            # Only a JSON template written to a file has a schema file beside it (not one
            # written to a device: -o /dev/stdout wrote /dev/tianjin-bizenv.schema.json).
            with_schema = output is not None and fmt is InitFormat.json and _a_file(output)
            doc = template(
                model.checklist,
                lang=lang_of(lang),
                roles=wanted,
                code=_agency_code(agency_code),
                period=_period(period),
                schema=f"./{model.checklist.id}.schema.json" if with_schema else None,
            )
            if with_schema and output is not None and output.name == _schema_name(model):
                # the schema written beside the template would replace the template itself
                raise UsageError(
                    f"--output {output} is the name of the template's schema",
                    diagnostics=[
                        Diagnostic("usage.output-is-schema", {"output": display_path(output)})
                    ],
                )
        if fmt is InitFormat.xlsx:
            if output is None:
                raise UsageError(
                    "--format xlsx needs --output FILE.xlsx",
                    diagnostics=[Diagnostic("usage.xlsx-needs-output")],
                )
            if source is not None:  # no cell holds it exactly (and openpyxl cannot write it)
                _refuse(source, text, inexact_cells(doc), lang_of(lang))
                trimmed = dict.fromkeys(trimmed_cells(doc), "workbook.text-trimmed")
                _refuse(source, text, trimmed, lang_of(lang), stop=False)
            data = to_workbook(doc, model.checklist)
            if source is not None:
                _carried_whole(source, text, doc, data, model.checklist, lang_of(lang))
            _keep_aside(output, lang_of(lang), quiet=quiet)
            write_atomic(output, data)
            return
        rendered = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        if output is not None:
            _keep_aside(output, lang_of(lang), rendered.encode("utf-8"), quiet=quiet)
        emit(rendered, output)
        if with_schema and output is not None:
            schema = output.parent / _schema_name(model)
            write_atomic(
                schema,
                json.dumps(evidence_schema(model.checklist), ensure_ascii=False, indent=2) + "\n",
            )

    @app.command("import")
    @handled
    def import_cmd(
        workbook: Annotated[
            Path,
            typer.Argument(
                help="A filled evidence workbook (.xlsx).",
                metavar="WORKBOOK",
                exists=True,
                dir_okay=False,
            ),
        ],
        output: Annotated[
            Path,
            typer.Option(
                "--output",
                "-o",
                metavar="FILE",
                help="The evidence JSON to write.",
                parser=output_file,
            ),
        ],
        checklist: ChecklistOpt = None,
        no_attachments: NoAttachmentsOpt = False,
        lang: LangOpt = LangChoice.zh,
        quiet: QuietOpt = False,
        color: ColorOpt = Color.auto,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Convert a filled Excel workbook into evidence JSON and validate it.

        The JSON is written only when it is valid: every problem is reported at the
        workbook cell it comes from (sheet!B12), and nothing is written.
        """
        import json
        from dataclasses import replace

        from audit.checklist.library import display_path
        from audit.checklist.load import load_checklist
        from audit.cli.options import format_for
        from audit.diagnostics import Severity, no_command
        from audit.evidence.load import Options, load_bytes
        from audit.evidence.workbook import from_workbook
        from audit.formats import SchemaFormat  # the one format, JSON
        from audit.messages import render_message
        from audit.output import write_atomic

        del verbose, color
        code = lang_of(lang)
        shown = display_path(workbook)
        format_for(output, SchemaFormat, SchemaFormat.JSON)  # -o out.xlsx: JSON is written
        model = load_checklist(checklist) if checklist else _workbook_checklist(workbook, shown)
        imported = from_workbook(workbook, model.checklist)
        text = json.dumps(imported.doc, ensure_ascii=False, indent=2) + "\n"
        # the document the good cells make is judged too, unwritten: every problem at once
        options = Options(checklist=model, attachments=not no_attachments)
        loaded = load_bytes(text.encode("utf-8"), output, shown, options)
        problems = imported.problems + imported.document_problems(loaded.diagnostics, shown)
        problems = [_beside_workbook(p, workbook, output) for p in problems]
        for problem in problems:  # at a cell: named as in the workbook, book.xlsx:sheet!B6
            cell = problem.file if problem.file not in (None, shown) else None
            named = replace(problem, file=f"{shown}:{cell}") if cell is not None else problem
            typer.echo(named.format(code), err=True)
        errors = sum(1 for p in problems if p.severity is Severity.ERROR)
        if errors:
            args = {"workbook": shown, "count": errors, "output": display_path(output)}
            typer.echo(no_command(render_message("workbook.not-written", code, args)), err=True)
            raise typer.Exit(1)
        # a JSON edited by hand since the last import (a justification added) is kept
        _keep_aside(output, code, text.encode("utf-8"), quiet=quiet)
        write_atomic(output, text)
        if not quiet:  # problems (warnings) above are printed whatever happens
            args = {"output": display_path(output)}
            typer.echo(no_command(render_message("workbook.written", code, args)), err=True)


def _beside_workbook(problem: Any, workbook: Path, output: Path) -> Any:
    """A missing attachment that is beside the workbook, where the JSON is not: says so
    (attachment paths are read from the evidence file's folder)."""
    if problem.code != "evidence.attachment-missing" or output.parent == workbook.parent:
        return problem
    try:
        beside = (workbook.parent / str(problem.args.get("value", ""))).is_file()
    except OSError:
        return problem
    return replace(problem, args={**problem.args, "hint": "beside-workbook"}) if beside else problem


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
                        {
                            "value": role,
                            "suggestion": did_you_mean(role, checklist.roles),
                            "known_zh": "、".join(
                                f"{k}（{r.zh}）" for k, r in checklist.roles.items()
                            ),
                            "known_en": ", ".join(
                                f"{k} ({r.en})" for k, r in checklist.roles.items()
                            ),
                        },
                    )
                ],
            )
    if not roles:
        raise UsageError("no role given", diagnostics=[Diagnostic("evidence.empty-roles")])


def _a_file(path: Path) -> bool:
    """Whether ``path`` is, or will be, a regular file in its own folder: not a device,
    a pipe, or /dev/stdout (whose folder is /dev, whatever it leads to)."""
    from audit.cli.options import special_file

    if special_file(path):
        return False
    try:
        return path.resolve().parent == path.parent.resolve()
    except (OSError, RuntimeError):  # not looked up (a name too long): writing it says why
        return True


def _workbook_checklist(path: Path, shown: str) -> "LoadedChecklist":
    """The bundled checklist a workbook's agency sheet names. The name is data from
    outside: an id only, never a file to read (a cell naming /etc/passwd had it parsed)."""
    from audit.checklist.load import load_named_checklist
    from audit.errors import ConfigError
    from audit.evidence.workbook import AGENCY_SHEET, open_book

    name, cell = "tianjin-bizenv", None
    book = open_book(path)
    try:
        if AGENCY_SHEET in book.sheetnames:
            for number, row in enumerate(book[AGENCY_SHEET].iter_rows(values_only=True), 1):
                if row and row[0] == "checklist" and len(row) > 1 and row[1]:
                    name, cell = str(row[1]).strip(), f"{AGENCY_SHEET}!B{number}"
                    break
    finally:
        book.close()
    try:
        return load_named_checklist(name)
    except ConfigError as exc:  # at its cell, with what to do for a checklist of one's own
        where = f"{shown}:{cell}" if cell else shown
        named = [replace(d, file=where, line=None, col=None) for d in exc.diagnostics]
        raise ConfigError(str(exc), diagnostics=named) from None


def _carried_whole(  # type: ignore[no-untyped-def]
    source: Path, text: str, doc: dict[str, Any], data: bytes, checklist, lang: "Lang"
) -> None:
    """Refuse a workbook that would lose part of ``--from``'s file: values under names the
    checklist does not know have no cell, and import would give the file back without them."""
    from audit.evidence.workbook import not_carried

    lost = not_carried(doc, data, checklist)
    _refuse(source, text, dict.fromkeys(lost, "workbook.not-carried"), lang)


def _refuse(
    source: Path, text: str, lost: dict[Any, str], lang: "Lang", *, stop: bool = True
) -> None:
    """Name each path of ``lost`` in ``--from``'s file with its message code and stop
    (exit 1), unless there is none; without ``stop``, as warnings."""
    from audit import jsontext
    from audit.checklist.library import display_path
    from audit.diagnostics import Diagnostic, Severity

    if not lost:
        return
    shown = display_path(source)
    lines = jsontext.LineIndex(text)
    positions = jsontext.parse(text, want=list(lost)).positions
    for path, code in lost.items():
        key, value = positions.get(path, (None, 0))
        line, col = lines.position(key if key is not None else value)
        severity = Severity.ERROR if stop else Severity.WARNING
        problem = Diagnostic(code, path=path, file=shown, line=line, col=col, severity=severity)
        typer.echo(problem.format(lang), err=True)
    if stop:
        raise typer.Exit(1)


def _schema_name(model: "LoadedChecklist") -> str:
    """The name of the JSON Schema file ``init`` writes beside a JSON template."""
    return f"{model.checklist.id}.schema.json"


def _keep_aside(
    output: Path, lang: "Lang", new: bytes | None = None, *, quiet: bool = False
) -> None:
    """Keep the file a template replaces (a clerk who runs the README's ``init`` line again
    after filling it in lost the work): copied to the first free ``NAME.bak``,
    ``NAME.bak2`` …, and said so. Nothing is kept of a file that is not a regular one, or
    holds what is written anyway."""
    import shutil

    from audit.checklist.library import display_path
    from audit.messages import render_message

    try:
        if not output.is_file() or (new is not None and output.read_bytes() == new):
            return
        spare = next(
            candidate
            for n in range(1, 1000)
            if not (
                candidate := output.with_name(f"{output.name}.bak{n if n > 1 else ''}")
            ).exists()
        )
        shutil.copy2(output, spare)
    except (OSError, StopIteration):  # cannot be kept: the write itself says what is wrong
        return
    if not quiet:  # a notice: -q leaves it out, as other commands' notices
        args = {"output": display_path(output), "kept": display_path(spare)}
        typer.echo(render_message("init.kept-aside", lang, args), err=True)


def _source(path: Path) -> tuple[dict[str, Any], str]:
    """The evidence document ``--from`` names, and its text; one that is not a JSON object
    is refused."""
    from audit import jsontext
    from audit.checklist.library import display_path
    from audit.diagnostics import Diagnostic
    from audit.encoding import TooLarge, decode_text, read_capped
    from audit.errors import UsageError
    from audit.evidence.load import DEFAULT_MAX_SIZE
    from audit.evidence.walker import json_type

    shown = display_path(path)
    try:
        raw = read_capped(path, DEFAULT_MAX_SIZE)
    except TooLarge:
        raise UsageError(
            f"{shown}: too large",
            diagnostics=[
                Diagnostic("usage.source-too-large", {"mb": DEFAULT_MAX_SIZE >> 20}, file=shown)
            ],
        ) from None
    text, problem = decode_text(raw, shown)
    if problem is None:
        try:
            value = jsontext.parse(text).value
        except jsontext.JsonSyntaxError as exc:
            line, col = jsontext.LineIndex(text).position(exc.offset)
            problem = Diagnostic(exc.code, exc.args_map, path=exc.path, line=line, col=col)
        else:
            if isinstance(value, dict):
                return value, text
            problem = Diagnostic(
                "evidence.type", {"expected": "object", "got": json_type(value)}, path=()
            )
    raise UsageError(
        f"{shown}: not an evidence document", diagnostics=[replace(problem, file=shown)]
    )
