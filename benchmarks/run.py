"""Measure tj-audit against its quality targets, on corpora built by benchmarks.corpus.

    python -m benchmarks.run [--work DIR] [--quick] [--gigabyte] [--shapes]

For each corpus: bytes, files and records; seconds, MB/s, records/s and peak RSS of
``audit validate`` and ``audit run --no-history`` with --jobs 1 and 2; beside them, in the
same run, bare ``orjson.loads`` over the same bytes (the parse limit, one core) and
check-jsonschema with ``audit schema --checklist tianjin-bizenv`` (the peer, measured on a
sample and scaled per byte). Then one file of 10^4 .. 10^6 records (time per record), and
start-up times. Prints Markdown tables (docs/performance.md keeps a copy). ``--shapes``
prints only the table of file shapes (BOM, CRLF, escaped text, ``x-`` members).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import SHAPES, build

AUDIT = [sys.executable, "-m", "audit"]
REPEAT = 3  # corpus timings are the best of three: a shared machine's noise is a few %


def byte_compile() -> None:
    """Compile the package's bytecode, as pip does on install, so that start-up is timed
    as users meet it (an editable install under PYTHONDONTWRITEBYTECODE would compile
    every module on every start, ~40 ms)."""
    import compileall

    import audit

    compileall.compile_dir(Path(audit.__file__).parent, quiet=1)


def measured(command: list[str], *, repeat: int = 1) -> tuple[float, float]:
    """(best wall seconds, peak RSS in MB of any process) of a command."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "elapsed = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(elapsed, peak, done.returncode)\n"
    )
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True
        ).stdout.split()
        if int(out[2]) not in (0, 1):
            raise SystemExit(f"{' '.join(command)} exited {out[2]}")
        best = min(best, float(out[0]))
        peak = max(peak, int(out[1]) / 1024)
    return best, peak


def parse_limit(folder: Path) -> float:
    """Seconds for bare orjson.loads over every file (read included, a byte-order mark,
    which orjson refuses, cut off), one core."""
    code = (
        "import orjson, pathlib, sys, time\n"
        "files = sorted(pathlib.Path(sys.argv[1]).glob('*.json'))\n"
        "t = time.perf_counter()\n"
        "for p in files: orjson.loads(p.read_bytes().removeprefix(b'\\xef\\xbb\\xbf'))\n"
        "print(time.perf_counter() - t)\n"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code, str(folder)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(3)
    ]
    return min(runs)


def peer(folder: Path, schema: Path) -> float | None:
    """check-jsonschema's predicted seconds for the whole corpus (None if absent).

    It is timed on the first 10 and the first 40 files; the difference gives its cost per
    byte and the rest its start-up, so the prediction neither charges nor forgives start-up.
    """
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    if not Path(tool).exists():
        return None
    files = sorted(folder.glob("*.json"))
    timings = []
    for sample in (files[:10], files[:40]):
        size = sum(f.stat().st_size for f in sample)
        t = time.perf_counter()
        subprocess.run(
            [tool, "--schemafile", str(schema), *map(str, sample)], capture_output=True, check=False
        )
        timings.append((size, time.perf_counter() - t))
    (small, t_small), (large, t_large) = timings
    if large == small:
        return t_large
    per_byte = (t_large - t_small) / (large - small)
    start = max(t_small - per_byte * small, 0.0)
    return start + per_byte * sum(f.stat().st_size for f in files)


def corpus(
    work: Path, files: int, records: int, *, shape: str = "plain", warned: float = 0.0
) -> tuple[Path, int, int]:
    named = "" if (shape, warned) == ("plain", 0.0) else f"-{shape}-w{warned:g}"
    folder = work / f"corpus-{files}x{records}{named}"
    stamp = folder / ".built"
    if not stamp.exists():
        shutil.rmtree(folder, ignore_errors=True)
        size, count = build(folder, files=files, records=records, shape=shape, warned=warned)
        stamp.write_text(json.dumps([size, count]))
    size, count = json.loads(stamp.read_text())
    return folder, size, count


def row(
    name: str, seconds: float, *, size: int, files: int, records: int, rss: float | None
) -> str:
    rss_text = f"{rss:.0f}" if rss is not None else "—"
    return (
        f"| {name} | {seconds:.2f} | {files / seconds:,.0f} | {size / 1e6 / seconds:,.1f} | "
        f"{records / seconds:,.0f} | {rss_text} |"
    )


def corpus_table(work: Path, shapes: list[tuple[int, int]], schema: Path, *, start: float) -> None:
    """One row per command and corpus; ``start`` is the start-up time to discount."""
    print("| corpus | command | s | files/s | MB/s | records/s | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for files, records in shapes:
        folder, size, count = corpus(work, files, records)
        label = f"{files} files, {count:,} records, {size / 1e6:,.0f} MB"
        limit = parse_limit(folder)
        print(
            f"| {label} "
            + row(
                "orjson.loads (parse limit, 1 core)",
                limit,
                size=size,
                files=files,
                records=count,
                rss=None,
            )
        )
        results = {}
        for jobs in (1, 2):
            for command in ("validate", "run"):
                args = [*AUDIT, command, str(folder), "--jobs", str(jobs)]
                if command == "run":
                    args += ["--no-history", "--as-of", "2020-07-15", "-q"]
                seconds, rss = measured(args, repeat=REPEAT)
                results[(command, jobs)] = seconds
                print(
                    f"| {label} "
                    + row(
                        f"audit {command} --jobs {jobs}",
                        seconds,
                        size=size,
                        files=files,
                        records=count,
                        rss=rss,
                    )
                )
        predicted = peer(folder, schema)
        if predicted is not None:
            print(
                f"| {label} "
                + row(
                    "check-jsonschema (predicted from 10 and 40 files)",
                    predicted,
                    size=size,
                    files=files,
                    records=count,
                    rss=None,
                )
            )
        v1, v2 = results[("validate", 1)], results[("validate", 2)]
        peer_text = (
            f"{predicted / v1:,.0f}× faster than check-jsonschema"
            if predicted
            else "check-jsonschema absent"
        )
        print(
            f"|  | **ratios** | validate at {limit / v1:.2f} of the parse limit's speed "
            f"({limit / max(v1 - start, 1e-9):.2f} without start-up) · --jobs 2 "
            f"{v1 / v2:.2f}× --jobs 1 · run/validate {results[('run', 1)] / v1:.2f} "
            f"(--jobs 2: {results[('run', 2)] / v2:.2f}) · {peer_text} | | | | |"
        )


_IN_PROCESS = """
import datetime as dt, gc, sys, time
from pathlib import Path
from audit.engine.run import RunOptions, audit_file, prepare
from audit.evidence.load import Options, load
path = Path(sys.argv[1])
job, _, _ = prepare([path], RunOptions(as_of=dt.date(2020, 7, 15), digest=False))
loads, audits = [], []
for _ in range(3):
    t = time.perf_counter(); done = load(path, path.name, Options(checklist=job.loaded))
    loads.append(time.perf_counter() - t)
    assert done.ok
    del done; gc.collect()
    t = time.perf_counter(); outcome = audit_file(path, job)
    audits.append(time.perf_counter() - t)
    assert outcome.agency is not None
    del outcome; gc.collect()
print(min(loads), min(audits))
"""


def scaling_table(work: Path) -> None:
    """Time per record as one file grows, measured inside one process (no start-up):
    validating one file, and validating plus evaluating it as ``audit run`` does."""
    print()
    print(
        "| records in one file | MB | validate s | µs/record | validate + evaluate s | µs/record |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for records in (10_000, 100_000, 1_000_000):
        folder, size, count = corpus(work, 1, records)
        path = next(folder.glob("*.json"))
        out = subprocess.run(
            [sys.executable, "-c", _IN_PROCESS, str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        validate, audit = float(out[0]), float(out[1])
        print(
            f"| {count:,} | {size / 1e6:.1f} | {validate:.3f} | {validate / count * 1e6:.2f} | "
            f"{audit:.3f} | {audit / count * 1e6:.2f} |"
        )


def startup_table(work: Path) -> float:
    """Print start-up times; return the median time to validate one small file."""
    small = work / "small.json"
    folder, _, _ = corpus(work, 1, 100)
    shutil.copy(next(folder.glob("*.json")), small)
    version = [
        measured(
            [
                *AUDIT[:1],
                "-c",
                "from audit.entry import main; import sys; sys.argv=['audit','--version']; main()",
            ]
        )[0]
        for _ in range(5)
    ]
    beside = Path(sys.executable).parent / "audit"  # the venv's script, even if not on PATH
    console = str(beside) if beside.exists() else shutil.which("audit")
    script = [measured([console, "--version"])[0] for _ in range(5)] if console else []
    validate = [measured([*AUDIT, "validate", str(small), "--jobs", "1"])[0] for _ in range(5)]
    print()
    print("| start-up | median s | target |")
    print("|---|---:|---:|")
    if script:
        print(f"| `audit --version` (console script) | {statistics.median(script):.3f} | < 0.150 |")
    print(f"| `audit --version` (via python -c) | {statistics.median(version):.3f} | < 0.150 |")
    print(f"| `audit validate` one small file | {statistics.median(validate):.3f} | < 0.350 |")
    print()
    return statistics.median(validate)


def shapes_table(work: Path, files: int = 400, records: int = 1000) -> None:
    """The same documents written the ways agencies' tools write them, one in 16 files
    warned (a record to place): validate --jobs 1 on each, against plain files. A shape
    that costs more than its extra bytes sends files down a slower path."""
    print(
        f"| shape ({files} files × {records} records, 1 in 16 warned) | MB | parse limit s "
        "| validate s | × plain | share of the parse limit |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    plain: float | None = None
    for shape in SHAPES:
        folder, size, _ = corpus(work, files, records, shape=shape, warned=1 / 16)
        limit = parse_limit(folder)
        seconds, _ = measured([*AUDIT, "validate", str(folder), "--jobs", "1", "-q"], repeat=3)
        plain = plain or seconds
        print(
            f"| {shape} | {size / 1e6:.0f} | {limit:.2f} | {seconds:.2f} | "
            f"{seconds / plain:.2f} | {limit / seconds:.2f} |"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "tj-bench")
    parser.add_argument("--quick", action="store_true", help="small corpora only")
    parser.add_argument("--gigabyte", action="store_true", help="add a ~1 GB corpus")
    parser.add_argument("--scaling-only", action="store_true", help="only the one-file table")
    parser.add_argument("--shapes", action="store_true", help="only the table of file shapes")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    byte_compile()
    schema = args.work / "schema.json"
    subprocess.run(
        [*AUDIT, "schema", "--checklist", "tianjin-bizenv", "-o", str(schema)], check=True
    )
    shapes = [(100, 1000)] if args.quick else [(200, 500), (1000, 1000), (2000, 2000)]
    if args.gigabyte:
        shapes.append((4000, 2300))
    print(
        f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"{time.strftime('%Y-%m-%d')}\n"
    )
    if args.scaling_only:
        scaling_table(args.work)
        return
    if args.shapes:
        shapes_table(args.work)
        return
    start = startup_table(args.work)
    corpus_table(args.work, shapes, schema, start=start)
    if not args.quick:
        scaling_table(args.work)


if __name__ == "__main__":
    main()
