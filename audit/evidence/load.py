"""Load one evidence file: read, decode, validate (fast path, else explain), locate.

A clean file is decoded by msgspec straight into typed Python values (the fast path). Any
doubt — a decode error, a dropped key, a suspicious character, a document-level problem —
sends the file down the slow path, which re-parses it in Python and reports every problem
with its line, column and JSON path. The slow path is the authority; the fast path only
ever accepts what the slow path would accept.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import msgspec

from audit import jsontext
from audit.checklist.load import LoadedChecklist, load_named_checklist
from audit.collector import gc_paused
from audit.diagnostics import Diagnostic, JsonPath, Severity, error
from audit.encoding import decode_text, strip_bom
from audit.errors import ConfigError
from audit.evidence.fast import fast_decode, place, placed_warnings, untyped
from audit.evidence.semantics import Columns, check_semantics
from audit.evidence.shape import Shape, build_types
from audit.evidence.structure import check_structure
from audit.i18n import suggestion_budget

DEFAULT_MAX_SIZE = 256 * 1024 * 1024

# Where the file names its checklist, as a guess to confirm after decoding (see _checklist_for).
_NAMED = re.compile(rb'"checklist"[ \t\r\n]*:[ \t\r\n]*"([A-Za-z0-9_-]{1,64})"')
_NAMED_WITHIN = 4096


class _Head(msgspec.Struct):
    checklist: Any = None
    format: Any = None


_HEAD = msgspec.json.Decoder(_Head)


@dataclass(frozen=True)
class Options:
    """How to load: a forced checklist, the size limit, whether to verify attachments."""

    checklist: LoadedChecklist | None = None
    max_size: int = DEFAULT_MAX_SIZE
    attachments: bool = True
    fast_path: bool = True  # off only to compare both paths in tests and benchmarks
    digest: bool = False  # record the file's SHA-256 (audit runs keep it in the history)
    keep_raw: bool = False  # keep the file's bytes (an audit run locates findings in them)


@dataclass
class Loaded:
    """The outcome for one file: its problems, and the cleaned document if it is valid."""

    path: Path
    display: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    doc: dict[str, Any] | None = None
    checklist: LoadedChecklist | None = None
    size: int = 0
    records: int = 0
    agency_code: str | None = None
    sha256: str | None = None
    columns: Columns = field(default_factory=dict)  # gathered by validation, for a run
    raw: bytes | None = None  # the file's bytes, when asked for (keep_raw)
    checklist_id: str | None = None  # the checklist's id, kept when the rest is let go

    def drop_contents(self) -> None:
        """Keep only the verdict: the document, what was gathered from it and the checklist
        are let go (``audit validate`` needs no more, and sends no more between processes:
        a checklist sent back with each batch of files cost a second worker more than it
        saved on thousands of small files)."""
        if self.checklist is not None:
            self.checklist_id = self.checklist.checklist.id
        self.doc = None
        self.columns = {}
        self.raw = None
        self.checklist = None

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass(frozen=True)
class Compiled:
    """A checklist's evidence shape and its msgspec decoder, built once."""

    shape: Shape
    decoder: msgspec.json.Decoder[Any]
    # one scan per date-time key, each with a literal prefix (a memchr-speed search)
    datetimes: tuple[re.Pattern[bytes], ...] = ()


_COMPILED: dict[Path, Compiled] = {}


def compiled(checklist: LoadedChecklist) -> Compiled:
    """The shape and decoder for ``checklist``, built once per checklist file and process."""
    kit = _COMPILED.get(checklist.path)
    if kit is None:
        shape = Shape.of(checklist.checklist)
        scans = tuple(
            re.compile(b'"' + re.escape(key.encode()) + rb'"[ \t\r\n]*:[ \t\r\n]*"([^"]*)"')
            for key in sorted(shape.datetime_keys)
        )
        decoder = msgspec.json.Decoder(build_types(shape))
        kit = _COMPILED[checklist.path] = Compiled(shape, decoder, scans)
    return kit


def load(path: Path, display: str, options: Options) -> Loaded:
    """Validate one evidence file; never raises for a bad file (only for a bad checklist).

    Decoding creates hundreds of thousands of acyclic containers: the collector is paused
    per file (see audit.collector), and runs once between files instead.
    """
    with gc_paused(), suggestion_budget():
        return _load(path, display, options)


def load_bytes(raw: bytes, path: Path, display: str, options: Options) -> Loaded:
    """Validate a document not yet written, as if it were the file at ``path``.

    Attachment paths are resolved against ``path``'s folder, where it is to be written.
    """
    with gc_paused(), suggestion_budget():
        return _judge(raw, Loaded(path, display), options)


def _load(path: Path, display: str, options: Options) -> Loaded:
    result = Loaded(path, display)
    raw = _read(path, result, options.max_size)
    if raw is None:
        return result
    return _judge(raw, result, options)


def _judge(raw: bytes, result: Loaded, options: Options) -> Loaded:
    path = result.path
    display = result.display
    result.size = len(raw)
    if options.keep_raw:
        result.raw = raw
    if options.digest:
        result.sha256 = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        result.diagnostics.append(Diagnostic("file.empty", file=display, path=(), line=1, col=1))
        return result
    checklist, checklist_problem, guessed = _checklist_for(raw, options)
    result.checklist = checklist
    if checklist is not None and options.fast_path:
        kit = compiled(checklist)
        doc = fast_decode(raw, kit.decoder, kit.datetimes)
        if doc is not None and guessed in (None, doc.get("checklist")):
            guessed = None  # confirmed, or never a guess
            with suggestion_budget():  # its own: an invalid file is judged again below
                problems, columns = check_semantics(
                    doc, kit.shape, base_dir=_folder(path), attachments=options.attachments
                )
            if all(p.severity is not Severity.ERROR for p in problems):  # valid (warnings?)
                result.diagnostics.extend(placed_warnings(raw, doc, problems, display))
                _accept(result, doc, columns)
                return result
    if _not_evidence(raw, result):
        return result
    if guessed is not None:  # unconfirmed: the slow path needs the name the file gives
        checklist, checklist_problem, _ = _checklist_for(raw, options, guess=False)
        result.checklist = checklist
    shape = compiled(checklist).shape if checklist is not None else Shape()
    _slow(raw, result, shape, options, checklist_problem)
    return result


def _reported(structural: list[Diagnostic]) -> Iterator[JsonPath]:
    """The paths the structural walker reported, and those its misspelt keys stand for (the
    "did you mean" of each): a rule requiring ``sha256`` beside a misspelt ``sha265``, or a
    ``justification``, would only say it again."""
    for problem in structural:
        if problem.path is None:
            continue
        yield problem.path
        meant = problem.args.get("suggestion")
        if problem.at == "key" and isinstance(meant, str) and problem.path:
            yield (*problem.path[:-1], meant)


def _folder(path: Path) -> Path:
    """The folder an evidence file's attachments are under: that of the file a link points
    to, which is also the file messages name (a link elsewhere was checked for
    attachments beside the link, and its problems reported against the target)."""
    try:
        return path.resolve().parent if path.is_symlink() else path.parent
    except (OSError, RuntimeError):  # RuntimeError: a link loop (Python 3.11)
        return path.parent


def _read(path: Path, result: Loaded, max_size: int) -> bytes | None:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            try:  # a folder named *.json, or one that a folder search could not list
                os.scandir(path).close()
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                result.diagnostics.append(
                    Diagnostic("file.folder-unreadable", {"reason": reason}, file=result.display)
                )
            else:
                result.diagnostics.append(Diagnostic("file.is-directory", file=result.display))
            return None
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            result.diagnostics.append(Diagnostic("file.not-regular", file=result.display))
            return None
        size = info.st_size
        if size > max_size:
            result.diagnostics.append(
                Diagnostic(
                    "file.too-large",
                    {"size": size, "limit": max_size},
                    file=result.display,
                    path=(),
                    line=1,
                    col=1,
                )
            )
            return None
        return path.read_bytes()
    except FileNotFoundError:
        result.diagnostics.append(Diagnostic("file.not-found", file=result.display))
    except OSError as exc:
        looped = exc.errno == errno.ELOOP
        denied = exc.errno in (errno.EACCES, errno.EPERM)
        result.diagnostics.append(
            Diagnostic(
                "file.link-loop"
                if looped
                else "file.no-permission"
                if denied
                else "file.unreadable",
                {"reason": exc.strerror or type(exc).__name__},
                file=result.display,
            )
        )
    return None


def _checklist_for(
    raw: bytes, options: Options, *, guess: bool = True
) -> tuple[LoadedChecklist | None, Diagnostic | None, str | None]:
    """The checklist to validate against, a problem naming it, and the name if guessed.

    A forced checklist wins. Otherwise the name is first looked for near the top of the
    file — cheap, but it may be a nested key, so the caller confirms the guess against the
    decoded document — and else read by decoding the whole file for that one key.
    """
    if options.checklist is not None:
        return options.checklist, None, None
    found = _NAMED.search(raw, 0, _NAMED_WITHIN) if guess else None
    if found is not None:
        named = found.group(1).decode("ascii")
        checklist, _ = resolve_checklist(named)
        if checklist is not None:
            return checklist, None, named
    head = checklist_name(raw)
    if head is None:
        return None, None, None
    checklist, problem = resolve_checklist(head)
    return checklist, problem, None


def checklist_name(raw: bytes) -> str | None:
    """The top-level "checklist" a document names, decoding only that key (None if the bytes
    are not a JSON object with a string there)."""
    try:
        named = _HEAD.decode(strip_bom(raw)).checklist
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError):
        return None
    return named if isinstance(named, str) else None


def _not_evidence(raw: bytes, result: Loaded) -> bool:
    """Whether the file is one tj-audit writes (a result, `audit run -o ev/result.json`),
    reported as such in one error instead of as evidence missing every field."""
    try:
        written = _HEAD.decode(strip_bom(raw)).format
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, UnicodeDecodeError):
        return False
    if not isinstance(written, str) or not written.startswith("tj-audit/"):
        return False
    if written.startswith("tj-audit/evidence@"):
        return False
    problem = error("evidence.not-evidence", ("format",), format=written)
    result.diagnostics = place(raw, {}, [problem], result.display)
    return True


def resolve_checklist(named: str) -> tuple[LoadedChecklist | None, Diagnostic | None]:
    """The checklist an evidence file names, or the located-to-be error naming an unknown
    one (with its suggestion); a bundled checklist that is itself broken raises."""
    try:
        return load_named_checklist(named), None
    except ConfigError as exc:
        if any(d.code == "config.unknown-checklist" for d in exc.diagnostics):
            suggestion = next((d.args.get("suggestion") for d in exc.diagnostics), None)
            return None, error(
                "evidence.unknown-checklist", ("checklist",), id=named, suggestion=suggestion
            )
        raise


def _accept(result: Loaded, doc: dict[str, Any], columns: Columns) -> None:
    result.doc = doc
    result.columns = columns
    records = doc.get("records") or {}
    result.records = sum(len(v) for v in records.values())
    result.agency_code = (doc.get("agency") or {}).get("code")


def _slow(
    raw: bytes, result: Loaded, shape: Shape, options: Options, checklist_problem: Diagnostic | None
) -> None:
    display = result.display
    text, problem = decode_text(raw, display)
    if problem is not None:
        located = problem.located(file=display, line=problem.line, col=problem.col)
        result.diagnostics.append(replace(located, path=()))  # the whole document: $
        return
    quick = untyped(raw)  # well-formed JSON (the usual bad file): no character-level walk
    index: jsontext.LineIndex | None = None
    if quick is not None:
        parsed = jsontext.Parsed(quick)
        problems: list[Diagnostic] = []
    else:
        index = jsontext.LineIndex(text)
        try:
            parsed = jsontext.parse(text)
        except jsontext.JsonSyntaxError as exc:  # duplicates before it are problems too
            result.diagnostics.extend(jsontext.syntax_problems(exc, index, display))
            return
        problems = jsontext.noted(parsed, index, display)
    value = parsed.value
    if isinstance(value, dict) and isinstance(value.get("agency"), dict):
        code = value["agency"].get("code")
        result.agency_code = code if isinstance(code, str) else None
    cleaned, structural = check_structure(value, shape)
    path_problems = list(structural)
    if checklist_problem is not None:
        path_problems.append(checklist_problem)
    columns: Columns = {}
    if isinstance(cleaned, dict):
        flawed = frozenset(_reported(structural))
        semantic, columns = check_semantics(
            cleaned,
            shape,
            base_dir=_folder(result.path),
            attachments=options.attachments,
            flawed=flawed,
        )
        path_problems += semantic
    if parsed.out_of_range:  # such a number has its error already: no second one there
        too_big = {big.path for big in parsed.out_of_range}
        path_problems = [p for p in path_problems if p.path not in too_big]
    if quick is not None:
        problems += place(raw, quick, path_problems, display)
    else:
        problems += jsontext.locate(text, path_problems, display, index)
    result.diagnostics.extend(sorted(problems, key=Diagnostic.sort_key))
    if result.ok and isinstance(cleaned, dict):
        _accept(result, cleaned, columns)
