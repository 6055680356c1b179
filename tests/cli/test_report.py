"""``audit report``: a stored result rendered again in every format, no evidence needed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.demo.run import data_dir

runner = CliRunner()


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stored")
    shutil.copytree(data_dir(), folder / "evidence")
    out = folder / "result.json"
    result = runner.invoke(
        app,
        [
            "run",
            str(folder / "evidence"),
            "--as-of",
            "2020-07-15",
            "--no-history",  # module-scoped: before the per-test history folder exists
            "--format",
            "json",
            "--output",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    shutil.rmtree(folder / "evidence")  # the report must not need the evidence any more
    return out


@pytest.mark.parametrize(
    "fmt", ["plain", "markdown", "json", "csv", "html", "junit", "sarif", "terminal"]
)
def test_every_format(stored: Path, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["report", str(stored), "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "HQ-SCJG" in text


def test_report_to_stdout_in_english(stored: Path) -> None:
    result = runner.invoke(
        app, ["report", str(stored), "-f", "markdown", "--report", "accountability", "--lang", "en"]
    )
    assert result.exit_code == 0
    assert result.output.startswith("# Accountability and rectification report")


def test_missing_and_broken_result_files(tmp_path: Path) -> None:
    assert runner.invoke(app, ["report", str(tmp_path / "none.json")]).exit_code == 2
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "tj-audit/result@1",\n "as_of": "2020-13-01"}', "utf-8")
    result = runner.invoke(app, ["report", str(broken), "--lang", "en"])
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert f"{broken}:1:1: $: missing required key 'tool_version'" in lines
    assert f"{broken}:2:11: $.as_of: not a calendar date (2020-13-01)" in lines
    zh = runner.invoke(app, ["report", str(broken)])
    assert f"{broken}:1:1: $: 缺少必填项 'tool_version'" in zh.stderr.splitlines()
    not_json = tmp_path / "cut.json"
    not_json.write_text('{"format": ', "utf-8")
    cut = runner.invoke(app, ["report", str(not_json), "--lang", "en"])
    assert cut.exit_code == 3
    assert cut.stderr.startswith(f"{not_json}:1:12: ")


def test_a_history_database_or_a_binary_file_is_named_for_what_it_is(tmp_path: Path) -> None:
    """`audit report .audit/history.sqlite` is a natural mistake: say how to name a run."""
    db = tmp_path / "history.sqlite"
    options = ["--as-of", "2020-07-15", "--db", str(db), "-q"]
    assert runner.invoke(app, ["run", str(data_dir()), *options]).exit_code == 0
    given = runner.invoke(app, ["report", str(db), "--lang", "en"])
    assert given.exit_code == 3
    assert given.stderr == (
        f"{db}: this is a history database, not a result file; give a run id: "
        f"audit report ID --db {db}\n"
    )
    binary = tmp_path / "result.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    shown = runner.invoke(app, ["report", str(binary)])
    assert shown.exit_code == 3
    assert (
        shown.stderr == f"{binary}: 不是结果文件（tj-audit/result@1 JSON）：内容不是 UTF-8 文本\n"
    )


def _edited(stored: Path, tmp_path: Path, old: str, new: str) -> Path:
    """The stored result with the first ``old`` replaced, as a hand edit would."""
    text = stored.read_text("utf-8")
    assert old in text
    edited = tmp_path / "edited.json"
    edited.write_text(text.replace(old, new, 1), "utf-8")
    return edited


def _refused(path: Path) -> list[str]:
    result = runner.invoke(app, ["report", str(path), "-f", "csv", "--lang", "en"])
    assert result.exit_code == 3, result.output
    return result.stderr.splitlines()


@pytest.mark.parametrize(
    ("new", "said"),
    [
        ('"score": NaN', "NaN is not valid JSON"),
        ('"score": 1e400', "number 1e400 is out of range"),
        ('"score": 75.0, "score": 99', "duplicate key 'score'"),
        ('"score": 999', "999 is outside 0–100"),
    ],
)
def test_an_edited_score_is_refused_where_it_stands(
    stored: Path, tmp_path: Path, new: str, said: str
) -> None:
    """NaN and 1e400 crashed the renderers (exit 4), a duplicate key and 999 were
    rendered as if the tool had written them."""
    text = stored.read_text("utf-8")
    old = next(line.strip().rstrip(",") for line in text.splitlines() if '"score": ' in line)
    lines = _refused(_edited(stored, tmp_path, old, new))
    assert len(lines) == 1 and said in lines[0], lines
    assert ": $.agencies[0].score: " in lines[0]


@pytest.mark.parametrize(
    ("new", "said"),
    [
        ('"score": ' + "1" * 5000, "$.agencies[0].score: number 11111111111111111111"),
        ('"score": 75.0, "x-note": "\\ud800 x"', "invalid Unicode escape \\ud800"),
    ],
)
def test_what_pythons_json_reads_differently_is_refused_where_it_stands(
    stored: Path, tmp_path: Path, new: str, said: str
) -> None:
    """An integer of 5,000 digits (Python's json refuses it with an error of its own) and a
    lone surrogate (Python's json reads it; writing the report then failed): exit 4 both."""
    text = stored.read_text("utf-8")
    old = next(line.strip().rstrip(",") for line in text.splitlines() if '"score": ' in line)
    lines = _refused(_edited(stored, tmp_path, old, new))
    assert len(lines) == 1 and said in lines[0], lines


def test_citations_without_their_in_force_windows_are_refused(stored: Path, tmp_path: Path) -> None:
    """An item's refs emptied by hand beside its two in-force windows: the compliance
    report ended in an internal error (zip() argument 2 is longer than argument 1)."""
    import json

    doc = json.loads(stored.read_text("utf-8"))
    item = next(i for i, t in doc["catalogue"]["items"].items() if len(t["refs_in_force"]) > 1)
    doc["catalogue"]["items"][item]["refs"] = []
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False, indent=1), "utf-8")
    [line] = _refused(edited)
    assert f"$.catalogue.items.{item}.refs_in_force: " in line and "for 0 refs" in line


def test_names_the_result_does_not_hold_are_refused(stored: Path, tmp_path: Path) -> None:
    """A ranking naming an agency the file does not have broke the district report."""
    import json

    doc = json.loads(stored.read_text("utf-8"))
    doc["district"]["ranking"][0]["code"] = "XX"
    del doc["catalogue"]["items"]["TJ-ENF-03"]
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False, indent=1), "utf-8")
    doc["agencies"][0]["sections"][0]["earned"] = 999
    doc["agencies"][0]["grade"] = "特优"
    doc["district"]["mean"] = -40
    doc["district"]["ranking"][1]["rank"] = -3
    edited.write_text(json.dumps(doc, ensure_ascii=False, indent=1), "utf-8")
    lines = _refused(edited)
    paths = [line.split(": ")[1] for line in lines]
    for path in (
        "$.agencies[0].sections[0].earned",
        "$.agencies[0].grade",
        "$.district.mean",
        "$.district.ranking[1].rank",
    ):
        assert path in paths, lines
    assert "$.district.ranking[0].code" in paths
    assert "$.findings[0].item" in paths or any(".items[" in p for p in paths)
    assert all("the file may have been edited" in line for line in lines)


def test_a_severity_the_scale_does_not_have_is_refused(stored: Path, tmp_path: Path) -> None:
    """A finding of severity "catastrophic" was rendered: the summary counted 5 findings
    as "1 critical, 2 major, 1 minor" and SARIF called it a warning."""
    import json

    doc = json.loads(stored.read_text("utf-8"))
    doc["findings"][0]["severity"] = "catastrophic"
    doc["agencies"][0]["items"][0]["severity"] = "huge"
    doc["catalogue"]["items"]["TJ-ENF-03"]["severity"] = "Critical"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False, indent=1), "utf-8")
    lines = _refused(edited)
    for path in (
        "$.findings[0].severity",
        "$.agencies[0].items[0].severity",
        "$.catalogue.items.TJ-ENF-03.severity",
    ):
        assert any(f"{path}: invalid value" in line for line in lines), (path, lines)


def test_another_tool_s_json_a_folder_and_a_bom(stored: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"version": 1, "results": []}', "utf-8")
    assert _refused(other) == [
        f"{other}:1:1: $: not a result file: no format "
        "(tj-audit/result@1, as audit run -f json writes it)"
    ]
    folder = runner.invoke(app, ["report", str(tmp_path), "--lang", "en"])
    assert folder.exit_code == 2
    assert "this is a folder, not a result file" in folder.stderr
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + stored.read_bytes())  # saved by a Windows editor
    assert runner.invoke(app, ["report", str(bom), "-f", "json"]).exit_code == 0


def test_item_and_roll_up_figures_out_of_range_are_refused(stored: Path, tmp_path: Path) -> None:
    import json

    doc = json.loads(stored.read_text("utf-8"))
    item = doc["agencies"][0]["items"][0]
    item["earned"], item["credit"] = 999, 7
    doc["district"]["grade_counts"][next(iter(doc["district"]["grade_counts"]))] = -2
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    said = {line.split(": ")[1]: line for line in _refused(edited)}
    assert "$.agencies[0].items[0].earned" in said
    assert "$.agencies[0].items[0].credit" in said
    count = next(p for p in said if p.startswith("$.district.grade_counts"))
    assert said[count].endswith(
        "-2 cannot be negative; the file may have been edited: write "
        "it again with audit run -f json"
    )


def test_a_result_file_in_a_link_loop_is_named_for_what_it_is(tmp_path: Path) -> None:
    """It said "no such file or folder", as for a name that is not there at all."""
    (tmp_path / "a.json").symlink_to("b.json")
    (tmp_path / "b.json").symlink_to("a.json")
    result = runner.invoke(app, ["report", str(tmp_path / "a.json"), "--lang", "en"])
    assert result.exit_code == 3
    assert "the symbolic links form a loop" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "audit/demo/data", "--checklist", "{loop}"],
        ["run", "audit/demo/data", "--checklist", "{loop}", "--no-history"],
        ["history", "--db", "{loop}"],
        ["checklists", "lint", "{loop}"],
        ["run", "audit/demo/data", "--as-of", "2020-07-15", "--db", "{loop}", "-q"],
    ],
)
def test_a_checklist_or_history_in_a_link_loop_is_named_for_what_it_is(
    args: list[str], tmp_path: Path
) -> None:
    """--checklist said "file not found" and --db "no history database here: run audit run
    first" for a link loop, which `audit report` and lint name as such."""
    (tmp_path / "a.toml").symlink_to("b.toml")
    (tmp_path / "b.toml").symlink_to("a.toml")
    given = [a.replace("{loop}", str(tmp_path / "a.toml")) for a in args]
    result = runner.invoke(app, [*given, "--lang", "en"])
    assert result.exit_code == 3, result.output
    assert "the symbolic links form a loop" in result.output


def test_an_evidence_file_given_for_a_result_is_named_as_such() -> None:
    """It gave 20 schema errors ("$.facts: unknown key 'facts'; did you mean 'gates'?")."""
    result = runner.invoke(app, ["report", "audit/demo/data/HQ-FY.json", "--lang", "en"])
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert line.startswith("audit/demo/data/HQ-FY.json:3:13: $.format: this is evidence")
    assert "audit it with audit run" in line


def _changed_at(stored: Path, tmp_path: Path, where: tuple[str | int, ...], change: Any) -> Path:
    """The stored result with ``change(parent, key)`` applied at the JSON path ``where``."""
    import json

    data = json.loads(stored.read_text("utf-8"))
    node = data
    for key in where[:-1]:
        node = node[key]
    change(node, where[-1])
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return edited


@pytest.mark.parametrize(
    ("where", "value", "said"),
    [
        (("catalogue", "grades", 0, "min"), "x", "$.catalogue.grades[0].min: expected a number"),
        (("catalogue", "grades", 0, "zh"), ["a"], "$.catalogue.grades[0].zh: expected a string"),
        (("gates", "failed"), 1e308, "$.gates.failed: expected an array"),
        (("warnings",), [{}], "$.warnings[0]: missing required key 'severity'"),
        (("findings", 0, "locations"), [{"line": 3}], "$.findings[0].locations[0]: missing"),
    ],
)
def test_plain_json_parts_of_a_result_are_checked_too(
    stored: Path, tmp_path: Path, where: tuple[str | int, ...], value: object, said: str
) -> None:
    """Grades, gates, problems and locations are kept as plain JSON in the result model:
    an edited one reached the renderers and ended `report` in an internal error (exit 4)."""

    edited = _changed_at(stored, tmp_path, where, lambda node, key: node.__setitem__(key, value))
    for fmt in ("plain", "markdown", "sarif"):
        result = runner.invoke(app, ["report", str(edited), "-f", fmt, "--lang", "en"])
        assert result.exit_code == 3, result.output
        assert said in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("where", "said"),
    [
        (("checklist", "id"), "$.checklist: missing required key 'id'"),
        (("agencies", 0, "period", "end"), "$.agencies[0].period: missing required key 'end'"),
        (
            ("catalogue", "rectification_days", "major"),
            "$.catalogue.rectification_days: missing required key 'major'",
        ),
    ],
)
def test_a_key_deleted_from_a_plain_json_part_is_named(
    stored: Path, tmp_path: Path, where: tuple[str | int, ...], said: str
) -> None:
    """The checklist's id, an agency's period end, a rectification term: deleted, each
    ended `report` in an internal error (KeyError), and `-f json` wrote the file back."""

    edited = _changed_at(stored, tmp_path, where, lambda node, key: node.__delitem__(key))
    for fmt in ("plain", "html", "json"):
        result = runner.invoke(app, ["report", str(edited), "-f", fmt, "--lang", "en"])
        assert result.exit_code == 3, result.output
        assert said in result.stderr, result.stderr


def test_a_result_given_through_a_pipe_is_read(stored: Path, tmp_path: Path) -> None:
    """`audit report <(…)` (a pipe) was "no such file or folder"."""
    import os
    import threading

    pipe = tmp_path / "result.json"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_bytes(stored.read_bytes()), daemon=True)
    writer.start()
    result = runner.invoke(app, ["report", str(pipe), "-f", "plain", "--lang", "en"])
    writer.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Business-environment compliance audit")
