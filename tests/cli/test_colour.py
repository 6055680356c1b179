"""--color and NO_COLOR on a terminal (rich's FORCE_COLOR makes the test console one)."""

from __future__ import annotations

import pytest

from audit.cli.options import Color, console

ESC = "\x1b["


def _printed(color: Color) -> str:
    out = console(color=color)
    with out.capture() as captured:
        out.print("✗ 1 invalid", style="bold red")
    return str(captured.get())


@pytest.fixture(autouse=True)
def _terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")


def test_never_writes_no_escape_code_at_all() -> None:
    assert _printed(Color.never) == "✗ 1 invalid\n"


def test_auto_on_a_terminal_colours() -> None:
    assert "\x1b[1;31m" in _printed(Color.auto)


@pytest.mark.parametrize(("value", "coloured"), [("1", False), ("", True)])
def test_no_color_counts_only_when_not_empty(
    value: str, coloured: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """no-color.org: NO_COLOR set to a non-empty value drops colours (bold may stay)."""
    monkeypatch.setenv("NO_COLOR", value)
    shown = _printed(Color.auto)
    assert ("31m" in shown) is coloured
    assert ESC + "1" in shown  # bold either way: it is not a colour
