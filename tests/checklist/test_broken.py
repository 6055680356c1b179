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
