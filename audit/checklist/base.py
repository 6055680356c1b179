"""The building blocks of checklist models: value types, the strict base model, texts."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from audit.i18n import Lang, blank

Severity = Literal["critical", "major", "minor"]
Op = Literal["==", "!=", ">=", ">", "<=", "<"]
# What each comparison does (the checks, and the examples built to pass them)
OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}
Unit = Literal["days", "working_days"]
FactType = Literal["integer", "number", "boolean", "string", "date"]
FieldTypeName = Literal[
    "string",
    "integer",
    "number",
    "boolean",
    "date",
    "datetime",
    "string?",
    "integer?",
    "number?",
    "boolean?",
    "date?",
    "datetime?",
]
Scalar = bool | int | float | str | dt.date
WhereValue = Scalar | list[Scalar]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
# A name of the vocabulary (role, fact, record set, field, document kind), in any script
# (法院, _online): no dot, which `SET.field` terms split on; no "*", the wildcard of every
# role; no blank; none of the characters a workbook sheet's name cannot hold ([ ] : ? / \).
NAME_PATTERN = r"^[^\s.*\[\]:?/\\]+$"
Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
# Points and weights are sizes people choose (5, 10); the bound keeps sums of them far from
# overflowing to an infinite score.
MAX_WEIGHT = 10_000


class Model(BaseModel):
    """Base for input models: frozen, unknown keys rejected, and strict: a TOML value of
    the wrong type is an error, not converted (``points = "5"``, ``critical = true``)."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, strict=True, allow_inf_nan=False
    )


def _not_a_time(value: object) -> object:
    """A TOML date-time is no date, even at midnight (pydantic would take 00:00 as one and
    refuse 09:00): refused alike."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_type", "a date, not a date-time")
    return value


# Dates are the exception: TOML has date values but checklist.md quotes them, and JSON
# (attestations) has only strings.
Day = Annotated[dt.date, Strict(False), BeforeValidator(_not_a_time)]


def _filled(value: str) -> str:
    if blank(value):  # whitespace of any script, the ideographic space, invisible characters
        raise PydanticCustomError("config.empty", "must not be empty")
    return value


# A name or text that says something: blank is no better than missing.
Filled = Annotated[str, AfterValidator(_filled)]


class Text(BaseModel):
    """A text in both languages, as checklists and the law registry write it: ``{zh, en}``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: Filled
    en: Filled

    def get(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.zh if lang == "zh" else self.en
