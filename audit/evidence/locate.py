"""Where a record is in its evidence file (line and column), for SARIF and the reports.

A fast byte search, not a parse: the record's ``"id": "…"`` after the start of its set.
Ids are unique within a set, and the set's key is searched first, so the first match after
it is the record. Whatever cannot be found this way is simply left without a position.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

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


def _set_start(raw: bytes, set_name: str) -> int | None:
    """Just after the ``[`` that opens the set ``set_name`` (its first ``"name": [``)."""
    key = re.search(rb'"' + re.escape(set_name.encode()) + rb'"\s*:\s*\[', raw)
    return key.end() if key else None


def find_record(
    raw: bytes, set_name: str, record_id: str, after: int | None = None
) -> tuple[int, int] | None:
    """The byte span of a flat record (``{`` to ``}``) found by its id after its set's key
    (or after ``after``, the end of an earlier record of the set: thousands of records are
    then found in one pass, not each from the set's start), or None. Not a parse: callers
    confirm the span by parsing it."""
    begins = _set_start(raw, set_name) if after is None else after
    if begins is None:
        return None
    at = _find_id(raw, record_id, begins)
    if at < 0:
        return None
    start = raw.rfind(b"{", begins, at)
    end = raw.find(b"}", at)
    return None if start < 0 or end < 0 else (start, end + 1)


def record_positions(
    raw: bytes, items: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, int]]:
    """(set, id) → (line, column) for the records that can be found in the file ``raw``.

    Lines are counted once through the file, from one found record to the next in file
    order, not from the top for each record.
    """
    offsets: dict[tuple[str, str], int] = {}
    set_starts: dict[str, int] = {}
    for set_name, record_id in items:
        start = set_starts.get(set_name)
        if start is None:
            start = set_starts[set_name] = _set_start(raw, set_name) or 0
        offset = _find_id(raw, record_id, start)
        if offset >= 0:
            offsets[(set_name, record_id)] = offset
    lines = line_columns(raw, offsets.values())
    return {where: lines[offset] for where, offset in offsets.items()}


def line_columns(raw: bytes, offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Byte offset → (line, column in characters), as :func:`position_of` counts them, for
    many offsets at once: lines are counted once through the file, from one offset to the
    next in file order, not from the top for each."""
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        # a lone CR ends a line too (same offsets, every end a LF); CRLF files, the usual
        # kind with a CR, are counted as they are, not copied
        raw = re.sub(rb"\r(?!\n)", b"\n", raw)
    found: dict[int, tuple[int, int]] = {}
    line, counted, col = 1, 0, 1
    for offset in sorted(set(offsets)):
        ends = raw.count(b"\n", counted, offset)
        if ends:
            line += ends
            col = _column(raw, offset)
        else:  # on the line of the last offset (a file on one line): count on from there
            col += len(raw[counted:offset].decode("utf-8", errors="replace"))
        found[offset] = (line, col)
        counted = offset
    return found


def position_of(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters) of a byte offset, as the whole-text parse counts
    them: LF, CRLF and a lone CR (old Mac files) each end a line."""
    if b"\r" not in raw:
        return raw.count(b"\n", 0, offset) + 1, _column(raw, offset)
    crlf = raw.count(b"\r\n", 0, offset)
    line = raw.count(b"\n", 0, offset) + raw.count(b"\r", 0, offset) - crlf + 1
    start = max(raw.rfind(b"\n", 0, offset), raw.rfind(b"\r", 0, offset)) + 1
    return line, len(raw[start:offset].decode("utf-8", errors="replace")) + 1


def _column(raw: bytes, offset: int) -> int:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
