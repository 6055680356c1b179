"""Usage errors (exit 2) follow ``--lang`` like every other message: Chinese by default.

click words them in English only; ``audit.cli.main`` words them again. These tests go
through the console entry point (``python -m audit``), where users meet them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from audit.cli import usage
from audit.i18n import lang_of

AUDIT = [sys.executable, "-m", "audit"]


def _fails(*args: str) -> str:
    done = subprocess.run([*AUDIT, *args], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    return done.stderr


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["validate"], "错误：缺少参数 'PATH'", "Error: Missing argument 'PATH'."),
        (
            ["run", "x", "--fial-on", "major"],
            "错误：没有选项 --fial-on（是否想用：--as-of、--fail-on、--fail-under）",
            "Error: No such option: --fial-on (Possible options: --as-of, --fail-on, --fail-under)",
        ),
        (
            ["run", "x", "--fail-on", "fatal"],
            "错误：'--fail-on' 的值无效：'fatal' 不是可选值 'critical', 'major', 'minor' 之一",
            "Error: Invalid value for '--fail-on': 'fatal' is not one of 'critical', 'major', "
            "'minor'.",
        ),
        (
            ["run", "x", "--jobs", "many"],
            "错误：'--jobs' / '-j' 的值无效：应为整数，实际为 'many'",
            # pydantic's words ("Input should be a valid integer") without the value, before
            "Error: Invalid value for '--jobs' / '-j': must be a whole number, got 'many'",
        ),
        (
            ["run", "x", "--jobs", "0"],
            "错误：'--jobs' / '-j' 的值无效：应不小于 1，实际为 '0'",
            "Error: Invalid value for '--jobs' / '-j': must be at least 1, got '0'",
        ),
        (
            ["run", "x", "--fail-under", "200"],
            "错误：'--fail-under' 的值无效：应不大于 100，实际为 '200'",
            "Error: Invalid value for '--fail-under': must be at most 100, got '200'",
        ),
        (  # a blank evaluator, or one of invisible characters only, shows nothing
            ["run", "x", "--evaluator", "\u200b "],
            "错误：'--evaluator' 的值无效：为空（或只有空白、不可见字符）",
            "Error: Invalid value for '--evaluator': blank (spaces or invisible characters only)",
        ),
        (  # a typo of a choice is told the near one, as a typo of a command is
            ["run", "x", "--fail-on", "majro"],
            "错误：'--fail-on' 的值无效：'majro' 不是可选值 'critical', 'major', 'minor' 之一；"
            "是否应为 'major'？",
            "Error: Invalid value for '--fail-on': 'majro' is not one of 'critical', 'major', "
            "'minor'; did you mean 'major'?",
        ),
        (  # printed on every report's cover: a control or bidi character hides or turns it
            ["run", "x", "--evaluator", "审计\u202e员"],
            "错误：'--evaluator' 的值无效：含有控制字符或双向文本控制符 U+202E",
            "Error: Invalid value for '--evaluator': holds the control or bidi character U+202E",
        ),
        (
            ["run", "x", "--fail-under", "abc"],
            "错误：'--fail-under' 的值无效：应为数字，实际为 'abc'",
            "Error: Invalid value for '--fail-under': must be a number, got 'abc'",
        ),
        (
            ["run", "x", "--as-of", "2020-02-30"],
            "错误：'--as-of' 的值无效：不是 YYYY-MM-DD 形式的日期：'2020-02-30'",
            "Error: Invalid value for '--as-of': not a date YYYY-MM-DD: '2020-02-30'",
        ),
        (
            ["init", "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020"],
            "错误：'--period' 的值无效：不是 START:END 形式的两个日期",
            "Error: Invalid value for '--period': not START:END dates",
        ),
        (["validate", "x", "--output"], "错误：选项 '--output' 需要一个值", "requires an argument"),
        (
            ["validate", "--strict=1", "x"],
            "错误：选项 '--strict' 不接受值",
            "does not take a value",
        ),
        (["explain", "A", "B"], "错误：多余的参数：B", "Error: Got unexpected extra argument"),
        (["histroy"], "错误：没有命令 'histroy'（是否想用：'history'）", "Did you mean 'history'?"),
        (
            ["run", "x", "--as-of", "20200715"],  # Python reads it; the spec says YYYY-MM-DD
            "错误：'--as-of' 的值无效：不是 YYYY-MM-DD 形式的日期：'20200715'",
            "Error: Invalid value for '--as-of': not a date YYYY-MM-DD: '20200715'",
        ),
        (
            ["ledger", "--as-of", "2020-W29-3"],
            "错误：'--as-of' 的值无效：不是 YYYY-MM-DD 形式的日期：'2020-W29-3'",
            "Error: Invalid value for '--as-of': not a date YYYY-MM-DD: '2020-W29-3'",
        ),
        (["history", "--db", "/"], "错误：'--db' 的值无效：'/' 是文件夹，不是文件", "is a folder"),
        (  # click's "file" and "dir" before the path were left in English
            ["init", "--from", "/no/such.json"],
            "错误：'--from' 的值无效：'/no/such.json' 不存在",
            "does not exist",
        ),
        (["demo", "-o", __file__], f"'{__file__}' 是文件，不是文件夹", "is a file"),
    ],
)
def test_usage_errors_are_worded_in_the_chosen_language(args: list[str], zh: str, en: str) -> None:
    chinese = _fails(*args)
    assert zh in chinese
    english = _fails(args[0], "--lang", "en", *args[1:])
    assert en in english
    # the usage line and the help hint, where click gives them, are worded too
    assert ("Usage: audit" in english) == ("用法：audit" in chinese) == ("查看帮助" in chinese)
    assert "用法" not in english and "错误" not in english
    assert "Value error," not in english  # pydantic's wording is not passed on


def test_a_missing_command_is_worded_in_the_chosen_language() -> None:
    """`audit --lang zh` printed "错误：Missing command."."""
    assert "错误：缺少命令" in _fails("checklists", "--lang", "zh")
    assert "Error: Missing command" in _fails("checklists", "--lang", "en")


def test_an_invalid_language_is_itself_reported_in_chinese() -> None:
    assert "'--lang' 的值无效：'fr' 不是可选值 'zh', 'en' 之一" in _fails(
        "validate", "--lang", "fr", "x"
    )


@pytest.mark.parametrize(
    ("args", "lang"),
    [
        ([], "zh"),
        (["--lang", "en"], "en"),
        (["--lang=EN"], "en"),
        (["--lang", "fr"], "zh"),
        (["--lang"], "zh"),
        (["--", "--lang", "en"], "zh"),  # a file named --lang
    ],
)
def test_the_language_is_read_from_the_command_line(args: list[str], lang: str) -> None:
    assert lang_of(["run", "x", *args]) == lang


def test_an_error_click_words_unexpectedly_keeps_its_own_wording() -> None:
    """Should a click version not fit what cli.usage expects, click's own text is shown."""
    import io

    class UsageError(Exception):  # shaped like click's, but not in the way usage expects
        exit_code = 2
        ctx = object()  # no get_usage(): wording it fails

        def show(self, file: io.StringIO) -> None:
            file.write("Error: as click says it\n")

    out = io.StringIO()
    usage.show(UsageError(), "zh", out)
    assert out.getvalue() == "Error: as click says it\n"


def test_our_own_usage_errors_follow_the_language_too(tmp_path: object) -> None:
    chinese = _fails("init", "--roles", "court", "--agency-code", "HQ-FY", "--format", "xlsx")
    assert "--format xlsx 需要 --output" in chinese
    english = _fails(
        "init", "--roles", "court", "--agency-code", "HQ-FY", "--format", "xlsx", "--lang", "en"
    )
    assert "--format xlsx needs --output FILE.xlsx" in english


@pytest.mark.parametrize("command", ["validate", "run"])
def test_an_empty_path_is_a_usage_error(command: str) -> None:
    """`audit validate "$DIR"` with the variable unset checked the current folder."""
    shown = _fails(command, "", "--lang", "en")
    assert "Error: Invalid value for 'PATH': empty path: ''" in shown


@pytest.mark.parametrize("command", [["validate", "."], ["run", "."], ["init"], ["schema"]])
def test_an_empty_checklist_is_a_usage_error(command: list[str]) -> None:
    """`--checklist "$CHECKLIST"` with the variable unset meant the default checklist."""
    shown = _fails(*command, "--checklist", "", "--lang", "en")
    assert "Error: Invalid value for '--checklist': empty: ''" in shown


LONG = "红桥区市场监督管理局" * 9  # 270 bytes: over the 255 a name may have


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "audit/demo/data", "--checklist", f"{LONG}.toml"],
        ["report", f"{LONG}.json"],
        ["checklists", "show", LONG],
        ["run", "audit/demo/data", "--db", f"{LONG}.sqlite"],
        ["demo", "-o", LONG],
    ],
)
def test_a_name_too_long_for_the_system_is_a_usage_error(args: list[str]) -> None:
    """Python's is_file()/exists() raise for a name the system cannot look up: exit 4 for
    --checklist and report, a bare traceback and exit 1 for --db and demo -o (parsed before
    any command's handler)."""
    said = _fails(*args, "--lang", "en")
    assert "too long" in said, said


def test_a_history_database_that_is_a_pipe_or_a_device_is_refused(tmp_path: Path) -> None:
    """SQLite opening a FIFO blocked past Ctrl-C and SIGTERM (only SIGKILL ended it);
    --db /dev/null wrote /dev/null-journal and said "disk I/O error"."""
    import os

    fifo = tmp_path / "history.sqlite"
    os.mkfifo(fifo)
    said = _fails("history", "--db", str(fifo), "--lang", "en")
    assert "is not a regular file (a device or a pipe)" in said
    said = _fails("ledger", "--db", "/dev/null", "--lang", "en")
    assert "'/dev/null' is not a regular file" in said
