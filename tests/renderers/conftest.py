"""A real result to render: the demo, audited once per test session."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from audit.demo.run import data_dir
from audit.engine.result import RunResult
from audit.engine.run import RunOptions, run_audit


@pytest.fixture(scope="session")
def demo_result(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    folder = tmp_path_factory.mktemp("demo") / "evidence"
    shutil.copytree(data_dir(), folder)
    return run_audit(
        sorted(Path(folder).glob("*.json")),
        RunOptions(checklist="tianjin-bizenv", as_of=dt.date(2020, 7, 15), evaluator="测试评价人"),
    )
