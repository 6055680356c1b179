"""Reading a result back (``audit report``): a JSON file in the ``tj-audit/result@1`` format."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any, Literal

import msgspec
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from audit import jsontext
from audit.collector import gc_paused
from audit.config import TomlSource
from audit.diagnostics import Diagnostic, JsonPath
from audit.encoding import TooLarge, read_capped, strip_bom
from audit.engine.result import Bilingual, District, RunResult
from audit.errors import ConfigError, UsageError, link_loop
from audit.evidence.fast import packed
from audit.model_errors import pydantic_diagnostics


class _NotStrict(Exception):
    """What Python's json takes and JSON is not: NaN, Infinity, a duplicate key."""


def _refuse(_: str) -> Any:
    raise _NotStrict


def _finite(token: str) -> float:
    value = float(token)
    if math.isinf(value):  # 1e400: beyond a float
        raise _NotStrict
    return value


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _NotStrict
    return found


def _decoded(raw: bytes) -> Any:
    """The value of a result file, if msgspec proves it is the one ``_strict_json`` gives
    (several times faster: 0.5 against 4 s on 216 MB), else None.

    msgspec reads strict JSON only (no NaN, no 1e400, the same nesting limit) but keeps the
    last of duplicate keys. So the value is encoded again and `":` counted in both texts,
    their whitespace deleted. Without `\\u` escapes in the file, every string is written
    the same way in both (a quote as `\\"`; `\\/` becomes `/`), so the strings add the
    same count to each, and the counts agree exactly when the keys do: when none repeats.
    """
    body = strip_bom(raw)
    if b"\\u" in body:  # a string spelled otherwise than msgspec would spell it
        return None
    try:
        value = msgspec.json.decode(body)
        again = msgspec.json.encode(value)
    except (msgspec.MsgspecError, RecursionError, UnicodeDecodeError, OverflowError):
        return None
    if packed(body).count(b'":') != packed(again).count(b'":'):
        return None  # a key given twice
    return value


# A surrogate escape that is not half of a pair: a high one not followed by a low one, or a
# low one not after a high one (a pair, an escaped emoji, is read by Python's json alike)
_HIGH, _LOW = r"\\u[dD][89abAB][0-9a-fA-F]{2}", r"\\u[dD][c-fC-F][0-9a-fA-F]{2}"
_SURROGATE = re.compile(rf"{_HIGH}(?!{_LOW})|(?<!{_HIGH}){_LOW}")


def _strict_json(text: str, shown: str) -> Any:
    """The value of a result file's text, read as strict JSON. Python's json reads it when
    it can (fast); what it cannot read, or reads though JSON forbids it (NaN, Infinity, a
    duplicate key, nesting past the limit), the evidence's own parser reports, located and
    in the user's language. Python's json also reads a lone surrogate (\\ud800), which no
    text can hold (writing the report failed on it), and refuses an integer of more than
    4,300 digits with an error of its own: both are left to the parser."""
    if not _SURROGATE.search(text):
        try:
            return json.loads(
                text, parse_constant=_refuse, parse_float=_finite, object_pairs_hook=_unique
            )
        except (_NotStrict, RecursionError, ValueError):  # JSONDecodeError is a ValueError
            pass
    index = jsontext.LineIndex(text)
    try:
        parsed = jsontext.parse(text)
    except jsontext.JsonSyntaxError as exc:
        problems = jsontext.syntax_problems(exc, index, shown)
        raise ConfigError(f"{shown}: not JSON", diagnostics=problems) from None
    noted = jsontext.noted(parsed, index, shown)
    if noted:
        raise ConfigError(f"{shown}: not strict JSON", diagnostics=noted)
    return parsed.value


RESULT_LIMIT = 512 << 20  # bytes read of a result file (a city's is some tens of MB)


def read_result(path: Path) -> RunResult:
    """Load and validate a result file; a missing file is a usage error, a bad one exit 3."""
    if path.is_dir():
        raise UsageError(
            f"{path}: a folder, not a result file",
            diagnostics=[Diagnostic("report.folder-given", file=str(path))],
        )
    looped = link_loop(path)
    if looped is not None:
        raise looped
    if not path.exists():
        raise UsageError(
            f"no such result file: {path}",
            diagnostics=[Diagnostic("usage.missing-path", {"paths": str(path)})],
        )
    shown = str(path)
    try:
        raw = read_capped(path, RESULT_LIMIT)  # a pipe too (report <(…)); /dev/zero has no end
        if raw.startswith(b"SQLite format 3\x00"):  # the history, not a result
            raise ConfigError(
                f"{shown}: a history database, not a result file",
                diagnostics=[Diagnostic("report.history-given", {"db": shown}, file=shown)],
            )
    except TooLarge:
        raise ConfigError(
            f"{shown}: too large",
            diagnostics=[Diagnostic("report.too-large", {"mb": RESULT_LIMIT >> 20}, file=shown)],
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"{shown}: unreadable",
            diagnostics=[Diagnostic("config.invalid", {"detail": str(exc)}, file=shown)],
        ) from None
    with gc_paused():  # millions of acyclic objects: see audit.collector
        return _judged(raw, path, shown)


def _text(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")  # a BOM: an editor's save
    except UnicodeDecodeError:
        raise ConfigError(
            f"{shown}: not UTF-8 text",
            diagnostics=[Diagnostic("report.not-text", file=shown)],
        ) from None


def _judged(raw: bytes, path: Path, shown: str) -> RunResult:
    data = _decoded(raw)  # (msgspec reads UTF-8 only)
    text = None  # the file's text, twice its bytes in memory: decoded only when needed
    if data is None:
        text = _text(raw, shown)
        data = _strict_json(text, shown)

    def placed(problems: list[Diagnostic]) -> list[Diagnostic]:
        whole = text if text is not None else _text(raw, shown)
        return TomlSource(path, shown, whole, data, json=True).place(problems)

    if not isinstance(data, dict) or "format" not in data:  # another tool's JSON
        problem = Diagnostic("report.not-a-result", path=())
        raise ConfigError(
            f"{shown}: not a tj-audit/result@1 document", diagnostics=placed([problem])
        )
    if str(data["format"]).startswith("tj-audit/evidence@"):  # evidence given for a result
        problem = Diagnostic("report.evidence-given", {"format": data["format"]}, path=("format",))
        raise ConfigError(f"{shown}: evidence, not a result", diagnostics=placed([problem]))
    try:
        result = RunResult.model_validate(data)
        _Loose.model_validate(data)
    except ValidationError as exc:
        model = _Loose if exc.title == _Loose.__name__ else RunResult
        problems = placed(pydantic_diagnostics(exc, data, model))
        raise ConfigError(
            f"{shown}: not a tj-audit/result@1 document", diagnostics=problems
        ) from None
    problems = inconsistencies(result)
    if problems:
        raise ConfigError(f"{shown}: its parts do not agree", diagnostics=placed(problems))
    return result


class _Shape(BaseModel):
    """A part of a result the result model keeps as plain JSON (problems, locations,
    grades, gates), checked when a result is read back: reports index and format it, so
    an edited value ended `audit report` in an internal error."""

    model_config = ConfigDict(extra="ignore")


class _Problem(_Shape):  # Diagnostic.to_json
    model_config = ConfigDict(extra="forbid")

    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    severity: Literal["error", "warning"]
    code: str
    message: Bilingual


class _Location(_Shape):
    set: str
    record: str
    line: int | None = None
    column: int | None = None


class _Grade(_Shape):
    min: float = Field(ge=0, le=100)
    zh: str
    en: str


class _Gates(_Shape):
    fail_under: float | None = None
    fail_on: Literal["critical", "major", "minor"] | None = None
    failed: list[str] = Field(default_factory=list)


class _Attestation(_Shape):  # the verdict on an item, as reports quote it
    by: str = ""
    remark: str | None = None
    computed_outcome: str | None = None


class _Item(_Shape):
    attestation: _Attestation | None = None


class _Period(_Shape):
    start: dt.date
    end: dt.date


class _Agency(_Shape):
    period: _Period
    warnings: list[_Problem] = Field(default_factory=list)
    items: list[_Item] = Field(default_factory=list)


class _Finding(_Shape):
    locations: list[_Location] = Field(default_factory=list)


class _Invalid(_Shape):
    errors: list[_Problem]


class _Days(_Shape):
    critical: int
    major: int
    minor: int


class _Catalogue(_Shape):
    grades: list[_Grade]
    rectification_days: _Days


class _Checklist(_Shape):
    id: str
    version: str


class _Loose(_Shape):
    checklist: _Checklist
    agencies: list[_Agency]
    findings: list[_Finding]
    invalid: list[_Invalid] = Field(default_factory=list)
    warnings: list[_Problem] = Field(default_factory=list)
    catalogue: _Catalogue
    gates: _Gates = Field(default_factory=_Gates)


def check_shapes(raw: bytes) -> None:
    """The parts of a result's JSON that the result model keeps as plain JSON, checked
    (a ValidationError if one is not what reports and :func:`inconsistencies` index)."""
    _Loose.model_validate_json(raw)


def inconsistencies(result: RunResult) -> list[Diagnostic]:
    """What a result file edited by hand may hold and tj-audit never writes: names that
    its catalogue or its agencies do not have, and scores outside their range. Each is a
    problem at its JSON path, instead of a report that breaks or misleads."""
    items, sections = result.catalogue.items, result.catalogue.sections
    codes = {a.code for a in result.agencies}
    problems: list[Diagnostic] = []

    def unknown(path: JsonPath, value: str) -> None:
        # no "did you mean": the name is right more often than the edited catalogue
        problems.append(Diagnostic("report.unknown-name", {"value": value}, path=path))

    def outside(path: JsonPath, value: float | None, limit: float, low: float = 0.0) -> None:
        if value is not None and not low <= value <= limit:
            args = {"value": f"{value:g}", "limit": f"{limit:g}", "low": f"{low:g}"}
            code = "report.negative" if math.isinf(limit) else "report.out-of-range"
            problems.append(Diagnostic(code, args, path=path))

    grades = {
        "grade": {g.get("zh") for g in result.catalogue.grades},
        "grade_en": {g.get("en") for g in result.catalogue.grades},
    }

    for a, agency in enumerate(result.agencies):
        here: JsonPath = ("agencies", a)
        for s, section in enumerate(agency.sections):
            if section.id not in sections:
                unknown((*here, "sections", s, "id"), section.id)
            at = (*here, "sections", s)
            outside((*at, "score"), section.score, max(100.0, section.possible))
            outside((*at, "earned"), section.earned, section.possible)
        for key in ("grade", "grade_uncapped", "grade_without_exemptions", "grade_en"):
            named = getattr(agency, key)
            if named is not None and named not in grades.get(key, grades["grade"]):
                unknown((*here, key), named)
        for i, item in enumerate(agency.items):
            if item.id not in items:
                unknown((*here, "items", i, "id"), item.id)
            at = (*here, "items", i)
            outside((*at, "points"), item.points, math.inf)
            outside((*at, "earned"), item.earned, max(item.points, 0.0))
            outside((*at, "credit"), item.credit, 1.0)
            if item.section not in sections:
                unknown((*here, "items", i, "section"), item.section)
        for key, top in (
            ("score", agency.max_score),
            ("score_without_exemptions", agency.without_maximum),
        ):
            outside((*here, f"max_{key}"), top, math.inf)
            if top is None or top >= 0:
                outside((*here, key), getattr(agency, key), top if top is not None else 100.0)
    for item_id, text in items.items():
        windows = len(text.refs_in_force)
        if windows and windows != len(text.refs):  # one in-force window per citation
            args = {"count": windows, "expected": len(text.refs)}
            path = ("catalogue", "items", item_id, "refs_in_force")
            problems.append(Diagnostic("report.one-per-ref", args, path=path))
    for f, finding in enumerate(result.findings):
        if finding.agency not in codes:
            unknown(("findings", f, "agency"), finding.agency)
        if finding.item not in items:
            unknown(("findings", f, "item"), finding.item)
    rollups: list[tuple[JsonPath, District]] = [(("district",), result.district)]
    rollups += [(("districts", d), r) for d, r in enumerate(result.districts)]
    for where, rollup in rollups:
        outside((*where, "mean"), rollup.mean, 100.0)  # a share of each maximum, in percent
        for name, mean in rollup.sections.items():
            outside((*where, "sections", name), mean, 100.0)
        for grade, count in rollup.grade_counts.items():
            outside((*where, "grade_counts", grade), count, math.inf)
        for r, entry in enumerate(rollup.ranking):
            if entry.code not in codes:
                unknown((*where, "ranking", r, "code"), entry.code)
            outside((*where, "ranking", r, "rank"), entry.rank, len(rollup.ranking), low=1)
    return problems
