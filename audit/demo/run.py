"""Run the demo: copy the bundled evidence, audit it, write the reports."""

from __future__ import annotations

import contextlib
import os
import shutil
from importlib import resources
from pathlib import Path

from audit.demo import AS_OF, CHECKLIST
from audit.engine.result import RunResult
from audit.engine.run import RunOptions, run_audit
from audit.history.record import record_run
from audit.i18n import Lang
from audit.output import write_atomic


def data_dir() -> Path:
    """The bundled demo evidence."""
    return Path(str(resources.files("audit.demo") / "data"))


def _write_schema(evidence: Path) -> None:
    """The JSON Schema the evidence files name in ``$schema``, beside them (as ``audit init
    -o`` writes one), so an editor opening the demo evidence checks it as it is typed."""
    import json

    from audit.checklist.load import load_named_checklist
    from audit.evidence.schema import evidence_schema

    schema = evidence_schema(load_named_checklist(CHECKLIST).checklist)
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    write_atomic(evidence / f"{CHECKLIST}.schema.json", text)


# On the cover of every demo report: they name real agencies and recommend liability, and
# must say, as the evidence files do, that the data is made up (demo.md).
# the name earlier versions of the demo stored its runs under: a demo folder they made is
# the demo's own, and is replaced like any other
FORMER_EVALUATOR = "tj-audit demo"
EVALUATOR = "tj-audit 演示，示例数据，并非真实评价 (demo: illustrative data, not a real audit)"


def _only_ours(evidence: Path) -> None:
    """Refuse to replace a folder holding anything a demo run did not write there: ``audit
    demo -o .`` in an agency's own repository would delete its evidence."""
    from audit.diagnostics import Diagnostic
    from audit.errors import UsageError

    ours = {p.relative_to(data_dir()) for p in data_dir().rglob("*")}
    ours.add(Path(f"{CHECKLIST}.schema.json"))
    others = sorted(
        str(p.relative_to(evidence))
        for p in evidence.rglob("*")
        if p.relative_to(evidence) not in ours and "__pycache__" not in p.parts
    )
    if others:
        shown = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
        raise UsageError(
            f"{evidence} holds files that are not the demo's",
            diagnostics=[Diagnostic("demo.not-ours", {"folder": str(evidence), "files": shown})],
        )


def _history_ours(history: Path) -> None:
    """Refuse to make afresh a history holding what the demo did not store there: runs of
    other evidence (``audit run --db DIR/.audit/history.sqlite``), or ledger closures."""
    import sqlite3

    from audit.diagnostics import Diagnostic
    from audit.errors import UsageError

    if not history.exists():
        return
    try:
        # not read-only: closing a read-only connection to a WAL history leaves its -shm
        # and -wal files behind; nothing is written
        with contextlib.closing(sqlite3.connect(history)) as db:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:  # made, and stopped before its first run
                return
            others = db.execute(
                "SELECT count(*) FROM runs WHERE evaluator IS NULL OR evaluator NOT IN (?, ?)",
                (EVALUATOR, FORMER_EVALUATOR),
            )
            closures = db.execute("SELECT count(*) FROM closures")
            runs, closed = others.fetchone()[0], closures.fetchone()[0]
    except sqlite3.Error:  # not a history at all
        problem = Diagnostic("demo.history-foreign", {"history": str(history)})
    else:
        if (runs, closed) == (0, 0):
            return
        args = {"history": str(history), "runs": runs, "closures": closed}
        problem = Diagnostic("demo.history-not-ours", args)
    raise UsageError(f"{history} holds what the demo did not store there", diagnostics=[problem])


def run_demo(output: Path, *, lang: Lang) -> tuple[RunResult, list[Path]]:
    """Copy the evidence to ``output/evidence``, audit it, write ``output/reports``.

    All or nothing: what an earlier demo left there is set aside, not deleted, until this
    run is done. A run that stops part way (a full disk, an interrupt) takes back what it
    wrote and the folders it made, and puts the earlier demo back as it was, rather than
    leave evidence without reports or half the reports."""
    evidence = output / "evidence"
    if evidence.exists():
        _only_ours(evidence)  # before anything is taken away, on failure too
    _history_ours(output / ".audit" / "history.sqlite")
    folders = [output / "reports", output / ".audit", output, *output.parents]
    made = [p for p in folders if not p.exists()]  # deepest first
    written: list[Path] = []
    aside: list[tuple[Path, Path]] = []  # (an earlier demo's file or folder, where it waits)
    try:
        done = _run_demo(output, lang, written, aside)
    except BaseException:
        _take_back(written, made, aside)
        raise
    # done: what waited goes, with what a run killed outright left waiting
    for folder in (output, output / "reports", output / ".audit"):
        for waiting in folder.glob(".*.before-demo-*"):
            _remove(waiting)
    return done


def _set_aside(path: Path, aside: list[tuple[Path, Path]]) -> None:
    """Move an earlier demo's ``path`` out of the way, to be put back if this run fails."""
    if path.exists() or path.is_symlink():
        waiting = path.with_name(f".{path.name}.before-demo-{os.getpid()}")
        _remove(waiting)  # left by a run that was killed outright
        aside.append((path, waiting))  # before the move: an interrupt between is undone too
        path.rename(waiting)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _take_back(written: list[Path], made: list[Path], aside: list[tuple[Path, Path]]) -> None:
    """Remove what a failed demo run wrote, put back what it had set aside, then remove the
    folders it made, if it left them empty."""
    for path in reversed(written):
        _remove(path)
    for path, waiting in reversed(aside):
        if waiting.exists() or waiting.is_symlink():  # moved (an interrupt may come first)
            with contextlib.suppress(OSError):
                waiting.rename(path)
    for folder in made:
        with contextlib.suppress(OSError):  # not empty (someone else's files)
            folder.rmdir()


def _run_demo(
    output: Path, lang: Lang, written: list[Path], aside: list[tuple[Path, Path]]
) -> tuple[RunResult, list[Path]]:
    from audit.renderers.run import REPORT_FILES, render

    evidence = output / "evidence"
    _set_aside(evidence, aside)
    written.append(evidence)
    shutil.copytree(data_dir(), evidence)
    _write_schema(evidence)
    files = sorted(p for p in evidence.glob("*.json") if not p.name.endswith(".schema.json"))
    result = run_audit(files, RunOptions(checklist=CHECKLIST, as_of=AS_OF, evaluator=EVALUATOR))
    history = output / ".audit" / "history.sqlite"
    # a fresh history every demo run (the earlier one set aside until this one is done)
    for end in ("", "-wal", "-shm", "-journal"):
        _set_aside(history.with_name(history.name + end), aside)
        written.append(history.with_name(history.name + end))
    status = record_run(result, history, lang=lang, quiet=True)
    reports = output / "reports"
    shown = []
    for name, fmt, report in REPORT_FILES:
        target = reports / name
        _set_aside(target, aside)
        written.append(target)
        write_atomic(target, render(result, fmt, lang, report=report, status=status))
        shown.append(target)
    return result, shown
