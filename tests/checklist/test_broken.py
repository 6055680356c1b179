"""Every broken checklist in tests/data/checklists/broken gives exactly its .expected lines.

``NAME.expected`` holds the English lines; an optional ``NAME.zh.expected`` the Chinese ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audit.checklist.load import check_file
from tests.conftest import DATA

CASES = sorted((DATA / "checklists" / "broken").glob("*.toml"))
# pydantic's own English, which must never reach a message
PYDANTIC_TEXT = re.compile(
    r"Input should|Field required|Extra inputs|Value error|valid (number|integer|string|date)"
)


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text("utf-8").splitlines() if line]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_checklist_is_reported_with_position(case: Path) -> None:
    expected = _lines(case.with_suffix(".expected"))
    _model, _, problems = check_file(case.relative_to(Path.cwd()))
    assert [d.format("en") for d in problems] == expected
    assert expected, "a broken checklist must have at least one problem"
    assert all(d.line is not None for d in problems)
    chinese = case.with_suffix(".zh.expected")
    if chinese.exists():
        assert [d.format("zh") for d in problems] == _lines(chinese)
    for lang in ("zh", "en"):
        for d in problems:
            assert not PYDANTIC_TEXT.search(d.message(lang)), d.message(lang)


TOML_MISTAKES = {
    "twice": "a = 1\na = 2\n",
    "inline twice": "x = { b = 1, b = 2 }\n",
    "table twice": "[t.u]\nc = 1\n[t.u]\nd = 2\n",
    "unclosed string": 'a = "x\n',
    "bad date": "a = 2020-13-01\n",
    "slashed date": "a = 2020/07/14\n",
    "short date": "a = 2020-7-14\n",
    "unclosed array": "a = [1, 2\n",
    "unclosed table": "a = { b = 1\n",
    "bare words": "a b\n",
    "unquoted text": "a = bee\n",
    "array header": "[[t]\n",
    "table header": "[t\n",
    "bad escape": 'a = "\\q"\n',
    "two statements": "a = 1 b = 2\n",
}
TOMLLIB_WORDS = re.compile(r"Invalid|Expected|Cannot|Unclosed|Unterminated|Illegal|Duplicate|Found")


@pytest.mark.parametrize("text", TOML_MISTAKES.values(), ids=TOML_MISTAKES)
def test_toml_syntax_errors_are_told_in_chinese(text: str, tmp_path: Path) -> None:
    """tomllib's English reasons were shown inside the Chinese message; the Chinese text
    now says what is wrong (and the English one, where it is not plain, what to do)."""
    path = tmp_path / "broken.toml"
    path.write_text(text, "utf-8")
    _model, _, problems = check_file(path)
    assert len(problems) == 1 and problems[0].line is not None
    zh = problems[0].message("zh")
    assert not TOMLLIB_WORDS.search(zh), zh
    assert problems[0].message("en") != zh
    if text.startswith("a = 2020"):  # a mistyped date is said to be one, at the value
        assert "date" in problems[0].message("en") and problems[0].col == 5


def test_names_in_any_script_are_names(tmp_path: Path) -> None:
    """The rule for vocabulary names refuses what breaks them ("*", dots, blanks), not
    scripts: a role 法院, a field 姓名 and a fact _online linted clean before it, and
    evidence written for them still validates."""
    text = (DATA / "checklists" / "mini.toml").read_text("utf-8")
    text = text.replace("[roles.court]", '[roles."法院"]').replace('"court"', '"法院"')
    text = text.replace('{ name = "string" }', '{ "姓名" = "string" }')
    text = text.replace("[facts.online]", "[facts._online]").replace(
        'fact = "online"', 'fact = "_online"'
    )
    path = tmp_path / "names.toml"
    path.write_text(text, "utf-8")
    _model, _, problems = check_file(path)
    assert [d.format("en") for d in problems] == []
