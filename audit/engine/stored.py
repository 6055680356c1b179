"""Reading a result back (``audit report``): a JSON file in the ``tj-audit/result@1`` format."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from audit.diagnostics import Diagnostic
from audit.engine.result import RunResult
from audit.errors import ConfigError, UsageError


def read_result(path: Path) -> RunResult:
    """Load and validate a result file; a missing file is a usage error, a bad one exit 3."""
    if not path.is_file():
        raise UsageError(
            f"no such result file: {path}",
            diagnostics=[Diagnostic("usage.missing-path", {"paths": str(path)})],
        )
    try:
        return RunResult.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"{path}: not a tj-audit/result@1 document",
            diagnostics=[
                Diagnostic("config.invalid", {"detail": f"{where}: {first['msg']}"}, file=str(path))
            ],
        ) from None
