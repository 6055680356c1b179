"""The cyclic garbage collector around large data that has no cycles.

A run's results, a result file read back and a stored run are millions of small containers
(pydantic objects, their dicts and lists) that refer to nothing that refers back. Building
them with the collector on costs a pass over everything alive for every few thousand
objects made: reading back an 8,000-agency result took 13.7 s, 3.2 s with the collector
paused. Once built, a command holds them until it exits; each full collection would walk
all of them again and could free none.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while acyclic data is built (what is freed by reference
    counting still is); it runs again, as it was, afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def keep_until_exit() -> None:
    """Take everything alive out of the collector's reach, for a command that holds what it
    has read until it exits (``audit report``, ``audit diff``): the objects made while it
    renders are collected as usual, without a walk over the result each time."""
    gc.freeze()
