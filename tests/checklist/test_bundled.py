"""The bundled checklist and law registry are exactly what catalogue.md and laws.md fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.checklist.example import evidence_example
from audit.checklist.library import bundled_dir, load_registry
from audit.checklist.lint import lint
from audit.checklist.load import load_checklist
from audit.checklist.model import Checklist
from audit.cli import app
from audit.evidence.load import Options, load

ROLES = {
    "district_government": "区人民政府（依法治区办）",
    "government_services": "政务服务部门",
    "industry_support": "产业扶持资金兑现部门",
    "market_regulation": "市场监督管理部门",
    "enforcement": "行政执法机关",
    "enforcement_supervision": "行政执法监督机关（司法行政）",
    "court": "人民法院",
    "public_legal_services": "公共法律服务机构（司法行政）",
}
FACTS = {
    "cases_accepted": "integer",
    "online_filings": "integer",
    "cross_region_filings": "integer",
    "executions_received": "integer",
    "executions_concluded": "integer",
    "execution_amount": "number",
    "appeal_fee_collection": "boolean",
    "officers_total": "integer",
    "officers_registered": "integer",
    "markets_total": "integer",
    "policy_enterprises_reached": "integer",
}
RECORDS: dict[str, tuple[str | None, dict[str, str]]] = {
    "coordination_meetings": ("date", {"date": "date", "topic": "string"}),
    "tasks": (
        "deadline",
        {"title": "string", "unit": "string", "deadline": "date", "completed": "date?"},
    ),
    "liaison_assignments": (None, {"enterprise": "string", "leader": "string"}),
    "liaison_visits": (
        "date",
        {
            "enterprise": "string",
            "leader": "string",
            "date": "date",
            "issues_raised": "integer",
            "issues_resolved": "integer",
        },
    ),
    "commitments": ("due", {"title": "string", "due": "date", "fulfilled": "date?"}),
    "support_applications": (
        "approved",
        {"enterprise": "string", "approved": "date", "amount": "number"},
    ),
    "support_disbursements": (
        "paid",
        {"application": "string", "enterprise": "string", "paid": "date", "amount": "number"},
    ),
    "sme_payments": (
        "accepted",
        {
            "contract": "string",
            "supplier": "string",
            "accepted": "date",
            "term_days": "integer",
            "paid": "date?",
            "amount": "number",
        },
    ),
    "closed_cases": ("closed", {"closed": "date", "class_changed": "boolean"}),
    "sms_notices": ("sent", {"case": "string", "sent": "date"}),
    "penalty_decisions": (
        "decided",
        {"decided": "date", "published": "date?", "major": "boolean", "repair_notice": "boolean"},
    ),
    "legal_reviews": ("reviewed", {"case": "string", "reviewed": "date", "opinion": "string"}),
    "conditional_acceptances": (
        "accepted",
        {"accepted": "date", "promised_by": "date", "supplemented": "date?"},
    ),
    "exemption_cases": (
        "decided",
        {
            "decided": "date",
            "reform_or_exploration": "boolean",
            "lawful": "boolean",
            "no_personal_gain": "boolean",
            "no_public_harm": "boolean",
            "granted": "boolean",
        },
    ),
    "resale_power_operators": (
        None,
        {"market": "string", "refund_due": "number", "refunded": "number"},
    ),
    "market_meeting_attendance": ("date", {"market": "string", "date": "date"}),
    "price_complaints": (
        "received",
        {"received": "date", "contacted": "date?", "answered": "date?"},
    ),
    "enforcement_cases": ("opened", {"opened": "date", "recorded": "boolean"}),
    "platform_units": (None, {"name": "string", "entries": "integer"}),
    "trainings": ("date", {"topic": "string", "date": "date", "attendees": "integer"}),
    "auxiliary_services": (
        "requested",
        {"kind": "string", "requested": "date", "completed": "date?"},
    ),
    "seizures": (
        "date",
        {
            "case": "string",
            "date": "date",
            "claim_amount": "number",
            "seized_value": "number",
            "divisible": "boolean",
        },
    ),
    "notarizations": ("date", {"enterprise": "string", "date": "date", "kind": "string"}),
    "chamber_members": (None, {"name": "string"}),
    "legal_service_visits": ("date", {"member": "string", "date": "date"}),
    "publicity_items": ("date", {"channel": "string", "date": "date", "title": "string"}),
    "enterprise_engagements": (
        "date",
        {
            "kind": "string",
            "date": "date",
            "issues_collected": "integer",
            "issues_resolved": "integer",
        },
    ),
    "legal_materials": (
        "date",
        {"kind": "string", "title": "string", "date": "date", "copies": "integer"},
    ),
}
DOCUMENTS = [
    "coordination_mechanism",
    "responsibility_list",
    "rule_of_law_committee_minutes",
    "special_lecture",
    "integrity_ledger",
    "credit_repair_template",
    "credit_repair_duty_division",
    "conditional_acceptance_rules",
    "accountability_rules",
    "fault_tolerance_rules",
    "fault_tolerance_decision",
    "price_policy_notice",
    "legal_review_rules",
    "discretion_benchmarks",
    "appeal_fee_rules",
    "linkage_agreement",
    "dispute_resolution_mechanism",
    "legal_service_group",
    "policy_compilation",
]
# id: (section, roles, severity, points, exemptable, check kinds)
ITEMS: dict[str, tuple[str, list[str], str, int, bool, list[str]]] = {
    "TJ-LEAD-01": ("LEAD", ["district_government"], "major", 10, True, ["document", "cadence"]),
    "TJ-LEAD-02": (
        "LEAD",
        ["district_government", "government_services"],
        "major",
        10,
        True,
        ["each", "deadline"],
    ),
    "TJ-LEAD-03": ("LEAD", ["district_government"], "major", 10, True, ["coverage", "ratio"]),
    "TJ-LEAD-04": ("LEAD", ["district_government"], "minor", 5, True, ["document"]),
    "TJ-CRED-01": (
        "CRED",
        ["district_government", "industry_support"],
        "major",
        10,
        True,
        ["document", "deadline"],
    ),
    "TJ-CRED-02": ("CRED", ["industry_support"], "major", 10, True, ["cadence", "coverage"]),
    "TJ-CRED-03": ("CRED", ["*"], "critical", 10, True, ["each", "deadline"]),
    "TJ-CRED-04": ("CRED", ["market_regulation"], "minor", 5, True, ["coverage"]),
    "TJ-CRED-05": ("CRED", ["market_regulation"], "major", 5, True, ["each"]),
    "TJ-CRED-06": ("CRED", ["market_regulation"], "minor", 5, True, ["document", "count"]),
    "TJ-CRED-07": (
        "CRED",
        ["government_services", "market_regulation"],
        "minor",
        5,
        True,
        ["document", "count", "deadline"],
    ),
    "TJ-POL-01": ("POL", ["district_government"], "major", 5, True, ["document"]),
    "TJ-POL-02": (
        "POL",
        ["district_government"],
        "major",
        5,
        True,
        ["document", "each", "each", "each", "each"],
    ),
    "TJ-POL-03": ("POL", ["market_regulation"], "major", 10, True, ["document", "each", "ratio"]),
    "TJ-POL-04": ("POL", ["market_regulation"], "minor", 5, True, ["deadline", "deadline"]),
    "TJ-ENF-01": ("ENF", ["enforcement"], "major", 10, True, ["deadline"]),
    "TJ-ENF-02": ("ENF", ["enforcement"], "major", 5, True, ["each"]),
    "TJ-ENF-03": ("ENF", ["enforcement"], "critical", 10, False, ["coverage"]),
    "TJ-ENF-04": ("ENF", ["enforcement_supervision"], "major", 10, True, ["each", "count"]),
    "TJ-ENF-05": ("ENF", ["enforcement_supervision"], "minor", 5, True, ["ratio"]),
    "TJ-ENF-06": ("ENF", ["enforcement_supervision"], "minor", 5, True, ["document"]),
    "TJ-JUD-01": ("JUD", ["court"], "minor", 5, True, ["ratio"]),
    "TJ-JUD-02": ("JUD", ["court"], "minor", 5, True, ["fact", "document"]),
    "TJ-JUD-03": ("JUD", ["court"], "minor", 5, True, ["count", "deadline"]),
    "TJ-JUD-04": ("JUD", ["court"], "major", 10, True, ["ratio"]),
    "TJ-JUD-05": ("JUD", ["court"], "critical", 10, False, ["each"]),
    "TJ-JUD-06": ("JUD", ["court"], "minor", 5, True, ["document"]),
    "TJ-LEGAL-01": ("LEGAL", ["public_legal_services"], "minor", 5, True, ["count"]),
    "TJ-LEGAL-02": ("LEGAL", ["public_legal_services"], "minor", 5, True, ["document", "coverage"]),
    "TJ-LEGAL-03": ("LEGAL", ["public_legal_services"], "minor", 5, True, ["document"]),
    "TJ-PUB-01": (
        "PUB",
        ["district_government", "government_services"],
        "minor",
        5,
        True,
        ["cadence"],
    ),
    "TJ-PUB-02": (
        "PUB",
        ["district_government", "government_services"],
        "major",
        5,
        True,
        ["count", "ratio"],
    ),
    "TJ-PUB-03": ("PUB", ["public_legal_services"], "minor", 5, True, ["count"]),
    "TJ-PUB-04": ("PUB", ["government_services"], "minor", 5, True, ["document", "fact"]),
}


@pytest.fixture(scope="module")
def tianjin() -> Checklist:
    return load_checklist("tianjin-bizenv").checklist


def test_header(tianjin: Checklist) -> None:
    head = tianjin.checklist
    assert (head.id, head.version, head.source) == ("tianjin-bizenv", "2020.1", "tj-bizenv-2019")
    assert [(g.min, g.zh, g.en) for g in head.grades] == [
        (90, "优秀", "Excellent"),
        (80, "良好", "Good"),
        (60, "合格", "Pass"),
        (0, "不合格", "Fail"),
    ]
    assert head.critical_cap == "合格"
    assert head.rectification_days.model_dump() == {"critical": 10, "major": 20, "minor": 30}


def test_vocabulary(tianjin: Checklist) -> None:
    assert {k: r.zh for k, r in tianjin.roles.items()} == ROLES
    assert {k: f.type for k, f in tianjin.facts.items()} == FACTS
    assert {k: (r.date, r.fields) for k, r in tianjin.records.items()} == RECORDS
    assert sorted(tianjin.documents) == sorted(DOCUMENTS)
    assert [s.id for s in tianjin.sections] == ["LEAD", "CRED", "POL", "ENF", "JUD", "LEGAL", "PUB"]


def test_items(tianjin: Checklist) -> None:
    assert [i.id for i in tianjin.items] == list(ITEMS)
    for item in tianjin.items:
        section, roles, severity, points, exemptable, kinds = ITEMS[item.id]
        assert (
            item.section,
            item.roles,
            item.severity,
            item.points,
            item.exemptable,
            [c.kind for c in item.checks],
        ) == (section, roles, severity, points, exemptable, kinds), item.id


def test_thresholds_and_special_rules(tianjin: Checklist) -> None:
    items = tianjin.items_by_id
    enf01 = items["TJ-ENF-01"]
    assert enf01.scoring is not None and enf01.scoring.tiers == [(1.0, 1.0), (0.95, 0.5)]
    deadline = enf01.checks[0]
    assert (deadline.within, deadline.unit) == (7, "working_days")  # type: ignore[union-attr]
    jud04 = items["TJ-JUD-04"]
    assert jud04.scoring is not None and jud04.scoring.linear is not None
    assert (jud04.scoring.linear.floor, jud04.scoring.linear.target) == (0.4, 0.55)
    assert jud04.checks[0].value == 0.55  # type: ignore[union-attr]
    assert items["TJ-JUD-01"].checks[0].value == 0.15  # type: ignore[union-attr]
    cred03 = items["TJ-CRED-03"]
    assert str(cred03.effective_from) == "2020-09-01"
    liabilities = {
        i.id: (i.liability.law, i.liability.article, i.liability.item)
        for i in tianjin.items
        if i.liability is not None
    }
    assert liabilities == {
        "TJ-CRED-03": ("cn-bizenv-2019", 69, 7),
        "TJ-ENF-03": ("cn-bizenv-2019", 69, 11),
        "TJ-JUD-05": ("cn-bizenv-2019", 69, 3),
    }
    pol04 = items["TJ-POL-04"].checks
    assert [(c.within, c.unit) for c in pol04] == [(1, "working_days"), (15, "working_days")]  # type: ignore[union-attr]


def test_every_item_cites_the_registry_and_lints_clean(tianjin: Checklist) -> None:
    registry = load_registry()
    assert lint(tianjin, registry) == []
    for item in tianjin.items:
        assert item.refs
        for cite in item.refs:
            assert registry.check(cite) == [], (item.id, cite)


def test_seed_items_cite_the_matching_document_of_the_case(tianjin: Checklist) -> None:
    """catalogue.md: "seed" is the matching document of the Hongqiao case where there is
    one, else the case itself. The notice on legal review of major penalties is the
    matching document of both items about legal review (ENF-03: reviews held; ENF-06: the
    written review rules)."""
    for item_id in ("TJ-ENF-03", "TJ-ENF-06"):
        laws = [cite.law for cite in tianjin.items_by_id[item_id].refs]
        assert "hq-penalty-review" in laws and "case-hongqiao-2020" not in laws, item_id


def test_tianjin_regulation_is_cited_by_chapter_beyond_known_articles(
    tianjin: Checklist,
) -> None:
    for item in tianjin.items:
        for cite in item.refs:
            if cite.law == "tj-bizenv-2019" and cite.article is not None:
                assert cite.article <= 6, item.id


def test_registry_facts() -> None:
    registry = load_registry()
    assert len(registry.laws) == 14
    tj = registry.get("tj-bizenv-2019")
    assert tj is not None
    assert (str(tj.adopted), str(tj.promulgated), str(tj.in_force), tj.articles_total) == (
        "2019-07-31",
        "2019-08-01",
        "2019-09-01",
        73,
    )
    assert sorted(tj.articles_by_number) == [1, 2, 3, 4, 5, 6]
    assert len(tj.chapters) == 8
    cn = registry.get("cn-bizenv-2019")
    assert cn is not None and cn.articles_total == 72
    assert [i.number for i in cn.articles_by_number[69].items] == list(range(1, 12))
    # laws.md: 70 (public utilities, 3 items), 71 (associations and intermediaries, 5 items)
    assert [len(cn.articles_by_number[n].items) for n in (70, 71)] == [3, 5]
    assert {law.kind for law in registry} == {"law", "regulation", "policy", "practice"}
    sme = registry.get("cn-sme-payment-2020")
    assert sme is not None and sme.replaced_by == "cn-sme-payment-2025"


@pytest.mark.parametrize("item_id", list(ITEMS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_every_item(item_id: str, lang: str) -> None:
    result = CliRunner().invoke(app, ["explain", item_id, "--lang", lang])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(item_id)
    heading = {"zh": "法律依据", "en": "Legal basis"}[lang]
    assert heading in result.output
    if lang == "en":  # the example's placeholder texts too ("example", not "示例")
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in result.output), (
            "English explanation contains Chinese text"
        )


@pytest.mark.parametrize("item_id", list(ITEMS))
def test_explain_example_is_valid_evidence(
    item_id: str, tmp_path: Path, tianjin: Checklist
) -> None:
    item = tianjin.items_by_id[item_id]
    roles = [r for r in item.roles if r != "*"] or ["court"]
    doc = evidence_example(tianjin, [item], roles=roles)
    path = tmp_path / "example.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    loaded = load(path, path.name, Options())
    # an example says it is one (its "示例" texts), and nothing else
    said = [d.format("en") for d in loaded.diagnostics if d.code != "evidence.example-left"]
    assert said == []


def test_explain_json_and_unknown_item() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["explain", "TJ-JUD-05", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["liability"]["en"].startswith(
        "Regulations on Optimizing the Business Environment, art. 69, item 3"
    )
    assert data["example"]["records"]["seizures"][0]["divisible"] is True
    # what an empty population makes of a check, where the checklist says: explain shows it
    from audit.checklist.describe import explain_check
    from audit.checklist.load import load_checklist

    tianjin = load_checklist("tianjin-bizenv").checklist
    counted = next(c for i in tianjin.items for c in i.checks if c.kind == "count")
    for ruling in ("pass", "fail"):
        ruled = counted.model_copy(update={"when_empty": ruling})
        assert explain_check(ruled, tianjin, "en").endswith(f"(no records: {ruling})")
    assert "(no records:" not in explain_check(counted, tianjin, "en")
    # a check with a title still shows its rule: the title alone gave no threshold
    shown = runner.invoke(app, ["explain", "TJ-ENF-03"]).stdout.splitlines()
    assert shown[3].startswith("严重程度：关键 · 分值 10")  # 等级 is the grade (优秀 …)
    titled = json.loads(runner.invoke(app, ["explain", "TJ-LEAD-03", "-f", "json"]).stdout)
    resolved = next(c for c in titled["checks"] if c["id"] == "issues-resolved")
    assert resolved["en"].startswith("Share of issues raised during visits that were resolved (")
    assert resolved["en"].endswith(
        "issues_raised over leaders' visits to assigned enterprises (liaison_visits) >= 0.8)"
    )
    missing = runner.invoke(app, ["explain", "TJ-JUD-5", "--lang", "en"])
    assert missing.exit_code == 2
    assert missing.output.strip() == "no item 'TJ-JUD-5'; did you mean 'TJ-JUD-05'?"
    far = runner.invoke(app, ["explain", "TJ-XXX-99", "--lang", "en"])  # no near id: where
    assert far.output.strip() == "no item 'TJ-XXX-99'; audit checklists show lists them all"


@pytest.mark.parametrize("item_id", list(ITEMS))
def test_explain_example_scores_pass(item_id: str, tmp_path: Path, tianjin: Checklist) -> None:
    """The example `audit explain` prints, put in an evidence file, passes the item."""
    runner = CliRunner()
    shown = runner.invoke(app, ["explain", item_id, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    example = json.loads(shown.stdout)["example"]
    period = example["period"]
    item = tianjin.items_by_id[item_id]
    if item.effective_from is not None:
        assert period["start"] >= item.effective_from.isoformat()
    roles = [r for r in item.roles if r != "*"] or ["court"]
    doc = {
        "format": "tj-audit/evidence@1",
        "checklist": tianjin.id,
        "checklist_version": tianjin.version,
        "agency": {"code": "EX", "name": "示例单位", "district": "示例区", "roles": roles},
        "submitted_at": f"{period['end']}T18:00:00+08:00",
        "submitted_by": {"name": "示例填报人"},
        **example,
    }
    path = tmp_path / "example.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    flags = ["--format", "json", "--no-history", "--no-attachments", "--as-of", period["end"]]
    result = runner.invoke(app, ["run", str(path), *flags])
    assert result.exit_code == 0, result.output
    (agency,) = json.loads(result.stdout)["agencies"]
    (scored,) = [i for i in agency["items"] if i["id"] == item_id]
    assert scored["outcome"] == "pass", [
        (c["id"], c["outcome"], c["explanation"]["en"]) for c in scored["checks"]
    ]


def test_registry_numbers_that_contradict_each_other_are_located(tmp_path: Path) -> None:
    """An article outside the range of the chapter it names was accepted, and an article
    past the law's total was reported without a line: each is now an error at its key."""
    import shutil

    from audit.errors import ConfigError

    folder = tmp_path / "laws"
    shutil.copytree(bundled_dir() / "laws", folder)
    path = folder / "cn-bizenv-2019.toml"
    text = path.read_text("utf-8")
    text = text.replace(
        "[[articles]]\nnumber = 7\nchapter = 1", "[[articles]]\nnumber = 7\nchapter = 5"
    )
    text = text.replace(
        "first_article = 72\nlast_article = 72", "first_article = 72\nlast_article = 71"
    )
    text = text.replace("[[articles]]\nnumber = 69\n", "[[articles]]\nnumber = 99\n")
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_registry(folder)
    shown = [d.format("en") for d in caught.value.diagnostics]
    assert all(re.match(r".*cn-bizenv-2019\.toml:\d+:\d+: ", line) for line in shown), shown
    assert any("chapter 7's article range is reversed: 72 comes after 71" in line for line in shown)
    assert any("article 7 is not among chapter 5's articles (51–60)" in line for line in shown)
    assert any("article 99 is beyond the law's 72 articles" in line for line in shown)
    assert any("article 99 is not among chapter 6's articles (61–71)" in line for line in shown)
    assert len(shown) == 4


def test_english_check_descriptions_fit_plural_set_names(tianjin: Checklist) -> None:
    """Set names are plural ("legal reviews"): "has a legal reviews record", "has a
    industrial support disbursements record" read badly in every English report."""
    from audit.checklist.describe import describe_check

    texts = {c.id: describe_check(c, tianjin, "en") for item in tianjin.items for c in item.checks}
    assert texts["review-before-decision"].startswith(
        "every record of administrative penalty decisions (penalty_decisions) where major = "
        "true (by id) has a record of legal reviews (legal_reviews) whose case matches"
    )
    assert texts["monthly-disbursement"] == (
        "at least 1 record of industrial support disbursements (support_disbursements) every month"
    )
    assert not [t for t in texts.values() if re.search(r"\ba [aeiou]|\) records?\b", t)]


def test_lint_checks_a_registry_file_as_a_law(tmp_path: Path) -> None:
    """laws.md: a maintainer adds articles to a registry file without touching code. Lint
    read such a file as a checklist (13 errors: no `checklist`, 'title' should be 'items')
    and never named the article past the law's total."""
    from typer.testing import CliRunner

    from audit.cli import app

    path = tmp_path / "cn-bizenv-2019.toml"
    text = (bundled_dir() / "laws" / "cn-bizenv-2019.toml").read_text("utf-8")
    path.write_text(text, "utf-8")
    clean = CliRunner().invoke(app, ["checklists", "lint", str(path), "--lang", "en"])
    assert clean.exit_code == 0, clean.output
    path.write_text(text.replace("[[articles]]\nnumber = 69\n", "[[articles]]\nnumber = 99\n"))
    (tmp_path / "renamed.toml").write_text(text, "utf-8")
    both = [str(path), str(tmp_path / "renamed.toml")]
    broken = CliRunner().invoke(app, ["checklists", "lint", *both, "--lang", "en"])
    assert broken.exit_code == 3
    lines = [line for line in broken.output.splitlines() if ": " in line]
    assert [line.split(": ", 2)[1:] for line in lines] == [
        ["articles[15].number", "article 99 is beyond the law's 72 articles"],
        ["articles[15].chapter", "article 99 is not among chapter 6's articles (61–71)"],
        ["id", "law id 'cn-bizenv-2019' must match the file name renamed.toml"],
    ], broken.output


def test_registry_dates_chapters_and_links_that_contradict_each_other(tmp_path: Path) -> None:
    """A law in force before it was promulgated, chapters whose article ranges overlap, and
    a `replaces` naming a law the registry does not have were all accepted."""
    import shutil

    from audit.errors import ConfigError

    folder = tmp_path / "laws"
    shutil.copytree(bundled_dir() / "laws", folder)
    path = folder / "cn-bizenv-2019.toml"
    text = path.read_text("utf-8")
    assert "in_force = 2020-01-01" in text and "first_article = 10" in text
    text = text.replace("in_force = 2020-01-01", "in_force = 2019-01-01")
    text = text.replace("first_article = 10", "first_article = 9", 1)
    text = text.replace("articles_total", 'replaces = "cn-bizenv-2018"\narticles_total', 1)
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_registry(folder)
    shown = [d.format("en").split(": ", 1)[1] for d in caught.value.diagnostics]
    assert shown == [
        "in_force: in_force (2019-01-01) is before promulgated (2019-10-22): a law is adopted, "
        "then promulgated, then in force; check the dates",
        "chapters[1].first_article: chapter 2 (articles 9–18) overlaps chapter 1 (articles 1–9)",
        "replaces: the law registry has no 'cn-bizenv-2018'; did you mean 'cn-bizenv-2019'?",
    ], shown
    assert all(d.line is not None for d in caught.value.diagnostics)
    # linted alone, the file is judged against the bundled registry and its own folder
    alone = tmp_path / "alone" / "cn-bizenv-2019.toml"
    alone.parent.mkdir()
    alone.write_text(text.replace('"cn-bizenv-2018"', '"tj-bizenv-2019"'), "utf-8")
    from audit.checklist.load import check_file

    _, _, problems = check_file(alone)
    assert [d.code for d in problems] == ["law.dates-order", "law.chapter-overlap"]
    (alone.parent / "cn-bizenv-2018.toml").write_text("", "utf-8")
    alone.write_text(text, "utf-8")
    _, _, problems = check_file(alone)
    assert [d.code for d in problems] == ["law.dates-order", "law.chapter-overlap"]


def test_a_law_replacing_itself_is_refused(tmp_path: Path) -> None:
    """`replaced_by` naming the law itself passed lint: every finding citing it after its
    own date in force would be marked as resting on a replaced text."""
    from audit.checklist.load import check_file

    text = (bundled_dir() / "laws" / "cn-sme-payment-2020.toml").read_text("utf-8")
    assert 'replaced_by = "cn-sme-payment-2025"' in text
    path = tmp_path / "cn-sme-payment-2020.toml"
    path.write_text(text.replace('"cn-sme-payment-2025"', '"cn-sme-payment-2020"', 1), "utf-8")
    _, _, problems = check_file(path)
    assert [(d.code, d.path) for d in problems] == [("law.replaces-itself", ("replaced_by",))]


def test_explain_says_a_cited_text_was_replaced_where_the_checklist_does_not() -> None:
    """A citation of the 2020 payments regulation without a note of the checklist's own
    read as current in `audit explain`: the registry knows it was replaced."""
    from audit.checklist.model import Citation

    registry = load_registry()
    bare = Citation(law="cn-sme-payment-2020", article=8)
    assert registry.standing(bare, "en") == " (replaced by its later text from 2025-06-01)"
    assert registry.standing(bare, "zh") == (
        "（已由《保障中小企业款项支付条例》（国务院令第802号）取代，自 2025-06-01 起）"
    )
    noted = Citation.model_validate(
        {"law": "cn-sme-payment-2020", "article": 8, "note": {"zh": "旧文本", "en": "old"}}
    )
    assert registry.standing(noted, "en") == ""  # the checklist's note says it already
    assert registry.standing(Citation(law="cn-sme-payment-2025", article=9), "en") == ""
    shown = CliRunner().invoke(app, ["explain", "TJ-CRED-03", "-f", "json"])
    refs = json.loads(shown.stdout)["refs"]
    windows = {r["cite"]["law"]: r["in_force"] for r in refs}
    assert windows["cn-sme-payment-2020"] == ["2020-09-01", "2025-06-01"]
    assert windows["cn-sme-payment-2025"] == ["2025-06-01", None]
