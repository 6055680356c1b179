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


@contextmanager
def kept_until_exit() -> Iterator[None]:
    """Build what a command holds until it exits (``audit report``, ``audit diff``): the
    collector is paused meanwhile, and what was built is taken out of its reach
    (``gc.freeze()``) before it runs again. The objects made while the command renders are
    collected as usual, without a walk over the result. (The CLI unfreezes everything when
    a command ends, for a process that goes on: see ``audit.cli.handled``.)

    Freezing after the collector resumed is too late: every object made in the pause is
    still young, and the next young collection walks them all, then the middle and the
    full one in turn, each freeing nothing (0.3-0.9 s each on 8,000 agencies).
    """
    with gc_paused():
        yield
        gc.freeze()
