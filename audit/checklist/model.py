"""The checklist format (checklist.md) as frozen pydantic models: data only, never code."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from audit.i18n import Lang

Severity = Literal["critical", "major", "minor"]
Op = Literal["==", "!=", ">=", ">", "<=", "<"]
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
    if not value.strip():  # whitespace of any script, the ideographic space included
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


class Citation(Model):
    """A reference into the law registry: a whole law, a chapter, or an article (¶, item)."""

    law: str
    chapter: int | None = Field(default=None, ge=1)
    article: int | None = Field(default=None, ge=1)
    paragraph: int | None = Field(default=None, ge=1)
    item: int | None = Field(default=None, ge=1)
    note: Text | None = None


class Grade(Model):
    """A grade band: scores at or above ``min`` earn it."""

    min: float = Field(ge=0, le=100)
    zh: Filled
    en: Filled

    def name(self, lang: Literal["zh", "en"]) -> str:
        """The grade's name in ``lang``."""
        return self.zh if lang == "zh" else self.en


class RectificationDays(Model):
    """Working days to rectify a finding, by severity."""

    critical: int = Field(ge=0)
    major: int = Field(ge=0)
    minor: int = Field(ge=0)


class Header(Model):
    """The ``[checklist]`` table."""

    id: str = Field(pattern=ID_PATTERN)
    version: str = Field(min_length=1)
    title: Text
    source: str
    description: Text | None = None
    grades: list[Grade] = Field(min_length=1)
    critical_cap: str | None = None
    rectification_days: RectificationDays


class Role(Model):
    """A role an agency can have; items apply by role."""

    zh: Filled
    en: Filled


class Fact(Model):
    """A single value an agency reports (``facts``)."""

    type: FactType
    zh: Filled
    en: Filled
    unit: str | None = None


class RecordSet(Model):
    """A declared set of dated records with typed fields."""

    zh: Filled
    en: Filled
    date: str | None = None
    fields: dict[str, FieldTypeName] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _date_is_a_date_field(self) -> RecordSet:
        if "id" in self.fields:
            raise PydanticCustomError(
                "checklist.id-field",
                "'id' is implicit in every record; do not declare it in fields",
            )
        if self.date is not None:
            kind = self.fields.get(self.date)
            if kind is None:
                raise PydanticCustomError(
                    "checklist.date-field-unknown",
                    "primary date field {field!r} is not among the fields",
                    {"field": self.date},
                )
            if kind not in ("date", "datetime"):
                raise PydanticCustomError(
                    "checklist.date-field-type",
                    "primary date field {field!r} must be of type date or datetime",
                    {"field": self.date},
                )
        return self


class DocumentKind(Model):
    """A kind of document the evidence may reference."""

    zh: Filled
    en: Filled


class Section(Model):
    """A group of items; section scores are computed per section."""

    id: str = Field(pattern=ID_PATTERN)
    zh: Filled
    en: Filled


class FactTerm(Model):
    """Ratio term: a fact's value."""

    fact: str


class CountTerm(Model):
    """Ratio term: the number of (period-filtered) records of a set."""

    count: str
    where: dict[str, WhereValue] = Field(default_factory=dict)


class SumTerm(Model):
    """Ratio term: the sum of a numeric field, ``"SET.field"``, over (filtered) records."""

    sum: str = Field(pattern=r"^[^.]+\.[^.]+$")
    where: dict[str, WhereValue] = Field(default_factory=dict)

    @property
    def records(self) -> str:
        """The record set summed over."""
        return self.sum.split(".", 1)[0]

    @property
    def field(self) -> str:
        """The field summed."""
        return self.sum.split(".", 1)[1]


RatioTerm = FactTerm | CountTerm | SumTerm


class Before(Model):
    """Coverage: the match's ``that`` date must be on or before the record's ``this`` date."""

    this: str
    that: str


class After(Model):
    """Coverage: the match's ``that`` date must follow ``this`` within a limit."""

    this: str
    that: str
    within: int = Field(ge=0)
    unit: Unit = "days"


class CheckBase(Model):
    """What every check has."""

    id: str = Field(pattern=ID_PATTERN)
    title: Text | None = None
    weight: float = Field(default=1.0, gt=0, le=MAX_WEIGHT)
    when_empty: Literal["pass", "fail"] | None = None


class RecordCheck(CheckBase):
    """A check over one record set, optionally filtered by ``where``."""

    records: str
    where: dict[str, WhereValue] = Field(default_factory=dict)


class ShareCheck(RecordCheck):
    """A record check judged by the share of complying records."""

    min_share: float = Field(default=1.0, ge=0, le=1)


class FactCheck(CheckBase):
    """``fact``: compare a fact with a value."""

    kind: Literal["fact"]
    fact: str
    op: Op
    value: Scalar


class CountCheck(RecordCheck):
    """``count``: compare the number of records with a value."""

    kind: Literal["count"]
    op: Op
    value: int = Field(ge=0)


class RatioCheck(CheckBase):
    """``ratio``: compare numerator ÷ denominator with a value."""

    kind: Literal["ratio"]
    numerator: RatioTerm
    denominator: RatioTerm
    op: Op
    value: float


class DocumentCheck(CheckBase):
    """``document``: at least ``min`` documents of every listed kind."""

    kind: Literal["document"]
    kinds: list[str] = Field(min_length=1)
    min: int = Field(default=1, ge=1)
    issued: Literal["in_period", "by_period_end", "any"] = "by_period_end"


class CadenceCheck(ShareCheck):
    """``cadence``: records in enough calendar buckets (week, month, quarter, year)."""

    kind: Literal["cadence"]
    every: Literal["week", "month", "quarter", "year"]
    min: int = Field(default=1, ge=1)


class DeadlineCheck(ShareCheck):
    """``deadline``: records done (``to``) within a limit of ``from``."""

    kind: Literal["deadline"]
    from_: str = Field(alias="from")
    to: str
    within: int | None = Field(default=None, ge=0)
    within_field: str | None = None
    unit: Unit = "days"

    @model_validator(mode="after")
    def _one_limit(self) -> DeadlineCheck:
        if (self.within is None) == (self.within_field is None):
            raise PydanticCustomError(
                "checklist.deadline-limit",
                "a deadline check needs exactly one of within and within_field",
            )
        return self


class CoverageCheck(ShareCheck):
    """``coverage``: records that have a (dated) match in another set."""

    kind: Literal["coverage"]
    by: str
    key: str = "id"
    match: str
    before: Before | None = None
    after: After | None = None

    @model_validator(mode="after")
    def _one_order(self) -> CoverageCheck:
        if self.before is not None and self.after is not None:
            raise PydanticCustomError(
                "checklist.coverage-order", "a coverage check takes before or after, not both"
            )
        return self


class EachCheck(ShareCheck):
    """``each``: a comparison every (enough) record satisfies."""

    kind: Literal["each"]
    field: str
    op: Op
    value: Scalar | None = None
    value_field: str | None = None
    scale: float | None = None

    @model_validator(mode="after")
    def _one_value(self) -> EachCheck:
        if (self.value is None) == (self.value_field is None):
            raise PydanticCustomError(
                "checklist.each-value", "an each check needs exactly one of value and value_field"
            )
        if self.scale is not None and self.value_field is None:
            raise PydanticCustomError("checklist.each-scale", "scale applies to value_field only")
        return self


class ManualCheck(CheckBase):
    """``manual``: an auditor attests the answer to a question."""

    kind: Literal["manual"]
    question: Text


Check = Annotated[
    FactCheck
    | CountCheck
    | RatioCheck
    | DocumentCheck
    | CadenceCheck
    | DeadlineCheck
    | CoverageCheck
    | EachCheck
    | ManualCheck,
    Field(discriminator="kind"),
]


class Linear(Model):
    """Credit rising linearly from 0 at ``floor`` to 1 at ``target``."""

    floor: float
    target: float

    @model_validator(mode="after")
    def _ordered(self) -> Linear:
        if not 0 <= self.floor < self.target:  # a share or a quotient: never negative
            raise PydanticCustomError(
                "checklist.linear", "linear scoring needs 0 <= floor < target"
            )
        return self


class Scoring(Model):
    """Partial credit for a check's measured value: tiers or linear."""

    tiers: list[Annotated[tuple[float, float], Strict(False)]] | None = None
    linear: Linear | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> Scoring:
        if (self.tiers is None) == (self.linear is None):
            raise PydanticCustomError(
                "checklist.scoring-rule", "scoring takes exactly one of tiers and linear"
            )
        if self.tiers is not None and (
            not self.tiers or any(not (0 <= c <= 1) or v < 0 for v, c in self.tiers)
        ):
            raise PydanticCustomError(
                "checklist.tiers", "tiers need credits in 0-1 and values of 0 or more"
            )
        return self

    @field_validator("tiers")
    @classmethod
    def _highest_first(
        cls, tiers: list[tuple[float, float]] | None
    ) -> list[tuple[float, float]] | None:
        """Tiers in any order: a value earns the credit of the highest tier it reaches, so
        they are kept highest first, where the first one reached is that tier."""
        return None if tiers is None else sorted(tiers, key=lambda tier: tier[0], reverse=True)


class Item(Model):
    """One audited requirement with its legal basis, checks and remedy."""

    id: str = Field(pattern=ID_PATTERN)
    section: str
    title: Text
    requirement: Text
    refs: list[Citation] = Field(min_length=1)
    roles: list[str] = Field(min_length=1)
    points: float = Field(gt=0, le=MAX_WEIGHT)
    severity: Severity
    exemptable: bool = True
    effective_from: Day | None = None
    remedy: Text
    liability: Citation | None = None
    scoring: Scoring | None = None
    checks: list[Check] = Field(min_length=1)

    def applies_to(self, roles: frozenset[str] | set[str]) -> bool:
        """Whether an agency with ``roles`` is concerned by this item."""
        return "*" in self.roles or not roles.isdisjoint(self.roles)


class Checklist(Model):
    """A whole checklist file."""

    checklist: Header
    roles: dict[str, Role] = Field(default_factory=dict)
    facts: dict[str, Fact] = Field(default_factory=dict)
    records: dict[str, RecordSet] = Field(default_factory=dict)
    documents: dict[str, DocumentKind] = Field(default_factory=dict)
    sections: list[Section] = Field(min_length=1)
    items: list[Item] = Field(min_length=1)

    @property
    def id(self) -> str:
        """The checklist id."""
        return self.checklist.id

    @property
    def version(self) -> str:
        """The checklist version."""
        return self.checklist.version

    @cached_property
    def items_by_id(self) -> dict[str, Item]:
        """Items keyed by id."""
        return {item.id: item for item in self.items}

    @cached_property
    def sections_by_id(self) -> dict[str, Section]:
        """Sections keyed by id."""
        return {section.id: section for section in self.sections}

    def grade_for(self, score: float) -> Grade:
        """The first grade band whose minimum ``score`` reaches."""
        for grade in self.checklist.grades:
            if score >= grade.min:
                return grade
        return self.checklist.grades[-1]
