"""Loading evidence: fast and slow paths agree, special files, cross-file rules."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.checklist.load import LoadedChecklist
from audit.encoding import strip_bom
from audit.evidence.fast import fast_decode
from audit.evidence.load import Options, compiled, load
from audit.validation import validate
from tests.conftest import DATA

VALID = DATA / "evidence" / "valid"


def _copy_valid(tmp_path: Path) -> Path:
    target = tmp_path / "evidence"
    shutil.copytree(VALID, target)
    return target


def test_fast_path_takes_clean_files_and_agrees_with_the_slow_path(
    mini: LoadedChecklist,
) -> None:
    court = VALID / "court.json"
    decoder = compiled(mini).decoder
    assert fast_decode(court.read_bytes(), decoder) is not None
    fast = load(court, "court.json", Options(checklist=mini))
    slow = load(court, "court.json", Options(checklist=mini, fast_path=False))
    assert fast.doc == slow.doc
    assert fast.doc is not None and fast.doc["facts"]["amount"] == 25789.86


@pytest.mark.parametrize("forced", [True, False])
def test_clean_files_never_take_the_slow_path(
    forced: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the checklist forced or named by the file, a clean file is decoded once, fast:
    the demo's own files too, with their top-level "$schema" and "x-note" members."""
    from audit.checklist.load import load_checklist
    from audit.demo.run import data_dir
    from audit.evidence import load as module

    monkeypatch.setattr(module, "_slow", lambda *args: pytest.fail("slow path taken"))
    doc = json.loads((data_dir() / "HQ-FY.json").read_text("utf-8"))
    assert isinstance(doc["x-note"], dict)
    path = tmp_path / "HQ-FY.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    checklist = load_checklist("tianjin-bizenv") if forced else None
    loaded = load(path, path.name, Options(checklist=checklist, attachments=False))
    assert loaded.ok and loaded.doc is not None


def test_a_well_formed_bad_file_is_judged_without_the_character_level_parse(
    tmp_path: Path, mini: LoadedChecklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One bad date among many records sent the file through the locating parser twice
    (54 s and 2.4 GB for 137 MB): a file that is well-formed JSON is decoded by msgspec,
    judged by the same rules, and each problem placed by parsing its record alone, at the
    position the whole-text parse gives (a problem elsewhere, in the agency, still needs
    that parse, but once). A duplicate key needs it too."""
    from audit import jsontext
    from audit.evidence import load as module

    doc = json.loads((VALID / "court.json").read_text("utf-8"))
    doc["records"]["payments"][0]["accepted"] = "2020-02-30"
    path = tmp_path / "court.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    with monkeypatch.context() as patched:  # the locating parser alone, as before
        patched.setattr(module, "untyped", lambda raw: None)
        whole = load(path, path.name, Options(checklist=mini, attachments=False))
    # the whole text is never indexed by lines: no full parse, no whole-text location
    index = jsontext.LineIndex
    monkeypatch.setattr(jsontext, "LineIndex", lambda *a: pytest.fail("whole-text parse"))
    quick = load(path, path.name, Options(checklist=mini, attachments=False))
    shown = [d.format("en") for d in quick.diagnostics]
    assert any("$.records.payments[0].accepted: not a calendar date" in s for s in shown)
    monkeypatch.setattr(jsontext, "LineIndex", index)
    assert shown == [d.format("en") for d in whole.diagnostics]
    del doc["agency"]["name"]
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(module, "untyped", lambda raw: None)
        whole = load(path, path.name, Options(checklist=mini, attachments=False))
    quick = load(path, path.name, Options(checklist=mini, attachments=False))
    shown = [d.format("en") for d in quick.diagnostics]
    assert any("$.agency: missing required key 'name'" in s for s in shown)
    assert shown == [d.format("en") for d in whole.diagnostics]
    twice = path.read_text("utf-8").replace('"code":', '"code": "X", "code":', 1)
    path.write_text(twice, "utf-8")
    codes = [d.code for d in load(path, path.name, Options(checklist=mini)).diagnostics]
    assert "json.duplicate-key" in codes


@pytest.mark.parametrize(
    "shape", ["lf", "bom", "crlf", "bom+crlf", "lone-cr", "mixed", "x-column", "x-object"]
)
def test_a_warned_record_is_placed_alone_whatever_the_line_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    """A record outside the period is placed by parsing that record alone. A byte-order
    mark, CRLF or lone-CR line ends sent the whole file through the locating parser
    instead (1.5-1.6× the time of a corpus with such files). So did an x- member in the
    record (an x- column of a workbook, a nested x- object), and checking such members on
    every record cost up to 3×. The position is the whole-text parse's either way."""
    from audit import jsontext
    from audit.checklist.load import load_checklist
    from audit.demo.run import data_dir

    doc = json.loads((data_dir() / "HQ-SCJG.json").read_text("utf-8"))
    doc["records"]["legal_reviews"][3]["reviewed"] = "2019-12-31"
    for n, review in enumerate(doc["records"]["legal_reviews"]):
        if shape == "x-column":
            review["x-备注"] = "导入"
        elif shape == "x-object":  # right after the id: the record's bytes hold two "}"
            doc["records"]["legal_reviews"][n] = {
                "id": review.pop("id"),
                "x-meta": {"row": n, "tags": ["a", {"b": 1}]},
                **review,
            }
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    ends = {"crlf": "\r\n", "bom+crlf": "\r\n", "lone-cr": "\r"}.get(shape, "\n")
    raw = text.replace("\n", ends).encode("utf-8")
    if shape == "mixed":  # CRLF, CR and LF in turn, as files pasted together have them
        lines = text.split("\n")
        ends_of = ("\r\n", "\r", "\n")
        raw = "".join(f"{ln}{ends_of[n % 3]}" for n, ln in enumerate(lines)).encode("utf-8")
    if shape.startswith("bom"):
        raw = b"\xef\xbb\xbf" + raw
    path = tmp_path / "HQ-SCJG.json"
    path.write_bytes(raw)
    options = Options(checklist=load_checklist("tianjin-bizenv"), attachments=False)
    located = jsontext.locate
    with monkeypatch.context() as patched:
        patched.setattr(jsontext, "locate", lambda *a, **k: pytest.fail("whole-text"))
        loaded = load(path, path.name, options)
    [warning] = loaded.diagnostics
    assert warning.path == ("records", "legal_reviews", 3, "reviewed")
    line = text.split("\n").index('        "reviewed": "2019-12-31",', 0) + 1
    assert (warning.line, warning.col) == (line, 21)
    [whole] = located(strip_bom(raw).decode("utf-8"), [warning], path.name)
    assert (whole.line, whole.col) == (warning.line, warning.col)


def test_records_outside_the_period_of_a_set_matched_whole_are_said_to_count(
    tmp_path: Path,
) -> None:
    """A legal review dated before the period still covers a decision (checklist.md: the
    `by` set of a coverage check is matched whole): the warning said it was "not used by
    checks", and then the run used it."""
    from audit.checklist.load import load_checklist
    from audit.demo.run import data_dir

    doc = json.loads((data_dir() / "HQ-SCJG.json").read_text("utf-8"))
    doc["records"]["legal_reviews"][0]["reviewed"] = "2019-12-31"
    doc["records"]["penalty_decisions"][5]["decided"] = "2019-12-30"
    path = tmp_path / "HQ-SCJG.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    checklist = load_checklist("tianjin-bizenv")
    loaded = load(path, path.name, Options(checklist=checklist, attachments=False))
    said = {d.path[1]: d.message("en") for d in loaded.diagnostics if d.path}
    assert "still count as matches of a coverage check" in said["legal_reviews"]
    assert "are not used by checks" in said["penalty_decisions"]


@pytest.mark.parametrize("where", ["x-value", "unknown-key"])
def test_invalid_utf8_where_the_typed_decode_does_not_look(where: str, tmp_path: Path) -> None:
    """A bad byte in an x- member's value, or in an unknown key of a file with an x- member,
    crashed the whole run (exit 4, no file reported): counting the x- keys decoded the bytes
    the typed decode had skipped. It is the located encoding error of that one file."""
    from audit.checklist.load import load_checklist
    from audit.demo.run import data_dir

    raw = (data_dir() / "HQ-FY.json").read_bytes()
    assert b'"x-note"' in raw
    if where == "x-value":
        raw = raw.replace(b'"x-note": {', b'"x-bad": "\xff", "x-note": {', 1)
    else:
        raw = raw.replace(b'"x-note": {', b'"typo\xb2": 1, "x-note": {', 1)
    path = tmp_path / "HQ-FY.json"
    path.write_bytes(raw)
    checklist = load_checklist("tianjin-bizenv")
    loaded = load(path, path.name, Options(checklist=checklist, attachments=False))
    assert [d.code for d in loaded.diagnostics] == ["encoding.invalid-utf8"]
    assert loaded.diagnostics[0].line is not None


@pytest.mark.parametrize("indent", [2, None])
def test_a_file_with_only_warnings_stays_on_the_fast_path(
    indent: int | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A record outside the period is a warning, not a reason to parse the whole file again
    (13-23x slower): the record alone is parsed to place it, at the position the whole-text
    parse gives; a string with braces in that record does not mislead it."""
    from audit.checklist.load import load_checklist
    from audit.demo.run import data_dir
    from audit.evidence import load as module

    doc = json.loads((data_dir() / "HQ-SCJG.json").read_text("utf-8"))
    record = doc["records"]["penalty_decisions"][3]
    record["decided"] = "2019-12-31"
    record["id"] = record["id"] + " {x}"
    path = tmp_path / "HQ-SCJG.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=indent), encoding="utf-8")
    checklist = load_checklist("tianjin-bizenv")
    slow = load(path, path.name, Options(checklist=checklist, attachments=False, fast_path=False))
    monkeypatch.setattr(module, "_slow", lambda *args: pytest.fail("slow path taken"))
    fast = load(path, path.name, Options(checklist=checklist, attachments=False))
    assert fast.ok and fast.doc is not None
    shown = [d.format("en") for d in fast.diagnostics]
    assert shown == [d.format("en") for d in slow.diagnostics]
    assert len(shown) == 1 and "$.records.penalty_decisions[3].decided: warning:" in shown[0]
    assert shown[0].split(":")[1] != "None"


def test_extension_keys_are_counted_on_the_fast_path_and_dropped_alike(
    mini: LoadedChecklist,
) -> None:
    """x- keys in the agency (as here), a record or a claim stay on the fast path, which
    drops them as the slow path does."""
    path = VALID / "enforcement.json"
    fast = fast_decode(path.read_bytes(), compiled(mini).decoder)
    assert fast is not None and "x-internal-id" not in fast["agency"]
    slow = load(path, path.name, Options(checklist=mini, fast_path=False))
    assert slow.doc == fast
    loaded = load(path, path.name, Options(checklist=mini))
    assert loaded.ok and loaded.doc is not None
    assert "x-internal-id" not in loaded.doc["agency"]
    assert loaded.doc["records"]["penalty_decisions"][2] == {
        "id": "P-3",
        "decided": __import__("datetime").date(2020, 5, 11),
        "published": __import__("datetime").date(2020, 5, 12),
        "major": False,
    }


@pytest.mark.parametrize(
    "text",
    [
        '"facts": {"cases_accepted": 1, "cases_accepted": 2}',
        '"facts": {"cases_accepted": 1, "unknown_fact": 2}',
        # top-level extensions are counted, not trusted: a duplicate inside one is found
        '"x-note": {"zh": "a", "zh": "b"}',
        '"x-note": {"zh": "a", "more": {"k": 1, "k": 2}}',
    ],
)
def test_dropped_keys_are_never_accepted_by_the_fast_path(
    text: str, mini: LoadedChecklist, tmp_path: Path
) -> None:
    doc = json.loads((VALID / "court.json").read_text("utf-8"))
    del doc["facts"]
    raw = json.dumps(doc, ensure_ascii=False)[:-1] + ", " + text + "}"
    path = tmp_path / "x.json"
    path.write_text(raw, encoding="utf-8")
    assert fast_decode(raw.encode(), compiled(mini).decoder) is None
    assert not load(path, "x.json", Options(checklist=mini)).ok


def test_a_directory_named_like_evidence(tmp_path: Path, mini: LoadedChecklist) -> None:
    folder = tmp_path / "dir.json"
    folder.mkdir()
    loaded = load(folder, "dir.json", Options(checklist=mini))
    assert [d.format("en") for d in loaded.diagnostics] == [
        "dir.json: this is a directory, not an evidence file"
    ]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file(tmp_path: Path, mini: LoadedChecklist) -> None:
    path = tmp_path / "locked.json"
    shutil.copy(VALID / "court.json", path)
    path.chmod(0)
    try:
        loaded = load(path, "locked.json", Options(checklist=mini))
    finally:
        path.chmod(0o600)
    assert [d.code for d in loaded.diagnostics] == ["file.unreadable"]


def test_an_unreadable_file_even_as_root(
    tmp_path: Path, mini: LoadedChecklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.json"
    shutil.copy(VALID / "court.json", path)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    loaded = load(path, "locked.json", Options(checklist=mini))
    assert [d.format("en") for d in loaded.diagnostics] == [
        "locked.json: cannot read the file (Permission denied); check its permissions"
    ]


def test_the_size_limit(tmp_path: Path, mini: LoadedChecklist) -> None:
    path = tmp_path / "big.json"
    shutil.copy(VALID / "court.json", path)
    size = path.stat().st_size
    loaded = load(path, "big.json", Options(checklist=mini, max_size=size - 1))
    assert [d.format("en") for d in loaded.diagnostics] == [
        f"big.json:1:1: $: the file is {size} bytes, over the limit of {size - 1} bytes; "
        "split it or raise the limit with --max-size"
    ]
    assert load(path, "big.json", Options(checklist=mini, max_size=size)).ok


def test_a_million_nested_brackets(tmp_path: Path, mini: LoadedChecklist) -> None:
    text = (VALID / "court.json").read_text("utf-8")
    path = tmp_path / "deep.json"
    deep = '"x-deep": ' + "[" * 1_000_000 + "]" * 1_000_000 + ",\n  "
    path.write_text(text.replace('"format"', deep + '"format"', 1), encoding="utf-8")
    loaded = load(path, "deep.json", Options(checklist=mini))
    assert [d.format("en") for d in loaded.diagnostics] == [
        "deep.json:2:76: $.x-deep[0][0][0][0][0][0][0][0][0]: nesting deeper than 64 levels "
        "(the path shows the outer 10; the position is where the limit is passed)"
    ]


def test_symlink_escaping_the_evidence_folder(tmp_path: Path, mini: LoadedChecklist) -> None:
    folder = _copy_valid(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    link = folder / "attachments" / "link.txt"
    link.symlink_to(outside)
    doc = json.loads((folder / "enforcement.json").read_text("utf-8"))
    doc["documents"][0]["path"] = "attachments/link.txt"
    (folder / "enforcement.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    loaded = load(folder / "enforcement.json", "enforcement.json", Options(checklist=mini))
    assert [d.code for d in loaded.diagnostics] == ["evidence.path-escapes"]
    assert loaded.diagnostics[0].path_text == "$.documents[0].path"
    # --no-attachments skips existence and the hash only (evidence.md): the link is there
    unverified = Options(checklist=mini, attachments=False)
    loaded = load(folder / "enforcement.json", "enforcement.json", unverified)
    assert [d.code for d in loaded.diagnostics] == ["evidence.path-escapes"]
    outside.unlink()  # a dangling link out of the folder: still out of it
    loaded = load(folder / "enforcement.json", "enforcement.json", unverified)
    assert [d.code for d in loaded.diagnostics] == ["evidence.path-escapes"]
    link.unlink()  # no attachment at all: nothing to verify without them
    loaded = load(folder / "enforcement.json", "enforcement.json", unverified)
    assert loaded.diagnostics == []


def test_attachment_replaced_after_hashing(tmp_path: Path, mini: LoadedChecklist) -> None:
    folder = _copy_valid(tmp_path)
    path = folder / "enforcement.json"
    assert load(path, path.name, Options(checklist=mini)).ok
    (folder / "attachments" / "rules.txt").write_text("changed", encoding="utf-8")
    codes = [d.code for d in load(path, path.name, Options(checklist=mini)).diagnostics]
    assert codes == ["evidence.attachment-hash"]
    no_check = load(path, path.name, Options(checklist=mini, attachments=False))
    assert no_check.ok


def test_checklist_named_by_the_file(tmp_path: Path) -> None:
    doc = json.loads((VALID / "court.json").read_text("utf-8"))
    doc["checklist"] = "tianjin-bizenv"
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    loaded = load(path, "x.json", Options())
    assert loaded.checklist is not None and loaded.checklist.checklist.id == "tianjin-bizenv"
    # the mini checklist's facts are not tianjin-bizenv's
    assert "evidence.unknown-fact" in {d.code for d in loaded.diagnostics}


def test_unknown_checklist_named_by_the_file(tmp_path: Path) -> None:
    doc = json.loads((VALID / "court.json").read_text("utf-8"))
    doc["checklist"] = "tianjin-bizenw"
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    loaded = load(path, "x.json", Options())
    assert [d.format("en") for d in loaded.diagnostics] == [
        "x.json:3:15: $.checklist: unknown checklist 'tianjin-bizenw'; see audit checklists "
        "list, or pass --checklist FILE; did you mean 'tianjin-bizenv'?"
    ]


def test_duplicate_agency_codes_name_each_other(tmp_path: Path, mini: LoadedChecklist) -> None:
    folder = _copy_valid(tmp_path)
    doc = json.loads((folder / "court.json").read_text("utf-8"))
    doc["agency"]["code"] = "T-ENF"
    (folder / "court.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    files = sorted(folder.glob("*.json"))
    result = validate(files, Options(checklist=mini))
    messages = sorted(d.message("en") for d in result.diagnostics)
    assert len(messages) == 2
    assert all("agency code 'T-ENF' is also used by" in m for m in messages)
    assert all(d.line is not None for d in result.diagnostics)
    assert result.exit_code == 1


def test_a_code_shared_by_many_files_names_three_others_and_counts_the_rest(
    tmp_path: Path, mini: LoadedChecklist
) -> None:
    """Each file names the first three others and how many more (the list was built anew
    for each file: quadratic when a template's code was never changed)."""
    text = (VALID / "enforcement.json").read_text("utf-8")
    files = []
    for n in range(6):
        path = tmp_path / f"f{n}.json"
        path.write_text(text, "utf-8")
        files.append(path)
    result = validate(files, Options(checklist=mini, attachments=False))
    here = f"{tmp_path}/"
    others = {
        str(d.file).replace(here, ""): d.args["other"].replace(here, "") for d in result.diagnostics
    }
    assert others["f0.json"] == "f1.json, f2.json, f3.json (+2)"
    assert others["f2.json"] == "f0.json, f1.json, f3.json (+2)"
    assert others["f5.json"] == "f0.json, f1.json, f2.json (+2)"


def test_a_shared_code_in_a_valid_file_is_placed_without_reading_the_rest(
    tmp_path: Path,
) -> None:
    """The locating parse of a valid file stops at the agency's code (a template's code in
    every file of a corpus had each file parsed whole: 6-10x its validation); an invalid
    file is still parsed whole, as only that says where a repeated key stands."""
    from audit.validation import duplicate_agencies

    text = (VALID / "enforcement.json").read_text("utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"code"' in row)
    cut = text[: len(text) // 2]  # what follows the code cannot be parsed
    paths = []
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(cut, "utf-8")
        paths.append(tmp_path / name)
    found = duplicate_agencies([(p, p.name, "T-ENF", p.name == "a.json") for p in paths])
    assert {d.file: d.line for d in found} == {"a.json": line, "b.json": None}


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_bad_file_does_not_stop_the_others(mini: LoadedChecklist, jobs: int) -> None:
    invalid = sorted((DATA / "evidence" / "invalid").glob("*.json"))
    court = VALID / "court.json"  # the only file with agency code T-FY
    result = validate([*invalid, court], Options(checklist=mini), jobs=jobs)
    assert len(result.files) == len(invalid) + 1
    assert [f.display for f in result.files if f.ok] == ["tests/data/evidence/valid/court.json"]
    reported = {d.file for d in result.diagnostics}
    assert reported == {f.display for f in result.files[:-1]}


def test_parallel_loading_gives_the_same_result(mini: LoadedChecklist) -> None:
    files = sorted((DATA / "evidence" / "invalid").glob("*.json"))[:20]
    one = validate(files, Options(checklist=mini), jobs=1)
    two = validate(files, Options(checklist=mini), jobs=2)
    assert [d.format("en") for d in one.diagnostics] == [d.format("en") for d in two.diagnostics]


# -- property-based: mutated evidence is accepted or rejected with a position, never a crash --

_BASE: dict[str, Any] = json.loads((VALID / "court.json").read_text("utf-8"))
_LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


_ALL_PATHS = _paths(_BASE)[1:]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_ALL_PATHS), st.sampled_from(["set", "delete", "rename"]), _LEAVES
        ),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_mutated_evidence_never_crashes(
    mini: LoadedChecklist,
    tmp_path: Path,
    mutations: list[tuple[tuple[Any, ...], str, Any]],
    pretty: bool,
) -> None:
    doc = copy.deepcopy(_BASE)
    for path, action, leaf in mutations:
        parent: Any = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            last = path[-1]
            if action == "set":
                parent[last] = leaf
            elif action == "delete":
                del parent[last]
            elif isinstance(parent, dict) and last in parent:
                parent[f"{last}_"] = parent.pop(last)
        except (KeyError, IndexError, TypeError):
            continue
    raw = json.dumps(doc, ensure_ascii=False, indent=2 if pretty else None, allow_nan=True)
    target = tmp_path / "m.json"
    target.write_text(raw, encoding="utf-8")
    fast = load(target, "m.json", Options(checklist=mini))
    slow = load(target, "m.json", Options(checklist=mini, fast_path=False))
    assert [d.format("en") for d in fast.diagnostics] == [d.format("en") for d in slow.diagnostics]
    assert fast.doc == slow.doc
    for diag in fast.diagnostics:
        assert diag.line is not None or diag.code.startswith("file."), diag


def _forbidden_code_points() -> list[int]:
    from audit.evidence.walker import FORBIDDEN_CHARS

    return [cp for cp in range(0x2070) if FORBIDDEN_CHARS.match(chr(cp))]


@pytest.mark.parametrize("cp", _forbidden_code_points(), ids=lambda cp: f"U+{cp:04X}")
def test_every_forbidden_character_sends_a_file_down_the_slow_path(
    cp: int, mini: LoadedChecklist, tmp_path: Path
) -> None:
    """Raw or escaped (either hex case), a forbidden character never slips past the fast path."""
    clean = (VALID / "court.json").read_text("utf-8")
    decoder = compiled(mini).decoder
    spellings = [f"\\u{cp:04x}", f"\\u{cp:04X}"]
    if cp >= 0x20:  # raw C0 controls are not JSON at all; msgspec refuses them
        spellings.append(chr(cp))
    for spelling in spellings:
        text = clean.replace('"张某"}', f'"张{spelling}某"}}')
        assert text != clean
        assert fast_decode(text.encode(), decoder) is None, spelling
        path = tmp_path / "court.json"
        path.write_text(text, encoding="utf-8")
        loaded = load(path, "court.json", Options(checklist=mini))
        assert not loaded.ok, f"U+{cp:04X} as {spelling!r} was accepted"


@pytest.mark.parametrize(
    ("nested", "top", "ok"),
    [("nonexistent", "tianjin-bizenv", True), ("tianjin-bizenv", "nonexistent", False)],
)
def test_only_the_top_level_checklist_key_names_the_checklist(
    nested: str, top: str, ok: bool, tmp_path: Path
) -> None:
    """A nested "checklist" key seen first (in an extension) never decides the checklist."""
    from audit.demo.run import data_dir

    doc = json.loads((data_dir() / "HQ-FY.json").read_text("utf-8"))
    doc.pop("$schema", None)
    doc = {"x-meta": {"checklist": nested}, **doc, "checklist": top}
    path = tmp_path / "HQ-FY.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    loaded = load(path, path.name, Options(attachments=False))
    assert loaded.ok is ok, [d.format("en") for d in loaded.diagnostics]
    if ok:
        assert loaded.checklist is not None and loaded.checklist.checklist.id == top
    else:
        assert [d.code for d in loaded.diagnostics] == ["evidence.unknown-checklist"]
        assert loaded.diagnostics[0].path == ("checklist",)


@pytest.mark.parametrize("named", ["../evil.toml", "/etc/passwd", "evil.toml", "tianjin-bizenv"])
def test_the_checklist_an_evidence_file_names_is_an_id_never_a_path(
    named: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evidence is data from outside: its "checklist" never makes the tool read a file, not
    even one in the current folder that happens to carry a bundled checklist's id."""
    from audit.demo.run import data_dir

    monkeypatch.chdir(tmp_path)
    (tmp_path / "evil.toml").write_text("not = [a checklist", "utf-8")
    (tmp_path / "tianjin-bizenv").write_text("garbage", "utf-8")
    doc = json.loads((data_dir() / "HQ-FY.json").read_text("utf-8"))
    doc["checklist"] = named
    path = tmp_path / "HQ-FY.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    loaded = load(path, path.name, Options(attachments=False))
    if named == "tianjin-bizenv":
        assert loaded.ok and loaded.checklist is not None
        assert loaded.checklist.path.parent.name == "checklists"  # the bundled one
    else:
        assert [d.code for d in loaded.diagnostics] == ["evidence.unknown-checklist"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_validation_lets_go_of_what_it_read(jobs: int) -> None:
    """`audit validate` streams: nothing of a document outlives its verdict, nor travels
    back from a worker process (only the run needs the gathered columns)."""
    from audit.demo.run import data_dir
    from audit.validation import load_all

    files = sorted(data_dir().glob("*.json"))
    loaded = list(load_all(files, Options(), jobs=jobs))
    assert [item.ok for item in loaded] == [True] * len(files)
    assert all(item.doc is None and item.columns == {} and item.raw is None for item in loaded)
    assert sum(item.records for item in loaded) > 0


@pytest.mark.parametrize("value", ["https://example.invalid/s.json", 5, None, {"a": [1]}])
def test_schema_key_is_ignored_whatever_it_holds(
    value: object, tmp_path: Path, mini: LoadedChecklist
) -> None:
    """evidence.md: `$schema` is optional and ignored (editor support)."""
    doc = json.loads((VALID / "court.json").read_text("utf-8"))
    doc["$schema"] = value
    path = tmp_path / "court.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    shutil.copytree(VALID / "attachments", tmp_path / "attachments")
    for fast in (True, False):
        loaded = load(path, "court.json", Options(checklist=mini, fast_path=fast))
        assert loaded.ok, [d.format("en") for d in loaded.diagnostics]


def test_a_workbook_or_other_binary_file_is_named_for_what_it_is(
    tmp_path: Path, mini: LoadedChecklist
) -> None:
    """A filled template handed to validate (not import), a scan, the history: their zero
    bytes once read as "UTF-16BE" with an iconv command that would only make garbage."""
    from openpyxl import Workbook

    workbook = tmp_path / "填报.xlsx"
    Workbook().save(workbook)
    scan = tmp_path / "scan.json"
    scan.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\x00\x00")
    shown = {
        path.name: [
            d.format("en") for d in load(path, path.name, Options(checklist=mini)).diagnostics
        ]
        for path in (workbook, scan)
    }
    assert shown == {
        "填报.xlsx": [
            "填报.xlsx:1:1: $: this is an Excel workbook, not a JSON evidence file; convert it "
            "first: audit import '填报.xlsx' -o '填报.json'"  # quoted for the shell
        ],
        "scan.json": ["scan.json:1:1: $: this is a binary file (PDF), not a JSON evidence file"],
    }


@pytest.mark.parametrize("fast_path", [True, False])
def test_ids_and_matched_values_that_only_look_right(tmp_path: Path, fast_path: bool) -> None:
    """A trailing space copied from a WPS cell made a legal review miss its decision, and a
    critical item failed; a full-width blank id passed as "non-empty" (evidence.md)."""
    from audit.checklist.load import load_checklist
    from audit.demo.run import data_dir

    doc = json.loads((data_dir() / "HQ-SCJG.json").read_text("utf-8"))
    reviews = doc["records"]["legal_reviews"]
    reviews[0]["case"] += " "  # matched against penalty_decisions ids
    reviews[1]["id"] = "\u3000"
    reviews[2]["id"] = "LR\u200b-3"  # a zero-width space: shown by nothing
    doc["records"]["penalty_decisions"][0]["id"] = "\u200b"
    path = tmp_path / "HQ-SCJG.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    checklist = load_checklist("tianjin-bizenv")
    options = Options(checklist=checklist, attachments=False, fast_path=fast_path)
    said = [(d.severity.value, d.path, d.code) for d in load(path, path.name, options).diagnostics]
    assert said == [  # in file order
        ("error", ("records", "penalty_decisions", 0, "id"), "evidence.empty-string"),
        ("warning", ("records", "legal_reviews", 0, "case"), "evidence.untidy-value"),
        ("error", ("records", "legal_reviews", 1, "id"), "evidence.empty-string"),
        ("warning", ("records", "legal_reviews", 2, "id"), "evidence.untidy-value"),
    ]


def test_clean_ids_cost_no_per_value_work() -> None:
    from audit.evidence.semantics import _any_untidy

    assert not _any_untidy(["P-1", "P-2", "津红市监罚〔2020〕09号", "A B"])
    assert not _any_untidy([1, 2, 3])  # numbers matched: nothing to trim
    assert _any_untidy(["P-1", " P-2"]) and _any_untidy(["P-1 ", "P-2"])
    assert _any_untidy(["津1", "津2\u3000"]) and _any_untidy([None, "a\ufeffb"])


def test_text_of_only_zero_width_characters_is_empty(tmp_path: Path) -> None:
    from audit.checklist.load import load_checklist
    from audit.demo.run import data_dir

    doc = json.loads((data_dir() / "HQ-FY.json").read_text("utf-8"))
    doc["agency"]["name"] = "\u200b"
    doc["agency"]["district"] = "\ufeff"
    path = tmp_path / "HQ-FY.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    options = Options(checklist=load_checklist("tianjin-bizenv"), attachments=False)
    said = [(d.path, d.code) for d in load(path, path.name, options).diagnostics]
    assert said == [
        (("agency", "name"), "evidence.empty-string"),
        (("agency", "district"), "evidence.empty-string"),
    ]


@pytest.mark.parametrize("forced", [True, False])
def test_a_worker_sends_back_the_verdict_only(forced: bool, mini: LoadedChecklist) -> None:
    """Each file's result came back from a worker with its checklist (75 KB pickled for
    the bundled one), and a forced checklist went out with every batch of files: on 6,000
    small files --jobs 2 was slower than --jobs 1. Results carry the checklist's id."""
    import pickle

    from audit.checklist.load import load_checklist
    from audit.demo.run import data_dir
    from audit.validation import load_all

    checklist = load_checklist("tianjin-bizenv") if forced else None
    files = sorted(data_dir().glob("*.json"))
    options = Options(checklist=checklist, attachments=False)
    one = list(load_all(files, options, jobs=1))
    two = list(load_all(files, options, jobs=2))
    assert [d.format("en") for x in two for d in x.diagnostics] == [
        d.format("en") for x in one for d in x.diagnostics
    ]
    for loaded in (*one, *two):
        assert loaded.checklist is None and loaded.checklist_id == "tianjin-bizenv"
        assert len(pickle.dumps(loaded)) < 4000


def test_a_result_file_among_the_evidence_is_named_as_such(tmp_path: Path) -> None:
    """`audit run ev -o ev/result.json` and the next run of the folder failed on 22 errors
    of a result file read as evidence ("missing required key 'period'" …): one error
    says what the file is, and where it belongs."""
    from audit.demo.run import data_dir
    from audit.engine.run import RunOptions, run_audit

    folder = tmp_path / "ev"
    shutil.copytree(data_dir(), folder)
    files = sorted(folder.glob("*.json"))
    result = run_audit(files, RunOptions(as_of=dt.date(2020, 7, 15), digest=False))
    written = folder / "result.json"
    written.write_text(result.model_dump_json(indent=2), "utf-8")
    loaded = load(written, "result.json", Options())
    assert [d.code for d in loaded.diagnostics] == ["evidence.not-evidence"]
    [problem] = loaded.diagnostics
    assert (problem.line, problem.path) == (2, ("format",))
    assert "(tj-audit/result@1), not evidence: keep it outside" in problem.message("en")


def test_an_unknown_key_where_x_keys_are_allowed_says_how_to_keep_it(tmp_path: Path) -> None:
    """An unknown key with no near name ('y-note', 'remarks') said only "unknown key": where
    evidence.md allows x- keys (top level, agency, records, item claims) the message says to
    use one; in `period`, which allows none, it does not."""
    from audit.checklist.load import load_checklist
    from audit.demo.run import data_dir

    doc = json.loads((data_dir() / "HQ-SCJG.json").read_text("utf-8"))
    doc["y-note"] = "ours"
    doc["records"]["penalty_decisions"][0]["remarks"] = "ours"
    doc["period"]["x-note"] = "ours"
    path = tmp_path / "HQ-SCJG.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    checklist = load_checklist("tianjin-bizenv")
    loaded = load(path, path.name, Options(checklist=checklist, attachments=False))
    said = {d.path[-1]: (d.message("en"), d.message("zh")) for d in loaded.diagnostics if d.path}
    hint_en = "keep data of your own under a key starting with x- (such as x-note)"
    assert said["y-note"][0] == f"unknown key 'y-note'; {hint_en}"
    assert said["remarks"][0] == f"record set penalty_decisions has no field 'remarks'; {hint_en}"
    assert "以 x- 开头的键" in said["remarks"][1]
    assert said["x-note"][0] == "unknown key 'x-note'"


def test_suggestions_stop_once_a_file_has_spent_its_budget(
    tmp_path: Path, mini: LoadedChecklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every unknown name is compared with every known one: thousands of unknown item ids
    against a checklist of thousands of items were quadratic (4,000 × 4,000: 94 s). A file's
    first unknown names are still told the near one; the fast path's judgement of an invalid
    file, made again on the slow path, spends nothing of the slow path's budget."""
    from audit import i18n

    known = len(mini.checklist.items)
    monkeypatch.setattr(i18n, "SUGGESTION_BUDGET", 3 * known)
    doc = json.loads((VALID / "court.json").read_text("utf-8"))
    doc["items"] = {f"M-ENF-0{n}x": {"claim": "met"} for n in range(1, 8)}
    path = tmp_path / "court.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    loaded = load(path, "court.json", Options(checklist=mini))
    unknown = [d for d in loaded.diagnostics if d.code == "evidence.unknown-item"]
    assert [d.args["suggestion"] for d in unknown] == ["M-ENF-01", "M-ENF-02", "M-ENF-03"] + [
        None
    ] * 4
    # the next file has a budget of its own
    again = load(path, "court.json", Options(checklist=mini))
    assert [d.args["suggestion"] for d in again.diagnostics if d.args.get("key")][:3] == [
        "M-ENF-01",
        "M-ENF-02",
        "M-ENF-03",
    ]


def test_a_leap_second_is_read_as_the_last_instant_of_its_minute() -> None:
    """RFC 3339 allows second 60 at 23:59 UTC (its own examples, §5.8); Python's datetime
    has no such second, and validate refused the value as "not an RFC 3339 date-time"."""
    import datetime as dt

    from audit.evidence.walker import leap_second

    utc = dt.UTC
    assert leap_second("1990-12-31T23:59:60Z") == dt.datetime(
        1990, 12, 31, 23, 59, 59, 999_999, tzinfo=utc
    )
    pacific = leap_second("1990-12-31T15:59:60-08:00")
    assert pacific is not None and pacific.astimezone(utc).date() == dt.date(1990, 12, 31)
    assert leap_second("1990-12-31T15:59:60.5-08:00") == pacific
    assert leap_second("1990-12-31T12:30:60Z") is None  # not at the end of a UTC day
    assert leap_second("2020-03-15T23:59:60Z") is None  # not at the end of a month
    assert leap_second("9999-12-31T23:59:60Z") is not None
    assert leap_second("0001-01-01T07:59:60+08:00") is None  # UTC before year 1
    assert leap_second("1990-12-31T23:59:61Z") is None
    assert leap_second("1990-12-31T23:59:60") is None  # no offset


def test_a_file_submitted_at_a_leap_second_is_valid(tmp_path: Path, mini: LoadedChecklist) -> None:
    text = (DATA / "evidence" / "valid" / "court.json").read_text("utf-8")
    path = tmp_path / "court.json"
    path.write_text(text.replace("2020-07-06T09:00:00Z", "2020-07-01T07:59:60+08:00"), "utf-8")
    loaded = load(path, path.name, Options(checklist=mini))
    assert loaded.diagnostics == []
    assert loaded.doc is not None
    assert loaded.doc["submitted_at"].isoformat() == "2020-07-01T07:59:59.999999+08:00"
