"""Auditor attestations: verdicts for manual checks and overrides of computed outcomes.

JSON (``{"attestations": [...]}``) or TOML (``[[attestations]]``), each entry with
``agency``, ``item``, optional ``check``, ``result`` (pass/fail), ``by``, ``date``,
``remark``, optional ``expires``. Expired entries are ignored with a warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

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
    by: m.Filled
    date: m.Day
    remark: m.Filled  # checklist.md lists it among the required fields: why the verdict
    expires: m.Day | None = None

    @model_validator(mode="after")
    def _expires_after_it_is_given(self) -> Attestation:
        if self.expires is not None and self.expires < self.date:  # a typo in one of them
            raise PydanticCustomError(
                "attestation.expires-before-date", "expires before the day it is given"
            )
        return self


class Attestations(m.Model):
    """A whole attestation file."""

    attestations: list[Attestation] = Field(default_factory=list)


Key = tuple[str, str, str | None]


def _bare_list(exc: ConfigError) -> ConfigError:
    """A JSON file of the verdicts alone (the natural first guess) told where they go."""
    problems = exc.diagnostics
    if [(p.code, p.path, p.args.get("got")) for p in problems] == [("config.type", (), "array")]:
        hint = replace(problems[0], code="attestation.bare-list", args={})
        return ConfigError(str(exc), diagnostics=[hint])
    return exc


def load_attestations(
    path: Path, display: str | None = None, checklist: m.Checklist | None = None
) -> tuple[Attestations, TomlSource]:
    """Read an attestation file, TOML or JSON. When it does not validate, the item and
    check ids its entries name are judged too (against ``checklist``): one round of fixes."""
    try:
        source = read_toml(path, display=display, json=path.suffix.lower() == ".json")
    except ConfigError as exc:
        raise _bare_list(exc) from None
    try:
        return validate_model(source, Attestations), source
    except ConfigError as exc:
        if checklist is None or not isinstance(source.data, dict):
            raise
        named = source.place(_unknown_ids(source.data.get("attestations"), checklist))
        if not named:
            raise
        both = sorted([*exc.diagnostics, *named], key=lambda d: (d.line or 0, d.col or 0))
        raise ConfigError(str(exc), diagnostics=both) from None


def _unknown_ids(entries: object, checklist: m.Checklist) -> list[Diagnostic]:
    """Unknown item and check ids of raw entries (a file that does not validate)."""
    problems: list[Diagnostic] = []
    items = checklist.items_by_id
    for n, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict) or not isinstance(entry.get("item"), str):
            continue
        check = entry.get("check")
        problem = _unknown_id(
            entry["item"], check if isinstance(check, str) else None, items, ("attestations", n)
        )
        if problem is not None:
            problems.append(problem)
    return problems


def _unknown_id(
    item_id: str, check: str | None, items: dict[str, m.Item], path: tuple[str | int, ...]
) -> Diagnostic | None:
    """The error of an entry naming an item, or a check of it, the checklist does not have."""
    item = items.get(item_id)
    if item is None:
        return unknown_ref("item", item_id, items, (*path, "item"))
    if check is not None and check not in {c.id for c in item.checks}:
        return unknown_ref("check", check, [c.id for c in item.checks], (*path, "check"))
    return None


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
        unknown = _unknown_id(entry.item, entry.check, items, path)
        if unknown is not None:
            problems.append(unknown)
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
