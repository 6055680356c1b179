"""The checklist format (checklist.md) as frozen pydantic models: data only, never code."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    Field,
    Strict,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from audit.checklist.base import (
    ID_PATTERN,
    MAX_WEIGHT,
    Day,
    FactType,
    FieldTypeName,
    Filled,
    Model,
    Name,
    Op,
    Scalar,
    Severity,
    Text,
    Unit,
    WhereValue,
)
from audit.checklist.checks import (
    After,
    Before,
    CadenceCheck,
    Check,
    CheckBase,
    CountCheck,
    CountTerm,
    CoverageCheck,
    DeadlineCheck,
    DocumentCheck,
    EachCheck,
    FactCheck,
    FactTerm,
    ManualCheck,
    RatioCheck,
    RatioTerm,
    RecordCheck,
    ShareCheck,
    SumTerm,
)
from audit.i18n import did_you_mean

# One namespace for every checklist model (``from audit.checklist import model as m``):
# the value types and check kinds live in their own modules and are re-exported here.
__all__ = [
    "ID_PATTERN",
    "MAX_WEIGHT",
    "After",
    "Before",
    "CadenceCheck",
    "Check",
    "CheckBase",
    "Checklist",
    "Citation",
    "CountCheck",
    "CountTerm",
    "CoverageCheck",
    "Day",
    "DeadlineCheck",
    "DocumentCheck",
    "DocumentKind",
    "EachCheck",
    "Fact",
    "FactCheck",
    "FactTerm",
    "FactType",
    "FieldTypeName",
    "Filled",
    "Grade",
    "Header",
    "Item",
    "Linear",
    "ManualCheck",
    "Model",
    "Op",
    "RatioCheck",
    "RatioTerm",
    "RecordCheck",
    "RecordSet",
    "RectificationDays",
    "Role",
    "Scalar",
    "Scoring",
    "Section",
    "Severity",
    "ShareCheck",
    "SumTerm",
    "Text",
    "Unit",
    "WhereValue",
]


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
    critical_cap: str  # checklist.md's header: a critical item not passed caps the grade
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
    fields: dict[Name, FieldTypeName] = Field(default_factory=dict)

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
                    {"field": self.date, "suggestion": did_you_mean(self.date, self.fields)},
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
    roles: dict[Name, Role] = Field(default_factory=dict)
    facts: dict[Name, Fact] = Field(default_factory=dict)
    records: dict[Name, RecordSet] = Field(default_factory=dict)
    documents: dict[Name, DocumentKind] = Field(default_factory=dict)
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
