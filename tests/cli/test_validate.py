"""``audit validate`` through the CLI: exit codes and every output format."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import DATA

runner = CliRunner()
MINI = str(DATA / "checklists" / "mini.toml")
VALID = "tests/data/evidence/valid"
INVALID = "tests/data/evidence/invalid"


def test_valid_folder_exits_0_with_a_summary() -> None:
    result = runner.invoke(app, ["validate", VALID, "--checklist", MINI, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "✓ 2 evidence files, all valid; 0 errors, 0 warnings; 7 records"


def test_invalid_file_exits_1_with_located_messages_in_chinese() -> None:
    result = runner.invoke(
        app, ["validate", f"{INVALID}/date-not-calendar.json", "--checklist", MINI]
    )
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0] == (
        f"{INVALID}/date-not-calendar.json:33:20: $.records.penalty_decisions[1].decided: "
        "不是有效的日历日期（2020-02-30）"
    )


def test_folder_scans_skip_json_schemas_but_named_files_are_read(tmp_path: Path) -> None:
    """`audit init -o` leaves <checklist>.schema.json beside the evidence: not evidence."""
    import shutil

    folder = tmp_path / "submissions"
    shutil.copytree(DATA / "evidence" / "valid", folder)
    schema = folder / "mini.schema.json"
    result = runner.invoke(app, ["schema", "--checklist", MINI, "-o", str(schema)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["validate", str(folder), "--checklist", MINI, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2 evidence files, all valid" in result.output
    result = runner.invoke(app, ["validate", str(schema), "--checklist", MINI, "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert f"{schema}:" in result.output


def test_missing_path_is_a_usage_error() -> None:
    result = runner.invoke(app, ["validate", "no/such/file.json"])
    assert result.exit_code == 2, result.output


def test_unknown_option_is_a_usage_error() -> None:
    result = runner.invoke(app, ["validate", VALID, "--no-such-option"])
    assert result.exit_code == 2, result.output


def test_missing_checklist_file_is_a_configuration_error() -> None:
    result = runner.invoke(app, ["validate", VALID, "--checklist", "nope.toml"])
    assert result.exit_code == 3, result.output


def test_broken_checklist_is_a_configuration_error_with_its_position() -> None:
    broken = "tests/data/checklists/broken/field-unknown.toml"
    result = runner.invoke(app, ["validate", VALID, "--checklist", broken, "--lang", "en"])
    assert result.exit_code == 3, result.output
    assert f"{broken}:133:1: items[1].checks[0].match: record set legal_reviews has no field" in (
        result.output
    )


def test_strict_fails_on_warnings() -> None:
    args = ["validate", f"{INVALID}/warnings-only.json", "--checklist", MINI]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args, "--strict"]).exit_code == 1


def test_strict_reports_warnings_as_errors_in_every_format() -> None:
    """A CI job failing on --strict must not show a green test report or warning-level
    annotations: the failing warnings are errors in every output."""
    import xml.etree.ElementTree as ET

    args = ["validate", f"{INVALID}/warnings-only.json", "--checklist", MINI, "--strict"]

    def output(fmt: str) -> str:
        result = runner.invoke(app, [*args, "-f", fmt, "--lang", "en"])
        assert result.exit_code == 1
        return result.stdout

    as_json = json.loads(output("json"))
    assert as_json["ok"] is False
    assert [f["ok"] for f in as_json["files"]] == [False]
    suite = ET.fromstring(output("junit"))
    assert int(suite.get("failures") or next(iter(suite)).get("failures") or 0) >= 1
    assert output("github").startswith("::error ")
    levels = {r["level"] for r in json.loads(output("sarif"))["runs"][0]["results"]}
    assert levels == {"error"}
    text = runner.invoke(app, [*args, "--lang", "en"]).stdout
    assert "1 invalid" in text


def test_json_format(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(
        app, ["validate", INVALID, "--checklist", MINI, "--format", "json", "--output", str(out)]
    )
    assert result.exit_code == 1, result.output
    doc = json.loads(out.read_text("utf-8"))
    assert doc["format"] == "tj-audit/validation@1"
    assert doc["ok"] is False
    assert doc["summary"]["files"] == len(list((DATA / "evidence" / "invalid").glob("*.json")))
    first = next(d for d in doc["diagnostics"] if d["code"] == "evidence.bad-date")
    assert first["message"]["zh"].startswith("不是有效的日历日期")
    assert first["path"] == "$.records.penalty_decisions[1].decided"
    assert (first["line"], first["column"]) == (33, 20)


def test_github_annotations() -> None:
    result = runner.invoke(
        app,
        [
            "validate",
            f"{INVALID}/path-parent.json",
            "--checklist",
            MINI,
            "--format",
            "github",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"::error file={INVALID}/path-parent.json,line=52,col=15,title=evidence.path-parent::"
        "$.documents[0].path: attachment path 'attachments/../../secret.txt' must not contain '..'"
    )


def test_github_annotations_escape_control_characters_in_file_names(tmp_path: Path) -> None:
    """`file=` carried a raw ESC (which colours a CI log) and a raw U+202E (which reverses
    it) where the text and JSON outputs escape them."""
    for name in ("esc\x1b[31mred.json", "bidi\u202eNOSJ.json"):
        (tmp_path / name).write_text("{", "utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path), "-f", "github", "--lang", "en"])
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "esc\\x1b[31mred.json" in result.stdout and "bidi\\u202eNOSJ.json" in result.stdout


def test_sarif_validates_against_the_schema(shared_schemas: Path) -> None:
    import jsonschema

    result = runner.invoke(app, ["validate", INVALID, "--checklist", MINI, "--format", "sarif"])
    log = json.loads(result.stdout)
    schema = json.loads((shared_schemas / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    hit = next(r for r in results if r["ruleId"] == "evidence.bad-date")
    region = hit["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (33, 20)


def test_junit_validates_against_the_schema(shared_schemas: Path) -> None:
    import xmlschema

    result = runner.invoke(
        app, ["validate", INVALID, VALID, "--checklist", MINI, "--format", "junit"]
    )
    schema = xmlschema.XMLSchema(str(shared_schemas / "junit.xsd"))
    schema.validate(result.stdout)
    assert '<testcase classname="evidence" name="tests/data/evidence/valid/court.json"' in (
        result.stdout
    )
    assert result.stdout.count("<failure ") == sum(
        1 for line in result.stdout.splitlines() if "<failure " in line
    )


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_output_file_is_written_whole(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / "sub" / f"out.{fmt}"
    result = runner.invoke(
        app, ["validate", VALID, "--checklist", MINI, "--format", fmt, "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").strip()
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary left behind


def test_quiet_prints_nothing_when_valid() -> None:
    result = runner.invoke(app, ["validate", VALID, "--checklist", MINI, "-q"])
    assert result.exit_code == 0
    assert result.output == ""


def test_quiet_prints_the_warnings_of_valid_files_too(tmp_path: Path) -> None:
    """A warning showed under -q only when another file of the run was invalid: the same
    file printed nothing alone and its warning beside a broken one."""
    warned = json.loads((Path(VALID) / "court.json").read_text("utf-8"))
    warned["checklist_version"] = "0.9"
    (tmp_path / "warned.json").write_text(json.dumps(warned, ensure_ascii=False), "utf-8")
    args = ["validate", str(tmp_path / "warned.json"), "--checklist", MINI, "--lang", "en", "-q"]
    alone = runner.invoke(app, args)
    assert alone.exit_code == 0
    [line] = alone.stdout.splitlines()
    assert "warned.json:" in line and "warning" in line
    (tmp_path / "broken.json").write_text("{", "utf-8")
    beside = runner.invoke(app, [*args[:1], str(tmp_path), *args[2:]])
    assert beside.exit_code == 1
    assert line in beside.stdout.splitlines()


def test_quiet_prints_only_the_problems() -> None:
    args = ["validate", INVALID, "--checklist", MINI, "--lang", "en"]
    loud = runner.invoke(app, args).stdout.splitlines()
    quiet = runner.invoke(app, [*args, "-q"])
    assert quiet.exit_code == 1
    assert quiet.stdout.splitlines() == loud[:-1]  # all but the summary line
    assert loud[-1].startswith("✗ ")


def test_jobs_option() -> None:
    result = runner.invoke(
        app, ["validate", INVALID, "--checklist", MINI, "--jobs", "2", "--format", "json"]
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["invalid"] >= 70


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["validate", INVALID, "--checklist", MINI], 1),
        (  # a document larger than the pipe holds: the write fails, 141 as the README says
            ["run", "audit/demo/data", "--as-of", "2020-07-15", "--no-history", "--format", "json"],
            141,
        ),
    ],
)
def test_a_reader_that_stops_early_gets_no_traceback(args: list[str], code: int) -> None:
    """`audit … | head -1`: stderr stays quiet; a command whose output fit in the pipe
    (the reader leaves once it is all written) tells its result, one whose write failed
    exits 141."""
    import subprocess
    import sys

    with subprocess.Popen(
        [sys.executable, "-m", "audit", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert len(process.stdout.read(10)) == 10
        if code != 141:  # the rest fits in the pipe: all of it written before the reader goes
            process.wait(timeout=60)
        process.stdout.close()
        error = process.stderr.read().decode()
        assert process.wait() == code
    assert error == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sarif_rules_describe_their_kind_without_template_syntax(lang: str) -> None:
    result = runner.invoke(
        app, ["validate", INVALID, "--checklist", MINI, "--format", "sarif", "--lang", lang]
    )
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) >= 40
    for rule in rules:
        text = rule["shortDescription"]["text"]
        assert text and "{" not in text and "}" not in text, rule


def test_the_conversion_command_names_the_file_as_given(tmp_path: Path) -> None:
    """The iconv command of an encoding error works from where validate was run."""
    folder = tmp_path / "my files"
    folder.mkdir()
    shutil.copy(DATA / "evidence" / "invalid" / "gb18030.json", folder / "gb.json")
    result = runner.invoke(
        app, ["validate", str(folder / "gb.json"), "--checklist", MINI, "--lang", "en"]
    )
    assert f"iconv -f GB18030 -t UTF-8 '{folder}/gb.json' > '{folder}/gb.utf8.json'" in (
        result.output
    )


def test_an_output_path_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", "utf-8")
    for target in (tmp_path / "file" / "out.txt", tmp_path / "file" / "sub" / "out.txt"):
        result = runner.invoke(
            app, ["validate", VALID, "--checklist", MINI, "-o", str(target), "--lang", "en"]
        )
        assert result.exit_code == 2, result.output
        assert f"cannot write the output file: {tmp_path / 'file'} is a file" in result.output
        assert "'--output' / '-o'" in result.output  # said of the option, before any work
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_an_output_that_cannot_be_written_is_refused_before_the_run_is_stored(
    tmp_path: Path,
) -> None:
    """`run -o notadir/r.json` failed only when writing: the run was in the history
    already, and each retry of a CI job added another. `-o reports/` (not there yet) wrote
    a file named "reports"."""
    (tmp_path / "notadir").write_text("x", "utf-8")
    db = tmp_path / "h.sqlite"
    run = ["run", VALID, "--checklist", MINI, "--as-of", "2020-07-15", "--db", str(db)]
    for target in ("notadir/r.json", "reports/", ""):
        output = f"{tmp_path}/{target}" if target else target  # (a Path drops the /)
        result = runner.invoke(app, [*run, "-f", "json", "-o", output, "--lang", "en"])
        assert result.exit_code == 2, result.output
        assert "Invalid value for '--output'" in result.output
    assert not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notadir"]


def test_an_output_that_is_an_attachment_of_the_evidence_is_refused(tmp_path: Path) -> None:
    """`-o attachments/HQ-FY/HQ-FY-D01.txt` replaced the attachment with the report (exit
    0), and the evidence no longer verified. A report beside the evidence is written."""
    from audit.demo.run import data_dir

    folder = tmp_path / "evidence"
    folder.mkdir()
    shutil.copy(data_dir() / "HQ-FY.json", folder)
    shutil.copytree(data_dir() / "attachments" / "HQ-FY", folder / "attachments" / "HQ-FY")
    attachment = folder / "attachments" / "HQ-FY" / "HQ-FY-D01.txt"
    before = attachment.read_bytes()
    run = ["run", str(folder), "--as-of", "2020-07-15", "--no-history", "-f", "json"]
    for command in ([*run], ["validate", str(folder), "-f", "sarif"]):
        refused = runner.invoke(app, [*command, "-o", str(attachment), "--lang", "en"])
        assert refused.exit_code == 2, refused.output
        assert "is an attachment" in refused.stderr and "HQ-FY.json names" in refused.stderr
    assert attachment.read_bytes() == before
    # named with JSON's escapes (json.dump's ensure_ascii writes 报告 as \u62a5\u544a)
    doc = json.loads((folder / "HQ-FY.json").read_text("utf-8"))
    report = folder / "attachments" / "HQ-FY" / "报告.txt"
    attachment.rename(report)
    doc["documents"][0]["path"] = "attachments/HQ-FY/报告.txt"
    (folder / "HQ-FY.json").write_text(json.dumps(doc), "utf-8")
    assert "\\u62a5" in (folder / "HQ-FY.json").read_text("utf-8")
    refused = runner.invoke(app, [*run, "-o", str(report), "--lang", "en"])
    assert refused.exit_code == 2 and report.read_bytes() == before, refused.output
    beside = tmp_path / "result.json"
    beside.write_text("{}", "utf-8")
    assert runner.invoke(app, [*run, "-o", str(beside)]).exit_code == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_output_folder_without_write_permission_is_refused_first(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = runner.invoke(
            app, ["validate", VALID, "--checklist", MINI, "-o", str(folder / "r.json")]
        )
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2, result.output
    assert "--output" in result.output and not list(folder.iterdir())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_reported_not_read(tmp_path: Path) -> None:
    """A FIFO would block the read forever; it is refused like any file that is not one."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["validate", str(fifo), VALID, "--checklist", MINI, "--lang", "en"])
    assert result.exit_code == 1
    assert f"{fifo}: this is not a regular file" in result.output
    assert "3 evidence files, 1 invalid" in result.output
    # nor does audit run, which reads the first file for the checklist it names
    from audit.demo.run import data_dir

    options = ["--as-of", "2020-07-15", "--no-history", "--no-attachments", "-f", "json"]
    run = runner.invoke(app, ["run", str(fifo), str(data_dir() / "HQ-FY.json"), *options])
    assert run.exit_code == 1
    assert [a["code"] for a in json.loads(run.stdout)["agencies"]] == ["HQ-FY"]


@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_symlink_loop_is_one_unreadable_file(command: str, tmp_path: Path) -> None:
    """A link loop among the evidence is reported for its files; the others are checked."""
    folder = tmp_path / "evidence"
    shutil.copytree(VALID, folder)
    (folder / "l1.json").symlink_to("l2.json")
    (folder / "l2.json").symlink_to("l1.json")
    options = ["--checklist", MINI, "--lang", "en", "--jobs", "1"]
    if command == "run":
        options += ["--as-of", "2020-07-15", "--no-history", "-q"]
    result = runner.invoke(app, [command, str(folder), *options])
    assert result.exit_code == 1, result.output
    for name in ("l1.json", "l2.json"):
        assert f"{folder / name}: the symbolic links form a loop" in result.output
    if command == "validate":
        assert "4 evidence files, 2 invalid" in result.output


def test_linked_folders_inside_are_searched_and_nothing_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link to a folder inside the searched one is searched like a folder (such links
    were skipped silently); a link out of it (to a sibling, to /usr, up the tree) is not
    followed, and a link back into a folder being searched is no loop."""
    root = tmp_path / "evidence"
    shutil.copytree(VALID, root / "2020" / "h1")
    (root / "latest").symlink_to(root / "2020" / "h1")  # inside: the same files, read once
    (root / "2020" / "h1" / "again").symlink_to(root)  # back into the search: a loop
    shutil.copytree(VALID, tmp_path / "elsewhere")
    (root / "sibling").symlink_to(tmp_path / "elsewhere")  # out of the searched folder
    (root / "up").symlink_to(tmp_path)  # up the tree, around the searched folder
    result = runner.invoke(app, ["validate", str(root), "--checklist", MINI, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2 evidence files, all valid" in result.output
    # the links not followed are said, not skipped in silence; --strict fails on them
    said = [line for line in result.output.splitlines() if "outside the folder searched" in line]
    assert [line.split(":")[0] for line in said] == [str(root / "sibling"), str(root / "up")]
    assert said[0].endswith(": not followed; name that folder on the command line to check it")
    strict = ["validate", str(root), "--checklist", MINI, "--strict"]
    assert runner.invoke(app, strict).exit_code == 1
    run = ["run", str(root), "--checklist", MINI, "--as-of", "2020-07-15", "--no-history"]
    ran = runner.invoke(app, [*run, "-f", "json", "--lang", "en"])
    codes = [w["code"] for w in json.loads(ran.stdout)["warnings"]]
    assert codes == ["discovery.link-outside", "discovery.link-outside"]
    latest = runner.invoke(app, ["validate", str(root / "latest"), "--checklist", MINI])
    assert latest.exit_code == 0, latest.output  # a link named on the command line is read
    # run from the folder above: the warning names the link itself, not where it leads
    monkeypatch.chdir(tmp_path)
    near = runner.invoke(app, ["validate", root.name, "--checklist", MINI, "--lang", "en"])
    said = [line for line in near.output.splitlines() if "outside the folder searched" in line]
    assert [line.split(":")[0] for line in said] == [
        str(Path(root.name) / "sibling"),
        str(Path(root.name) / "up"),
    ]


def _lock(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``folder`` unlistable: by its mode, or (root lists any folder) by refusing to
    list it as the system would."""
    folder.chmod(0)
    if os.geteuid() != 0:
        return
    denied = PermissionError(13, "Permission denied", str(folder))
    iterdir, scandir = Path.iterdir, os.scandir

    def refusing_iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self == folder:
            raise denied
        return iterdir(self)

    def refusing_scandir(path):  # type: ignore[no-untyped-def]
        if Path(path) == folder:
            raise denied
        return scandir(path)

    monkeypatch.setattr(Path, "iterdir", refusing_iterdir)
    monkeypatch.setattr(os, "scandir", refusing_scandir)


@pytest.mark.parametrize("command", ["validate", "run"])
def test_an_unreadable_folder_is_reported_and_the_rest_checked(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "evidence"
    shutil.copytree(VALID, folder)
    locked = folder / "locked"
    locked.mkdir()
    _lock(locked, monkeypatch)
    try:
        options = ["--checklist", MINI, "--lang", "en", "--jobs", "1"]
        if command == "run":
            options += ["--as-of", "2020-07-15", "--no-history", "-q"]
        result = runner.invoke(app, [command, str(folder), *options])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1, result.output  # not 4: an internal error
    assert f"{locked}: cannot read the folder (Permission denied)" in result.output
    if command == "validate":
        assert "3 evidence files, 1 invalid" in result.output


def test_a_file_named_twice_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Named directly and inside a folder also named, or as f.json and ./f.json: one file,
    not two agencies with one code."""
    folder = tmp_path / "evidence"
    shutil.copytree(VALID, folder)
    monkeypatch.chdir(tmp_path)
    first = sorted(p.name for p in folder.glob("*.json"))[0]
    paths = ["evidence", f"evidence/{first}", f"./evidence/{first}"]
    result = runner.invoke(app, ["validate", *paths, "--checklist", MINI, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2 evidence files, all valid" in result.output


def test_no_evidence_found_is_a_warning(tmp_path: Path) -> None:
    """An empty folder (a wrong path in CI) passes, but says so; --strict fails it."""
    result = runner.invoke(app, ["validate", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0
    assert "warning: no evidence file (*.json) was found under the paths given" in result.output
    github = runner.invoke(app, ["validate", str(tmp_path), "-f", "github", "--lang", "en"])
    assert github.stdout.startswith("::warning title=validate.no-files::no evidence file")
    # SARIF: no file to point at, so a notification of the run, not a result (GitHub's
    # upload refuses a result without a location)
    sarif = runner.invoke(app, ["validate", str(tmp_path), "-f", "sarif"])
    (run,) = json.loads(sarif.stdout)["runs"]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    (invocation,) = run["invocations"]
    (notice,) = invocation["toolExecutionNotifications"]
    assert notice["descriptor"] == {"id": "validate.no-files"}
    assert notice["level"] == "warning"
    assert invocation["executionSuccessful"] is True
    strict = runner.invoke(app, ["validate", str(tmp_path), "-f", "sarif", "--strict"])
    (run,) = json.loads(strict.stdout)["runs"]
    assert run["invocations"][0]["toolExecutionNotifications"][0]["level"] == "error"
    assert runner.invoke(app, ["validate", str(tmp_path), "--strict"]).exit_code == 1


def test_workers_never_outnumber_the_cores_or_the_files() -> None:
    from audit.validation import default_jobs, workers

    cores = default_jobs()
    assert workers(64, 1000) == cores
    assert workers(64, 1) == 1
    assert workers(2, 1000) == min(2, cores)


def test_text_output_prints_locations_and_names_as_they_are(tmp_path: Path) -> None:
    """rich turned `:100:` in `file.json:100:11` into 💯 and a key `:smile:` into 😄; a file
    name with an escape sequence cleared the terminal, one with a newline split the line."""
    doc = json.loads((DATA / "evidence" / "valid" / "court.json").read_text("utf-8"))
    doc["agency"][":smile:"] = 1
    lines = json.dumps(doc, ensure_ascii=False, indent=2).splitlines()
    padded = [lines[0], *[""] * 98, *lines[1:]]  # the key "format" is now on line 100
    hostile = tmp_path / "a\x1b[2J\nb.json"
    hostile.write_text("\n".join(padded).replace('"tj-audit/evidence@1"', "1", 1), "utf-8")
    result = runner.invoke(
        app, ["validate", str(hostile), "--checklist", MINI, "--lang", "en", "--no-attachments"]
    )
    assert result.exit_code == 1
    shown = result.stdout
    assert "\x1b" not in shown and "💯" not in shown and "😄" not in shown
    assert r"a\x1b[2J\nb.json:100:" in shown
    assert "$.agency[':smile:']: unknown key ':smile:'" in shown


def _as_a_user() -> list[str] | None:
    """A command prefix under which file permissions hold (root bypasses them): none for a
    user, setpriv dropping the override capabilities for root, None if neither is possible."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]


@pytest.mark.skipif(_as_a_user() is None, reason="root without setpriv reads every file")
@pytest.mark.parametrize("command", ["validate", "run"])
def test_an_unreadable_file_named_on_the_command_line_stops_nothing(
    command: str, tmp_path: Path
) -> None:
    """click refused the whole command (exit 2, in English) when one named file could not
    be read, and validated nothing; it is that file's problem, as in a folder scan."""
    import subprocess
    import sys

    from audit.demo.run import data_dir

    good, unread = tmp_path / "good.json", tmp_path / "unread.json"
    shutil.copy(data_dir() / "HQ-FY.json", good)
    shutil.copy(data_dir() / "HQ-ZWFW.json", unread)
    unread.chmod(0)
    prefix = _as_a_user()
    assert prefix is not None
    extra = ["--no-history", "--as-of", "2020-07-15", "-q"] if command == "run" else []
    done = subprocess.run(
        [
            *prefix,
            sys.executable,
            "-m",
            "audit",
            command,
            str(unread),
            str(good),
            *extra,
            "--no-attachments",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    shown = done.stdout + done.stderr
    assert f"{unread}: cannot read the file (Permission denied)" in shown
    assert "Usage:" not in shown


def test_a_folder_named_like_evidence_is_searched(tmp_path: Path) -> None:
    """A folder called 2020-H1.json inside the folder searched was reported as "a directory,
    not an evidence file" and the evidence inside it was never read."""
    inner = tmp_path / "2020-H1.json"
    inner.mkdir()
    doc = json.loads((DATA / "evidence" / "valid" / "court.json").read_text("utf-8"))
    doc["period"]["start"] = "2020-02-30"
    (inner / "court.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    args = ["validate", str(tmp_path), "--checklist", MINI, "--lang", "en", "--no-attachments"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "court.json:1:" in result.stdout and "$.period.start" in result.stdout
    assert "directory" not in result.stdout


def test_a_path_past_the_system_limit_is_one_unreadable_folder(tmp_path: Path) -> None:
    """Folders nested past PATH_MAX made the search itself fail: exit 4, and no other
    file was validated."""
    deep = tmp_path / "deep"
    deep.mkdir()
    shutil.copy(Path(VALID) / "court.json", deep / "ok.json")
    handle = os.open(deep, os.O_RDONLY)
    try:
        for level in range(20):  # 20 × 240 bytes: past the 4096 of PATH_MAX
            name = "长" * 80 + str(level)
            os.mkdir(name, dir_fd=handle)
            inner = os.open(name, os.O_RDONLY, dir_fd=handle)
            os.close(handle)
            handle = inner
    finally:
        os.close(handle)
    result = runner.invoke(app, ["validate", str(deep), "--checklist", MINI, "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "File name too long" in result.output  # the tree's one unreadable entry
    assert "2 evidence files, 1 invalid" in result.output
    zh = runner.invoke(app, ["validate", str(deep), "--checklist", MINI])
    said = next(line for line in zh.output.splitlines() if "无法读取" in line)
    assert said.endswith("无法读取文件（文件名或路径过长）")  # the OS's words in Chinese
    assert "权限" not in said  # and no advice about permissions, which are not the cause


def test_a_link_to_an_evidence_file_finds_the_attachments_beside_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link elsewhere to a valid file was checked for attachments beside the link, and
    the missing ones were reported against the file it leads to, valid on its own."""
    shutil.copytree(VALID, tmp_path / "valid")
    (tmp_path / "current").mkdir()
    (tmp_path / "current" / "latest.json").symlink_to("../valid/enforcement.json")
    mini = str(Path(MINI).resolve())
    monkeypatch.chdir(tmp_path)
    for command in (["validate"], ["run", "--no-history", "-q", "--as-of", "2020-07-15"]):
        args = [*command, "current/latest.json", "--checklist", mini, "--lang", "en"]
        result = runner.invoke(app, args)
        assert "does not exist" not in result.output, result.output
        assert result.exit_code == 0, result.output
    # an attachment the file's own folder lacks is still missing, and named there
    (tmp_path / "valid" / "attachments" / "rules.txt").unlink()
    result = runner.invoke(app, ["validate", "current/latest.json", "--checklist", mini])
    assert result.exit_code == 1
    assert "valid/enforcement.json:" in result.output and "rules.txt" in result.output


def test_a_link_beside_its_file_is_named_as_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link shows as the file it leads to: the duplicate-code error named nobody ("is
    also used by ;"), twice at the same file."""
    folder = tmp_path / "r1"
    folder.mkdir()
    shutil.copy(Path(VALID) / "court.json", folder / "a.json")
    (folder / "link.json").symlink_to("a.json")
    mini = str(Path(MINI).resolve())
    monkeypatch.chdir(tmp_path)
    for command in (["validate"], ["run", "--no-history", "-q", "--as-of", "2020-07-15"]):
        result = runner.invoke(app, [*command, "r1", "--checklist", mini, "--lang", "en"])
        assert result.exit_code == 1, result.output
        said = sorted(
            line.split(":")[0] + ": " + line.split("also used by ")[1].split(";")[0]
            for line in result.output.splitlines()
            if "also used by" in line
        )
        assert said == ["r1/a.json: r1/link.json", "r1/link.json: r1/a.json"], result.output
