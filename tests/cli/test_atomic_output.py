"""A process killed while it writes --output leaves the old file or none, never half of one."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

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
