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


def test_the_report_renders_in_a_real_browser(demo_result: RunResult, tmp_path: Path) -> None:
    browser = _browser()
    _cjk_font()
    page = tmp_path / "report.html"
    page.write_text(_html(demo_result), encoding="utf-8")
    profile = tmp_path / "profile"
    dom = subprocess.run(
        [browser, *BROWSER_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert len(re.findall(r"<svg\b", dom.stdout)) == 8
    assert "红桥区市场监督管理局" in dom.stdout
    shot = tmp_path / "report.png"
    done = subprocess.run(
        [
            browser,
            *BROWSER_FLAGS,
            f"--user-data-dir={profile}",
            "--window-size=1280,2400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a rendered page with charts and tables, not a blank
    artifacts = os.environ.get("AUDIT_TEST_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(artifacts) / "report.png")
