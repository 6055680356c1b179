"""Strict JSON parsing that knows where everything is.

The fast path decodes evidence with msgspec, which stops at the first problem and reports no
line numbers. When a file is not clean, this module parses it again in pure Python to give
every problem a position: syntax errors, duplicate keys, NaN, nesting deeper than the limit,
and, on request, the line and column of any JSON path that a validator complained about.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from audit.diagnostics import Diagnostic, JsonPath, PathSegment

MAX_DEPTH = 64

_WS = re.compile(r"[ \t\n\r]*")
_SIMPLE_STRING = re.compile(r'"([^"\\\x00-\x1f]*)"')
_STRING_CHUNK = re.compile(r'[^"\\\x00-\x1f]*')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LOOSE_NUMBER = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]*)?")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_LONE_CR = re.compile(r"\r(?!\n)")
_NON_FINITE = ("NaN", "Infinity", "-Infinity", "+Infinity", "-NaN")
# What a Chinese input method types for JSON's punctuation and digits, and the character
# JSON wants: “key”：１，
FULL_WIDTH = {
    "“": '"', "”": '"', "‘": '"', "’": '"', "，": ",", "：": ":", "｛": "{", "｝": "}",
    "［": "[", "］": "]", "【": "[", "】": "]", "－": "-", "．": ".", "＋": "+", "＝": "=",
    "\u3000": " ",  # the full-width space
    **{chr(0xFF10 + n): str(n) for n in range(10)},
    **{chr(0xFF41 + n): chr(0x61 + n) for n in range(26)},  # ｔrue
}  # fmt: skip
_NAMED_BY_CHAR = frozenset({"json.unexpected-char", "json.unquoted-key"})


class JsonSyntaxError(Exception):
    """The text is not strict JSON; ``offset`` is a character offset into the text."""

    def __init__(self, code: str, offset: int, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.offset = offset
        self.args_map = args
        self.path: JsonPath | None = None
        self.parsed: Parsed | None = None  # what was noted before it (duplicates, ranges)


@dataclass(slots=True)
class Duplicate:
    """A key that occurs twice in one object: where the repeat is and where the first was."""

    path: JsonPath
    offset: int
    first_offset: int


@dataclass(slots=True)
class OutOfRange:
    """A number too large for a float (or with more digits than Python converts)."""

    path: JsonPath
    offset: int
    token: str


@dataclass(slots=True)
class Parsed:
    """The parsed value, its duplicates, its numbers out of range (parsed as infinity, so
    that the rest of the document can still be checked), and the positions asked for."""

    value: Any
    duplicates: list[Duplicate] = field(default_factory=list)
    positions: dict[JsonPath, tuple[int | None, int]] = field(default_factory=dict)
    out_of_range: list[OutOfRange] = field(default_factory=list)


class _Want:
    """A trie of the JSON paths whose positions a caller wants."""

    __slots__ = ("children", "wanted")

    def __init__(self) -> None:
        self.children: dict[PathSegment, _Want] = {}
        self.wanted = False

    @classmethod
    def of(cls, paths: Iterable[JsonPath]) -> _Want:
        root = cls()
        for path in paths:
            node = root
            for segment in path:
                node = node.children.setdefault(segment, cls())
            node.wanted = True
        return root


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: JsonPath
    want: _Want | None
    key: str = ""
    key_offset: int = 0
    key_offsets: dict[str, int] | None = None


class LineIndex:
    """Turns character offsets into 1-based (line, column) pairs."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        if "\r" in text:  # a lone CR ends a line too (old Mac files): same offsets
            text = _LONE_CR.sub("\n", text)
        find = text.find
        pos = find("\n")
        while pos != -1:
            self._starts.append(pos + 1)
            pos = find("\n", pos + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column (both from 1) of a character offset."""
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def parse(
    text: str,
    *,
    want: Iterable[JsonPath] = (),
    max_depth: int = MAX_DEPTH,
    until_found: bool = False,
) -> Parsed:
    """Parse strict RFC 8259 JSON; raise :class:`JsonSyntaxError` at the first syntax error.

    Duplicate keys do not stop the parse (the last value wins, as in most parsers); they are
    listed in the result so that every one of them can be reported. ``until_found`` stops
    as soon as every path of ``want`` has a position (the value is then incomplete): for
    text known to be valid JSON without duplicate keys, where only positions are wanted.
    """
    return _Parser(text, _Want.of(want), max_depth, until_found=until_found).run()


class _Found(Exception):
    """Every wanted position is known: the rest of the text need not be read."""


class _Parser:
    def __init__(self, text: str, want: _Want, max_depth: int, *, until_found: bool) -> None:
        self.text = text
        self.n = len(text)
        self.want_root: _Want | None = want if (want.children or want.wanted) else None
        self.max_depth = max_depth
        self.result = Parsed(None)
        self.missing = _count_wanted(want) if until_found else -1

    # -- scanning helpers -------------------------------------------------------------------

    def ws(self, i: int) -> int:
        m = _WS.match(self.text, i)
        j = m.end() if m else i
        if j < self.n and self.text[j] == "/" and self.text[j + 1 : j + 2] in ("/", "*"):
            raise JsonSyntaxError("json.comment", j)
        return j

    def peek(self, i: int) -> str:
        return self.text[i] if i < self.n else ""

    def string(self, i: int) -> tuple[str, int]:
        """Scan a string starting at the quote at ``i``; return its value and the end offset."""
        m = _SIMPLE_STRING.match(self.text, i)
        if m:
            return m.group(1), m.end()
        parts: list[str] = []
        j = i + 1
        text = self.text
        while True:
            m2 = _STRING_CHUNK.match(text, j)
            assert m2 is not None  # the pattern matches the empty string
            parts.append(m2.group())
            j = m2.end()
            if j >= self.n:
                raise JsonSyntaxError("json.unexpected-end", j, expected="quote")
            c = text[j]
            if c == '"':
                return "".join(parts), j + 1
            if c == "\\":
                esc = text[j + 1 : j + 2]
                if esc in _ESCAPES:
                    parts.append(_ESCAPES[esc])
                    j += 2
                elif esc == "u":
                    char, j = self.unicode_escape(j)
                    parts.append(char)
                else:
                    raise JsonSyntaxError("json.bad-escape", j, escape="\\" + esc)
            elif c in "\n\r":
                raise JsonSyntaxError("json.string-eol", j)
            else:
                raise JsonSyntaxError("json.control-in-string", j, codepoint=f"U+{ord(c):04X}")

    def unicode_escape(self, j: int) -> tuple[str, int]:
        hex4 = self.text[j + 2 : j + 6]
        if not re.fullmatch(r"[0-9a-fA-F]{4}", hex4):
            raise JsonSyntaxError("json.bad-escape", j, escape=self.text[j : j + 6])
        code = int(hex4, 16)
        if 0xD800 <= code <= 0xDBFF:
            low = self.text[j + 6 : j + 12]
            if re.fullmatch(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", low):
                low_code = int(low[2:], 16)
                return chr(0x10000 + ((code - 0xD800) << 10) + (low_code - 0xDC00)), j + 12
            raise JsonSyntaxError("json.lone-surrogate", j, escape=self.text[j : j + 6])
        if 0xDC00 <= code <= 0xDFFF:
            raise JsonSyntaxError("json.lone-surrogate", j, escape=self.text[j : j + 6])
        return chr(code), j + 6

    def number(self, i: int) -> tuple[int | float, int]:
        m = _NUMBER.match(self.text, i)
        end = m.end() if m else i
        loose = _LOOSE_NUMBER.match(self.text, i)
        if m is None or (loose is not None and loose.end() > end):
            token = loose.group() if loose else self.text[i : i + 1]
            raise JsonSyntaxError("json.bad-number", i, token=token)
        token = m.group()
        try:
            if "." in token or "e" in token or "E" in token:
                value: int | float = float(token)
                if value in (float("inf"), float("-inf")):
                    raise ValueError(token)
                return value, end
            return int(token), end  # ValueError past sys.int_info.str_digits_check_threshold
        except ValueError:  # valid JSON all the same: note it and read on
            self.result.out_of_range.append(OutOfRange(self.path, i, _clip(token)))
            return float("-inf") if token.startswith("-") else float("inf"), end

    def literal_or_error(self, i: int) -> tuple[Any, int]:
        text = self.text
        for word, value in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, i):
                return value, i + len(word)
        for word in _NON_FINITE:
            if text.startswith(word, i):
                raise JsonSyntaxError("json.non-finite", i, token=word)
        c = self.peek(i)
        if c == "":
            raise JsonSyntaxError("json.unexpected-end", i, expected="value")
        if c == "'":
            raise JsonSyntaxError("json.single-quote", i)
        if c in "}]":
            raise JsonSyntaxError("json.unexpected-char", i, char=c, expected="value")
        if c == ",":
            raise JsonSyntaxError("json.unexpected-char", i, char=c, expected="value")
        bare = re.match(r"[A-Za-z_\u0080-\uffff]+", text[i : i + 40])
        raise JsonSyntaxError(
            "json.unexpected-char", i, char=bare.group() if bare else c, expected="value"
        )

    # -- the parse loop ---------------------------------------------------------------------

    def record(self, node: _Want | None, path: JsonPath, key_off: int | None, off: int) -> None:
        if node is not None and node.wanted:
            if path not in self.result.positions:
                self.missing -= 1
            self.result.positions[path] = (key_off, off)
            if self.missing == 0:
                raise _Found

    def child(self, frame: _Frame, segment: PathSegment) -> _Want | None:
        return frame.want.children.get(segment) if frame.want is not None else None

    def key(self, frame: _Frame, i: int) -> int:
        """Read ``"key" :`` at ``i`` into ``frame``; return the offset of the value."""
        if self.peek(i) != '"':
            if self.peek(i) == "}":
                raise JsonSyntaxError("json.trailing-comma", i)
            if self.peek(i) == "'":
                raise JsonSyntaxError("json.single-quote", i)
            if self.peek(i) == "":
                raise JsonSyntaxError("json.unexpected-end", i, expected="key")
            raise JsonSyntaxError("json.unquoted-key", i)
        key, j = self.string(i)
        assert frame.key_offsets is not None
        first = frame.key_offsets.get(key)
        if first is not None:
            self.result.duplicates.append(Duplicate((*frame.path, key), i, first))
        frame.key_offsets[key] = i
        frame.key = key
        frame.key_offset = i
        j = self.ws(j)
        if self.peek(j) != ":":
            if self.peek(j) == "":
                raise JsonSyntaxError("json.unexpected-end", j, expected="colon")
            raise JsonSyntaxError("json.unexpected-char", j, char=self.peek(j), expected="colon")
        return self.ws(j + 1)

    def run(self) -> Parsed:
        self.path: JsonPath = ()
        try:
            return self._run()
        except _Found:
            return self.result
        except JsonSyntaxError as exc:
            # Where the parser was; a deep nest is named by an ancestor, not 64 brackets.
            exc.path = self.path[:10] if exc.code == "json.too-deep" else self.path
            exc.parsed = self.result
            found = self.text[exc.offset : exc.offset + 1]
            if exc.code in _NAMED_BY_CHAR and found in FULL_WIDTH:
                # typed with a Chinese input method: say so, and what to type instead
                exc.code, exc.args_map = (
                    "json.full-width",
                    {"char": found, "ascii": FULL_WIDTH[found]},
                )
            elif exc.code in _NAMED_BY_CHAR and found == "\ufeff":  # one mark is read past
                exc.code, exc.args_map = "json.stray-bom", {}
            raise

    def _run(self) -> Parsed:
        stack: list[_Frame] = []
        i = self.ws(0)
        if i >= self.n:
            raise JsonSyntaxError("json.unexpected-end", i, expected="value")
        node: _Want | None = self.want_root
        path: JsonPath = ()
        key_off: int | None = None
        while True:
            # A value starts at i; its path, trie node and key offset are known.
            self.path = path
            c = self.peek(i)
            value: Any
            if c in {"{", "["}:
                if len(stack) >= self.max_depth:
                    raise JsonSyntaxError("json.too-deep", i, limit=self.max_depth)
                self.record(node, path, key_off, i)
                if c == "{":
                    frame = _Frame({}, path, node, key_offsets={})
                    j = self.ws(i + 1)
                    if self.peek(j) == "}":
                        value, i = frame.container, j + 1
                    else:
                        stack.append(frame)
                        i = self.key(frame, j)
                        path = (*frame.path, frame.key)
                        node, key_off = self.child(frame, frame.key), frame.key_offset
                        continue
                else:
                    frame = _Frame([], path, node)
                    j = self.ws(i + 1)
                    if self.peek(j) == "]":
                        value, i = frame.container, j + 1
                    else:
                        stack.append(frame)
                        i = j
                        path, node, key_off = (*frame.path, 0), self.child(frame, 0), None
                        continue
            else:
                self.record(node, path, key_off, i)
                if c == '"':
                    value, i = self.string(i)
                elif c == "-" or "0" <= c <= "9":
                    if self.text.startswith("-Infinity", i):
                        raise JsonSyntaxError("json.non-finite", i, token="-Infinity")
                    value, i = self.number(i)
                elif c in (".", "+"):  # not `in ".+"`: the end of the text ("") is in every str
                    raise JsonSyntaxError("json.bad-number", i, token=_loose(self.text, i))
                else:
                    value, i = self.literal_or_error(i)
            # The value is complete: attach it, then read a separator or a closing bracket.
            while True:
                self.path = stack[-1].path if stack else ()
                if not stack:
                    i = self.ws(i)
                    if i < self.n:
                        raise JsonSyntaxError("json.trailing-data", i)
                    self.result.value = value
                    return self.result
                frame = stack[-1]
                container = frame.container
                i = self.ws(i)
                c = self.peek(i)
                if isinstance(container, dict):
                    container[frame.key] = value
                    if c == ",":
                        i = self.key(frame, self.ws(i + 1))
                        path = (*frame.path, frame.key)
                        node, key_off = self.child(frame, frame.key), frame.key_offset
                        break
                    if c == "}":
                        stack.pop()
                        value, i = container, i + 1
                        continue
                    expected = "comma-or-brace"
                else:
                    container.append(value)
                    if c == ",":
                        i = self.ws(i + 1)
                        if self.peek(i) == "]":
                            raise JsonSyntaxError("json.trailing-comma", i)
                        index = len(container)
                        path, node, key_off = (*frame.path, index), self.child(frame, index), None
                        break
                    if c == "]":
                        stack.pop()
                        value, i = container, i + 1
                        continue
                    expected = "comma-or-bracket"
                if c == "":
                    raise JsonSyntaxError("json.unexpected-end", i, expected=expected)
                raise JsonSyntaxError("json.unexpected-char", i, char=c, expected=expected)


def _count_wanted(want: _Want) -> int:
    stack, total = [want], 0
    while stack:
        node = stack.pop()
        total += node.wanted
        stack.extend(node.children.values())
    return total


def _clip(token: str) -> str:
    return token if len(token) <= 24 else token[:20] + "…"


def _loose(text: str, i: int) -> str:
    m = _LOOSE_NUMBER.match(text, i)
    return m.group() if m else text[i : i + 1]


def locate(
    text: str,
    problems: list[Diagnostic],
    display: str,
    index: LineIndex | None = None,
    *,
    until_found: bool = False,
) -> list[Diagnostic]:
    """Fill in line and column for problems that carry a JSON path (``until_found``: see
    :func:`parse`; a path not in the text still means reading all of it)."""
    wanted = {p.path[:n] for p in problems if p.path is not None for n in range(len(p.path) + 1)}
    positions = parse(text, want=wanted, until_found=until_found).positions if wanted else {}
    lines = index or LineIndex(text)
    located = []
    for problem in problems:
        offset = _offset(positions, problem)
        line, col = lines.position(offset) if offset is not None else (None, None)
        located.append(problem.located(file=display, line=line, col=col))
    return located


def offset_of(positions: Mapping[Any, tuple[int | None, int]], problem: Diagnostic) -> int | None:
    """Where ``problem`` is in the text whose ``positions`` a parse gave (its key or its
    value, or the nearest ancestor found)."""
    return _offset(positions, problem)


def _offset(positions: Mapping[Any, tuple[int | None, int]], problem: Diagnostic) -> int | None:
    path = problem.path
    if path is None:
        return None
    probe = tuple(path)
    while True:
        found = positions.get(probe)
        if found is not None:
            key_offset, value_offset = found
            if probe == path and problem.at == "key" and key_offset is not None:
                return key_offset
            return value_offset
        if not probe:
            return None
        probe = probe[:-1]


def noted(parsed: Parsed, index: LineIndex, display: str) -> list[Diagnostic]:
    """The duplicate keys and out-of-range numbers a parse noted, as located problems."""
    problems: list[Diagnostic] = []
    for dup in parsed.duplicates:
        line, col = index.position(dup.offset)
        first_line, first_col = index.position(dup.first_offset)
        problems.append(
            Diagnostic(
                "json.duplicate-key",
                {"key": dup.path[-1], "first_line": first_line, "first_col": first_col},
                file=display,
                path=dup.path,
                at="key",
                line=line,
                col=col,
            )
        )
    for big in parsed.out_of_range:
        line, col = index.position(big.offset)
        problems.append(
            Diagnostic(
                "json.number-range",
                {"token": big.token},
                file=display,
                path=big.path,
                line=line,
                col=col,
            )
        )
    return problems


def syntax_problems(exc: JsonSyntaxError, index: LineIndex, display: str) -> list[Diagnostic]:
    """A syntax error as located problems: what the parse noted before it (duplicate keys,
    numbers out of range), then the error itself."""
    noted_before = noted(exc.parsed, index, display) if exc.parsed is not None else []
    line, col = index.position(exc.offset)
    error = Diagnostic(exc.code, exc.args_map, file=display, path=exc.path, line=line, col=col)
    return [*noted_before, error]
