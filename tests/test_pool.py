"""Worker pools behave alike under every start method Python may default to."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import multiprocessing, sys
from pathlib import Path
if __name__ == "__main__":
    multiprocessing.set_start_method(sys.argv[1], force=True)
    from audit.evidence.load import Options
    from audit.validation import load_all
    files = sorted(Path(sys.argv[2]).glob("*.json"))
    print(sum(loaded.ok for loaded in load_all(files, Options(attachments=False), jobs=2)))
"""


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_workers_run_under_every_start_method(method: str, tmp_path: Path) -> None:
    """A worker leaves when its parent does; under "forkserver" (Python 3.14's default on
    Linux) its parent is the fork server, not the command, and must not read as gone."""
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not available here")
    from audit.demo.run import data_dir

    script = tmp_path / "pool_check.py"
    script.write_text(SCRIPT, "utf-8")
    done = subprocess.run(
        [sys.executable, str(script), method, str(data_dir())],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(len(list(data_dir().glob("*.json"))))


def test_a_sigterm_python_swallowed_as_a_worker_was_forked_still_stops_the_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """SIGTERM arriving as --jobs 2 forked its workers was raised in the fork's hook, where
    Python prints "Exception ignored … Traceback" and goes on: the run finished, stored
    itself, and only then exited 143. The interrupt the hook took is raised at the next
    file, and not printed as an ignored exception."""
    import datetime as dt
    import types

    from audit.demo.run import data_dir
    from audit.engine.run import RunOptions, run_audit
    from audit.entry import _unraisable
    from audit.i18n import _UNTOLD, Terminated, untold

    files = sorted(data_dir().glob("*.json"))
    options = RunOptions(as_of=dt.date(2020, 7, 15), jobs=2, attachments=False, digest=False)
    _UNTOLD[:] = [Terminated()]  # as the handler leaves it when its exception is swallowed
    try:
        with pytest.raises(Terminated):
            run_audit(files, options)
    finally:
        untold()
    _unraisable(types.SimpleNamespace(exc_value=Terminated(), exc_type=Terminated))
    assert capsys.readouterr().err == ""
