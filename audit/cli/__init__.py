"""The ``audit`` command line: the only layer that parses options, prints and exits."""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer
from typer.exceptions import TyperException

from audit import __version__
from audit.cli.options import LangChoice, LangOpt
from audit.i18n import interrupted, interrupted_code, lang_of, on_sigterm, untold

if TYPE_CHECKING:
    from audit.i18n import Lang

F = TypeVar("F", bound=Callable[..., Any])


def _arguments_named_by_their_metavar() -> None:
    """typer (0.2x) prints an argument's Python type after its name in ``--help``
    (``PATH <list[Path]>``, ``RUN <str>``); an argument given a metavar is named by it
    alone, as options are. Left as it is where typer has no such hook."""
    from typer.core import TyperArgument

    typed = getattr(TyperArgument, "display_type_rich", None)
    if typed is None:
        return

    def named(self: Any, ctx: Any) -> Any:
        return None if self.metavar is not None else typed(self, ctx)

    TyperArgument.display_type_rich = named  # type: ignore[method-assign]


_arguments_named_by_their_metavar()

app = typer.Typer(
    name="audit",
    help="tj-audit — 天津市营商环境合规审计工具 / compliance audits of agency evidence against "
    "the Tianjin business-environment rules.",
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tj-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    lang: LangOpt = LangChoice.zh,
) -> None:
    """tj-audit: validate evidence, run audits, render reports."""
    del lang  # each command takes it from here unless given its own


# Options a command takes from the command line before it (`audit --lang en demo`, `audit
# ledger --lang en close …`) when it was not given them itself.
INHERITED = ("lang", "quiet", "color", "verbose", "db")


def _current_context() -> Any:
    """click's context of the running command (typer's own copy of click, or click)."""
    import importlib

    try:
        module = importlib.import_module("typer._click.globals")
    except ImportError:  # a typer that uses click itself
        module = importlib.import_module("click")
    return module.get_current_context(silent=True)


def _inherit(kwargs: dict[str, Any]) -> None:
    """Fill the options a command left at their defaults from a group above it that was
    given them."""
    ctx = _current_context()
    if ctx is None:
        return

    def given(context: Any, name: str) -> bool:
        source = context.get_parameter_source(name)
        return source is not None and source.name != "DEFAULT"

    for name in INHERITED:
        if name not in kwargs or given(ctx, name):
            continue
        parent = ctx.parent
        while parent is not None:
            if name in parent.params and given(parent, name):
                kwargs[name] = parent.params[name]
                break
            parent = parent.parent


def handled(func: F) -> F:
    """Map expected failures to their exit codes, and bugs to one line and exit 4."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from audit.errors import AuditError

        _inherit(kwargs)
        lang = kwargs.get("lang")
        lang_code: Lang = "en" if lang is not None and str(lang) == "en" else "zh"
        verbose = kwargs.get("verbose") or 0
        try:
            _not_an_input(kwargs)
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, TyperException):
            raise  # click reports its own usage errors (exit 2)
        except AuditError as exc:
            _report_error(exc, lang_code)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:
            sys.stderr.write(interrupted(lang_code, exc))
            raise typer.Exit(interrupted_code(exc)) from None
        except BrokenPipeError:  # the reader left (``| head``): nothing more to tell it
            _stdout_to_devnull()
            raise typer.Exit(141) from None  # as a shell reports a command SIGPIPE ended
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:  # a name given by the user: a usage error
                from audit.diagnostics import Diagnostic

                name = str(exc.filename or "")
                shown = name if len(name) <= 60 else name[:59] + "…"
                long = Diagnostic(
                    "usage.name-too-long", {"name": shown, "bytes": len(name.encode())}
                )
                sys.stderr.write(long.format(lang_code) + "\n")
                raise typer.Exit(2) from None
            if exc.errno not in _OUTPUT_FULL:
                _internal_error(exc, verbose, lang_code)
            # a full disk or quota under `> file`: an output that cannot be written, as
            # with --output (exit 2), not a bug
            from audit.diagnostics import Diagnostic

            _stdout_to_devnull()
            reason = exc.strerror or type(exc).__name__
            full = Diagnostic("output.stdout-unwritable", {"reason": reason})
            sys.stderr.write(full.format(lang_code) + "\n")
            raise typer.Exit(2) from None
        except Exception as exc:  # a bug: one line, details with -v
            import sqlite3

            if isinstance(exc, sqlite3.DatabaseError):  # the history met on the way
                from audit.history.db import database_problem

                sys.stderr.write(database_problem(exc).format(lang_code) + "\n")
                raise typer.Exit(3) from None
            _internal_error(exc, verbose, lang_code)
        finally:
            # what the command froze out of the collector's reach (audit.collector) is the
            # collector's again: a process that calls commands in turn (the tests, a program
            # embedding the CLI) would otherwise keep their cyclic garbage for good
            gc.unfreeze()

    return wrapper  # type: ignore[return-value]


# Errors of a write that no retry fixes: the disk or quota is full, the file too large.
_OUTPUT_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _internal_error(exc: Exception, verbose: int, lang: Lang = "en") -> NoReturn:
    """A bug: one line (in ``lang``; the exception's own text is Python's), the traceback
    with -v, exit 4."""
    if verbose:
        import traceback

        traceback.print_exc()
    what = f"{type(exc).__name__}: {exc}"
    if lang == "zh":
        where = "" if verbose else "（加 -v 重新运行可看详情）"
        sys.stderr.write(f"audit：内部错误（程序缺陷）：{what}{where}\n")
    else:
        where = "" if verbose else " (run again with -v for details)"
        sys.stderr.write(f"audit: internal error: {what}{where}\n")
    raise typer.Exit(4) from None


def _stdout_to_devnull() -> None:
    """Point stdout at /dev/null, so that flushing it at exit cannot fail a second time."""
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


# The options that name files a command reads (besides its evidence, which validate and run
# check once found): --output must not replace one of them.
_INPUT_OPTIONS = ("tailoring", "attestations", "workbook", "source", "checklist")


def _not_an_input(options: dict[str, Any]) -> None:
    """Refuse an ``--output`` that is the history database or a file the command reads (a
    --checklist file, tailoring, attestations, the workbook, init's --from file)."""
    output = options.get("output")
    if not isinstance(output, Path):
        return
    from audit.output import refuse_input_as_output

    named = [options.get(name) for name in _INPUT_OPTIONS]
    if "db" in options:  # the history, even where --db is not given: its default place
        from audit.history import history_path

        named.append(history_path(options.get("db")))
    refuse_input_as_output(output, [Path(p) for p in named if isinstance(p, (str, Path)) and p])


def _report_error(exc: Any, lang: Any) -> None:
    if exc.diagnostics:
        for diag in exc.diagnostics:
            sys.stderr.write(diag.format(lang) + "\n")
    else:
        sys.stderr.write(f"audit: {exc.message}\n")


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:  # answer without building the whole command tree
        sys.stdout.write(f"tj-audit {__version__}\n")
        return
    # SIGTERM stops a command as Ctrl-C does (exit 143): what it was writing is removed, its
    # worker processes let go. Python's default would kill it where it stands.
    signal.signal(signal.SIGTERM, on_sigterm)
    from audit.cli import help_zh

    help_zh.install(lang_of(sys.argv[1:]))  # --help in Chinese by default, as every message
    # Not standalone: click's usage errors come back here to be worded in the user's language.
    try:
        code = app(prog_name="audit", standalone_mode=False)
    except SystemExit as done:
        if done.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            # click's own answer to a reader gone while it printed (--help | true): 1,
            # which CI reads as invalid evidence; 141, as everywhere else
            raise SystemExit(141) from None
        raise
    except (typer.Abort, KeyboardInterrupt) as exc:  # Ctrl-C outside a command (click: Abort)
        sys.stderr.write(interrupted(lang_of(sys.argv[1:]), exc))
        sys.exit(interrupted_code(exc))
    except Exception as exc:
        from audit.cli import usage

        if usage.is_usage_error(exc):
            usage.show(exc, lang_of(sys.argv[1:]))
        elif usage.is_click_error(exc):  # e.g. a file click could not open
            exc.show()  # type: ignore[attr-defined]
        else:
            raise
        sys.exit(exc.exit_code)  # type: ignore[attr-defined]
    stopped = untold()
    if stopped is not None:  # typer made it a bare 130 while parsing the command line
        sys.stderr.write(interrupted(lang_of(sys.argv[1:]), stopped))
        sys.exit(interrupted_code(stopped))
    sys.exit(code if isinstance(code, int) else 0)


from audit.cli import (  # noqa: E402  (the commands register themselves on app)
    agency,
    checklists,
    demo,
    explain,
    history,
    report,
    run,
    schema,
    validate,
)

validate.register(app)
run.register(app)
report.register(app)
history.register(app)
agency.register(app)
demo.register(app)
schema.register(app)
checklists.register(app)
explain.register(app)
