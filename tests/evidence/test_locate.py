"""Finding the line and column of a record by its id, for SARIF and the reports."""

from __future__ import annotations

import json
from typing import Any

from audit.evidence.locate import record_positions

RAW = """{
  "records": {
    "legal_reviews": [
      {"id": "A-1", "case": "x"}
    ],
    "penalty_decisions": [
      {"id": "A-1", "decided": "2020-03-02"},
      {"note": "中文", "id": "案-2"},
      {
        "id" : "A-3"
      },
      {"id":"\\u6848-4"}
    ]
  }
}
""".encode()


def test_records_are_found_in_their_own_set_whatever_the_order_asked() -> None:
    wanted = [
        ("penalty_decisions", "A-3"),
        ("penalty_decisions", "A-1"),
        ("legal_reviews", "A-1"),
        ("penalty_decisions", "案-2"),
        ("penalty_decisions", "案-4"),
        ("penalty_decisions", "nowhere"),
    ]
    found = record_positions(RAW, wanted)
    assert found == {
        ("legal_reviews", "A-1"): (4, 8),
        ("penalty_decisions", "A-1"): (7, 8),
        ("penalty_decisions", "案-2"): (8, 22),  # columns count characters, not bytes
        ("penalty_decisions", "A-3"): (10, 9),
        ("penalty_decisions", "案-4"): (12, 8),  # written with a \\u escape
    }


def test_lines_match_a_full_parse_on_a_long_file() -> None:
    records = [{"id": f"r{n}", "n": n} for n in range(400)]
    raw = json.dumps({"records": {"s": records}}, indent=2).encode()
    wanted = [("s", f"r{n}") for n in (399, 7, 250, 0)]
    found = record_positions(raw, wanted)
    lines = raw.decode().splitlines()
    for (_, rid), (line, column) in found.items():
        assert lines[line - 1][column - 1 :].startswith(f'"id": "{rid}"')
    assert len(found) == 4


def test_nothing_asked_nothing_found() -> None:
    assert record_positions(RAW, []) == {}


def test_many_offsets_at_once_as_one_at_a_time() -> None:
    """line_columns counts lines once through the file and columns on from the previous
    offset on one line (a file on one line: each column counted from the file's start made
    thousands of problems quadratic); it must say what position_of says for each."""
    from audit.evidence.locate import line_columns, position_of

    text = '{"a": "中文", "b": [1, 2],\n  "c": "x"}\r\n{"d": "é"}\r"e"\n\n  "f"'
    one_line = text.replace("\n", "").replace("\r", "")
    variants = (text, text.replace("\r", ""), text.replace("\n", ""), one_line)
    for raw in (variant.encode() for variant in variants):
        offsets = [n for n in range(len(raw)) if raw[n] in b'"{[1']
        assert line_columns(raw, offsets) == {n: position_of(raw, n) for n in offsets}


def test_thousands_of_problems_are_placed_where_the_whole_text_parse_puts_them(
    tmp_path: Any,
) -> None:
    """Every record with an unknown key or an impossible date: placed record by record,
    each found from the previous one (not from its set's start), at the position the
    whole-text parse gives, whatever the line ends."""
    from audit.checklist.load import load_checklist
    from audit.demo.run import data_dir
    from audit.evidence.load import Options, load
    from audit.jsontext import locate

    doc = json.loads((data_dir() / "HQ-FY.json").read_text("utf-8"))
    doc["records"]["auxiliary_services"] = [
        {
            "id": f"辅-{n}",
            "kind": "x",
            "requested": "2020-02-30" if n % 2 else "2020-02-10",
            "completed": None,
            **({"bogus": 1} if n % 3 == 0 else {}),
        }
        for n in range(600)
    ]
    checklist = load_checklist("tianjin-bizenv")
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    for name, raw in (
        ("lf.json", text.encode()),
        ("crlf.json", ("\ufeff" + text).replace("\n", "\r\n").encode()),
        ("one.json", json.dumps(doc, ensure_ascii=False).encode()),
    ):
        path = tmp_path / name
        path.write_bytes(raw)
        loaded = load(path, name, Options(checklist=checklist, attachments=False))
        assert len(loaded.diagnostics) == 300 + 200
        unplaced = [d.located(file=name, line=None, col=None) for d in loaded.diagnostics]
        parsed = locate(raw.decode("utf-8-sig"), unplaced, name)
        assert [(d.line, d.col) for d in loaded.diagnostics] == [(d.line, d.col) for d in parsed]


def test_many_problems_in_one_record_are_placed_with_one_parse_of_it(tmp_path: Any) -> None:
    """A record with thousands of unknown keys was parsed again for each (over 120 s at
    10,000): it is parsed once for all, and every problem is where the whole-text parse
    puts it, in a record with Chinese text (byte and character offsets differ)."""
    from audit.checklist.load import load_checklist
    from audit.demo.run import data_dir
    from audit.evidence.load import Options, load
    from audit.jsontext import locate

    doc = json.loads((data_dir() / "HQ-FY.json").read_text("utf-8"))
    record = doc["records"]["auxiliary_services"][0]
    for n in range(800):
        record[f"备注{n}"] = "中文"
    raw = json.dumps(doc, ensure_ascii=False, indent=1).encode()
    path = tmp_path / "one.json"
    path.write_bytes(raw)
    checklist = load_checklist("tianjin-bizenv")
    loaded = load(path, "one.json", Options(checklist=checklist, attachments=False))
    assert len(loaded.diagnostics) == 800
    unplaced = [d.located(file="one.json", line=None, col=None) for d in loaded.diagnostics]
    parsed = locate(raw.decode("utf-8"), unplaced, "one.json")
    assert [(d.line, d.col) for d in loaded.diagnostics] == [(d.line, d.col) for d in parsed]
