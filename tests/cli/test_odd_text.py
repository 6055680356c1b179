"""Text the evidence puts into outputs: odd characters and file names never break them."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.renderers.validation.as_sarif import artifact_uri
from tests.conftest import DATA

runner = CliRunner()
MINI = str(DATA / "checklists" / "mini.toml")
VALID = DATA / "evidence" / "valid"


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    """Valid evidence under a non-UTF-8 file name, and a file whose period start holds a
    newline and U+FFFF (neither may appear raw in XML or in a one-line message)."""
    folder = tmp_path / "evidence"
    shutil.copytree(VALID, folder)
    (folder / "court.json").rename(folder / os.fsdecode(b"\xff\xfe.json"))
    doc = json.loads((folder / "enforcement.json").read_text("utf-8"))
    doc["period"]["start"] = "2020-01-01\n\uffff"
    doc["agency"]["a\r\nb\u202e\x00"] = 1  # an unknown key: its path is echoed
    (folder / "enforcement.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return folder


def test_messages_stay_on_one_line(odd: Path) -> None:
    result = runner.invoke(app, ["validate", str(odd), "--checklist", MINI, "--lang", "en"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        line.endswith(
            "$.period.start: a date is written YYYY-MM-DD (ASCII digits), "
            "got '2020-01-01\\n\\uffff'"
        )
        for line in lines
    ), lines
    assert f"{odd}/\\xff\\xfe.json" not in result.output  # valid: not named, but no crash
    # the key's path too: escaped, not a line break, a direction override or a NUL
    assert any("$.agency['a\\r\\nb\\u202e\\x00']: " in line for line in lines), lines
    assert not any(c in result.output for c in "\r\u202e\x00")


@pytest.mark.parametrize("command", ["validate", "run"])
def test_junit_always_parses_and_every_output_is_utf8(command: str, odd: Path) -> None:
    options = ["--checklist", MINI, "--lang", "en"]
    if command == "run":
        options += ["--as-of", "2020-07-15", "--no-history"]
    for fmt in ("junit", "json", "sarif"):
        result = runner.invoke(app, [command, str(odd), *options, "-f", fmt])
        assert result.exit_code == 1, result.output
        result.stdout_bytes.decode("utf-8")  # no lone surrogate written out
        if fmt == "junit":
            root = ET.fromstring(result.stdout_bytes)
            if command == "validate":
                names = {case.get("name", "") for case in root.iter("testcase")}
                assert f"{odd}/\\xff\\xfe.json" in names
                text = "".join(f.text or "" for f in root.iter("failure"))
                assert "got '2020-01-01\\n\\uffff'" in text


def test_sarif_uris_are_uri_references() -> None:
    assert artifact_uri("证据/名 字.json") == "%E8%AF%81%E6%8D%AE/%E5%90%8D%20%E5%AD%97.json"
    # a backslash is part of a name on POSIX (a separator only on Windows); a byte that is
    # not UTF-8, shown as \xb4, is that byte again: neither names a folder
    if os.sep == "/":
        assert artifact_uri("r5/back\\slash.json") == "r5/back%5Cslash.json"
    else:
        assert artifact_uri("evidence\\HQ-FY.json") == "evidence/HQ-FY.json"
    assert artifact_uri("r5/gbk-\\xb4\\xed.json") == "r5/gbk-%B4%ED.json"
    assert artifact_uri("/srv/证据/a.json") == "file:///srv/%E8%AF%81%E6%8D%AE/a.json"
    outside = Path("../o/a b.json").resolve().as_uri()
    assert artifact_uri("../o/a b.json") == outside and outside.endswith("/o/a%20b.json")
    assert artifact_uri("a:b.json") == "a%3Ab.json"  # not a scheme


def test_a_file_named_like_a_workflow_command_does_not_start_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/security.md: evidence cannot issue a GitHub Actions workflow command. A file
    named ::add-mask::x.json began each of its located error lines on stderr."""
    (tmp_path / "::add-mask::secret.json").write_text("{}", "utf-8")
    monkeypatch.chdir(tmp_path)
    for command in (["validate", "."], ["run", ".", "--no-history"]):
        result = runner.invoke(app, [*command, "--lang", "en"])
        lines = result.stdout.splitlines() + result.stderr.splitlines()
        assert any("add-mask::secret.json:1:1" in line for line in lines), lines
        assert not [line for line in lines if line.lstrip().startswith("::")], lines
