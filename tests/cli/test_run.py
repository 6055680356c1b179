"""``audit run`` through the CLI: gates, formats, tailoring, attestations, invalid files."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.demo.run import data_dir
from audit.engine.result import RunResult

runner = CliRunner()
BASE = ["--as-of", "2020-07-15"]


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    target = tmp_path / "evidence"
    shutil.copytree(data_dir(), target)
    return target


def _json(evidence: Path, *args: str) -> tuple[int, RunResult]:
    result = runner.invoke(app, ["run", str(evidence), *BASE, "--format", "json", *args])
    return result.exit_code, RunResult.model_validate_json(result.stdout)


def test_run_json_round_trips_and_exits_0_without_gates(evidence: Path) -> None:
    code, result = _json(evidence)
    assert code == 0
    assert result.format == "tj-audit/result@1"
    assert len(result.agencies) == 6 and len(result.findings) == 5


@pytest.mark.parametrize(
    ("gate", "code"),
    [
        (["--fail-under", "80"], 1),
        (["--fail-under", "70"], 0),
        (["--fail-on", "critical"], 1),
        (["--fail-on", "minor"], 1),
    ],
)
def test_gates(evidence: Path, gate: list[str], code: int) -> None:
    got, result = _json(evidence, *gate)
    assert got == code
    assert bool(result.gates["failed"]) == bool(code)


def test_invalid_evidence_is_listed_and_fails_the_run(evidence: Path) -> None:
    (evidence / "broken.json").write_text('{"format": "tj-audit/evidence@1",', "utf-8")
    code, result = _json(evidence)
    assert code == 1
    assert [i.file for i in result.invalid] == [str(evidence / "broken.json")]
    assert len(result.agencies) == 6  # the others are still audited
    # CSV on stdout has no place for the file that could not be audited: stderr says it,
    # or a CI step would fail with exit 1 and not a word of why
    csv_run = runner.invoke(app, ["run", str(evidence), *BASE, "-f", "csv", "--no-history"])
    assert csv_run.exit_code == 1
    assert re.match(r".*broken\.json:1:\d+: ", csv_run.stderr)
    assert "broken.json" not in csv_run.stdout


def test_duplicate_agency_codes_are_both_invalid(evidence: Path) -> None:
    shutil.copy(evidence / "HQ-FY.json", evidence / "HQ-FY-copy.json")
    code, result = _json(evidence)
    assert code == 1
    assert sorted(Path(i.file).name for i in result.invalid) == ["HQ-FY-copy.json", "HQ-FY.json"]
    assert "HQ-FY" not in {a.code for a in result.agencies}


def test_tailoring_changes_thresholds_points_and_selection(evidence: Path, tmp_path: Path) -> None:
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text(
        '[items.TJ-JUD-01.checks.online-share]\nvalue = 0.25\nreason = "提高要求"\n\n'
        '[items.TJ-PUB-02]\nselected = false\nreason = "本期不考核"\n\n'
        "[items.TJ-ENF-03]\npoints = 20\n",
        "utf-8",
    )
    code, result = _json(evidence, "--tailoring", str(tailoring))
    assert code == 0
    assert [(c.target, c.field, c.old, c.new) for c in result.tailoring] == [
        ("TJ-JUD-01/online-share", "value", 0.15, 0.25),
        ("TJ-PUB-02", "selected", True, False),
        ("TJ-ENF-03", "points", 10.0, 20.0),
    ]
    court = next(a for a in result.agencies if a.code == "HQ-FY")
    assert next(i for i in court.items if i.id == "TJ-JUD-01").outcome == "fail"
    gov = next(a for a in result.agencies if a.code == "HQ-GOV")
    assert next(i for i in gov.items if i.id == "TJ-PUB-02").excluded == "deselected"
    assert gov.score == 100.0
    plain = ["--tailoring", str(tailoring), "--no-history", "-f", "plain", "--report", "compliance"]
    for lang, shown, points in (
        ("zh", "TJ-PUB-02 是否选用（selected） 是 否 本期不考核", "分值（points） 10 20"),
        ("en", "selected yes no", "TJ-ENF-03 points 10 20"),
    ):
        text = runner.invoke(app, ["run", str(evidence), *BASE, *plain, "--lang", lang]).stdout
        assert shown in " ".join(text.split())  # not Python's True / False
        assert points in " ".join(text.split())  # the field named in Chinese too
        # the requirement (the checklist's prose: "not below 15%") says what was tailored
        note = {"zh": "（本次审计调整：", "en": "(tailored for this audit: "}[lang]
        assert note + "online-share value 0.15 → 0.25" in " ".join(text.split())


def test_a_tailored_threshold_moves_the_scale_that_ends_at_it(
    evidence: Path, tmp_path: Path
) -> None:
    """TJ-JUD-04's conclusion rate raised to 0.7 failed its check while the linear scale
    still ended at 0.55: the item passed, 10 of 10. TJ-ENF-01's share lowered to 0.9 passed
    at 0.95 while the tiers gave half credit: a finding whose problem said nothing."""
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text(
        '[items.TJ-JUD-04.checks.conclusion-rate]\nvalue = 0.7\nreason = "r"\n\n'
        "[items.TJ-ENF-01.checks.published-within-7-working-days]\nmin_share = 0.9\n"
        'reason = "r"\n',
        "utf-8",
    )
    code, result = _json(evidence, "--tailoring", str(tailoring))
    assert code == 0  # no gate set
    assert [(c.target, c.field, c.old, c.new) for c in result.tailoring] == [
        ("TJ-JUD-04/conclusion-rate", "value", 0.55, 0.7),
        ("TJ-JUD-04", "scoring.linear.target", 0.55, 0.7),
        ("TJ-ENF-01/published-within-7-working-days", "min_share", 1.0, 0.9),
        ("TJ-ENF-01", "scoring.tiers", "[1, 1], [0.95, 0.5]", "[0.9, 1]"),
    ]
    court = next(a for a in result.agencies if a.code == "HQ-FY")
    rate = next(i for i in court.items if i.id == "TJ-JUD-04")
    assert rate.outcome == "partial" and rate.earned < rate.points
    scjg = next(a for a in result.agencies if a.code == "HQ-SCJG")
    assert next(i for i in scjg.items if i.id == "TJ-ENF-01").outcome == "pass"
    assert "HQ-SCJG/TJ-ENF-01" not in {f.id for f in result.findings}


def test_a_scale_shared_by_two_checks_moves_only_when_both_are_tailored(
    evidence: Path, tmp_path: Path
) -> None:
    """The item's scale is every share check's: tailoring one check of two moved it for
    both, and the other check, failing at 0.925, passed the item 10 of 10."""
    from audit.checklist.library import bundled_checklists

    source = next(c.path for c in bundled_checklists() if c.id == "tianjin-bizenv")
    text = Path(source).read_text("utf-8")
    first = 'id = "published-within-7-working-days"\n'
    second = (
        'id = "published-within-6-working-days"\nkind = "deadline"\n'
        'records = "penalty_decisions"\nfrom = "decided"\nto = "published"\nwithin = 6\n'
        'unit = "working_days"\n\n[[items.checks]]\n'
    )
    checklist = tmp_path / "two-checks.toml"
    checklist.write_text(text.replace(first, second + first, 1), "utf-8")
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text(
        '[items.TJ-ENF-01.checks.published-within-7-working-days]\nmin_share = 0.9\nreason = "r"\n',
        "utf-8",
    )
    args = ["--checklist", str(checklist), "--tailoring", str(tailoring)]
    _code, result = _json(evidence, *args)
    assert [c.field for c in result.tailoring] == ["min_share"]  # the scale stays
    scjg = next(a for a in result.agencies if a.code == "HQ-SCJG")
    assert next(i for i in scjg.items if i.id == "TJ-ENF-01").outcome != "pass"


def test_a_run_over_no_evidence_file_says_so(tmp_path: Path) -> None:
    """`audit run empty/ --fail-under 90` audited 0 agencies and exited 0 without a word,
    where validate warns that it found no evidence file."""
    empty = tmp_path / "empty"
    empty.mkdir()
    for quiet in ([], ["-q"]):
        result = runner.invoke(
            app, ["run", str(empty), *BASE, "--no-history", "--lang", "en", *quiet]
        )
        assert result.exit_code == 0
        assert "warning: no evidence file (*.json) was found under the paths given" in (
            result.stderr
        )


def test_tailoring_that_restates_the_checklist_lists_no_change(
    evidence: Path, tmp_path: Path
) -> None:
    """Thresholds restated as they are were listed as changes (0.15 → 0.15) while points and
    severity restated were not: neither is a change."""
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text(
        "[items.TJ-JUD-01.checks.online-share]\nvalue = 0.15\n\n"
        '[items.TJ-ENF-03]\npoints = 10\nseverity = "critical"\nselected = true\n',
        "utf-8",
    )
    code, result = _json(evidence, "--tailoring", str(tailoring))
    assert (code, result.tailoring) == (0, [])


def test_a_tailoring_file_spends_its_own_suggestion_budget(
    evidence: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unknown ids in tailoring were each compared with every item of the checklist:
    4,000 against 4,000 items took 42 s. The first ones are still told the near id."""
    from audit import i18n

    monkeypatch.setattr(i18n, "SUGGESTION_BUDGET", 100)  # three comparisons of 34 items
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text(
        "".join(f"[items.TJ-JUD-0{n}x]\npoints = 3\n" for n in range(1, 6)), "utf-8"
    )
    result = runner.invoke(
        app, ["run", str(evidence), *BASE, "--tailoring", str(tailoring), "--lang", "en"]
    )
    assert result.exit_code == 3, result.output
    told = re.findall(r"undeclared item 'TJ-JUD-0(\d)x'(; did you mean '[^']+')?", result.output)
    assert [(n, bool(hint)) for n, hint in told] == [
        ("1", True),
        ("2", True),
        ("3", True),
        ("4", False),
        ("5", False),
    ]


def test_tailoring_with_an_unknown_item_is_a_configuration_error(
    evidence: Path, tmp_path: Path
) -> None:
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text("[items.TJ-JUD-09]\npoints = 3\n", "utf-8")
    result = runner.invoke(
        app, ["run", str(evidence), *BASE, "--tailoring", str(tailoring), "--lang", "en"]
    )
    assert result.exit_code == 3, result.output
    assert f"{tailoring}:1:1: items.TJ-JUD-09: undeclared item 'TJ-JUD-09'" in result.output
    # beside a value that does not validate, the unknown ids are still named: all at once
    tailoring.write_text(
        "[items.TJ-JUD-01]\npoints = nan\n[items.TJ-JUD-01.checks.no-such]\nvalue = 1\n"
        "[items.TJ-JUD-09]\npoints = 3\n",
        "utf-8",
    )
    result = runner.invoke(
        app, ["run", str(evidence), *BASE, "--tailoring", str(tailoring), "--lang", "en"]
    )
    assert result.exit_code == 3, result.output
    lines = result.output.strip().splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "items.TJ-JUD-01.points",
        "items.TJ-JUD-01.checks.no-such",
        "items.TJ-JUD-09",
    ]


def test_attestations_override_and_expire(evidence: Path, tmp_path: Path) -> None:
    attestations = tmp_path / "attestations.json"
    attestations.write_text(
        json.dumps(
            {
                "attestations": [
                    {
                        "agency": "HQ-SCJG",
                        "item": "TJ-ENF-03",
                        "result": "pass",
                        "by": "区审计组",
                        "date": "2020-07-14",
                        "remark": "补正审核材料已核实",
                    },
                    {
                        "agency": "HQ-FGW",
                        "item": "TJ-CRED-02",
                        "result": "pass",
                        "by": "区审计组",
                        "date": "2020-01-01",
                        "remark": "月度报送已补齐",
                        "expires": "2020-06-30",
                    },
                    {
                        "agency": "HQ-SCJ",
                        "item": "TJ-ENF-01",
                        "result": "pass",
                        "by": "区审计组",
                        "date": "2020-07-14",
                        "remark": "公示记录已核实",
                    },
                ]
            },
            ensure_ascii=False,
        ),
        "utf-8",
    )
    code, result = _json(evidence, "--attestations", str(attestations))
    assert code == 0
    scjg = next(a for a in result.agencies if a.code == "HQ-SCJG")
    item = next(i for i in scjg.items if i.id == "TJ-ENF-03")
    assert (item.outcome, item.computed_outcome) == ("pass", "fail")
    assert scjg.grade_capped_by == []
    assert [w["code"] for w in result.warnings] == ["attestation.expired", "attestation.unused"]
    assert result.warnings[1]["message"]["en"] == (
        "the attestation for HQ-SCJ TJ-ENF-01 was not used: this run audited no valid evidence "
        "of that agency; did you mean 'HQ-SCJG'?"
    )
    options = ["--attestations", str(attestations), "--lang", "en", "--no-history", "-f", "plain"]
    shown = runner.invoke(app, ["run", str(evidence), *BASE, *options])
    expired = "$.attestations[1]: warning: the attestation for HQ-FGW TJ-CRED-02 expired"
    assert f"{attestations}:1:140: {expired}" in shown.stderr  # located in the JSON
    unused = "$.attestations[2]: warning: the attestation for HQ-SCJ TJ-ENF-01 was not used"
    assert f"{attestations}:1:284: {unused}" in shown.stderr  # and so is the unused one
    quiet = runner.invoke(app, ["run", str(evidence), *BASE, *options, "-q"])
    assert expired in quiet.stderr and unused in quiet.stderr  # problems: -q keeps them
    # the override that cleared HQ-SCJG's critical finding is in the accountability report,
    # beside what was computed (it left no trace there)
    accountability = [*options, "--report", "accountability"]
    report = runner.invoke(app, ["run", str(evidence), *BASE, *accountability]).stdout
    assert "Auditors' overrides" in report
    changed = next(line for line in report.splitlines() if "TJ-ENF-03" in line and "→" in line)
    assert "fail → pass" in changed and "区审计组 (2020-07-14)" in changed
    assert "补正审核材料已核实" in changed
    fgw = next(a for a in result.agencies if a.code == "HQ-FGW")
    assert next(i for i in fgw.items if i.id == "TJ-CRED-02").outcome == "partial"
    # every report keeps the computed outcome beside the override: CSV and JUnit too
    options[-1] = "csv"
    table = runner.invoke(app, ["run", str(evidence), *BASE, *options]).stdout
    rows = list(csv.DictReader(io.StringIO(table.lstrip("\ufeff"))))
    row = next(r for r in rows if (r["agency_code"], r["item"]) == ("HQ-SCJG", "TJ-ENF-03"))
    assert (row["outcome"], row["computed_outcome"]) == ("pass", "fail")
    assert row["reason"] == (  # that the auditor's verdict replaced what was found (first:
        # a clipped line must still show it), and what was found
        "overridden by the auditor 区审计组 on 2020-07-14 (computed: fail): 补正审核材料已核实; "
        "4 / 5 matched (80%); not: 津红市监罚〔2020〕21号"
    )
    # the summary lists the override too, though the item now passes (it would be hidden)
    options[-1] = "plain"
    summary = runner.invoke(app, ["run", str(evidence), *BASE, *options]).stdout
    shown_items = [line for line in summary.splitlines() if line.startswith("TJ-ENF-03")]
    assert len(shown_items) == 1 and shown_items[0].endswith(row["reason"])
    options[-1] = "junit"
    junit = ET.fromstring(runner.invoke(app, ["run", str(evidence), *BASE, *options]).stdout)
    suite = next(s for s in junit if s.get("name", "").startswith("HQ-SCJG "))
    out = suite.findtext("system-out") or ""
    assert f"TJ-ENF-03: pass — {row['reason']}" in out.splitlines()


def _attest(path: Path, *entries: dict[str, str]) -> str:
    base = {"by": "区审计组", "date": "2020-07-14", "remark": "现场核查"}
    path.write_text(json.dumps({"attestations": [{**base, **e} for e in entries]}), "utf-8")
    return str(path)


def test_an_override_keeps_what_the_checks_alone_found(evidence: Path, tmp_path: Path) -> None:
    """A check's verdict (pass) and the item's (fail) on HQ-SCJG TJ-ENF-03, which its checks
    fail: computed_outcome follows the check's verdict (pass), so the override's record
    keeps what the checks alone found (fail), and the reason names that."""
    scjg = {"agency": "HQ-SCJG", "item": "TJ-ENF-03"}
    both = _attest(
        tmp_path / "a.json",
        {**scjg, "result": "fail"},
        {**scjg, "check": "review-before-decision", "result": "pass"},
    )
    code, result = _json(evidence, "--attestations", both)
    assert code == 0
    assert [w["message"]["en"] for w in result.warnings] == [
        "the verdict on HQ-SCJG TJ-ENF-03 check review-before-decision decides nothing: a "
        "verdict on the whole item sets its outcome"
    ]
    agency = next(a for a in result.agencies if a.code == "HQ-SCJG")
    item = next(i for i in agency.items if i.id == "TJ-ENF-03")
    assert (item.outcome, item.computed_outcome) == ("fail", "pass")
    assert item.attestation is not None and item.attestation["computed_outcome"] == "fail"
    options = ["--attestations", both, "--no-history", "-f", "csv", "--lang", "en"]
    table = runner.invoke(app, ["run", str(evidence), *BASE, *options]).stdout
    row = next(
        r
        for r in csv.DictReader(io.StringIO(table.lstrip("\ufeff")))
        if r["item"] == "TJ-ENF-03" and r["agency_code"] == "HQ-SCJG"
    )
    assert row["reason"].startswith(
        "overridden by the auditor 区审计组 on 2020-07-14 (computed: fail): 现场核查; "
    )
    # the check's verdict says what the check found, too
    assert "attested pass by 区审计组 on 2020-07-14 (computed: fail)" in row["reason"]
    # the finding says who overrode, and what was computed, in both languages (SARIF's text)
    finding = next(f for f in result.findings if f.id == "HQ-SCJG/TJ-ENF-03")
    assert finding.problem.en.endswith(
        "; attested fail by 区审计组 on 2020-07-14 (computed: fail): 现场核查"
    )
    assert finding.problem.zh.endswith(
        "；审计人员（区审计组，2020-07-14）核实为不符合（原结论：不符合）：现场核查"
    )


def test_attestations_that_decide_nothing_or_disagree(evidence: Path, tmp_path: Path) -> None:
    """A verdict on an item that does not apply to the agency is reported as unused; two
    verdicts for one thing count once when they agree and are an error when they do not."""
    fy_enf = {"agency": "HQ-FY", "item": "TJ-ENF-03", "result": "pass"}  # a court: no ENF
    scjg_enf = {"agency": "HQ-SCJG", "item": "TJ-ENF-03", "result": "pass"}
    unused = _attest(tmp_path / "a.json", fy_enf, scjg_enf, scjg_enf)
    code, result = _json(evidence, "--attestations", unused)
    assert code == 0
    warnings = {w["code"]: w["message"]["en"] for w in result.warnings}
    assert warnings["attestation.not-applied"] == (
        "the attestation for HQ-FY TJ-ENF-03 was not used: the item does not apply to that "
        "agency (not in its roles)"
    )
    assert warnings["attestation.repeated"] == (
        "the verdict for HQ-SCJG TJ-ENF-03 repeats $.attestations[1] and counts once"
    )
    conflicting = _attest(tmp_path / "b.json", scjg_enf, {**scjg_enf, "result": "fail"})
    refused = runner.invoke(app, ["run", str(evidence), *BASE, "--attestations", conflicting])
    assert refused.exit_code == 3
    assert (
        "$.attestations[1]: HQ-SCJG 的 TJ-ENF-03 已有核实意见（$.attestations[0]），两条结论不一致"
        in refused.stderr
    )


def test_models(evidence: Path) -> None:
    _, flat = _json(evidence, "--model", "xccdf-flat")
    scjg = next(a for a in flat.agencies if a.code == "HQ-SCJG")
    assert (scjg.score, scjg.max_score) == (35.0, 60.0)
    # without its exemption ZWFW's exempted item (10 points, failed) counts again: 20 of 30,
    # not 20 of 20, and the grade is that share's (66.7%: Pass, not Excellent)
    zwfw = next(a for a in flat.agencies if a.code == "HQ-ZWFW")
    assert (zwfw.score, zwfw.max_score, zwfw.grade) == (20.0, 20.0, "优秀")
    assert (zwfw.score_without_exemptions, zwfw.max_score_without_exemptions) == (20.0, 30.0)
    assert zwfw.grade_without_exemptions == "合格"
    # the summary's bars are shares of 100: 35 of 60 points is 58.3, not a 35% bar
    shown = runner.invoke(
        app, ["run", str(evidence), *BASE, "--model", "xccdf-flat", "-f", "plain"]
    )
    bar = next(line for line in shown.stdout.splitlines() if "HQ-SCJG" in line and "█" in line)
    assert bar.endswith(" 58.3") and bar.count("█") == 17  # of 30: 58.3%
    _, absolute = _json(evidence, "--model", "xccdf-absolute")
    assert {a.code: a.score for a in absolute.agencies}["HQ-FY"] == 1.0


def test_bad_as_of_is_a_usage_error(evidence: Path) -> None:
    result = runner.invoke(app, ["run", str(evidence), "--as-of", "2020-02-30"])
    assert result.exit_code == 2


def test_plain_output_in_english(evidence: Path) -> None:
    result = runner.invoke(app, ["run", str(evidence), *BASE, "--lang", "en", "-f", "plain"])
    assert result.exit_code == 0
    assert "Hongqiao District Market Regulation Bureau (HQ-SCJG)" in result.output
    assert "grade at best Pass, because critical items are not passed (TJ-ENF-03)" in result.output
    assert "6 agencies audited, 5 findings (1 critical, 3 major, 1 minor)" in result.output
    one = runner.invoke(
        app, ["run", str(data_dir() / "HQ-FY.json"), *BASE, "--no-history", "--lang", "en"]
    )
    assert "1 agency audited, 0 findings" in one.output


def test_reports_show_the_evidence_warnings_of_an_agency(evidence: Path) -> None:
    """Records outside the period count for nothing: a clerk who runs the audit on their
    own file must see why an item failed, not only in the JSON (evidence.md: "reported as
    a warning"). The first few are shown, located; validate lists them all."""
    from audit.checklist.load import load_checklist

    declared = load_checklist("tianjin-bizenv").checklist.records
    path = evidence / "HQ-SCJG.json"
    doc = json.loads(path.read_text("utf-8"))
    dated = [name for name in doc["records"] if declared[name].date and doc["records"][name]]
    for name in dated:  # one warning per set
        doc["records"][name][0][declared[name].date] = "2019-12-31"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    assert len(dated) > 5
    for fmt in ("plain", "markdown"):
        args = ["run", str(path), *BASE, "--lang", "en", "-f", fmt, "--no-history"]
        shown = runner.invoke(app, [*args, "--report", "compliance"]).stdout
        assert f"Warnings in the evidence file ({len(dated)}):" in shown
        assert re.search(r"HQ-SCJG\.json:\d+:\d+: \$\.records\.\w+\\?\[0\\?\]", shown)
        assert f"… and {len(dated) - 5} more; audit validate lists them all" in shown
    clean = runner.invoke(app, ["run", str(evidence / "HQ-SFJ.json"), *BASE, "-f", "plain"])
    assert "证据文件的警告" not in clean.stdout


def test_parallel_run_gives_the_same_result(evidence: Path) -> None:
    _, one = _json(evidence, "--jobs", "1", "--no-history")
    _, two = _json(evidence, "--jobs", "2", "--no-history")
    assert one.model_dump() == two.model_dump()


@pytest.mark.parametrize("fmt", ["plain", "markdown", "html"])
def test_every_full_report_names_the_files_that_could_not_be_audited(
    evidence: Path, fmt: str
) -> None:
    (evidence / "broken.json").write_text('{"format": "tj-audit/evidence@1",', "utf-8")
    result = runner.invoke(
        app, ["run", str(evidence), *BASE, "--format", fmt, "--report", "all", "--lang", "en"]
    )
    assert result.exit_code == 1
    assert "broken.json" in result.output
    district = runner.invoke(
        app, ["run", str(evidence), *BASE, "--format", fmt, "--report", "district"]
    )
    assert "broken.json" in district.output


def test_tailoring_and_attestation_errors_follow_the_language(
    evidence: Path, tmp_path: Path
) -> None:
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text(
        '[items.TJ-JUD-01]\nseverity = "majr"\npoints = -1\n\n'
        "[items.TJ-PUB-02]\nselected = false\n",
        "utf-8",
    )
    attestations = tmp_path / "attestations.toml"
    attestations.write_text(
        '[[attestations]]\nagency = "HQ-FY"\nitem = "TJ-JUD-02"\nresult = "passed"\n'
        'by = ""\ndate = "2020-13-01"\nremark = "复核"\n',
        "utf-8",
    )
    tailored = runner.invoke(app, ["run", str(evidence), *BASE, "--tailoring", str(tailoring)])
    assert tailored.exit_code == 3, tailored.output
    assert tailored.output.splitlines()[:3] == [
        f"{tailoring}:2:1: items.TJ-JUD-01.severity: 取值 'majr' 无效，应为 "
        "'critical'、'major'、'minor' 之一；是否应为 'major'？",
        f"{tailoring}:3:1: items.TJ-JUD-01.points: 应大于 0，实际为 -1",
        f"{tailoring}:5:1: items.TJ-PUB-02: 取消选用检查项（selected = false）须填写 reason",
    ]
    attested = runner.invoke(
        app, ["run", str(evidence), *BASE, "--attestations", str(attestations), "--lang", "en"]
    )
    assert attested.exit_code == 3, attested.output
    assert attested.output.splitlines()[:3] == [
        f"{attestations}:4:1: attestations[0].result: invalid value 'passed': must be one of "
        "'pass', 'fail'; did you mean 'pass'?",
        f"{attestations}:5:1: attestations[0].by: must not be empty",
        f"{attestations}:6:1: attestations[0].date: not a calendar date (2020-13-01)",
    ]


def test_an_unknown_check_with_no_near_name_lists_the_items_checks(
    evidence: Path, tmp_path: Path
) -> None:
    """'undeclared check' gave the auditor nothing to go on when no name was near; the item's
    few checks are listed then (a near name is still suggested alone)."""
    attestations = tmp_path / "attestations.toml"
    attestations.write_text(
        '[[attestations]]\nagency = "HQ-FY"\nitem = "TJ-ENF-01"\ncheck = "timely"\n'
        'result = "pass"\nby = "x"\ndate = 2020-07-14\nremark = "复核"\n',
        "utf-8",
    )
    args = ["run", str(evidence), *BASE, "--attestations", str(attestations), "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    assert result.output.splitlines()[0] == (
        f"{attestations}:4:1: attestations[0].check: undeclared check 'timely'; "
        "declared: published-within-7-working-days"
    )


def _attested_refused(evidence: Path, tmp_path: Path, dates: str) -> tuple[Path, str]:
    """A one-verdict TOML attestation file with ``dates`` (its date lines), which the run
    must refuse (exit 3): the file and what was said, in English."""
    attestations = tmp_path / "attestations.toml"
    attestations.write_text(
        '[[attestations]]\nagency = "HQ-FY"\nitem = "TJ-JUD-02"\nresult = "pass"\n'
        f'by = "x"\n{dates}\nremark = "复核"\n',
        "utf-8",
    )
    args = ["run", str(evidence), *BASE, "--attestations", str(attestations), "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    return attestations, result.output


def test_an_attestation_date_is_a_date_not_a_date_time(evidence: Path, tmp_path: Path) -> None:
    """TOML writes date-times unquoted; one at midnight was taken as its date, one at 09:00
    refused: both are refused now."""
    for time in ("00:00:00", "09:00:00"):
        attestations, said = _attested_refused(evidence, tmp_path, f"date = 2020-07-14T{time}")
        assert said.startswith(
            f"{attestations}:6:1: attestations[0].date: expected a date YYYY-MM-DD, got "
        )


def test_an_attestation_that_expires_before_it_is_given_is_refused(
    evidence: Path, tmp_path: Path
) -> None:
    """expires = 2020-07-09 for a verdict of 2020-07-10 (a typo in one of them) was only
    reported as "expired", and the verdict silently dropped."""
    dates = "date = 2020-07-10\nexpires = 2020-07-09"
    attestations, said = _attested_refused(evidence, tmp_path, dates)
    assert f"{attestations}:1:1: attestations[0]: expires is before date" in said


def test_tailoring_a_threshold_the_check_has_not(evidence: Path, tmp_path: Path) -> None:
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text("[items.TJ-JUD-02.checks.rules]\nwithin = 3\n", "utf-8")
    result = runner.invoke(app, ["run", str(evidence), *BASE, "--tailoring", str(tailoring)])
    assert result.exit_code == 3, result.output
    assert "items.TJ-JUD-02.checks.rules.within: document 检查没有可调整的 within" in (
        result.output
    )


def test_tailored_values_must_fit_the_check_as_the_checklist_would(
    evidence: Path, tmp_path: Path
) -> None:
    """A value of the wrong type for its fact, and a `within` for a deadline that takes its
    limit from a record field, are configuration errors located in the file (not a crash,
    not a change listed but never applied)."""
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text(
        '[items.TJ-JUD-02.checks.collects-appeal-fees]\nvalue = "yes"\n\n'
        "[items.TJ-CRED-03.checks.paid-within-term]\nwithin = 10\n",
        "utf-8",
    )
    result = runner.invoke(
        app, ["run", str(evidence), *BASE, "--tailoring", str(tailoring), "--lang", "en"]
    )
    assert result.exit_code == 3, result.output
    assert result.output.splitlines()[:2] == [
        f'{tailoring}:2:1: items.TJ-JUD-02.checks.collects-appeal-fees.value: value "yes" does '
        "not fit facts.appeal_fee_collection of type boolean",
        f"{tailoring}:5:1: items.TJ-CRED-03.checks.paid-within-term.within: this deadline "
        "check takes its limit from the record field term_days; it has no within to tailor",
    ]


def test_tailored_numbers_must_be_finite_and_sane(evidence: Path, tmp_path: Path) -> None:
    """TOML writes nan and inf; a tailored points of nan or 1e308 used to score nan."""
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text(
        "[items.TJ-JUD-01]\npoints = inf\n\n[items.TJ-JUD-02]\npoints = 1e308\n\n"
        "[items.TJ-JUD-01.checks.online-share]\nvalue = nan\n",
        "utf-8",
    )
    result = runner.invoke(
        app, ["run", str(evidence), *BASE, "--tailoring", str(tailoring), "--lang", "en"]
    )
    assert result.exit_code == 3, result.output
    assert result.output.splitlines() == [
        f"{tailoring}:2:1: items.TJ-JUD-01.points: expected a finite number (not nan or inf), "
        "got inf",
        f"{tailoring}:5:1: items.TJ-JUD-02.points: must be at most 10000, got 1e+308",
        f"{tailoring}:8:1: items.TJ-JUD-01.checks.online-share.value: expected a finite "
        "number (not nan or inf), an integer, a boolean (true/false) or a string, got nan",
    ]


def test_quiet_runs_print_only_the_problems_and_reports_say_which_gate_failed(
    evidence: Path,
) -> None:
    """-q prints the files that could not be audited (file:line:col: $.path: message) and
    the failed gates on stderr; the plain report names the failed gates too."""
    (evidence / "broken.json").write_text('{"format": 1}', "utf-8")
    gates = ["--fail-under", "80", "--fail-on", "critical", "--no-history", "--lang", "en"]
    quiet = runner.invoke(app, ["run", str(evidence), *BASE, *gates, "-q"])
    assert quiet.exit_code == 1
    assert quiet.stdout == ""
    lines = quiet.stderr.splitlines()
    broken = str(evidence / "broken.json")
    assert f"{broken}:1:1: $: missing required key 'checklist'" in lines
    assert f"{broken}:1:12: $.format: format must be 'tj-audit/evidence@1', got 1" in lines
    assert lines[-4:] == [
        "CI gates failed (--fail-under 80, --fail-on critical): 3",
        "  HQ-FGW: 75.0 < 80",
        "  HQ-SCJG: 70.8 < 80",
        "  HQ-SCJG/TJ-ENF-03: critical",
    ]
    plain = runner.invoke(app, ["run", str(evidence), *BASE, *gates, "--format", "plain"])
    assert plain.exit_code == 1
    assert "CI gates failed (--fail-under 80, --fail-on critical): 3" in plain.stdout
    assert f"{broken}:1:1 " in plain.stdout  # the table of files not audited
    assert "… 1 more: audit validate lists every one" in plain.stdout
    held = runner.invoke(app, ["run", str(evidence), *BASE, "--no-history", "-q"])
    assert "CI gates failed" not in held.output
    # a format asked for is the document wanted: -q leaves out only the notices
    document = runner.invoke(app, ["run", str(evidence), *BASE, *gates, "-q", "-f", "json"])
    assert document.exit_code == 1
    assert json.loads(document.stdout)["format"] == "tj-audit/result@1"
    assert "CI gates failed (--fail-under 80, --fail-on critical): 3" in document.stderr
    # and so is a report asked for by name: `-q --report accountability` printed nothing
    asked = ["run", str(evidence), *BASE, "--no-history", "-q", "--report", "accountability"]
    accountability = runner.invoke(app, [*asked, "--lang", "en"])
    assert "HQ-SCJG/TJ-ENF-03" in accountability.stdout, accountability.output


def test_problems_in_a_json_attestation_file_are_located(evidence: Path, tmp_path: Path) -> None:
    attestations = tmp_path / "attestations.json"
    attestations.write_text(
        '{\n  "attestations": [\n'
        '    {"agency": "HQ-FY", "item": "TJ-JUD-01", "result": "passed", "by": "x",'
        ' "date": "2020-07-01", "remark": "y"}\n  ]\n}\n',
        "utf-8",
    )
    result = runner.invoke(
        app, ["run", str(evidence), *BASE, "--attestations", str(attestations), "--lang", "en"]
    )
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        f"{attestations}:3:56: $.attestations[0].result: invalid value 'passed': must be one "
        "of 'pass', 'fail'; did you mean 'pass'?"
    )


def test_a_report_written_to_a_file_still_says_why_the_run_failed(
    evidence: Path, tmp_path: Path
) -> None:
    """CI writes the report to a file: the failed gate must still reach the job's log."""
    out = tmp_path / "audit.xml"
    args = [*BASE, "--no-history", "--fail-on", "critical", "-o", str(out), "--lang", "en"]
    result = runner.invoke(app, ["run", str(evidence), *args])
    assert result.exit_code == 1
    assert "HQ-SCJG/TJ-ENF-03: critical" in result.stderr
    assert result.stdout == ""
    assert out.read_text("utf-8").startswith("<?xml")


def test_gates_are_always_the_same_three_keys(evidence: Path) -> None:
    _, result = _json(evidence)
    assert result.gates == {"fail_under": None, "fail_on": None, "failed": []}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the auditor's verdicts silently dropped by a second, empty list
            '{"attestations": [], "attestations": []}',
            "1:22: $.attestations: duplicate key 'attestations' (first at 1:2)",
        ),
        (
            '{"attestations": [\n  {"agency": "HQ-FY", "date": NaN}\n]}',
            "2:31: $.attestations[0].date: NaN is not valid JSON: write a number (an optional "
            "field may be null or left out)",
        ),
        (
            '{"attestations": [\n  {"agency": "HQ-FY",}\n]}',
            "2:22: $.attestations[0]: trailing comma is not allowed in JSON",
        ),
        (
            '{"attestations": [{"by": "\\u202e"}]}',
            "1:26: $.attestations[0].by: text contains the invisible control character U+202E "
            "(RIGHT-TO-LEFT OVERRIDE); remove it",
        ),
        ("[" * 70 + "]" * 70, "1:65: $[0][0][0][0][0][0][0][0][0][0]: nesting deeper than 64"),
        (
            '{"attestations": [{"date": 1e400}]}',
            "1:28: $.attestations[0].date: number 1e400 is out",
        ),
    ],
)
def test_attestation_json_is_read_as_strictly_as_evidence(
    evidence: Path, tmp_path: Path, text: str, expected: str
) -> None:
    attestations = tmp_path / "attestations.json"
    attestations.write_text(text, "utf-8")
    args = ["run", str(evidence), *BASE, "--attestations", str(attestations), "--lang", "en"]
    result = runner.invoke(app, [*args, "--no-history"])
    assert result.exit_code == 3, result.output
    assert result.output.startswith(f"{attestations}:{expected}"), result.output


def test_auditor_files_name_their_encoding_and_nesting(evidence: Path, tmp_path: Path) -> None:
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text('[items.TJ-JUD-01]\nreason = "说明"\n', "utf-16")
    args = ["run", str(evidence), *BASE, "--no-history", "--lang", "en"]
    result = runner.invoke(app, [*args, "--tailoring", str(tailoring)])
    assert result.exit_code == 3, result.output
    assert result.output.strip() == (
        f"{tailoring}:1:1: the file is UTF-16LE, not UTF-8; convert it: iconv -f UTF-16LE -t "
        f"UTF-8 {tailoring} > {tmp_path / 'tailoring.utf8.toml'}"
    )
    tailoring.write_text("x = " + "[" * 1000 + "]" * 1000 + "\n", "utf-8")
    result = runner.invoke(app, [*args, "--tailoring", str(tailoring)])
    assert result.exit_code == 3, result.output
    # located where the nesting passes 64 levels: "x = " and then the 64th bracket
    assert result.output.startswith(f"{tailoring}:1:68: nested too deeply to read")
    bom = tmp_path / "attestations.json"  # a UTF-8 byte-order mark is fine, as in evidence
    bom.write_bytes(b"\xef\xbb\xbf" + b'{"attestations": []}')
    assert runner.invoke(app, [*args, "--attestations", str(bom)]).exit_code == 0


def test_a_run_over_two_districts_ranks_within_each(evidence: Path) -> None:
    """A city run: the demo's court moved to 河北区. `district` still ranks the whole run;
    `districts` ranks within each district, and the district report shows both."""
    court = evidence / "HQ-FY.json"
    doc = json.loads(court.read_text("utf-8"))
    doc["agency"]["district"] = "河北区"
    court.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    code, result = _json(evidence)
    assert code == 0
    assert [d.name for d in result.districts] == ["河北区", "红桥区"]
    hebei, hongqiao = result.districts
    assert [(r.rank, r.code) for r in hebei.ranking] == [(1, "HQ-FY")]
    assert len(hongqiao.ranking) == len(result.agencies) - 1
    assert hongqiao.ranking[0].rank == 1
    assert sum(hongqiao.grade_counts.values()) == len(result.agencies) - 1
    fy = next(a for a in result.agencies if a.code == "HQ-FY")
    assert hebei.mean == fy.score
    whole = [r.code for r in result.district.ranking]
    assert [r.code for r in hongqiao.ranking] == [c for c in whole if c != "HQ-FY"]
    report = ["--no-history", "-f", "markdown", "--report", "district", "--lang", "en"]
    shown = runner.invoke(app, ["run", str(evidence), *BASE, *report]).stdout
    assert "## Each district (2, ranked within it)" in shown
    assert "### 河北区" in shown and "### 红桥区" in shown
    # each district has its own agency × section table, closed by its section means
    hebei_part = shown.split("### 河北区")[1].split("### 红桥区")[0]
    rows = [
        line for line in hebei_part.splitlines() if line.startswith("| HQ-") or "| Mean" in line
    ]
    assert [r.split("|")[1].strip() for r in rows] == ["HQ-FY", "Mean"]
    fy_sections = {s.id: s.score for s in fy.sections}
    assert rows[1].split("|")[2:-1] == rows[0].split("|")[2:-1]  # one agency: its own scores
    assert f"{fy_sections['JUD']:.1f}" in rows[0]
    single = runner.invoke(app, ["run", str(evidence / "HQ-GOV.json"), *BASE, *report]).stdout
    assert "Each district" not in single


def test_a_file_naming_an_unknown_checklist_gets_one_error_not_a_cascade(
    evidence: Path,
) -> None:
    """Without --checklist each file is judged by the checklist it names: a file naming one
    that does not exist was audited against the bundled one instead, with two dozen errors
    about names it never used and none about the checklist."""
    court = evidence / "HQ-FY.json"
    court.write_text(court.read_text("utf-8").replace('"tianjin-bizenv"', '"tianjin-bizenvv"'))
    args = ["run", str(evidence), *BASE, "-f", "json", "--no-history", "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    data = RunResult.model_validate_json(result.stdout)
    assert len(data.agencies) == 5
    [bad] = data.invalid
    [error] = bad.errors
    assert error["code"] == "evidence.unknown-checklist" and error["path"] == "$.checklist"
    assert "did you mean 'tianjin-bizenv'" in error["message"]["en"]
    assert error["line"] is not None


def test_a_run_whose_files_name_only_unknown_checklists_is_not_the_bundled_one_s(
    evidence: Path, tmp_path: Path
) -> None:
    """Every file naming a checklist that is not bundled (a custom one, --checklist
    forgotten): the run was judged, reported and stored as tianjin-bizenv 2020.1, its
    cover and history naming a checklist no file named. It is a configuration error."""
    custom = tmp_path / "custom"
    custom.mkdir()
    for source in sorted(evidence.glob("*.json"))[:2]:
        text = source.read_text("utf-8").replace('"tianjin-bizenv"', '"h10-sme-pay"')
        (custom / source.name).write_text(text, "utf-8")
    db = tmp_path / "h.sqlite"
    args = ["run", str(custom), *BASE, "--db", str(db), "-f", "json", "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    assert result.stdout == "" and not db.exists()
    assert "names checklist 'h10-sme-pay', which is not bundled" in result.stderr
    assert "--checklist FILE" in result.stderr


def test_failed_gates_name_severities_in_the_report_s_language(tmp_path: Path) -> None:
    args = ["run", str(data_dir()), "--as-of", "2020-07-15", "--no-history", "-q"]
    zh = runner.invoke(app, [*args, "--fail-on", "critical"])
    assert zh.exit_code == 1
    assert "  HQ-SCJG/TJ-ENF-03: 关键" in zh.stderr.splitlines()
    en = runner.invoke(app, [*args, "--fail-on", "critical", "--lang", "en"])
    assert "  HQ-SCJG/TJ-ENF-03: critical" in en.stderr.splitlines()


def test_the_invalid_files_table_is_headed_in_chinese(evidence: Path) -> None:
    (evidence / "broken.json").write_text("{", "utf-8")
    shown = runner.invoke(app, ["run", str(evidence), *BASE, "--no-history", "-f", "markdown"])
    header = next(line for line in shown.stdout.splitlines() if "JSON 路径" in line)
    assert [cell.strip() for cell in header.split("|")[1:4]] == ["文件", "JSON 路径", "原因"]


@pytest.mark.parametrize("option", ["--tailoring", "--attestations"])
def test_an_empty_auditor_file_name_is_a_usage_error(evidence: Path, option: str) -> None:
    """`--tailoring "$T"` with T unset read the current folder as a file: exit 3, "Is a
    directory", where `--checklist ""` is a usage error."""
    args = ["run", str(evidence), *BASE, "--no-history", option, "", "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "empty file name: ''" in result.stderr


def test_an_attestation_file_s_unknown_ids_come_with_its_other_errors(
    evidence: Path, tmp_path: Path
) -> None:
    """A misspelt item was reported only once the entry's other errors were fixed: two
    rounds of fixes for one file."""
    attestations = tmp_path / "att.toml"
    attestations.write_text(
        '[[attestations]]\nagency = "HQ-SCJG"\nitem = "TJ-ENF-3"\nresult = "maybe"\n'
        'by = "张三"\ndate = "2020-07-10"\nremark = "复核"\n\n'
        '[[attestations]]\nagency = "HQ-SCJG"\nitem = "TJ-ENF-03"\ncheck = "reviw"\n'
        'result = "pass"\nby = ""\ndate = "2020-07-10"\nremark = "复核"\n',
        "utf-8",
    )
    args = ["run", str(evidence), *BASE, "--no-history", "-q", "--lang", "en"]
    result = runner.invoke(app, [*args, "--attestations", str(attestations)])
    assert result.exit_code == 3
    said = [line.split(": ")[1] for line in result.stderr.splitlines()]
    assert said == [
        "attestations[0].item",
        "attestations[0].result",
        "attestations[1].check",
        "attestations[1].by",
    ], result.stderr


@pytest.mark.parametrize(
    "shown", [["-f", "markdown"], ["-f", "plain", "--report", "compliance"], ["-f", "html"]]
)
def test_a_failed_gate_says_why_whatever_the_report(evidence: Path, shown: list[str]) -> None:
    """Markdown (and any report but the summary) on stdout failed the gate, exit 1, with
    no reason anywhere: the gate lines are in the summary only."""
    args = ["run", str(evidence), *BASE, "--no-history", "--fail-on", "critical", *shown]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "  HQ-SCJG/TJ-ENF-03: 关键" in result.stderr.splitlines()


@pytest.mark.parametrize(
    ("line", "char"), [('agency ＝ "HQ-SCJG"', "＝"), ("agency = “HQ-SCJG”", "“")]
)
def test_toml_typed_with_a_chinese_input_method_is_named(
    evidence: Path, tmp_path: Path, line: str, char: str
) -> None:
    """The TOML parser's English ("Expected '=' after a key") was all a clerk got."""
    attestations = tmp_path / "att.toml"
    attestations.write_text(f"[[attestations]]\n{line}\n", "utf-8")
    args = ["run", str(evidence), *BASE, "--no-history", "-q", "--attestations", str(attestations)]
    result = runner.invoke(app, args)
    assert result.exit_code == 3
    assert f"'{char}' 是全角（中文）符号，此处只能用半角" in result.stderr


@pytest.mark.parametrize(("remark", "said"), [(None, "missing required key 'remark'"), (" ", "")])
def test_an_attestation_says_why(
    evidence: Path, tmp_path: Path, remark: str | None, said: str
) -> None:
    """checklist.md lists `remark` among an attestation's fields without marking it optional
    (as `check` and `expires` are): an override without a reason was accepted silently."""
    entry = {"agency": "HQ-SCJG", "item": "TJ-ENF-03", "result": "pass", "by": "区审计组"}
    entry["date"] = "2020-07-14"
    if remark is not None:
        entry["remark"] = remark
    attestations = tmp_path / "a.json"
    attestations.write_text(json.dumps({"attestations": [entry]}), "utf-8")
    args = ["run", str(evidence), *BASE, "--attestations", str(attestations), "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 3
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{attestations}:1:")
    assert first.endswith(said or "$.attestations[0].remark: must not be empty"), first


EARLY = "run.as-of-before-period"


def test_an_as_of_date_before_the_period_is_warned_about(evidence: Path) -> None:
    """With --as-of before the period starts every cadence check was "not applicable" and
    every deadline pending, without a word about why."""
    args = ["run", str(evidence), "--as-of", "2019-12-01", "--format", "json", "--lang", "en"]
    result = RunResult.model_validate_json(runner.invoke(app, [*args, "--no-history"]).stdout)
    early = [w for a in result.agencies for w in a.warnings if w["code"] == EARLY]
    assert len(early) == len(result.agencies) == 6
    assert early[0]["line"] == 20 and early[0]["path"] == "$.period.start"
    assert early[0]["message"]["en"].startswith("the as-of date 2019-12-01 is before the audit")
    _, usual = _json(evidence)
    assert not [w for a in usual.agencies for w in a.warnings if w["code"] == EARLY]


def test_a_verdict_on_a_computed_check_is_shown_as_an_override(
    evidence: Path, tmp_path: Path
) -> None:
    """A check-level verdict on a computed check (critical TJ-ENF-03 of HQ-SCJG, which fails)
    lifted the cap and hid the item from the summary, with no computed outcome anywhere
    but the check's JSON: the item now keeps what its checks found, in every report."""
    check = {"agency": "HQ-SCJG", "item": "TJ-ENF-03", "check": "review-before-decision"}
    attestations = _attest(tmp_path / "a.json", {**check, "result": "pass"})
    code, result = _json(evidence, "--attestations", attestations)
    assert code == 0
    scjg = next(a for a in result.agencies if a.code == "HQ-SCJG")
    item = next(i for i in scjg.items if i.id == "TJ-ENF-03")
    assert (item.outcome, item.computed_outcome, item.attestation) == ("pass", "fail", None)
    assert item.checks[0].explanation.en.startswith("attested pass by 区审计组 on 2020-07-14 ")
    assert "(computed: fail)" in item.checks[0].explanation.en
    assert "原结论：不符合" in item.checks[0].explanation.zh
    options = ["--attestations", attestations, "--no-history", "--lang", "en", "-f", "plain"]
    summary = runner.invoke(app, ["run", str(evidence), *BASE, *options]).stdout
    [line] = [line for line in summary.splitlines() if line.startswith("TJ-ENF-03")]
    assert "pass" in line and "checks overridden by the auditor (computed: fail)" in line


def test_a_run_that_fails_leaves_no_empty_history(evidence: Path, tmp_path: Path) -> None:
    """A run refused for a bad attestation file created .audit/history.sqlite with no run
    in it; an unusable place for the history is still said before the audit."""
    db = tmp_path / "new" / "history.sqlite"
    missing = str(tmp_path / "nonexistent.json")
    failed = runner.invoke(
        app, ["run", str(evidence), *BASE, "--db", str(db), "--attestations", missing]
    )
    assert failed.exit_code in (2, 3)
    assert not db.exists() and not db.parent.exists()
    blocked = tmp_path / "file"
    blocked.write_text("x", "utf-8")
    args = ["run", str(evidence), *BASE, "--db", str(blocked / "h.sqlite"), "--lang", "en"]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 3 and "history" in refused.stderr
    assert blocked.read_text("utf-8") == "x"
    stored = runner.invoke(app, ["run", str(evidence), *BASE, "--db", str(db)])
    assert stored.exit_code == 0 and db.exists()


def test_a_bad_tailoring_file_does_not_hide_a_bad_attestation_file(
    evidence: Path, tmp_path: Path
) -> None:
    """README: all problems in all files are reported in one run. The attestation file's
    errors waited until the tailoring file was mended."""
    tailoring = tmp_path / "t.toml"
    tailoring.write_text("[items.TJ-ENF-03]\npionts = 5\n", "utf-8")
    attestations = tmp_path / "a.json"
    attestations.write_text('{"attestations": [{"agency": "HQ-FY"}], "x": 1}', "utf-8")
    args = ["--tailoring", str(tailoring), "--attestations", str(attestations), "--lang", "en"]
    result = runner.invoke(app, ["run", str(evidence), *BASE, "--no-history", *args])
    assert result.exit_code == 3
    files = [line.split(":", 1)[0] for line in result.stderr.splitlines() if ": " in line]
    assert str(tailoring) in files and str(attestations) in files
    assert "did you mean 'points'?" in result.stderr


def test_a_malformed_tailoring_change_does_not_hide_one_that_does_not_fit(
    evidence: Path, tmp_path: Path
) -> None:
    """A points given as text (a structural error) hid a threshold of the wrong type for
    its check in another item, until the first was mended."""
    tailoring = tmp_path / "t.toml"
    tailoring.write_text(
        '[items.TJ-JUD-01.checks.online-share]\nvalue = "0.25"\nreason = "r"\n\n'
        '[items.TJ-JUD-02]\npoints = "10"\nreason = "r"\n',
        "utf-8",
    )
    args = ["--tailoring", str(tailoring), "--lang", "en", "--no-history"]
    result = runner.invoke(app, ["run", str(evidence), *BASE, *args])
    assert result.exit_code == 3
    lines = [line.removeprefix(f"{tailoring}:") for line in result.stderr.splitlines()]
    assert [line.split(": ")[0] for line in lines if line[:1].isdigit()] == [
        "2:1",
        "6:1",
    ], result.stderr


def test_a_record_two_checks_fault_is_located_once(tmp_path: Path) -> None:
    """A task with no unit and done late offends both checks of TJ-LEAD-02: the finding's
    locations (SARIF's results) named it twice."""
    doc = json.loads((data_dir() / "HQ-GOV.json").read_text("utf-8"))
    tasks = doc["records"]["tasks"]
    for task in tasks[:2]:
        task["unit"] = ""
    for task in tasks[:1] + tasks[2:]:  # the first at fault twice; most done late
        task["completed"] = "2020-06-30"
    path = tmp_path / "HQ-GOV.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    code, result = _json(tmp_path, "--no-history", "--no-attachments")
    assert code == 0
    (finding,) = [f for f in result.findings if f.item == "TJ-LEAD-02"]
    located = [loc["record"] for loc in finding.locations]
    assert located[:3] == ["T-01", "T-02", "T-03"]
    assert len(located) == len(set(located))


def test_a_value_out_of_the_choices_is_shown_as_the_file_writes_it(
    evidence: Path, tmp_path: Path
) -> None:
    """ "invalid value True" showed Python's spelling of the JSON `true` the auditor wrote."""
    attestations = tmp_path / "attestations.json"
    entry = {"agency": "HQ-FY", "item": "TJ-JUD-02", "result": True, "by": "x"}
    entry |= {"date": "2020-07-14", "remark": "复核"}
    attestations.write_text(json.dumps({"attestations": [entry]}), "utf-8")
    args = ["run", str(evidence), *BASE, "--attestations", str(attestations), "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 3
    assert "$.attestations[0].result: invalid value true: must be one of 'pass', 'fail'" in (
        result.output
    )


def test_attestations_for_many_agencies_outside_the_run_spend_the_file_s_budget(
    evidence: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A city's attestation file run over one district: each attestation of an agency not in
    the run was matched against every audited agency for a "did you mean" (quadratic: 87 s
    for 4,000 over 2,000 agencies). Suggestions stop once the file's budget is spent (past
    20 unknown agencies there were none at all, not even for a typo)."""
    from audit import i18n

    monkeypatch.setattr(i18n, "SUGGESTION_BUDGET", 3 * 6)  # three agencies' worth of six
    base = {"item": "TJ-JUD-02", "result": "pass", "by": "x", "date": "2020-07-14"}
    entries = [{**base, "agency": f"HQ-FY{n}", "remark": "复核"} for n in range(25)]  # near
    attestations = tmp_path / "attestations.json"
    attestations.write_text(json.dumps({"attestations": entries}), "utf-8")
    args = ["run", str(evidence), *BASE, "--attestations", str(attestations), "--lang", "en"]
    result = runner.invoke(app, [*args, "--no-history", "-f", "json"])
    assert result.exit_code == 0, result.output
    unused = [line for line in result.stderr.splitlines() if "was not used" in line]
    assert len(unused) == 25
    assert ["did you mean 'HQ-FY'" in line for line in unused] == [True] * 3 + [False] * 22


def test_attestations_given_as_a_bare_list_are_told_where_they_go(
    evidence: Path, tmp_path: Path
) -> None:
    """A list of verdicts is the natural first guess for a JSON file of them; it was told
    only "expected an object, got an array"."""
    attestations = tmp_path / "verdicts.json"
    verdict = {"agency": "HQ-SCJG", "item": "TJ-ENF-03", "result": "pass", "by": "张三"}
    attestations.write_text(json.dumps([{**verdict, "date": "2020-07-10", "remark": "复核"}]))
    result = runner.invoke(
        app, ["run", str(evidence), *BASE, "--attestations", str(attestations), "--lang", "en"]
    )
    assert result.exit_code == 3, result.output
    assert f'{attestations}:1:1: $: the verdicts go in the "attestations" array of an object' in (
        result.output
    )


def test_an_auditor_file_with_no_end_is_refused_not_read_into_memory(
    evidence: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--tailoring /dev/zero` (or `--attestations`, `checklists lint`) read the device
    until the memory ran out: an internal error (MemoryError), or the machine swapping."""
    from audit import config

    monkeypatch.setattr(config, "CONFIG_LIMIT", 1 << 20)  # the checklist is well under
    tailoring = tmp_path / "tailoring.toml"
    tailoring.write_text("# " + "x" * (1 << 20) + "\n", "utf-8")
    result = runner.invoke(
        app, ["run", str(evidence), *BASE, "--tailoring", str(tailoring), "--lang", "en"]
    )
    assert result.exit_code == 3, result.output
    assert f"{tailoring}: the file is larger than" in result.output
    assert "no checklist, tailoring or attestation file is" in result.output


def test_a_checklist_given_through_a_pipe_is_read(evidence: Path, tmp_path: Path) -> None:
    """`--checklist <(…)` (a pipe, /dev/fd/63) was "file not found", though --tailoring
    took one."""
    import os
    import threading

    from audit.checklist.library import bundled_dir

    pipe = tmp_path / "checklist.toml"
    os.mkfifo(pipe)
    text = (bundled_dir() / "tianjin-bizenv.toml").read_bytes()
    writer = threading.Thread(target=lambda: pipe.write_bytes(text), daemon=True)
    writer.start()
    args = ["run", str(evidence), "--checklist", str(pipe), "--as-of", "2020-07-15"]
    result = runner.invoke(app, [*args, "--no-history", "-f", "json"])
    writer.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["checklist"]["id"] == "tianjin-bizenv"
