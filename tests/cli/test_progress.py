"""The progress bar: only for a person at a terminal, only once a run is slow."""

from __future__ import annotations

import io

import pytest

from audit.cli import progress as module


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wanted_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", _Tty())
    assert module.wanted(quiet=False)
    assert not module.wanted(quiet=True)
    # --color never writes no escape code at all: the bar moves the cursor with them
    assert not module.wanted(quiet=False, color="never")
    assert module.wanted(quiet=False, color="always")
    monkeypatch.setenv("CI", "true")
    assert not module.wanted(quiet=False)
    monkeypatch.delenv("CI")
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert not module.wanted(quiet=False)


def test_no_bar_for_a_quick_run(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    monkeypatch.setattr("rich.progress.Progress.start", started.append)
    with module.progress(10, "Checking", enabled=True) as advance:
        for _ in range(10):
            advance()
    assert started == []


def test_a_slow_run_shows_a_bar_that_counts_every_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "DELAY", 0.0)
    seen: dict[str, object] = {}

    def stop(self: object) -> None:
        task = self.tasks[0]  # type: ignore[attr-defined]
        seen.update(completed=task.completed, total=task.total, label=task.description)

    monkeypatch.setattr("rich.progress.Progress.start", lambda self: None)
    monkeypatch.setattr("rich.progress.Progress.stop", stop)
    with module.progress(5, "Checking", enabled=True) as advance:
        for _ in range(5):
            advance()
    assert seen == {"completed": 5, "total": 5, "label": "Checking"}


def test_disabled_or_single_file_runs_never_build_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "DELAY", 0.0)
    monkeypatch.setattr("rich.progress.Progress.start", lambda self: pytest.fail("no bar expected"))
    for total, enabled in ((5, False), (1, True)):
        with module.progress(total, "Checking", enabled=enabled) as advance:
            for _ in range(total):
                advance()


@pytest.mark.parametrize(("color", "plain"), [("never", True), ("always", False)])
def test_the_bar_goes_to_stderr_and_minds_color(
    color: str, plain: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It wrote to standard output (a -o-less JSON gained a line) and coloured whatever
    --color said."""
    import sys

    monkeypatch.setattr(module, "DELAY", 0.0)
    consoles: list[object] = []
    monkeypatch.setattr("rich.progress.Progress.start", lambda self: consoles.append(self.console))
    monkeypatch.setattr("rich.progress.Progress.stop", lambda self: None)
    with module.progress(3, "Checking", enabled=True, color=color) as advance:
        for _ in range(3):
            advance()
    (shown,) = consoles
    assert shown.file is sys.stderr  # type: ignore[attr-defined]
    assert (shown.color_system is None) is plain  # type: ignore[attr-defined]
