"""The ``audit`` console script: ``--version`` answers before anything heavy is imported."""

import contextlib
import os
import sys
from typing import Any


def _standard_streams() -> None:
    """Streams every command can write to: a closed descriptor (``audit … >&-``) leaves
    Python's stream None, and the first message was an internal error (exit 1, which CI
    reads as invalid evidence) or the exit status 120; it now goes nowhere, and the command
    does its work (an ``-o`` file, the history) and exits as it would. Messages to a
    terminal whose encoding cannot hold a character (PYTHONIOENCODING=ascii) get an escape
    for it, not an internal error (documents on stdout are written as UTF-8 bytes:
    ``audit.cli.options.to_stdout``)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, os.fdopen(os.open(os.devnull, os.O_WRONLY), "w", encoding="utf-8"))
        elif name == "stderr" and (stream.encoding or "").lower().replace("-", "") != "utf8":
            with contextlib.suppress(AttributeError, ValueError):  # (not one of ours: as is)
                stream.reconfigure(errors="backslashreplace")


def main() -> None:
    """Run the command line."""
    _standard_streams()
    if sys.argv[1:] == ["--version"]:
        from audit import __version__

        try:
            sys.stdout.write(f"tj-audit {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:  # `audit --version | true`: quietly, as a shell reports it
            os._exit(141)
        return
    import signal

    from audit.i18n import on_sigint, on_sigterm

    # from the start, not once the command line is built: a SIGTERM while importing said
    # nothing (the default action) or was taken for Ctrl-C
    signal.signal(signal.SIGTERM, on_sigterm)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when ignored
        signal.signal(signal.SIGINT, on_sigint)
    sys.stderr = _Stderr(sys.stderr)
    sys.unraisablehook = _unraisable
    try:
        try:
            from audit.cli import main as cli_main
        except Exception as exc:  # a broken installation (a dependency that fails to import)
            _broken(exc)
        try:
            cli_main()
        except SystemExit as done:
            _leave(done)
            raise
    except KeyboardInterrupt as exc:  # Ctrl-C between the command's own handlers: no traceback
        from audit.i18n import interrupted, interrupted_code, lang_of

        sys.stderr.write(interrupted(lang_of(sys.argv[1:]), exc))
        sys.stderr.flush()
        raise SystemExit(interrupted_code(exc)) from None
    _leave(SystemExit(0))


class _Stderr:
    """stderr whose reader may leave (``audit … 2>&1 | head``): the rest of the messages go
    nowhere and the command ends with its own exit status (3 for a bad checklist, 1 for
    invalid evidence), not the 1 of an uncaught BrokenPipeError or stdout's 141."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            self._gone()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._gone()

    def _gone(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _unraisable(unraisable: Any) -> None:
    """An interrupt raised where Python cannot raise it (a hook run after a fork) is not
    printed as "Exception ignored … Traceback": the command stops at its next step (see
    ``audit.i18n.swallowed``). Anything else is printed as Python does."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):  # (Terminated is one)
        return
    sys.__unraisablehook__(unraisable)


def _broken(exc: Exception) -> None:
    """The command line could not even be built: an internal error (exit 4) in one line, as
    any other, with the traceback under -v; never a bare traceback and exit 1, which CI
    would read as "invalid evidence"."""
    if any(arg in ("-v", "--verbose") or arg.startswith("-vv") for arg in sys.argv[1:]):
        import traceback

        traceback.print_exception(exc)
        where = ""
    else:
        where = " (run again with -v for details)"
    sys.stderr.write(f"audit: internal error: {type(exc).__name__}: {exc}{where}\n")
    sys.stderr.flush()
    raise SystemExit(4)


def _leave(done: SystemExit) -> None:
    """End the process without tearing the interpreter down, as mypy does.

    Every output is written and closed by now (files atomically, the history committed and
    closed); what is left is freeing an audit's results object by object and a last sweep
    of the garbage collector — a tenth of a second for two thousand agencies, with nothing
    to show for it. The standard streams are flushed first. Only the console script does
    this: in-process callers (tests, ``app()``) get the usual SystemExit, and so does a run
    under a tracer or profiler (coverage, cProfile), which writes its data at exit.
    """
    if sys.gettrace() is not None or sys.getprofile() is not None or "coverage" in sys.modules:
        return
    code = done.code
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # a message: Python prints it to stderr and exits 1
        sys.stderr.write(f"{code}\n")
        status = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left (`| head`) before the last of the output
        os._exit(141)  # as a shell reports a command SIGPIPE ended, and as the CLI does
    except (OSError, ValueError):  # another failing stream: let Python report it as usual
        return
    os._exit(status)
