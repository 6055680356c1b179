"""Reading a result back (``audit report``): a JSON file in the ``tj-audit/result@1`` format."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from audit.config import TomlSource
from audit.diagnostics import Diagnostic
from audit.engine.result import RunResult
from audit.errors import ConfigError, UsageError
from audit.model_errors import pydantic_diagnostics


def read_result(path: Path) -> RunResult:
    """Load and validate a result file; a missing file is a usage error, a bad one exit 3."""
    if not path.is_file():
        raise UsageError(
            f"no such result file: {path}",
            diagnostics=[Diagnostic("usage.missing-path", {"paths": str(path)})],
        )
    shown = str(path)
    try:
        raw = path.read_bytes()
        if raw.startswith(b"SQLite format 3\x00"):  # the history, not a result
            raise ConfigError(
                f"{shown}: a history database, not a result file",
                diagnostics=[Diagnostic("report.history-given", {"db": shown}, file=shown)],
            )
        text = raw.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(
            f"{shown}: not UTF-8 text",
            diagnostics=[Diagnostic("report.not-text", file=shown)],
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"{shown}: unreadable",
            diagnostics=[Diagnostic("config.invalid", {"detail": str(exc)}, file=shown)],
        ) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{shown}: not JSON",
            diagnostics=[
                Diagnostic(
                    "config.invalid",
                    {"detail": exc.msg},
                    file=shown,
                    line=exc.lineno,
                    col=exc.colno,
                )
            ],
        ) from None
    try:
        return RunResult.model_validate(data)
    except ValidationError as exc:
        source = TomlSource(path, shown, text, data, json=True)
        problems = source.place(pydantic_diagnostics(exc, data, RunResult))
        raise ConfigError(
            f"{shown}: not a tj-audit/result@1 document", diagnostics=problems
        ) from None
