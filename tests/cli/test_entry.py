"""The console script ends the process itself once the work is done (no interpreter
teardown): exit codes and every byte of output must come through unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from audit.demo.run import data_dir

AUDIT = [sys.executable, "-m", "audit"]


def test_output_and_exit_codes_come_through_a_pipe() -> None:
    run = [*AUDIT, "run", str(data_dir()), "--as-of", "2020-07-15", "--no-history"]
    done = subprocess.run([*run, "--format", "json"], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)  # the whole document arrived: it parses
    assert len(result["agencies"]) == 6
    gated = subprocess.run([*run, "-q", "--fail-under", "99"], capture_output=True, check=False)
    assert gated.returncode == 1
    missing = subprocess.run(
        [*AUDIT, "validate", "no-such-folder"], capture_output=True, check=False
    )
    assert missing.returncode == 2
    assert b"no-such-folder" in missing.stderr


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    command = [*AUDIT, "run", str(data_dir()), "--as-of", "2020-07-15", "--no-history"]
    with subprocess.Popen(
        [*command, "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as pipe:
        assert pipe.stdout is not None and pipe.stderr is not None
        pipe.stdout.read(10)
        pipe.stdout.close()  # like `| head -c 10`
        errors = pipe.stderr.read()
        pipe.wait(timeout=60)
    assert b"Traceback" not in errors
    assert b"Exception ignored" not in errors


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_under_stdout_is_an_output_error_not_a_bug() -> None:
    """`audit schema > file` on a full disk said `audit: internal error: OSError` in English
    and exit 4 (a bug); it is an output that cannot be written, as with --output: exit 2."""
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(
            [*AUDIT, "schema", "--lang", "en"], stdout=full, stderr=subprocess.PIPE, check=False
        )
    assert done.returncode == 2
    assert done.stderr.decode().strip() == (
        "cannot write to standard output: No space left on device"
    )


def test_a_reader_gone_before_the_last_flush_is_exit_141() -> None:
    """Output still buffered when the command ends is flushed by the console script; a
    reader that left (`| head`) made that flush fail and the command exit 0, as if the
    whole document had been read. It is 141, as for a pipe broken earlier."""
    script = (
        "import sys\n"
        "from audit import entry\n"
        "class Gone:\n"
        "    def flush(self):\n"
        "        raise BrokenPipeError(32, 'Broken pipe')\n"
        "sys.stdout = Gone()\n"
        "entry._leave(SystemExit(0))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert done.returncode == 141, done.stderr


def test_a_profiler_still_gets_to_write_its_data(tmp_path: Path) -> None:
    """Under a profiler (or coverage) the process exits the usual way, so their data is
    written at exit."""
    import pstats

    out = tmp_path / "audit.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "audit"]
    done = subprocess.run(
        [*command, "validate", str(data_dir()), "-q"], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert pstats.Stats(str(out)).total_calls > 0  # type: ignore[attr-defined]


def test_a_broken_installation_is_an_internal_error_not_a_traceback(tmp_path: Path) -> None:
    """A dependency that fails to import (here a shadowing `typer`) stops the command line
    before it exists: one line and exit 4, not a traceback and exit 1 ("invalid")."""
    import os

    shadow = tmp_path / "typer"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise ImportError('typer is broken here')\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [*AUDIT, "validate", str(data_dir())], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 4
    assert done.stderr == (
        "audit: internal error: ImportError: typer is broken here (run again with -v for details)\n"
    )
    verbose = subprocess.run(
        [*AUDIT, "validate", str(data_dir()), "-v"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert verbose.returncode == 4 and "Traceback" in verbose.stderr


def test_a_reader_gone_part_way_through_a_large_document_is_exit_141(tmp_path: Path) -> None:
    """Python's buffered stdout swallowed EPIPE on a large write: `audit report … -f json |
    head -c 10` exited 0, as if the whole result had been read."""
    result = tmp_path / "result.json"
    args = ["run", str(data_dir()), "--as-of", "2020-07-15", "--no-history", "-q"]
    made = subprocess.run([*AUDIT, *args, "-f", "json", "-o", str(result)], check=False)
    assert made.returncode == 0 and result.stat().st_size > 200_000  # past a pipe's 64 KiB
    reader = subprocess.Popen(
        [*AUDIT, "report", str(result), "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None
    assert reader.stdout.read(10) == b'{\n  "forma'
    reader.stdout.close()  # the reader leaves, as head -c 10 does
    assert reader.wait(timeout=60) == 141
    assert reader.stderr is not None
    with reader.stderr:
        assert reader.stderr.read() == b""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["validate", "no-such-file.json"], 2),  # ours: a usage error
        (["validate", "--no-such-option"], 2),  # click's
        (["run", str(data_dir()), "--checklist", "no-such-checklist"], 3),
    ],
)
def test_an_error_keeps_its_exit_code_when_stderr_s_reader_has_left(
    args: list[str], code: int
) -> None:
    """`audit … 2>&1 | true` exited 1 ("invalid evidence") whatever the error: writing the
    message raised BrokenPipeError, which ended the process as an uncaught exception."""
    import os

    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written
    try:
        done = subprocess.run([*AUDIT, *args], stdout=write, stderr=write, check=False)
    finally:
        os.close(write)
    assert done.returncode == code


def test_messages_a_command_prints_itself_keep_its_exit_code_when_stderr_s_reader_left(
    tmp_path: Path,
) -> None:
    """`lint` prints its problems and exits 3, `run -o` exits 1 for an invalid file: with
    stderr's reader gone (`2>&1 >/dev/null | true`) both exited 141, as if stdout's had."""
    import os

    broken = tmp_path / "c.toml"
    broken.write_text("[checklist]\nid = 1\n", "utf-8")
    invalid = tmp_path / "e.json"
    invalid.write_text("{}", "utf-8")
    for args, code in (
        (["checklists", "lint", str(broken)], 3),
        (["run", str(invalid), "--no-history", "-f", "json", "-o", str(tmp_path / "r.json")], 1),
    ):
        read, write = os.pipe()
        os.close(read)
        try:
            command = [*AUDIT, *args]
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=write, check=False)
        finally:
            os.close(write)
        assert done.returncode == code, args


def test_closed_standard_streams_neither_fail_nor_lose_the_work(tmp_path: Path) -> None:
    """`audit schema >&-` was an internal error with a traceback (exit 1, which CI reads as
    invalid evidence); with stderr closed every command exited 120; with both closed a run
    wrote neither its -o file nor its history."""
    import shlex

    audit = " ".join(shlex.quote(part) for part in AUDIT)
    out, db = tmp_path / "r.json", tmp_path / "h.sqlite"
    evidence = shlex.quote(str(data_dir()))
    script = (
        f"{audit} schema >&-; echo $?; "
        f"{audit} schema -o {shlex.quote(str(tmp_path / 's.json'))} 2>&-; echo $?; "
        f"{audit} run {evidence} --as-of 2020-07-15 --db {shlex.quote(str(db))} "
        f"-f json -o {shlex.quote(str(out))} >&- 2>&-; echo $?"
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    assert done.stdout.split() == ["0", "0", "0"], done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(out.read_text("utf-8"))["format"] == "tj-audit/result@1"
    assert db.stat().st_size > 0 and (tmp_path / "s.json").exists()


def test_a_terminal_that_cannot_show_a_character_still_gets_utf8_documents() -> None:
    run = [*AUDIT, "run", str(data_dir()), "--as-of", "2020-07-15", "--no-history"]
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [*run, "-f", "plain", "--lang", "en"], capture_output=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "·" in done.stdout.decode("utf-8")  # a document is UTF-8, whatever the terminal
    as_json = subprocess.run([*run, "-f", "json"], capture_output=True, env=env, check=False)
    assert json.loads(as_json.stdout)["format"] == "tj-audit/result@1"
