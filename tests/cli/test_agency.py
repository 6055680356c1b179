"""``audit init`` and ``audit import``: templates, workbooks, the round trip both ways."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from audit.checklist.load import load_checklist
from audit.cli import app
from audit.evidence.load import Options, load
from tests.conftest import DATA

runner = CliRunner()


def _only_placeholders(path: Path) -> bool:
    """Valid, the warnings about the template's placeholder texts and examples aside."""
    said = load(path, path.name, Options()).diagnostics
    return all(d.code in ("evidence.placeholder", "evidence.example-left") for d in said)


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
    # valid as it stands, with a warning for each header text left to fill in
    said = load(out, out.name, Options()).diagnostics
    assert all(d.severity.value == "warning" for d in said)
    # and for each example left in: every example document, and the example record of
    # every set with a text field (an untouched template scored 100 and passed --strict)
    examples = [d.path or () for d in said if d.code == "evidence.example-left"]
    documents = doc.get("documents", [])
    assert [p for p in examples if p[0] == "documents"] == [
        ("documents", n, "title") for n in range(len(documents))
    ]
    texts = {
        name
        for name, rows in doc.get("records", {}).items()
        if any(v == "示例" for v in rows[0].values())
    }
    assert {p[1] for p in examples if p[0] == "records"} == texts
    assert texts or documents
    assert [(d.code, d.path) for d in said if d.code != "evidence.example-left"] == [
        ("evidence.placeholder", path)
        for path in (
            ("agency", "name"),
            ("agency", "district"),
            ("submitted_by", "name"),
            ("responsible", "unit"),
            ("responsible", "person"),
            ("responsible", "leader"),
        )
    ]
    # example documents are dated in the agency's period, as the example records are
    assert all("2020-07-01" <= d["issued"] <= "2020-12-31" for d in doc.get("documents", []))


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
    assert sheet["B2"].value.startswith("decided（日期 date，必填 required，主日期 primary date")
    kinds = {
        next(iter(v.sqref.ranges)).coord: v.type for v in sheet.data_validations.dataValidation
    }
    # to the sheet's last row: they stopped at row 1000, and a longer register went unchecked
    assert kinds["D3:D1048576"] == "list" and kinds["B3:B1048576"] == "date"
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


def _failed_import(tmp_path: Path, workbook: Path) -> tuple[Path, list[str]]:
    """Import ``workbook`` (in English), which must fail: the JSON path and the lines, each
    problem at a cell named in the workbook (book.xlsx:sheet!B6), shown without the book."""
    from audit.checklist.library import display_path

    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1, result.output
    book = f"{display_path(workbook)}:"
    *problems, last = result.output.splitlines()
    assert all(line.startswith(book) for line in problems), result.output
    assert "not written" in last, result.output
    return out, [line.removeprefix(book) for line in problems]


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
    out, lines = _failed_import(tmp_path, workbook)
    assert "seizures!C3: not a date (2020-02-30); use YYYY-MM-DD" in lines
    assert "seizures!F3: not a boolean ('maybe'); use TRUE or FALSE" in lines
    assert any(line.startswith("facts!B3: not a whole number (many)") for line in lines)
    assert not out.exists()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("1,200", 1200), ("1,200.5", 1200.5), ("-1,234", -1234), ("１２０", 120), ("1e3", 1000)],
)
def test_numbers_typed_as_text_with_thousands_separators(
    tmp_path: Path, typed: str, kept: float
) -> None:
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    book["seizures"]["D3"] = typed
    book.save(workbook)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["records"]["seizures"][0]["claim_amount"] == kept


def test_a_number_whose_commas_are_no_thousands_separators_is_refused(tmp_path: Path) -> None:
    """ "100,5" (a decimal comma) was imported as 1005, "1,5" as 15, "1,00,000" and
    "1_000" as what Python's float made of them: amounts changed without a word."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    typed = {"D3": "100,5", "E3": "1.200,5", "D4": "1,00,000", "E4": "1_000", "D5": "nan"}
    typed["E5"] = "0,125"  # a decimal comma, not a group: no group starts with 0
    seizures = book["seizures"]
    seizures.append([c.value for c in seizures[3]])
    seizures.append([c.value for c in seizures[3]])
    seizures["A4"], seizures["A5"] = "S-2", "S-3"
    for cell, text in typed.items():
        seizures[cell] = text
    book["facts"]["B5"] = "1,5"
    book.save(workbook)
    out, lines = _failed_import(tmp_path, workbook)
    assert not out.exists()
    assert any(line.startswith("facts!B5: not a whole number (1,5)") for line in lines), lines
    for cell, text in typed.items():
        assert any(line.startswith(f"seizures!{cell}: not a number ({text})") for line in lines)


def test_text_columns_are_formatted_as_text_so_excel_keeps_what_is_typed(
    tmp_path: Path,
) -> None:
    """Under Excel's General format a clerk typing "000123" into an id got the number 123,
    which no longer matched the "000123" of another set (TJ-ENF-03 failed), and "2020.10"
    became 2020.1: text columns, and the cells written in them, are Text (@)."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    seizures = book["seizures"]
    header = [c.value for c in seizures[1]]
    for name, kind in (("id", "@"), ("case", "@"), ("date", None), ("claim_amount", None)):
        letter = seizures.cell(1, header.index(name) + 1).column_letter
        shown = seizures.column_dimensions[letter].number_format
        assert (shown == "@") == (kind == "@"), (name, shown)
        assert (seizures[f"{letter}3"].number_format == "@") == (kind == "@"), name
    documents = book["documents"]
    assert documents.column_dimensions["A"].number_format == "@"  # id
    assert documents.column_dimensions["D"].number_format != "@"  # issued, a date
    items = book["items"]
    assert items.column_dimensions["D"].number_format == "@"  # justification
    agency = book["agency"]
    formats = {row[0].value: row[1].number_format for row in agency.iter_rows(min_row=3)}
    assert formats["agency.code"] == "@" and formats["period.start"] != "@"
    assert formats["submitted_by.phone"] == "@"  # empty in the template: typed in later


def test_a_time_in_a_date_column_is_dropped_with_a_warning_typed_or_real(
    tmp_path: Path,
) -> None:
    """A real Excel date-time lost its time without a word, while the same typed as text
    was refused: both keep the day and say the time is not imported."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    seizures = book["seizures"]
    seizures["C3"] = dt.datetime(2020, 3, 2, 18, 30)
    seizures.append(["S-2", "c", "2020-04-02 18:30", 1, 1, True])
    seizures.append(["S-3", "c", dt.datetime(2020, 5, 6), 1, 1, True])  # midnight: a day
    seizures.append(["S-4", "c", "2020-06-01T10:30:00", 1, 1, True])  # ISO, with its T
    book.save(workbook)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    days = [r["date"] for r in json.loads(out.read_text("utf-8"))["records"]["seizures"]]
    assert days == ["2020-03-02", "2020-04-02", "2020-05-06", "2020-06-01"]
    warned = [line for line in result.stderr.splitlines() if "is not imported" in line]
    assert [line.split(": ")[0].rsplit(":", 1)[1] for line in warned] == [
        "seizures!C3",
        "seizures!C4",
        "seizures!C6",
    ]
    assert "the day 2020-03-02 is kept, the time 18:30 is not imported" in warned[0]


def test_roles_on_lines_of_their_own_in_one_cell(tmp_path: Path) -> None:
    """Roles typed one per line (Alt+Enter) were one unknown role 'court\nenforcement'."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    agency = book["agency"]
    row = next(r for r in range(1, agency.max_row + 1) if agency.cell(r, 1).value == "agency.roles")
    agency.cell(row, 2).value = "court\r\nenforcement_supervision "
    book.save(workbook)
    out = tmp_path / "out.json"
    runner.invoke(app, ["import", str(workbook), "-o", str(out), "--lang", "en"])
    roles = json.loads(out.read_text("utf-8"))["agency"]["roles"]
    assert roles == ["court", "enforcement_supervision"]


def test_a_document_kind_typed_as_its_name_is_its_code(tmp_path: Path) -> None:
    """documents!B3 typed as the kind's name the readme sheet shows beside its code
    (上诉费代收办法) was "not a document kind the checklist declares", with no hint."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    code = book["documents"]["B3"].value
    readme = {row[0].value: row[1].value for row in book["readme"].iter_rows() if row[0].value}
    book["documents"]["B3"] = readme[code].split(" / ")[0]  # its Chinese name
    book.save(workbook)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["documents"][0]["kind"] == code


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
    """Each says why in the clerk's language: the Chinese message carried openpyxl's English
    ("File is not a zip file", "please use xlrd to read this file")."""
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", "utf-8")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(_court_workbook(tmp_path).read_bytes()[:3000])
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    listed = tmp_path / "list.csv"
    listed.write_text("a,b\n", "utf-8")
    import zipfile

    zipped = tmp_path / "zipped.xlsx"  # a zip, of something else
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("readme.txt", "hello")
    said = {}
    for path in (fake, cut, old, listed, zipped):
        result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "x.json")])
        assert result.exit_code == 2, result.output
        said[path.name] = result.output.split("（", 1)[1].split("）：")[0]
    assert said == {
        "fake.xlsx": "不是 .xlsx 文件应有的 zip 压缩格式，或文件不完整",
        "cut.xlsx": "不是 .xlsx 文件应有的 zip 压缩格式，或文件不完整",
        "old.xls": ".xls 格式不能导入，请在 Excel 或 WPS 中另存为 .xlsx",
        "list.csv": ".csv 格式不能导入，请在 Excel 或 WPS 中另存为 .xlsx",
        "zipped.xlsx": "压缩包中没有工作簿应有的 [Content_Types].xml",
    }
    result = runner.invoke(
        app, ["import", str(fake), "-o", str(tmp_path / "x.json"), "--lang", "en"]
    )
    assert "(it is not the zip archive an .xlsx file is, or it is cut short)" in result.output


def test_a_date_cell_beyond_the_calendar_is_said_once_in_the_clerk_s_words(tmp_path: Path) -> None:
    """A date-formatted cell holding 9999999 gave openpyxl's English warning, then "not a
    date (#VALUE!)" for the same cell."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    book["seizures"]["C3"] = 9999999
    book["seizures"]["C3"].number_format = "yyyy-mm-dd"
    book.save(workbook)
    _, lines = _failed_import(tmp_path, workbook)
    assert [line for line in lines if line.startswith("seizures!C3")] == [
        "seizures!C3: the cell is formatted as a date, but its value 9999999 is beyond the dates "
        "a workbook holds: type the date as YYYY-MM-DD"
    ]


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


# -- import writes nothing when it fails, and names the cells ---------------------------------


def _court_workbook(tmp_path: Path) -> Path:
    return _xlsx(
        tmp_path, "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"
    )


def test_invalid_converted_evidence_is_named_by_cell_and_not_written(tmp_path: Path) -> None:
    """Cells of the right type that make invalid evidence: the workbook's cells are named
    (not positions in a JSON file that is never written), and nothing is written."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    book["items"]["C3"] = "done"
    book["documents"]["B3"] = "memo"
    seizures = book["seizures"]
    first = [c.value for c in seizures[3]]
    seizures.append(first)  # the same id twice
    book.save(workbook)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    book = f"{workbook}:"
    claim = "items!C3: claim must be met, partly_met, not_met or not_applicable, got 'done'"
    assert book + claim in lines
    assert book + "documents!B3: document kind 'memo' is not declared by the checklist" in lines
    assert any(line.startswith(f"{book}seizures!A4: id {first[0]!r}") for line in lines), lines
    assert f"{workbook}: 3 error(s); {out} not written" in lines
    assert not any(".json:" in line or "$." in line for line in lines), lines
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_missing_row_is_named_by_its_sheet(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    agency = book["agency"]
    for row in agency.iter_rows(min_row=3):
        if row[0].value == "agency.name":
            agency.delete_rows(row[0].row)
            break
    book.save(workbook)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert f"{workbook}:agency!A1: missing required key 'name'" in result.output.splitlines()
    assert not out.exists()


def test_an_earlier_file_is_left_alone_when_import_fails(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    book["items"]["C3"] = "done"
    book.save(workbook)
    out = tmp_path / "out.json"
    out.write_text("last period's file\n", "utf-8")
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert out.read_text("utf-8") == "last period's file\n"


def test_import_with_a_checklist_of_something_that_is_not_a_workbook(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", "utf-8")
    out = tmp_path / "x.json"
    result = runner.invoke(
        app, ["import", str(fake), "-o", str(out), "--checklist", "tianjin-bizenv", "--lang", "en"]
    )
    assert result.exit_code == 2, result.output
    assert f"{fake}: cannot read the workbook" in result.output
    assert "save it as a new .xlsx file" in result.output  # what to do, not only openpyxl's words
    assert not out.exists()


# -- templates hold exactly what applies to the roles and the period --------------------------


def _doc(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return loaded


@pytest.mark.parametrize(
    ("period", "in_force"), [("2020-01-01:2020-06-30", False), ("2020-07-01:2020-12-31", True)]
)
def test_items_not_yet_in_force_are_left_out(tmp_path: Path, period: str, in_force: bool) -> None:
    """TJ-CRED-03 (every role) applies from 2020-09-01: not in a 2020-H1 template, nor its
    record set sme_payments, which no other item of market regulation uses."""
    doc = _doc(
        _init(tmp_path, "--roles", "market_regulation", "--agency-code", "HQ-S", "--period", period)
    )
    assert ("TJ-CRED-03" in doc["items"]) is in_force
    assert ("sme_payments" in doc["records"]) is in_force
    out = tmp_path / "evidence.json"
    assert _only_placeholders(out)


@pytest.mark.parametrize(
    ("roles", "period"),
    [
        ("court", "2020-01-01:2020-06-30"),
        ("market_regulation,enforcement", "2020-01-01:2020-06-30"),
        ("district_government", "2020-07-01:2020-12-31"),
    ],
)
def test_workbook_template_holds_what_the_json_template_holds(
    tmp_path: Path, roles: str, period: str
) -> None:
    from openpyxl import load_workbook

    from audit.evidence.template import EXEMPTION_DECISION

    args = ["--roles", roles, "--agency-code", "HQ-X", "--period", period]
    doc = _doc(_init(tmp_path, *args))
    book = load_workbook(_xlsx(tmp_path, "--checklist", "tianjin-bizenv", *args))
    checklist = load_checklist("tianjin-bizenv").checklist
    facts = [row[0] for row in book["facts"].iter_rows(min_row=3, values_only=True)]
    assert facts == list(doc.get("facts", {}))
    items = [row[0] for row in book["items"].iter_rows(min_row=3, values_only=True)]
    assert items == list(doc["items"])
    sheets = set(book.sheetnames) - {"readme", "agency", "facts", "documents", "items"}
    assert sheets == {name[:31] for name in doc["records"]}
    (rule,) = [v for v in book["documents"].data_validations.dataValidation if v.type == "list"]
    first, last = (int(part.rsplit("$", 1)[1]) for part in rule.formula1.split(":"))
    assert rule.formula1.startswith("readme!$A$")
    offered = [book["readme"][f"A{n}"].value for n in range(first, last + 1)]
    needed = {d["kind"] for d in doc.get("documents", [])} | {EXEMPTION_DECISION}
    assert set(offered) == needed
    assert set(offered) < set(checklist.documents)


def test_the_vocabulary_of_items_is_what_their_checks_name() -> None:
    from audit.evidence.template import applicable_items, vocabulary

    checklist = load_checklist("tianjin-bizenv").checklist
    court = vocabulary(checklist, applicable_items(checklist, ["court"], dt.date(2020, 6, 30)))
    assert "sme_payments" not in court.records
    assert set(court.facts) == {
        "online_filings",
        "cases_accepted",
        "appeal_fee_collection",
        "executions_concluded",
        "executions_received",
    }
    later = vocabulary(checklist, applicable_items(checklist, ["court"], dt.date(2020, 12, 31)))
    assert "sme_payments" in later.records
    everything = vocabulary(checklist, checklist.items)
    assert everything.records == list(checklist.records)
    # Declared, but read by no item: offered to no agency.
    assert set(checklist.facts) - set(everything.facts) == {
        "cross_region_filings",
        "execution_amount",
    }
    assert set(checklist.documents) - set(everything.documents) == {"responsibility_list"}


# -- x- extensions survive the Excel round trip ----------------------------------------------


def _round_trip(tmp_path: Path, source: Path, *checklist: str) -> dict[str, Any]:
    workbook = tmp_path / f"{source.stem}.xlsx"
    result = runner.invoke(
        app, ["init", "--from", str(source), *checklist, "-f", "xlsx", "-o", str(workbook)]
    )
    assert result.exit_code == 0, result.output
    out = source.parent / f"{source.stem}.back.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), *checklist])
    assert result.exit_code == 0, result.output
    return _doc(out)


@pytest.mark.parametrize("name", ["HQ-FGW", "HQ-FY", "HQ-GOV", "HQ-SCJG", "HQ-SFJ", "HQ-ZWFW"])
def test_demo_evidence_survives_the_excel_round_trip(tmp_path: Path, name: str) -> None:
    """Every key, `x-note` and `$schema` included (the copy keeps the attachments beside it)."""
    import shutil

    from audit.demo.run import data_dir

    shutil.copytree(data_dir(), tmp_path / "evidence")
    source = tmp_path / "evidence" / f"{name}.json"
    back = _round_trip(tmp_path, source)
    assert back == _doc(source)
    assert "x-note" in back


def test_extensions_in_agency_records_and_claims_survive(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(DATA / "evidence" / "valid", tmp_path / "valid")
    source = tmp_path / "valid" / "enforcement.json"
    mini = ["--checklist", str(DATA / "checklists" / "mini.toml")]
    back = _round_trip(tmp_path, source, *mini)
    original = _doc(source)
    assert back["agency"]["x-internal-id"] == 17
    assert back["records"]["penalty_decisions"][2]["x-note"] == "无"
    assert back["items"]["M-ENF-03"]["x-reviewer"] == "auditor"
    assert _without_nulls(back) == _without_nulls(original)


def test_an_extension_cell_that_is_not_json_is_named(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    book["agency"].append(["agency.x-source", "台账 2020"])
    book["agency"].append(["x-count", 3])
    row = book["agency"].max_row
    book.save(workbook)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert f"agency!B{row - 1}: not a JSON value (台账 2020)" in result.output
    assert not out.exists()
    book = load_workbook(workbook)
    book["agency"][f"B{row - 1}"] = '"台账 2020"'
    book.save(workbook)
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = _doc(out)
    assert doc["agency"]["x-source"] == "台账 2020" and doc["x-count"] == 3


# -- init refuses what could never validate ---------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--agency-code", "HQ SCJG", "--period", "2020-01-01:2020-06-30"],
            "--agency-code: agency code 'HQ SCJG' is invalid: use A-Z a-z 0-9 _ - only, "
            "1–64 characters",
        ),
        (
            ["--agency-code", "X" * 65, "--period", "2020-01-01:2020-06-30"],
            f"--agency-code: agency code '{'X' * 65}' is invalid",
        ),
        (
            ["--agency-code", "HQ-FY", "--period", "2020-07-01:2020-06-30"],
            "--period: period starts (2020-07-01) after it ends (2020-06-30)",
        ),
        (
            ["--agency-code", "HQ-FY", "--period", "2020-01-01:2021-06-30"],
            "--period: the period's start and end are 546 days apart; at most 366 are allowed",
        ),
    ],
)
def test_init_refuses_what_validate_would_reject(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "evidence.json"
    result = runner.invoke(app, ["init", "--roles", "court", *args, "-o", str(out), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(message), result.output
    assert list(tmp_path.iterdir()) == []


def test_the_longest_period_allowed_is_accepted(tmp_path: Path) -> None:
    out = _init(
        tmp_path, "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2021-01-01"
    )
    assert _only_placeholders(out)


def test_stdout_template_has_no_schema_and_the_help_says_so() -> None:
    result = runner.invoke(
        app,
        ["init", "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"],
    )
    assert result.exit_code == 0, result.output
    assert "$schema" not in json.loads(result.stdout)
    help_text = " ".join(runner.invoke(app, ["init", "--help"]).output.split())
    assert 'written to standard output, the template has no "$schema"' in help_text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{bad", "bad.json:1:2: $"),
        ("[1, 2]", "bad.json: $: "),
    ],
)
def test_init_from_a_file_that_is_not_an_evidence_document(
    tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "bad.json"
    source.write_text(content, "utf-8")
    out = tmp_path / "x.xlsx"
    result = runner.invoke(app, ["init", "--from", str(source), "-f", "xlsx", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists()


def test_evidence_text_that_looks_like_a_formula_stays_text_in_the_workbook(
    tmp_path: Path,
) -> None:
    """A value such as '=HYPERLINK(…)' must not become a live formula when a clerk opens the
    workbook, and must come back unchanged on import."""
    from openpyxl import load_workbook

    doc = json.loads((DATA / "evidence" / "valid" / "court.json").read_text("utf-8"))
    hostile = '=HYPERLINK("http://example.invalid","click")'
    doc["facts"]["contact"] = hostile
    doc["submitted_by"]["name"] = "=1+1"
    source = tmp_path / "court.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    book = tmp_path / "court.xlsx"
    mini = str(DATA / "checklists" / "mini.toml")
    made = runner.invoke(
        app, ["init", "--from", str(source), "--checklist", mini, "-f", "xlsx", "-o", str(book)]
    )
    assert made.exit_code == 0, made.output
    cells = [c for ws in load_workbook(book).worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert hostile in [c.value for c in cells]
    back = tmp_path / "back.json"
    imported = runner.invoke(app, ["import", str(book), "--checklist", mini, "-o", str(back)])
    assert imported.exit_code == 0, imported.output
    again = json.loads(back.read_text("utf-8"))
    assert again["facts"]["contact"] == hostile
    assert again["submitted_by"]["name"] == "=1+1"


def test_init_without_roles_says_so_in_the_chosen_language() -> None:
    zh = runner.invoke(app, ["init"])
    assert zh.exit_code == 2
    assert zh.stderr.strip() == "audit init 需要 --roles 和 --agency-code（或 --from 文件）"
    en = runner.invoke(app, ["init", "--lang", "en"])
    assert en.stderr.strip() == "audit init needs --roles and --agency-code (or --from FILE)"


def test_one_import_reports_bad_cells_and_the_document_s_problems_together(
    tmp_path: Path,
) -> None:
    """A bad cell used to hide every other problem until it was fixed (three rounds of
    import for one workbook); a value left out for being bad is not also "missing"."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    book["seizures"]["C3"] = "2020-02-30"  # a bad cell, in a required column
    book["items"]["C3"] = "done"  # a document problem
    book.save(workbook)
    _, lines = _failed_import(tmp_path, workbook)
    assert "seizures!C3: not a date (2020-02-30); use YYYY-MM-DD" in lines
    assert "items!C3: claim must be met, partly_met, not_met or not_applicable, got 'done'" in lines
    assert not any("missing required key" in line for line in lines), lines
    assert len([line for line in lines if "warning" not in line]) == 2, lines


def test_a_clerk_may_write_dates_claims_and_booleans_the_chinese_way(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    seizures = book["seizures"]
    seizures.append(["SZ-2", "（2020）津0106执2号", "2020年5月6日", 200, 150.5, "否"])
    seizures.append(["SZ-3", "（2020）津0106执3号", "2020/5/7", 100, 80, "是"])
    # full-width digits and dashes, as a Chinese input method types them (年月日 was read,
    # the dashes were not)
    seizures.append(["SZ-4", "（2020）津0106执4号", "２０２０－０５－０８", 100, 80, "是"])
    agency = book["agency"]
    (roles,) = [
        r for r in range(1, agency.max_row + 1) if agency.cell(r, 1).value == "agency.roles"
    ]
    agency.cell(roles, 2).value = "court；enforcement"  # one role was lost to the semicolon
    book["items"]["C3"] = "部分符合"  # the report's word for partly_met
    book.save(workbook)
    out = tmp_path / "filled.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text("utf-8"))
    rows = {r["id"]: r for r in doc["records"]["seizures"]}
    assert (rows["SZ-2"]["date"], rows["SZ-3"]["date"]) == ("2020-05-06", "2020-05-07")
    assert rows["SZ-4"]["date"] == "2020-05-08"
    assert doc["agency"]["roles"] == ["court", "enforcement"]
    assert (rows["SZ-2"]["divisible"], rows["SZ-3"]["divisible"]) == (False, True)
    assert next(iter(doc["items"].values()))["claim"] == "partly_met"


def test_a_missing_field_is_named_by_its_own_cell(tmp_path: Path) -> None:
    """A document row with an attachment path but no SHA-256: the sha256 cell of that row
    is named (it was the row's first cell), so the clerk knows where to type."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    documents = book["documents"]
    header = [c.value for c in documents[1]]
    row = [None] * len(header)
    for key, value in {
        "id": "D-9",
        "kind": documents["B3"].value,  # the kind of the example row
        "title": "附件",
        "issued": dt.datetime(2020, 3, 1),
        "path": "attachments/x.pdf",
    }.items():
        row[header.index(key)] = value
    documents.append(row)
    book.save(workbook)
    _, lines = _failed_import(tmp_path, workbook)
    column = "ABCDEFGHIJ"[header.index("sha256")]
    assert any(
        line.startswith(f"documents!{column}{documents.max_row}: an attachment needs its sha256")
        for line in lines
    ), lines


def test_init_from_a_file_refuses_header_options_it_would_ignore(tmp_path: Path) -> None:
    """--from copies the file as it is: --period, --roles or --agency-code beside it were
    silently dropped, and a clerk preparing the next period got last period's header."""
    from audit.demo.run import data_dir

    source = data_dir() / "HQ-FY.json"
    out = tmp_path / "next.json"
    args = ["init", "--from", str(source), "-o", str(out), "--lang", "en"]
    refused = runner.invoke(app, [*args, "--period", "2020-07-01:2020-12-31", "--roles", "court"])
    assert refused.exit_code == 2
    assert "cannot be combined with --roles, --period" in refused.stderr
    assert not out.exists()
    copied = runner.invoke(app, args)
    assert copied.exit_code == 0, copied.output
    assert json.loads(out.read_text("utf-8")) == json.loads(source.read_text("utf-8"))


def _edited(tmp_path: Path, edit: Any) -> Path:
    """The court template workbook after ``edit(book)``, as a clerk saves it."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    edit(book)
    book.save(workbook)
    return workbook


def test_a_renamed_sheet_is_named_not_silently_left_out(tmp_path: Path) -> None:
    """WPS users rename sheets; the auxiliary_services records used to vanish, exit 0."""
    workbook = _edited(tmp_path, lambda b: setattr(b["auxiliary_services"], "title", "辅助事务"))
    out, lines = _failed_import(tmp_path, workbook)
    assert lines[0].startswith("辅助事务!A1: sheet '辅助事务' is not one of the template's sheets")
    assert not out.exists()


def test_a_sheet_of_one_s_own_is_left_alone_when_named_x(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book.create_sheet("x-统计")["A1"] = "本期小计"
        book.create_sheet("空白")  # an empty sheet loses nothing

    workbook = _edited(tmp_path, edit)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_a_changed_column_key_is_one_problem_at_the_header(tmp_path: Path) -> None:
    """A key overwritten with its header (items!A1 检查项) lost every claim; a misspelt
    key lost the column and was reported as a missing field in every row instead."""

    def edit(book: Any) -> None:
        book["items"]["A1"] = "检查项"
        seizures = book["seizures"]
        column = next(c.column_letter for c in seizures[1] if c.value == "divisible")
        seizures[f"{column}1"] = "divisable"
        seizures.append(["SZ-2", "（2020）津0106执2号", "2020-05-06", 200, 150.5, "是"])

    _, lines = _failed_import(tmp_path, _edited(tmp_path, edit))
    lines = [line for line in lines[:-1] if "still the template's" not in line]
    assert [line.split(":")[0] for line in lines] == ["seizures!F1", "items!A1"]
    assert lines[0].endswith("did you mean 'divisible'?")
    assert lines[1].startswith("items!A1: '检查项' in row 1 is not a field of this sheet")
    assert lines[1].endswith("did you mean 'item'?")
    assert not any("missing required key" in line for line in lines), lines


def test_an_extra_column_or_row_with_values_is_named(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    def edit(book: Any) -> None:
        book["seizures"]["G1"] = "备注"
        book["seizures"]["G3"] = "首封"
        book["documents"]["H1"] = "x-密级"  # documents take no x- keys (evidence.md)
        book["documents"]["H3"] = '"内部"'
        agency = book["agency"]
        agency.append(["联系人邮箱", "a@b.cn"])
        agency.append([None, "孤立的值"])
        book["facts"].append(["online_filing", 3])

    _, lines = _failed_import(tmp_path, _edited(tmp_path, edit))
    said = {line.split(": ")[0]: line for line in lines[:-1] if "still the template's" not in line}
    assert "would not be imported" in said["seizures!G1"]
    assert "or delete the column" in said["documents!H1"]
    assert "'联系人邮箱' in column A is not a key of this sheet" in said["agency!A20"]
    assert "no key in column A" in said["agency!A21"]
    facts = load_workbook(tmp_path / "evidence.xlsx")["facts"]
    assert said[f"facts!A{facts.max_row}"].endswith("did you mean 'online_filings'?")
    assert len(said) == 5


def test_a_deleted_header_row_keeps_the_first_record(tmp_path: Path) -> None:
    """Deleting row 2 (the headers) moved the first record up into it, where it was
    skipped as a header: one record fewer, exit 0."""
    workbook = _edited(tmp_path, lambda b: b["seizures"].delete_rows(2))
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text("utf-8"))
    assert len(doc["records"]["seizures"]) == 1


def test_a_missing_exemption_field_is_named_at_its_column(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        items = book["items"]
        header = [c.value for c in items[1]]
        items.cell(3, header.index("exemption.reason") + 1, "新型案件探索")

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    _, lines = _failed_import(tmp_path, _edited(tmp_path, edit))
    header = [c.value for c in load_workbook(tmp_path / "evidence.xlsx")["items"][1]]
    cell = get_column_letter(header.index("exemption.approved_by") + 1) + "3"
    expected = f"items!{cell}: missing required key 'approved_by'"
    assert any(line.startswith(expected) for line in lines), lines
    # conditions fill four columns: at the first of them, not at the row's first cell (A3)
    first = min(n for n, key in enumerate(header) if key.startswith("exemption.conditions."))
    expected = f"items!{get_column_letter(first + 1)}3: missing required key 'conditions'"
    assert any(line.startswith(expected) for line in lines), lines


def test_init_from_refuses_a_workbook_that_would_lose_part_of_the_file(tmp_path: Path) -> None:
    """Names the checklist does not know have no cell: the workbook, imported back, gave a
    "valid" file without them, and no word was said."""
    source = _init(
        tmp_path, "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"
    )
    doc = json.loads(source.read_text("utf-8"))
    doc["records"]["seizure"] = doc["records"].pop("seizures")
    doc["facts"]["online_filing"] = doc["facts"].pop("online_filings")
    doc["items"]["TJ-JUD-01"]["notes"] = "鉴定超期一件"
    source.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    out = tmp_path / "last.xlsx"
    result = runner.invoke(app, ["init", "--from", str(source), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "$.facts.online_filing",
        "$.records.seizure",
        "$.items.TJ-JUD-01.notes",
    ]
    text = source.read_text("utf-8").splitlines()
    line, col = map(int, lines[1].split(":")[1:3])
    assert text[line - 1][col - 1 :].startswith('"seizure"')
    assert "would be lost, so no workbook was written" in lines[0]
    assert not out.exists()


def test_init_from_refuses_a_number_no_cell_holds_exactly(tmp_path: Path) -> None:
    """A 400-digit count crashed the workbook writer (exit 4, OverflowError); one of 17
    digits would come back changed."""
    source = _init(
        tmp_path, "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"
    )
    doc = json.loads(source.read_text("utf-8"))
    doc["facts"]["online_filings"] = int("1" * 400)
    doc["facts"]["cases_accepted"] = 2**53 + 1
    source.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    out = tmp_path / "last.xlsx"
    result = runner.invoke(app, ["init", "--from", str(source), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert sorted(line.split(": ")[1] for line in lines) == [
        "$.facts.cases_accepted",
        "$.facts.online_filings",
    ]
    assert all("this number cannot be kept as it is in a workbook cell" in line for line in lines)
    assert not out.exists()
    # a number Excel keeps to 15 digits, a control character or a text past a cell's length
    doc["facts"]["cases_accepted"] = doc["facts"]["online_filings"] = 1
    doc["records"]["seizures"][0]["claim_amount"] = 0.1 + 0.2
    doc["agency"]["name"] = "法院\u0001"
    doc["agency"]["name_en"] = "x" * 40000
    source.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    result = runner.invoke(app, ["init", "--from", str(source), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1, result.output
    said = {line.split(": ")[1]: line for line in result.stderr.splitlines()}
    assert "this number cannot be kept" in said["$.records.seizures[0].claim_amount"]
    assert "this text cannot be kept" in said["$.agency.name"]
    assert "this text cannot be kept" in said["$.agency.name_en"]
    assert not out.exists()
    doc["facts"]["online_filings"] = doc["facts"]["cases_accepted"] = 2**53
    doc["records"]["seizures"][0]["claim_amount"], doc["agency"]["name"] = 0.3, "法院"
    doc["agency"]["name_en"] = "x" * 32767
    source.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    kept = runner.invoke(app, ["init", "--from", str(source), "-o", str(out), "--lang", "en"])
    assert kept.exit_code == 0, kept.output


def test_a_duplicate_id_names_the_row_of_the_first(tmp_path: Path) -> None:
    """It said "first at [0]", an index in a JSON array the clerk never sees."""

    def edit(book: Any) -> None:
        seizures = book["seizures"]
        seizures.append([c.value for c in seizures[3]])

    _, lines = _failed_import(tmp_path, _edited(tmp_path, edit))
    assert "seizures!A4: id 'S-1' is used twice (first at seizures!A3)" in lines, lines


def test_a_row_or_column_given_twice_is_named_not_overwritten(tmp_path: Path) -> None:
    """A second claim row, fact row or agency row replaced the first, and a second column
    for one field replaced the first's values: exit 0, the clerk's entry gone."""

    def edit(book: Any) -> None:
        items = book["items"]
        items.append([c.value for c in items[3]])
        facts = book["facts"]
        facts.append([c.value for c in facts[3]])
        book["agency"].append(["agency.name", "另一个名称"])
        seizures = book["seizures"]
        seizures.cell(1, seizures.max_column + 1, "case")
        book["facts"]["E1"] = "来源"
        book["facts"]["E3"] = "统计年报"

    _, lines = _failed_import(tmp_path, _edited(tmp_path, edit))
    said = {line.split(": ")[0]: line for line in lines[:-1] if "still the template's" not in line}
    assert sorted(said) == ["agency!A20", "facts!A8", "facts!E1", "items!A9", "seizures!G1"]
    assert said["items!A9"].endswith(
        "is given twice (first at items!A3); the later row would replace the earlier: delete one"
    )
    assert "field 'case' has two columns (first at seizures!B1)" in said["seizures!G1"]
    assert "'来源' in row 1 is not a field of this sheet" in said["facts!E1"]


def test_a_misspelt_agency_key_is_one_problem(tmp_path: Path) -> None:
    """A changed key in column A of the agency sheet ('agency.nmae') was reported at its
    cell and again as "missing required key 'name'" at agency!A1."""

    def edit(book: Any) -> None:
        for row in book["agency"].iter_rows(min_col=1, max_col=1):
            if row[0].value == "agency.name":
                row[0].value = "agency.nmae"

    _, lines = _failed_import(tmp_path, _edited(tmp_path, edit))
    said = [line for line in lines[:-1] if "still the template's" not in line]
    assert len(said) == 1, said
    assert said[0].endswith("did you mean 'agency.name'?")


def _zip_edited(workbook: Path, sheet: str, edit: Callable[[str], str]) -> Path:
    """``workbook`` with the XML of ``sheet`` (or of the part named by its path) edited as
    a damaged or hand-made file would have it."""
    import zipfile

    from openpyxl import load_workbook

    if "/" in sheet:
        member = sheet
    else:
        index = load_workbook(workbook, read_only=True).sheetnames.index(sheet)
        member = f"xl/worksheets/sheet{index + 1}.xml"
    edited = workbook.with_name("edited.xlsx")
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(edited, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == member:
                data = edit(data.decode("utf-8")).encode("utf-8")
            target.writestr(name, data)
    return edited


def test_a_workbook_damaged_inside_is_named_at_its_sheet_not_a_crash(tmp_path: Path) -> None:
    """openpyxl parses a read-only sheet as it is read: a sheet with broken XML or a cell
    whose value does not fit its type crashed the import (exit 4), and a sheet whose part
    is missing was left out without a word (its records lost, the JSON written)."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    broken = _zip_edited(workbook, "seizures", lambda xml: xml.replace("<row", "<<row", 1))
    _, lines = _failed_import(tmp_path, broken)
    assert lines[0].startswith("seizures!A1: sheet seizures cannot be read (not well-formed")
    assert lines[0].endswith("open it in Excel or WPS and save it as a new .xlsx file")

    def numeric_text(xml: str) -> str:  # a cell typed a number that holds text
        row = '<row r="50"><c r="A50" t="n"><v>abc</v></c></row>'
        return xml.replace("</sheetData>", row + "</sheetData>", 1)

    typed = _zip_edited(workbook, "seizures", numeric_text)
    _, lines = _failed_import(tmp_path, typed)
    assert any(line.startswith("seizures!A1: sheet seizures cannot be read (") for line in lines)

    def missing_part(xml: str) -> str:  # the seizures sheet's part named wrong
        index = load_workbook(workbook, read_only=True).sheetnames.index("seizures") + 1
        return xml.replace(f"sheet{index}.xml", "sheet99.xml", 1)

    dropped = _zip_edited(workbook, "xl/_rels/workbook.xml.rels", missing_part)
    out, lines = _failed_import(tmp_path, dropped)
    assert any(
        "the workbook lists sheet" in line and "contents are missing" in line for line in lines
    )
    assert not out.exists()


def test_a_sheet_s_stated_size_does_not_cut_its_rows(tmp_path: Path) -> None:
    """`<dimension ref="A1:F5">` is a hint Excel ignores and other writers get wrong: the
    import stopped at it and wrote 3 of 10 seizures (exit 0)."""
    import re

    from audit.demo.run import data_dir

    source = data_dir() / "HQ-FY.json"
    seizures = len(json.loads(source.read_text("utf-8"))["records"]["seizures"])
    assert seizures > 3
    workbook = tmp_path / "fy.xlsx"
    made = runner.invoke(app, ["init", "--from", str(source), "-o", str(workbook)])
    assert made.exit_code == 0, made.output

    def short(xml: str) -> str:
        return re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:F5"', xml, count=1)

    hinted = _zip_edited(workbook, "seizures", short)
    out = tmp_path / "fy.json"
    done = runner.invoke(app, ["import", str(hinted), "-o", str(out), "--no-attachments"])
    assert done.exit_code == 0, done.output
    assert len(json.loads(out.read_text("utf-8"))["records"]["seizures"]) == seizures


def test_a_workbook_named_like_a_workflow_command_does_not_start_the_summary_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/security.md: the per-cell lines were escaped, the summary line was not."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    book["facts"]["B3"] = "many"  # an error: the summary names the workbook
    book.save(workbook)
    named = tmp_path / "::add-mask::w.xlsx"
    workbook.rename(named)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["import", named.name, "-o", "w.json", "--lang", "en"])
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and "not written" in lines[-1], result.output
    assert not [line for line in lines if line.lstrip().startswith("::")], lines


def test_a_formula_saved_without_its_value_is_named_not_dropped(tmp_path: Path) -> None:
    """A formula cell saved without its computed value (by a script, or without
    calculating) read as empty: the fact vanished, and import wrote the file with exit 0;
    a required cell was called "empty". A formula whose value was saved reads as the value."""
    import zipfile

    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    book["facts"]["B3"] = "=60+40"
    book["seizures"]["C3"] = "=DATE(2020,3,1)"
    book.save(workbook)
    out, lines = _failed_import(tmp_path, workbook)
    assert [line for line in lines if ": warning: " not in line] == [
        "facts!B3: the formula =60+40 has no computed value (the workbook was saved without "
        "calculating it): open and save it in Excel or WPS, or type the value",
        "seizures!C3: the formula =DATE(2020,3,1) has no computed value (the workbook was "
        "saved without calculating it): open and save it in Excel or WPS, or type the value",
    ]
    assert not out.exists()
    # as Excel saves it: the value beside the formula
    saved = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(workbook) as src, zipfile.ZipFile(saved, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            data = data.replace(b"<f>60+40</f><v />", b"<f>60+40</f><v>100</v>")
            data = data.replace(b"<f>DATE(2020,3,1)</f><v />", b"<f>DATE(2020,3,1)</f><v>43891</v>")
            dst.writestr(info, data)
    out = tmp_path / "saved.json"
    result = runner.invoke(app, ["import", str(saved), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text("utf-8"))
    sheets = load_workbook(saved)
    assert doc["facts"][sheets["facts"]["A3"].value] == 100
    assert doc["records"]["seizures"][0][sheets["seizures"]["C1"].value] == "2020-03-01"


def test_init_keeps_the_file_it_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's init line run again after the clerk filled the file in replaced the
    work without a word."""
    monkeypatch.chdir(tmp_path)
    args = [
        "init",
        "--roles",
        "court",
        "--agency-code",
        "HQ-FY",
        "-o",
        "HQ-FY.json",
        "--lang",
        "en",
    ]
    assert runner.invoke(app, args).exit_code == 0
    fresh = Path("HQ-FY.json").read_text("utf-8")
    again = runner.invoke(app, args)  # the same template: nothing to keep
    assert again.exit_code == 0 and again.stderr == "" and not Path("HQ-FY.json.bak").exists()
    Path("HQ-FY.json").write_text(fresh.replace('"HQ-FY"', '"HQ-FY-1"'), "utf-8")
    filled = Path("HQ-FY.json").read_text("utf-8")
    replaced = runner.invoke(app, args)
    assert replaced.exit_code == 0
    assert replaced.stderr == "HQ-FY.json existed: its content is kept as HQ-FY.json.bak\n"
    assert Path("HQ-FY.json.bak").read_text("utf-8") == filled
    assert Path("HQ-FY.json").read_text("utf-8") == fresh
    Path("HQ-FY.json").write_text(filled, "utf-8")
    assert "HQ-FY.json.bak2" in runner.invoke(app, args).stderr
    assert Path("HQ-FY.json.bak2").read_text("utf-8") == filled
    Path("HQ-FY.json").write_text(filled, "utf-8")
    quiet = runner.invoke(app, [*args, "-q"])  # kept all the same, and not said
    assert quiet.stderr == "" and Path("HQ-FY.json.bak3").read_text("utf-8") == filled
    # the schema init writes beside a JSON template would replace a template of its name
    named = [*args[:-4], "-o", "tianjin-bizenv.schema.json", "--lang", "en"]
    schema = Path("tianjin-bizenv.schema.json").read_bytes()  # beside HQ-FY.json
    refused = runner.invoke(app, named)
    assert refused.exit_code == 2 and Path("tianjin-bizenv.schema.json").read_bytes() == schema
    assert "the name of the JSON Schema written beside the template" in refused.stderr


def test_import_keeps_a_json_edited_since_the_last_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Importing the workbook again replaced a JSON the clerk had completed by hand (a
    justification added) without a backup or a word; init kept such a file."""
    monkeypatch.chdir(tmp_path)
    workbook = _court_workbook(tmp_path)
    args = ["import", str(workbook), "-o", "HQ-FY.json", "--lang", "en"]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)  # the same JSON: nothing to keep
    assert again.exit_code == 0 and not Path("HQ-FY.json.bak").exists()
    imported = Path("HQ-FY.json").read_text("utf-8")
    edited = imported.replace('"items": {', '"items": {"TJ-JUD-02": {"claim": "met"},', 1)
    assert edited != imported
    Path("HQ-FY.json").write_text(edited, "utf-8")
    replaced = runner.invoke(app, args)
    assert replaced.exit_code == 0
    assert "HQ-FY.json existed: its content is kept as HQ-FY.json.bak" in replaced.stderr
    assert Path("HQ-FY.json.bak").read_text("utf-8") == edited
    assert Path("HQ-FY.json").read_text("utf-8") == imported


def _scjg_edited(tmp_path: Path, edit: Any) -> tuple[Any, dict[str, Any]]:
    """The demo's HQ-SCJG as a workbook, ``edit``ed (given the openpyxl book) and imported
    in English: the result, and the records imported."""
    from openpyxl import load_workbook

    from audit.demo.run import data_dir

    workbook = tmp_path / "scjg.xlsx"
    source = str(data_dir() / "HQ-SCJG.json")
    assert runner.invoke(app, ["init", "--from", source, "-o", str(workbook)]).exit_code == 0
    book = load_workbook(workbook)
    edit(book)
    book.save(workbook)
    out = tmp_path / "scjg.json"
    result = runner.invoke(
        app, ["import", str(workbook), "-o", str(out), "--lang", "en", "--no-attachments"]
    )
    assert result.exit_code == 0, result.output
    return result, json.loads(out.read_text("utf-8"))["records"]


def test_a_deleted_optional_column_is_named_not_dropped_unseen(tmp_path: Path) -> None:
    """A record sheet's `published` column (an optional date) deleted: every publication
    date vanished with exit 0 and no word, where a deleted sheet is warned of."""

    def delete(book: Any) -> None:
        sheet = book["penalty_decisions"]
        sheet.delete_cols(next(c.column for c in sheet[1] if c.value == "published"))

    result, records = _scjg_edited(tmp_path, delete)
    assert (
        "penalty_decisions!A1: warning: the sheet penalty_decisions has no column published "
        "(the template has one)"
    ) in result.output
    decisions = records["penalty_decisions"]
    assert decisions and not any("published" in r for r in decisions)


def test_text_cells_typed_as_numbers_or_booleans(tmp_path: Path) -> None:
    """TRUE typed in a text column came back as Python's "True"; a 16-digit id typed as a
    number (Excel keeps 15 digits of it) was taken silently."""
    columns: dict[str, str] = {}

    def type_in(book: Any) -> None:
        sheet = book["legal_reviews"]
        columns.update({c.value: c.column_letter for c in sheet[1]})
        sheet[f"{columns['opinion']}3"] = True
        sheet[f"{columns['id']}3"] = 2020030500000000

    result, records = _scjg_edited(tmp_path, type_in)
    assert (
        f"legal_reviews!{columns['id']}3: warning: the cell is the number 2020030500000000: "
        "Excel keeps only 15 significant digits"
    ) in result.output
    review = records["legal_reviews"][0]
    assert (review["opinion"], review["id"]) == ("TRUE", "2020030500000000")


def test_an_excel_error_value_is_named_at_its_cell_not_imported_as_text(tmp_path: Path) -> None:
    """A failed formula saved as its error (#NAME?, #N/A) was imported as that text: an
    agency named "#NAME?" went into the evidence with exit 0. The same text typed as text
    is the clerk's, and kept."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    agency = book["agency"]
    name_row = next(
        r for r in range(1, agency.max_row + 1) if agency.cell(r, 1).value == "agency.name"
    )
    agency.cell(name_row, 2).value = "#NAME?"  # openpyxl writes an error cell, as Excel does
    book["facts"]["B3"] = "#DIV/0!"
    book.save(workbook)
    _, lines = _failed_import(tmp_path, workbook)
    errors = [line for line in lines if ": warning: " not in line]
    assert errors == [
        f"agency!B{name_row}: the cell holds the Excel error #NAME? (a formula failed): "
        "correct the formula, or type the value",
        "facts!B3: the cell holds the Excel error #DIV/0! (a formula failed): correct the "
        "formula, or type the value",
    ]
    book = load_workbook(workbook)
    cell = book["agency"].cell(name_row, 2)
    cell.value, cell.data_type = "#NAME?", "s"  # typed as text
    book["facts"]["B3"] = 10
    book.save(workbook)
    out = tmp_path / "typed.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--lang", "en"])
    assert json.loads(out.read_text("utf-8"))["agency"]["name"] == "#NAME?", result.output


def test_a_workbook_names_a_bundled_checklist_never_a_file_to_read(tmp_path: Path) -> None:
    """The agency sheet's checklist cell is data from outside: a path in it had the file
    read (/etc/passwd: "TOML syntax error"), or a valid checklist file's path written into
    evidence that validate then refused."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    planted = tmp_path / "planted.toml"
    planted.write_text("this is not TOML =", "utf-8")
    book = load_workbook(workbook)
    sheet = book["agency"]
    (row,) = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "checklist"]
    sheet.cell(row, 2).value = str(planted)
    book.save(workbook)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 3, result.output
    assert f"{workbook}:agency!B{row}: unknown checklist '{planted}'" in result.output
    assert "TOML" not in result.output and not out.exists()


def test_a_template_written_to_a_pipe_or_a_device_gets_no_schema_file(tmp_path: Path) -> None:
    """`init -o /dev/stdout` wrote /dev/tianjin-bizenv.schema.json, and the template named
    it in "$schema"; only a regular file has a schema file beside it."""
    import os
    import subprocess
    import sys
    import threading

    pipe = tmp_path / "template.json"
    os.mkfifo(pipe)
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(pipe.read_bytes()))
    reader.start()
    args = ["init", "--roles", "court", "--agency-code", "X1", "-o", str(pipe)]
    done = subprocess.run([sys.executable, "-m", "audit", *args], capture_output=True, check=False)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.json"]
    assert b"$schema" not in read[0] and b'"agency"' in read[0]
    shown = subprocess.run(
        [sys.executable, "-m", "audit", *args[:-1], "/dev/stdout"], capture_output=True, check=False
    )
    assert shown.returncode == 0 and b"$schema" not in shown.stdout


def test_a_template_sheet_deleted_by_the_clerk_is_named(tmp_path: Path) -> None:
    """Deleting the items sheet dropped every claim (and exemption claim) without a word;
    deleting a record set's sheet made its items "missing" unseen."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    del book["items"]
    del book["seizures"]
    book.save(workbook)
    out = tmp_path / "out.json"
    result = runner.invoke(
        app, ["import", str(workbook), "-o", str(out), "--lang", "en", "--no-attachments"]
    )
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "there is no sheet" in line]
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in said] == [
        "seizures!A1",
        "items!A1",
    ]
    assert "what it holds counts as not submitted" in said[0]


def test_a_missing_agency_sheet_is_one_problem(tmp_path: Path) -> None:
    """It was followed by five "missing required key" problems (checklist, agency, period
    …) at the same cell, each a consequence of the one."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    del book["agency"]
    book.save(workbook)
    _, lines = _failed_import(tmp_path, workbook)
    assert [line for line in lines if ": warning: " not in line] == [
        "agency!A1: the sheet agency is missing"
    ]


def test_an_attachment_beside_the_workbook_but_not_the_json_is_explained(tmp_path: Path) -> None:
    """Attachment paths are read from the output JSON's folder: a clerk who wrote the JSON
    elsewhere was told the attachment "does not exist", though it was beside the workbook."""
    import hashlib

    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    (tmp_path / "att").mkdir()
    (tmp_path / "att" / "a.pdf").write_bytes(b"%PDF-1.4 scan")
    book = load_workbook(workbook)
    documents = book["documents"]
    header = [c.value for c in documents[1]]
    row: list[object] = [None] * len(header)
    values = {
        "id": "D-9",
        "kind": documents["B3"].value,
        "title": "附件",
        "issued": dt.datetime(2020, 3, 1),
        "path": "att/a.pdf",
        "sha256": hashlib.sha256(b"%PDF-1.4 scan").hexdigest(),
    }
    for key, value in values.items():
        row[header.index(key)] = value
    documents.append(row)
    book.save(workbook)
    elsewhere = tmp_path / "out"
    elsewhere.mkdir()
    result = runner.invoke(
        app, ["import", str(workbook), "-o", str(elsewhere / "x.json"), "--lang", "en"]
    )
    assert result.exit_code == 1
    assert "attachment 'att/a.pdf' does not exist" in result.output
    assert "this one is beside the workbook: write the JSON into the workbook's folder" in (
        result.output
    )
    beside = runner.invoke(app, ["import", str(workbook), "-o", str(tmp_path / "x.json")])
    assert beside.exit_code == 0, beside.output


def test_a_column_renamed_to_a_word_of_one_s_own_is_told_its_key(tmp_path: Path) -> None:
    """`date` renamed 完成日期 (no alias of any key) was refused without saying which key
    the template had there; the one key row 1 no longer names is suggested."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    header = [c.value for c in book["seizures"][1]]
    book["seizures"].cell(1, header.index("date") + 1).value = "查封日"
    book.save(workbook)
    _, lines = _failed_import(tmp_path, workbook)
    errors = [line for line in lines if ": warning: " not in line]
    assert len(errors) == 1 and errors[0].endswith("; did you mean 'date'?"), errors


def test_merged_cells_are_named_not_read_as_empty(tmp_path: Path) -> None:
    """Clerks merge the cells of a value that repeats down a column; only the first holds
    it, so the others were "required cell is empty" (or, in an optional column, a value
    lost without a word)."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    seizures = book["seizures"]
    first = [c.value for c in seizures[3]]
    seizures.append(["SZ-2", None, *first[2:-1]])  # its last cell too: merged below
    seizures.merge_cells("B3:B4")  # one case for two seizures
    last = seizures.max_column
    seizures.merge_cells(start_row=3, end_row=4, start_column=last, end_column=last)
    book.save(workbook)
    _, lines = _failed_import(tmp_path, workbook)
    column = "ABCDEFGHIJ"[last - 1]
    assert [line for line in lines if ": warning: " not in line] == [
        "seizures!B4: the cell is one of the merged cells B3:B4, and only the first holds the "
        "value: unmerge them and fill in every cell",
        # the row read ends before its last, merged cell: it was a "missing required key"
        f"seizures!{column}4: the cell is one of the merged cells {column}3:{column}4, and only "
        "the first holds the value: unmerge them and fill in every cell",
    ]


def test_a_row_holding_only_spaces_is_a_blank_row(tmp_path: Path) -> None:
    """A space left behind in a cleared row made it a record with four errors, in two
    wordings ("required cell is empty", "missing required key")."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    book["seizures"].append([None, " ", None, "\u3000"])
    book["seizures"].append(["SZ-9", *[c.value for c in book["seizures"][3]][1:]])
    book.save(workbook)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--no-attachments"])
    assert result.exit_code == 0, result.output
    ids = [r["id"] for r in json.loads(out.read_text("utf-8"))["records"]["seizures"]]
    assert ids[-1] == "SZ-9" and len(ids) == 2


def test_init_from_warns_of_text_the_workbook_gives_back_trimmed(tmp_path: Path) -> None:
    """`init --from` then `import` changed text without a word: spaces around a value and
    carriage returns did not come back (import trims; XML reads CR as a line end)."""
    source = _init(
        tmp_path, "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"
    )
    doc = json.loads(source.read_text("utf-8"))
    doc["agency"]["name"] = "红桥区人民法院\u3000"
    doc["items"]["TJ-JUD-01"]["note"] = "line one\r\nline two"
    doc["documents"][0]["title"] = "  kept as typed"
    source.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    out = tmp_path / "book.xlsx"
    result = runner.invoke(app, ["init", "--from", str(source), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    warned = [line.split(": ")[1] for line in result.stderr.splitlines() if "trims" in line]
    assert warned == ["$.agency.name", "$.documents[0].title", "$.items.TJ-JUD-01.note"]
    assert out.exists()


def test_a_day_before_excel_s_calendar_makes_the_round_trip_as_text(tmp_path: Path) -> None:
    """1899-12-30 was written as Excel's day 0, which import then read as a time ("not a
    date (00:00:00)"); 0001-01-01 as day -693593, which Excel cannot show."""
    source = _init(
        tmp_path, "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"
    )
    doc = json.loads(source.read_text("utf-8"))
    first = doc["records"]["seizures"][0]
    doc["records"]["seizures"] += [dict(first, id="SZ-X0", date="1899-12-30")]
    doc["records"]["seizures"] += [dict(first, id="SZ-X1", date="0001-01-01")]
    source.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    book, back = tmp_path / "book.xlsx", tmp_path / "back.json"
    assert runner.invoke(app, ["init", "--from", str(source), "-o", str(book)]).exit_code == 0
    result = runner.invoke(app, ["import", str(book), "-o", str(back), "--no-attachments"])
    assert result.exit_code == 0, result.output
    dates = [r["date"] for r in json.loads(back.read_text("utf-8"))["records"]["seizures"]]
    assert dates[1:] == ["1899-12-30", "0001-01-01"]


def test_a_template_asked_for_in_english_is_written_in_english(tmp_path: Path) -> None:
    """`init --lang en` wrote the Chinese placeholders and example texts; validation
    then quoted Chinese placeholders in English warnings. The English ones are warned of
    alike until they are replaced."""
    import re

    out = tmp_path / "en.json"
    args = ["--roles", "court", "--agency-code", "X1", "--period", "2020-01-01:2020-06-30"]
    result = runner.invoke(app, ["init", *args, "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert not re.search(r"[\u4e00-\u9fff]", text), text
    doc = json.loads(text)
    assert doc["agency"]["name"] == "(the agency's full name)"
    checked = runner.invoke(app, ["validate", str(out), "--lang", "en"])
    assert checked.exit_code == 0
    assert checked.output.count("still the template's placeholder") == 6


def test_init_from_never_reads_a_checklist_file_the_evidence_names(tmp_path: Path) -> None:
    """The evidence's `checklist` is an id: a path in it had the file read (/etc/passwd
    parsed as TOML), or copied into the workbook for import to refuse."""
    source = _init(
        tmp_path, "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"
    )
    planted = tmp_path / "planted.toml"
    planted.write_text("not TOML =", "utf-8")
    doc = json.loads(source.read_text("utf-8"))
    doc["checklist"] = str(planted)
    source.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = tmp_path / "book.xlsx"
    result = runner.invoke(app, ["init", "--from", str(source), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 3
    assert f"unknown checklist '{planted}'" in result.output and "TOML" not in result.output
    assert not out.exists()


def test_a_value_right_of_row_1_s_last_key_is_named_not_lost(tmp_path: Path) -> None:
    """A clerk's note typed past the last column of a record, document or item sheet was
    read by no one: import wrote the file with exit 0 and the value gone (the agency and
    facts sheets already said so)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    for title in ("seizures", "documents", "items"):
        sheet = book[title]
        sheet.cell(3, sheet.max_column + 2).value = "补充说明"
    book.save(workbook)
    _, lines = _failed_import(tmp_path, workbook)
    named = sorted(line.split(":")[0] for line in lines if "no key in row 1" in line)
    book = load_workbook(workbook)
    assert named == sorted(
        f"{t}!{get_column_letter(book[t].max_column)}1" for t in ("seizures", "documents", "items")
    )


def test_a_formula_in_a_key_cell_is_shown_as_typed(tmp_path: Path) -> None:
    """A formula saved without its value in row 1 was named by its Python repr
    ("'Uncomputed(formula='=1+1')' in row 1 is not a field")."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    book["seizures"]["A1"] = "=1+1"
    book.save(workbook)
    _, lines = _failed_import(tmp_path, workbook)
    assert any(line.startswith("seizures!A1: '=1+1' in row 1 is not a field") for line in lines)
    assert not any("Uncomputed" in line for line in lines), lines


def test_a_date_cell_before_excel_s_calendar_is_named_not_read(tmp_path: Path) -> None:
    """Day numbers below 61 (Excel counts a 29 February 1900) and below 1 were read as
    dates, silently: 60 as 1900-02-28, -5 as 1899-12-25."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    book["seizures"]["C3"] = dt.date(1900, 2, 28)
    book.save(workbook)
    _, lines = _failed_import(tmp_path, workbook)
    assert [line for line in lines if line.startswith("seizures!C3")] == [
        "seizures!C3: the date cell holds 1900-02-28, before 1900-03-01, where Excel's day "
        "numbers are off: what was meant cannot be told; make the cell text and write the "
        "date as YYYY-MM-DD"
    ]


def test_an_x_member_too_long_for_a_cell_as_json_is_refused_as_such(tmp_path: Path) -> None:
    """An x- member's cell holds its value as JSON text (quotes, braces): a text of 32,767
    characters fits a cell, its JSON does not. It was refused as "no place in the
    workbook (the checklist has no such name)"."""
    source = _init(
        tmp_path, "--roles", "court", "--agency-code", "HQ-FY", "--period", "2020-01-01:2020-06-30"
    )
    doc = json.loads(source.read_text("utf-8"))
    doc["x-ext"] = {"a": "b" * 32767}
    source.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    out = tmp_path / "book.xlsx"
    result = runner.invoke(app, ["init", "--from", str(source), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert "$.x-ext: this text cannot be kept as it is in a workbook cell" in line
    assert not out.exists()


def test_a_template_for_a_period_ending_in_the_calendar_s_last_days(tmp_path: Path) -> None:
    """Its example submission day, five days after the period, was beyond 9999-12-31: an
    internal error (OverflowError)."""
    out = tmp_path / "t.json"
    args = ["--roles", "court", "--agency-code", "X1", "--period", "9999-07-01:9999-12-31"]
    result = runner.invoke(app, ["init", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["submitted_at"].startswith("9999-12-31T")


def test_a_stray_cell_in_a_sheet_s_far_corner_changes_nothing(tmp_path: Path) -> None:
    """An empty cell at XFD1048576 (a format, a cleared value) made every row 16,384
    columns wide to walk: the import of a small workbook ran for many minutes. Its cost is
    now that of the cells filled (docs/performance.md)."""
    from openpyxl import load_workbook

    workbook = _court_workbook(tmp_path)
    book = load_workbook(workbook)
    for title in ("agency", "seizures"):
        book[title]["XFD1048576"] = " "
    book.save(workbook)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(workbook), "-o", str(out), "--no-attachments"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text("utf-8"))["records"]["seizures"]) == 1
