"""Auditor attestations: verdicts for manual checks and overrides of computed outcomes.

JSON (``{"attestations": [...]}``) or TOML (``[[attestations]]``), each entry with
``agency``, ``item``, optional ``check``, ``result`` (pass/fail), ``by``, ``date``,
``remark``, optional ``expires``. Expired entries are ignored with a warning.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field

from audit.checklist import model as m
from audit.checklist.lint import unknown_ref
from audit.config import TomlSource, read_toml, validate_model
from audit.diagnostics import Diagnostic, Severity
from audit.errors import ConfigError


class Attestation(m.Model):
    """One auditor verdict."""

    agency: str = Field(min_length=1)
    item: str
    check: str | None = None
    result: Literal["pass", "fail"]
    by: str = Field(min_length=1)
    date: m.Day
    remark: str | None = None
    expires: m.Day | None = None


class Attestations(m.Model):
    """A whole attestation file."""

    attestations: list[Attestation] = Field(default_factory=list)


Key = tuple[str, str, str | None]


def load_attestations(path: Path, display: str | None = None) -> tuple[Attestations, TomlSource]:
    """Read an attestation file, TOML or JSON."""
    source = read_toml(path, display=display, json=path.suffix.lower() == ".json")
    return validate_model(source, Attestations), source


Place = tuple[tuple[str | int, ...], int | None, int | None]  # JSON path, line, column


def index_attestations(
    found: Attestations, checklist: m.Checklist, *, as_of: dt.date, source: TomlSource
) -> tuple[dict[Key, Attestation], list[Diagnostic], dict[Key, Place]]:
    """Attestations by (agency, item, check); unknown ids are errors, expired ones warnings
    (all placed in the file); and where each counted one stands, for later warnings."""
    problems: list[Diagnostic] = []
    index: dict[Key, Attestation] = {}
    first_at: dict[Key, int] = {}
    items = checklist.items_by_id
    for n, entry in enumerate(found.attestations):
        path = ("attestations", n)
        item = items.get(entry.item)
        if item is None:
            problems.append(unknown_ref("item", entry.item, items, (*path, "item")))
            continue
        if entry.check is not None and entry.check not in {c.id for c in item.checks}:
            problems.append(
                unknown_ref("check", entry.check, [c.id for c in item.checks], (*path, "check"))
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
                    path=path,
                )
            )
            continue
        key = (entry.agency, entry.item, entry.check)
        earlier = index.get(key)
        if earlier is not None:  # two verdicts for one thing: the same one counts once
            conflict = earlier.result != entry.result
            problems.append(
                Diagnostic(
                    "attestation.conflict" if conflict else "attestation.repeated",
                    {
                        "agency": entry.agency,
                        "item": entry.item,
                        "check": f" {entry.check}" if entry.check else "",
                        "first": f"$.attestations[{first_at[key]}]",
                    },
                    severity=Severity.ERROR if conflict else Severity.WARNING,
                    path=path,
                )
            )
            continue
        index[key] = entry
        first_at[key] = n
    problems = source.place(problems)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ConfigError("invalid attestations", diagnostics=errors)
    paths: dict[Key, tuple[str | int, ...]] = {
        key: ("attestations", n) for key, n in first_at.items()
    }
    spots = source.positions(list(paths.values()))
    places = {key: (path, *spot) for (key, path), spot in zip(paths.items(), spots, strict=True)}
    return index, problems, places
