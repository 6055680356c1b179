"""Options shared by several commands, and the consoles they print to."""

import datetime as dt
import errno
import functools
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from audit.formats import DocFormat, RunFormat
from audit.i18n import Lang


class LangChoice(StrEnum):
    """Report and message language."""

    zh = "zh"
    en = "en"


class Color(StrEnum):
    """When to use colour."""

    auto = "auto"
    always = "always"
    never = "never"


LangOpt = Annotated[
    LangChoice,
    typer.Option("--lang", help="Language of reports and messages (zh|en).", case_sensitive=False),
]
ColorOpt = Annotated[
    Color,
    typer.Option(
        "--color",
        help="Colour: auto, always, never (NO_COLOR is honoured).",
        case_sensitive=False,
    ),
]
VerboseOpt = Annotated[
    int, typer.Option("--verbose", "-v", count=True, help="More detail (repeat for more).")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")]


def evidence_path(text: str) -> Path:
    """A path given on the command line: an empty one (``"$DIR"`` with the variable unset)
    would be the current folder, and a CI job would check the wrong files."""
    if not text.strip():
        raise bad_value("usage.empty-path", value=text)
    return Path(text)


def named_file(text: str | Path) -> Path:
    """An auditor's file: an empty name (an unset variable) is a usage error, as for
    ``--checklist``, not the current folder read as a file."""
    if not str(text).strip():
        raise bad_value("usage.empty-file", value=str(text))
    return Path(text)


def shown_text(text: str) -> str:
    """A text every report prints (``--evaluator``): no control or bidi character, which
    shows nothing, or turns the text around, where it is printed."""
    from audit.evidence.walker import hidden_char
    from audit.i18n import INVISIBLE, blank

    if blank(text):
        raise bad_value("usage.blank-text", value=text)
    unseen = next((f"U+{ord(c):04X}" for c in text if c in INVISIBLE or c in "\u2028\u2029"), None)
    hidden = hidden_char(text) or unseen
    if hidden is not None:
        raise bad_value("usage.hidden-text", char=hidden)
    return text


def database_file(text: str | Path) -> Path:
    """A history database: an empty name (an unset variable) is named as empty, not as the
    current folder; a folder is no database file."""
    path = named_file(text)
    if _looked_up(path, Path.is_dir):
        raise bad_value("usage.file-is-folder", value=str(text))
    if special_file(path):  # SQLite on a FIFO blocks past any signal; on /dev/null
        raise bad_value("usage.db-not-a-file", value=str(text))  # it writes a journal in /dev
    return path


def special_file(path: Path) -> bool:
    """Whether ``path`` exists and is no regular file (a device, a pipe, a socket)."""
    import stat

    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:  # absent, or a path through a file: the history says which
        return False


def _looked_up(path: Path, test: Any) -> bool:
    """``test(path)``; a name the system cannot look up (too long) is a bad value here:
    options are parsed before any command's own handler could word it."""
    try:
        return bool(test(path))
    except OSError as exc:
        raise bad_value("usage.unusable-name", value=str(path)[:60], reason=exc.strerror) from None


def output_file(text: str | Path) -> Path:
    """A file to write to, refused before any work when it cannot be one: a command that
    fails only when it writes has done its work for nothing (and ``audit run`` has stored
    the run in the history, where each retry adds another). Refused: an empty name, a
    folder (``reports/`` too, though it does not exist yet: it would be written as a file
    named ``reports``), a path through a file, a folder the user cannot write in."""
    import os

    text = str(text)
    if not text.strip():
        raise bad_value("usage.empty-file", value=text)
    path = Path(text)
    if text.endswith(("/", os.sep)) or _looked_up(path, Path.is_dir):
        raise bad_value("usage.file-is-folder", value=text)
    if special_file(path):  # a pipe or a device (/dev/stdout) is written into, not replaced
        return path
    # the nearest folder that exists: missing folders are made when the file is written
    folder = Path(os.path.realpath(path)).parent
    while not _looked_up(folder, os.path.lexists):
        folder = folder.parent
    if not _looked_up(folder, Path.is_dir):
        raise bad_value("output.blocked-by-file", blocking=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise bad_value("output.unwritable", reason=os.strerror(13))  # EACCES, as written
    return path


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE (atomically) instead of standard output.",
        metavar="FILE",
        parser=output_file,
    ),
]


def output_folder(text: str | Path) -> Path:
    """A folder to write into: an empty one (an unset variable) would be the current folder,
    where ``audit demo`` replaces ``evidence/``; a file is not a folder."""
    text = str(text)  # the default arrives as a Path
    if not text.strip():
        raise bad_value("usage.empty-output", value=text)
    if _looked_up(Path(text), Path.is_file):
        raise bad_value("usage.folder-is-file", value=text)
    return Path(text)


def not_empty(value: str | None) -> str | None:
    """A value that must name something: ``--checklist ""`` (an unset variable in a CI
    script) silently meant the default; it is a usage error."""
    if value is not None and not value.strip():
        raise bad_value("usage.empty-value", value=value)
    return value


ChecklistOpt = Annotated[
    str | None,
    typer.Option(
        "--checklist",
        metavar="ID|FILE",
        help="Checklist id or TOML file (default: the one each evidence file names).",
        callback=not_empty,
    ),
]
# for commands that read no evidence file: the bundled checklist is the default
BundledChecklistOpt = Annotated[
    str | None,
    typer.Option(
        "--checklist",
        metavar="ID|FILE",
        help="Checklist id or TOML file (default: the bundled tianjin-bizenv).",
        callback=not_empty,
    ),
]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="History database (default: ./.audit/history.sqlite).",
        parser=database_file,
        metavar="<file>",  # as click names a file option's value
    ),
]
RunFormatOpt = Annotated[
    RunFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: the --output file's extension; else terminal on a "
        "TTY, plain otherwise).",
        case_sensitive=False,
    ),
]
NoAttachmentsOpt = Annotated[
    bool, typer.Option("--no-attachments", help="Skip attachment existence and hash checks.")
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        min=1,
        help="Parallel workers (default and at most: the cores).",
    ),
]
MaxSizeOpt = Annotated[
    int,
    typer.Option("--max-size", metavar="MB", min=1, help="Largest evidence file accepted, in MB."),
]


DocFormatOpt = Annotated[
    DocFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="text or json (default: the --output file's extension, else text).",
        case_sensitive=False,
    ),
]


def bad_value(code: str, hint: str | None = None, **args: object) -> typer.BadParameter:
    """A bad option value worded by the message catalogue, so it follows ``--lang``."""
    from audit.diagnostics import Diagnostic

    diagnostic = Diagnostic(code, args)
    error = typer.BadParameter(diagnostic.message("en"), param_hint=hint)
    error.diagnostic = diagnostic  # type: ignore[attr-defined]  # read by cli.usage
    return error


# What an --output file's extension says about the format wanted, when --format is not given.
_SUFFIX_FORMATS = {
    ".json": "json",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "plain",
    ".xlsx": "xlsx",
    ".sarif": "sarif",
    ".xml": "junit",
}


F = TypeVar("F", bound=StrEnum)


def format_for(output: Path | None, formats: type[F], fallback: F) -> F:
    """The format ``output``'s extension names (``-o ledger.xlsx`` writes a workbook, not
    text in a file named .xlsx); ``fallback`` for a file without a known extension. An
    extension naming a format the command does not write is a usage error: nothing is
    written under a name that promises another format."""
    if output is None:
        return fallback
    suffix = output.suffix.lower()
    named = _SUFFIX_FORMATS.get(suffix)
    if named is None:
        return fallback
    for fmt in formats:
        if fmt.value == named or (named == "plain" and fmt.value == "text"):
            return fmt
    from audit.diagnostics import Diagnostic
    from audit.errors import UsageError

    choices = ", ".join(f.value for f in formats)
    args = {"file": str(output), "suffix": suffix}
    if len(formats) == 1:  # no --format to choose with: only the extension can change
        problem = Diagnostic("usage.output-only", {**args, "format": choices})
    else:
        problem = Diagnostic("usage.output-format", {**args, "choices": choices})
    raise UsageError(f"{output}: no {named} output here ({choices})", diagnostics=[problem])


def lang_of(choice: LangChoice) -> Lang:
    """The language literal of a choice."""
    return "en" if choice is LangChoice.en else "zh"


def console(*, stderr: bool = False, color: Color = Color.auto):  # type: ignore[no-untyped-def]
    """A rich console honouring --color and NO_COLOR (rich is imported only when needed).

    ``never`` writes no escape code at all (no bold either); a non-empty NO_COLOR, as
    no-color.org asks, drops the colours of ``auto`` and keeps bold and underline.
    """
    no_color = color is Color.never or (color is Color.auto and bool(os.environ.get("NO_COLOR")))
    force = True if color is Color.always else None
    return _console_class()(
        stderr=stderr,
        no_color=no_color,
        force_terminal=force,
        color_system=None if color is Color.never else "auto",
        highlight=False,
        emoji=False,  # ":100:" is a line number (file.json:100:11), never 💯
        soft_wrap=True,
    )


@functools.cache
def _console_class() -> Any:
    """rich's Console, except when the reader leaves (``audit demo | head``): rich exits 1
    then, which CI reads as invalid evidence; the command's own handler says 141."""
    from rich.console import Console

    class Quiet(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return Quiet


def to_stdout(text: str) -> None:
    """Write ``text`` to standard output, raising BrokenPipeError when the reader has gone.

    Python's buffered stdout can swallow EPIPE on a large write (a 30 MB result into
    ``| head -c 10`` returned quietly and the command exited 0), so a document goes to the
    file descriptor in a loop of ``os.write``, which reports it.
    """
    stream = sys.stdout
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # captured (tests, an embedding program)
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    # a document is UTF-8, whatever the terminal's encoding: JSON, CSV and SARIF read by
    # programs (PYTHONIOENCODING=ascii made them an internal error, or invalid escapes)
    data = memoryview(text.encode("utf-8"))
    while data:
        data = data[os.write(fd, data) :]


def emit(text: str, output: Path | None) -> None:
    """Print ``text`` to stdout, or write it atomically to ``output``."""
    if output is None:
        to_stdout(text)
    else:
        from audit.output import write_atomic

        write_atomic(output, text)


def iso_day(text: str) -> dt.date:
    """A date written YYYY-MM-DD, as the spec and evidence write them: Python's own reader
    also takes 20200715 and 2020-W29-3, which no user means (ValueError otherwise)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.replace("-", "").isdigit():
        raise ValueError(text)
    return dt.date.fromisoformat(text)
