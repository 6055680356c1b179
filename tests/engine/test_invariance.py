"""Scores do not depend on the order of files, of records, or of keys in the evidence.

Hypothesis shuffles the bundled demo evidence — which files come first, the records of
every set, the keys of every object — and the audit must reach the same verdicts.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.demo.run import data_dir
from audit.engine.run import RunOptions, run_audit

AS_OF = dt.date(2020, 7, 15)
# texts and positions that legitimately follow the order of the input
ORDERED = {"file", "locations", "explanation", "problem", "warnings", "evidence"}
# lists of record or document ids, in input order: compared as sets
ID_LISTS = {"offending", "refs"}


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        pairs = [(k, _shuffled(v, rng)) for k, v in value.items()]
        rng.shuffle(pairs)
        return dict(pairs)
    if isinstance(value, list):
        items = [_shuffled(v, rng) for v in value]
        if all(isinstance(v, dict) for v in items):  # records, documents: order is no meaning
            rng.shuffle(items)
        return items  # roles and other lists of values keep their order
    return value


def _verdicts(value: Any) -> Any:
    """The result without what follows input order; lists of ids compared as sets."""
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            if key in ID_LISTS and all(isinstance(v, str) for v in inner):
                out[key] = sorted(inner)
            elif key not in ORDERED:
                out[key] = _verdicts(inner)
        return out
    if isinstance(value, list):
        return [_verdicts(v) for v in value]
    return value


def _audit(folder: Path, files: list[Path]) -> Any:
    result = run_audit(files, RunOptions(as_of=AS_OF, jobs=1, digest=False))
    doc = result.model_dump(mode="json")
    doc["agencies"].sort(key=lambda a: a["code"])
    doc["findings"].sort(key=lambda f: f["id"])
    return _verdicts(doc)


def _baseline() -> Any:
    files = sorted(data_dir().glob("*.json"))
    return _audit(data_dir(), files)


BASELINE = None


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_scores_ignore_the_order_of_files_records_and_keys(seed: int) -> None:
    global BASELINE  # noqa: PLW0603 - computed once for every example
    if BASELINE is None:
        BASELINE = _baseline()
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(data_dir(), folder, dirs_exist_ok=True)
        files = sorted(folder.glob("*.json"))
        for path in files:
            doc = json.loads(path.read_text("utf-8"))
            path.write_text(json.dumps(_shuffled(doc, rng), ensure_ascii=False), "utf-8")
        rng.shuffle(files)
        assert _audit(folder, files) == BASELINE
