"""The installed entry points start and answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from audit import __version__


def test_python_m_audit_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "audit", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "validate" in done.stdout and "checklists" in done.stdout


def test_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "audit", "--version"], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == f"tj-audit {__version__}"


def test_internal_errors_are_one_line_in_the_user_s_language(monkeypatch: object) -> None:
    """One line, exit 4; it was in English whatever --lang said (zh is the default)."""
    said = {}
    for lang in ("en", "zh"):
        code = (
            "import audit.validation as v\n"
            "def boom(*a, **k):\n    raise RuntimeError('boom')\n"
            "v.validate = boom\n"
            "import sys; sys.argv = ['audit', 'validate', 'tests/data/evidence/valid', "
            f"'--lang', '{lang}']\n"
            "from audit.cli import main; main()\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert done.returncode == 4
        said[lang] = done.stderr.strip().splitlines()
    assert said["en"] == [
        "audit: internal error: RuntimeError: boom (run again with -v for details)"
    ]
    assert said["zh"] == [
        "audit：内部错误（程序缺陷）：RuntimeError: boom（加 -v 重新运行可看详情）"
    ]


def _interrupted(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_an_interrupt_outside_a_command_is_exit_130_without_a_traceback() -> None:
    """Ctrl-C can land between a command's own handlers (while click unwinds, or while the
    command line is built): still one line and the conventional 130, never a traceback or
    exit 1, which CI would read as "the audit found problems"."""
    in_click = (
        "import typer, audit.cli as cli\n"
        "def stop(*a, **k):\n    raise KeyboardInterrupt\n"
        "typer.Typer.__call__ = stop\n"
        "cli.main()\n"
    )
    while_building = (
        "import sys, audit.entry as entry\n"
        "sys.argv = ['audit', 'validate', '.']\n"
        "class Stop:\n    def find_spec(self, name, *a):\n"
        "        if name == 'audit.cli':\n            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Stop())\n"
        "entry.main()\n"
    )
    for code in (in_click, while_building):
        done = _interrupted(code)
        assert done.returncode == 130, done.stderr
        assert done.stderr == "已中断\n"  # the default language
        english = _interrupted(
            code.replace("sys.argv = ['audit',", "sys.argv = ['audit', '--lang', 'en',").replace(
                "cli.main()", "import sys; sys.argv = ['audit', 'run', '--lang=en']; cli.main()"
            )
        )
        assert (english.returncode, english.stderr) == (130, "interrupted\n")


def test_a_reader_that_leaves_early_is_no_internal_error() -> None:
    """``audit … | head``: the reader closes the pipe before the output is written. That is
    no bug (exit 4) and no traceback: the command stops quietly with the 141 a shell reports
    for a command ended by SIGPIPE."""
    child = subprocess.Popen(
        [sys.executable, "-m", "audit", "schema", "--checklist", "tianjin-bizenv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    child.stdout.close()  # before the child has written anything
    _, stderr = child.communicate(timeout=60)
    assert (child.returncode, stderr) == (141, "")


def test_an_interrupt_typer_made_a_bare_status_is_still_told() -> None:
    """A SIGTERM or Ctrl-C while typer parses the command line (its parameters' modules are
    imported then) became a bare exit 130 without a word, SIGTERM included. The interrupt
    is remembered until told: here one typer swallowed, then the command ends."""
    code = (
        "import sys\n"
        "from audit import i18n\n"
        "try:\n    i18n.on_sigterm(15, None)\n"
        "except KeyboardInterrupt:\n    pass  # as typer does: caught, made a status\n"
        "sys.argv = ['audit', 'checklists', 'list', '--lang', 'en']\n"
        "from audit.cli import main; main()\n"
    )
    done = _interrupted(code)
    assert (done.returncode, done.stderr) == (143, "terminated\n")


def test_a_worker_leaves_ctrl_c_to_the_command_and_stops_on_sigterm() -> None:
    """A forked worker inherits the command's handlers before it sets its own: Ctrl-C (sent
    to the whole group) printed a traceback per worker; SIGTERM raised in it as in the
    command."""
    code = (
        "from audit import i18n\n"
        "i18n._COMMAND = -1  # as in a forked worker\n"
        "assert i18n.on_sigint(2, None) is None\n"
        "i18n.on_sigterm(15, None)\n"
        "raise SystemExit('not reached')\n"
    )
    done = _interrupted(code)
    assert (done.returncode, done.stderr) == (143, "")


def _reader_gone(command: list[str]) -> tuple[int, str]:
    """Run ``command`` with its stdout's reader gone before it writes: exit status, stderr."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    child.stdout.close()
    _, stderr = child.communicate(timeout=120)
    return child.returncode, stderr


def test_a_reader_that_leaves_a_printed_report_early_is_141_too(tmp_path: Path) -> None:
    """Reports printed through rich (`audit demo | head`): rich exits 1 when the pipe
    breaks, which CI reads as invalid evidence, while `audit run | head` gave 141."""
    demo = [sys.executable, "-m", "audit", "demo", "-o", str(tmp_path / "demo")]
    assert _reader_gone(demo) == (141, "")


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["validate", "--help"]])
def test_a_reader_that_leaves_the_version_or_help_early_is_141(args: list[str]) -> None:
    """`audit --version | true` was a bare traceback (exit 1); `--help | true` exit 1,
    click's answer, which CI reads as invalid evidence."""
    script = "from audit.entry import main; main()"
    assert _reader_gone([sys.executable, "-c", script, *args]) == (141, "")
