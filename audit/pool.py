"""Worker processes for --jobs N that never outlive the command that started them."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

WATCH_SECONDS = 0.5  # how often a worker looks whether its parent is still there


def batch(files: int, jobs: int) -> int:
    """Files sent to a worker at a time: at least four batches a worker, so that they end
    together, and at most 16, so that results come back in order without a long wait."""
    return max(1, min(16, files // (jobs * 4) or 1))


@contextmanager
def worker_pool(
    jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers exit when the parent dies (SIGTERM, SIGKILL: nothing
    else would tell them, and they would sleep on, holding the parent's output pipes), and
    whose queued work is dropped, not finished, when the parent stops early."""
    pool = ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(initializer, initargs)
    )
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    # The parent's SIGTERM handler (stop with exit 143) is inherited by a forked worker; a
    # worker told to stop simply stops.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the
    # command stops and lets its workers go; one KeyboardInterrupt traceback per worker helps no one
    # The parent is whoever started this worker: the command itself under "fork", the
    # forkserver (which ends with the command) under "forkserver", Python 3.14's default.
    parent = os.getppid()
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="parent-watch").start()
    if initializer is not None:
        initializer(*initargs)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)  # orphaned: re-parented to init, its results have nowhere to go
