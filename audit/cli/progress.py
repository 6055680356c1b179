"""A progress bar for long runs: on a terminal only, never in pipes or CI logs.

It appears once a run has taken more than a second, so quick runs print nothing extra.
"""

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

DELAY = 1.0


def wanted(*, quiet: bool, color: str = "auto") -> bool:
    """A bar only for people watching a terminal, and not under ``--color never``, which
    writes no escape code at all (the bar moves the cursor with them)."""
    if quiet or str(color) == "never" or not sys.stderr.isatty():
        return False
    return not os.environ.get("CI")


@contextmanager
def progress(
    total: int, label: str, *, enabled: bool, color: str = "auto"
) -> Iterator[Callable[[], None]]:
    """A callable to call once per file; shows a transient bar after ``DELAY`` seconds, on
    standard error (the stream :func:`wanted` looked at), coloured as ``--color`` says."""
    if not enabled or total < 2:
        yield lambda: None
        return
    start = time.monotonic()
    state: dict[str, Any] = {"done": 0, "bar": None, "task": None}

    def advance() -> None:
        state["done"] += 1
        if state["bar"] is None:
            if time.monotonic() - start < DELAY:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            from audit.cli.options import Color, console

            bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console(stderr=True, color=Color(color)),
                transient=True,
            )
            bar.start()
            state["bar"] = bar
            state["task"] = bar.add_task(label, total=total, completed=state["done"])
        else:
            state["bar"].update(state["task"], completed=state["done"])

    try:
        yield advance
    finally:
        if state["bar"] is not None:
            state["bar"].stop()
