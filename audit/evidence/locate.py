"""Where a record is in its evidence file (line and column), for SARIF and the reports.

A fast byte search, not a parse: the record's ``"id": "…"`` after the start of its set.
Ids are unique within a set, and the set's key is searched first, so the first match after
it is the record. Whatever cannot be found this way is simply left without a position.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

LIMIT = 50  # positions looked up per finding: enough to point at the problem


def _find_id(raw: bytes, record_id: str, start: int) -> int:
    """Where ``"id": "<record_id>"`` first occurs after ``start`` (-1 if nowhere)."""
    for ascii_only in (False, True):  # written as is, or with \u escapes
        literal = json.dumps(record_id, ensure_ascii=ascii_only).encode()
        for glue in (b'"id": ', b'"id":', b'"id" : '):  # the usual spellings: plain find
            offset = raw.find(glue + literal, start)
            if offset >= 0:
                return offset
        match = re.compile(rb'"id"\s*:\s*' + re.escape(literal)).search(raw, start)
        if match is not None:
            return match.start()
    return -1


def record_positions(
    path: Path, items: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, int]]:
    """(set, id) → (line, column) for the records that can be found in ``path``."""
    wanted = list(items)
    if not wanted:
        return {}
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    found: dict[tuple[str, str], tuple[int, int]] = {}
    set_starts: dict[str, int] = {}
    for set_name, record_id in wanted:
        start = set_starts.get(set_name)
        if start is None:
            key = re.search(rb'"' + re.escape(set_name.encode()) + rb'"\s*:\s*\[', raw)
            start = set_starts[set_name] = key.end() if key else 0
        offset = _find_id(raw, record_id, start)
        if offset < 0:
            continue
        line_start = raw.rfind(b"\n", 0, offset) + 1
        line = raw.count(b"\n", 0, offset) + 1
        column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
        found[(set_name, record_id)] = (line, column)
    return found
