"""The nine check kinds of checklist.md and the terms of a ratio, as frozen models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from audit.checklist.base import (
    ID_PATTERN,
    MAX_WEIGHT,
    Model,
    Op,
    Scalar,
    Text,
    Unit,
    WhereValue,
)


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


# What an empty population makes of a check that has one (record checks, ratio): a fact,
# document or manual check has none, so the key is unknown there (checklist.md).
WhenEmpty = Literal["pass", "fail"] | None


class RecordCheck(CheckBase):
    """A check over one record set, optionally filtered by ``where``."""

    records: str
    where: dict[str, WhereValue] = Field(default_factory=dict)
    when_empty: WhenEmpty = None


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
    when_empty: WhenEmpty = None


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
