"""The fast path of loading: a clean evidence file decoded by msgspec, and proven clean.

msgspec decodes straight into typed values but keeps the last of duplicate keys, drops
unknown ones and reads a few spellings RFC 3339 does not allow. Each of those is caught
here by a cheap scan of the bytes; any doubt returns None and the caller takes the slow,
locating path, which is the authority.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import msgspec

from audit import jsontext
from audit.diagnostics import Diagnostic
from audit.encoding import strip_bom
from audit.evidence.shape import RFC3339

# Bytes that may stand for a control or bidi character once decoded (escaped or raw UTF-8).
# A match only means "look closer": the slow path decides. Separate patterns, each with a
# literal first byte, scan at memchr speed; one alternation of them is eight times slower.
# The alternatives share their backslash and "u": a file of escaped Chinese (Python's
# json.dumps) has a backslash in every word, and a first-byte match costs less this way.
_ESCAPED = re.compile(rb"\\(?:u(?:00[0189][0-9a-fA-F]|007[fF]|20(?:2[a-eA-E]|6[6-9]))|[bf])")
_BIDI = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
_C1 = re.compile(rb"\xc2[\x80-\x9f]")


def suspicious(body: bytes) -> bool:
    """Whether ``body`` may hide a control or bidi character (see FORBIDDEN_CHARS)."""
    # A one-byte `in` is a memchr; the regexes run only where their lead byte occurs.
    return bool(
        b"\x7f" in body
        or (b"\\" in body and _ESCAPED.search(body))
        or (b"\xe2" in body and _BIDI.search(body))
        or (b"\xc2" in body and _C1.search(body))
    )


_JSON_WHITESPACE = b" \t\r\n"
# A key holding an escape, in packed text: a backslash, then the rest of its string, then
# the key's end (an escaped quote followed by a colon inside a value also matches: a visit
# to the slow path, never a miss).
_ESCAPED_KEY = re.compile(rb'\\[^"\\]*":')  # from the last escape: linear, not n² per string


def packed(body: bytes) -> bytes:
    """A JSON text with its whitespace deleted: every key end reads `":`, however the file
    is laid out (a string holding a quote then a colon reads so too: counts of key ends
    taken this way can only be too high)."""
    return body.translate(None, _JSON_WHITESPACE)


def fast_decode(
    raw: bytes, decoder: msgspec.json.Decoder[Any], datetimes: tuple[re.Pattern[bytes], ...] = ()
) -> dict[str, Any] | None:
    """The typed document if the file is certainly clean, else None."""
    body = strip_bom(raw)
    try:
        doc = decoder.decode(body)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError):
        return None
    if suspicious(body):
        return None
    # msgspec silently keeps the last of duplicate keys and drops unknown ones; counting key
    # ends in the bytes and keys in the result catches both. With whitespace deleted every
    # key end reads `":`, however the file is laid out. The byte count can only be too high
    # (an escaped quote then a colon inside a string), which costs a slow-path visit, never
    # a miss.
    text = packed(body)
    expected = text.count(b'":')
    keys = _count_keys(doc)
    if expected != keys and expected - _extension_keys(body) != keys:
        return None
    schema = doc.get("$schema")  # any value (editors'), but no deeper than any other
    if isinstance(schema, (dict, list)) and _nested_keys(schema, below=jsontext.MAX_DEPTH - 1) < 0:
        return None
    # msgspec reads "+0800" offsets and a space for "T"; RFC 3339 (and the schema) do not.
    # The scan finds date-time fields by their keys as written: a key spelt with an escape
    # ("submitted\u005fat") hides its value from it, so such a file is judged slowly.
    if datetimes and b"\\" in text and _ESCAPED_KEY.search(text):
        return None
    for scan in datetimes:
        for found in scan.finditer(body):
            if not RFC3339.match(found.group(1).decode("utf-8", "replace")):
                return None
    return doc  # type: ignore[no-any-return]


def _extension_keys(body: bytes) -> int:
    """The key ends (``":``) of the ``x-`` members decoding drops, where evidence.md allows
    them (top level, agency, records, item claims): each key and every key inside its
    value. -1 when one hides a duplicate key or nests too deep, or a set of records holds
    something other than records: the counts can then never agree, and the slow path
    reports it. Such members are what editors and the demo add (``"x-note": {"zh": …}``):
    they must not cost the slow path. ``body`` is the file's text as written: with its
    whitespace deleted, a key " x-a" read as the extension "x-a", and a character split by
    a space (invalid UTF-8) as a whole one."""
    if b'"x-' not in body:
        return 0
    try:  # the top level only: a part is decoded when it holds an x- key ("x-note" at
        # the top need not build every record again)
        top = msgspec.json.decode(body, type=dict[str, msgspec.Raw])
        value = {
            key: msgspec.json.decode(raw)
            for key, raw in top.items()
            if key.startswith("x-")
            or (key in ("agency", "items", "records") and b'"x-' in bytes(raw))
        }
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError):
        # (invalid UTF-8 where the typed decode never looked: an x- value, an unknown key)
        return -1
    members: list[tuple[Any, int]] = []  # (x- member's value, depth of its object)
    places: list[tuple[Any, int]] = [(value, 1), (value.get("agency"), 2)]
    items = value.get("items")
    if isinstance(items, dict):
        places += [(claim, 3) for claim in items.values()]
    for place, depth in places:
        if isinstance(place, dict):
            members += [(m, depth) for key, m in place.items() if key.startswith("x-")]
    total = len(members)
    records = value.get("records")
    for rows in records.values() if isinstance(records, dict) else ():
        # a set's keys are gathered in C, then each x- key's values: testing every key of
        # every record in Python cost up to 3× a clean file (an x- column on every row)
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            return -1  # a set the typed decode dropped (an undeclared one) holding non-records
        extensions = [k for k in set().union(*rows) if k.startswith("x-")]
        for key in extensions:
            found = [r[key] for r in rows if key in r]
            total += len(found)
            members += [(m, 4) for m in found if isinstance(m, (dict, list))]
    for member, depth in members:
        inner = _nested_keys(member, below=jsontext.MAX_DEPTH - depth)
        if inner < 0:
            return -1
        total += inner
    return total


def _nested_keys(value: Any, *, below: int) -> int:
    """The keys of every object in ``value``; -1 if it nests more than ``below`` levels."""
    if not isinstance(value, (dict, list)):
        return 0
    stack, total = [(value, 1)], 0
    while stack:
        node, depth = stack.pop()
        if depth > below:
            return -1
        members: Iterable[Any] = node
        if isinstance(node, dict):
            total += len(node)
            members = node.values()
        deeper = depth + 1
        for member in members:  # only containers go on the stack: records hold mostly scalars
            if isinstance(member, (dict, list)):
                stack.append((member, deeper))
    return total


def untyped(raw: bytes) -> Any:
    """The whole document decoded without types (msgspec), if that value is the one the
    locating parser would give, else None: no duplicate key, nothing nested past its limit,
    no number out of range, no character the parser has its own word for. A file with one
    bad date among a million records is then judged without the parser's walk over every
    character (54 s and 2.4 GB for 137 MB; its problems are placed record by record)."""
    body = strip_bom(raw)
    if suspicious(body):
        return None
    try:
        value = msgspec.json.decode(body)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError):
        return None
    keys = _nested_keys(value, below=jsontext.MAX_DEPTH)
    if keys < 0 or packed(body).count(b'":') != keys:
        return None  # a duplicate key (the count can only be too high), or too deep
    return value


def placed_warnings(
    raw: bytes, doc: Mapping[str, Any], problems: list[Diagnostic], display: str
) -> list[Diagnostic]:
    """The warnings of a file the fast path accepted, with their lines and columns."""
    return sorted(place(raw, doc, problems, display), key=Diagnostic.sort_key)


def place(raw: bytes, doc: Any, problems: list[Diagnostic], display: str) -> list[Diagnostic]:
    """``problems`` of ``doc`` (decoded from ``raw``) with their lines and columns.

    A problem in a record (one outside the period, a bad date) is placed by parsing that
    record alone: found by its id after its set's key, its bytes from the ``{`` before to
    the ``}`` after, confirmed by parsing them to the same record. A problem with the whole
    document is placed at its first character. The positions are those the whole-text
    parse would give; whatever cannot be placed this way is placed by it.
    """
    from audit.evidence.locate import line_columns

    if not problems:
        return []
    unique: dict[str, bool] = {}
    after: dict[str, tuple[int, int]] = {}
    # each record is found and parsed once for all its problems (a record with 10,000
    # unknown keys was parsed 10,000 times), for the paths they need
    wanted: dict[tuple[Any, Any], set[tuple[Any, ...]]] = {}
    for problem in problems:
        path = problem.path or ()
        if len(path) >= 3 and path[0] == "records":
            inner = tuple(path[3:])
            wanted.setdefault((path[1], path[2]), set()).update(
                inner[:n] for n in range(len(inner) + 1)
            )
    records: dict[tuple[Any, Any], _Record | None] = {}
    placed: list[Diagnostic] = []
    at: list[tuple[Diagnostic, int]] = []  # placed in a record: their byte offsets
    rest: list[Diagnostic] = []
    body = strip_bom(raw)  # positions count from after a byte-order mark, as the parse does
    for problem in problems:
        whole = _place_whole(raw, problem, display)
        offset = (
            None
            if whole is not None
            else _offset_in_record(
                body, doc, problem, unique=unique, after=after, wanted=wanted, found=records
            )
        )
        if whole is not None:
            placed.append(whole)
        elif offset is not None:
            at.append((problem, offset))
        else:
            rest.append(problem)
    # thousands of problems (an unknown key in every record) are placed in one pass
    lines = line_columns(body, (offset for _, offset in at))
    for problem, offset in at:
        line, col = lines[offset]
        placed.append(problem.located(file=display, line=line, col=col))
    if rest:  # the text is valid JSON without duplicate keys: reading stops at the last one
        text = strip_bom(raw).decode("utf-8")
        placed += jsontext.locate(text, rest, display, until_found=True)
    return placed


def _place_whole(raw: bytes, problem: Diagnostic, display: str) -> Diagnostic | None:
    """A problem of the document itself (a key missing at the top): at its first ``{``; a
    problem of the file, not of a place in it, as it is."""
    from audit.evidence.locate import position_of

    if problem.path is None:
        return problem.located(file=display, line=problem.line, col=problem.col)
    if problem.path != ():
        return None
    body = strip_bom(raw)
    start = len(body) - len(body.lstrip(_JSON_WHITESPACE))
    line, col = position_of(body, start)
    return problem.located(file=display, line=line, col=col)


@dataclass
class _Record:
    """A record found and parsed once: where it starts, its text, its positions, and the
    last character offset turned into a byte offset (problems come in file order)."""

    start: int
    piece: str
    parsed: Any
    chars: int = 0
    bytes_: int = 0

    def byte_offset(self, chars: int) -> int:
        if self.piece.isascii():
            return self.start + chars
        if chars < self.chars:  # out of order: count from the record's start
            self.chars = self.bytes_ = 0
        self.bytes_ += len(self.piece[self.chars : chars].encode("utf-8"))
        self.chars = chars
        return self.start + self.bytes_


def _offset_in_record(
    raw: bytes,
    doc: Any,
    problem: Diagnostic,
    *,
    unique: dict[str, bool],
    after: dict[str, tuple[int, int]],
    wanted: dict[tuple[Any, Any], set[tuple[Any, ...]]],
    found: dict[tuple[Any, Any], _Record | None],
) -> int | None:
    """The byte offset of ``problem`` in ``raw`` (without a byte-order mark), found in its
    record, or None. ``after`` keeps, per set, the index and end of the record last found:
    a later record of the set is searched for from there. ``found`` keeps each record
    parsed (for the ``wanted`` paths of all its problems), or None where it cannot be."""
    path = problem.path or ()
    if len(path) < 3 or path[0] != "records":
        return None
    key = (path[1], path[2])
    if key not in found:
        found[key] = _find_record(
            raw, doc, key, unique=unique, after=after, want=wanted.get(key, set())
        )
    record = found[key]
    if record is None:
        return None
    offset = jsontext.offset_of(record.parsed.positions, replace(problem, path=tuple(path[3:])))
    return None if offset is None else record.byte_offset(offset)


def _find_record(
    raw: bytes,
    doc: Any,
    key: tuple[Any, Any],
    *,
    unique: dict[str, bool],
    after: dict[str, tuple[int, int]],
    want: set[tuple[Any, ...]],
) -> _Record | None:
    from audit.evidence.locate import find_record

    name, index = key
    try:
        records = doc["records"][name]
        record = records[index]
        record_id = record["id"]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(record_id, str) or not isinstance(name, str):
        return None
    if name not in unique:  # a repeated id would find the first record of that id
        ids = [r.get("id") for r in records if isinstance(r, dict)]
        unique[name] = len(ids) == len(records) == len(set(map(repr, ids)))
    if not unique[name] or not isinstance(index, int):
        return None
    last = after.get(name)
    span = find_record(raw, name, record_id, last[1] if last and last[0] < index else None)
    if span is None:
        return None
    start, end = span
    while raw.count(b"{", start, end) > raw.count(b"}", start, end):  # an x- object inside
        end = raw.find(b"}", end) + 1
        if end == 0:
            return None
    try:
        piece = raw[start:end].decode("utf-8")
        parsed = jsontext.parse(piece, want=want)
    except (UnicodeDecodeError, jsontext.JsonSyntaxError):
        return None
    value = parsed.value
    if not isinstance(value, dict) or value.get("id") != record_id:
        return None  # the bytes found are not this record after all
    if {k for k in value if not k.startswith("x-")} != set(record):  # (decoding drops x-)
        return None
    after[name] = (index, end)
    return _Record(start, piece, parsed)


def _count_keys(doc: Mapping[str, Any]) -> int:
    total = len(doc)
    for key in ("agency", "period", "submitted_by", "responsible", "facts"):
        part = doc.get(key)
        if part is not None:
            total += len(part)
    records = doc.get("records")
    if records is not None:
        total += len(records)
        for entries in records.values():
            total += sum(map(len, entries))
    documents = doc.get("documents")
    if documents is not None:
        total += sum(map(len, documents))
    items = doc.get("items")
    if items is not None:
        total += len(items)
        for claim in items.values():
            total += len(claim)
            total += len(claim.get("responsible") or ())
            exemption = claim.get("exemption")
            if exemption is not None:
                total += len(exemption) + len(exemption["conditions"])
    return total
