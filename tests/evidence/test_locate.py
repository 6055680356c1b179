"""Finding the line and column of a record by its id, for SARIF and the reports."""

from __future__ import annotations

import json

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
