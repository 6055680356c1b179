"""The building blocks every text-like report format renders."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
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


# Line breaks (evidence strings may hold \n, \r, \t) become spaces, other controls their
# escapes: a text report keeps one line per row, and evidence cannot start a line of a CI
# log of its own (a GitHub Actions "::error::" or "::add-mask::" command).
_CONTROLS = {
    code: chr(code).encode("unicode_escape").decode() for code in (*range(0x20), *range(0x7F, 0xA0))
}
_CONTROLS.update(dict.fromkeys(map(ord, "\t\n\r\x0b\x0c\x85\u2028\u2029"), " "))


def one_line(text: str, *, wrapped: bool = False) -> str:
    """``text`` on one line, never beginning a workflow command (``::`` becomes ``: :``).
    ``wrapped``: the renderer folds long text itself (rich, in a terminal or a CI log), so
    any ``::`` might begin a line."""
    text = text.replace("\r\n", "\n").translate(_CONTROLS)
    if wrapped:
        return text.replace("::", ": :") if "::" in text else text
    return unstarted(text)


def unstarted(text: str) -> str:
    """``text`` (one line or many) with no line beginning ``::``, however indented."""
    if "::" not in text:
        return text
    lines = re.split("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]", text)  # what viewers break at
    for n, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith("::"):
            lines[n] = line[: len(line) - len(stripped)] + ": :" + stripped[2:]
    return "\n".join(lines)


def on_lines(blocks: list[Block], *, wrapped: bool = False) -> list[Block]:
    """Every text of ``blocks`` through :func:`one_line`, for the text formats."""

    def line(text: str) -> str:
        return one_line(text, wrapped=wrapped)

    out: list[Block] = []
    for block in blocks:
        if isinstance(block, (Heading, Text)):
            out.append(replace(block, text=line(block.text)))
        elif isinstance(block, Facts):
            pairs = [(line(k), line(v)) for k, v in block.pairs]
            out.append(replace(block, pairs=pairs))
        elif isinstance(block, Table):
            out.append(
                replace(
                    block,
                    headers=[line(h) for h in block.headers],
                    rows=[[line(c) for c in row] for row in block.rows],
                    caption=None if block.caption is None else line(block.caption),
                )
            )
        elif isinstance(block, Bars):
            bars = [(line(name), value) for name, value in block.bars]
            out.append(replace(block, title=line(block.title), bars=bars))
        elif isinstance(block, Lines):
            series = [(line(name), values) for name, values in block.series]
            out.append(replace(block, title=line(block.title), series=series))
        else:
            out.append(block)
    return out
