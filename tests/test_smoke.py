"""The installed entry points start and answer."""

from __future__ import annotations

import subprocess
import sys

from audit import __version__


def test_python_m_audit_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "audit", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "validate" in done.stdout and "checklists" in done.stdout


def test_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "audit", "--version"], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == f"tj-audit {__version__}"


def test_internal_errors_are_one_line(monkeypatch: object) -> None:
    code = (
        "import audit.validation as v\n"
        "def boom(*a, **k):\n    raise RuntimeError('boom')\n"
        "v.validate = boom\n"
        "import sys; sys.argv = ['audit', 'validate', 'tests/data/evidence/valid']\n"
        "from audit.cli import main; main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 4
    assert done.stderr.strip().splitlines() == [
        "audit: internal error: RuntimeError: boom (run again with -v for details)"
    ]
