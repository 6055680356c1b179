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
    from rich.table import Table as RichTable

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
            minimums = [
                _token_width([row[n] for row in block.rows if n < len(row)])
                for n in range(len(block.headers))
            ]
            drawn = _drawn_width(_widest(block), out.width, minimums)
            if _fits(block, out.width, minimums) and drawn <= out.width:
                out.print(_rich_table(block, minimums))
            else:  # past the edge, or every cell a column of single characters
                _print_stacked(block, out)
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


# the narrowest a column of prose is readable at, in terminal cells (four Chinese characters)
PROSE_WIDTH = 8


def _rich_table(block: Table, minimums: list[int | None]) -> RichTable:
    """``block`` as rich draws it, each column at least its ``minimums`` (ids whole)."""
    from rich.table import Table as RichTable
    from rich.text import Text as RichText

    caption = RichText(block.caption) if block.caption is not None else None
    table = RichTable(show_lines=False, header_style="bold", title=caption)
    for n, header in enumerate(block.headers):
        justify = block.align[n] if block.align else "left"
        table.add_column(
            RichText(header),
            justify=justify,
            overflow="fold",
            min_width=minimums[n],
        )
    for n, row in enumerate(block.rows):
        tone = block.tones[n] if block.tones else "plain"
        table.add_row(*map(RichText, row), style=STYLES[tone])
    return table


def _drawn_width(block: Table, width: int, minimums: list[int | None]) -> int:
    """How wide rich draws ``block`` on a terminal ``width`` cells wide: wider, when its
    columns cannot shrink enough (rich then runs past the edge)."""
    from rich.cells import cell_len
    from rich.console import Console

    drawn = io.StringIO()
    table = _rich_table(block, minimums)  # the whole table's minimums: a sample's differ
    Console(width=width, file=drawn, color_system=None, soft_wrap=True).print(table)
    return max(map(cell_len, drawn.getvalue().splitlines()), default=0)


def _widest(block: Table) -> Table:
    """The rows that decide how wide rich draws ``block``: per column, the one with its
    widest cell and the one with its longest word (drawing all 8,000 rows of a ledger twice
    to measure it doubled the time)."""
    from rich.cells import cell_len

    def longest_word(cell: str) -> int:
        return max(map(cell_len, cell.split()), default=0)

    chosen: set[int] = set()
    for n in range(len(block.headers)):
        cells = [(row[n] if n < len(row) else "") for row in block.rows]
        if cells:
            chosen.add(max(range(len(cells)), key=lambda i: cell_len(cells[i])))
            chosen.add(max(range(len(cells)), key=lambda i: longest_word(cells[i])))
    rows = [block.rows[i] for i in sorted(chosen)]
    return Table(block.headers, rows, align=block.align, caption=block.caption)


def _fits(block: Table, width: int, minimums: list[int | None]) -> bool:
    """Whether ``block`` fits ``width`` as a table: each column at its ids' width, or at
    least a few words of prose, with its borders and padding (3 cells). A register of many
    columns on an 80-column terminal did not: it ran past the edge, with every cell a
    column of single characters."""
    from rich.cells import cell_len

    need = 1
    for n, header in enumerate(block.headers):
        cells = [row[n] for row in block.rows if n < len(row)]
        widest = max(map(cell_len, [header, *cells]))
        # a heading keeps its words whole, as rich measures them ("Agencies" folded into
        # "Agencie/s", and 单位数 pushed the table past the edge)
        words = [cell_len(w) for w in header.split()] or [0]
        need += 3 + max(min(widest, minimums[n] or PROSE_WIDTH), *words)
    return need <= width


def _print_stacked(block: Table, out: Console) -> None:
    """A table too wide for the terminal, one row at a time: each cell under its heading's
    name, as a card (the HTML and Markdown reports keep the table)."""
    from rich.cells import cell_len
    from rich.rule import Rule
    from rich.table import Table as RichTable
    from rich.text import Text as RichText

    if block.caption is not None:
        out.print(RichText(block.caption, style="bold"))
    # the headings take at most a third of the line: a long one wraps, the values keep room
    # (a heading on one line at 50 columns left none, and the card showed no value at all)
    heading = min(max(map(cell_len, block.headers), default=0), max(6, out.width // 3))
    for n, row in enumerate(block.rows):
        tone = block.tones[n] if block.tones else "plain"
        out.print(Rule(style="dim"))
        card = RichTable.grid(padding=(0, 2))
        card.add_column(style="bold", width=heading, overflow="fold")
        card.add_column(overflow="fold", min_width=max(8, out.width - heading - 2))
        for header, cell in zip(block.headers, row, strict=False):
            card.add_row(RichText(header), RichText(cell, style=STYLES[tone]))
        out.print(card)
    if block.rows:
        out.print(Rule(style="dim"))


def _token_width(cells: list[str]) -> int | None:
    """The width a column of ids, codes, dates or numbers keeps when the terminal is
    narrow (a finding id the clerk must type into ``ledger close`` read "HQ-FGW/TJ-CRE" /
    "D-02"); None for a column of prose, which wraps."""
    from rich.cells import cell_len

    if not cells or any(" " in cell or "\n" in cell for cell in cells):
        return None
    # the widest of those that fit: a 52-character code folds, the usual ids stay whole
    widths = [width for width in map(cell_len, cells) if width <= 24]
    return max(widths) if widths else None


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
