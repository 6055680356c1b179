"""Attachments of evidence documents: where a path may point, and whether the file is there
with the hash the evidence gives (evidence.md, "documents")."""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path
from typing import Any

from audit.discovery import real_folder

_DRIVE = re.compile(r"^[A-Za-z]:")

MAX_PATH_BYTES = 1024  # what every common file system accepts, so a path means the same anywhere
MAX_NAME_BYTES = 255


def attachment_problem(
    relative: str, sha256: str | None, base_dir: Path | None, *, verify: bool = True
) -> tuple[str, dict[str, Any]] | None:
    """Why an attachment path is unacceptable (a message code and arguments), or None.

    The path rules always apply, and with a ``base_dir`` (the evidence file's folder) so
    does the rule that symlinks on the way keep it inside that folder: a repository
    without the binaries still holds its links. Existence and the hash are checked only
    when ``verify`` (that is, unless ``--no-attachments``).
    """
    args: dict[str, Any] = {"value": relative}
    if not relative.strip() or relative.rsplit("/", maxsplit=1)[-1] in ("", "."):
        return "evidence.path-not-file", args  # names no file, whatever is on disk
    if relative.startswith("/"):
        return "evidence.path-absolute", args
    if _DRIVE.match(relative):
        return "evidence.path-drive", args
    if "\\" in relative:
        return "evidence.path-backslash", args
    if ".." in relative.split("/"):
        return "evidence.path-parent", args
    if len(relative.encode()) > MAX_PATH_BYTES or any(
        len(part.encode()) > MAX_NAME_BYTES for part in relative.split("/")
    ):
        return "evidence.path-too-long", {**args, "bytes": len(relative.encode())}
    if base_dir is None:
        return None
    root = real_folder(base_dir)
    target = base_dir / relative
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):  # symlink loops
        return "evidence.path-escapes", args
    if not resolved.is_relative_to(root):
        return "evidence.path-escapes", args
    if not verify:
        return None
    try:
        mode = resolved.stat().st_mode
    except FileNotFoundError:
        return "evidence.attachment-missing", args
    except OSError as exc:  # a name too long for the file system, a permission problem…
        return "evidence.attachment-unreadable", {**args, "reason": exc.strerror or str(exc)}
    if not stat.S_ISREG(mode):
        return "evidence.attachment-not-file", args
    if sha256 is None:
        return None
    try:
        actual = file_sha256(resolved)
    except OSError as exc:
        return "evidence.attachment-unreadable", {**args, "reason": exc.strerror or str(exc)}
    if actual != sha256:
        return "evidence.attachment-hash", {**args, "actual": actual}
    return None


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
