"""Reports on a terminal, with rich: coloured outcomes, boxed tables, bar charts."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

from audit.engine.result import RunResult
from audit.formats import Report
from audit.i18n import Lang
from audit.reports.blocks import Bars, Block, Facts, Heading, Lines, Table, Text, on_lines
from audit.reports.labels import shown_score
from audit.reports.select import report_blocks

if TYPE_CHECKING:
    from rich.console import Console

STYLES = {"plain": "", "good": "green", "warn": "yellow", "bad": "red", "muted": "dim"}


def print_blocks(blocks: list[Block], console: Console) -> None:
    """Print blocks on a rich console. Every text goes in as a rich ``Text``, never as a
    string: a string is read as console markup, and evidence text such as the record id
    ``PD[case]8`` would lose its brackets."""
    from rich.table import Table as RichTable
    from rich.text import Text as RichText

    out = console
    for block in on_lines(blocks, wrapped=True):  # rich folds long text: any "::" may lead
        if isinstance(block, Heading):
            style = "bold reverse" if block.level == 1 else "bold underline"
            out.print()
            out.print(RichText(block.text, style=style))
        elif isinstance(block, Text):
            out.print(RichText(block.text, style=STYLES[block.tone]))
        elif isinstance(block, Facts):
            grid = RichTable.grid(padding=(0, 2))
            grid.add_column(style="bold")
            grid.add_column()
            for key, value in block.pairs:
                grid.add_row(
                    RichText(key), RichText(value, style=STYLES[block.tones.get(key, "plain")])
                )
            out.print(grid)
        elif isinstance(block, Table):
            caption = RichText(block.caption) if block.caption is not None else None
            table = RichTable(show_lines=False, header_style="bold", title=caption)
            for n, header in enumerate(block.headers):
                justify = block.align[n] if block.align else "left"
                table.add_column(
                    RichText(header),
                    justify=justify,
                    overflow="fold",
                    min_width=_token_width([row[n] for row in block.rows if n < len(row)]),
                )
            for n, row in enumerate(block.rows):
                tone = block.tones[n] if block.tones else "plain"
                table.add_row(*map(RichText, row), style=STYLES[tone])
            out.print(table)
        elif isinstance(block, Bars):
            grid = RichTable.grid(padding=(0, 1))
            grid.add_column(style="bold")
            grid.add_column()
            for name, score in block.bars:
                width = 30
                share = 0.0 if score is None else max(0.0, min(score, block.maximum))
                filled = round(width * share / block.maximum)
                bar = RichText("█" * filled, style="cyan")
                bar.append("·" * (width - filled), style="dim")
                bar.append(" —" if score is None else f" {shown_score(score)}")
                grid.add_row(RichText(name), bar)
            out.print(grid)
        elif isinstance(block, Lines):
            from audit.renderers.blocks_text import padded, sparkline

            out.print(RichText(block.title, style="bold"))
            names = padded([name for name, _ in block.series])
            for label, (_, values) in zip(names, block.series, strict=True):
                last = next((v for v in reversed(values) if v is not None), None)
                line = RichText(f"  {label} ")
                line.append(sparkline(values, block.maximum), style="cyan")
                line.append("  —" if last is None else f"  {shown_score(last)}")
                out.print(line)


def _token_width(cells: list[str]) -> int | None:
    """The width a column of ids, codes, dates or numbers keeps when the terminal is
    narrow (a finding id the clerk must type into ``ledger close`` read "HQ-FGW/TJ-CRE" /
    "D-02"); None for a column of prose, which wraps."""
    from rich.cells import cell_len

    if not cells or any(" " in cell or "\n" in cell for cell in cells):
        return None
    widest = max(map(cell_len, cells))
    return widest if widest <= 24 else None


def render(
    result: RunResult,
    lang: Lang,
    *,
    report: Report = Report.SUMMARY,
    status: Mapping[str, str] | None = None,
    color: bool = False,
    width: int = 120,
) -> str:
    """The report as terminal text (ANSI colour when ``color``)."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    print_blocks(report_blocks(result, report, lang, status=status), console)
    return buffer.getvalue()
