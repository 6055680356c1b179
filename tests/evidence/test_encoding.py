"""Naming a file's encoding when it is not UTF-8, from its bytes alone."""

from __future__ import annotations

import pytest

from audit.encoding import decode_text

TEXT = '{"format": "tj-audit/evidence@1", "name": "赵某"}'


@pytest.mark.parametrize("encoding", ["UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"])
def test_unmarked_utf16_and_utf32_are_named_for_what_they_are(encoding: str) -> None:
    """UTF-32 without a byte-order mark was called UTF-16LE, and the iconv command the
    message suggests would have made garbage of it."""
    _, problem = decode_text(TEXT.encode(encoding.lower()), "a.json")
    assert problem is not None and problem.code == "encoding.utf16"
    assert problem.args["encoding"] == encoding


def test_a_zero_byte_in_utf8_text_is_no_encoding_at_all() -> None:
    """One raw NUL inside a string made the whole file "UTF-16BE" at 1:1; it is UTF-8 with
    a control character, which the parser reports where it is."""
    raw = TEXT.replace("赵某", "赵\x00某").encode("utf-8")
    text, problem = decode_text(raw, "a.json")
    assert problem is None and "\x00" in text


def test_the_conversion_command_works_for_a_name_beginning_with_a_dash() -> None:
    """iconv took `-dash.json` for an option (invalid option -- 'd')."""
    _, problem = decode_text(TEXT.encode("gb18030"), "-dash.json")
    assert problem is not None
    assert "iconv -f GB18030 -t UTF-8 ./-dash.json > ./-dash.utf8.json" in problem.message("en")
    _, quoted = decode_text(TEXT.encode("gb18030"), "sub/it's.json")
    assert quoted is not None and "'sub/it'\"'\"'s.json'" in quoted.message("en")
