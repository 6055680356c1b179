"""Writing output files atomically: a reader sees the old file or the whole new one."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import stat
from collections.abc import Iterable
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
        raise unwritable(path, exc) from None


def refuse_input_as_output(output: Path | None, inputs: Iterable[Path | None]) -> None:
    """A usage error if ``output`` is one of the command's own input files (the same file,
    however named): the result would replace the evidence, the workbook, the result being
    re-rendered. Checked before anything is read, and only when ``output`` exists."""
    if output is None:
        return
    try:
        target = output.stat()
    except OSError:
        return
    for path in inputs:
        if path is None:
            continue
        try:
            found = path.stat()
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino):
            raise UsageError(
                f"--output {output} is an input of this command",
                diagnostics=[
                    Diagnostic("usage.output-is-input", {"output": str(output), "input": str(path)})
                ],
            )


def refuse_attachment_as_output(output: Path | None, files: Iterable[Path]) -> None:
    """A usage error if ``output`` is an attachment an evidence file names: the command
    hashes it, and writing the report over it would destroy the evidence (its hash would no
    longer verify). Looked for only when ``output`` exists, and only in the evidence files
    whose folder holds it: its path from there, as a document's ``"path"``."""
    if output is None:
        return
    try:
        target = output.resolve()
        if not stat.S_ISREG(target.stat().st_mode):
            return
    except (OSError, RuntimeError):
        return
    # the file's name as a JSON text may write it: as it is, or with \u escapes
    names = {target.name.encode(), json.dumps(target.name)[1:-1].encode()}
    for path in files:
        try:
            relative = target.relative_to(path.resolve().parent).as_posix()
            raw = path.read_bytes() if relative else b""
        except (OSError, RuntimeError, ValueError):
            continue
        if not any(raw.find(name) >= 0 for name in names):  # (most files: a scan in C)
            continue
        if relative in _attachment_paths(raw):
            args = {"output": str(output), "evidence": str(path)}
            raise UsageError(
                f"--output {output} is an attachment of {path}",
                diagnostics=[Diagnostic("usage.output-is-attachment", args)],
            )


def _attachment_paths(raw: bytes) -> set[str]:
    """The attachment paths an evidence file's documents name, as written and without a
    leading ``./`` (none when the file is no JSON object)."""
    try:
        documents = json.loads(raw.removeprefix(b"\xef\xbb\xbf")).get("documents")
    except (ValueError, AttributeError):  # not JSON, or not an object: not evidence
        return set()
    paths = (
        [d.get("path") for d in documents if isinstance(d, dict)]
        if isinstance(documents, list)
        else []
    )
    return {p.removeprefix("./") for p in paths if isinstance(p, str)}


def unwritable(path: Path, exc: OSError) -> UsageError:
    """The usage error of an output (a file or a folder) that cannot be written, and why."""
    blocking = exc.filename if isinstance(exc, NotADirectoryError) else None
    if isinstance(blocking, str) and Path(blocking).is_file():  # a file where a folder must be
        return UsageError(
            f"cannot write {path}: {blocking} is a file, not a folder",
            diagnostics=[
                Diagnostic("output.blocked-by-file", {"blocking": blocking}, file=str(path))
            ],
        )
    return UsageError(
        f"cannot write {path}: {exc}",
        diagnostics=[
            Diagnostic(
                "output.unwritable", {"reason": exc.strerror or type(exc).__name__}, file=str(path)
            )
        ],
    )


def _write(path: Path, payload: bytes) -> None:
    try:
        found = path.stat()
    except (FileNotFoundError, NotADirectoryError):  # the checks below say why, if it matters
        found = None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if found is not None and not stat.S_ISREG(found.st_mode):
        # a device or a pipe (/dev/null, /dev/stdout, a FIFO) is written to, as a shell
        # redirection would: renaming over it would put a plain file in its place. Opened
        # by the name given: /dev/stdout into a pipe leads to "pipe:[…]", no path at all.
        with path.open("wb") as handle:
            handle.write(payload)
        return
    # A symbolic link is followed: the file it names is replaced, never the link itself.
    path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path()
    blocking = next((p for p in folder.parents if p.exists() and not p.is_dir()), None)
    if folder.exists() and not folder.is_dir():
        blocking = folder
    if blocking is not None:  # mkdir would only say "File exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(blocking))
    folder.mkdir(parents=True, exist_ok=True)
    # named before it is made, so that an interrupt (Ctrl-C, SIGTERM) arriving as it is made
    # leaves nothing behind: mkstemp's name is known only once it returns
    # (and short enough beside a name of 255 bytes, the most a file system takes)
    short = os.fsdecode(os.fsencode(path.name)[:230])  # (undecodable bytes stay as they are)
    tmp = folder / f".{short}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
        # made 0600: a new file gets the usual permissions, a replaced one keeps its own (a
        # report kept from others stays so)
        mode = stat.S_IMODE(found.st_mode) if found is not None else 0o666 & ~_umask()
        os.fchmod(fd, mode)
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


_BINARY = getattr(os, "O_BINARY", 0)  # (Windows: no newline translation)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
