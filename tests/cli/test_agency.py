"""``audit init`` and ``audit import``: templates, workbooks, the round trip both ways."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from audit.checklist.load import load_checklist
from audit.cli import app
from audit.evidence.load import Options, load
from tests.conftest import DATA

runner = CliRunner()


def _init(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "evidence.json"
    result = runner.invoke(app, ["init", "--checklist", "tianjin-bizenv", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(
    "roles",
    ["court", "market_regulation,enforcement", "district_government", "public_legal_services"],
)
def test_template_contains_what_applies_and_validates(tmp_path: Path, roles: str) -> None:
    out = _init(
        tmp_path, "--roles", roles, "--agency-code", "HQ-X", "--period", "2020-07-01:2020-12-31"
    )
    doc = json.loads(out.read_text("utf-8"))
    assert doc["$schema"] == "./tianjin-bizenv.schema.json"
    assert (tmp_path / "tianjin-bizenv.schema.json").is_file()
    assert doc["agency"]["roles"] == roles.split(",")
    from audit.checklist.load import load_checklist

    checklist = load_checklist("tianjin-bizenv").checklist
    applicable = {i.id for i in checklist.items if i.applies_to(frozenset(roles.split(",")))}
    assert set(doc["items"]) == applicable
    assert all(len(rows) == 1 for rows in doc.get("records", {}).values())
    assert load(out, out.name, Options()).diagnostics == []


def test_the_folder_of_a_fresh_template_validates(tmp_path: Path) -> None:
    """The schema file `init -o` writes beside the template is not taken for evidence."""
    _init(
        tmp_path, "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"
    )
    assert (tmp_path / "tianjin-bizenv.schema.json").is_file()
    result = runner.invoke(app, ["validate", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "1 evidence file" in result.output


def test_template_uses_only_the_agency_s_vocabulary(tmp_path: Path) -> None:
    doc = json.loads(
        _init(tmp_path, "--roles", "court", "--agency-code", "HQ-FY").read_text("utf-8")
    )
    assert set(doc["facts"]) == {
        "online_filings",
        "cases_accepted",
        "appeal_fee_collection",
        "executions_concluded",
        "executions_received",
    }
    assert "penalty_decisions" not in doc["records"]
    assert {d["kind"] for d in doc["documents"]} == {"appeal_fee_rules", "linkage_agreement"}


def test_init_rejects_unknown_roles_and_needs_its_options(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", "--roles", "cort", "--agency-code", "X", "--lang", "en"])
    assert result.exit_code == 2
    assert "did you mean 'court'?" in result.output
    assert runner.invoke(app, ["init", "--roles", "court"]).exit_code == 2
    assert (
        runner.invoke(
            app, ["init", "--roles", "court", "--agency-code", "X", "--period", "2020-07-01"]
        ).exit_code
        == 2
    )


def _xlsx(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "evidence.xlsx"
    result = runner.invoke(app, ["init", *args, "-f", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_workbook_has_bilingual_headers_and_validation(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(
        _xlsx(
            tmp_path,
            "--roles",
            "market_regulation,enforcement",
            "--agency-code",
            "HQ-SCJG",
            "--period",
            "2020-01-01:2020-06-30",
        )
    )
    assert {"agency", "facts", "documents", "items", "penalty_decisions"} <= set(book.sheetnames)
    sheet = book["penalty_decisions"]
    assert [c.value for c in sheet[1]] == ["id", "decided", "published", "major", "repair_notice"]
    assert sheet["B2"].value.startswith("decided（date，必填 required，主日期 primary date")
    kinds = {
        next(iter(v.sqref.ranges)).coord: v.type for v in sheet.data_validations.dataValidation
    }
    assert kinds["D3:D1000"] == "list" and kinds["B3:B1000"] == "date"
    items = book["items"]
    assert [c.value for c in items[1]][:3] == ["item", "title", "claim"]


def test_workbook_round_trip_equals_the_json_template(tmp_path: Path) -> None:
    args = ["--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"]
    expected = json.loads(_init(tmp_path, *args).read_text("utf-8"))
    workbook = _xlsx(tmp_path, "--checklist", "tianjin-bizenv", *args)
    out = tmp_path / "imported.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out)])
    assert result.exit_code == 0, result.output
    imported = json.loads(out.read_text("utf-8"))
    del expected["$schema"]  # an editor reference: not part of the workbook
    assert imported == expected


def test_evidence_to_workbook_and_back(tmp_path: Path) -> None:
    source = DATA / "evidence" / "valid" / "court.json"
    workbook = tmp_path / "court.xlsx"
    result = runner.invoke(
        app,
        [
            "init",
            "--from",
            str(source),
            "--checklist",
            str(DATA / "checklists" / "mini.toml"),
            "-f",
            "xlsx",
            "-o",
            str(workbook),
        ],
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "court.json"
    result = runner.invoke(
        app,
        [
            "import",
            str(workbook),
            "-o",
            str(out),
            "--checklist",
            str(DATA / "checklists" / "mini.toml"),
        ],
    )
    assert result.exit_code == 0, result.output
    mini = load_checklist(DATA / "checklists" / "mini.toml")
    back = load(out, out.name, Options(checklist=mini)).doc
    original = load(source, source.name, Options(checklist=mini)).doc
    assert back is not None and original is not None
    assert _without_nulls(back) == _without_nulls(original)


def _without_nulls(doc: dict[str, Any]) -> dict[str, Any]:
    """A null optional field and an empty cell mean the same: compare without them."""
    records = {
        name: [{k: v for k, v in r.items() if v is not None} for r in rows]
        for name, rows in (doc.get("records") or {}).items()
    }
    return {**doc, "records": records}


def test_bad_cells_are_named_and_nothing_is_written(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = _xlsx(
        tmp_path, "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"
    )
    book = load_workbook(workbook)
    book["seizures"]["C3"] = "2020-02-30"
    book["seizures"]["F3"] = "maybe"
    book["facts"]["B3"] = "many"
    book.save(workbook)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "seizures!C3: not a date (2020-02-30); use YYYY-MM-DD" in lines
    assert "seizures!F3: not a boolean ('maybe'); use TRUE or FALSE" in lines
    assert any(line.startswith("facts!B3: not a whole number (many)") for line in lines)
    assert not out.exists()


def test_filled_workbook_becomes_valid_evidence(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = _xlsx(
        tmp_path, "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"
    )
    book = load_workbook(workbook)
    agency = book["agency"]
    for row in agency.iter_rows(min_row=3):
        if row[0].value == "agency.name":
            row[1].value = "红桥区人民法院"
    seizures = book["seizures"]
    seizures.append(["SZ-2", "（2020）津0106执2号", dt.datetime(2020, 5, 6), 200, 150.5, "是"])
    book.save(workbook)
    out = tmp_path / "filled.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text("utf-8"))
    assert doc["agency"]["name"] == "红桥区人民法院"
    assert doc["records"]["seizures"][1] == {
        "id": "SZ-2",
        "case": "（2020）津0106执2号",
        "date": "2020-05-06",
        "claim_amount": 200,
        "seized_value": 150.5,
        "divisible": True,
    }


def test_import_of_something_that_is_not_a_workbook(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", "utf-8")
    result = runner.invoke(app, ["import", str(fake), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2


def test_a_workbook_carrying_an_xml_entity_bomb_is_refused(tmp_path: Path) -> None:
    """Workbooks come from outside: openpyxl parses them through defusedxml, so a DTD with
    nested entities (billion laughs) is refused instead of expanded."""
    import zipfile

    good = _xlsx(tmp_path, "--roles", "court", "--agency-code", "T-1")
    bomb = tmp_path / "bomb.xlsx"
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bomb, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name in {"xl/sharedStrings.xml", "xl/workbook.xml"}:
                text = data.decode("utf-8").split("?>", 1)[-1]
                data = f'<?xml version="1.0"?><!DOCTYPE x [{entities}]>{text}'.encode()
            target.writestr(name, data)
    out = tmp_path / "x.json"
    result = runner.invoke(app, ["import", str(bomb), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{bomb}: the workbook contains an XML document type declaration" in result.output
    assert not out.exists()
