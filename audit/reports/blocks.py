"""The building blocks every text-like report format renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Tone = Literal["plain", "good", "warn", "bad", "muted"]


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 is the report title."""

    text: str
    level: int = 1
    anchor: str | None = None


@dataclass(frozen=True)
class Text:
    """A paragraph."""

    text: str
    tone: Tone = "plain"


@dataclass(frozen=True)
class Facts:
    """Label–value pairs (a cover page, a score box)."""

    pairs: list[tuple[str, str]]
    tones: dict[str, Tone] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """A table; ``tones`` colours whole rows in terminals and HTML."""

    headers: list[str]
    rows: list[list[str]]
    align: list[Literal["left", "right", "center"]] | None = None
    tones: list[Tone] | None = None
    caption: str | None = None


@dataclass(frozen=True)
class Bars:
    """A horizontal bar chart of scores from 0 to ``maximum`` (HTML draws it as SVG)."""

    title: str
    bars: list[tuple[str, float | None]]
    maximum: float = 100.0
    marks: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Lines:
    """Score series over runs (HTML draws a line chart, text a sparkline)."""

    title: str
    labels: list[str]
    series: list[tuple[str, list[float | None]]]
    maximum: float = 100.0


Block = Heading | Text | Facts | Table | Bars | Lines
