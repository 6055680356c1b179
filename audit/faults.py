"""Fault points for tests that kill a process half-way through a write.

``TJ_AUDIT_FAULT=<point>:<FILE>`` makes the named point write its process id to FILE and
then wait, so that a test can kill the process exactly there. Unset (always, outside the
tests), a fault point is one environment lookup.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def hold(point: str) -> None:
    """Announce and wait at ``point`` if the environment asks for it."""
    fault = os.environ.get("TJ_AUDIT_FAULT", "")
    name, _, marker = fault.partition(":")
    if name == point and marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(60)
