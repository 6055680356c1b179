"""A process killed while it writes --output leaves the old file or none, never half of one."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from audit.demo.run import data_dir

RUN = ["run", str(data_dir()), "--as-of", "2020-07-15", "--no-history", "--jobs", "1", "-q"]


def _start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "audit", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )


def _wait_for(marker: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the fault point was never reached"
        time.sleep(0.02)


@pytest.mark.parametrize("existing", [False, True], ids=["new", "replacing"])
def test_killed_half_way_through_the_write(existing: bool, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    if existing:
        out.write_text('{"old": true}\n', "utf-8")
    marker = tmp_path / "holding"
    process = _start(
        [*RUN, "--format", "json", "--output", str(out)],
        env={"TJ_AUDIT_FAULT": f"hold-output-write:{marker}"},
    )
    _wait_for(marker, process)
    temporary = [p for p in tmp_path.iterdir() if p.name.startswith(".report.json.")]
    assert len(temporary) == 1 and temporary[0].stat().st_size > 0  # really half-written
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    if existing:
        assert out.read_text("utf-8") == '{"old": true}\n'
    else:
        assert not out.exists()


def test_killed_at_random_moments(tmp_path: Path) -> None:
    """Whenever the kill lands, the report is absent or whole (it parses)."""
    rng = random.Random(20201127)
    for attempt in range(6):
        out = tmp_path / f"report-{attempt}.json"
        process = _start([*RUN, "--format", "json", "--output", str(out)])
        time.sleep(rng.uniform(0.1, 1.2))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        if out.exists():
            assert json.loads(out.read_text("utf-8"))["format"] == "tj-audit/result@1"


def test_output_follows_links_and_writes_into_pipes_and_devices(tmp_path: Path) -> None:
    """Renaming over the path replaced a symbolic link with a plain file (the target kept
    its old contents), and as root turned /dev/null or a FIFO into a file: the link's target
    is replaced instead, and a pipe or device is written to, as a shell redirection does.
    A replaced file keeps its permissions (a report kept from others stays so)."""
    from audit.output import write_atomic

    target = tmp_path / "target.json"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text("utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_atomic(fifo, "through the pipe")
    assert reader.communicate(timeout=10)[0] == b"through the pipe"
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    # (not tried on /dev/null: a regression would replace it for the whole machine)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "link.json", "target.json"]


def test_terminated_while_writing_leaves_nothing_behind(tmp_path: Path) -> None:
    """SIGTERM (a CI job's timeout, `kill`) used to end the process where it stood, leaving
    the half-written temporary file; it now stops as Ctrl-C does, with the shell's 143."""
    out = tmp_path / "report.json"
    out.write_text('{"old": true}\n', "utf-8")
    marker = tmp_path / "holding"
    process = _start(
        [*RUN, "--format", "json", "--output", str(out), "--lang", "en"],
        env={"TJ_AUDIT_FAULT": f"hold-output-write:{marker}"},
    )
    _wait_for(marker, process)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143
    assert stderr.decode().strip() == "terminated"
    assert out.read_text("utf-8") == '{"old": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["holding", "report.json"]


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for init to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _children(pid: int) -> set[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(n) for n in found.read_text().split()} if found.exists() else set()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_terminated_with_workers_leaves_no_worker_behind(tmp_path: Path) -> None:
    """With --jobs 2, SIGTERM to the command left both workers re-parented to init and
    asleep for good, holding the pipes a CI step waits on."""
    from audit.demo.run import data_dir

    marker = tmp_path / "holding"  # a worker waits there, busy, until the test is done
    process = _start(
        ["validate", str(data_dir()), "--jobs", "2", "-q"],
        env={"TJ_AUDIT_FAULT": f"hold-worker:{marker}"},
    )
    _wait_for(marker, process)
    workers = _children(process.pid)
    assert workers  # (the pool may start its second worker later)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)
    assert process.returncode == 143
    deadline = time.monotonic() + 10
    while alive := {w for w in workers if _running(w)}:
        assert time.monotonic() < deadline, f"workers {alive} outlived the command"
        time.sleep(0.05)


AUDIT = [sys.executable, "-m", "audit"]


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout on this system")
def test_output_to_dev_stdout_into_a_pipe() -> None:
    """`-o /dev/stdout | tee` is how CI steps keep a report: /dev/stdout leads to
    "pipe:[…]", no path at all, and the write failed with exit 2."""
    done = subprocess.run(
        [*AUDIT, "validate", str(data_dir()), "-f", "json", "-o", "/dev/stdout"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["format"] == "tj-audit/validation@1"


def test_an_interrupt_as_the_temporary_file_is_made_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C or SIGTERM arriving just after the temporary file was made, before its name
    was known, left `.NAME.XXXX.tmp` behind, which then blocked `audit demo -o DIR` for
    good ("holds files that are not the demo's")."""
    from audit.output import write_atomic

    made = os.open

    def interrupted(path: Any, *args: Any, **kwargs: Any) -> int:
        fd = made(path, *args, **kwargs)
        if str(path).endswith(".tmp"):
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    monkeypatch.setattr(os, "open", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "report.json", "{}")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_an_output_name_that_is_not_utf8_is_written(tmp_path: Path) -> None:
    """A file name with bytes that are not UTF-8 (Python's surrogate escapes) was an
    internal error once the temporary name was cut to fit beside a 255-byte name."""
    from audit.output import write_atomic

    name = os.fsdecode(b"r\xff.json")
    write_atomic(tmp_path / name, "{}")
    assert [p.name for p in tmp_path.iterdir()] == [name]
