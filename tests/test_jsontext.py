"""The located JSON parser: strictness, positions, and agreement with the stdlib parser."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.jsontext import JsonSyntaxError, LineIndex, parse

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON, st.booleans())
def test_parses_what_the_stdlib_writes(value: object, indent: bool) -> None:
    text = json.dumps(value, indent=2 if indent else None, ensure_ascii=bool(indent))
    assert parse(text).value == value


@given(st.text(max_size=60))
@settings(max_examples=300)
def test_arbitrary_text_is_parsed_or_rejected_with_an_offset(text: str) -> None:
    try:
        parsed = parse(text)
    except JsonSyntaxError as exc:
        assert 0 <= exc.offset <= len(text)
        assert exc.code.startswith("json.")
    else:
        reference = json.loads(text)
        assert parsed.value == reference or (isinstance(reference, float) and math.isnan(reference))


@pytest.mark.parametrize(
    ("text", "code", "offset"),
    [
        ("", "json.unexpected-end", 0),
        ('{"a": 1,}', "json.trailing-comma", 8),
        ("[1, 2,]", "json.trailing-comma", 6),
        ('{"a": NaN}', "json.non-finite", 6),
        ('{"a": Infinity}', "json.non-finite", 6),
        ('{"a": -Infinity}', "json.non-finite", 6),
        ('{"a": 01}', "json.bad-number", 6),
        ('{"a": 1.}', "json.bad-number", 6),
        ('{"a": .5}', "json.bad-number", 6),
        ('{"a": "\\ud800"}', "json.lone-surrogate", 7),
        ('{"a": "\\q"}', "json.bad-escape", 7),
        ('{"a": "x\ny"}', "json.string-eol", 8),
        ('{"a": "x\x01"}', "json.control-in-string", 8),
        ('{"a": 1} {}', "json.trailing-data", 9),
        ("{'a': 1}", "json.single-quote", 1),
        ("{a: 1}", "json.unquoted-key", 1),
        ('{"a" 1}', "json.unexpected-char", 5),
        ('{"a": 1 "b": 2}', "json.unexpected-char", 8),
        ("// c\n{}", "json.comment", 0),
        ('{"a": tru}', "json.unexpected-char", 6),
        ('{"a": "x', "json.unexpected-end", 8),
    ],
)
def test_syntax_errors_name_what_and_where(text: str, code: str, offset: int) -> None:
    with pytest.raises(JsonSyntaxError) as info:
        parse(text)
    assert (info.value.code, info.value.offset) == (code, offset)


def test_numbers_out_of_range_are_noted_and_the_parse_goes_on() -> None:
    """1e999 is valid JSON that no float holds: one problem at its place, not the end of
    the file's checking."""
    digits = "9" * 5000  # more than int() converts
    parsed = parse('{"a": 1e999, "b": [-1e999, ' + digits + '], "c": 2}')
    assert [(big.path, big.offset, big.token[:6]) for big in parsed.out_of_range] == [
        (("a",), 6, "1e999"),
        (("b", 0), 19, "-1e999"),
        (("b", 1), 27, "999999"),
    ]
    assert parsed.value["c"] == 2
    assert parsed.value["b"][0] == -math.inf


def test_nesting_is_limited_without_recursion() -> None:
    deep = "[" * 1_000_000 + "]" * 1_000_000
    with pytest.raises(JsonSyntaxError) as info:
        parse(deep)
    assert info.value.code == "json.too-deep"
    assert info.value.offset == 64
    assert parse("[" * 64 + "]" * 64).value is not None


def test_duplicate_keys_are_all_listed_and_the_last_value_wins() -> None:
    parsed = parse('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}')
    assert parsed.value == {"a": 3, "b": {"c": 2}}
    assert [(d.path, d.offset, d.first_offset) for d in parsed.duplicates] == [
        (("b", "c"), 23, 15),
        (("a",), 32, 1),
    ]


def test_positions_of_wanted_paths() -> None:
    text = '{\n  "a": [1, {"b": true}],\n  "c": "x"\n}'
    positions = parse(text, want=[("a", 1, "b"), ("c",), ("a",)]).positions
    index = LineIndex(text)
    key_offset, value_offset = positions[("a", 1, "b")]
    assert key_offset is not None
    assert index.position(key_offset) == (2, 13)
    assert index.position(value_offset) == (2, 18)
    assert index.position(positions[("c",)][1]) == (3, 8)
    assert set(positions) == {("a", 1, "b"), ("c",), ("a",)}


def test_columns_count_characters_not_bytes() -> None:
    text = '{"名称": "红桥", "x": 1}'
    offset = parse(text, want=[("x",)]).positions[("x",)][1]
    assert LineIndex(text).position(offset) == (1, 19)


def test_surrogate_pairs_decode() -> None:
    assert parse('"\\ud83d\\ude00"').value == "\U0001f600"


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_lines_end_with_lf_crlf_or_a_lone_cr(end: str) -> None:
    text = end.join(["{", '  "a": 1,', '  "b": 2', "}"])
    index = LineIndex(text)
    assert index.position(text.index('"b"')) == (3, 3)
    assert index.position(text.index("}")) == (4, 1)


def test_until_found_stops_reading_once_every_wanted_position_is_known() -> None:
    """Placing a problem in a file's head need not read the million records after it."""
    head = '{"agency": {"code": "X", "name": "n"}, "records": '
    text = head + "[" + ", ".join(['{"id": "r"}'] * 1000) + "]}"
    want = [("agency", "name")]
    full = parse(text, want=want).positions
    early = parse(text, want=want, until_found=True).positions
    assert early == {k: v for k, v in full.items() if k in early}
    assert early[("agency", "name")] == full[("agency", "name")]
    # it really stops: what follows the wanted key is never read, broken or not
    broken = head + "[{oops"
    assert parse(broken, want=want, until_found=True).positions == early
    with pytest.raises(JsonSyntaxError):
        parse(broken, want=want)
