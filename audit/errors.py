"""Exceptions the core raises; the CLI turns each into one message and an exit code."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.diagnostics import Diagnostic


class AuditError(Exception):
    """Base of every expected failure; ``exit_code`` is what the CLI exits with."""

    exit_code = 4

    def __init__(self, message: str, *, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = diagnostics or []


class UsageError(AuditError):
    """A bad option or a missing path on the command line (exit 2)."""

    exit_code = 2


class ConfigError(AuditError):
    """A checklist, law registry, tailoring or attestation file is invalid or missing (exit 3)."""

    exit_code = 3


def link_loop(path: Path) -> ConfigError | None:
    """The error of a path whose symbolic links form a loop (None if they do not): said as
    such, not as "file not found", wherever a file the auditor names is read."""
    import errno
    import os

    from audit.diagnostics import Diagnostic

    if not path.is_symlink():
        return None
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python before 3.13 names a loop this way
        pass
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            return None
    else:
        return None
    reason = os.strerror(errno.ELOOP)
    return ConfigError(
        f"{path}: a link loop",
        diagnostics=[Diagnostic("file.link-loop", {"reason": reason}, file=str(path))],
    )
