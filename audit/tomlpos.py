"""Where a key of a (syntactically valid) TOML file is: path → line and column.

tomllib parses but forgets positions. Checklist, registry and tailoring errors must name
the line, so this scanner walks the text once, following tables, arrays of tables, dotted
keys, inline tables and arrays, and remembers where every key and array element starts.
"""

from __future__ import annotations

import contextlib
import re

from audit.diagnostics import JsonPath, PathSegment

_BARE = re.compile(r"[A-Za-z0-9_-]+")


class TomlPositions:
    """Positions of the keys and array elements of one TOML text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.positions: dict[JsonPath, int] = {}
        self._array_counts: dict[JsonPath, int] = {}
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        # Never let a locator failure hide the real error: keep what was found so far.
        with contextlib.suppress(IndexError, ValueError):
            self._scan()

    # -- public -----------------------------------------------------------------------------

    def locate(self, path: JsonPath) -> tuple[int, int] | None:
        """Line and column (1-based) of ``path``, or of its longest known prefix."""
        probe = tuple(path)
        while probe:
            offset = self.positions.get(probe)
            if offset is not None:
                return self._line_col(offset)
            probe = probe[:-1]
        return None

    # -- scanning ---------------------------------------------------------------------------

    def _line_col(self, offset: int) -> tuple[int, int]:
        import bisect

        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _skip_ws(self, i: int, *, newlines: bool) -> int:
        text = self.text
        while i < self.n:
            c = text[i]
            if c in " \t\r" or (newlines and c == "\n"):
                i += 1
            elif c == "#":
                while i < self.n and text[i] != "\n":
                    i += 1
            else:
                break
        return i

    def _key(self, i: int) -> tuple[list[tuple[str, int]], int]:
        """A (dotted) key at ``i``: its parts with their offsets, and the offset after it."""
        parts: list[tuple[str, int]] = []
        while True:
            i = self._skip_ws(i, newlines=False)
            start = i
            if self.text[i] in "\"'":
                value, i = self._string(i)
            else:
                m = _BARE.match(self.text, i)
                if not m:
                    raise ValueError("not a key")
                value, i = m.group(), m.end()
            parts.append((value, start))
            i = self._skip_ws(i, newlines=False)
            if i < self.n and self.text[i] == ".":
                i += 1
                continue
            return parts, i

    def _string(self, i: int) -> tuple[str, int]:
        text = self.text
        quote = text[i]
        if text.startswith(quote * 3, i):
            end = text.index(quote * 3, i + 3)
            while text.startswith(quote, end + 3):  # up to two quotes may close the string
                end += 1
            return text[i + 3 : end], end + 3
        j = i + 1
        chars: list[str] = []
        while text[j] != quote:
            if quote == '"' and text[j] == "\\":
                chars.append(text[j : j + 2])
                j += 2
                continue
            chars.append(text[j])
            j += 1
        raw = "".join(chars)
        if quote == '"':
            with contextlib.suppress(UnicodeError, ValueError):
                raw = raw.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
        return raw, j + 1

    def _value(self, i: int, path: JsonPath) -> int:
        """Scan a value at ``i`` (recording nested positions); return the offset after it."""
        text = self.text
        c = text[i]
        if c in "\"'":
            return self._string(i)[1]
        if c == "[":
            j = self._skip_ws(i + 1, newlines=True)
            index = 0
            while text[j] != "]":
                self.positions[(*path, index)] = j
                j = self._value(j, (*path, index))
                index += 1
                j = self._skip_ws(j, newlines=True)
                if text[j] == ",":
                    j = self._skip_ws(j + 1, newlines=True)
            return j + 1
        if c == "{":
            j = self._skip_ws(i + 1, newlines=False)
            while text[j] != "}":
                parts, j = self._key(j)
                key_path = self._record_key(path, parts)
                j = self._skip_ws(j, newlines=False)
                if text[j] != "=":
                    raise ValueError("expected =")
                j = self._skip_ws(j + 1, newlines=False)
                j = self._value(j, key_path)
                j = self._skip_ws(j, newlines=True)
                if text[j] == ",":
                    j = self._skip_ws(j + 1, newlines=True)
            return j + 1
        m = re.compile(r"[^,\]}\n#]*").match(text, i)
        assert m is not None
        return m.end()

    def _record_key(self, table: JsonPath, parts: list[tuple[str, int]]) -> JsonPath:
        path = table
        for name, offset in parts:
            path = (*path, name)
            self.positions.setdefault(path, offset)
        return path

    def _scan(self) -> None:
        text = self.text
        table: JsonPath = ()
        i = 0
        while i < self.n:
            i = self._skip_ws(i, newlines=True)
            if i >= self.n:
                break
            if text[i] == "[":
                is_array = text.startswith("[[", i)
                start = i
                parts, j = self._key(i + (2 if is_array else 1))
                table = self._header(parts, is_array, start)
                i = j + (2 if is_array else 1)
                continue
            parts, j = self._key(i)
            key_path = self._record_key(table, parts)
            j = self._skip_ws(j, newlines=False)
            if text[j] != "=":
                raise ValueError("expected =")
            j = self._skip_ws(j + 1, newlines=False)
            i = self._value(j, key_path)

    def _header(self, parts: list[tuple[str, int]], is_array: bool, start: int) -> JsonPath:
        """The data path a table header opens; arrays of tables count their elements."""
        path: JsonPath = ()
        for index, (name, offset) in enumerate(parts):
            path = (*path, name)
            last = index == len(parts) - 1
            self.positions.setdefault(path, offset if not last else start)
            if path in self._array_counts and not last:
                path = (*path, self._array_counts[path] - 1)
        if is_array:
            count = self._array_counts.get(path, 0)
            self._array_counts[path] = count + 1
            element: tuple[PathSegment, ...] = (*path, count)
            self.positions[element] = start
            return element
        self.positions[path] = start
        return path
