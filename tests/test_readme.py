"""The README's commands work as written."""

from __future__ import annotations

import re
import shlex

from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import ROOT


def _quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_lines() -> None:
    lines = _quick_start()
    assert len(lines) == 2
    assert lines[0].startswith("pip install . && audit ")
    assert lines[1] == 'pip install -e ".[test]" && python -m pytest'


def test_quick_start_main_command_runs() -> None:
    command = _quick_start()[0].split("&&", 1)[1].strip()
    args = shlex.split(command)
    assert args[0] == "audit"
    result = CliRunner().invoke(app, args[1:])
    assert result.exit_code == 0, result.output


def test_readme_exit_codes_match_the_spec() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |"):
        assert code in text
