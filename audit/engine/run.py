"""An audit run: evidence files in (one at a time or in parallel), one RunResult out."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from audit import __version__
from audit.checklist.library import bundled_checklists, display_path, load_registry
from audit.checklist.load import LoadedChecklist, load_checklist, load_named_checklist
from audit.collector import gc_paused, kept_until_exit
from audit.diagnostics import Diagnostic, Severity
from audit.engine.agency import evaluate_agency
from audit.engine.attestations import (
    Attestation,
    Key,
    Place,
    index_attestations,
    load_attestations,
)
from audit.engine.catalogue import build_catalogue
from audit.engine.district import roll_up, roll_ups
from audit.engine.result import (
    AgencyResult,
    Catalogue,
    EvidenceFile,
    Finding,
    InvalidFile,
    RunResult,
    TailoringChange,
)
from audit.engine.tailoring import apply_tailoring, load_tailoring
from audit.errors import ConfigError
from audit.evidence.load import DEFAULT_MAX_SIZE, Options, checklist_name, load
from audit.i18n import did_you_mean, suggestion_budget
from audit.validation import distinct_names, duplicate_agencies, workers

SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}


@dataclass(frozen=True)
class RunOptions:
    """What an audit run needs besides the evidence files."""

    checklist: str | None = None
    as_of: dt.date = field(default_factory=dt.date.today)
    model: str = "points"
    tailoring: Path | None = None
    attestations: Path | None = None
    max_size: int = DEFAULT_MAX_SIZE
    attachments: bool = True
    jobs: int = 1
    evaluator: str | None = None
    digest: bool = True  # hash each evidence file (the history records the hashes)


@dataclass(frozen=True)
class Job:
    """Everything a worker needs, sent once per worker process."""

    loaded: LoadedChecklist
    forced: bool
    catalogue: Catalogue
    deselected: dict[str, str]
    attestations: dict[Key, Attestation]
    as_of: dt.date
    model: str
    max_size: int
    attachments: bool
    digest: bool = True
    # where each attestation stands in its file, for warnings about it: key → (path, line, col)
    attestation_at: dict[Key, Place] = field(default_factory=dict)


@dataclass
class FileOutcome:
    """What became of one evidence file."""

    path: Path
    display: str
    code: str | None
    sha256: str | None = None
    agency: AgencyResult | None = None
    findings: list[Finding] = field(default_factory=list)
    invalid: InvalidFile | None = None


_JOB: Job | None = None


def _init_worker(job: Job) -> None:
    global _JOB  # noqa: PLW0603 - one job per worker process, set by the pool initializer
    _JOB = job


def audit_file(path: Path, job: Job | None = None) -> FileOutcome:
    """Validate and evaluate one evidence file, with the cyclic collector paused: the
    document and the result are acyclic, and a collection in between would walk the
    whole document that loading just made."""
    job = job or _JOB
    assert job is not None
    with gc_paused():
        return _audit_file(path, job)


def _audit_file(path: Path, job: Job) -> FileOutcome:
    display = display_path(path)
    options = Options(
        checklist=job.loaded,
        max_size=job.max_size,
        attachments=job.attachments,
        digest=job.digest,
        keep_raw=True,
    )
    loaded = load(path, display, options)
    if loaded.doc is not None:
        named = loaded.doc.get("checklist")
    else:  # an invalid file: read the one key (a valid file's document has it already)
        named = checklist_name(loaded.raw) if loaded.raw is not None else None
    if not job.forced and named is not None and named != job.loaded.checklist.id:
        # a file answering another checklist is not judged by this one: one error saying so,
        # not the cascade of this checklist's names it does not use
        loaded.diagnostics = [_other_checklist(loaded.raw or b"", named, job, display)]
    if not loaded.ok or loaded.doc is None:
        errors = [d.to_json() for d in loaded.diagnostics if d.severity is Severity.ERROR]
        return FileOutcome(  # hashed too: the history proves which bytes were refused
            path,
            display,
            loaded.agency_code,
            loaded.sha256,
            invalid=InvalidFile(file=display, errors=errors, agency=loaded.agency_code),
        )
    warnings = [d.to_json() for d in loaded.diagnostics]
    start = loaded.doc["period"]["start"]
    if job.as_of < start:  # every check would be "not applicable" or "pending", silently
        early = _as_of_before(loaded.raw or b"", loaded.doc, start, job, display)
        warnings.append(early.to_json())
    agency, findings = evaluate_agency(
        loaded.doc,
        checklist=job.loaded.checklist,
        catalogue=job.catalogue,
        as_of=job.as_of,
        model=job.model,
        file=display,
        deselected=job.deselected,
        attestations=job.attestations,
        attachments_checked=job.attachments,
        warnings=warnings,
        columns=loaded.columns,
    )
    if loaded.raw is not None:
        _locate_findings(loaded.raw, findings, agency, job)
    return FileOutcome(path, display, agency.code, loaded.sha256, agency=agency, findings=findings)


def _as_of_before(raw: bytes, doc: Any, start: dt.date, job: Job, display: str) -> Diagnostic:
    """The warning of an as-of date before the period starts, at the period's start."""
    from audit.evidence.fast import place

    problem = Diagnostic(
        "run.as-of-before-period",
        {"as_of": job.as_of.isoformat(), "start": start.isoformat()},
        severity=Severity.WARNING,
        path=("period", "start"),
    )
    return place(raw, doc, [problem], display)[0]


def _other_checklist(raw: bytes, named: str, job: Job, display: str) -> Diagnostic:
    """The error of a file naming a checklist other than the run's: unknown (a typo, or a
    checklist file to pass with --checklist), or known and audited separately."""
    from audit.evidence.fast import place
    from audit.evidence.load import resolve_checklist
    from audit.jsontext import JsonSyntaxError

    _, problem = resolve_checklist(named)  # unknown: the error validate gives
    if problem is None:
        problem = Diagnostic(
            "run.other-checklist",
            {"given": named, "actual": job.loaded.checklist.id},
            path=("checklist",),
        )
    try:
        return place(raw, {}, [problem], display)[0]
    except (ValueError, JsonSyntaxError):  # not placeable: still named, unlocated
        return problem.located(file=display, line=None, col=None)


def _locate_findings(raw: bytes, findings: list[Finding], agency: AgencyResult, job: Job) -> None:
    """Give findings the line of their offending records (SARIF points at them)."""
    from audit.evidence.locate import LIMIT, record_positions

    items = {i.id: i for i in agency.items}
    wanted: dict[str, list[tuple[str, str]]] = {}
    for finding in findings:
        definition = job.loaded.checklist.items_by_id[finding.item]
        sets = {c.id: getattr(c, "records", None) for c in definition.checks}
        pairs = []
        for check in items[finding.item].checks:
            set_name = sets.get(check.id)
            if (
                check.outcome in ("pass", "not_applicable")
                or set_name is None
                or check.kind == "cadence"
            ):
                continue
            pairs += [(set_name, rid) for rid in check.offending[:LIMIT]]
        wanted[finding.id] = list(dict.fromkeys(pairs))  # a record two checks fault: once
    positions = record_positions(raw, (p for pairs in wanted.values() for p in pairs))
    for finding in findings:
        finding.locations = [
            {"set": s, "record": r, "line": positions[(s, r)][0], "column": positions[(s, r)][1]}
            for s, r in wanted[finding.id]
            if (s, r) in positions
        ]


def _outcomes(files: list[Path], job: Job, jobs: int) -> Iterator[FileOutcome]:
    """Outcomes in file order. Each kept result is frozen out of the cyclic collector's
    reach: it lives to the end of the run, and rescanning it per file made runs quadratic.
    It is frozen before the collector resumes (see kept_until_exit)."""
    jobs = workers(jobs, len(files))
    if jobs <= 1:
        for path in files:
            with kept_until_exit():
                outcome = audit_file(path, job)
            yield outcome
        return
    from audit.i18n import swallowed
    from audit.pool import batch, worker_pool

    with worker_pool(jobs, _init_worker, (job,)) as pool:
        for outcome in pool.map(audit_file, files, chunksize=batch(len(files), jobs)):
            stop = swallowed()  # a SIGTERM that came as a worker was forked: the fork's
            if stop is not None:  # hook took the exception, and the run went on
                raise stop
            yield outcome
            gc.freeze()


# Items left out for an agency before any check ran, and why (an attestation cannot apply).
LEFT_OUT = {
    "role": ("职责不涉及", "not in its roles"),
    "deselected": ("本次审计未选用", "deselected for this audit"),
    "effective_from": ("尚未生效", "not yet in force for the period"),
}


def _mixed_periods(agencies: list[AgencyResult]) -> list[Diagnostic]:
    """A warning when the agencies ranked together answer different periods (an earlier
    half-year's file resubmitted or left in the folder): most periods first, the agencies
    of the others named."""
    by_period: dict[tuple[str, str], list[str]] = {}
    for agency in agencies:
        key = (str(agency.period["start"]), str(agency.period["end"]))
        by_period.setdefault(key, []).append(agency.code)
    if len(by_period) < 2:
        return []
    # the period most agencies answer first, on a tie the latest (the one being audited)
    ordered = sorted(by_period.items(), key=lambda kv: (len(kv[1]), kv[0]), reverse=True)
    zh, en = [], []
    for n, ((start, end), codes) in enumerate(ordered):
        more = " …" if len(codes) > 5 else ""
        named_zh = "" if n == 0 else "：" + "、".join(codes[:5]) + more
        named_en = "" if n == 0 else ": " + ", ".join(codes[:5]) + more
        noun = "agency" if len(codes) == 1 else "agencies"
        zh.append(f"{start} 至 {end}（{len(codes)} 个单位{named_zh}）")
        en.append(f"{start} – {end} ({len(codes)} {noun}{named_en})")
    args = {"periods_zh": "；".join(zh), "periods_en": "; ".join(en)}
    return [Diagnostic("run.mixed-periods", args, severity=Severity.WARNING)]


def _unused_attestations(
    job: Job, agencies: list[AgencyResult], opts: RunOptions
) -> list[Diagnostic]:
    """Attestations that decided nothing: for agencies this run did not audit (a typo, or a
    file left out), for items that do not apply to the agency (role, deselected, not yet
    in force), or for a check of an item whose outcome a verdict on the whole item sets."""
    source = display_path(opts.attestations) if opts.attestations else None
    audited = {a.code: a for a in agencies}
    # "did you mean" for unknown agencies (a typo), once each, within the file's budget: a
    # city's file run over one district names thousands, and suggesting for each against
    # every audited agency was quadratic (4,000 such attestations over 2,000 agencies: 87 s)
    hints: dict[str, str | None] = {}
    problems: list[Diagnostic] = []
    with suggestion_budget():
        for key in sorted(
            job.attestations, key=lambda k: job.attestation_at.get(k, ((), 0, 0))[1:]
        ):
            _unused(key, job, audited=audited, source=source, hints=hints, problems=problems)
    return problems


def _unused(
    key: Key,
    job: Job,
    *,
    audited: dict[str, AgencyResult],
    source: str | None,
    hints: dict[str, str | None],
    problems: list[Diagnostic],
) -> None:
    """The problem of one attestation that decided nothing, if it is one."""
    agency, item, _ = key
    path, line, col = job.attestation_at.get(key, ((), None, None))
    where = partial(
        Diagnostic, severity=Severity.WARNING, file=source, path=path, line=line, col=col
    )
    result = audited.get(agency)
    if result is None:
        if agency not in hints:
            hints[agency] = did_you_mean(agency, audited)
        args = {"agency": agency, "item": item, "suggestion": hints[agency]}
        problems.append(where("attestation.unused", args))
        return
    judged = next((i for i in result.items if i.id == item), None)
    if judged is not None and judged.excluded in LEFT_OUT:
        why_zh, why_en = LEFT_OUT[judged.excluded]
        args = {"agency": agency, "item": item, "why_zh": why_zh, "why_en": why_en}
        problems.append(where("attestation.not-applied", args))
    elif key[2] is not None and (agency, item, None) in job.attestations:
        args = {"agency": agency, "item": item, "check": key[2]}
        problems.append(where("attestation.superseded", args))


def detect_checklist(files: list[Path], max_size: int = DEFAULT_MAX_SIZE) -> LoadedChecklist:
    """The checklist the first readable evidence file names (or the only bundled one).

    Files over ``max_size``, and pipes or devices, are not read here either: loading reports
    them.
    """
    unknown: dict[str, Path] = {}  # a checklist named but not bundled → the first file
    for path in files:
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > max_size:
                continue
            raw = path.read_bytes()
        except OSError:
            continue
        named = checklist_name(raw)
        if named is not None:
            try:
                return load_named_checklist(named)
            except ConfigError:
                unknown.setdefault(named, path)
                continue
    bundled = bundled_checklists()
    if unknown:  # judged by the bundled one, the run would be reported and stored as its
        named, path = next(iter(unknown.items()))
        args = {
            "id": named,
            "file": display_path(path),
            "suggestion": did_you_mean(named, [b.id for b in bundled]),
        }
        raise ConfigError(
            f"the evidence names checklist {named}, which is not bundled; pass --checklist",
            diagnostics=[Diagnostic("config.unknown-checklist-named", args)],
        )
    if len(bundled) == 1:
        return load_checklist(bundled[0].path)
    raise ConfigError(
        "no evidence file names a known checklist; pass --checklist ID|FILE",
        diagnostics=[Diagnostic("config.no-checklist-named")],
    )


def prepare(
    files: list[Path], opts: RunOptions
) -> tuple[Job, list[TailoringChange], list[Diagnostic]]:
    """Resolve the checklist, apply tailoring, read attestations: all before any evidence."""
    base = (
        load_checklist(opts.checklist) if opts.checklist else detect_checklist(files, opts.max_size)
    )
    checklist = base.checklist
    changes: list[TailoringChange] = []
    deselected: dict[str, str] = {}
    refused: ConfigError | None = None  # a bad tailoring file: the attestations are read too
    if opts.tailoring is not None:
        try:
            with suggestion_budget():  # each file's unknown names: see suggestion_budget
                tailoring, source = load_tailoring(
                    opts.tailoring, display_path(opts.tailoring), checklist
                )
                checklist, deselected, changes = apply_tailoring(
                    checklist, tailoring, source=source
                )
        except ConfigError as exc:
            refused = exc
    attestations: dict[Key, Attestation] = {}
    attestation_at: dict[Key, Place] = {}
    warnings: list[Diagnostic] = []
    if opts.attestations is not None:
        with suggestion_budget():
            try:
                found, source = load_attestations(
                    opts.attestations, display_path(opts.attestations), checklist
                )
            except ConfigError as exc:
                if refused is None:
                    raise
                both = [*refused.diagnostics, *exc.diagnostics]  # all problems in one run
                raise ConfigError(f"{refused}; {exc}", diagnostics=both) from None
            attestations, warnings, attestation_at = index_attestations(
                found, checklist, as_of=opts.as_of, source=source
            )
    if refused is not None:
        raise refused
    loaded = LoadedChecklist(checklist, base.path, base.display, base.warnings)
    job = Job(
        loaded=loaded,
        forced=opts.checklist is not None,
        catalogue=build_catalogue(checklist, load_registry()),
        deselected=deselected,
        attestations=attestations,
        as_of=opts.as_of,
        model=opts.model,
        max_size=opts.max_size,
        attachments=opts.attachments,
        digest=opts.digest,
        attestation_at=attestation_at,
    )
    return job, changes, warnings


def run_audit(
    files: list[Path],
    opts: RunOptions,
    *,
    on_file: Callable[[], None] | None = None,
    keep_frozen: bool = False,
) -> RunResult:
    """Audit every file; one bad file never stops the others.

    The results are kept out of the cyclic collector's reach while they are gathered (see
    ``_outcomes``); ``keep_frozen`` leaves them there, for a process that reports and exits:
    the first full collection after ``gc.unfreeze()`` walks every object of every result
    (1 s of 6 on 8,000 agencies) and can free none of them.
    """
    try:
        return _run_audit(files, opts, on_file)
    finally:
        if not keep_frozen:
            gc.unfreeze()


def _run_audit(
    files: list[Path], opts: RunOptions, on_file: Callable[[], None] | None
) -> RunResult:
    job, changes, warnings = prepare(files, opts)
    outcomes = []
    for outcome in _outcomes(files, job, opts.jobs):
        outcomes.append(outcome)
        if on_file is not None:
            on_file()
    duplicates = duplicate_agencies(
        [(o.path, o.display, o.code, o.invalid is None) for o in outcomes]
    )
    named = distinct_names([(o.path, o.display) for o in outcomes if o.code is not None])
    # a file and a link to it show under one name: the duplicates name each by its own
    clashing = {d.file for d in duplicates}
    clashes = {o.path for o in outcomes if named.get(o.path, o.display) in clashing}
    agencies: list[AgencyResult] = []
    findings: list[Finding] = []
    invalid: list[InvalidFile] = []
    for outcome in outcomes:
        if outcome.path in clashes:
            name = named[outcome.path]
            errors = [d.to_json() for d in duplicates if d.file == name]
            if outcome.invalid is not None:
                errors = outcome.invalid.errors + errors
            invalid.append(InvalidFile(file=name, errors=errors, agency=outcome.code))
        elif outcome.invalid is not None:
            invalid.append(outcome.invalid)
        elif outcome.agency is not None:
            agencies.append(outcome.agency)
            findings.extend(outcome.findings)
    findings.sort(key=lambda f: (f.agency, SEVERITY_ORDER.get(f.severity, 9), f.item))
    warnings = warnings + _mixed_periods(agencies) + _unused_attestations(job, agencies, opts)
    checklist = job.loaded.checklist
    return RunResult(
        tool_version=__version__,
        checklist={"id": checklist.id, "version": checklist.version},
        as_of=opts.as_of,
        model=opts.model,
        evaluator=opts.evaluator,
        tailoring=changes,
        tailoring_file=display_path(opts.tailoring) if opts.tailoring else None,
        tailoring_sha256=(
            hashlib.sha256(opts.tailoring.read_bytes()).hexdigest() if opts.tailoring else None
        ),
        attestations_file=display_path(opts.attestations) if opts.attestations else None,
        agencies=agencies,
        findings=findings,
        district=roll_up(agencies, job.catalogue),
        districts=roll_ups(agencies, job.catalogue),
        invalid=invalid,
        evidence=[
            EvidenceFile(
                file=o.display,
                sha256=o.sha256,
                agency=o.code,
                valid=o.agency is not None and o.path not in clashes,
            )
            for o in outcomes
        ],
        warnings=[w.to_json() for w in warnings],
        catalogue=job.catalogue,
    )
