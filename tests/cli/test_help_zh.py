"""``--help`` follows ``--lang`` like every other message, Chinese by default."""

from __future__ import annotations

import subprocess
import sys

import typer

from audit.cli import app
from audit.cli.help_zh import HELP_ZH

AUDIT = [sys.executable, "-m", "audit"]


def _help_texts(command: typer.core.TyperGroup | typer.core.TyperCommand) -> set[str]:
    texts = {command.help} if command.help else set()
    texts |= {p.help for p in command.params if getattr(p, "help", None)}  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        texts |= _help_texts(sub)
    return texts


def test_every_help_text_has_its_chinese() -> None:
    """A new option's help would otherwise stay English in Chinese help, unnoticed."""
    texts = _help_texts(typer.main.get_command(app))  # type: ignore[arg-type]
    assert texts - set(HELP_ZH) == set()
    assert len(texts) > 60


def test_help_is_chinese_by_default_and_english_on_request() -> None:
    zh = subprocess.run([*AUDIT, "validate", "--help"], capture_output=True, text=True, check=False)
    assert zh.returncode == 0
    assert zh.stdout.startswith("用法：audit validate")
    assert "校验证据文件" in zh.stdout and "选项" in zh.stdout and "[默认：256" in zh.stdout
    en = subprocess.run(
        [*AUDIT, "validate", "--help", "--lang", "en"], capture_output=True, text=True, check=False
    )
    assert en.stdout.startswith("Usage: audit validate")
    assert "Validate evidence files" in en.stdout and "[default: 256" in en.stdout
    assert not any("\u4e00" <= c <= "\u9fff" for c in en.stdout.split("Options")[1])


def test_help_names_values_as_users_write_them_not_as_python_types() -> None:
    """typer showed Python types: `PATH <list[Path]>`, `--checklist <str>`, `--jobs <int
    range>`, `--tailoring <Path>`."""
    import re

    from typer.testing import CliRunner

    def commands(group: typer.core.TyperGroup, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
        found = []
        for name, sub in group.commands.items():
            found.append((*path, name))
            if hasattr(sub, "commands"):
                found += commands(sub, (*path, name))  # type: ignore[arg-type]
        return found

    typed = re.compile(r"<(?:str|int|float|Path|list\[[^]]*\]|[a-z]+ range)>")
    every = commands(typer.main.get_command(app))  # type: ignore[arg-type]
    assert len(every) > 12
    for command in every:
        for lang in ("zh", "en"):
            shown = CliRunner().invoke(app, [*command, "--help", "--lang", lang]).output
            assert not typed.search(shown), (command, lang, typed.findall(shown))


def test_ledger_close_as_of_is_the_day_the_verification_speaks_for() -> None:
    """`ledger close --as-of` had `run --as-of`'s help ("the date open deadlines are judged
    against"): it is the day the verification (验收) speaks for."""
    zh = subprocess.run(
        [*AUDIT, "ledger", "close", "--help"], capture_output=True, text=True, check=True
    )
    en = subprocess.run(
        [*AUDIT, "--lang", "en", "ledger", "close", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "销号验收所依据的核查日期" in zh.stdout
    assert "The date the verification speaks for" in en.stdout
    assert "open deadlines" not in en.stdout
