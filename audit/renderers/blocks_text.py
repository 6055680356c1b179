"""Blocks as plain text or Markdown, with tabulate for the tables."""

from __future__ import annotations

import re

from tabulate import tabulate

from audit.i18n import cells
from audit.reports.blocks import Bars, Block, Facts, Heading, Lines, Table, Text, on_lines
from audit.reports.labels import shown_score

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None], maximum: float) -> str:
    """A tiny text chart: one block character per value (· for none)."""
    out = []
    for value in values:
        if value is None:
            out.append("·")
        else:
            share = max(0.0, min(value, maximum)) / maximum if maximum else 0.0
            out.append(SPARKS[min(len(SPARKS) - 1, int(share * (len(SPARKS) - 1) + 0.5))])
    return "".join(out)


def padded(names: list[str]) -> list[str]:
    """Chart labels padded to one width, the widest (at least 12 cells): a long agency code
    pushed its bar out of line with the others, and a Chinese name counted half its width."""
    width = max([12, *map(cells, names)])
    return [name + " " * (width - cells(name)) for name in names]


def _lines(block: Lines) -> list[str]:
    rows = [block.title]
    names = padded([name for name, _ in block.series])
    for label, (_, values) in zip(names, block.series, strict=True):
        last = next((v for v in reversed(values) if v is not None), None)
        shown = "—" if last is None else shown_score(last)
        rows.append(f"  {label} {sparkline(values, block.maximum)}  {shown}")
    return rows


def _bars(block: Bars) -> list[str]:
    names = padded([name for name, _ in block.bars])
    return [
        f"{label} {_bar(value, block.maximum)}"
        for label, (_, value) in zip(names, block.bars, strict=True)
    ]


def _bar(value: float | None, maximum: float, width: int = 30) -> str:
    if value is None:
        return "—"
    filled = round(width * max(0.0, min(value, maximum)) / maximum) if maximum else 0
    return "█" * filled + "·" * (width - filled) + f" {shown_score(value)}"


def to_plain(blocks: list[Block]) -> str:
    """Plain text: underlined headings, aligned tables, text bars."""
    blocks = on_lines(blocks)
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            rule = "=" if block.level == 1 else "-"
            out += ["", block.text, rule * max(8, _width(block.text))]
        elif isinstance(block, Text):
            out += [block.text]
        elif isinstance(block, Facts):
            out += [
                tabulate([[k, v] for k, v in block.pairs], tablefmt="plain", disable_numparse=True)
            ]
        elif isinstance(block, Table):
            if block.caption:
                out.append(block.caption)
            out += [
                tabulate(
                    block.rows,
                    headers=block.headers,
                    tablefmt="simple",
                    colalign=block.align,
                    disable_numparse=True,
                ),
                "",
            ]
        elif isinstance(block, Bars):
            out += [block.title]
            out += [f"  {bar}" for bar in _bars(block)]
        elif isinstance(block, Lines):
            out += _lines(block)
    return "\n".join(out).lstrip("\n") + "\n"


def to_markdown(blocks: list[Block]) -> str:
    """GitHub-flavoured Markdown."""
    blocks = on_lines(blocks)
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            anchor = f' <a id="{block.anchor}"></a>' if block.anchor else ""
            out += [f"{'#' * block.level} {_md_line(block.text)}{anchor}", ""]
        elif isinstance(block, Text):
            out += [_md_escape(block.text), ""]
        elif isinstance(block, Facts):
            # inline: a value is not at a line's start, so "75.0" needs no "75\.0"
            out += [f"- **{_md_inline(k)}**: {_md_inline(v)}" for k, v in block.pairs] + [""]
        elif isinstance(block, Table):
            if block.caption:
                out += [f"*{_md_line(block.caption)}*", ""]
            rows = [[_md_cell(c) for c in row] for row in block.rows]
            out += [
                tabulate(
                    rows,
                    headers=[_md_cell(h) for h in block.headers],
                    tablefmt="pipe",
                    colalign=block.align,
                    disable_numparse=True,
                ),
                "",
            ]
        elif isinstance(block, Bars):
            out += [f"**{_md_line(block.title)}**", "", *_fenced(_bars(block)), ""]
        elif isinstance(block, Lines):
            out += [*_fenced(_lines(block)), ""]
    return "\n".join(out)


# Characters with inline meaning in CommonMark/GFM; a backslash makes any of them literal.
_MD_INLINE = re.compile(r"([\\`*_\[\]~|])")
# What would start a heading, list, rule or block quote at the beginning of a line.
_MD_LINE_START = re.compile(r"^([ \t]*)([#+=>-]|\d+(?=[.)]))", re.MULTILINE)


def _md_inline(text: str) -> str:
    """Text as inline Markdown (a table cell) that renders back to exactly that text. ``<``
    could open a tag and ``&`` an entity; ``>`` means something only at a line's start
    (:func:`_md_escape`), so ``required >= 0.8`` stays readable in the raw file."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_INLINE.sub(r"\\\1", text)


def _md_escape(text: str) -> str:
    """Text as a Markdown paragraph or heading that renders back to exactly that text."""
    return _MD_LINE_START.sub(
        lambda m: m[1] + (m[2] + "\\" if m[2][0].isdigit() else "\\" + m[2]), _md_inline(text)
    )


def _md_line(text: str) -> str:
    """Text for a construct that is one line (a heading, a list item): a line break inside
    it (an agency name typed over two lines) would end the heading half-way."""
    return _md_escape(" ".join(text.splitlines()))


def _fenced(rows: list[str]) -> list[str]:
    """A code block whose fence is longer than any run of backticks inside it."""
    longest = max((len(run) for row in rows for run in re.findall("`+", row)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *rows, fence]


def _md_cell(text: str) -> str:
    return _md_inline(text).replace("\n", "<br>")


def _width(text: str) -> int:
    from wcwidth import wcswidth

    return max(wcswidth(text), len(text))
