"""Turning a file's bytes into text, and naming the encoding when it is not UTF-8."""

from __future__ import annotations

import shlex
from pathlib import Path, PurePath

from audit.diagnostics import Diagnostic

UTF8_BOM = b"\xef\xbb\xbf"
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32LE"),
    (b"\x00\x00\xfe\xff", "UTF-32BE"),
    (b"\xff\xfe", "UTF-16LE"),
    (b"\xfe\xff", "UTF-16BE"),
)


class TooLarge(Exception):
    """A file larger than what is read of its kind (a device such as /dev/zero has no end)."""


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, at most ``limit``: more raises :class:`TooLarge`. A pipe
    (``--tailoring <(…)``) is read as a file; /dev/zero no longer fills the memory."""
    with path.open("rb") as stream:
        raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise TooLarge(path)
    return raw


def strip_bom(raw: bytes) -> bytes:
    """The bytes without a leading UTF-8 byte-order mark (which evidence.md tolerates)."""
    return raw[3:] if raw.startswith(UTF8_BOM) else raw


# Files people hand in by mistake, recognised by their first bytes (before any guess at a
# text encoding: their zero bytes would read as UTF-16).
_BINARY = (
    (b"PK\x03\x04", "zip"),  # .xlsx, .docx and .zip alike
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "office"),  # .xls, .doc
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"SQLite format 3\x00", "SQLite"),
)


def _argument(path: str) -> str:
    """``path`` as a command's argument in a POSIX shell: quoted, and a name beginning with
    a dash led by ``./`` (iconv took ``-dash.json`` for an option)."""
    return shlex.quote(f"./{path}" if path.startswith("-") else path)


def decode_text(raw: bytes, name: str) -> tuple[str, Diagnostic | None]:
    """Decode UTF-8 (BOM tolerated); otherwise explain the encoding and how to convert it."""
    # the conversion command works from where the user ran tj-audit: the path as displayed,
    # quoted for a POSIX shell
    suffix = PurePath(name).suffix or ".json"
    target = str(PurePath(name).with_suffix("")) + ".utf8" + suffix
    args = {"name": _argument(name), "target": _argument(target)}
    for magic, kind in _BINARY:
        if raw.startswith(magic):
            if kind == "zip" and PurePath(name).suffix.lower() in (".xlsx", ".xlsm"):
                made = _argument(str(PurePath(name).with_suffix(".json")))
                return "", Diagnostic(
                    "encoding.workbook", {"name": args["name"], "json": made}, line=1, col=1
                )
            return "", Diagnostic("encoding.binary", {"kind": kind}, line=1, col=1)
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return "", Diagnostic("encoding.utf16", {**args, "encoding": encoding}, line=1, col=1)
    unmarked = _unmarked(raw[:4])
    if unmarked is not None:
        return "", Diagnostic("encoding.utf16", {**args, "encoding": unmarked}, line=1, col=1)
    body = strip_bom(raw)
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line_start = body.rfind(b"\n", 0, exc.start) + 1
        line = body.count(b"\n", 0, exc.start) + 1
        col = len(body[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        if _looks_like_gb18030(body):
            return "", Diagnostic("encoding.gb18030", args, line=line, col=col)
        byte = body[exc.start : exc.start + 1].hex().upper()
        return "", Diagnostic("encoding.invalid-utf8", {"byte": byte}, line=line, col=col)


def _unmarked(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the zero bytes of the first
    character fall (JSON starts with an ASCII character, RFC 4627 §3); None for UTF-8, where
    a zero byte further on is a control character that the parser reports at its place."""
    if len(head) < 4:
        head = head.ljust(4, b"?")  # a tiny file: only what is there can tell
    zero = [b == 0 for b in head]
    if zero == [True, True, True, False]:
        return "UTF-32BE"
    if zero == [False, True, True, True]:
        return "UTF-32LE"
    if zero[0] and zero[2] and not zero[1]:
        return "UTF-16BE"
    if zero[1] and zero[3] and not zero[0]:
        return "UTF-16LE"
    return None


def _looks_like_gb18030(raw: bytes) -> bool:
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
