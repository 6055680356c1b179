"""The machine form of an audit (``tj-audit/result@1``): what every report renders from.

A result is self-contained: it carries the texts of the items it judged (titles,
requirements, remedies, citations in both languages), so ``audit report`` can render it
later without the evidence, and without the checklist file it was made with.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from audit.checklist.base import Severity

RESULT_FORMAT: Literal["tj-audit/result@1"] = "tj-audit/result@1"

CheckOutcome = Literal["pass", "fail", "missing", "not_applicable", "error"]
ItemOutcome = Literal["pass", "partial", "fail", "missing", "error", "not_applicable", "exempted"]
Claim = Literal["met", "partly_met", "not_met", "not_applicable"]
# What each outcome is called (zh, en): in the texts the engine writes (an override's
# "computed: fail") and in every report's labels.
OUTCOME_NAMES: dict[str, tuple[str, str]] = {
    "pass": ("通过", "pass"),
    "partial": ("部分符合", "partial"),
    "fail": ("不符合", "fail"),
    "missing": ("缺少证据", "missing"),
    "error": ("证据不可用", "unusable evidence"),
    "not_applicable": ("不适用", "not applicable"),
    "exempted": ("容错免责", "exempted"),
}
Discrepancy = Literal["overstated", "understated", "disputed_na", "claimed_but_na"]
ScoringModel = Literal[
    "points", "xccdf-default", "xccdf-flat", "xccdf-flat-unweighted", "xccdf-absolute"
]
FAILING: frozenset[str] = frozenset({"fail", "partial", "missing", "error"})


class Out(BaseModel):
    """Base of result models: unknown keys rejected when a result file is read back."""

    model_config = ConfigDict(extra="forbid")


class Bilingual(Out):
    """A text in both languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang``."""
        return self.zh if lang == "zh" else self.en


class CheckResult(Out):
    """What one check found."""

    id: str
    kind: str
    outcome: CheckOutcome
    # the fact as submitted (a boolean stays one), a count, a share or quotient, or the
    # documents found per kind
    measured: bool | int | float | str | dict[str, int] | None = None
    threshold: str | None = None
    offending: list[str] = Field(default_factory=list)
    explanation: Bilingual
    refs: list[str] = Field(default_factory=list)
    weight: float = 1.0
    credit: float | None = None
    computed_outcome: CheckOutcome | None = None
    attestation: dict[str, Any] | None = None


class Reason(Out):
    """One reason for an exemption decision."""

    code: str
    zh: str
    en: str


class Exemption(Out):
    """A fault-tolerance claim and the decision on it."""

    status: Literal["granted", "refused", "not_needed"]
    reasons: list[Reason] = Field(default_factory=list)
    reason: str | None = None
    decision: str | None = None
    approved_by: str | None = None


class ItemResult(Out):
    """What an agency achieved on one item."""

    id: str
    section: str
    outcome: ItemOutcome
    computed_outcome: ItemOutcome | None = None
    excluded: (
        Literal["role", "effective_from", "no_population", "deselected", "exempted"] | None
    ) = None
    credit: float | None = None
    points: float
    earned: float
    claim: Claim | None = None
    discrepancy: Discrepancy | None = None
    exemption: Exemption | None = None
    severity: Severity
    checks: list[CheckResult] = Field(default_factory=list)
    attestation: dict[str, Any] | None = None


class SectionScore(Out):
    """A section's score for one agency (None when nothing in it applies)."""

    id: str
    score: float | None
    earned: float
    possible: float


class Person(Out):
    """Who answers for a finding. When the evidence names nobody, the unit is the name of the
    role concerned, which the checklist gives in both languages (``unit_en``)."""

    unit: str | None = None
    person: str | None = None
    leader: str | None = None
    unit_en: str | None = None

    def unit_in(self, lang: str) -> str | None:
        """The unit in ``lang`` (units named by the evidence are shown as written)."""
        return self.unit_en if lang == "en" and self.unit_en else self.unit


class Finding(Out):
    """A problem to rectify: one applicable item not passed by one agency."""

    id: str
    agency: str
    item: str
    outcome: ItemOutcome
    severity: Severity
    problem: Bilingual
    refs: list[Bilingual]
    responsible: Person
    remedy: Bilingual
    deadline: dt.date
    liability: Bilingual | None = None
    # why no liability is recommended where the item names a clause (not yet in force)
    liability_withheld: Bilingual | None = None
    discrepancy: Discrepancy | None = None
    file: str | None = None
    locations: list[dict[str, Any]] = Field(default_factory=list)
    # the ledger status right after the run, when it was stored in a history
    ledger_status: Literal["open", "in_progress", "rectified", "closed", "overdue"] | None = None
    # the deadline in the ledger: set when the finding was (re)opened, maybe by an earlier run
    ledger_deadline: dt.date | None = None
    # found again after it was rectified or closed (销号): reopened in the ledger
    ledger_reopened: bool | None = None


class AgencyResult(Out):
    """One agency's scored audit."""

    code: str
    name: str
    name_en: str | None = None
    district: str
    roles: list[str]
    period: dict[str, dt.date]
    file: str
    submitted_by: dict[str, str] = Field(default_factory=dict)
    score: float | None
    score_without_exemptions: float | None
    max_score: float | None = None
    # the maximum of score_without_exemptions (flat models: exempted items' points count)
    max_score_without_exemptions: float | None = None
    grade: str | None
    grade_en: str | None
    grade_uncapped: str | None = None
    grade_without_exemptions: str | None = None
    grade_capped_by: list[str] = Field(default_factory=list)
    low_coverage: bool
    coverage: dict[str, float] = Field(default_factory=dict)
    sections: list[SectionScore]
    items: list[ItemResult]
    warnings: list[dict[str, Any]] = Field(default_factory=list)
    calendar_fallback_years: list[int] = Field(default_factory=list)

    @property
    def without_maximum(self) -> float | None:
        """The maximum ``score_without_exemptions`` is out of (results written before the
        field existed: ``max_score``)."""
        if self.max_score_without_exemptions is not None:
            return self.max_score_without_exemptions
        return self.max_score


class RankEntry(Out):
    """A place in the district ranking (agencies without a score are listed, unranked)."""

    rank: int | None
    code: str
    name: str
    score: float | None
    grade: str | None
    percent: float | None = None  # the score as a share of its maximum, what ranks


def settled(value: float) -> float:
    """A computed credit, earned points or score without binary floating-point noise, as
    twelve significant digits. In floats 100 × (3 × 0.6) ÷ 3 is 59.99999999999999, which
    must still reach a threshold of 60 (limits are inclusive), and 100/3 must be one score
    however its sum was ordered. Noise lies in the sixteenth digit: a figure that differs
    in the eleventh (credit 0.99999999996 of amounts in 元, a score of 89.9999996) is a
    difference in the evidence, and is kept, so rounding never lifts it onto a limit."""
    return float(f"{value:.12g}")


def settled_score(value: float) -> float:
    """A score: settled as credits are (scores are judged against grades and gates)."""
    return settled(value)


def rounded(value: float) -> float:
    """A mean or a difference of scores, which nothing judges, to six decimals (−8.333333,
    not −8.333333332999)."""
    return round(value, 6)


def percent_of(score: float | None, maximum: float | None) -> float | None:
    """A score as a percentage of its model's maximum (flat models have other maxima; no
    maximum given means the usual 100)."""
    if score is None or maximum == 0:
        return None
    return settled_score(100.0 * score / (maximum or 100.0))


class District(Out):
    """The district roll-up. ``mean`` and the ranking use each score as a percentage of its
    maximum, so agencies are comparable under every model (under ``points`` and
    ``xccdf-default`` that is the score itself)."""

    mean: float | None
    ranking: list[RankEntry]
    grade_counts: dict[str, int]
    sections: dict[str, float | None] = Field(default_factory=dict)


class DistrictRollUp(District):
    """The roll-up of the agencies of one district (``agency.district``)."""

    name: str


class ItemText(Out):
    """The texts of an item, kept in the result so that reports need nothing else."""

    title: Bilingual
    requirement: Bilingual
    remedy: Bilingual
    refs: list[Bilingual]
    # each ref's law in force: [first day, first day of the text replacing it] (null: the
    # registry gives no date); reports mark a text that did not govern an agency's period
    refs_in_force: list[tuple[dt.date | None, dt.date | None]] = Field(default_factory=list)
    liability: Bilingual | None = None
    liability_in_force: tuple[dt.date | None, dt.date | None] | None = None  # as refs_in_force
    points: float
    severity: Severity
    section: str
    roles: list[str]
    checks: dict[str, Bilingual] = Field(default_factory=dict)
    # the partial-credit rule (tiers or linear) of its checks' measured values, stated
    scoring: Bilingual | None = None

    def ref_windows(self) -> list[tuple[dt.date | None, dt.date | None] | None]:
        """Each ref's in-force window; none known in a result written before they were kept."""
        return list(self.refs_in_force) or [None] * len(self.refs)


class Catalogue(Out):
    """Section names, item texts, grades and role names of the checklist used."""

    title: Bilingual
    sections: dict[str, Bilingual]
    items: dict[str, ItemText]
    grades: list[dict[str, Any]]
    critical_cap: str | None
    roles: dict[str, Bilingual]
    rectification_days: dict[str, int]


class TailoringChange(Out):
    """One change an auditor's tailoring file made."""

    target: str
    field: str
    old: Any = None
    new: Any = None
    reason: str | None = None


class EvidenceFile(Out):
    """One evidence file of a run: its hash ties the result to exactly what was audited."""

    file: str
    sha256: str | None
    agency: str | None
    valid: bool


class InvalidFile(Out):
    """An evidence file that could not be audited."""

    file: str
    errors: list[dict[str, Any]]
    agency: str | None = None  # the agency code the file gives, when it could be read


class RunResult(Out):
    """The whole audit: ``tj-audit/result@1``."""

    format: Literal["tj-audit/result@1"] = RESULT_FORMAT
    tool_version: str
    checklist: dict[str, str]
    as_of: dt.date
    model: ScoringModel
    evaluator: str | None = None
    tailoring: list[TailoringChange] = Field(default_factory=list)
    tailoring_file: str | None = None
    tailoring_sha256: str | None = None
    attestations_file: str | None = None
    agencies: list[AgencyResult]
    findings: list[Finding]
    district: District
    # one roll-up per district the agencies belong to (a city run spans several): ranks
    # within a district; ``district`` ranks all the agencies of the run together
    districts: list[DistrictRollUp] = Field(default_factory=list)
    invalid: list[InvalidFile] = Field(default_factory=list)
    evidence: list[EvidenceFile] = Field(default_factory=list)
    warnings: list[dict[str, Any]] = Field(default_factory=list)
    catalogue: Catalogue
    # the CI gates set and what failed them (none set: nulls and an empty list)
    gates: dict[str, Any] = Field(
        default_factory=lambda: {"fail_under": None, "fail_on": None, "failed": []}
    )
