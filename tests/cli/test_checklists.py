"""``audit checklists list | show | lint`` and ``audit schema``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import DATA

runner = CliRunner()


def test_list_shows_the_bundled_checklist() -> None:
    result = runner.invoke(app, ["checklists", "list", "--lang", "en"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("tianjin"))
    assert row.split()[:3] == ["tianjin-bizenv", "2020.1", "34"]
    assert "Tianjin law-based business environment compliance checklist" in row


def test_show_text_and_json() -> None:
    text = runner.invoke(app, ["checklists", "show", "tianjin-bizenv"])
    assert text.exit_code == 0, text.output
    assert "TJ-ENF-03" in text.output and "共 34 项" in text.output
    js = runner.invoke(app, ["checklists", "show", "tianjin-bizenv", "--format", "json"])
    data = json.loads(js.stdout)
    assert data["checklist"]["id"] == "tianjin-bizenv"
    assert len(data["items"]) == 34


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_show_text_has_the_whole_vocabulary(lang: str) -> None:
    result = runner.invoke(
        app, ["checklists", "show", str(DATA / "checklists" / "mini.toml"), "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.output.splitlines()]
    expected = {
        "en": [
            "Grades: Excellent ≥ 90, Pass ≥ 60, Fail ≥ 0; capped at Pass while a critical item "
            "is not passed",
            "Facts:",
            "cases_accepted  Cases accepted  integer  件",
            "online          Online filing   boolean",
            "Record sets (every record also has an id; ? marks an optional field):",
            "  penalty_decisions  Penalty decisions; primary date: decided",
            "      published  date?",
            "  members  Members; no primary date",
            "Document kinds:",
            "fault_tolerance_decision  Fault-tolerance decision",
        ],
        "zh": [
            "等级：优秀 ≥ 90, 合格 ≥ 60, 不合格 ≥ 0；存在关键项未通过时最高为 合格",
            "事实:",
            "cases_accepted  受理案件数    integer  件",
            "记录集（每条记录另有 id；类型后的 ? 表示可选）:",
            "  penalty_decisions  行政处罚决定；主日期 decided",
            "      paid_at    datetime?",
            "  members  会员；无主日期",
            "文书类型:",
            "fault_tolerance_decision  容错免责认定文书",
        ],
    }[lang]
    for line in expected:
        assert line in lines, line
    if lang == "en":  # only the checklist's units are Chinese
        text = result.output.replace("件", "").replace("万元", "")
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), text


def test_show_unknown_checklist_suggests() -> None:
    result = runner.invoke(app, ["checklists", "show", "tianjin-bizen", "--lang", "en"])
    assert result.exit_code == 3
    assert "did you mean 'tianjin-bizenv'?" in result.output


def test_lint_bundled_is_clean() -> None:
    result = runner.invoke(app, ["checklists", "lint", "--strict"])
    assert result.exit_code == 0, result.output


def test_lint_rejects_a_guessed_tianjin_article() -> None:
    broken = "tests/data/checklists/broken/tianjin-article-unknown.toml"
    result = runner.invoke(app, ["checklists", "lint", broken, "--lang", "en"])
    assert result.exit_code == 3
    assert "tj-bizenv-2019 article 30 is not in the registry" in result.output


def _schema(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "schema.json"
    result = runner.invoke(app, ["schema", *args, "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("args", [[], ["--checklist", str(DATA / "checklists" / "mini.toml")]])
def test_schema_accepts_valid_and_rejects_invalid_evidence(tmp_path: Path, args: list[str]) -> None:
    import jsonschema

    schema = json.loads(_schema(tmp_path, *args).read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for path in sorted((DATA / "evidence" / "valid").glob("*.json")):
        assert list(validator.iter_errors(json.loads(path.read_text("utf-8")))) == [], path
    invalid = DATA / "evidence" / "invalid"
    for name in (
        "format-wrong",
        "agency-code-invalid",
        "document-no-location",
        "claim-na-without-justification",
        "datetime-no-offset",
        # where the schema's dialect can say it as the validator does
        *(["datetime-space"] if args else []),  # a record field: typed by a checklist only
        *(["number-out-of-range"] if args else []),  # 1e999, read as inf: a number no more
        "record-id-blank",  # a blank id, as the validator says, not only an empty one
        "agency-code-newline",  # "$" before a final newline, in Python's patterns
        "agency-name-blank",
        "document-url-blank",
        "document-url-scheme",
        # hidden text, wherever it is (x- members too), and paths that name no file
        "control-character",
        "bidi-override",
        "hidden-text-in-extensions",
        "attachment-path-empty",
        "attachment-path-blank",
    ):
        doc = json.loads((invalid / f"{name}.json").read_text("utf-8"))
        assert list(validator.iter_errors(doc)), name


def test_schema_patterns_end_at_the_end_in_python_as_in_ecma(tmp_path: Path) -> None:
    """Python's "$" also matches before a final newline, so python-jsonschema (and
    check-jsonschema) took "T1\\n" for an agency code: no pattern has a bare "$"."""
    import re

    text = _schema(tmp_path, "--checklist", "tianjin-bizenv").read_text("utf-8")
    patterns = re.findall(r'"pattern": ("(?:[^"\\]|\\.)*")', text)
    assert patterns and not [p for p in patterns if re.search(r"(?<!\\)\$", json.loads(p))]


def test_checklist_schema_knows_the_names(tmp_path: Path) -> None:
    import jsonschema

    schema = json.loads(_schema(tmp_path, "--checklist", "tianjin-bizenv").read_text("utf-8"))
    records = schema["properties"]["records"]["properties"]
    assert records["penalty_decisions"]["items"]["required"] == [
        "id",
        "decided",
        "major",
        "repair_notice",
    ]
    assert "TJ-ENF-03" in schema["properties"]["items"]["properties"]
    jsonschema.Draft202012Validator.check_schema(schema)
    invalid = DATA / "evidence" / "invalid"
    doc = json.loads((invalid / "fact-unknown.json").read_text("utf-8"))
    doc["checklist"] = "tianjin-bizenv"
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(doc))


def test_check_jsonschema_uses_the_exported_schema(tmp_path: Path) -> None:
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    if not Path(tool).exists():
        pytest.skip("check-jsonschema is not installed")
    schema = _schema(tmp_path, "--checklist", str(DATA / "checklists" / "mini.toml"))
    valid = sorted(str(p) for p in (DATA / "evidence" / "valid").glob("*.json"))
    ok = subprocess.run(
        [tool, "--schemafile", str(schema), *valid], capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = subprocess.run(
        [
            tool,
            "--schemafile",
            str(schema),
            str(DATA / "evidence" / "invalid" / "fact-wrong-type.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "cases_accepted" in bad.stdout + bad.stderr


def test_quiet_lint_prints_only_problems() -> None:
    clean = runner.invoke(app, ["checklists", "lint", "-q"])
    assert (clean.exit_code, clean.output) == (0, "")
    broken = DATA / "checklists" / "broken" / "role-unknown.toml"
    result = runner.invoke(app, ["checklists", "lint", "-q", str(broken), "--lang", "en"])
    assert result.exit_code == 3
    assert result.stderr == ""
    assert (
        result.stdout.splitlines()
        == (broken.with_suffix(".expected")).read_text("utf-8").splitlines()
    )


def test_schema_refuses_an_output_named_for_another_format(tmp_path: Path) -> None:
    """`schema -o x.html` would put JSON under a name that promises HTML: a usage error, and
    nothing written (as `validate -o report.html` is)."""
    out = tmp_path / "schema.html"
    result = runner.invoke(app, ["schema", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "writes json only, not a .html file" in result.output
    assert not out.exists()
    bare = tmp_path / "evidence-schema"  # no extension naming a format: JSON
    assert runner.invoke(app, ["schema", "-o", str(bare)]).exit_code == 0
    assert json.loads(bare.read_text("utf-8"))["type"] == "object"


def test_lint_names_the_roles_and_section_of_an_item_that_does_not_validate(
    tmp_path: Path,
) -> None:
    """A misspelt role in an item with a structural error waited for a second lint."""
    text = (DATA / "checklists" / "mini.toml").read_text("utf-8")
    text = text.replace('roles = ["enforcement"]', 'roles = ["enforcment"]', 1)
    text = text.replace("points = ", 'points = "ten" #', 1)
    broken = tmp_path / "broken.toml"
    broken.write_text(text, "utf-8")
    result = runner.invoke(app, ["checklists", "lint", str(broken), "--lang", "en"])
    assert result.exit_code == 3
    said = [line.split(": ", 2)[1] for line in result.output.splitlines() if ": items[" in line]
    assert said == ["items[0].points", "items[0].roles[0]"], result.output
    assert "did you mean 'enforcement'?" in result.output
    assert result.output.count("undeclared role") == 1  # not again from the other items
