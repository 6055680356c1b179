"""Reading a result file back: the fast decode accepts only what the strict reader would,
with the same value."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.engine.stored import _decoded


def _strict(text: str) -> Any:
    """Python's json, refusing a repeated key (what the result reader refuses)."""

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        found = dict(pairs)
        if len(found) != len(pairs):
            raise ValueError("repeated key")
        return found

    return json.loads(text, object_pairs_hook=unique)


# Keys and texts built from the characters that could fool a count of `":`: quotes,
# colons, spaces, backslashes, braces, and Chinese text.
_CHARS = st.sampled_from(['"', ":", " ", "\\", "{", "}", ",", "a", "b", "审", "/", "\n"])
_TEXT = st.text(_CHARS, max_size=6)


def _spelled(text: str, rng: st.DataObject) -> str:
    """``text`` as a JSON string, with the escapes a hand or another tool may choose."""
    out = []
    for ch in text:
        choice = rng.draw(st.integers(0, 2))
        if ch == '"':
            out.append(['\\"', "\\u0022", '\\"'][choice])
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "/":
            out.append(["/", "\\/", "/"][choice])
        elif ch == ":":
            out.append([":", "\\u003a", ":"][choice])
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _document(rng: st.DataObject, depth: int = 0) -> str:
    """A JSON object, spaced at random, whose keys may repeat and whose strings may hold
    anything above."""
    members = []
    for _ in range(rng.draw(st.integers(0, 4))):
        key = _spelled(rng.draw(_TEXT), rng)
        kind = rng.draw(st.integers(0, 3 if depth < 3 else 1))
        if kind == 0:
            value = _spelled(rng.draw(_TEXT), rng)
        elif kind == 1:
            value = str(rng.draw(st.integers(-(10**20), 10**20)))
        elif kind == 2:
            value = _document(rng, depth + 1)
        else:
            value = "[" + ", ".join(_document(rng, depth + 1) for _ in range(2)) + "]"
        space = rng.draw(st.sampled_from(["", " ", "\n  ", "\t"]))
        members.append(f"{key}{space}:{space}{value}")
    return "{" + ", ".join(members) + "}"


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_the_fast_decode_takes_only_what_the_strict_reader_takes(data: st.DataObject) -> None:
    text = _document(data)
    fast = _decoded(text.encode("utf-8"))
    try:
        strict = _strict(text)
    except ValueError:  # a repeated key: the fast decode must have left it to the reader
        assert fast is None, text
        return
    assert fast is None or fast == strict, text


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ('{"a": "x\\":", "b": 1}', {"a": 'x":', "b": 1}),  # a key end inside a string
        ('{"a": "x\\":", "a": 1}', None),  # the same count of `":`, one key twice
        ('{"a": 1, "a": "\\u0022:"}', None),  # its quote is the second `":` once re-spelled
        ('\ufeff{"a" : 1}', {"a": 1}),  # a byte-order mark, space before a colon
        ('{"a": NaN}', None),
        ('{"a": 1e400}', None),
    ],
)
def test_the_fast_decode_on_the_cases_that_could_fool_it(text: str, taken: Any) -> None:
    assert _decoded(text.encode("utf-8")) == taken


def test_an_escaped_surrogate_pair_is_read_as_pythons_json_reads_it() -> None:
    """Only a lone surrogate goes to the locating parser (it refuses it); an escaped emoji
    is a pair, read by Python's json as before, nesting limit included (the parser's is 64,
    Python's about 990: the same value must not be refused for how it is spelled)."""
    from audit.engine.stored import _strict_json
    from audit.errors import ConfigError

    deep = "[" * 70 + "]" * 70
    text = '{"name": "\\ud83d\\ude00", "note": ' + deep + "}"
    assert _strict_json(text, "r.json") == json.loads(text)
    with pytest.raises(ConfigError) as refused:
        _strict_json('{"name": "\\ud800 x"}', "r.json")
    assert "lone surrogate" in refused.value.diagnostics[0].message("en")
