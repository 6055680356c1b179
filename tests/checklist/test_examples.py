"""Examples (`audit explain`, `audit init`) for field types the bundled checklist does not
use: date-time deadlines and coverage dates, integer and date `value_field`s."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from audit.checklist.example import evidence_example
from audit.checklist.library import load_registry
from audit.checklist.load import LoadedChecklist, load_checklist
from audit.engine.agency import evaluate_agency
from audit.engine.catalogue import build_catalogue
from audit.evidence.load import Options, load
from tests.conftest import DATA

CHECKS = {
    # a deadline from a date to a date-time
    "paid-in-time": """kind = "deadline"
records = "payments"
from = "accepted"
to = "paid_at"
within_field = "term_days"
unit = "days"
""",
    # a number against an integer field
    "amount-within-term": """kind = "each"
records = "payments"
field = "amount"
op = "<="
value_field = "term_days"
""",
    # a date against a date field
    "accepted-by-review": """kind = "each"
records = "legal_reviews"
field = "reviewed"
op = "<"
value_field = "reviewed_by"
""",
    # at most 2 major decisions of at least 6, and at most half: the example's records
    # cannot all be copies of one major decision
    "few-major": """kind = "count"
records = "penalty_decisions"
where = { major = true }
op = "<="
value = 2
""",
    "many-decisions": """kind = "count"
records = "penalty_decisions"
op = ">="
value = 6
""",
    "major-share": """kind = "ratio"
numerator = { count = "penalty_decisions", where = { major = true } }
denominator = { count = "penalty_decisions" }
op = "<="
value = 0.5
""",
    # coverage ordered by a date-time
    "reviewed-before-paid": """kind = "coverage"
records = "legal_reviews"
by = "payments"
key = "case"
match = "case"
after = { this = "reviewed", that = "paid_at", within = 30, unit = "days" }
""",
    # two cadences on one set: the yearly one used to replace the monthly one's buckets
    "monthly-decisions": """kind = "cadence"
records = "penalty_decisions"
every = "month"
""",
    "yearly-decisions": """kind = "cadence"
records = "penalty_decisions"
every = "year"
""",
    # a sum over several records at most 100 times a fact: each copy carried the whole sum
    "fines-per-amount": """kind = "ratio"
numerator = { sum = "penalty_decisions.fine" }
denominator = { fact = "amount" }
op = "<="
value = 100
""",
}


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> LoadedChecklist:
    text = (DATA / "checklists" / "mini.toml").read_text("utf-8")
    text = text.replace(
        'fields = { case = "string", reviewed = "date" }',
        'fields = { case = "string", reviewed = "date", reviewed_by = "date" }',
    ).replace(
        'fields = { accepted = "date", term_days = "integer", paid_at = "datetime?", '
        'amount = "number" }',
        'fields = { accepted = "date", term_days = "integer", paid_at = "datetime?", '
        'amount = "number", case = "string" }',
    )
    for name, body in CHECKS.items():
        text += f'\n[[items.checks]]\nid = "{name}"\n{body}'
    path = tmp_path_factory.mktemp("variant") / "variant.toml"
    path.write_text(text, "utf-8")
    return load_checklist(path)


def test_the_example_of_every_kind_of_field_validates_and_passes(
    variant: LoadedChecklist, tmp_path: Path
) -> None:
    checklist = variant.checklist
    item = checklist.items[-1]
    assert [c.id for c in item.checks][-len(CHECKS) :] == list(CHECKS)
    doc = evidence_example(checklist, [item], roles=["enforcement"])
    path = tmp_path / "example.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    loaded = load(path, path.name, Options(checklist=variant))
    said = [d.format("en") for d in loaded.diagnostics if d.code != "evidence.example-left"]
    assert said == []  # (an example says it is one: its "示例" texts)
    assert loaded.doc is not None
    agency, _ = evaluate_agency(
        loaded.doc,
        checklist=checklist,
        catalogue=build_catalogue(checklist, load_registry()),
        as_of=dt.date(2030, 1, 1),
        model="points",
        file=path.name,
        deselected={},
        attestations={},
        attachments_checked=False,
    )
    judged = next(i for i in agency.items if i.id == item.id)
    assert {c.id: c.outcome for c in judged.checks} == dict.fromkeys(
        [c.id for c in item.checks], "pass"
    )


def test_an_example_for_a_huge_threshold_stays_readable(tmp_path: Path) -> None:
    """A count of a million records, a hundred million documents, a ratio of 1e300: lint
    accepts them, and the example shows the shape with at most MOST of each instead of
    exhausting the memory (or overflowing to infinity)."""
    from audit.checklist.example import MOST, item_example

    text = (DATA / "checklists" / "mini.toml").read_text("utf-8")
    text = text.replace('kinds = ["rules"]', 'kinds = ["rules"]\nmin = 100000000')
    text = text.replace("value = 0.1\n", "value = 1e300\n", 1)
    text = text.replace('op = ">="\nvalue = 1\n', 'op = ">="\nvalue = 1000000\n', 1)
    path = tmp_path / "huge.toml"
    path.write_text(text, "utf-8")
    checklist = load_checklist(path).checklist
    example = item_example(checklist, checklist.items)
    assert len(example["documents"]) == MOST
    assert {name: len(rows) for name, rows in example["records"].items()} == {
        "penalty_decisions": 1,
        "legal_reviews": 1,
        "payments": MOST,
        "members": MOST,
    }


def test_an_example_of_no_record_at_all_gives_the_set_empty(mini: LoadedChecklist) -> None:
    """A count "< 1" over a whole set (the item wants none): the example gave the set one
    record, and failed its own item."""
    from audit.checklist.checks import CountCheck
    from audit.checklist.example import item_example

    none = CountCheck.model_validate(
        {"id": "none", "kind": "count", "records": "members", "op": "<", "value": 1}
    )
    item = mini.checklist.items[0].model_copy(update={"checks": [none]})
    assert item_example(mini.checklist, [item])["records"] == {"members": []}


EXAMPLES = sorted((DATA / "checklists" / "examples").glob("*.toml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_example_of_an_item_passes_it(path: Path, tmp_path: Path) -> None:
    """`audit explain` promises "a minimal fragment that satisfies this item". A property
    test over generated checklists found items whose example failed them: a weekly cadence
    without the period's last, partial ISO week; a ratio `==` 0.9 over a denominator of 4;
    a ratio meeting its threshold but below its item's top tier; a value written over the
    check's own `where`; a date outside the period; a boundary value under `scale`; two
    counts of one set with opposite filters."""
    loaded = load_checklist(path)
    checklist = loaded.checklist
    item = checklist.items_by_id["I1"]
    doc = evidence_example(checklist, [item], roles=list(item.roles))
    evidence = tmp_path / "example.json"
    evidence.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    validated = load(evidence, evidence.name, Options(checklist=loaded, attachments=False))
    said = [d.format("en") for d in validated.diagnostics if d.code != "evidence.example-left"]
    assert said == []
    assert validated.doc is not None
    agency, _ = evaluate_agency(
        validated.doc,
        checklist=checklist,
        catalogue=build_catalogue(checklist, load_registry()),
        as_of=dt.date.fromisoformat(doc["period"]["end"]),
        model="points",
        file=evidence.name,
        deselected={},
        attestations={},
        attachments_checked=False,
    )
    judged = next(i for i in agency.items if i.id == "I1")
    reasons = [c.explanation.en for c in judged.checks if c.outcome != "pass"]
    assert (judged.outcome, judged.credit, reasons) == ("pass", 1.0, [])
