"""Writing output files atomically: a reader sees the old file or the whole new one."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from audit.diagnostics import Diagnostic
from audit.errors import UsageError
from audit.faults import hold


def write_atomic(path: Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` through a temporary file, fsync and rename.

    A path that cannot be written (its folder is a file, no permission, a full disk) is a
    usage error naming the path and the reason; nothing is left behind.
    """
    try:
        _write(path, data.encode(encoding) if isinstance(data, str) else data)
    except OSError as exc:
        raise UsageError(
            f"cannot write {path}: {exc}",
            diagnostics=[
                Diagnostic(
                    "output.unwritable",
                    {"reason": exc.strerror or type(exc).__name__},
                    file=str(path),
                )
            ],
        ) from None


def _write(path: Path, payload: bytes) -> None:
    folder = path.parent if str(path.parent) else Path()
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    blocking = next((p for p in folder.parents if p.exists() and not p.is_dir()), None)
    if folder.exists() and not folder.is_dir():
        blocking = folder
    if blocking is not None:  # mkdir would only say "File exists"
        raise NotADirectoryError(errno.ENOTDIR, f"{blocking} is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(name)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload[: len(payload) // 2])
            handle.flush()
            hold("hold-output-write")  # tests kill the process here, the file half-written
            handle.write(payload[len(payload) // 2 :])
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
