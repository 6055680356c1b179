"""Shared fixtures: paths to the test data, the mini checklist, the shared schemas."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit.checklist.load import LoadedChecklist, load_checklist

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Run every test from the repository root, so displayed paths are stable, with the
    default history database in the test's own folder: no test writes into the working
    tree, and no test sees another's stored runs (whose open findings keep deadlines)."""
    import audit.history

    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(audit.history, "DEFAULT_DB", tmp_path / ".audit" / "history.sqlite")
    yield


@pytest.fixture
def mini() -> LoadedChecklist:
    """The small test checklist."""
    return load_checklist(DATA / "checklists" / "mini.toml")


def missing_tool(reason: str) -> None:
    """Skip a test that needs a system tool; under CI, whose .ci/run installs it, fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} — .ci/run should have installed it")
    pytest.skip(reason)


@pytest.fixture
def shared_schemas() -> Path:
    """The SARIF/JUnit schemas of ../shared, or skip where that folder is absent."""
    folder = SHARED / "schemas"
    if not folder.is_dir():
        pytest.skip("../shared/schemas is absent (a fresh clone): schema checks skipped")
    return folder
