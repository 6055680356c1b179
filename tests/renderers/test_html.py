"""The HTML report: self-contained, escaped, and rendered by a real headless browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from audit.engine.result import RunResult
from audit.formats import Report, RunFormat
from audit.renderers.run import render
from tests.conftest import missing_tool

BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _html(result: RunResult, lang: str = "zh", report: Report = Report.ALL) -> str:
    out = render(result, RunFormat.HTML, lang, report=report)  # type: ignore[arg-type]
    assert isinstance(out, str)
    return out


def test_html_is_self_contained(demo_result: RunResult) -> None:
    html = _html(demo_result)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    for forbidden in ("<script", "<link", " src=", "@import", "url("):
        assert forbidden not in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2 + 6  # district + agencies
    assert html.count('class="bar"') >= 6
    assert '<html lang="en">' in _html(demo_result, "en")


def test_every_evidence_text_is_escaped(demo_result: RunResult) -> None:
    hostile = demo_result.model_copy(deep=True)
    hostile.agencies[0].name = '<script>alert("x")</script>'
    hostile.findings[0].responsible.unit = "<img src=x onerror=alert(1)>"
    hostile.evaluator = "</title><script>1</script>"
    html = _html(hostile)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


SCRIPT = "<script>alert(1)</script>"
# values with a grammar (ids, codes, dates, hashes, enumerations): the rest is free text
CONSTRAINED = {
    "format",
    "checklist",
    "checklist_version",
    "code",
    "id",
    "roles",
    "kind",
    "path",
    "sha256",
    "url",
    "claim",
    "decision",
    "case",
    "x-note",
    "$schema",
}
_DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _hostile(value: object, key: str = "") -> object:
    """Every free-text string of an evidence document with a script tag appended."""
    if isinstance(value, dict):
        return {k: _hostile(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile(v, key) for v in value]
    if isinstance(value, str) and key not in CONSTRAINED and not _DATE_LIKE.match(value):
        return value + SCRIPT
    return value


def test_script_in_every_evidence_string_is_escaped_in_every_report(tmp_path: Path) -> None:
    import datetime as dt
    import json

    from audit.demo.run import data_dir
    from audit.engine.run import RunOptions, run_audit

    shutil.copytree(data_dir(), tmp_path, dirs_exist_ok=True)
    files = sorted(tmp_path.glob("*.json"))
    for path in files:
        doc = json.loads(path.read_text("utf-8"))
        path.write_text(json.dumps(_hostile(doc), ensure_ascii=False), "utf-8")
    result = run_audit(files, RunOptions(as_of=dt.date(2020, 7, 15), jobs=1))
    assert not result.invalid, result.invalid  # the hostile text is valid evidence
    assert result.agencies[0].name.endswith(SCRIPT)
    assert any(
        f.responsible.person and f.responsible.person.endswith(SCRIPT) for f in result.findings
    )
    for lang in ("zh", "en"):
        html = _html(result, lang)
        assert "<script" not in html
        assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 20


def test_a_content_security_policy_forbids_loading_and_running_anything(
    demo_result: RunResult,
) -> None:
    html = _html(demo_result)
    assert (
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    ) in html


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    missing_tool("no headless Chromium on this machine (CI installs Debian's chromium)")
    raise AssertionError("unreachable")


def _cjk_font() -> None:
    fc = shutil.which("fc-list")
    listed = (
        subprocess.run([fc, ":lang=zh"], capture_output=True, text=True, check=False).stdout
        if fc
        else ""
    )
    if not listed.strip():
        missing_tool("no CJK font installed (CI installs fonts-noto-cjk)")


def _chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_report_renders_in_a_real_browser(demo_result: RunResult, tmp_path: Path) -> None:
    browser = _browser()
    _cjk_font()
    page = tmp_path / "report.html"
    page.write_text(_html(demo_result), encoding="utf-8")
    profile = tmp_path / "profile"
    dom = _chromium(browser, profile, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert len(re.findall(r"<svg\b", dom.stdout)) == 8
    assert "红桥区市场监督管理局" in dom.stdout
    shot = tmp_path / "report.png"
    done = _chromium(
        browser, profile, "--window-size=1280,2400", f"--screenshot={shot}", page.as_uri()
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a rendered page with charts and tables, not a blank
    artifacts = os.environ.get("AUDIT_TEST_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(artifacts) / "report.png")


PAGE_WIDTH = "document.documentElement.scrollWidth + ' ' + document.documentElement.clientWidth"


def _measured(html: str, tmp_path: Path, width: int, measure: str = PAGE_WIDTH) -> list[int]:
    """Two widths (``measure``, a script expression) of the page loaded in a real browser
    ``width`` px wide. The report's Content-Security-Policy forbids scripts: it is removed
    for this measurement only."""
    probe = (
        "<script>addEventListener('load', () => { const p = document.createElement('pre');"
        f" p.id = 'probe'; p.textContent = {measure}; document.body.append(p); }});</script>"
    )
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    page = tmp_path / "probed.html"
    page.write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")
    dom = _chromium(
        _browser(),
        tmp_path / "profile",
        f"--window-size={width},2000",
        "--virtual-time-budget=5000",
        "--dump-dom",
        page.as_uri(),
    )
    found = re.search(r'<pre id="probe">(\d+) (\d+)</pre>', dom.stdout)
    assert found, dom.stderr[-2000:]
    return [int(n) for n in found.groups()]


def test_a_phone_never_scrolls_the_page_sideways(demo_result: RunResult, tmp_path: Path) -> None:
    """Charts scale down and wide tables scroll inside their own box at 390 px."""
    scroll, client = _measured(_html(demo_result), tmp_path, 390)
    assert scroll <= client, (scroll, client)


def test_a_register_of_many_columns_prints_on_landscape_pages(tmp_path: Path) -> None:
    """The ledger's 16 columns on a portrait A4 page lost five of them off the edge."""
    from audit.renderers.blocks_html import to_html
    from audit.reports.blocks import Heading, Table

    browser = _browser()
    wide = Table([f"column {n}" for n in range(16)], [[f"cell {n}" for n in range(16)]] * 3)
    page = tmp_path / "ledger.html"
    page.write_text(to_html([Heading("Ledger"), wide], "en", title="Ledger"), encoding="utf-8")
    pdf = tmp_path / "ledger.pdf"
    done = _chromium(
        browser,
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
    assert any(float(w) > float(h) for w, h in boxes), boxes  # the table's page: landscape


def test_a_heading_prints_on_the_landscape_page_of_the_table_it_introduces(
    demo_result: RunResult,
) -> None:
    """Each responsible unit's heading printed alone at the foot of a portrait page, its
    findings on the next, landscape one: 6 of 44 pages held a heading and nothing else."""
    html = _html(demo_result, "zh", Report.ACCOUNTABILITY)
    headed = re.findall(r'<div class="table wide"><h([23]) id="[^"]*">([^<]*)</h\1><table>', html)
    assert ("2", "红桥区市场监督管理局 · 法规科") in headed, headed
    # no heading is left outside, right before a landscape table
    assert not re.search(r'</h[23]><div class="table wide">', html)


def test_the_item_table_prints_landscape_and_never_splits_a_word(demo_result: RunResult) -> None:
    """Printed on A4 portrait, the eight-column item table was squeezed until words broke
    ("Outc/ome", "parti/al"): it was meant for a landscape page, and ``overflow-wrap:
    anywhere`` let every column shrink below its longest word."""
    html = _html(demo_result, "en", Report.COMPLIANCE)
    item_tables = re.findall(
        r'<div class="([^"]+)">(?:<h[23][^>]*>[^<]*</h[23]>)?<table>(?:<caption>[^<]*</caption>)?'
        r"<thead><tr><th[^>]*>Item</th><th[^>]*>Requirement",
        html,
    )
    assert item_tables and set(item_tables) == {"table wide"}, item_tables
    # no cell but a long first one (a path, a code) may break inside a word
    rules = re.findall(r"([^}{/]*)\{[^}]*overflow-wrap: anywhere", html)
    assert [rule.strip() for rule in rules] == ["td.long:first-child"]
    assert "overflow-wrap: break-word" in html


def test_a_long_first_cell_wraps_rather_than_push_columns_off_the_page(tmp_path: Path) -> None:
    """A first column kept on one line (a 150-character file path, a long agency name)
    made the table wider than the page: in print the reason and discrepancy columns were
    cut off. A long first cell wraps; short ones (ids) stay whole."""
    from audit.renderers.blocks_html import to_html
    from audit.reports.blocks import Heading, Table

    path = "2020年上半年各单位报送材料/红桥区/区市场监督管理局法规科/" * 3 + "HQ-SFJ.json"
    table = Table(["file", "line", "path", "reason"], [[path, "915:2", "$.agen", "unknown key"]])
    html = to_html([Heading("Invalid"), table], "en", title="Invalid")
    assert '<td class="left long">' in html and '<td class="left">915:2' in html
    widths = (
        "(t => t.offsetWidth + ' ' + t.parentElement.clientWidth)(document.querySelector('table'))"
    )
    table_width, room = _measured(html, tmp_path, 794, widths)  # an A4 page's width
    assert table_width <= room, (table_width, room)


def test_a_crowded_trend_chart_draws_each_line_its_own_way_with_its_whole_legend() -> None:
    """78 agencies in a 272-px chart: the legend ran off its bottom after 19 entries, and
    8 colours repeated, so a falling line was labelled with another agency. The chart
    draws the 16 agencies whose scores moved most (the table keeps every score), each in
    its own colour and dash, with the legend inside the drawing."""
    from audit.renderers.blocks_html import to_html
    from audit.reports.blocks import Lines
    from audit.reports.history_views import trend_view

    trend: list[dict[str, object]] = []
    for n in range(40):
        for run, as_of in ((1, "2020-07-15"), (2, "2020-12-31")):
            score = 90.0 - (n if run == 2 else 0)  # agency n falls by n points
            trend.append(
                {
                    "run": run,
                    "as_of": as_of,
                    "period": "2020",
                    "agency": f"A{n:02d}",
                    "score": score,
                    "max_score": 100.0,
                    "grade": "合格",
                    "grade_en": "Pass",
                }
            )
    chart = next(b for b in trend_view(trend, "en") if isinstance(b, Lines))
    assert [name for name, _ in chart.series] == [f"A{n:02d}" for n in range(24, 40)]
    assert chart.title.startswith("Score (16 of 40 agencies")
    many = Lines("Score", ["#1", "#2"], [(f"A{n}", [50.0, 60.0]) for n in range(32)])
    svg = to_html([many], "en", title="t")
    size = re.search(r'class="chart" width="\d+" height="(\d+)"', svg)
    assert size is not None
    height = int(size.group(1))
    legend = [float(y) for y in re.findall(r'<text x="\d+" y="([\d.]+)">A\d+</text>', svg)]
    assert len(legend) == 32 and max(legend) < height
    styles = re.findall(
        r'<polyline class="series" fill="none" stroke="([^"]+)" '
        r'stroke-width="2"(?: stroke-dasharray="([^"]+)")?',
        svg,
    )
    assert len(styles) == len(set(styles)) == 32


def test_a_score_chart_tells_long_codes_apart_and_says_what_its_colours_mean() -> None:
    """Two codes sharing their first 25 characters were both labelled
    "TJ-HONGQIAO-SCJG-ENFORCEM…" (only a hover told them apart, and print has none), and
    nothing said that green is 90% and over, blue 60 to 90%, red below 60%."""
    from audit.renderers.blocks_html import to_html
    from audit.reports.blocks import Bars

    codes = ["TJ-HONGQIAO-SCJG-ENFORCEMENT-TEAM-1", "TJ-HONGQIAO-SCJG-ENFORCEMENT-TEAM-2"]
    svg = to_html([Bars("Score", [(codes[0], 95.0), (codes[1], 50.0)])], "en", title="t")
    labels = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    assert len(labels) == len(set(labels)) == 2, labels
    assert labels[1].endswith("ENT-TEAM-2") and labels[1].startswith("TJ-HONGQIAO-")
    assert [m for m in ("≥ 90%", "60 – 90%", "&lt; 60%") if m in svg] == [
        "≥ 90%",
        "60 – 90%",
        "&lt; 60%",
    ]
