"""Tailoring files: an auditor's per-audit changes to thresholds, points, severity, selection.

```toml
[items.TJ-ENF-01]
points = 5
reason = "本年度考核权重调整"

[items.TJ-JUD-01.checks.online-share]
value = 0.10

[items.TJ-PUB-01]
selected = false
reason = "本期未开展宣传考核"
```

Every change is listed in the report's method appendix; unknown ids are errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from audit.checklist import model as m
from audit.checklist.lint import lint_check, unknown_ref
from audit.config import TomlSource, read_toml, validate_model
from audit.diagnostics import Diagnostic, JsonPath
from audit.engine.checks import SHARE_KINDS
from audit.engine.result import TailoringChange
from audit.errors import ConfigError
from audit.i18n import blank
from audit.model_errors import pydantic_diagnostics

THRESHOLDS = {
    "value": ("fact", "count", "ratio", "each"),
    "within": ("deadline", "coverage"),
    "min_share": ("cadence", "deadline", "coverage", "each"),
    "min": ("document", "cadence"),
}


class CheckChange(m.Model):
    """New thresholds for one check."""

    value: float | int | bool | str | None = None
    within: int | None = Field(default=None, ge=0)
    min_share: float | None = Field(default=None, ge=0, le=1)
    min: int | None = Field(default=None, ge=1)
    reason: str | None = None


class ItemChange(m.Model):
    """Changes to one item."""

    points: float | None = Field(default=None, gt=0, le=m.MAX_WEIGHT)
    severity: m.Severity | None = None
    selected: bool = True
    reason: str | None = None
    checks: dict[str, CheckChange] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _deselection_has_reason(self) -> ItemChange:
        if not self.selected and blank(self.reason or ""):
            raise PydanticCustomError(
                "tailoring.deselect-reason",
                "deselecting an item (selected = false) needs a reason",
            )
        return self


class Tailoring(m.Model):
    """A whole tailoring file."""

    title: str | None = None
    checklist: str | None = None
    items: dict[str, ItemChange] = Field(default_factory=dict)


def load_tailoring(
    path: Path, display: str | None = None, checklist: m.Checklist | None = None
) -> tuple[Tailoring, TomlSource]:
    """Read and validate a tailoring file (positions on every error); the source places
    the problems :func:`apply_tailoring` finds later. A file that does not validate has its
    unknown item and check ids (against ``checklist``) reported with its other problems."""
    source = read_toml(path, display=display)
    try:
        return validate_model(source, Tailoring), source
    except ConfigError as exc:
        if checklist is None:
            raise
        unknown = [source.diagnostic(d) for d in _unknown_ids(source.data, checklist)]
        problems = exc.diagnostics + unknown + _fit_of_the_rest(source, exc, checklist)
        problems = sorted(problems, key=Diagnostic.sort_key)
        raise ConfigError(exc.message, diagnostics=problems) from None


def _fit_of_the_rest(source: TomlSource, exc: ConfigError, checklist: m.Checklist) -> list[Any]:
    """How the item changes that are well formed fit the checklist (a threshold of the
    wrong type), when others are not: all problems of the file in one go. Unknown ids are
    left out here (:func:`_unknown_ids` reports them)."""
    items = source.data.get("items")
    if not isinstance(items, dict):
        return []
    if any(not d.path or d.path[:1] != ("items",) or len(d.path) < 2 for d in exc.diagnostics):
        return []  # something outside the item changes is broken: nothing to set aside
    broken = {d.path[1] for d in exc.diagnostics if d.path}
    rest = {k: v for k, v in items.items() if k not in broken and k in checklist.items_by_id}
    try:
        tailoring = Tailoring.model_validate({**source.data, "items": rest})
    except ValidationError:  # the rest is broken as well: said with the file's errors
        return []
    try:
        apply_tailoring(checklist, tailoring, source=source)
    except ConfigError as found:
        return found.diagnostics
    return []


def _unknown_ids(data: dict[str, Any], checklist: m.Checklist) -> list[Diagnostic]:
    """Item and check ids of a raw tailoring table that ``checklist`` does not have."""
    found = []
    items = data.get("items")
    for item_id, change in items.items() if isinstance(items, dict) else ():
        item = checklist.items_by_id.get(item_id)
        if item is None:
            found.append(unknown_ref("item", item_id, checklist.items_by_id, ("items", item_id)))
            continue
        checks = change.get("checks") if isinstance(change, dict) else None
        known = {c.id: c for c in item.checks}
        for check_id in checks if isinstance(checks, dict) else ():
            if check_id not in known:
                at = ("items", item_id, "checks", check_id)
                found.append(unknown_ref("check", check_id, known, at))
    return found


def apply_tailoring(
    checklist: m.Checklist, tailoring: Tailoring, *, source: TomlSource | None = None
) -> tuple[m.Checklist, dict[str, str], list[TailoringChange]]:
    """The tailored checklist, the deselected items with reasons, and the list of changes.

    A change must fit the checklist as a check written that way would: unknown ids, a
    threshold the check does not have, or a value of the wrong type for its fact or field
    are configuration errors, located in the tailoring file.
    """
    problems: list[Diagnostic] = []
    changes: list[TailoringChange] = []
    deselected: dict[str, str] = {}
    items = checklist.items_by_id
    new_items: dict[str, m.Item] = {}
    for item_id, change in tailoring.items.items():
        item = items.get(item_id)
        if item is None:
            problems.append(unknown_ref("item", item_id, items, ("items", item_id)))
            continue
        update: dict[str, Any] = {}
        for name in ("points", "severity"):
            new = getattr(change, name)
            if new is not None and new != getattr(item, name):
                changes.append(
                    TailoringChange(
                        target=item_id,
                        field=name,
                        old=getattr(item, name),
                        new=new,
                        reason=change.reason,
                    )
                )
                update[name] = new
        if not change.selected:
            deselected[item_id] = change.reason or ""
            changes.append(
                TailoringChange(
                    target=item_id, field="selected", old=True, new=False, reason=change.reason
                )
            )
        checks = {c.id: c for c in item.checks}
        new_checks = list(item.checks)
        measured: list[TailoringChange] = []  # thresholds of what scoring measures
        for check_id, check_change in change.checks.items():
            check = checks.get(check_id)
            if check is None:
                problems.append(
                    unknown_ref(
                        "check",
                        check_id,
                        checks,
                        ("items", item_id, "checks", check_id),
                    )
                )
                continue
            path = ("items", item_id, "checks", check_id)
            replaced, found = _tailor_check(checklist, check, check_change, path, problems)
            changes += found
            scale_field = _SCALED.get(check.kind)  # what the item's scale measures against
            measured += [c for c in found if c.field == scale_field]
            new_checks = [replaced if c.id == check_id else c for c in new_checks]
        if new_checks != list(item.checks):
            update["checks"] = new_checks
        scored = [c for c in item.checks if c.kind in _SCALED]
        # the scale is the item's, for every such check: moved only when all of them are
        # tailored alike (one check of two moved it for both, and the other passed at 0.925)
        alike = len(measured) == len(scored)
        scoring, moved = _scoring_follows(item, measured) if alike else (None, [])
        if scoring is not None:
            update["scoring"] = scoring
            changes += moved
        if update:
            new_items[item_id] = item.model_copy(update=update)
    if problems:
        placed = source.place(problems) if source else problems
        raise ConfigError("invalid tailoring", diagnostics=placed)
    tailored = checklist.model_copy(
        update={
            "items": [new_items.get(i.id, i) for i in checklist.items],
        }
    )
    tailored.__dict__.pop("items_by_id", None)  # the cached index belongs to the original
    return tailored, deselected, changes


# The threshold of each check kind that the item's partial-credit scale measures against:
# a share's minimum, a ratio's value (an `each` check's `value` is a limit per record).
_SCALED = {kind: "value" if kind == "ratio" else "min_share" for kind in SHARE_KINDS}


def _scoring_follows(
    item: m.Item, measured: list[TailoringChange]
) -> tuple[m.Scoring | None, list[TailoringChange]]:
    """An item's partial-credit scale moved with the threshold it ends at: a linear
    ``target``, or the full-credit tier, at the threshold a tailoring changes (the bundled
    items are written so). Left as it was, a raised threshold failed the check while the
    scale still gave full credit: the item passed, 10 of 10, its only check failing; a
    lowered one passed the check and gave half credit, a finding with nothing to say.
    Partial tiers the new threshold reaches past are dropped (it earns full credit there)."""
    scoring = item.scoring
    pairs = {(c.old, c.new) for c in measured}
    if scoring is None or len(pairs) != 1:
        return None, []
    [(old, new)] = pairs
    reason = measured[0].reason
    if scoring.linear is not None:
        lin = scoring.linear
        if lin.target != old or not lin.floor < new:
            return None, []
        moved = m.Scoring(linear=m.Linear(floor=lin.floor, target=new))
        field, before, after = "scoring.linear.target", old, new
    else:
        tiers = scoring.tiers or []
        if not any(level == old and credit == 1.0 for level, credit in tiers):
            return None, []
        kept = [
            (new if credit == 1.0 and level == old else level, credit)
            for level, credit in tiers
            if credit == 1.0 or level < new
        ]
        moved = m.Scoring(tiers=kept)
        field, before, after = "scoring.tiers", _tiers(tiers), _tiers(moved.tiers or [])
    return moved, [
        TailoringChange(target=item.id, field=field, old=before, new=after, reason=reason)
    ]


def _tiers(tiers: list[tuple[float, float]]) -> str:
    return ", ".join(f"[{level:g}, {credit:g}]" for level, credit in tiers)


def _tailor_check(
    checklist: m.Checklist,
    check: Any,
    change: CheckChange,
    path: JsonPath,
    problems: list[Diagnostic],
) -> tuple[Any, list[TailoringChange]]:
    update: dict[str, Any] = {}
    changes = []
    for name, kinds in THRESHOLDS.items():
        new = getattr(change, name)
        if new is None:
            continue
        if name == "within" and check.kind == "deadline" and check.within_field is not None:
            problems.append(
                Diagnostic(
                    "tailoring.within-field", {"field": check.within_field}, path=(*path, name)
                )
            )
            continue
        if (
            check.kind not in kinds
            or (name == "within" and check.kind == "coverage" and check.after is None)
            or (name == "value" and check.kind == "each" and check.value_field is not None)
        ):
            problems.append(
                Diagnostic(
                    "tailoring.no-threshold", {"kind": check.kind, "name": name}, path=(*path, name)
                )
            )
            continue
        coverage = name == "within" and check.kind == "coverage"
        old = check.after.within if coverage else getattr(check, name)
        if new == old and type(new) is type(old):  # what the checklist says already: no change
            continue
        if coverage:
            update["after"] = check.after.model_copy(update={"within": new})
        else:
            update[name] = new
        changes.append(
            TailoringChange(
                target=f"{path[1]}/{check.id}", field=name, old=old, new=new, reason=change.reason
            )
        )
    if not update:
        return check, changes
    tailored = _checked(checklist, check, update, path, problems)
    return (check, []) if tailored is None else (tailored, changes)


def _checked(
    checklist: m.Checklist,
    check: Any,
    update: dict[str, Any],
    path: JsonPath,
    problems: list[Diagnostic],
) -> Any:
    """``check`` with ``update``, validated as if the checklist said so (None if it may not)."""
    payload = check.model_dump(by_alias=True)
    for name, value in update.items():
        payload[name] = value.model_dump(by_alias=True) if isinstance(value, BaseModel) else value
    try:
        tailored = type(check).model_validate(payload)
    except ValidationError as exc:
        for found in pydantic_diagnostics(exc, payload, type(check)):
            inner = tuple(found.path or ())
            where = ("within",) if inner[:1] == ("after",) else inner[:1]  # as the file has it
            problems.append(Diagnostic(found.code, found.args, path=(*path, *where), style="toml"))
        return None
    misfits = lint_check(checklist, tailored, path)
    problems.extend(misfits)
    return None if misfits else tailored
