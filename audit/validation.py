"""Validate many evidence files: one at a time or in parallel, then cross-file rules."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from audit.checklist.library import display_path
from audit.diagnostics import Diagnostic, Severity
from audit.evidence.load import Loaded, Options, load
from audit.faults import hold


@dataclass(frozen=True, slots=True)
class FileSummary:
    """What the reports need to know about one validated file (one per file of a city's
    corpus: slots keep it at a third of a dict-backed object)."""

    display: str
    ok: bool
    errors: int
    warnings: int
    records: int
    size: int
    agency_code: str | None
    checklist: str | None


@dataclass
class ValidationResult:
    """The outcome of ``audit validate``: every file, every diagnostic."""

    files: list[FileSummary] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    strict: bool = False

    @property
    def errors(self) -> int:
        """Number of error diagnostics."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """Number of warning diagnostics."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """Valid: no errors, and no warnings either when ``strict``."""
        return self.errors == 0 and (not self.strict or self.warnings == 0)

    @property
    def exit_code(self) -> int:
        """0 when valid, 1 when the evidence has problems."""
        return 0 if self.ok else 1


def load_all(paths: Iterable[Path], options: Options, *, jobs: int = 1) -> Iterator[Loaded]:
    """Load files in order, in ``jobs`` worker processes when more than one; each result
    keeps its verdict only (:meth:`Loaded.drop_contents`)."""
    files = list(paths)
    jobs = workers(jobs, len(files))
    if jobs <= 1:
        for path in files:
            loaded = load(path, display_path(path), options)
            loaded.drop_contents()
            yield loaded
        return
    from audit.pool import batch, worker_pool

    # the options (a forced checklist with them) go to each worker once, not with each file
    with worker_pool(jobs, _init_worker, (options,)) as pool:
        yield from pool.map(_load_one, files, chunksize=batch(len(files), jobs))


_OPTIONS: Options | None = None


def _init_worker(options: Options) -> None:
    global _OPTIONS  # noqa: PLW0603 - one set of options per worker process
    _OPTIONS = options


def _load_one(path: Path) -> Loaded:
    hold("hold-worker")  # tests stop the command while a worker is busy here
    assert _OPTIONS is not None
    loaded = load(path, display_path(path), _OPTIONS)
    loaded.drop_contents()
    return loaded


def distinct_names(files: list[tuple[Path, str]]) -> dict[Path, str]:
    """The name each file's problems are shown under: its display name, unless another
    file shows the same (a link shows as the file it leads to), then the path it was
    found at (r1/link.json and r1/a.json, not r1/a.json twice)."""
    shown = Counter(display for _, display in files)
    return {path: display if shown[display] == 1 else str(path) for path, display in files}


def duplicate_agencies(loaded: list[tuple[Path, str, str | None, bool]]) -> list[Diagnostic]:
    """Errors for agency codes used by more than one file, naming the other file(s).
    ``loaded``: (path, display name, agency code, whether the file is valid)."""
    by_code: dict[str, list[tuple[Path, str]]] = {}
    valid = set()
    for path, display, code, ok in loaded:
        if code:
            by_code.setdefault(code, []).append((path, display))
            if ok:
                valid.add(path)
    problems = []
    for code, found in by_code.items():
        if len(found) < 2:
            continue
        named = distinct_names(found)
        files = [(p, named[p]) for p, _ in found]
        every = [d for _, d in files]
        for path, display in files:
            # the first three others, and how many more: each file's own list of all the
            # others was quadratic (an unchanged template code in 12,000 files: 6 s)
            shown = [d for d in every[:4] if d != display][:3]
            more = len(every) - 1 - len(shown)
            others = ", ".join(shown) + (f" (+{more})" if more > 0 else "")
            diag = Diagnostic(
                "evidence.duplicate-agency",
                {"code": code, "other": others},
                file=display,
                path=("agency", "code"),
            )
            problems.extend(_locate_in_file(path, display, [diag], valid=path in valid))
    return problems


def _locate_in_file(
    path: Path, display: str, problems: list[Diagnostic], *, valid: bool
) -> list[Diagnostic]:
    """Position problems found after loading (the file is read again). In a valid file
    the parse stops at the last key it must place: an unchanged template code in every
    file of a corpus had each file parsed whole by the locating parser (12 ms a file of
    1,000 records, 6-10x its validation)."""
    from audit.encoding import decode_text
    from audit.jsontext import JsonSyntaxError, locate

    try:
        text, bad = decode_text(path.read_bytes(), display)
        if bad is None:
            return locate(text, problems, display, until_found=valid)
    except (OSError, JsonSyntaxError, RecursionError):
        pass
    return problems


def validate(
    paths: Iterable[Path],
    options: Options,
    *,
    jobs: int = 1,
    strict: bool = False,
    on_file: Callable[[], None] | None = None,
    notes: Iterable[Diagnostic] = (),
) -> ValidationResult:
    """Validate every file; cross-file problems are added at the end.

    ``strict`` makes every warning an error, in the result itself: each output format then
    reports it as one (JUnit failures, SARIF and GitHub error levels, files not ok).
    """
    result = ValidationResult(strict=strict)
    codes: list[tuple[Path, str, str | None, bool]] = []
    for loaded in load_all(paths, options, jobs=jobs):
        if strict:
            loaded.diagnostics = [_as_error(d) for d in loaded.diagnostics]
        result.diagnostics.extend(loaded.diagnostics)
        codes.append((loaded.path, loaded.display, loaded.agency_code, loaded.ok))
        result.files.append(_summary(loaded))
        if on_file is not None:
            on_file()
    for note in notes:  # what the search for files has to say (links not followed)
        result.diagnostics.append(_as_error(note) if strict else note)
    if not result.files:  # a wrong folder or a typo in a CI path must not pass unnoticed
        found_none = Diagnostic("validate.no-files", severity=Severity.WARNING)
        result.diagnostics.append(_as_error(found_none) if strict else found_none)
    duplicates = duplicate_agencies(codes)
    if duplicates:
        result.diagnostics.extend(duplicates)
        bad = {d.file for d in duplicates}
        result.files = [
            FileSummary(
                f.display,
                False,
                f.errors + 1,
                f.warnings,
                f.records,
                f.size,
                f.agency_code,
                f.checklist,
            )
            if f.display in bad
            else f
            for f in result.files
        ]
    return result


def _as_error(diagnostic: Diagnostic) -> Diagnostic:
    return replace(diagnostic, severity=Severity.ERROR)


def _summary(loaded: Loaded) -> FileSummary:
    errors = sum(1 for d in loaded.diagnostics if d.severity is Severity.ERROR)
    return FileSummary(
        display=loaded.display,
        ok=errors == 0,
        errors=errors,
        warnings=len(loaded.diagnostics) - errors,
        records=loaded.records,
        size=loaded.size,
        agency_code=loaded.agency_code,
        checklist=loaded.checklist_id,  # load_all has let the checklist itself go
    )


def workers(jobs: int, files: int) -> int:
    """Worker processes for ``jobs`` asked: no more than the files, nor than the cores
    (processes beyond the cores only compete for them; --jobs 64 on 2 cores was slower)."""
    return max(1, min(jobs, files, default_jobs()))


def default_jobs() -> int:
    """The number of usable cores."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
