"""Checklists, tailoring and attestation files are data: no text in them is ever evaluated.

Every human-readable string of a checklist is replaced by text that would do something if
a template engine, ``str.format``, ``%`` formatting, a shell or ``eval`` ever saw it. Every
command that shows such text must print it verbatim and nothing may run.
"""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import DATA

CANARY = "tj-audit-canary"
HOSTILE = (
    "{{ 7*7 }} {% for x in y %} ${HOME} $(touch " + CANARY + ") "
    "{0.__class__} {__import__('os').system('touch " + CANARY + "')} %(x)s %s "
    "#{7*7} <%= 7*7 %>"
)
# the same text as a TOML basic string
HOSTILE_TOML = json.dumps(HOSTILE)
TEXT_KEYS = ("title", "requirement", "remedy")


def hostile_checklist(folder: Path) -> Path:
    """The mini checklist with every zh/en text of its items and sections made hostile."""
    text = (DATA / "checklists" / "mini.toml").read_text("utf-8")
    for key in TEXT_KEYS:
        text = re.sub(
            rf"^{key} = \{{ zh = \"[^\"]*\", en = \"[^\"]*\" \}}",
            f"{key} = {{ zh = {HOSTILE_TOML}, en = {HOSTILE_TOML} }}",
            text,
            flags=re.MULTILINE,
        )
    text = re.sub(
        r'^(zh|en) = "(执法|司法|Enforcement|Judicial)"',
        rf"\1 = {HOSTILE_TOML}",
        text,
        flags=re.MULTILINE,
    )
    text = text.replace(
        'id = "published-in-time"\n',
        f'id = "published-in-time"\ntitle = {{ zh = {HOSTILE_TOML}, en = {HOSTILE_TOML} }}\n',
    )
    assert text.count(HOSTILE_TOML) >= 30
    path = folder / "hostile.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    monkeypatch.chdir(tmp_path)  # where a `touch` would land
    checklist = hostile_checklist(tmp_path)
    evidence = tmp_path / "evidence"
    shutil.copytree(DATA / "evidence" / "valid", evidence)
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text(
        f"[items.M-JUD-01]\nselected = false\nreason = {HOSTILE_TOML}\n\n"
        f"[items.M-PAY-01.checks.term]\nvalue = 45\nreason = {HOSTILE_TOML}\n",
        "utf-8",
    )
    return checklist, evidence, tailoring


def _rendered_markdown(source: str) -> str:
    """What a reader of the Markdown sees: rendered by a CommonMark parser, tags dropped."""
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").render(source)
    return html_module.unescape(re.sub(r"<[^>]+>", "", rendered))


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return result.output


def test_hostile_texts_are_shown_verbatim_and_never_run(
    setup: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    checklist, evidence, tailoring = setup
    lint = _invoke("checklists", "lint", str(checklist))
    assert "49" not in lint
    outputs = [
        _invoke("checklists", "show", str(checklist), "--lang", "en"),
        _invoke("explain", "M-ENF-01", "--checklist", str(checklist), "--lang", "en"),
    ]
    run = ["run", str(evidence), "--checklist", str(checklist), "--as-of", "2020-07-15"]
    run += ["--no-history", "--tailoring", str(tailoring), "--lang", "en"]
    outputs += [_invoke(*run, "--format", fmt, "--report", "all") for fmt in ("plain", "csv")]
    markdown = _invoke(*run, "--format", "markdown", "--report", "all")
    rendered = _rendered_markdown(markdown)
    # every occurrence renders back to exactly the text: none became emphasis, code or a tag
    assert rendered.count(HOSTILE) == markdown.count("{% for x in y %}") >= 10
    outputs.append(rendered)
    outputs.append(html_module.unescape(_invoke(*run, "--format", "html", "--report", "all")))
    for text in outputs:
        assert HOSTILE in text, text[:2000]
    doc = json.loads(_invoke(*run, "--format", "json"))
    finding = next(f for f in doc["findings"] if f["item"] == "M-ENF-01")
    assert finding["remedy"]["en"] == HOSTILE
    assert [t["reason"] for t in doc["tailoring"]] == [HOSTILE, HOSTILE]
    assert not (tmp_path / CANARY).exists()
    assert not Path(CANARY).exists()
