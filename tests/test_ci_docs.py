"""docs/ci.md and .pre-commit-hooks.yaml: valid YAML whose audit commands exist and work."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from audit.cli import app
from audit.demo.run import data_dir
from tests.conftest import ROOT, missing_tool

runner = CliRunner()


def _blocks() -> list[Any]:
    text = (ROOT / "docs" / "ci.md").read_text("utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def _commands(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for value in node.values():
            found += _commands(value)
    elif isinstance(node, list):
        for value in node:
            found += _commands(value)
    elif isinstance(node, str):
        for raw in node.splitlines():
            line = raw.strip().removesuffix("|| true").strip()
            if line.startswith("audit "):
                found.append(line)
    return found


def test_the_workflows_are_valid_yaml_with_the_expected_shape() -> None:
    blocks = _blocks()
    assert len(blocks) == 4
    precommit, precommit_all, github, gitlab = blocks
    assert precommit["repos"][0]["hooks"][0]["id"] == "audit-validate"
    assert precommit_all["repos"][0]["hooks"][0] == {
        "id": "audit-validate-all",
        "args": ["submissions/"],
    }
    assert github["jobs"]["validate"]["runs-on"] == "ubuntu-latest"
    assert set(gitlab) == {"validate-evidence", "audit-evidence"}
    assert gitlab["validate-evidence"]["artifacts"]["reports"]["junit"] == "validate.xml"


def test_every_audit_command_in_the_docs_exists_and_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = [c for block in _blocks() for c in _commands(block)]
    assert len(commands) >= 5
    shutil.copytree(data_dir(), tmp_path / "submissions")
    monkeypatch.chdir(tmp_path)
    for command in commands:
        args = shlex.split(command)[1:]
        result = runner.invoke(app, args)
        # 0 or 1: the command ran and judged the demo (whose critical finding trips the
        # --fail-on gate); 2, 3 or 4 would mean a command or option the docs got wrong.
        assert result.exit_code in (0, 1), (command, result.output)
        if args[0] == "validate":
            assert result.exit_code == 0, (command, result.output)


def test_the_hook_definition(tmp_path: Path) -> None:
    """The changed-files hook selects what `audit validate FOLDER` would: checked against
    the folder search on one tree."""
    from audit.discovery import evidence_files

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert [h["id"] for h in hooks] == ["audit-validate", "audit-validate-all"]
    hook, every = hooks
    for h in hooks:
        assert h["language"] == "python" and h["entry"].startswith("audit validate")
        assert h["require_serial"] is True
    assert (every["pass_filenames"], every["always_run"], every["args"]) == (False, True, ["."])
    files, excluded = re.compile(hook["files"]), re.compile(hook["exclude"])
    tree = [
        "HQ-FY.json",
        "schema.json",
        "hq/HQ-SCJG.json",
        "tianjin-bizenv.schema.json",
        "hq/tianjin-bizenv.schema.json",
        "attachments/a.json",
        "hq/attachments/HQ-FY/data.json",
        ".audit/x.json",
        ".vscode/settings.json",
        ".eslintrc.json",
        "sub/.prettierrc.json",
        "notes/analysis.ipynb",
        "maps/area.geojson",
        "node_modules/pkg/package.json",
        "README.md",
    ]
    for name in tree:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", "utf-8")
    by_folder = {p.relative_to(tmp_path).as_posix() for p in evidence_files([tmp_path])}
    by_hook = {n for n in tree if files.search(n) and not excluded.search(n)}
    assert by_hook == by_folder == {"HQ-FY.json", "schema.json", "hq/HQ-SCJG.json"}


def test_pre_commit_try_repo_on_an_evidence_repository(tmp_path: Path) -> None:
    tool = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    git = shutil.which("git")
    if git is None:
        missing_tool("git is not installed")
        return
    if not Path(tool).exists():
        pytest.skip("pre-commit cannot be installed here")
    repo = tmp_path / "evidence-repo"
    shutil.copytree(data_dir(), repo)
    # What `audit init -o` leaves beside the evidence: a JSON Schema the hook must skip.
    schema = repo / "tianjin-bizenv.schema.json"
    made = runner.invoke(app, ["schema", "--checklist", "tianjin-bizenv", "-o", str(schema)])
    assert made.exit_code == 0, made.output
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "evidence"]):
        subprocess.run([git, *args], cwd=repo, check=True, env=env)

    def try_repo(hook: str = "audit-validate") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [tool, "try-repo", str(ROOT), hook, "--all-files"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    good = try_repo()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "tj-audit validate evidence" in good.stdout and "Passed" in good.stdout
    bad = repo / "HQ-BAD.json"
    bad.write_text(
        '{"format": "tj-audit/evidence@1", "checklist": "tianjin-bizenv"}\n', encoding="utf-8"
    )
    subprocess.run([git, "add", "."], cwd=repo, check=True, env=env)
    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "HQ-BAD.json:1:1: $: 缺少必填字段 'agency'" in failed.stdout
    # the whole-repository hook: what changed or not, every file is validated
    subprocess.run([git, "commit", "-qm", "bad"], cwd=repo, check=True, env=env)
    every = try_repo("audit-validate-all")
    assert every.returncode == 1, every.stdout + every.stderr
    assert "tj-audit validate all evidence" in every.stdout
    assert "HQ-BAD.json:1:1: $: 缺少必填字段 'agency'" in every.stdout
