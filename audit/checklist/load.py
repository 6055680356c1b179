"""Load a checklist: TOML, the model, and the cross-reference rules, with located errors."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from audit.checklist.library import (
    find_checklist,
    load_registry,
    read_checklist_source,
    registry_file_problems,
)
from audit.checklist.lint import UNMODELLED, lint, lint_unmodelled
from audit.checklist.model import Checklist, Item
from audit.config import TomlSource, validate_model
from audit.diagnostics import Diagnostic, Severity
from audit.errors import ConfigError, UsageError
from audit.i18n import suggestion_budget
from audit.laws import Law, Registry


@dataclass(frozen=True, eq=False)
class LoadedChecklist:
    """A valid checklist with where it came from and its lint warnings."""

    checklist: Checklist
    path: Path
    display: str
    warnings: tuple[Diagnostic, ...]


def check_file(
    path: Path, registry: Registry | None = None
) -> tuple[Checklist | None, TomlSource | None, list[Diagnostic]]:
    """Every problem of one checklist file (errors and warnings); the model if it parsed."""
    with suggestion_budget():
        return _check_file(path, registry)


def _check_file(
    path: Path, registry: Registry | None
) -> tuple[Checklist | None, TomlSource | None, list[Diagnostic]]:
    try:
        source = read_checklist_source(path)
    except ConfigError as exc:
        return None, None, exc.diagnostics
    reg = registry if registry is not None else load_registry()
    if _is_registry_entry(source.data):
        return None, source, _registry_entry_problems(source, path)
    try:
        checklist = validate_model(source, Checklist)
    except ConfigError as exc:
        unmodelled = [source.diagnostic(d) for d in lint_unmodelled(source.data, reg)]
        rest = _lint_the_rest(source, exc.diagnostics, reg)
        return None, source, exc.diagnostics + unmodelled + rest
    problems = source.place(lint(checklist, reg))
    return checklist, source, problems


def _is_registry_entry(data: dict[str, Any]) -> bool:
    """A law of the registry (checklists/laws/*.toml), not a checklist: lint checks it as
    one (laws.md: a maintainer adds articles to it without touching code)."""
    return "checklist" not in data and "items" not in data and {"id", "kind", "title"} <= set(data)


def _registry_entry_problems(source: TomlSource, path: Path) -> list[Diagnostic]:
    try:
        law = validate_model(source, Law)
    except ConfigError as exc:
        return exc.diagnostics
    try:  # the laws it replaces or is replaced by: the registry's, or its folder's
        known = set(load_registry().laws)
    except ConfigError:  # the bundled registry itself is being mended
        known = set()
    known.update(p.stem for p in path.parent.glob("*.toml"))
    return registry_file_problems(source, law, path, {}) + source.place(law.link_problems(known))


# A header that validates, standing in for a broken one while the items are linted: item
# lint never reads the header's values, only needs the model to exist.
_STUB_HEADER = {
    "id": "stub",
    "version": "stub",
    "title": {"zh": "-", "en": "-"},
    "source": "stub",
    "grades": [{"min": 0, "zh": "-", "en": "-"}],
    "critical_cap": "-",
    "rectification_days": {"critical": 0, "major": 0, "minor": 0},
}
_VOCABULARY = ("roles", "facts", "records", "documents")
_NAMES = ("zh", "en", "unit")  # keys whose value nothing else in the checklist depends on


def _lint_the_rest(
    source: TomlSource, broken: list[Diagnostic], registry: Registry
) -> list[Diagnostic]:
    """The cross-reference errors that the structural ones in ``broken`` would otherwise
    hide: all problems of a file are reported in one go, not the names after the form is
    mended. The broken parts are set aside — an item dropped, a header replaced by a stub,
    a name filled in, a declaration whose type is wrong left out (and every problem
    naming it too) — and the rest is linted. Nothing when a whole table is broken."""
    data = dict(source.data)
    unsure: set[str] = set()  # declared names whose declaration could not be read
    bad_items: set[int] = set()
    mended: set[str] = set()  # the parts whose own errors are in ``broken`` already
    for problem in broken:
        path = problem.path or ()
        if len(path) < 2 and path[:1] != ("checklist",):
            return []
        part, name = path[0], path[1] if len(path) > 1 else None
        mended.add(str(part))
        if part == "checklist":
            data["checklist"] = _STUB_HEADER
        elif part == "items" and isinstance(name, int):
            bad_items.add(name)
        elif part == "sections" and isinstance(name, int):
            data["sections"] = _mended_sections(data.get("sections"), name)
        elif part in _VOCABULARY and isinstance(data.get(part), dict) and isinstance(name, str):
            table = dict(data[part])
            entry = table.get(name)
            if len(path) > 2 and path[2] in _NAMES and isinstance(entry, dict):
                table[name] = {**entry, path[2]: "-"}
            else:
                table.pop(name, None)
                unsure.add(name)
            data[part] = table
        else:
            return []
    items = data.get("items")
    if not isinstance(items, list):
        return []
    kept = [index for index in range(len(items)) if index not in bad_items]
    data["items"] = [items[index] for index in kept]
    try:
        checklist = Checklist.model_validate(data)
    except ValidationError:
        return []
    found = []
    for problem in lint(checklist, registry):
        path = problem.path or ()
        if problem.severity is not Severity.ERROR:
            continue  # a section left without items here is not one in the file
        if path[:1] != ("items",) and path[:1] and path[0] in mended:
            continue  # a header or declaration set aside: its own errors are reported
        if (
            problem.code in UNMODELLED
            or problem.code.startswith("cite.")
            or problem.args.get("what") in ("section", "role")  # read from the raw tables
            or unsure.intersection(_named(problem))
        ):
            continue  # lint_unmodelled has read these from every item
        if path[:1] == ("items",) and len(path) > 1 and isinstance(path[1], int):
            path = ("items", kept[path[1]], *path[2:])
        found.append(source.diagnostic(replace(problem, path=path)))
    return found


def _mended_sections(sections: object, index: int) -> object:
    """``sections`` with the one at ``index`` replaced by a valid one of the same id."""
    if not isinstance(sections, list) or index >= len(sections):
        return sections
    entry = sections[index]
    given = entry.get("id") if isinstance(entry, dict) else None
    section_id = given if isinstance(given, str) and given else f"stub-{index}"
    return [*sections[:index], {"id": section_id, "zh": "-", "en": "-"}, *sections[index + 1 :]]


def _named(problem: Diagnostic) -> set[str]:
    """The declared names a problem's arguments mention (``value``, ``set``, ``facts.x``)."""
    names = set()
    for value in problem.args.values():
        if isinstance(value, str):
            names.add(value)
            names.update(value.split(".")[:1])
    return names


@cache
def _load(path: Path) -> LoadedChecklist:
    checklist, source, problems = check_file(path)
    errors = [d for d in problems if d.severity is Severity.ERROR]
    if checklist is None or source is None or errors:
        raise ConfigError(f"{path}: invalid checklist", diagnostics=problems)
    warnings = tuple(d for d in problems if d.severity is Severity.WARNING)
    return LoadedChecklist(checklist, path, source.display, warnings)


def load_checklist(ref: str | Path) -> LoadedChecklist:
    """Load a checklist by bundled id or file path; raise :class:`ConfigError` if invalid."""
    path = ref if isinstance(ref, Path) else find_checklist(ref)
    return _load(path.resolve() if path.is_file() else path)  # a pipe is read where it is


def load_named_checklist(name: str) -> LoadedChecklist:
    """The bundled checklist an evidence file or workbook names (an id, never a path)."""
    return _load(_named_path(name))


@cache
def _named_path(name: str) -> Path:
    """Where the bundled checklist ``name`` lives: looked up once per process, not once per
    evidence file (a listing of the bundled folder each time was 4% of validating a city)."""
    return find_checklist(name, files=False).resolve()


def find_item(item_id: str, checklist: str | None) -> tuple[Checklist, Item]:
    """The checklist and item for ``audit explain`` (bundled checklists searched by default)."""
    from audit.checklist.library import bundled_checklists
    from audit.i18n import did_you_mean

    refs = [checklist] if checklist else [c.id for c in bundled_checklists()]
    known: list[str] = []
    for ref in refs:
        model = load_checklist(ref).checklist
        found = model.items_by_id.get(item_id) or model.items_by_id.get(item_id.upper())
        if found is not None:
            return model, found
        known += list(model.items_by_id)
    suggestion = did_you_mean(item_id, known)
    raise UsageError(
        f"unknown item {item_id!r}",
        diagnostics=[
            Diagnostic(
                "usage.unknown-item",
                # no near id: where the ids are listed
                {
                    "id": item_id,
                    "suggestion": suggestion,
                    "hint": None if suggestion else "list-items",
                },
            )
        ],
    )
