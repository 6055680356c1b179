"""The bundled Hongqiao demo: in sync with its generator, valid, and showing what demo.md lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.demo.build import build
from audit.demo.run import data_dir
from audit.engine.result import RunResult
from audit.evidence.load import Options, load


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "--output", str(out), "--lang", "en", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "reports" / "result.json").read_text("utf-8"))
    return RunResult.model_validate(data)


def _agency(result: RunResult, code: str) -> Any:
    return next(a for a in result.agencies if a.code == code)


def _item(result: RunResult, code: str, item: str) -> Any:
    return next(i for i in _agency(result, code).items if i.id == item)


def test_checked_in_data_matches_the_generator(tmp_path: Path) -> None:
    build(tmp_path / "data")
    ours = {
        p.relative_to(tmp_path / "data"): p.read_bytes()
        for p in (tmp_path / "data").rglob("*")
        if p.is_file()
    }
    shipped = {
        p.relative_to(data_dir()): p.read_bytes()
        for p in data_dir().rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert ours == shipped


def test_every_demo_file_validates_cleanly_with_attachments() -> None:
    for path in sorted(data_dir().glob("*.json")):
        loaded = load(path, path.name, Options())
        assert loaded.diagnostics == [], [d.format("en") for d in loaded.diagnostics]


def test_scores_and_grades(demo: RunResult) -> None:
    scores = {
        a.code: (round(a.score or 0, 2), a.grade, a.grade_capped_by, a.low_coverage)
        for a in demo.agencies
    }
    assert scores == {
        "HQ-GOV": (96.15, "优秀", [], False),
        "HQ-ZWFW": (100.0, "优秀", [], True),
        "HQ-FGW": (75.0, "合格", [], True),
        "HQ-SCJG": (70.83, "合格", ["TJ-ENF-03"], False),
        "HQ-SFJ": (100.0, "优秀", [], False),
        "HQ-FY": (100.0, "优秀", [], False),
    }
    zwfw = _agency(demo, "HQ-ZWFW")
    assert round(zwfw.score_without_exemptions or 0, 2) == 83.33
    assert (zwfw.grade, zwfw.grade_without_exemptions) == ("优秀", "良好")  # 83.3 is 良好
    assert demo.district.grade_counts == {"优秀": 4, "良好": 0, "合格": 2, "不合格": 0}
    assert [r.code for r in demo.district.ranking][-2:] == ["HQ-FGW", "HQ-SCJG"]
    assert demo.invalid == []


def test_fgw_support_funds_miss_june_and_the_claim_is_overstated(demo: RunResult) -> None:
    item = _item(demo, "HQ-FGW", "TJ-CRED-02")
    assert (item.outcome, item.claim, item.discrepancy) == ("partial", "met", "overstated")
    cadence = item.checks[0]
    assert cadence.offending == ["2020-06"]
    assert cadence.explanation.en == "5 / 6 months have a record; 2020-06 has none"


def test_scjg_review_after_decision_fails_the_critical_item(demo: RunResult) -> None:
    item = _item(demo, "HQ-SCJG", "TJ-ENF-03")
    assert (item.outcome, item.severity, item.discrepancy) == ("fail", "critical", "overstated")
    assert item.checks[0].offending == ["津红市监罚〔2020〕21号"]
    finding = next(f for f in demo.findings if f.id == "HQ-SCJG/TJ-ENF-03")
    assert finding.liability is not None
    assert "第六十九条第（十一）项" in finding.liability.zh
    assert "art. 69, item 11" in finding.liability.en
    assert str(finding.deadline) == "2020-07-29"  # 10 working days after 15 July


def test_scjg_publication_tiers_across_the_holidays(demo: RunResult) -> None:
    item = _item(demo, "HQ-SCJG", "TJ-ENF-01")
    check = item.checks[0]
    assert (item.outcome, item.credit, check.measured) == ("partial", 0.5, 0.95)
    assert "津红市监罚〔2020〕40号" in check.offending  # across Labour Day
    assert "津红市监罚〔2020〕39号" not in check.offending  # on time only thanks to Qingming
    assert len(check.offending) == 2


def test_scjg_price_complaint_contacted_on_the_second_working_day(demo: RunResult) -> None:
    item = _item(demo, "HQ-SCJG", "TJ-POL-04")
    assert item.outcome == "partial"
    assert item.checks[0].offending == ["PC-07"]


def test_exemptions_granted_and_refused(demo: RunResult) -> None:
    granted = _item(demo, "HQ-ZWFW", "TJ-LEAD-02")
    assert (granted.outcome, granted.computed_outcome, granted.exemption.status) == (
        "exempted",
        "partial",
        "granted",
    )
    refused = _item(demo, "HQ-GOV", "TJ-PUB-02")
    assert refused.exemption.status == "refused"
    assert [r.code for r in refused.exemption.reasons] == ["condition:no_public_harm"]
    assert not any(f.item == "TJ-LEAD-02" for f in demo.findings)


def test_court_figures(demo: RunResult) -> None:
    online = _item(demo, "HQ-FY", "TJ-JUD-01").checks[0]
    assert online.outcome == "pass" and online.measured == pytest.approx(1031 / 5307)
    execution = _item(demo, "HQ-FY", "TJ-JUD-04").checks[0]
    assert execution.outcome == "pass" and execution.measured == pytest.approx(0.5925, abs=1e-4)


def test_sme_payments_item_is_not_yet_in_force_for_everyone(demo: RunResult) -> None:
    for agency in demo.agencies:
        item = next(i for i in agency.items if i.id == "TJ-CRED-03")
        assert (item.outcome, item.excluded) == ("not_applicable", "effective_from")


def test_understated_claim(demo: RunResult) -> None:
    item = _item(demo, "HQ-SFJ", "TJ-LEGAL-02")
    assert (item.outcome, item.claim, item.discrepancy) == ("pass", "not_met", "understated")


def test_the_schema_the_evidence_names_is_written_beside_it(tmp_path: Path) -> None:
    """Each demo file names "./tianjin-bizenv.schema.json" for editors: the demo writes it,
    every file satisfies it, and folder searches do not take it for evidence."""
    import jsonschema

    result = CliRunner().invoke(app, ["demo", "--output", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    evidence = tmp_path / "evidence"
    files = sorted(p for p in evidence.glob("*.json") if not p.name.endswith(".schema.json"))
    assert len(files) == 6
    for path in files:
        doc = json.loads(path.read_text("utf-8"))
        schema_path = evidence / doc["$schema"]
        schema = json.loads(schema_path.read_text("utf-8"))
        jsonschema.Draft202012Validator(schema).validate(doc)
    validated = CliRunner().invoke(app, ["validate", str(evidence), "--lang", "en"])
    assert validated.exit_code == 0, validated.output
    assert "6 evidence files, all valid" in validated.output


def test_a_quiet_demo_prints_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--output", str(tmp_path), "-q"])
    assert result.exit_code == 0
    assert result.output == ""
    assert (tmp_path / "reports" / "result.json").is_file()


def test_every_report_says_the_data_is_illustrative(tmp_path: Path) -> None:
    """The reports name real agencies and recommend liability: like the evidence files
    (demo.md: "the data is illustrative … and the files say so"), each one says so."""
    assert CliRunner().invoke(app, ["demo", "--output", str(tmp_path), "-q"]).exit_code == 0
    reports = sorted((tmp_path / "reports").iterdir())
    people = [r for r in reports if r.suffix in (".html", ".md", ".txt", ".json")]
    assert len(people) >= 8
    for report in people:
        text = report.read_text("utf-8")
        assert "示例数据" in text and "illustrative data" in text, report.name


def test_a_demo_folder_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    """`audit demo --output` under a file was an internal error (exit 4, in English)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    result = CliRunner().invoke(app, ["demo", "--output", str(blocker / "demo"), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.startswith(f"{blocker / 'demo'}: cannot write the output file:")


def test_the_demo_never_deletes_files_that_are_not_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`audit demo -o ""` (an unset variable) wrote into the current folder and replaced its
    evidence/, deleting an agency's own files; a second demo run still resets its copy."""
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    own = tmp_path / "evidence" / "notes.txt"
    own.parent.mkdir()
    own.write_text("an agency's notes", "utf-8")
    empty = runner.invoke(app, ["demo", "--output", "", "-q", "--lang", "en"])
    assert empty.exit_code == 2
    assert "empty output folder" in empty.stderr
    here = runner.invoke(app, ["demo", "--output", ".", "-q", "--lang", "en"])
    assert here.exit_code == 2
    assert "holds files that are not the demo's (notes.txt)" in here.stderr
    assert own.read_text("utf-8") == "an agency's notes"
    first = runner.invoke(app, ["demo", "--output", "d", "-q"])
    (tmp_path / "d" / "evidence" / "HQ-FY.json").write_text("{}", "utf-8")  # tried an edit
    again = runner.invoke(app, ["demo", "--output", "d", "-q"])
    assert (first.exit_code, again.exit_code) == (0, 0)
    assert (tmp_path / "d" / "evidence" / "HQ-FY.json").read_bytes() == (
        data_dir() / "HQ-FY.json"
    ).read_bytes()


def test_a_full_disk_while_copying_the_evidence_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """copytree gathers its errors into shutil.Error, whose reason read "Error": the
    first file's own reason is said (a full disk, say)."""
    import shutil

    def full(source: Path, target: Path) -> None:
        reason = f"[Errno 28] No space left on device: '{target}/HQ-FY.json'"
        raise shutil.Error([(str(source), str(target), reason)])

    monkeypatch.setattr(shutil, "copytree", full)
    done = CliRunner().invoke(app, ["demo", "-o", str(tmp_path / "demo"), "--lang", "en"])
    assert done.exit_code == 2, done.output
    assert done.stderr.endswith("cannot write the output file: No space left on device\n")


@pytest.mark.parametrize("stop", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_demo_stopped_part_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: BaseException
) -> None:
    """A full disk or an interrupt while the reports are written: the evidence copy, the
    history and the reports already written are taken back, and the folders it made."""
    import audit.demo.run as demo_run
    from audit.output import write_atomic as real

    calls = []

    def third_fails(path: Path, text: Any) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise stop
        real(path, text)

    monkeypatch.setattr(demo_run, "write_atomic", third_fails)
    output = tmp_path / "new" / "demo"
    with pytest.raises(type(stop)):
        demo_run.run_demo(output, lang="en")
    assert len(calls) == 3  # the schema and one report were written before the stop
    assert not (tmp_path / "new").exists()
    kept = tmp_path / "kept"
    (kept / "reports").mkdir(parents=True)
    (kept / "reports" / "mine.txt").write_text("not the demo's", "utf-8")
    calls.clear()
    with pytest.raises(type(stop)):
        demo_run.run_demo(kept, lang="en")
    assert sorted(p.relative_to(kept).as_posix() for p in kept.rglob("*")) == [
        "reports",
        "reports/mine.txt",
    ]


def test_a_failed_demo_never_takes_away_files_not_its_own(tmp_path: Path) -> None:
    """The refusal of a folder holding others' files comes before anything is removed."""
    from audit.demo.run import run_demo
    from audit.errors import UsageError

    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "notes.txt").write_text("an agency's notes", "utf-8")
    with pytest.raises(UsageError):
        run_demo(tmp_path, lang="en")
    assert (tmp_path / "evidence" / "notes.txt").read_text("utf-8") == "an agency's notes"


def test_a_demo_never_makes_afresh_a_history_holding_other_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo made its history afresh every run, deleting without a word the runs a user
    had stored there (`audit run … --db DIR/.audit/history.sqlite`) and ledger closures.
    Its own runs are replaced as before; anything else is refused before any change."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    db = "d/.audit/history.sqlite"
    assert runner.invoke(app, ["demo", "-o", "d", "-q"]).exit_code == 0
    assert runner.invoke(app, ["demo", "-o", "d", "-q"]).exit_code == 0  # its own: replaced
    mine = ["run", "d/evidence", "--db", db, "--as-of", "2020-08-01", "-q"]
    assert runner.invoke(app, mine).exit_code == 0
    stored = (tmp_path / db).read_bytes()
    again = runner.invoke(app, ["demo", "-o", "d", "-q", "--lang", "en"])
    assert again.exit_code == 2
    assert "holds what the demo did not store (1 other audit run(s), 0 closure(s))" in (
        again.stderr
    )
    assert (tmp_path / db).read_bytes() == stored
    assert (tmp_path / "d" / "reports" / "result.json").exists()  # nothing taken back
    import sqlite3

    with sqlite3.connect(tmp_path / db) as conn:  # runs of an earlier demo version: its own
        conn.execute("DELETE FROM runs WHERE evaluator IS NULL")
        conn.execute("UPDATE runs SET evaluator = 'tj-audit demo'")
    conn.close()
    assert runner.invoke(app, ["demo", "-o", "d", "-q"]).exit_code == 0
    (tmp_path / "e" / ".audit").mkdir(parents=True)
    (tmp_path / "e" / ".audit" / "history.sqlite").write_text("notes", "utf-8")
    foreign = runner.invoke(app, ["demo", "-o", "e", "-q", "--lang", "en"])
    assert foreign.exit_code == 2
    assert "is not a tj-audit history" in foreign.stderr
    assert (tmp_path / "e" / ".audit" / "history.sqlite").read_text("utf-8") == "notes"


def test_a_failed_demo_rerun_puts_the_earlier_demo_back_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-run that failed at its third report deleted the earlier demo's evidence and
    history and left some of its reports: the earlier demo is set aside, not deleted,
    until the new one is done, and put back when it fails."""
    import audit.demo.run as demo_run
    from audit.output import write_atomic as real

    output = tmp_path / "d"
    demo_run.run_demo(output, lang="en")
    (output / "reports" / "mine.txt").write_text("notes", "utf-8")

    def snapshot() -> dict[str, bytes]:
        return {
            p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*"))
            if p.is_file()
        }

    before = snapshot()
    calls = []

    def third_fails(path: Path, text: Any) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(demo_run, "write_atomic", third_fails)
    with pytest.raises(OSError):
        demo_run.run_demo(output, lang="zh")
    assert snapshot() == before
    monkeypatch.setattr(demo_run, "write_atomic", real)
    demo_run.run_demo(output, lang="zh")  # and a run that succeeds leaves nothing aside
    assert not list(output.rglob("*before-demo*"))
    assert (output / "reports" / "mine.txt").read_text("utf-8") == "notes"


def test_a_demo_clears_what_a_killed_run_left_aside(tmp_path: Path) -> None:
    """A run killed outright leaves the earlier demo set aside under its own process id;
    later runs removed only their own, so a copy of the evidence stayed for good."""
    from audit.demo.run import run_demo

    output = tmp_path / "k"
    run_demo(output, lang="en")
    (output / "evidence").rename(output / ".evidence.before-demo-99999")
    (output / "reports" / "result.json").rename(output / "reports" / ".result.json.before-demo-1")
    run_demo(output, lang="en")
    assert not list(output.rglob("*before-demo*"))
    assert (output / "evidence" / "HQ-FY.json").exists()


def test_an_interrupt_right_after_setting_aside_puts_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between moving the earlier evidence aside and noting it: the failed run did
    not know, and the earlier demo was left without its evidence."""
    from audit.demo.run import run_demo

    output = tmp_path / "d"
    run_demo(output, lang="en")
    before = sorted(p.relative_to(output).as_posix() for p in output.rglob("*"))
    real = Path.rename

    def interrupted(self: Path, target: Any) -> Any:
        monkeypatch.setattr(Path, "rename", real)  # once: the moving back is not interrupted
        real(self, target)
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_demo(output, lang="en")
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*")) == before
