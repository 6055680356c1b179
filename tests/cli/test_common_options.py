"""The options the spec lists as those "every user relies on" (`-q/-v`, `--color`,
`--lang`) are accepted by every command: a CI script may pass them everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.demo.run import data_dir

runner = CliRunner()
COMMON = ["-q", "-v", "--color", "never", "--lang", "en"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "h.sqlite"
    stored = runner.invoke(
        app, ["run", str(data_dir()), "--as-of", "2020-07-15", "--db", str(path), "-q"]
    )
    assert stored.exit_code == 0, stored.output
    return path


def _commands(db: Path, tmp: Path) -> list[list[str]]:
    evidence = str(data_dir())
    return [
        ["validate", evidence],
        ["run", evidence, "--as-of", "2020-07-15", "--no-history"],
        ["report", "1", "--db", str(db)],
        ["explain", "TJ-ENF-03"],
        ["checklists", "list"],
        ["checklists", "show", "tianjin-bizenv"],
        ["checklists", "lint"],
        ["schema"],
        ["init", "--roles", "court", "--agency-code", "HQ-FY"],
        ["history", "--db", str(db)],
        ["diff", "latest", "latest", "--db", str(db)],
        ["ledger", "--db", str(db), "--as-of", "2020-07-15"],
        ["demo", "--output", str(tmp / "demo")],
    ]


def test_every_command_takes_the_common_options(db: Path, tmp_path: Path) -> None:
    # FORCE_COLOR makes rich colour as on a terminal: --color never must still win
    for command in _commands(db, tmp_path):
        result = runner.invoke(app, [*command, *COMMON], env={"FORCE_COLOR": "1"})
        assert result.exit_code in (0, 1), (command, result.output)  # 1: the demo's findings
        assert "\x1b[" not in result.output, command  # --color never: no escape code


def test_the_terminal_report_colours_unless_told_not_to(tmp_path: Path) -> None:
    """The check above can fail: the same run with --color always does colour."""
    command = ["run", str(data_dir()), "--as-of", "2020-07-15", "--no-history", "-f", "terminal"]
    coloured = runner.invoke(app, [*command, "--color", "always"])
    assert "\x1b[" in coloured.output


def test_quiet_keeps_the_document_a_command_is_asked_for(db: Path) -> None:
    """On commands that print a document, -q drops notices, never the document."""
    schema = runner.invoke(app, ["schema", "-q"])
    assert schema.stdout.startswith("{")
    ledger = runner.invoke(app, ["ledger", "--db", str(db), "--as-of", "2020-07-15", "-q"])
    assert "HQ-SCJG/TJ-ENF-03" in ledger.stdout


def test_options_given_before_the_command_count(db: Path, tmp_path: Path) -> None:
    """`audit --lang en demo` was a usage error, and `audit ledger --lang en close …`
    answered in Chinese: the group's --lang reached the ledger listing only."""
    missing = runner.invoke(app, ["--lang", "en", "validate", str(tmp_path / "none")])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("no such file or folder")
    close = ["close", "NOPE", "--by", "x", "--evidence", "y"]
    grouped = runner.invoke(app, ["ledger", "--lang", "en", "--db", str(db), *close])
    assert grouped.exit_code == 2, grouped.output
    assert grouped.stderr == "the ledger has no finding 'NOPE'\n"
    own = runner.invoke(app, ["--lang", "en", "ledger", "--db", str(db), *close, "--lang", "zh"])
    assert own.stderr == "台账中没有问题 'NOPE'\n"  # the command's own option wins


def test_the_checklists_group_takes_the_common_options_too() -> None:
    listed = runner.invoke(app, ["checklists", "--lang", "en", "show", "nope"])
    assert listed.exit_code == 3
    assert listed.stderr.startswith("unknown checklist 'nope'")


def test_invisible_characters_alone_are_blank(db: Path) -> None:
    from audit.i18n import blank

    assert blank("\u200b") and blank("\u3000 ") and blank("\u00ad\u180e") and not blank("张三")
    close = ["ledger", "close", "HQ-SCJG/TJ-ENF-03", "--by", "\u200b", "--evidence", "x"]
    closed = runner.invoke(app, [*close, "--db", str(db), "--lang", "en"])
    assert closed.exit_code == 2
    assert "--by" in closed.stderr and "blank" in closed.stderr
