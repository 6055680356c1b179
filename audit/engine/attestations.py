"""Auditor attestations: verdicts for manual checks and overrides of computed outcomes.

JSON (``{"attestations": [...]}``) or TOML (``[[attestations]]``), each entry with
``agency``, ``item``, optional ``check``, ``result`` (pass/fail), ``by``, ``date``,
``remark``, optional ``expires``. Expired entries are ignored with a warning.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from pydantic import Field

from audit.checklist import model as m
from audit.config import TomlSource, read_toml, validate_model
from audit.diagnostics import Diagnostic, Severity
from audit.errors import ConfigError
from audit.i18n import did_you_mean


class Attestation(m.Model):
    """One auditor verdict."""

    agency: str = Field(min_length=1)
    item: str
    check: str | None = None
    result: Literal["pass", "fail"]
    by: str = Field(min_length=1)
    date: dt.date
    remark: str | None = None
    expires: dt.date | None = None


class Attestations(m.Model):
    """A whole attestation file."""

    attestations: list[Attestation] = Field(default_factory=list)


Key = tuple[str, str, str | None]


def load_attestations(path: Path) -> tuple[Attestations, TomlSource]:
    """Read an attestation file, TOML or JSON."""
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(
                f"{path}: file not found",
                diagnostics=[Diagnostic("config.not-found", file=str(path))],
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(
                f"{path}: {exc}",
                diagnostics=[Diagnostic("config.invalid", {"detail": str(exc)}, file=str(path))],
            ) from None
        source = TomlSource(path, str(path), "", data)
    else:
        source = read_toml(path)
    return validate_model(source, Attestations), source


def index_attestations(
    found: Attestations, checklist: m.Checklist, *, as_of: dt.date, source: str
) -> tuple[dict[Key, Attestation], list[Diagnostic]]:
    """Attestations by (agency, item, check); unknown ids are errors, expired ones warnings."""
    problems: list[Diagnostic] = []
    index: dict[Key, Attestation] = {}
    items = checklist.items_by_id
    for n, entry in enumerate(found.attestations):
        path = ("attestations", n)
        item = items.get(entry.item)
        if item is None:
            problems.append(
                Diagnostic(
                    "checklist.unknown-ref",
                    {
                        "what": "item",
                        "what_zh": "检查项",
                        "value": entry.item,
                        "suggestion": did_you_mean(entry.item, items),
                    },
                    file=source,
                    path=(*path, "item"),
                    style="toml",
                )
            )
            continue
        if entry.check is not None and entry.check not in {c.id for c in item.checks}:
            problems.append(
                Diagnostic(
                    "checklist.unknown-ref",
                    {
                        "what": "check",
                        "what_zh": "检查",
                        "value": entry.check,
                        "suggestion": did_you_mean(entry.check, [c.id for c in item.checks]),
                    },
                    file=source,
                    path=(*path, "check"),
                    style="toml",
                )
            )
            continue
        if entry.expires is not None and entry.expires < as_of:
            problems.append(
                Diagnostic(
                    "attestation.expired",
                    {
                        "agency": entry.agency,
                        "item": entry.item,
                        "expires": entry.expires.isoformat(),
                    },
                    severity=Severity.WARNING,
                    file=source,
                    path=path,
                    style="toml",
                )
            )
            continue
        index[(entry.agency, entry.item, entry.check)] = entry
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ConfigError("invalid attestations", diagnostics=errors)
    return index, problems
