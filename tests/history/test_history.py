"""The history database and the rectification ledger, over the three-run scenario."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import DATA

runner = CliRunner()
MINI = str(DATA / "checklists" / "mini.toml")
RUNS = {"run1": "2020-07-15", "run2": "2020-07-24", "run3": "2021-01-15"}


def _run(db: Path, name: str, *extra: str) -> None:
    result = runner.invoke(
        app,
        [
            "run",
            str(DATA / "history" / name),
            "--checklist",
            MINI,
            "--as-of",
            RUNS[name],
            "--db",
            str(db),
            "-q",
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output


def _ledger(db: Path, as_of: str, *extra: str) -> dict[str, dict[str, object]]:
    result = runner.invoke(app, ["ledger", "--db", str(db), "--as-of", as_of, "-f", "json", *extra])
    assert result.exit_code == 0, result.output
    return {e["finding"]: e for e in json.loads(result.stdout)["entries"]}


def test_findings_open_get_rectified_closed_and_overdue(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    first = _ledger(db, "2020-07-15")
    assert {k: v["status"] for k, v in first.items()} == {
        "T-ENF/M-ENF-01": "open",
        "T-ENF/M-ENF-02": "open",
        "T-ENF/M-PAY-01": "open",
    }
    assert first["T-ENF/M-ENF-02"]["deadline"] == "2020-07-29"  # critical: 10 working days
    _run(db, "run2")
    second = _ledger(db, "2020-07-24")
    assert {k: v["status"] for k, v in second.items()} == {
        "T-ENF/M-ENF-01": "rectified",
        "T-ENF/M-ENF-02": "in_progress",
        "T-ENF/M-PAY-01": "rectified",
    }
    # when each was found rectified, and whether in time: an auditor's 整改台账 asks
    found = {
        k: (v["rectified_run"], v["rectified_as_of"], v["rectified_days_late"])
        for k, v in second.items()
    }
    assert found == {
        "T-ENF/M-ENF-01": (2, "2020-07-24", 0),
        "T-ENF/M-ENF-02": (None, None, None),
        "T-ENF/M-PAY-01": (2, "2020-07-24", 0),
    }
    closed = runner.invoke(
        app,
        [
            "ledger",
            "close",
            "T-ENF/M-ENF-01",
            "--by",
            "审计员甲",
            "--evidence",
            "复核公示记录",
            "--db",
            str(db),
            "--as-of",
            "2020-07-24",
        ],
    )
    assert closed.exit_code == 0, closed.output
    refused = runner.invoke(
        app,
        [
            "ledger",
            "close",
            "T-ENF/M-ENF-02",
            "--by",
            "x",
            "--evidence",
            "y",
            "--db",
            str(db),
            "--as-of",
            "2020-07-24",
            "--lang",
            "en",
        ],
    )
    assert refused.exit_code == 2
    assert "has not passed in any run since it was found (latest: run 2)" in refused.output
    _run(db, "run3")
    third = _ledger(db, "2021-01-15")
    assert {k: (v["status"], v["days_overdue"]) for k, v in third.items()} == {
        "T-ENF/M-ENF-01": ("closed", None),
        "T-ENF/M-ENF-02": ("overdue", 170),
        "T-ENF/M-ENF-03": ("open", None),
        "T-ENF/M-PAY-01": ("rectified", None),
    }
    assert third["T-ENF/M-ENF-01"]["closed_by"] == "审计员甲"
    assert third["T-ENF/M-ENF-01"]["rectified_run"] == 2  # closed, and when it was fixed
    csv_text = runner.invoke(
        app, ["ledger", "--db", str(db), "--as-of", "2021-01-15", "-f", "csv", "--lang", "en"]
    ).stdout
    assert "Rectified (found in)" in csv_text and "#2 (2020-07-24), in time" in csv_text
    late = tmp_path / "late.sqlite"  # fixed only by the next half-year: late
    _run(late, "run1")
    _run(late, "run3")
    fixed = _ledger(late, "2021-01-15")["T-ENF/M-PAY-01"]
    assert (fixed["status"], fixed["deadline"], fixed["rectified_as_of"]) == (
        "rectified",
        "2020-07-29",
        "2021-01-15",
    )
    assert fixed["rectified_days_late"] == 170
    overdue = _ledger(db, "2021-01-15", "--status", "逾期")
    assert list(overdue) == ["T-ENF/M-ENF-02"]
    assert list(_ledger(db, "2021-01-15", "--severity", "minor")) == ["T-ENF/M-ENF-03"]
    assert len(_ledger(db, "2021-01-15", "--unit", "法规")) == 4
    # either name is accepted, so a mistyped one is told both (the Chinese listed codes only)
    typo = runner.invoke(app, ["ledger", "--db", str(db), "--status", "逾其"])
    assert typo.exit_code == 2
    assert "open / 待整改, in_progress / 整改中, rectified / 已整改待验收" in typo.output


def test_a_closure_stands_against_an_audit_dated_before_its_verification(tmp_path: Path) -> None:
    """`ledger close --as-of D` was checked against D, then forgotten: a failing audit as of
    a day before D, stored after the closure, overturned it. The verification date is kept
    (`verified_on`), and only a failing audit that speaks for a later day overturns it."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    close = ["ledger", "close", "T-ENF/M-ENF-01", "--by", "甲", "--evidence", "e"]
    closed = runner.invoke(app, [*close, "--db", str(db), "--as-of", "2020-08-01"])
    assert closed.exit_code == 0, closed.output
    closed_entry = _ledger(db, "2020-08-01")["T-ENF/M-ENF-01"]
    assert closed_entry["verified_on"] == "2020-08-01"
    _run_folder(db, DATA / "history" / "run1", "2020-07-25")  # old evidence, an earlier day
    entry = _ledger(db, "2020-08-01")["T-ENF/M-ENF-01"]
    assert (entry["status"], entry["closed_by"]) == ("closed", "甲")
    # answered by the verification: the closed finding is the one closed, not a new streak
    # (it read closed, "reopened", with a new deadline and no rectifying run)
    for key in ("reopened", "deadline", "rectified_run", "first_run"):
        assert entry[key] == closed_entry[key], key
    _run_folder(db, DATA / "history" / "run1", "2020-08-03")  # failing after the verification
    entry = _ledger(db, "2020-08-03")["T-ENF/M-ENF-01"]
    assert (entry["status"], entry["reopened"]) == ("open", True)
    # reopened by the failure after the verification, with that run's deadline (the one
    # before it began a streak: "整改中" against the earlier run's deadline)
    assert entry["first_run"] == entry["last_run"] == 4
    assert str(entry["deadline"]) > str(closed_entry["deadline"])
    overturned = entry["overturned_closure"]
    assert isinstance(overturned, dict) and overturned["closed_by"] == "甲"
    # the day it was verified for, in JSON and under the printed "Verified on" (which
    # showed the day of signing for an overturned closure)
    assert overturned["verified_on"] == "2020-08-01"
    shown = runner.invoke(app, ["ledger", "--db", str(db), "--as-of", "2020-08-03", "-f", "csv"])
    row = next(line for line in shown.stdout.splitlines() if line.startswith("T-ENF/M-ENF-01"))
    assert "甲（销号后复发）,2020-08-01,e" in row, row


def test_a_closed_finding_that_fails_again_is_reopened(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    runner.invoke(
        app,
        [
            "ledger",
            "close",
            "T-ENF/M-ENF-01",
            "--by",
            "甲",
            "--evidence",
            "e",
            "--db",
            str(db),
            "--as-of",
            "2020-07-24",
        ],
    )
    # the old, failing evidence again, judged on a later day than the closure's run
    _run_folder(db, DATA / "history" / "run1", "2020-07-25")
    entry = _ledger(db, "2020-07-25")["T-ENF/M-ENF-01"]
    assert (entry["status"], entry["reopened"]) == ("open", True)
    # the sign-off it overturned is kept, not lost: who, when, on what evidence
    assert entry["closed_by"] is None
    overturned = entry["overturned_closure"]
    assert isinstance(overturned, dict)
    assert (overturned["closed_by"], overturned["evidence"]) == ("甲", "e")
    listed = runner.invoke(
        app, ["ledger", "--db", str(db), "--as-of", "2020-07-25", "-f", "csv", "--lang", "en"]
    ).stdout
    assert "甲 (failed again after closure)" in listed
    shown = runner.invoke(app, ["ledger", "--db", str(db), "--as-of", "2020-07-25", "-f", "plain"])
    assert "待整改 ↺" in shown.stdout
    assert "↺ 已整改或已销号后再次出现的问题" in shown.stdout  # and the mark is explained
    # the accountability report handed to the unit says so too, as does the stored result
    report = ["report", "latest", "--db", str(db), "--report", "accountability", "-f", "plain"]
    handed = runner.invoke(app, [*report, "--lang", "en"])
    line = next(x for x in handed.stdout.splitlines() if x.startswith("T-ENF/M-ENF-01"))
    assert line.endswith("open ↺ (found again after rectification)"), line
    stored = runner.invoke(app, ["report", "latest", "--db", str(db), "-f", "json"])
    (finding,) = [f for f in json.loads(stored.stdout)["findings"] if f["id"] == "T-ENF/M-ENF-01"]
    assert finding["ledger_reopened"] is True


def test_ledger_formats(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    xlsx = tmp_path / "ledger.xlsx"
    result = runner.invoke(
        app, ["ledger", "--db", str(db), "--as-of", "2020-08-01", "-f", "xlsx", "-o", str(xlsx)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(xlsx)
    sheet = book.active
    assert sheet.title == "整改台账"
    assert sheet.freeze_panes == "A2"
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["编号", "单位", "问题", "法律依据"]
    assert sheet.column_dimensions["C"].width == 48
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    deadline = headers.index("整改期限")
    assert rows[1][deadline] == dt.datetime(2020, 7, 29)
    assert rows[1][headers.index("整改状态")] == "逾期"
    assert rows[1][headers.index("逾期天数（计至 2020-08-01）")] == 3  # the date is named
    liability = [row[headers.index("追责建议")] for row in rows]
    assert sum(1 for text in liability if text and "第六十九条" in text) >= 1
    csv_text = runner.invoke(
        app, ["ledger", "--db", str(db), "--as-of", "2020-08-01", "-f", "csv"]
    ).stdout
    assert csv_text.startswith("\ufeff编号,")
    assert ",逾期天数（计至 2020-08-01）," in csv_text.splitlines()[0]
    as_json = runner.invoke(app, ["ledger", "--db", str(db), "--as-of", "2020-08-01", "-f", "json"])
    assert json.loads(as_json.stdout)["as_of"] == "2020-08-01"
    markdown = runner.invoke(
        app, ["ledger", "--db", str(db), "--as-of", "2020-08-01", "-f", "markdown", "--lang", "en"]
    ).stdout
    assert "# Rectification ledger" in markdown and "overdue" in markdown
    assert "As of 2020-08-01 (statuses and days overdue are judged on this date)" in markdown
    # a date before a stored run's as-of: said, since that run counts all the same
    early = runner.invoke(app, ["ledger", "--db", str(db), "--as-of", "2020-07-01", "--lang", "en"])
    assert early.exit_code == 0
    assert early.stderr == (
        "warning: the ledger is judged on 2020-07-01, but run 1 was audited as of 2020-07-15: "
        "later runs count too, so the statuses are not those of 2020-07-01 itself\n"
    )
    no_file = runner.invoke(app, ["ledger", "--db", str(db), "-f", "xlsx"])
    assert no_file.exit_code == 2


def test_history_diff_and_report_from_the_database(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    for name in RUNS:
        _run(db, name)
    listed = runner.invoke(app, ["history", "--db", str(db), "-f", "json"])
    data = json.loads(listed.stdout)
    assert [r["id"] for r in data["runs"]] == [1, 2, 3]
    assert [round(t["score"], 1) for t in data["trend"]] == [14.3, 71.4, 57.1]
    html = runner.invoke(app, ["history", "--db", str(db), "--agency", "T-ENF", "-f", "html"])
    assert html.stdout.count('class="series"') >= 2  # agency and section lines
    diff = runner.invoke(app, ["diff", "1", "latest", "--db", str(db), "-f", "json"])
    agencies = json.loads(diff.stdout)["agencies"]
    assert agencies[0]["resolved"] == ["M-ENF-01", "M-PAY-01"]
    scores = [round(t["score"], 6) for t in data["trend"]]
    assert agencies[0]["delta"] == round(scores[2] - scores[0], 6)  # no float noise
    grades = (agencies[0]["grade_a"], agencies[0]["grade_b"])
    assert grades == ("不合格", "不合格")
    plain = runner.invoke(app, ["diff", "1", "2", "--db", str(db), "-f", "plain"])
    assert "不合格 → 合格" in plain.stdout  # 14.3 → 71.4: the grade changed
    assert agencies[0]["newly_failing"] == ["M-ENF-03"]
    assert agencies[0]["still_open"] == ["M-ENF-02"]
    report = runner.invoke(
        app, ["report", "2", "--db", str(db), "-f", "markdown", "--report", "accountability"]
    )
    assert report.exit_code == 0, report.output
    assert "整改中" in report.stdout  # the ledger status column
    assert runner.invoke(app, ["report", "9", "--db", str(db)]).exit_code == 2
    assert (
        runner.invoke(
            app, ["diff", "1", "previous", "--db", str(tmp_path / "new.sqlite")]
        ).exit_code
        == 2
    )


def test_runs_keep_file_hashes_and_no_history_skips_storage(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1", "--no-history")
    assert not db.exists()
    _run(db, "run1")
    with sqlite3.connect(db) as conn:
        (sha,) = conn.execute("SELECT sha256 FROM run_files").fetchone()
    import hashlib

    expected = hashlib.sha256((DATA / "history" / "run1" / "T-ENF.json").read_bytes())
    assert sha == expected.hexdigest()


def test_a_refused_evidence_file_keeps_its_hash_in_the_history(tmp_path: Path) -> None:
    """A file refused for one bad field was stored with sha256 NULL (and the result's
    evidence[] said null): the history could not prove which bytes were refused."""
    import hashlib

    folder = tmp_path / "ev"
    shutil.copytree(DATA / "history" / "run1", folder)
    bad = folder / "T-ENF.json"
    bad.write_text(bad.read_text("utf-8").replace('"period"', '"x-period": 1, "perio"', 1))
    db = tmp_path / "h.sqlite"
    done = runner.invoke(
        app, ["run", str(folder), "--checklist", MINI, "--as-of", RUNS["run1"], "--db", str(db)]
    )
    assert done.exit_code == 1, done.output
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute("SELECT file, sha256 FROM run_files WHERE valid = 0"))
    assert list(stored.values()) == [hashlib.sha256(bad.read_bytes()).hexdigest()]


def test_unusable_databases_are_configuration_errors(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database at all" * 100)
    refused = runner.invoke(app, ["history", "--db", str(garbage)])
    assert refused.exit_code == 3
    assert refused.output == (  # in the user's language, with what to do
        f"{garbage}: 无法使用审计历史数据库：该文件不是 SQLite 数据库。请用 --db 指定另一个数据库"
        "文件（audit run 也可加 --no-history，不保存历史）\n"
    )
    # a run says so before auditing anything: no report, no wasted audit
    run = ["run", str(DATA / "history" / "run1"), "--checklist", MINI, "--db", str(garbage)]
    ran = runner.invoke(app, [*run, "--lang", "en"])
    assert (ran.exit_code, ran.stdout) == (3, "")
    assert "the file is not an SQLite database. Name another database file with --db" in (
        ran.stderr
    )
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    foreign = runner.invoke(app, ["ledger", "--db", str(other), "--lang", "en"])
    assert "another program's SQLite database, not a tj-audit history" in foreign.output
    assert runner.invoke(app, ["history", "--db", str(tmp_path)]).exit_code == 2  # a folder
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    result = runner.invoke(app, ["history", "--db", str(newer), "--lang", "en"])
    assert result.exit_code == 3
    assert "upgrade tj-audit" in result.output


def test_unknown_runs_name_the_stored_ones_and_the_likely_word(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")

    def said(*args: str) -> tuple[int, str]:
        done = runner.invoke(app, [*args, "--db", str(db), "--lang", "en"])
        return done.exit_code, done.output.strip()

    assert said("report", "lastest") == (
        2,
        "the history has no run lastest (stored: 1; latest and previous work too); "
        "did you mean 'latest'?",
    )
    assert said("diff", "1", "7") == (
        2,
        "the history has no run 7 (stored: 1; latest and previous work too)",
    )
    assert said("diff", "previous", "latest") == (
        2,
        "the history holds one run only (run 1), so there is no previous: compare after "
        "another audit run",
    )


@pytest.mark.parametrize("stored", [b"\x00\x11 not zlib", b"zlib:" + b'{"format": 1}'])
def test_a_damaged_stored_run_is_a_configuration_error(tmp_path: Path, stored: bytes) -> None:
    """A result blob damaged inside an intact database (a flipped byte, a foreign writer):
    exit 3 naming the run and what to do, never an internal error."""
    import zlib

    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    blob = zlib.compress(stored[5:]) if stored.startswith(b"zlib:") else stored
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE runs SET result = ? WHERE id = 1", (blob,))
    for command in (["report", "1"], ["diff", "1", "2"]):
        done = runner.invoke(app, [*command, "--db", str(db), "--lang", "en"])
        assert done.exit_code == 3, done.output
        assert done.output.startswith("the stored result of run 1 is damaged and cannot be read (")
        assert done.output.rstrip().endswith(
            "restore the database from a backup, or run that audit again"
        )
    assert runner.invoke(app, ["report", "2", "--db", str(db)]).exit_code == 0


@pytest.mark.parametrize("score", ["NaN", "1e400", "999"])
def test_a_stored_score_no_run_can_have_is_a_damaged_run(tmp_path: Path, score: str) -> None:
    """A stored result edited to hold a score of NaN ended `report` in an internal error
    (cannot convert float NaN to integer); it is refused as a result file would be."""
    import re
    import zlib

    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    with sqlite3.connect(db) as conn:
        text = zlib.decompress(conn.execute("SELECT result FROM runs").fetchone()[0]).decode()
        edited = re.sub(r'"score":[0-9.]+', f'"score":{score}', text, count=1)
        assert edited != text
        conn.execute("UPDATE runs SET result = ?", (zlib.compress(edited.encode()),))
    done = runner.invoke(app, ["report", "1", "--db", str(db), "--lang", "en", "-f", "csv"])
    assert done.exit_code == 3, done.output
    shown = {"NaN": "nan", "1e400": "inf", "999": "999"}[score]
    assert done.output.startswith(
        "the stored result of run 1 is damaged and cannot be read "
        f"($.agencies[0].score = {shown}): restore the database"
    )


def test_a_stored_grade_of_the_wrong_shape_is_a_damaged_run(tmp_path: Path) -> None:
    """The consistency checks read each grade's name: a list there was an internal error
    (unhashable type), where the shape checks of a result file come first."""
    import json
    import zlib

    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    with sqlite3.connect(db) as conn:
        doc = json.loads(zlib.decompress(conn.execute("SELECT result FROM runs").fetchone()[0]))
        doc["catalogue"]["grades"][0]["zh"] = ["优秀"]
        conn.execute("UPDATE runs SET result = ?", (zlib.compress(json.dumps(doc).encode()),))
    for command in (["report", "1", "-f", "csv"], ["diff", "1", "1", "-f", "json"]):
        done = runner.invoke(app, [*command, "--db", str(db), "--lang", "en"])
        assert done.exit_code == 3, done.output
        assert done.output.startswith(
            "the stored result of run 1 is damaged and cannot be read (catalogue.grades.0.zh: "
        )


def test_a_command_run_in_process_leaves_nothing_frozen(tmp_path: Path) -> None:
    """run, report and diff freeze what they hold out of the collector's reach; a process
    that goes on (these tests, a program embedding the CLI) gets it back when each ends."""
    import gc

    db = tmp_path / "h.sqlite"
    gc.unfreeze()
    _run(db, "run1")
    assert gc.get_freeze_count() == 0
    for command in (["report", "1", "-f", "json"], ["diff", "1", "1", "-f", "json"]):
        assert runner.invoke(app, [*command, "--db", str(db)]).exit_code == 0
        assert gc.get_freeze_count() == 0


def _audit(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "audit", *args],
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )


def test_two_runs_writing_to_one_database_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    common = ["--checklist", MINI, "--db", str(db), "-q", "--jobs", "1"]
    procs = [
        _audit("run", str(DATA / "history" / name), "--as-of", RUNS[name], *common)
        for name in ("run1", "run2")
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == (2,)
        assert conn.execute("SELECT count(DISTINCT run_id) FROM findings").fetchone() == (2,)


def test_a_run_killed_while_writing_leaves_the_database_consistent(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    marker = tmp_path / "holding"
    proc = _audit(
        "run",
        str(DATA / "history" / "run2"),
        "--checklist",
        MINI,
        "--as-of",
        "2020-07-24",
        "--db",
        str(db),
        "-q",
        "--jobs",
        "1",
        env={"TJ_AUDIT_FAULT": f"hold-history-write:{marker}"},
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == (1,)
        assert conn.execute("SELECT count(DISTINCT run_id) FROM item_outcomes").fetchone() == (1,)
    _run(db, "run2")  # the database still takes new runs
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT max(id), count(*) FROM runs").fetchone()[1] == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ledger_terminal_view(tmp_path: Path, lang: str) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    result = runner.invoke(
        app, ["ledger", "--db", str(db), "--as-of", "2020-07-16", "--lang", lang, "-f", "plain"]
    )
    assert ("待整改" if lang == "zh" else "open") in result.stdout


def _run_folder(db: Path, folder: Path, as_of: str) -> None:
    result = runner.invoke(
        app, ["run", str(folder), "--checklist", MINI, "--as-of", as_of, "--db", str(db), "-q"]
    )
    assert result.exit_code == 0, result.output


def test_only_a_pass_rectifies_not_an_item_that_stopped_applying(tmp_path: Path) -> None:
    """Run 1's findings, then the same agency as a court: its enforcement items are not
    applicable, which proves nothing about rectification."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    doc = json.loads((DATA / "history" / "run2" / "T-ENF.json").read_text("utf-8"))
    doc["agency"]["roles"] = ["court"]
    doc.pop("items", None)
    court = tmp_path / "court"
    court.mkdir()
    (court / "T-ENF.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    _run_folder(db, court, "2020-07-24")
    statuses = {k: v["status"] for k, v in _ledger(db, "2020-07-24").items()}
    assert statuses["T-ENF/M-ENF-01"] == "open"  # not applicable now: still open, not rectified
    assert statuses["T-ENF/M-ENF-02"] == "open"
    close = ["ledger", "close", "T-ENF/M-ENF-01", "--by", "x", "--evidence", "y"]
    refused = runner.invoke(app, [*close, "--db", str(db), "--as-of", "2020-07-24"])
    assert refused.exit_code == 2
    # diff agrees: set aside, not resolved
    diff = runner.invoke(app, ["diff", "1", "2", "--db", str(db), "-f", "json"])
    (agency,) = json.loads(diff.stdout)["agencies"]
    assert "M-ENF-01" not in agency["resolved"]
    assert {"M-ENF-01", "M-ENF-02"} <= set(agency["set_aside"])
    text = runner.invoke(app, ["diff", "1", "2", "--db", str(db), "--lang", "en", "-f", "plain"])
    assert "Set aside (not applicable, deselected or exempted)" in text.stdout


def test_auditing_an_earlier_period_again_rectifies_nothing_later(tmp_path: Path) -> None:
    """Run 3 (2020-H2) finds M-ENF-03; then 2020-H1 is audited again, where M-ENF-03 passes:
    that says nothing about H2."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run3")
    _run_folder(db, DATA / "history" / "run2", "2021-01-20")
    ledger = _ledger(db, "2021-01-20")
    assert ledger["T-ENF/M-ENF-03"]["status"] == "open"
    assert ledger["T-ENF/M-ENF-01"]["status"] == "rectified"  # H1 itself was fixed


def test_printed_ledgers_date_a_closure_by_the_day_its_verification_speaks_for(
    tmp_path: Path,
) -> None:
    """Only the JSON had verified_on; the text, CSV, Markdown, HTML and Excel ledgers
    showed the day the command was run (in UTC) as the closing date."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    close = ["ledger", "close", "T-ENF/M-ENF-01", "--db", str(db), "--as-of", "2020-07-24"]
    assert runner.invoke(app, [*close, "--by", "甲", "--evidence", "复核"]).exit_code == 0
    shown = runner.invoke(app, ["ledger", "--db", str(db), "--as-of", "2020-07-30", "-f", "csv"])
    row = next(line for line in shown.stdout.splitlines() if line.startswith("T-ENF/M-ENF-01"))
    assert ",甲,2020-07-24,复核" in row, row
    # headed as what it is: the JSON's closed_at is the moment of signing, another thing
    headers = shown.stdout.splitlines()[0].lstrip("\ufeff").split(",")
    assert headers[headers.index("销号人") + 1] == "销号验收日期", headers


def test_an_earlier_period_audited_again_is_no_progress(tmp_path: Path) -> None:
    """2020-H2 audited, then the untouched 2020-H1 files audited again: a finding of H2
    found again in H1's evidence counted as 整改中 (in progress), though H1 is neither a
    later period nor H2 submitted again."""
    db = tmp_path / "h.sqlite"
    _run(db, "run3")
    _run(db, "run1", "--as-of", "2021-01-20")
    assert _ledger(db, "2021-01-20")["T-ENF/M-ENF-02"]["status"] == "open"
    _run(db, "run3", "--as-of", "2021-01-21")  # H2 itself again, the same file: no progress
    assert _ledger(db, "2021-01-21")["T-ENF/M-ENF-02"]["status"] == "open"


def test_a_closure_is_recorded_once_and_names_who_and_why(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    close = ["ledger", "close", "T-ENF/M-ENF-01", "--db", str(db), "--as-of", "2020-07-24"]
    blank = runner.invoke(app, [*close, "--by", " ", "--evidence", "复核", "--lang", "en"])
    assert blank.exit_code == 2
    assert "--by must not be blank" in blank.output
    # --as-of is the day of the verification: before the run that found the fix, refused
    early = [*close[:-1], "2020-07-20", "--by", "甲", "--evidence", "复核", "--lang", "en"]
    refused = runner.invoke(app, early)
    assert refused.exit_code == 2
    assert "was found rectified in run 2 (as of 2020-07-24); a verification dated 2020-07-20" in (
        refused.output
    )
    # nor after today: a closure dated 2099 stood against every later run that failed
    future = [*close[:-1], "2099-01-01", "--by", "甲", "--evidence", "复核", "--lang", "en"]
    refused = runner.invoke(app, future)
    assert refused.exit_code == 2
    assert "the verification is dated 2099-01-01, after today" in refused.output
    assert runner.invoke(app, [*close, "--by", "甲", "--evidence", "复核"]).exit_code == 0
    again = runner.invoke(app, [*close, "--by", "乙", "--evidence", "再次", "--lang", "en"])
    assert again.exit_code == 2
    assert "T-ENF/M-ENF-01 was already closed on" in again.output and "by 甲" in again.output
    assert _ledger(db, "2020-07-24")["T-ENF/M-ENF-01"]["closed_by"] == "甲"


def test_auditors_closing_one_finding_at_once_close_it_once(tmp_path: Path) -> None:
    """The check ("not closed yet") and the record were two steps: six auditors closing at
    once could both succeed, and the ledger named only one of them."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    close = [sys.executable, "-m", "audit", "ledger", "close", "T-ENF/M-ENF-01", "--db", str(db)]
    closers = [
        subprocess.Popen(
            [*close, "--as-of", "2020-07-24", "--by", f"auditor{n}", "--evidence", "复核"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(6)
    ]
    codes = sorted(p.wait(timeout=120) for p in closers)
    assert codes == [0, 2, 2, 2, 2, 2]
    # in the database file itself: a closure left in the write-ahead log (the command
    # exits without closing what it opened) was lost by a copy of history.sqlite
    assert not db.with_name(db.name + "-wal").exists()
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(db.read_bytes())
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM closures").fetchone() == (1,)


def test_report_of_an_old_run_shows_the_ledger_as_it_stood_then(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    _run(db, "run3")
    options = ["--report", "accountability", "-f", "plain", "--lang", "en"]
    old = runner.invoke(app, ["report", "1", "--db", str(db), *options])
    assert old.exit_code == 0, old.output
    rows = [line.rstrip() for line in old.output.splitlines() if line.startswith("T-ENF/")]
    assert len(rows) == 3
    assert all(row.endswith("  open") for row in rows), rows  # what run 1 knew: all new


@pytest.mark.parametrize(
    "command",
    [["history"], ["ledger"], ["diff", "1", "2"], ["report", "1"]],
    ids=["history", "ledger", "diff", "report"],
)
def test_reading_commands_never_create_a_database(command: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    result = runner.invoke(app, [*command, "--db", str(missing), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{missing}: no history database here" in result.output
    assert not missing.exists()


def test_unknown_agency_and_severity_are_named(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    history = runner.invoke(app, ["history", "--db", str(db), "--agency", "T-EN", "--lang", "en"])
    assert history.exit_code == 2
    assert "no run for agency T-EN; did you mean 'T-ENF'?" in history.output
    ledger = ["ledger", "--db", str(db), "--lang", "en", "--as-of", "2020-07-15"]
    bogus = runner.invoke(app, [*ledger, "--severity", "critcal"])
    assert bogus.exit_code == 2
    assert "unknown --severity 'critcal'" in bogus.output
    # the option by its name, in a Chinese sentence ("未知的 severity" read half English)
    zh = runner.invoke(app, [*ledger[:-4], "--as-of", "2020-07-15", "--status", "overdu"])
    assert "未知的 --status 'overdu'" in zh.output
    assert list(_ledger(db, "2020-07-15", "--severity", "关键")) == [
        "T-ENF/M-ENF-02",
        "T-ENF/M-PAY-01",
    ]


def test_a_finding_found_again_keeps_its_first_deadline_in_the_ledger(tmp_path: Path) -> None:
    """Run 2 finds M-ENF-02 again. Its deadline in the result is the formula's (as-of +
    rectification days: a result depends on its evidence and as-of date, not on the
    history), and the ledger keeps the deadline run 1 set, which the result carries as
    ``ledger_deadline`` and the accountability report names beside the status."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    options = ["--checklist", MINI, "--as-of", "2020-07-24", "--db", str(db), "-f", "json"]
    second = runner.invoke(app, ["run", str(DATA / "history" / "run2"), *options])
    finding = next(f for f in json.loads(second.stdout)["findings"] if f["id"] == "T-ENF/M-ENF-02")
    assert (finding["deadline"], finding["ledger_deadline"]) == ("2020-08-07", "2020-07-29")
    unstored = runner.invoke(
        app, ["run", str(DATA / "history" / "run2"), *options[:4], "--no-history", "-f", "json"]
    )
    alone = next(f for f in json.loads(unstored.stdout)["findings"] if f["id"] == finding["id"])
    assert alone["deadline"] == finding["deadline"]  # the same with or without a history
    assert _ledger(db, "2020-07-24")["T-ENF/M-ENF-02"]["deadline"] == "2020-07-29"
    report = ["report", "2", "--db", str(db), "-f", "plain", "--report", "accountability"]
    row = next(
        line
        for line in runner.invoke(app, [*report, "--lang", "en"]).stdout.splitlines()
        if "T-ENF/M-ENF-02" in line
    )
    assert "2020-08-07" in row and row.rstrip().endswith("(ledger deadline 2020-07-29)")


def test_the_terminal_ledger_keeps_to_who_what_and_when(tmp_path: Path) -> None:
    """15 columns do not fit a terminal: it shows six, and says where the rest are."""
    from audit.history.db import connect
    from audit.history.ledger import build_ledger
    from audit.reports.blocks import Table, Text
    from audit.reports.history_views import LEDGER_HEADERS, ledger_view

    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    entries = build_ledger(connect(db), as_of=dt.date(2020, 7, 15))
    compact = ledger_view(entries, "en", compact=True)
    table = next(b for b in compact if isinstance(b, Table))
    assert table.headers == [
        "Finding",
        "Severity",
        "Responsible unit / person / leader",
        "Deadline",
        "Status",
        "Days overdue",
    ]
    assert table.rows[0][0] == "T-ENF/M-ENF-01" and len(table.rows) == 3
    assert (
        "--format xlsx" in next(b for b in compact if isinstance(b, Text) and "xlsx" in b.text).text
    )
    full = next(b for b in ledger_view(entries, "en") if isinstance(b, Table))
    assert len(full.headers) == len(LEDGER_HEADERS)


def test_a_rectified_finding_that_fails_again_is_reopened_with_a_new_deadline(
    tmp_path: Path,
) -> None:
    """Run 2 rectifies M-ENF-01 and M-PAY-01; the old, failing evidence audited again a month
    later reopens them. The report of that run and the ledger agree on the new deadline, and
    neither counts the old one as overdue; M-ENF-02, never rectified, keeps run 1's in the
    ledger (the result gives its own beside it)."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    options = ["--checklist", MINI, "--as-of", "2020-08-20", "--db", str(db), "-f", "json"]
    again = runner.invoke(app, ["run", str(DATA / "history" / "run1"), *options])
    assert again.exit_code == 0, again.output
    deadlines = {f["id"]: f["deadline"] for f in json.loads(again.stdout)["findings"]}
    ledger = _ledger(db, "2020-08-20")
    for finding in ("T-ENF/M-ENF-01", "T-ENF/M-PAY-01"):
        entry = ledger[finding]
        assert (entry["status"], entry["reopened"], entry["runs_failing"]) == ("open", True, 1)
        assert entry["deadline"] == deadlines[finding] > "2020-08-20"
        assert entry["first_run"] == 3
    kept = ledger["T-ENF/M-ENF-02"]
    assert (kept["status"], kept["deadline"], kept["runs_failing"]) == ("overdue", "2020-07-29", 3)
    assert deadlines["T-ENF/M-ENF-02"] == "2020-09-03"  # 2020-08-20 + 10 working days
    stored = runner.invoke(app, ["report", "3", "--db", str(db), "-f", "json"])
    assert stored.exit_code == 0, stored.output
    findings = json.loads(stored.stdout)["findings"]
    assert {f["id"]: f["deadline"] for f in findings} == deadlines
    assert {f["id"]: f["ledger_deadline"] for f in findings} == {
        k: v["deadline"] for k, v in ledger.items()
    }


def test_a_result_file_keeps_the_ledger_status_for_audit_report(tmp_path: Path) -> None:
    """The JSON result of a stored run carries each finding's ledger status, so that
    `audit report FILE` shows the status column without the history."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    options = ["--checklist", MINI, "--as-of", RUNS["run2"], "--db", str(db), "-f", "json"]
    second = runner.invoke(app, ["run", str(DATA / "history" / "run2"), *options])
    doc = json.loads(second.stdout)
    assert {f["id"]: f["ledger_status"] for f in doc["findings"]} == {
        "T-ENF/M-ENF-02": "in_progress"
    }
    saved = tmp_path / "result.json"
    saved.write_text(second.stdout, "utf-8")
    shown = runner.invoke(
        app, ["report", str(saved), "-f", "plain", "--report", "accountability", "--lang", "en"]
    )
    assert shown.exit_code == 0, shown.output
    row = next(line for line in shown.stdout.splitlines() if "T-ENF/M-ENF-02" in line)
    assert row.rstrip().endswith("in progress (ledger deadline 2020-07-29)")
    report = ["report", "2", "--db", str(db), "-f", "plain", "--report", "accountability"]
    stored = runner.invoke(app, [*report, "--lang", "en"])
    assert row in stored.stdout.splitlines()  # the file says what the history says
    unstored = runner.invoke(
        app, ["run", str(DATA / "history" / "run2"), *options[:4], "--no-history", "-f", "json"]
    )
    assert all(f["ledger_status"] is None for f in json.loads(unstored.stdout)["findings"])


def test_a_run_with_an_earlier_as_of_shows_the_ledgers_deadline(tmp_path: Path) -> None:
    """Stored at 2021-01-15 first, then the same failing evidence as of 2020-07-15: the
    ledger takes runs in the order of their as-of dates, not of storage, so the finding
    was opened on 2020-07-15 with that day's deadline; the run of 2021-01-15 carries it
    beside its own. The same file audited again is no progress: still open. Each run's
    report shows the ledger after it in as-of order, whatever the order of storage."""
    db = tmp_path / "h.sqlite"
    base = ["run", str(DATA / "history" / "run1"), "--checklist", MINI, "--db", str(db)]
    first = runner.invoke(app, [*base, "--as-of", "2021-01-15", "-f", "json"])
    later = {f["id"]: f["deadline"] for f in json.loads(first.stdout)["findings"]}
    again = runner.invoke(app, [*base, "--as-of", "2020-07-15", "-f", "json"])
    opened = {f["id"]: f["deadline"] for f in json.loads(again.stdout)["findings"]}
    assert all(opened[k] < later[k] for k in later)
    ledger = _ledger(db, "2021-01-15")
    assert {k: v["deadline"] for k, v in ledger.items()} == opened
    assert {v["status"] for v in ledger.values()} == {"overdue"}  # judged on 2021-01-15
    assert {v["first_run"] for v in ledger.values()} == {2}
    stored = runner.invoke(app, ["report", "1", "--db", str(db), "-f", "json"])
    doc = json.loads(stored.stdout)  # after run 1 in as-of order: run 2 came before it
    assert {f["id"]: f["ledger_deadline"] for f in doc["findings"]} == opened
    assert {f["ledger_status"] for f in doc["findings"]} == {"overdue"}
    back = json.loads(runner.invoke(app, ["report", "2", "--db", str(db), "-f", "json"]).stdout)
    assert {f["ledger_status"] for f in back["findings"]} == {"open"}  # the first, by date
    assert {v["status"] for v in _ledger(db, "2020-07-16").values()} == {"open"}


def test_the_accountability_report_counts_the_days_overdue(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    _run(db, "run3")
    shown = runner.invoke(
        app,
        [
            "report",
            "3",
            "--db",
            str(db),
            "-f",
            "plain",
            "--report",
            "accountability",
            "--lang",
            "en",
        ],
    )
    row = next(line for line in shown.stdout.splitlines() if "T-ENF/M-ENF-02" in line)
    assert row.rstrip().endswith("overdue (ledger deadline 2020-07-29, 170 days)")


def test_reading_commands_leave_other_databases_alone(tmp_path: Path) -> None:
    """Another program's SQLite file is refused, byte for byte untouched, by every command;
    a history with a table missing is reported as damaged (exit 3), not as a bug."""
    foreign = tmp_path / "other.db"
    other = sqlite3.connect(foreign)
    other.execute("CREATE TABLE notes (text TEXT)")
    other.commit()
    other.close()
    before = foreign.read_bytes()
    for command in (["history"], ["ledger"], ["diff", "1", "2"], ["report", "1"]):
        result = runner.invoke(app, [*command, "--db", str(foreign), "--lang", "en"])
        assert result.exit_code == 3, (command, result.output)
        assert "not a tj-audit history" in result.stderr
    stored = runner.invoke(
        app,
        [
            "run",
            str(DATA / "history" / "run1"),
            "--checklist",
            MINI,
            "--db",
            str(foreign),
            "--as-of",
            "2020-07-15",
            "-q",
        ],
    )
    assert stored.exit_code == 3
    assert foreign.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE closures")
    conn.commit()
    conn.close()
    damaged = runner.invoke(app, ["ledger", "--db", str(db), "--lang", "en"])
    assert damaged.exit_code == 3
    assert damaged.stderr.startswith("the history database is damaged and cannot be read")


def test_the_ledger_refuses_an_agency_no_run_audited(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    result = runner.invoke(app, ["ledger", "--db", str(db), "--agency", "t-enf", "--lang", "en"])
    assert result.exit_code == 2
    assert "did you mean 'T-ENF'?" in result.stderr


def test_the_english_ledger_names_an_unnamed_unit_by_its_role_in_english(tmp_path: Path) -> None:
    """No responsible unit in the evidence: the role's name stands in, in each language."""
    evidence = tmp_path / "evidence"
    shutil.copytree(DATA / "history" / "run1", evidence)
    for path in evidence.glob("*.json"):
        doc = json.loads(path.read_text("utf-8"))
        doc.pop("responsible", None)
        for claim in (doc.get("items") or {}).values():
            claim.pop("responsible", None)
        path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    db = tmp_path / "h.sqlite"
    options = ["--checklist", MINI, "--as-of", "2020-07-15", "--db", str(db), "-q"]
    assert runner.invoke(app, ["run", str(evidence), *options]).exit_code == 0
    shown = {
        lang: runner.invoke(
            app, ["ledger", "--db", str(db), "--as-of", "2020-07-15", "-f", "csv", "--lang", lang]
        ).stdout
        for lang in ("zh", "en")
    }
    assert "行政执法机关 / — / —" in shown["zh"] or "行政执法机关／—／—" in shown["zh"]
    assert "Enforcement body / — / —" in shown["en"]
    assert "行政执法机关" not in shown["en"]


def test_a_quiet_closure_prints_nothing(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    close = ["ledger", "close", "T-ENF/M-ENF-01", "--by", "甲", "--evidence", "复核", "-q"]
    result = runner.invoke(app, [*close, "--db", str(db), "--as-of", "2020-07-24"])
    assert (result.exit_code, result.output) == (0, "")
    assert _ledger(db, "2020-07-24")["T-ENF/M-ENF-01"]["status"] == "closed"


def _named_in_english(tmp_path: Path) -> Path:
    evidence = tmp_path / "evidence"
    shutil.copytree(DATA / "history" / "run1", evidence)
    for path in evidence.glob("*.json"):
        doc = json.loads(path.read_text("utf-8"))
        doc["agency"]["name_en"] = f"English name of {doc['agency']['code']}"
        path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return evidence


def _english_views(db: Path) -> tuple[str, str]:
    history = runner.invoke(app, ["history", "--db", str(db), "--agency", "T-ENF", "--lang", "en"])
    ledger = runner.invoke(
        app, ["ledger", "--db", str(db), "--as-of", "2020-07-15", "-f", "csv", "--lang", "en"]
    )
    assert history.exit_code == ledger.exit_code == 0, history.output + ledger.output
    return history.stdout, ledger.stdout


def test_history_and_ledger_speak_english_under_lang_en(tmp_path: Path) -> None:
    """Grades and agency names have English forms: the history now stores them."""
    db = tmp_path / "h.sqlite"
    options = ["--checklist", MINI, "--as-of", "2020-07-15", "--db", str(db), "-q"]
    assert runner.invoke(app, ["run", str(_named_in_english(tmp_path)), *options]).exit_code == 0
    history, ledger = _english_views(db)
    assert "2020-01-01 – 2020-06-30" in history  # the period audited, beside the as-of date
    assert not any(grade in history for grade in ("优秀", "合格", "不合格"))
    assert "Pass" in history or "Fail" in history or "Excellent" in history
    assert "English name of T-ENF" in ledger
    assert "测试区市场监督管理局" not in ledger


def test_a_history_of_the_first_schema_is_read_and_then_migrated(tmp_path: Path) -> None:
    """A database written before English names were stored: reading commands show what it
    has (the Chinese names) without touching the file; the next run migrates it."""
    db = tmp_path / "h.sqlite"
    evidence = _named_in_english(tmp_path)
    options = ["--checklist", MINI, "--as-of", "2020-07-15", "--db", str(db), "-q"]
    assert runner.invoke(app, ["run", str(evidence), *options]).exit_code == 0
    with sqlite3.connect(db) as conn:  # back to schema 1, as an older tj-audit left it
        conn.execute("ALTER TABLE agency_scores DROP COLUMN name_en")
        conn.execute("ALTER TABLE agency_scores DROP COLUMN grade_en")
        conn.execute("ALTER TABLE closures DROP COLUMN verified_on")
        conn.execute("ALTER TABLE agency_scores DROP COLUMN max_score")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.close()
    before = db.read_bytes()
    history, ledger = _english_views(db)
    assert "测试区市场监督管理局" in ledger  # all the old history knows
    assert any(grade in history for grade in ("优秀", "合格", "不合格"))
    assert db.read_bytes() == before  # read, not migrated
    old = json.loads(runner.invoke(app, ["history", "--db", str(db), "-f", "json"]).stdout)
    assert old["trend"][0]["max_score"] is None  # not kept then: read as a percentage
    assert runner.invoke(app, ["run", str(evidence), *options]).exit_code == 0
    with sqlite3.connect(db) as conn:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    conn.close()
    assert version == ("4",)
    assert "English name of T-ENF" in _english_views(db)[1]


def test_a_diff_across_scoring_models_says_the_scores_do_not_compare(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run1", "--model", "xccdf-flat")
    shown = runner.invoke(app, ["diff", "previous", "latest", "--db", str(db), "--lang", "en"])
    assert "scored under different models (points / xccdf-flat)" in shown.stdout
    same = runner.invoke(app, ["diff", "1", "1", "--db", str(db), "--lang", "en"])
    assert "different models" not in same.stdout
    data = runner.invoke(app, ["diff", "1", "2", "--db", str(db), "-f", "json"])
    assert json.loads(data.stdout)["models"] == ["points", "xccdf-flat"]
    # the trend says so too: one line through 14.3 and a flat model's points misleads
    history = ["history", "--db", str(db), "--lang", "en", "-f", "plain"]
    for args in (history, [*history, "--agency", "T-ENF"]):
        listed = runner.invoke(app, args)
        assert "scored under different models (points, xccdf-flat)" in listed.stdout
    # a flat model's points are shown against the agency's maximum, as `audit run` shows
    # them, and charted as a share of it: 14.3 (points) and 5 of 35 (flat) are one level
    data = json.loads(runner.invoke(app, [*history[:3], "-f", "json"]).stdout)["trend"]
    assert [(t["score"], t["max_score"]) for t in data] == [(14.2857142857, 100.0), (5.0, 35.0)]
    rows = [r for r in listed.stdout.splitlines() if r.strip().startswith("#")]
    assert rows[1].endswith("T-ENF    5 / 35  Fail"), rows
    chart = runner.invoke(app, [*history, "-f", "terminal"]).stdout
    line = next(r for r in chart.splitlines() if r.strip().startswith("T-ENF") and "#" not in r)
    assert line.split()[1][0] == line.split()[1][1], line  # one level, not ▁ beside █
    _run(single := tmp_path / "one.sqlite", "run1")
    plain = runner.invoke(app, ["history", "--db", str(single), "--lang", "en", "-f", "plain"])
    assert "different models" not in plain.stdout


def test_a_diff_under_a_flat_model_compares_shares_of_each_maximum(tmp_path: Path) -> None:
    """Under xccdf-flat the diff compared raw points: 40 of 40 and 40 of 50 were "40.0 →
    40.0, change 0.0" beside a falling grade. It compares what the roll-ups rank: each
    score as a share of its run's maximum (5 and 20 of 35 here)."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1", "--model", "xccdf-flat")
    _run(db, "run3", "--model", "xccdf-flat")
    data = runner.invoke(app, ["diff", "1", "2", "--db", str(db), "-f", "json"])
    [agency] = json.loads(data.stdout)["agencies"]
    assert (agency["score_a"], agency["score_b"]) == (14.2857142857, 57.1428571429)
    assert agency["delta"] == 42.857143


def test_a_diff_says_when_the_runs_differ_in_checklist_or_tailoring(tmp_path: Path) -> None:
    """A diff of a tailored run (an item deselected) against an untailored one, or of runs
    under different checklists, showed the changes as if the agencies had made them."""
    db = tmp_path / "h.sqlite"
    tailoring = tmp_path / "t.toml"
    tailoring.write_text(
        '[items.M-ENF-01]\nselected = false\nreason = "专项检查另行安排"\n', "utf-8"
    )
    _run(db, "run1")
    _run(db, "run1", "--tailoring", str(tailoring))
    other = tmp_path / "other.toml"
    other.write_text(Path(MINI).read_text("utf-8").replace('version = "', 'version = "9', 1))
    runner.invoke(
        app,
        [
            "run",
            str(DATA / "history" / "run1"),
            "--checklist",
            str(other),
            "--as-of",
            "2020-07-15",
            "--db",
            str(db),
            "-q",
            "-f",
            "json",
            "-o",
            str(tmp_path / "r.json"),
        ],
    )
    tailored = runner.invoke(app, ["diff", "1", "2", "--db", str(db), "--lang", "en"]).stdout
    assert "the two runs were tailored differently (run 1: 0 change(s); run 2: 1;" in tailored
    assert "different checklists" not in tailored
    data = json.loads(runner.invoke(app, ["diff", "1", "2", "--db", str(db), "-f", "json"]).stdout)
    assert (data["tailoring_changes"], data["same_tailoring"]) == ([0, 1], False)
    listed = runner.invoke(app, ["diff", "1", "3", "--db", str(db), "--lang", "en"]).stdout
    assert "the two runs used different checklists (mini " in listed
    assert "tailored differently" not in listed
    same = runner.invoke(app, ["diff", "1", "1", "--db", str(db), "--lang", "en"]).stdout
    assert "different checklists" not in same and "tailored differently" not in same


def test_the_order_runs_were_stored_in_does_not_change_the_ledger(tmp_path: Path) -> None:
    """Audits stored out of order (the later half-year first) give the ledger of the same
    audits stored in order: runs are taken by their as-of dates."""

    def judged(db: Path) -> dict[str, tuple[object, ...]]:
        fields = ("status", "deadline", "days_overdue", "runs_failing", "reopened")
        return {k: tuple(v[f] for f in fields) for k, v in _ledger(db, "2021-03-01").items()}

    in_order, shuffled = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    for name in ("run1", "run2", "run3"):
        _run(in_order, name)
    for name in ("run3", "run1", "run2"):
        _run(shuffled, name)
    assert judged(shuffled) == judged(in_order)
    assert {status for status, *_ in judged(in_order).values()} >= {"rectified", "open"}


def test_runs_stored_out_of_order_read_in_the_order_of_their_dates(tmp_path: Path) -> None:
    """2021-H1 stored before 2020-H1 (a back-filled period): `latest` and `previous`, the
    history's trend and its current score followed the storage order, and `diff previous
    latest` compared backwards in time with nothing to say so."""
    db = tmp_path / "h.sqlite"
    _run(db, "run3")  # run 1 in the database, as of 2021-01-15
    _run(db, "run1")  # run 2, as of 2020-07-15
    shown = runner.invoke(app, ["diff", "previous", "latest", "--db", str(db), "--lang", "en"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("Run 2 → run 1")
    assert "run 2 as of 2020-07-15, run 1 as of 2021-01-15" in shown.stdout
    assert "back in time" not in shown.stdout
    backwards = runner.invoke(app, ["diff", "1", "2", "--db", str(db), "--lang", "en"])
    assert "note: run 1 speaks for a later date than run 2" in backwards.stdout
    data = json.loads(runner.invoke(app, ["diff", "1", "2", "--db", str(db), "-f", "json"]).stdout)
    assert data["as_of"] == {"a": "2021-01-15", "b": "2020-07-15"}
    trend = runner.invoke(
        app, ["history", "--db", str(db), "--agency", "T-ENF", "-f", "plain", "--lang", "en"]
    ).stdout
    line = next(
        row for row in trend.splitlines() if row.strip().startswith("T-ENF") and "#" not in row
    )
    latest = json.loads(
        runner.invoke(app, ["report", "latest", "--db", str(db), "-f", "json"]).stdout
    )
    assert latest["as_of"] == "2021-01-15"
    score = next(a["score"] for a in latest["agencies"] if a["code"] == "T-ENF")
    assert line.rstrip().endswith(f"{score:.1f}")  # the sparkline ends on the latest date


def test_a_row_damaged_by_hand_is_a_damaged_history_and_stores_nothing(tmp_path: Path) -> None:
    """A findings row that is no JSON, or a run whose date is no date, made `ledger`,
    `history` and `run` fail as a bug (exit 4, in English); `run` had stored its run before
    failing. Each says the history is damaged (exit 3, in --lang), and nothing is stored."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE findings SET data = '{not json' WHERE run_id = 2")
    ledger = runner.invoke(app, ["ledger", "--db", str(db), "--lang", "en"])
    assert ledger.exit_code == 3
    assert ledger.output.startswith("the history database is damaged")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE runs SET as_of = '2020-13-45' WHERE id = 2")
    history = runner.invoke(app, ["history", "--db", str(db)])
    assert history.exit_code == 3
    assert history.output.startswith("审计历史数据库已损坏")
    args = ["run", str(DATA / "history" / "run3"), "--checklist", MINI, "--db", str(db)]
    stored = runner.invoke(app, [*args, "--as-of", RUNS["run3"], "-q"])
    assert stored.exit_code == 3
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == (2,)


def test_a_severity_or_run_damaged_by_hand_is_named_and_stores_nothing(tmp_path: Path) -> None:
    """A finding's severity set to 'bogus' was shown as it was (and `--severity critical` found
    nothing); a row of a run no longer stored said only "cannot be read: 2". Each names what
    is wrong, in --lang, and a run stores nothing on such a history."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE findings SET severity = 'bogus' WHERE finding = 'T-ENF/M-ENF-01'")
    ledger = runner.invoke(app, ["ledger", "--db", str(db), "--lang", "en"])
    assert ledger.exit_code == 3
    assert "findings.severity 'bogus' (finding T-ENF/M-ENF-01, run 1)" in ledger.stderr
    zh = runner.invoke(app, ["ledger", "--db", str(db)])
    assert "存储的记录无法读取：findings.severity 'bogus'" in zh.stderr
    args = ["run", str(DATA / "history" / "run2"), "--checklist", MINI, "--db", str(db), "-q"]
    assert runner.invoke(app, [*args, "--as-of", RUNS["run2"]]).exit_code == 3
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == (1,)
        conn.execute("UPDATE findings SET severity = 'major'")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE findings SET run_id = 7 WHERE finding = 'T-ENF/M-ENF-01'")
    gone = runner.invoke(app, ["ledger", "--db", str(db), "--lang", "en"])
    assert gone.exit_code == 3
    assert "a row refers to 7, which is not stored" in gone.stderr


@pytest.mark.parametrize("command", [["history"], ["ledger"], ["diff", "1", "2"], ["report", "1"]])
def test_an_empty_database_file_holds_no_history_yet(command: list[str], tmp_path: Path) -> None:
    """A 0-byte file was "another program's database" (exit 3) to the reading commands,
    while `audit run` set it up as a new history: it is a history with nothing in it yet,
    said as a missing one is (exit 2), and `run` still starts it."""
    db = tmp_path / "empty.sqlite"
    db.write_bytes(b"")
    result = runner.invoke(app, [*command, "--db", str(db), "--lang", "en"])
    assert result.exit_code == 2
    assert "the history database file is empty, no run is recorded yet" in result.output
    _run(db, "run1")
    assert runner.invoke(app, ["history", "--db", str(db)]).exit_code == 0
    # a first run interrupted before its first table left an SQLite file with none: as empty
    started = tmp_path / "started.sqlite"
    with sqlite3.connect(started) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    result = runner.invoke(app, [*command, "--db", str(started), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "the history database file is empty, no run is recorded yet" in result.output


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (
            "attempt to write a readonly database",
            "the history database cannot be written (the file or its folder is read-only); "
            "it is not damaged: check the file's permissions",
        ),
        (
            "database is locked",
            "the history database is held by another program and was not released within "
            "60 s: try again once it has finished",
        ),
        ("disk I/O error", "the history database is damaged and cannot be read (disk I/O error)"),
        (  # a full disk mid-transaction: "damaged ... restore it from a backup" too
            "database or disk is full",
            "the disk is full, so the history database cannot be written (the database itself "
            "is not damaged, and nothing was written to it): free some space",
        ),
    ],
)
def test_a_history_that_cannot_be_written_is_not_called_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: str, said: str
) -> None:
    """A read-only (chattr +i) or busy history was "damaged ... restore it from a backup":
    advice that would have an auditor overwrite a good database. Each says what it is."""
    from audit.history import record

    def refused(*args: object, **kwargs: object) -> int:
        raise sqlite3.OperationalError(error)

    from audit.demo.run import data_dir

    monkeypatch.setattr(record, "save_run", refused)
    db = tmp_path / "h.sqlite"
    args = ["run", str(data_dir()), "--as-of", "2020-07-15", "--db", str(db), "--no-attachments"]
    done = runner.invoke(app, [*args, "-q", "--lang", "en", "-f", "json"])
    assert done.exit_code == 3, done.output
    assert done.stderr.startswith(said), done.stderr
    zh = runner.invoke(app, [*args, "-q", "-f", "json"])
    assert zh.exit_code == 3
    assert zh.stderr.startswith("审计历史数据库"), zh.stderr
    assert ("readonly" in zh.stderr) is False


def test_a_database_path_through_a_file_or_empty_says_so(tmp_path: Path) -> None:
    """--db a-file/h.sqlite gave the system's English "[Errno 20] Not a directory" inside
    Chinese text; --db "" (an unset variable) was called a folder."""
    (tmp_path / "a-file").write_text("", "utf-8")
    db = tmp_path / "a-file" / "h.sqlite"
    from audit.demo.run import data_dir

    args = ["run", str(data_dir()), "--as-of", "2020-07-15", "-q", "-f", "json"]
    through = runner.invoke(app, [*args, "--db", str(db)])
    assert through.exit_code == 3
    assert "路径中有一段是文件而不是目录" in through.stderr
    assert "Errno" not in through.stderr
    for reading in (["history"], ["ledger"]):  # it said "no history database here: run first"
        read = runner.invoke(app, [*reading, "--db", str(db)])
        assert read.exit_code == 3
        assert "路径中有一段是文件而不是目录" in read.stderr
    empty = runner.invoke(app, ["history", "--db", "", "--lang", "en"])
    assert empty.exit_code == 2
    assert "empty file name: ''" in empty.stderr


def test_the_ledger_workbook_keeps_formula_like_text_as_the_text_itself(tmp_path: Path) -> None:
    """The CSV's apostrophe before '=…' (a spreadsheet would run it) was written into the
    workbook too, where it showed: the cell now holds the text itself, stored as a string
    and marked as Excel marks a typed apostrophe, so it never runs and reads as written."""
    from openpyxl import load_workbook

    from audit.demo.run import data_dir

    hostile = '=HYPERLINK("http://example.invalid","x")'
    doc = json.loads((data_dir() / "HQ-SCJG.json").read_text("utf-8"))
    doc["responsible"]["unit"] = hostile
    (tmp_path / "ev").mkdir()
    (tmp_path / "ev" / "HQ-SCJG.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    db = tmp_path / "h.sqlite"
    ran = runner.invoke(
        app,
        [
            "run",
            str(tmp_path / "ev"),
            "--as-of",
            "2020-07-15",
            "--db",
            str(db),
            "-q",
            "--no-attachments",
            "-f",
            "json",
            "-o",
            str(tmp_path / "r.json"),
        ],
    )
    assert ran.exit_code == 0, ran.output
    xlsx = tmp_path / "ledger.xlsx"
    done = runner.invoke(app, ["ledger", "--db", str(db), "-o", str(xlsx)])
    assert done.exit_code == 0, done.output
    sheet = load_workbook(xlsx).active
    cells = [
        c
        for row in sheet.iter_rows(min_row=2)
        for c in row
        if c.value and "HYPERLINK" in str(c.value)
    ]
    assert cells and all(str(c.value).startswith(hostile) for c in cells), [c.value for c in cells]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    csv_text = runner.invoke(app, ["ledger", "--db", str(db), "-f", "csv"]).stdout
    assert "'" + hostile.replace('"', '""') in csv_text


def test_the_ledger_names_an_agency_as_its_latest_audit_does_whatever_the_storing_order(
    tmp_path: Path,
) -> None:
    """README: runs count in the order of their as-of dates, whatever the order they were
    stored in. The ledger's agency name was the last stored run's: an older run stored
    later gave back the old name of a renamed agency."""
    from audit.demo.run import data_dir

    doc = json.loads((data_dir() / "HQ-FGW.json").read_text("utf-8"))
    db = tmp_path / "h.sqlite"
    for name, as_of in (
        ("红桥区发展改革委（更名）", "2020-07-20"),
        ("红桥区发展改革委", "2020-07-15"),
    ):
        folder = tmp_path / as_of
        folder.mkdir()
        doc["agency"]["name"] = name
        (folder / "HQ-FGW.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        args = ["run", str(folder), "--as-of", as_of, "--db", str(db), "--no-attachments"]
        ran = runner.invoke(app, [*args, "-q", "-f", "json", "-o", str(folder / "r.json")])
        assert ran.exit_code == 0, ran.output
    listed = runner.invoke(app, ["ledger", "--db", str(db), "-f", "json"])
    entries = json.loads(listed.stdout)["entries"]
    assert entries
    assert {e["agency_name"] for e in entries} == {"红桥区发展改革委（更名）"}


def test_a_diff_tells_an_agency_whose_file_was_invalid_from_one_that_was_absent(
    tmp_path: Path,
) -> None:
    """An agency whose file failed validation in the later run was "only in run 1", as if it
    had not submitted at all."""
    from audit.demo.run import data_dir

    db = tmp_path / "h.sqlite"
    doc = json.loads((data_dir() / "HQ-FY.json").read_text("utf-8"))
    for as_of in ("2020-07-15", "2020-07-20"):
        folder = tmp_path / as_of
        folder.mkdir()
        (folder / "HQ-FY.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        args = ["run", str(folder), "--as-of", as_of, "--db", str(db), "--no-attachments", "-q"]
        runner.invoke(app, [*args, "-f", "json", "-o", str(tmp_path / f"{as_of}.json")])
        doc["period"]["end"] = "2020-02-30"  # the second run's file is invalid
    shown = runner.invoke(app, ["diff", "1", "2", "--db", str(db), "--lang", "en"]).stdout
    assert "not audited in run 2: its evidence file was invalid" in shown
    data = json.loads(runner.invoke(app, ["diff", "1", "2", "--db", str(db), "-f", "json"]).stdout)
    (entry,) = data["agencies"]
    assert (entry["only_in"], entry["invalid_in"]) == ("A", "B")


def test_a_history_locked_while_opening_is_said_to_be_busy_in_the_user_s_language() -> None:
    """Opening a history another program holds said SQLite's English "database is locked"
    inside the Chinese message, and advised another --db."""
    from audit.history.db import open_problem

    problem = open_problem(Path("h.sqlite"), sqlite3.OperationalError("database is locked"))
    assert problem.format("zh") == (
        "h.sqlite: 审计历史数据库正被另一个程序占用，等待 60 秒后仍未释放：请待其结束后重试"
    )
    assert "locked" not in problem.format("zh")


def test_a_closure_with_a_control_character_is_refused_and_an_old_one_kept_readable(
    tmp_path: Path,
) -> None:
    """`ledger close --by $'A\\x01B'` was stored; every `ledger -f xlsx` after it ended in an
    internal error (openpyxl refuses the character)."""
    import sqlite3

    from openpyxl import load_workbook

    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    close = ["ledger", "close", "T-ENF/M-ENF-01", "--db", str(db), "--as-of", "2020-07-24"]
    refused = runner.invoke(
        app, [*close, "--by", "审计员\x01甲", "--evidence", "复核", "--lang", "en"]
    )
    assert refused.exit_code == 2
    assert "--by holds the control or bidi character U+0001" in refused.output
    done = runner.invoke(app, [*close, "--by", "审计员甲", "--evidence", "复核\u202e记录"])
    assert done.exit_code == 2
    assert runner.invoke(app, [*close, "--by", "审计员甲", "--evidence", "复核"]).exit_code == 0
    with sqlite3.connect(db) as con:  # as an older version stored it
        con.execute("UPDATE closures SET closed_by = ?", ("审计员\x01甲",))
    out = tmp_path / "ledger.xlsx"
    shown = runner.invoke(app, ["ledger", "--db", str(db), "--as-of", "2020-07-24", "-o", str(out)])
    assert shown.exit_code == 0, shown.output
    cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "审计员\\x01甲" in cells


@pytest.mark.parametrize(
    ("change", "command"),
    [
        ("UPDATE runs SET mean_score = 'high'", ["history"]),
        ("UPDATE section_scores SET score = 'x'", ["history", "--agency", "T-ENF"]),
        ("UPDATE findings SET data = '[1, 2]'", ["ledger"]),
        ("UPDATE closures SET closed_at = 'never'", ["ledger", "-f", "csv"]),
        ("UPDATE findings SET data = json_set(data, '$.remedy', 'fix it')", ["ledger"]),
        ("UPDATE findings SET data = json_set(data, '$.refs', 'x')", ["ledger", "-f", "csv"]),
        ("UPDATE closures SET evidence = CAST('scan' AS BLOB)", ["ledger", "-f", "json"]),
    ],
)
def test_a_stored_value_of_the_wrong_kind_is_a_damaged_history(
    tmp_path: Path, change: str, command: list[str]
) -> None:
    """Values edited by hand into the wrong kind were read, then crashed the views: a
    text score (round() of a str), a finding's data that is a list, a closing day that is
    no day — each an internal error (exit 4)."""
    import sqlite3

    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    close = ["ledger", "close", "T-ENF/M-ENF-01", "--by", "甲", "--evidence", "复核"]
    assert runner.invoke(app, [*close, "--db", str(db), "--as-of", "2020-07-24"]).exit_code == 0
    with sqlite3.connect(db) as con:
        con.execute(change)
    result = runner.invoke(app, [*command, "--db", str(db), "--lang", "en"])
    assert result.exit_code == 3, result.output
    assert "the history database is damaged and cannot be read" in result.stderr


def test_a_closure_longer_than_a_workbook_cell_is_refused(tmp_path: Path) -> None:
    """40,000 characters of --evidence were stored, and the ledger workbook cut them to
    32,767 without a mark."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    _run(db, "run2")
    close = ["ledger", "close", "T-ENF/M-ENF-01", "--db", str(db), "--as-of", "2020-07-24"]
    refused = runner.invoke(
        app, [*close, "--by", "甲", "--evidence", "复核" * 20000, "--lang", "en"]
    )
    assert refused.exit_code == 2
    assert "--evidence is longer than 32767 characters" in refused.output


def test_reading_a_history_this_user_cannot_write_leaves_nothing_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`audit history` on a read-only (0444) history left a -shm and a -wal file of the
    same permissions beside it, and every write, once the file was writable again, failed
    as "the file is read-only". A file nobody may write, with no write-ahead log, is read
    as immutable (a file its owner may write is not: its reads keep their locks)."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite"]
    db.chmod(0o444)
    try:
        listed = runner.invoke(app, ["history", "--db", str(db), "-f", "json"])
    finally:
        db.chmod(0o644)
    assert listed.exit_code == 0, listed.output
    assert [r["id"] for r in json.loads(listed.stdout)["runs"]] == [1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite"]
    _run(db, "run2")  # and written again, as the file is writable again


def test_a_run_whose_output_cannot_be_written_is_not_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run --db H -o FILE` on a full disk stored the run, then failed to write FILE (exit
    2): every retry stored the run again. The file is written inside the run's
    transaction, so a failed write stores nothing; a written one is stored as before."""
    import errno

    from audit import output as module
    from audit.demo.run import data_dir

    def full(path: Path, payload: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    db, out = tmp_path / "h.sqlite", tmp_path / "result.json"
    args = ["run", str(data_dir()), "--as-of", "2020-07-15", "--db", str(db), "-o", str(out)]
    monkeypatch.setattr(module, "_write", full)
    failed = runner.invoke(app, [*args, "--lang", "en"])
    assert failed.exit_code == 2, failed.output
    assert (
        "No space left on device" in failed.stderr and "stored in the history" not in failed.stderr
    )
    monkeypatch.undo()
    listed = runner.invoke(app, ["history", "--db", str(db), "-f", "json"])
    assert listed.exit_code in (0, 2) and (
        listed.exit_code == 2 or json.loads(listed.stdout)["runs"] == []
    )
    done = runner.invoke(app, [*args, "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert json.loads(out.read_text("utf-8"))["findings"][0]["ledger_status"] == "open"
    assert [
        r["id"]
        for r in json.loads(runner.invoke(app, ["history", "--db", str(db), "-f", "json"]).stdout)[
            "runs"
        ]
    ] == [1]


def test_a_link_to_a_history_not_made_yet_is_made_where_it_points(tmp_path: Path) -> None:
    """--db naming a link whose target does not exist yet told `audit run` to run `audit
    run` first (exit 2); a link to an existing history was followed already."""
    target = tmp_path / "store" / "history.sqlite"  # (its folder made too, as for a path)
    link = tmp_path / "h.sqlite"
    link.symlink_to(target)
    _run(link, "run1")
    assert target.is_file() and link.is_symlink()
    listed = runner.invoke(app, ["history", "--db", str(link), "-f", "json"])
    assert [r["id"] for r in json.loads(listed.stdout)["runs"]] == [1]


def test_a_failure_after_the_verification_overturns_it_whatever_the_storage_order(
    tmp_path: Path,
) -> None:
    """A closure verified for 07-26 and signed after a passing run for 08-10; then a run
    for 08-01, stored last, fails. It speaks for a day after the verification, so the
    closure no longer holds (the 08-10 pass makes the finding rectified again). It was
    left closed, because the failure stood before the closure's run in as-of order, and
    the same runs stored in another order gave "rectified"."""
    db = tmp_path / "h.sqlite"
    _run(db, "run1")  # 07-15: fails
    _run(db, "run2")  # 07-24: passes
    _run_folder(db, DATA / "history" / "run2", "2020-08-10")  # passes again, the latest
    close = ["ledger", "close", "T-ENF/M-ENF-01", "--by", "甲", "--evidence", "e"]
    closed = runner.invoke(app, [*close, "--db", str(db), "--as-of", "2020-07-26"])
    assert closed.exit_code == 0, closed.output
    _run_folder(db, DATA / "history" / "run1", "2020-08-01")  # fails, stored last
    entry = _ledger(db, "2020-08-10")["T-ENF/M-ENF-01"]
    assert entry["status"] == "rectified", entry
    overturned = entry["overturned_closure"]
    assert isinstance(overturned, dict) and overturned["verified_on"] == "2020-07-26"


def test_a_history_path_longer_than_sqlite_takes_is_said_before_the_audit(
    tmp_path: Path,
) -> None:
    """A --db path over SQLite's 512 bytes failed after the whole audit with "the file
    cannot be opened", and no reason."""
    folder = tmp_path / "/".join(["目录名称" * 3] * 16)
    folder.mkdir(parents=True)
    args = ["run", str(DATA / "history" / "run1"), "--checklist", MINI, "--as-of", "2020-07-15"]
    done = runner.invoke(app, [*args, "--db", str(folder / "h.sqlite"), "--lang", "en"])
    assert done.exit_code == 3, done.output
    assert "its path is longer than the 512 bytes SQLite takes" in done.stderr
    assert done.stdout == ""  # said before the audit, not after its report


def test_the_open_status_is_named_as_the_ledger_knows_it_and_its_former_name_is_read() -> None:
    """`open` was 未启动 ("not started"), which the tool cannot know; it is 待整改, and
    scripts that say --status 未启动 keep working."""
    from audit.history.statuses import parse_status, status_name

    assert status_name("open", "zh") == "待整改"
    assert parse_status("待整改") == parse_status("未启动") == parse_status("open") == "open"


def test_a_credit_stored_to_nine_decimals_is_not_a_regression_of_the_same_evidence() -> None:
    """Histories stored credits to nine decimals (0.666666667); runs now store twelve
    digits (0.666666666667): `audit diff` of the same evidence read that as regressed."""
    import datetime as dt

    from audit.engine.run import RunOptions, run_audit
    from audit.history.diff import diff_runs

    case = DATA / "scoring" / "sixty"
    options = RunOptions(checklist=str(case / "checklist.toml"), as_of=dt.date(2020, 7, 15))
    new = run_audit([case / "A1.json"], options)
    old = new.model_copy(deep=True)
    for item in old.agencies[0].items:
        item.credit = None if item.credit is None else round(item.credit, 9)
    assert any(i.credit == 0.666666667 for i in old.agencies[0].items)
    (entry,) = diff_runs(old, new)
    assert entry.regressed == []
    assert entry.still_open == ["P0", "P1", "P2", "NONE"]


def _stored_2019_scjg(tmp_path: Path) -> Path:
    """A history of the demo's HQ-SCJG moved to 2019, whose TJ-ENF-03 liability clause (in
    force 2020) grounds no recommendation."""
    from audit.demo.run import data_dir

    text = (data_dir() / "HQ-SCJG.json").read_text("utf-8").replace('"2020-', '"2019-')
    (tmp_path / "ev").mkdir()
    (tmp_path / "ev" / "HQ-SCJG.json").write_text(text, "utf-8")
    db = tmp_path / "h.sqlite"
    args = ["run", str(tmp_path / "ev"), "--as-of", "2019-07-15", "--no-attachments"]
    assert runner.invoke(app, [*args, "--db", str(db), "-q"]).exit_code == 0
    return db


def test_the_ledger_says_why_no_liability_is_recommended(tmp_path: Path) -> None:
    """A 2019 finding whose liability clause (in force 2020) grounds no recommendation:
    the ledger showed "—" where the accountability report gave the reason."""
    db = _stored_2019_scjg(tmp_path)
    shown = runner.invoke(app, ["ledger", "--db", str(db), "-f", "json", "--as-of", "2019-07-15"])
    (entry,) = [e for e in json.loads(shown.stdout)["entries"] if e["item"] == "TJ-ENF-03"]
    assert entry["liability"] is None
    assert entry["liability_withheld"]["zh"].startswith("不提出追责建议")
    table = runner.invoke(app, ["ledger", "--db", str(db), "-f", "markdown", "--lang", "en"])
    assert "No liability recommended: " in table.stdout


def test_a_damaged_withheld_liability_in_the_history_is_said_to_be_damage(tmp_path: Path) -> None:
    """A finding's liability_withheld that is no object in the stored data was an internal
    error in `audit ledger`; the other texts said the history is damaged."""
    db = _stored_2019_scjg(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE findings SET data = json_set(data, '$.liability_withheld', 'not an object')"
        )
    conn.close()
    shown = runner.invoke(app, ["ledger", "--db", str(db), "-f", "markdown", "--lang", "en"])
    assert shown.exit_code != 1 and "Traceback" not in shown.output
    assert "internal error" not in shown.output.lower()
    assert "damaged" in shown.output
