"""Plain, Markdown and terminal reports: content in both languages, no stray Chinese labels."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from audit.demo.run import data_dir
from audit.engine.result import RunResult
from audit.formats import Report, RunFormat
from audit.renderers.run import render
from audit.renderers.run.terminal import render as terminal

CJK = re.compile(r"[\u4e00-\u9fff]")


def squeeze(text: str) -> str:
    """Markdown and plain tables pad their cells: compare with single spaces."""
    return re.sub(r"[ \t]+", " ", text)


def _text(result: RunResult, fmt: RunFormat, lang: str, report: Report) -> str:
    out = render(result, fmt, lang, report=report)  # type: ignore[arg-type]
    assert isinstance(out, str)
    return out


def _evidence_strings() -> list[str]:
    """Every string the agencies wrote (names, units, reasons, ids): these stay Chinese."""
    found: set[str] = {"测试评价人"}

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in data_dir().glob("*.json"):
        walk(json.loads(path.read_text("utf-8")))
    return sorted(found, key=len, reverse=True)


@pytest.mark.parametrize("fmt", [RunFormat.PLAIN, RunFormat.MARKDOWN, RunFormat.HTML])
def test_english_reports_have_no_chinese_but_the_evidence_text(
    demo_result: RunResult, fmt: RunFormat
) -> None:
    text = _text(demo_result, fmt, "en", Report.ALL)
    for quoted in _evidence_strings():
        text = text.replace(quoted, "")
    leftovers = sorted(set(CJK.findall(text)))
    assert leftovers == [], re.findall(r".{0,30}[\u4e00-\u9fff]+.{0,10}", text)[:5]


def test_compliance_report_in_chinese(demo_result: RunResult) -> None:
    text = squeeze(_text(demo_result, RunFormat.MARKDOWN, "zh", Report.COMPLIANCE))
    assert "# 合规评价报告 — 红桥区市场监督管理局" in text
    assert "- **被评价单位**: 红桥区市场监督管理局（HQ-SCJG）" in text
    assert "- **评价人**: 测试评价人" in text
    assert "因关键项未通过，等级上限为“合格”（TJ-ENF-03）" in text
    assert (
        "| TJ-ENF-03 |" in text
        and "4 / 5 条有相符记录（80%）；不符合：津红市监罚〔2020〕21号" in text
    )
    assert "《优化营商环境条例》第五十八条" in text
    assert "### 计分方法说明" in text
    assert "得分 = 100 × Σ(分值 × 得分率) ÷ Σ 分值" in text
    assert "TJ-CRED-03 | 10 | 尚未生效" in text  # excluded and why
    assert "| 章节 | 得分 | 得分 / 分值 |" in text  # two columns, two headings


def test_method_appendix_lets_the_score_be_recomputed(demo_result: RunResult) -> None:
    text = _text(demo_result, RunFormat.PLAIN, "en", Report.COMPLIANCE)
    scjg = text.split("Compliance report — Hongqiao District Market Regulation Bureau")[1]
    scjg = scjg.split("Compliance report —")[0]
    assert "CRED Government integrity" in scjg
    rows = re.findall(r"^(CRED|POL|ENF) .*?\s+(\d+(?:\.\d+)?)\s+(\d+)$", scjg, re.M)
    earned = sum(float(e) for _, e, _ in rows)
    possible = sum(float(p) for _, _, p in rows)
    assert round(100 * earned / possible, 1) == 70.8


def test_accountability_report(demo_result: RunResult) -> None:
    zh = squeeze(_text(demo_result, RunFormat.MARKDOWN, "zh", Report.ACCOUNTABILITY))
    assert "# 问题整改与责任落实报告" in zh
    assert "共发现问题 5 项：关键 1 项，重要 3 项，一般 1 项。" in zh
    assert "## 红桥区市场监督管理局 · 法规科" in zh
    assert "| HQ-SCJG/TJ-ENF-03 |" in zh
    assert "法规科／王某／李某" in zh
    assert "| 2020-07-29 |" in zh
    assert "建议有权机关依据《优化营商环境条例》第六十九条第（十一）项" in zh
    assert "不予免责 | 不符合免责条件“未损害公共利益”" in zh
    assert "予以免责" in zh
    assert (
        "| 红桥区司法局 (HQ-SFJ) | TJ-LEGAL-02 律师服务团服务商会会员企业 | 不符合 | 通过 "
        "| 自评偏低 |" in zh
    )
    en = squeeze(_text(demo_result, RunFormat.MARKDOWN, "en", Report.ACCOUNTABILITY))
    assert "5 findings: 1 critical, 3 major, 1 minor." in en
    assert "Recommend that the competent authority examine the responsibility" in en
    # a citation's qualifier is part of what is cited: the 2024 hotline measure is cited
    # for a 2020 finding as a practice reference only
    assert "《天津市政务服务便民热线管理办法》（作为实践参照，2025年起施行）" in zh
    assert "(as a practice reference, in force from 2025)" in en
    # so is the 2021 revision of the penalty law, cited for a 2020 finding
    assert "art. 58 (2021 revision, in force from 2021-07-15)" in en


def test_district_roll_up(demo_result: RunResult) -> None:
    # the mean of the section scores as the result gives them (83.3333333333 and 100.0 …),
    # to six decimals
    assert demo_result.district.sections["POL"] == 91.666667
    sections = demo_result.district.sections.values()
    assert all(mean is None or round(mean, 6) == mean for mean in sections)
    text = _text(demo_result, RunFormat.PLAIN, "en", Report.DISTRICT)
    assert "District roll-up" in text
    assert re.search(
        r"6\s+Hongqiao District Market Regulation Bureau \(HQ-SCJG\)\s+70\.8\s+"
        r"Pass ⚑",
        text,
    )
    assert re.search(r"HQ-SCJG\s+—\s+100\.0\s+83\.3\s+40\.0", text)
    assert re.search(r"Excellent\s+4", text)
    assert "⚑ a critical item was not passed: the grade is at best the cap" in text  # told
    # the score chart draws the agencies in rank order, as the table and the summary do
    from audit.reports.blocks import Bars
    from audit.reports.district import district
    from audit.reports.summary import summary

    ranked = [e.code for e in demo_result.district.ranking]
    for blocks in (district(demo_result, "en"), summary(demo_result, "en")):
        charts = [b for b in blocks if isinstance(b, Bars) and b.title == "Score"]
        assert [code for code, _ in charts[0].bars] == ranked


def test_a_narrow_terminal_keeps_ids_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns the ledger's finding id read "HQ-FGW/TJ-CRE" / "D-02" (the id a
    clerk types into `ledger close`): a column of ids keeps their width, prose wraps."""
    from rich.console import Console

    from audit.renderers.run.terminal import print_blocks
    from audit.reports.blocks import Table

    ids = ["HQ-FGW/TJ-CRED-02", "HQ-SCJG/TJ-ENF-03"]
    prose = "责任单位／责任人／分管领导，很长的一段说明文字" * 3
    table = Table(
        ["编号", "严重程度", "责任单位", "整改期限", "整改状态", "说明"],
        [[i, "重要", prose, "2020-08-12", "逾期", prose] for i in ids],
    )
    out = Console(width=80, record=True, color_system=None)
    print_blocks([table], out)
    text = out.export_text()
    assert all(i in text for i in ids), text


@pytest.mark.parametrize("width", [80, 120])
def test_no_report_runs_past_the_terminal_edge(demo_result: RunResult, width: int) -> None:
    """At 80 columns the accountability register was 105 wide and the history table 84:
    every row wrapped on a real terminal. A table too wide is printed as cards, one row
    at a time with each cell under its heading's name; one that fits stays a table."""
    from rich.cells import cell_len
    from rich.console import Console

    from audit.formats import Report
    from audit.renderers.run.terminal import print_blocks
    from audit.reports.select import report_blocks

    for report in (Report.SUMMARY, Report.COMPLIANCE, Report.ACCOUNTABILITY, Report.DISTRICT):
        out = Console(width=width, record=True, color_system=None, soft_wrap=True)
        print_blocks(report_blocks(demo_result, report, "zh"), out)
        drawn = [line for line in out.export_text().splitlines() if line[:1] in "┏┃┡│└─"]
        assert drawn and max(map(cell_len, drawn)) <= width, report
    out = Console(width=80, record=True, color_system=None, soft_wrap=True)
    print_blocks(report_blocks(demo_result, Report.ACCOUNTABILITY, "zh"), out)
    text = out.export_text()
    assert "┃ 编号" not in text  # the register as cards
    assert re.search(r"^编号 +HQ-SCJG/TJ-ENF-03", text, re.MULTILINE), text
    out = Console(width=200, record=True, color_system=None, soft_wrap=True)
    print_blocks(report_blocks(demo_result, Report.ACCOUNTABILITY, "zh"), out)
    assert "┃ 编号" in out.export_text()  # room enough: a table


def test_terminal_colours_only_when_asked(demo_result: RunResult) -> None:
    plain = terminal(demo_result, "en")
    assert "\x1b[" not in plain
    coloured = terminal(demo_result, "en", color=True)
    assert "\x1b[31m" in coloured  # failing items in red
    assert "HQ-SCJG" in coloured


def test_terminal_shows_evidence_text_with_brackets_as_written() -> None:
    """Record ids like `PD[case]8` reach reasons and tables: rich read them as markup and
    showed `PD8`, sending an auditor after a record that does not exist."""
    import io

    from rich.console import Console

    from audit.renderers.run.terminal import print_blocks
    from audit.reports.blocks import Bars, Block, Facts, Table

    blocks: list[Block] = [
        Facts([("[b]单位[/b]", "管道[i]局")]),
        Table(headers=["[red]id"], rows=[["PD[case]8", "津红罚[i]12号"]], caption="[x]"),
        Bars("scores", [("A[b]", 50.0)]),
    ]
    buffer = io.StringIO()
    print_blocks(blocks, Console(file=buffer, width=120, no_color=True))
    shown = buffer.getvalue()
    for text in (
        "[b]单位[/b]",
        "管道[i]局",
        "[red]id",
        "PD[case]8",
        "津红罚[i]12号",
        "[x]",
        "A[b]",
    ):
        assert text in shown, text


def test_tables_keep_the_texts_the_report_formatted() -> None:
    """Scores are formatted once, by the report: a table shows `75.0` and `1,200` as given,
    in every column alike (tabulate would parse them as numbers and reformat each column)."""
    from audit.renderers.blocks_text import to_markdown, to_plain
    from audit.reports.blocks import Table

    table = Table(
        headers=["agency", "section", "total", "amount"],
        rows=[["A", "75.0", "75.0", "1,200"], ["B", "100.0", "100.0", "3.50"]],
        align=["left", "right", "right", "right"],
    )
    for text in (to_plain([table]), to_markdown([table])):
        rows = [line.split() for line in text.splitlines() if line.lstrip("| ")[:1] in "AB"]
        cells = [[c for c in row if c != "|"] for row in rows if row]
        assert cells == [["A", "75.0", "75.0", "1,200"], ["B", "100.0", "100.0", "3.50"]]


def test_markdown_keeps_greater_than_readable_and_quotes_nothing() -> None:
    """`>` is written as is inside a line (the raw .md reads `required >= 0.8`), and escaped
    where it would start a block quote; a CommonMark parser renders both back exactly."""
    import html

    from markdown_it import MarkdownIt

    from audit.renderers.blocks_text import to_markdown
    from audit.reports.blocks import Table, Text

    cell, paragraph = "n is 1; required >= 0.8 <b>", "> not a quote"
    source = to_markdown([Table(headers=["why"], rows=[[cell]]), Text(paragraph)])
    assert "required >= 0.8" in source
    rendered = MarkdownIt("commonmark").enable("table").render(source)
    assert "<blockquote>" not in rendered and "<b>" not in rendered
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert cell in shown and paragraph in shown


def test_markdown_headings_and_facts_stay_on_one_line() -> None:
    """An agency name typed over two lines ended its heading half-way: the second line
    became a paragraph of its own."""
    from markdown_it import MarkdownIt

    from audit.renderers.blocks_text import to_markdown
    from audit.reports.blocks import Facts, Heading

    name = "管道|局\n第二行"
    source = to_markdown([Heading(name, 2), Facts([("单位", name)])])
    tokens = MarkdownIt("commonmark").parse(source)
    heading = next(t for t in tokens if t.type == "inline")
    assert heading.content.replace("\\", "") == "管道|局 第二行"
    assert sum(t.type == "paragraph_open" for t in tokens) == 1  # the list item's only
    assert sum(t.type == "heading_open" for t in tokens) == 1


def test_scores_never_read_as_a_band_they_did_not_reach() -> None:
    """59.96 rounded to one decimal is 60.0, printed beside "Fail" and a gate line saying
    59.96 < 60: two decimals, cut, where rounding would carry a score over a whole number."""
    from audit.reports.labels import points_text, score_text

    assert [score_text(s) for s in (59.96, 59.999, 62.5, 62.46, 100.0, 0.04)] == [
        "59.96",
        "59.99",
        "62.5",
        "62.5",
        "100.0",
        "0.0",
    ]
    assert score_text(36.666667, 40.0) == "36.67 / 40"  # flat models: points, not 36.6667
    assert [points_text(p) for p in (6.666667, 15.0, 12.5, 12345.0)] == [
        "6.67",
        "15",
        "12.5",
        "12345",
    ]


def test_scores_and_points_round_half_up_and_never_onto_a_line_they_are_under() -> None:
    """79.96 was cut to 79.95 (7995.999… hundredths in floats) beside a gate saying
    79.96 < 80; 61.25 showed as 61.2 (half to even); an item earning 9.998 of 10 read
    "10 / 10" though partial."""
    from audit.reports.labels import points_text, shown_score

    assert [shown_score(s) for s in (79.96, 64.96, 69.99, 61.25, 90.25, 99.995)] == [
        "79.96",
        "64.96",
        "69.99",
        "61.3",
        "90.3",
        "99.99",
    ]
    # a hand-edited maximum of 1e30 ended the report in an internal error (decimal context)
    assert (shown_score(1e27), points_text(1e300)) == ("1e+27", "1e+300")
    assert [points_text(p) for p in (9.998, 39.998, 31.985, 0.125, -0.5)] == [
        "9.99",
        "39.99",
        "31.99",
        "0.13",
        "-0.5",
    ]


def test_a_run_s_own_grade_lines_and_gate_are_guarded_like_whole_numbers(
    demo_result: RunResult,
) -> None:
    """HQ-GOV scores 96.15: shown as 96.2 (demo.md), unless the run compares it with 96.2
    — a grade line of its checklist (a score shown as 96.2 beside a grade whose line is
    96.2 but not reached) or a --fail-under gate (failing at a score shown equal to it)."""

    def gov(result: RunResult) -> str:
        text = _text(result, RunFormat.PLAIN, "en", Report.DISTRICT)
        return next(line for line in text.splitlines() if "(HQ-GOV)" in line)

    assert " 96.2 " in gov(demo_result)
    gated = demo_result.model_copy(deep=True)
    gated.gates = {"fail_under": 96.2, "fail_on": None, "failed": ["HQ-GOV: 96.15 < 96.2"]}
    assert " 96.15 " in gov(gated) and " 96.2 " not in gov(gated)
    banded = demo_result.model_copy(deep=True)
    banded.catalogue.grades[0]["min"] = 96.2
    assert " 96.15 " in gov(banded)


def test_a_grade_without_exemptions_capped_by_an_exempted_item_says_why(
    demo_result: RunResult,
) -> None:
    """A 90.0 without exemptions beside "Pass", and no word why: the cap came from a
    critical item that failed and was exempted (the grade itself is not capped)."""
    capped = demo_result.model_copy(deep=True)
    agency, item = next(
        (a, i) for a in capped.agencies for i in a.items if i.excluded == "exempted"
    )
    item.severity = "critical"
    note = (
        f"without exemptions, grade at best Pass, because critical items are not passed ({item.id})"
    )
    for fmt, report in ((RunFormat.MARKDOWN, Report.COMPLIANCE), (RunFormat.PLAIN, Report.SUMMARY)):
        assert note in _text(capped, fmt, "en", report)
        assert note not in _text(demo_result, fmt, "en", report)
    assert agency.grade_capped_by == []


def test_different_scores_at_different_places_never_show_alike(demo_result: RunResult) -> None:
    """70.83 (6th) and 70.8 (7th) both read "70.8" in the ranking."""
    from audit.reports.labels import told_apart

    assert told_apart([70.833333, 70.8, 96.15, 70.833334]) == {
        70.833333: "70.833333",
        70.833334: "70.833334",
        70.8: "70.800000",
        96.15: "96.2",
    }
    close = demo_result.model_copy(deep=True)
    fgw = next(e for e in close.district.ranking if e.code == "HQ-FGW")
    fgw.score = 70.8
    text = _text(close, RunFormat.PLAIN, "en", Report.DISTRICT)
    ranks = [line for line in text.splitlines() if "(HQ-SCJG)" in line or "(HQ-FGW)" in line]
    assert " 70.83 " in ranks[0] + ranks[1] and " 70.80 " in ranks[0] + ranks[1]


def test_the_tailoring_table_names_fields_and_severities_in_chinese(
    demo_result: RunResult,
) -> None:
    """The Chinese method appendix printed `major`, `critical`, `points` and `min_share`
    raw, and a threshold of 0.123456789 as 0.123457."""
    from audit.engine.result import TailoringChange
    from audit.reports.blocks import Table
    from audit.reports.compliance import tailoring_blocks

    tailored = demo_result.model_copy(deep=True)
    tailored.tailoring = [
        TailoringChange(target="TJ-ENF-03", field="severity", old="critical", new="major"),
        TailoringChange(target="TJ-ENF-01/c", field="min_share", old=1.0, new=0.123456789),
    ]
    [table] = tailoring_blocks(tailored, "zh")
    assert isinstance(table, Table)
    assert table.rows[0][1:4] == ["严重程度（severity）", "关键", "重要"]
    assert table.rows[1][1:4] == ["最低比例（min_share）", "1", "0.123456789"]


def test_low_coverage_says_by_how_much_it_passed_a_fifth(demo_result: RunResult) -> None:
    """10 of 49 points excluded read "20% of the applicable points" under a rule of "more
    than 20%"."""
    flagged = demo_result.model_copy(deep=True)
    agency = flagged.agencies[0]
    agency.low_coverage = True
    agency.coverage = {"applicable_points": 49, "excluded_points": 10, "excluded_share": 10 / 49}
    text = _text(flagged, RunFormat.PLAIN, "en", Report.COMPLIANCE)
    assert "20.41%" in text and " 20% " not in text


def test_explanations_show_large_numbers_in_full() -> None:
    """12345 read 1.234e+04 (and so 12340) in a ratio's reason; 12001 read 1.2e+04."""
    from audit.engine.checks.results import num

    assert [num(v) for v in (12345.0, 12001.0, 25789.86, 0.09996, 1.5, 7)] == [
        "12345",
        "12001",
        "25789.86",
        "0.09996",
        "1.5",
        "7",
    ]


def test_the_method_appendix_states_each_partial_credit_rule(demo_result: RunResult) -> None:
    """ "5 / 10" for 95% on time could not be recomputed: the tiers were printed nowhere."""
    text = _text(demo_result, RunFormat.MARKDOWN, "en", Report.COMPLIANCE)
    scjg = text[text.index("(HQ-SCJG)") :]
    row = next(
        line for line in scjg.splitlines() if line.startswith("| TJ-ENF-01 ") and "tiers" in line
    )
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells == ["TJ-ENF-01", "tiers: ≥ 1 → 1; ≥ 0.95 → 0.5, else 0", "0.5", "5 / 10"]
    zh = _text(demo_result, RunFormat.MARKDOWN, "zh", Report.COMPLIANCE)
    assert "线性得分：0.4 时为 0，0.55 时为满分，其间按比例" in zh
    assert demo_result.catalogue.items["TJ-ENF-01"].scoring is not None
    assert demo_result.catalogue.items["TJ-ENF-03"].scoring is None


def test_fallback_years_are_shown_as_ranges() -> None:
    from audit.reports.blocks import Text
    from audit.reports.summary import fallback_note

    [many] = fallback_note([2003, *range(2027, 10000), 2001], "en")
    assert isinstance(many, Text)
    assert many.text.startswith("2001, 2003, 2027–9999 lie outside")
    [one] = fallback_note([2027], "en")
    assert isinstance(one, Text) and one.text.startswith("2027 lies outside")


@pytest.mark.parametrize("fmt", [RunFormat.PLAIN, RunFormat.MARKDOWN])
def test_evidence_cannot_start_a_line_of_a_ci_log(demo_result: RunResult, fmt: RunFormat) -> None:
    """A name with a line break printed "::warning title=INJECTED::pwned" at the start of
    a line of `audit run`'s output, a command to a GitHub Actions runner; a name that
    began with "::" did so without one."""
    result = demo_result.model_copy(deep=True)
    result.agencies[0].name_en = "Bureau\n::warning title=INJECTED::pwned"
    result.agencies[1].name_en = "::add-mask::x"
    result.findings[0].responsible.unit = "法规科\r\n::error::x"
    text = _text(result, fmt, "en", Report.ALL)
    assert not [line for line in text.splitlines() if line.lstrip().startswith("::")]
    assert "Bureau ::warning title=INJECTED::pwned" in text
    assert ": :add-mask::x" in text


def test_markdown_facts_keep_numbers_as_written(demo_result: RunResult) -> None:
    text = _text(demo_result, RunFormat.MARKDOWN, "zh", Report.COMPLIANCE)
    assert "- **得分**: 75.0" in text and "75\\.0" not in text


def test_a_terminal_that_folds_long_text_cannot_start_a_command(demo_result: RunResult) -> None:
    """rich folds a long name at the console's width: words and spaces alone put
    "::error" at the start of a line of an 80-column CI log."""
    result = demo_result.model_copy(deep=True)
    result.agencies[0].name = "张某" + " 审核" * 12 + " ::error title=W::x"
    for width in (40, 80):
        text = terminal(result, "zh", report=Report.COMPLIANCE, width=width)
        assert not [line for line in text.splitlines() if line.lstrip().startswith("::")]
        assert ": :error" in text


def test_checklist_text_cannot_start_a_command_in_explain_or_show(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from audit.cli import app
    from tests.conftest import DATA

    text = (DATA / "checklists" / "mini.toml").read_text("utf-8")
    text = text.replace('remedy = { zh = "', 'remedy = { zh = "整改\\r\\n::error::x', 1)
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(text, "utf-8")
    runner = CliRunner()
    item = "M-ENF-01"  # the first item: its remedy is the one made hostile
    for args in (
        ["explain", item, "--checklist", str(hostile)],
        ["checklists", "show", str(hostile)],
    ):
        shown = runner.invoke(app, args)
        assert shown.exit_code == 0, shown.output
        assert not [line for line in shown.output.splitlines() if line.lstrip().startswith("::")]


def test_no_line_separator_of_any_kind_lets_a_command_lead() -> None:
    from audit.reports.blocks import unstarted

    for sep in ("\n", "\r", "\u2028", "\u2029", "\x85", "\x0b"):
        text = unstarted(f"标题{sep}::error title=T::x")
        assert "::error" not in text.replace(": :error", "")


def test_a_reason_is_cut_at_the_same_width_in_both_languages(demo_result: RunResult) -> None:
    """The terminal summary cut reasons at 160 characters: the English of TJ-PUB-02 (HQ-GOV)
    lost its figures ("= 30 ÷ 40 = 0.75 (75%); required >= 0.8"), which the Chinese, half
    as many characters, kept."""
    import re

    english = re.sub(r"[│\s]+", " ", terminal(demo_result, "en", width=200))
    assert "= 30 ÷ 40 = 0.75 (75%); required >= 0.8" in english
    chinese = re.sub(r"[│\s]+", " ", terminal(demo_result, "zh", width=200))
    assert "= 30 ÷ 40 = 0.75 (75%)，要求 >= 0.8" in chinese


def test_chart_labels_of_any_length_keep_the_bars_in_line() -> None:
    """Labels were padded to 12 characters: a longer agency code (up to 64, evidence.md)
    pushed its bar out of line, and a Chinese name counted half its width."""
    from audit.i18n import cells
    from audit.renderers.blocks_text import to_markdown, to_plain
    from audit.reports.blocks import Bars, Lines

    names = ["I-court", "I-enforcement_supervision", "红桥区法院"]
    bars = Bars("scores", [(name, 50.0 + n) for n, name in enumerate(names)])
    lines = Lines("trend", ["a", "b"], [(name, [40.0, 60.0 + n]) for n, name in enumerate(names)])
    for text in (to_plain([bars, lines]), to_markdown([bars, lines])):
        for mark in ("█", "▅"):  # where each bar, and each sparkline, starts
            starts = {cells(line[: line.index(mark)]) for line in text.splitlines() if mark in line}
            assert len(starts) == 1, text


def test_numbers_are_shown_as_written_where_a_reader_checks_them() -> None:
    """`:g` printed a threshold of 12345678.9 as 1.23457e+07 (12,345,700, not what is
    checked); 0.004 points printed as 0; a score drop of 0.01 as "-0.0"."""
    from audit.checklist.describe import exact, literal
    from audit.reports.history_views import _delta_text
    from audit.reports.labels import points_text

    assert [literal(12345678.9), literal(1e6), literal(0.95), exact(1234.5678)] == [
        "12345678.9",
        "1000000",
        "0.95",
        "1234.5678",
    ]
    assert [points_text(0.004), points_text(6.666), points_text(15.0)] == ["0.004", "6.67", "15"]
    assert [_delta_text(-0.01), _delta_text(0.0), _delta_text(2.345)] == ["-0.01", "0.0", "+2.3"]


def test_a_compliance_report_of_a_run_that_audited_no_agency_says_so(
    demo_result: RunResult,
) -> None:
    """It was empty: 0 bytes in Markdown and plain text, an empty page in HTML."""
    from audit.engine.result import InvalidFile
    from audit.formats import Report
    from audit.renderers.blocks_text import to_markdown
    from audit.reports.select import report_blocks

    problem = {
        "file": "bad.json",
        "line": 1,
        "column": 2,
        "path": "$.format",
        "severity": "error",
        "code": "evidence.format",
        "message": {"zh": "格式不对", "en": "wrong format"},
    }
    empty = demo_result.model_copy(
        update={
            "agencies": [],
            "findings": [],
            "invalid": [InvalidFile(file="bad.json", errors=[problem])],
        }
    )
    text = to_markdown(report_blocks(empty, Report.COMPLIANCE, "en"))
    assert text.startswith("# Compliance report")
    assert "no agency was audited in this run" in text
    assert "| bad.json:1:2 | $.format" in text and "wrong format" in text
    # the whole report (run's default for documents) began with an empty roll-up
    whole = to_markdown(report_blocks(empty, Report.ALL, "en"))
    assert whole.startswith("# Business-environment compliance audit")
    assert "no agency was audited in this run" in whole and "Rank" not in whole


def test_the_discrepancy_table_heads_its_last_column_for_what_it_holds(
    demo_result: RunResult,
) -> None:
    """The column of "overstated" / "understated" was headed "Outcome" (结论), beside
    "Verified" (核查结论)."""
    import re

    from audit.formats import Report
    from audit.i18n import Lang
    from audit.renderers.blocks_text import to_markdown
    from audit.reports.select import report_blocks

    langs: tuple[tuple[Lang, str, str], ...] = (
        ("en", "Claim", "Discrepancy"),
        ("zh", "自评", "差异类型"),
    )
    for lang, claim, head in langs:
        text = to_markdown(report_blocks(demo_result, Report.ACCOUNTABILITY, lang))
        headers = [
            [cell.strip() for cell in line.strip("|").split("|")]
            for line in text.splitlines()
            if re.match(rf"\|[^|]+\|[^|]+\| {claim} ", line)
        ]
        assert headers and headers[0][-1] == head, headers


def test_a_grade_capped_by_a_critical_item_is_marked_where_it_is_shown(
    demo_result: RunResult,
) -> None:
    """The compliance report's cover set the capped grade's tone, and no renderer read it:
    HQ-SCJG's capped "Pass" looked like any other grade."""
    from audit.formats import Report
    from audit.renderers.run.html import render as html

    page = html(demo_result, "en", report=Report.COMPLIANCE)
    graded = re.findall(r"<dt>Grade</dt><dd([^>]*)>([^<]*)</dd>", page)
    capped = [a.code for a in demo_result.agencies if a.grade_capped_by]
    assert capped and [cls for cls, _ in graded].count(' class="bad"') == len(capped), graded
    coloured = terminal(demo_result, "en", report=Report.COMPLIANCE, color=True)
    grades = [line for line in coloured.splitlines() if re.match(r"(\x1b\[[0-9;]*m)*Grade ", line)]
    assert sum("\x1b[31m" in line for line in grades) == len(capped), grades


def _judged_item(checks: list[Any], outcome: str, **scored: Any) -> Any:
    """An item result of ``checks`` (a minor one of 5 points unless ``scored`` says)."""
    from audit.engine.result import ItemResult

    fields = {"points": 5.0, "severity": "minor", "earned": 0.0, **scored}
    return ItemResult(id="T-1", section="S", outcome=outcome, checks=checks, **fields)


def test_a_reason_two_checks_share_is_said_once() -> None:
    """TJ-CRED-07's count and deadline checks both found conditional_acceptances missing:
    the terminal reason said "… was not submitted; … was not submitted"."""
    from audit.engine.result import Bilingual, CheckResult
    from audit.reports.summary import reason

    missing = Bilingual(zh="未提交 records.x", en="records.x was not submitted")
    checks = [
        CheckResult(id=name, kind=kind, outcome="missing", explanation=missing)
        for name, kind in (("some", "count"), ("in-time", "deadline"))
    ]
    late = Bilingual(zh="逾期 1 件", en="1 late")
    checks.append(CheckResult(id="other", kind="deadline", outcome="fail", explanation=late))
    item = _judged_item(checks, "missing")
    assert reason(item, "en") == "records.x was not submitted; 1 late"
    assert reason(item, "zh") == "未提交 records.x；逾期 1 件"


def test_a_partial_item_whose_checks_all_passed_says_why() -> None:
    """An item made partial by its scale (45 ÷ 50 = 0.9 passes >= 0.8, and earns 80% on a
    linear scale) showed "—" as its reason, though the method appendix promises the value
    is there; the finding said it with its credit."""
    from audit.engine.result import Bilingual, CheckResult
    from audit.reports.summary import reason

    measured = Bilingual(zh="45 ÷ 50 = 0.9", en="45 ÷ 50 = 0.9")
    check = CheckResult(id="share", kind="ratio", outcome="pass", explanation=measured, credit=0.8)
    item = _judged_item([check], "partial", points=10.0, severity="major", credit=0.8, earned=8.0)
    assert reason(item, "en") == "45 ÷ 50 = 0.9 (credit 80%)"
    assert reason(item, "zh") == "45 ÷ 50 = 0.9（得分率 80%）"
    full = item.model_copy(update={"checks": [check.model_copy(update={"credit": 1.0})]})
    assert reason(full, "en") == "—"


def test_an_agency_nothing_applied_to_is_said_to_be_unassessed(tmp_path: Path) -> None:
    """An agency whose every item was not applicable showed an empty section chart and
    table, and then "No problems found", as if it had been assessed and passed."""
    import datetime as dt
    import json

    from audit.engine.run import RunOptions, run_audit
    from audit.reports.blocks import Bars, Table, Text
    from audit.reports.compliance import compliance
    from audit.reports.summary import agency_blocks
    from tests.conftest import DATA

    case = DATA / "scoring" / "hair"
    doc = json.loads((case / "A1.json").read_text("utf-8"))
    doc["facts"] = {"paid": 0, "due": 0}  # a ratio over nothing: not applicable
    path = tmp_path / "A0.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    options = RunOptions(checklist=str(case / "checklist.toml"), as_of=dt.date(2020, 7, 15))
    result = run_audit([path], options)
    (agency,) = result.agencies
    assert agency.score is None
    for blocks in (agency_blocks(agency, result, "en"), compliance(result, agency, "en")):
        texts = [b.text for b in blocks if isinstance(b, Text)]
        assert "No item applies to this agency: nothing was assessed" in texts
        assert "No problems found" not in texts
        assert not [b for b in blocks if isinstance(b, Bars)]
        assert not [b for b in blocks if isinstance(b, Table) and b.headers[0] == "Section"]


def test_chinese_text_uses_chinese_punctuation_and_measure_words(
    demo_result: RunResult,
) -> None:
    """Half-width "; " and "(HQ-FY)" inside Chinese sentences, and bare counts
    ("关键 1，重要 3", "优秀: 4"), read as machine output to a clerk."""
    from audit.reports.accountability import finding_rows
    from audit.reports.blocks import Heading, Table, Text
    from audit.reports.district import district
    from audit.reports.summary import summary

    blocks = summary(demo_result, "zh")
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert "红桥区人民法院（HQ-FY）" in headings
    texts = [b.text for b in blocks if isinstance(b, Text)]
    assert any("（关键 1 项、重要 3 项、一般 1 项）" in t for t in texts), texts
    assert any(
        isinstance(b, Table) and b.headers == ["等级", "单位数"]
        for b in district(demo_result, "zh")
    )
    rows = finding_rows(demo_result, demo_result.findings, "zh")
    basis = next(r[2] for r in rows if r[0] == "HQ-SCJG/TJ-ENF-03")
    assert "；" in basis and "; " not in basis


def test_a_roll_up_over_several_districts_says_it_ranks_them_together(
    demo_result: RunResult,
) -> None:
    """With agencies of 17 districts the summary's single ranking was headed 区级汇总, as if
    it were one district's."""
    from audit.reports.blocks import Heading
    from audit.reports.district import district
    from audit.reports.summary import summary

    def headings(result: RunResult) -> list[str]:
        blocks = [*summary(result, "en"), *district(result, "en")]
        return [b.text for b in blocks if isinstance(b, Heading)]

    assert headings(demo_result).count("District roll-up") == 2
    moved = demo_result.model_copy(deep=True)
    moved.agencies[0].district = "河东区"
    assert headings(moved).count("District roll-up (2 districts ranked together)") == 2


def test_a_card_keeps_room_for_its_values_on_a_very_narrow_terminal() -> None:
    """At 50 columns a card's long heading took the whole line, kept on one line, and the
    card showed its headings with no value at all."""
    from rich.cells import cell_len
    from rich.console import Console

    from audit.renderers.run.terminal import print_blocks
    from audit.reports.blocks import Table

    headers = ["Code", "Set aside (not applicable, deselected or exempted)", "Regressed"]
    rows = [[f"HQ-{n}", "TJ-LEAD-02", "TJ-CRED-02"] for n in range(3)] * 4
    table = Table(headers * 3, [row * 3 for row in rows])  # nine columns: no room as a table
    out = Console(width=50, record=True, color_system=None, soft_wrap=True)
    print_blocks([table], out)
    lines = out.export_text().splitlines()
    assert max(map(cell_len, lines)) <= 50
    assert sum("TJ-CRED-02" in line for line in lines) == 3 * 12
    assert any(line.startswith("Regressed") and "TJ-CRED-02" in line for line in lines)


def test_an_agency_whose_items_are_all_exempted_is_not_said_to_be_unassessed(
    tmp_path: Path,
) -> None:
    """Its only item exempted (granted), the compliance report said "nothing was assessed"
    beside a score without exemptions of 50 and an item table listing it as exempted."""
    import datetime as dt

    from audit.engine.run import RunOptions, run_audit
    from audit.reports.blocks import Text
    from audit.reports.compliance import compliance
    from tests.conftest import DATA

    case = DATA / "scoring" / "hair"
    options = RunOptions(checklist=str(case / "checklist.toml"), as_of=dt.date(2020, 7, 15))
    result = run_audit([case / "A1.json"], options)
    (agency,) = result.agencies
    agency.items[0].excluded = "exempted"  # as a granted exemption leaves it: no section
    agency.sections = [s.model_copy(update={"score": None}) for s in agency.sections]
    texts = [b.text for b in compliance(result, agency, "en") if isinstance(b, Text)]
    assert "No item applies to this agency: nothing was assessed" not in texts


def test_a_period_reads_as_chinese_writes_it(demo_result: RunResult) -> None:
    """ "2020-01-01 – 2020-06-30" in a Chinese report, where the messages write 至."""
    from audit.reports.blocks import Facts
    from audit.reports.summary import summary

    pairs = [p for b in summary(demo_result, "zh") if isinstance(b, Facts) for p in b.pairs]
    assert ("期间", "2020-01-01 至 2020-06-30") in pairs
    pairs = [p for b in summary(demo_result, "en") if isinstance(b, Facts) for p in b.pairs]
    assert ("Period", "2020-01-01 – 2020-06-30") in pairs


FITS = [
    ["2020-06-30", "x" * 30, "x" * 30, "x" * 30, "办理时限超过法定期限", "review pending"],
    ["D-02", "ok", "不合格", "review pending", "abc def", "abc def"],
]
ID, HQ, ZH = "TJ-" + "9" * 22, "HQ-FGW/TJ-CRE-01", "办理时限超过法定期限"
OVER = [
    [ID, "x" * 30, "2020-06-30", "x" * 30, ID, HQ],
    [HQ, "2020-06-30", "2020-06-30", ZH, ZH, HQ],
]


# fits at 120 (a column of prose has no minimum): a table; does not (ids keep their
# width): cards
@pytest.mark.parametrize(("rows", "fits"), [(FITS, True), (OVER, False)])
def test_a_table_is_measured_with_its_whole_columns_minimums(
    rows: list[list[str]], fits: bool
) -> None:
    """The width check drew a sample of rows whose column minimums were worked out from the
    sample alone: a table that fits was printed as cards, and one that does not ran past
    the edge. Whatever it decides, nothing is wider than the terminal, and a table is kept
    where one fits."""
    import io

    from rich.cells import cell_len
    from rich.console import Console

    from audit.renderers.run.terminal import print_blocks
    from audit.reports.blocks import Table

    table = Table(["H0", "H1", "H2", "H3", "H4", "H5"], rows)
    drawn = io.StringIO()
    print_blocks([table], Console(width=120, file=drawn, color_system=None, soft_wrap=True))
    lines = drawn.getvalue().splitlines()
    assert max(map(cell_len, lines)) <= 120
    assert ("┏" in drawn.getvalue()) == fits
