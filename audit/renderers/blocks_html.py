"""Blocks as one self-contained HTML page: inline CSS, inline SVG charts, no script, no network.

Every text is escaped; the page prints on A4 with each report starting on a new page.
"""

from __future__ import annotations

from html import escape

from audit import __version__
from audit.i18n import Lang
from audit.reports.blocks import Bars, Block, Facts, Heading, Lines, Table, Text
from audit.reports.labels import shown_score

WIDE_COLUMNS = 9  # more columns than fit a portrait A4 page readably
WIDE_TEXT_COLUMNS = 6  # or this many columns of text (the item table: requirement, basis …)
DASHES = ["", "6,3", "2,3", "8,3,2,3"]  # with PALETTE: 32 lines drawn each its own way
PALETTE = ["#0969da", "#cf222e", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a3069", "#953800"]

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --good: #1a7f37; --warn: #9a6700;
        --bad: #cf222e; --bar: #0969da; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
       "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1180px; padding: 24px 32px; line-height: 1.55; font-size: 14px; }
h1 { font-size: 22px; border-bottom: 3px solid var(--ink); padding-bottom: 6px; margin-top: 40px; }
h2 { font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 28px; }
h3 { font-size: 15px; margin-top: 20px; }
nav { background: var(--soft); border: 1px solid var(--line); padding: 10px 16px; }
nav ol { margin: 4px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 12px 0; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
div.table { overflow-x: auto; margin: 10px 0 18px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
div.table.wide table { font-size: 12px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 5px 8px; vertical-align: top; text-align: left;
         min-width: 3.5em; overflow-wrap: break-word; }
/* break-word, not anywhere: a long id still breaks where it overflows, but a column is never
   squeezed below its longest word (anywhere printed "Outc/ome", "parti/al") */
th { background: var(--soft); }
td.right, th.right { text-align: right; white-space: nowrap; }
td:first-child { white-space: nowrap; }
/* a long first cell (a file path, a 64-character agency code) wraps: kept on one line it
   pushed the other columns off a printed page */
td.long:first-child { white-space: normal; overflow-wrap: anywhere; min-width: 9em; }
td.center, th.center { text-align: center; }
tr.good td:first-child { border-left: 4px solid var(--good); }
tr.warn td:first-child { border-left: 4px solid var(--warn); }
tr.bad td:first-child { border-left: 4px solid var(--bad); }
tr.muted td { color: var(--muted); }
p.good { color: var(--good); } p.warn { color: var(--warn); } p.bad { color: var(--bad); }
dd.good { color: var(--good); } dd.warn { color: var(--warn); }
dd.bad { color: var(--bad); font-weight: bold; }
p.muted { color: var(--muted); }
figure { margin: 12px 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { max-width: 100%; height: auto; }
h1, h2, h3, caption, figcaption { break-after: avoid; page-break-after: avoid; }
@media (max-width: 640px) { body { padding: 12px; } dl.facts { grid-template-columns: 1fr; } }
svg text { font-family: inherit; font-size: 12px; fill: var(--ink); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line);
         padding-top: 8px; }
@page { size: A4; margin: 16mm 14mm; }
@page wide { size: A4 landscape; margin: 12mm 10mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  nav { display: none; }
  h1.report { page-break-before: always; }
  h1.report.first { page-break-before: avoid; }
  tr, figure { page-break-inside: avoid; }
  div.table { overflow: visible; }
  div.table.wide { page: wide; }  /* a register of many columns: printed landscape */
  div.table.wide table { font-size: 9px; }
  a { color: inherit; text-decoration: none; }
}
"""


# a bar's colour by its share of the maximum, and the legend that says so
BAR_COLOURS = [("#1a7f37", "≥ 90%"), ("#0969da", "60 – 90%"), ("#cf222e", "&lt; 60%")]


def _bars_svg(block: Bars) -> str:
    label_w, bar_w, row_h, top = 240, 420, 24, 18
    height = top + row_h * len(block.bars) + 26
    width = label_w + bar_w + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(block.title)}</title>",
    ]
    for name, mark in block.marks:
        x = label_w + bar_w * mark / block.maximum
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 22}" '
            'stroke="#8c959f" stroke-dasharray="3,3"/>'
        )
        parts.append(f'<text x="{x + 3:.1f}" y="{top - 6}" font-size="10">{escape(name)}</text>')
    for n, (name, value) in enumerate(block.bars):
        y = top + n * row_h
        # cut in the middle: codes of one agency's teams share their start and differ at
        # the end ("TJ-HONGQIAO-SCJG-…-TEAM-1" and "-TEAM-2" both read "…ENFORCEM…")
        shown = name if len(name) <= 26 else name[:12] + "…" + name[-13:]
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(shown)}</text>'
        )
        parts.append(
            f'<rect class="track" x="{label_w}" y="{y + 4}" width="{bar_w}" height="14" '
            'fill="#eaeef2"/>'
        )
        if value is not None:
            share = max(0.0, min(value, block.maximum)) / block.maximum
            colour = BAR_COLOURS[0 if share >= 0.9 else 1 if share >= 0.6 else 2][0]
            parts.append(
                f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{bar_w * share:.1f}"'
                f' height="14" fill="{colour}"><title>{escape(name)}: {shown_score(value)}'
                "</title></rect>"
            )
            parts.append(
                f'<text x="{label_w + bar_w + 6}" y="{y + 15}">{shown_score(value)}</text>'
            )
        else:
            parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 15}">—</text>')
    y = height - 6  # what the colours mean (shares of the maximum, in any language)
    for n, (colour, meaning) in enumerate(BAR_COLOURS):
        x = label_w + n * 90
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{y}" font-size="10">{meaning}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _lines_svg(block: Lines) -> str:
    left, top, width, height, legend = 40, 12, 560, 220, 180
    # tall enough for every legend entry (they ran off the bottom of the chart)
    total_w = left + width + legend
    total_h = max(top + height + 40, top + 14 * len(block.series) + 12)
    count = max(1, len(block.labels) - 1)

    def x(n: int) -> float:
        return left + width * n / count

    def y(value: float) -> float:
        return top + height * (1 - max(0.0, min(value, block.maximum)) / block.maximum)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'width="{total_w}" height="{total_h}" viewBox="0 0 {total_w} {total_h}">',
        f"<title>{escape(block.title)}</title>",
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        value = block.maximum * tick
        parts.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{left + width}" '
            f'y2="{y(value):.1f}" stroke="#d0d7de"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'font-size="10">{value:g}</text>'
        )
    for n, label in enumerate(block.labels):
        parts.append(
            f'<text x="{x(n):.1f}" y="{top + height + 16}" text-anchor="middle" '
            f'font-size="10">{escape(label)}</text>'
        )
    for index, (name, values) in enumerate(block.series):
        # past eight series the colours repeat with another dash: no two lines drawn alike
        colour = PALETTE[index % len(PALETTE)]
        dash = DASHES[index // len(PALETTE) % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        points = [f"{x(n):.1f},{y(v):.1f}" for n, v in enumerate(values) if v is not None]
        parts.append(
            f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="2"{dashed} '
            f'points="{" ".join(points)}"/>'
        )
        for n, v in enumerate(values):
            if v is not None:
                parts.append(
                    f'<circle cx="{x(n):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                    f"<title>{escape(name)}: {shown_score(v)}</title></circle>"
                )
        ly = top + 14 * index + 6
        parts.append(
            f'<line x1="{left + width + 10}" y1="{ly - 3}" x2="{left + width + 30}" '
            f'y2="{ly - 3}" stroke="{colour}" stroke-width="2"{dashed}/>'
            f'<text x="{left + width + 34}" y="{ly + 1}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _wide(block: Table) -> bool:
    """Whether a table prints on a landscape page of its own (many columns, or many of
    text); on a narrow screen it scrolls sideways."""
    align = block.align or ["left"] * len(block.headers)
    texts = sum(1 for a in align if a != "right")
    return len(block.headers) > WIDE_COLUMNS or texts >= WIDE_TEXT_COLUMNS


# characters beyond which a table's first cell may wrap (ids, codes and names stay whole)
LONG_FIRST_CELL = 24


def _table(block: Table, lead: str = "") -> str:
    """A table; ``lead``: the heading that introduces it, printed on its page."""
    align = block.align or ["left"] * len(block.headers)
    wide = " wide" if _wide(block) else ""
    out = [f'<div class="table{wide}">{lead}<table>']
    if block.caption:
        out.append(f"<caption>{escape(block.caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(
            f'<th class="{align[i] if i < len(align) else "left"}">{escape(h)}</th>'
            for i, h in enumerate(block.headers)
        )
        + "</tr></thead><tbody>"
    )
    for n, row in enumerate(block.rows):
        tone = block.tones[n] if block.tones else "plain"
        cells = "".join(
            f'<td class="{align[i] if i < len(align) else "left"}'
            f'{" long" if i == 0 and len(cell) > LONG_FIRST_CELL else ""}">'
            f"{escape(cell).replace(chr(10), '<br>')}</td>"
            for i, cell in enumerate(row)
        )
        out.append(f'<tr class="{tone}">{cells}</tr>')
    out.append("</tbody></table></div>")
    return "".join(out)


def to_html(blocks: list[Block], lang: Lang, *, title: str) -> str:
    """A complete HTML document."""
    body: list[str] = []
    toc: list[str] = []
    first = True
    lead = ""  # a heading held for the landscape page of the wide table it introduces
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            anchor = block.anchor or f"h-{len(body)}"
            classes = ""
            if level == 1:
                classes = ' class="report first"' if first else ' class="report"'
                first = False
                toc.append(f'<li><a href="#{escape(anchor)}">{escape(block.text)}</a></li>')
            heading = f'<h{level} id="{escape(anchor)}"{classes}>{escape(block.text)}</h{level}>'
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if level > 1 and isinstance(following, Table) and _wide(following):
                lead = heading  # printed alone at the foot of a portrait page otherwise
            else:
                body.append(heading)
        elif isinstance(block, Text):
            body.append(f'<p class="{block.tone}">{escape(block.text)}</p>')
        elif isinstance(block, Facts):
            items = "".join(
                f"<dt>{escape(k)}</dt><dd{_tone_class(block.tones.get(k))}>{escape(v)}</dd>"
                for k, v in block.pairs
            )
            body.append(f'<dl class="facts">{items}</dl>')
        elif isinstance(block, Table):
            body.append(_table(block, lead))
            lead = ""
        elif isinstance(block, Bars):
            body.append(
                f"<figure><figcaption>{escape(block.title)}</figcaption>{_bars_svg(block)}</figure>"
            )
        elif isinstance(block, Lines):
            body.append(
                f"<figure><figcaption>{escape(block.title)}</figcaption>{_lines_svg(block)}"
                "</figure>"
            )
    nav = ""
    if len(toc) > 1:
        heading = "目录" if lang == "zh" else "Contents"
        nav = f"<nav><strong>{heading}</strong><ol>{''.join(toc)}</ol></nav>"
    footer = (
        f"本报告由 tj-audit {__version__} 生成"
        if lang == "zh"
        else f"Generated by tj-audit {__version__}"
    )
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # nothing may load or run: the report is self-contained, its only style inline
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{nav}\n{''.join(body)}\n<footer>{escape(footer)}</footer>\n</body>\n</html>\n"
    )


def _tone_class(tone: str | None) -> str:
    """The class attribute of a value given a tone (a capped grade is "bad")."""
    return f' class="{tone}"' if tone in ("good", "warn", "bad") else ""
