"""Columns gathered while validating (ids, in-period primary dates) change no verdict.

An audit run hands the engine what validation already read; the engine must reach exactly
the result it reaches reading every record itself — on the demo evidence, and on files
whose records stray outside the period (where no date column can be handed over).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from audit.demo.run import data_dir
from audit.engine.agency import evaluate_agency
from audit.engine.run import RunOptions, prepare
from audit.evidence.load import Options, load

AS_OF = dt.date(2020, 7, 15)


def _both(path: Path) -> tuple[dict[str, Any], dict[str, Any], dict[Any, Any]]:
    job, _, _ = prepare([path], RunOptions(as_of=AS_OF, digest=False))
    loaded = load(path, path.name, Options(checklist=job.loaded))
    assert loaded.ok and loaded.doc is not None
    common: dict[str, Any] = {
        "checklist": job.loaded.checklist,
        "catalogue": job.catalogue,
        "as_of": AS_OF,
        "model": job.model,
        "file": path.name,
        "deselected": job.deselected,
        "attestations": job.attestations,
        "attachments_checked": True,
    }
    handed, _ = evaluate_agency(loaded.doc, columns=loaded.columns, **common)
    own, _ = evaluate_agency(loaded.doc, **common)
    return handed.model_dump(mode="json"), own.model_dump(mode="json"), loaded.columns


@pytest.mark.parametrize("name", sorted(p.name for p in data_dir().glob("*.json")))
def test_the_demo_reaches_the_same_result_either_way(name: str) -> None:
    handed, own, columns = _both(data_dir() / name)
    assert columns  # something was handed over
    assert handed == own


def test_records_outside_the_period_are_filtered_as_before(tmp_path: Path) -> None:
    doc = json.loads((data_dir() / "HQ-SCJG.json").read_text("utf-8"))
    decisions = doc["records"]["penalty_decisions"]
    decisions[0]["decided"] = "2019-12-30"  # before the period: a warning, not an error
    target = tmp_path / "HQ-SCJG.json"
    target.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    shutil.copytree(data_dir() / "attachments", tmp_path / "attachments")
    handed, own, columns = _both(target)
    assert ("penalty_decisions", "decided") not in columns
    assert ("penalty_decisions", "id") in columns
    assert handed == own
    checks = [c for i in handed["items"] if i["id"] == "TJ-ENF-01" for c in i["checks"]]
    assert decisions[0]["id"] not in checks[0]["offending"]
