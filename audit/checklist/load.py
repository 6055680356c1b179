"""Load a checklist: TOML, the model, and the cross-reference rules, with located errors."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from audit.checklist.library import find_checklist, load_registry, read_checklist_source
from audit.checklist.lint import UNMODELLED, lint, lint_unmodelled
from audit.checklist.model import Checklist, Item
from audit.config import TomlSource, validate_model
from audit.diagnostics import Diagnostic, Severity
from audit.errors import ConfigError, UsageError
from audit.laws import Registry


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
    try:
        source = read_checklist_source(path)
    except ConfigError as exc:
        return None, None, exc.diagnostics
    reg = registry if registry is not None else load_registry()
    try:
        checklist = validate_model(source, Checklist)
    except ConfigError as exc:
        unmodelled = [source.diagnostic(d) for d in lint_unmodelled(source.data, reg)]
        rest = _lint_the_rest(source, exc.diagnostics, reg)
        return None, source, exc.diagnostics + unmodelled + rest
    problems = source.place(lint(checklist, reg))
    return checklist, source, problems


def _lint_the_rest(
    source: TomlSource, broken: list[Diagnostic], registry: Registry
) -> list[Diagnostic]:
    """The cross-reference errors of the items that are well formed, when only some items
    are not: all problems of a file are reported in one go, not the names after the form
    is mended. Nothing when the header or vocabulary itself is broken."""
    items = source.data.get("items")
    bad = {d.path[1] for d in broken if d.path and d.path[0] == "items" and len(d.path) > 1}
    if (
        not isinstance(items, list)
        or not bad
        or any(not (d.path and d.path[0] == "items" and len(d.path) > 1) for d in broken)
    ):
        return []
    kept = [index for index in range(len(items)) if index not in bad]
    rest = {**source.data, "items": [items[index] for index in kept]}
    try:
        checklist = Checklist.model_validate(rest)
    except ValidationError:
        return []
    found = []
    for problem in lint(checklist, registry):
        path = problem.path or ()
        if problem.severity is not Severity.ERROR:
            continue  # a section left without items here is not one in the file
        if problem.code in UNMODELLED or (
            path[:1] == ("items",)
            and (
                problem.code.startswith("cite.")
                or problem.args.get("what") in ("section", "role")  # read from the raw tables
            )
        ):
            continue  # lint_unmodelled has read these from every item
        if path[:1] == ("items",) and len(path) > 1 and isinstance(path[1], int):
            path = ("items", kept[path[1]], *path[2:])
        found.append(source.diagnostic(replace(problem, path=path)))
    return found


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
    return _load(path.resolve())


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
    raise UsageError(
        f"unknown item {item_id!r}",
        diagnostics=[
            Diagnostic(
                "usage.unknown-item", {"id": item_id, "suggestion": did_you_mean(item_id, known)}
            )
        ],
    )
