"""The CI examples in docs/ci.md, the pre-commit hook and the GitHub Action, run here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, SAMPLE

DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", DOC, re.DOTALL)
CLEAN = "The county built new roads last year. Farmers now sell their tea in the city.\n"


def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a CI job: mtqa on PATH, a git identity."""
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "GIT_AUTHOR_NAME": "ci", "GIT_AUTHOR_EMAIL": "ci@example.org",
        "GIT_COMMITTER_NAME": "ci", "GIT_COMMITTER_EMAIL": "ci@example.org",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }  # fmt: skip


def sh(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env(cwd), capture_output=True, text=True, check=False
    )


@pytest.fixture
def project(tmp_path):
    """A repository of translated articles with a base branch and one changed article."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "clean.md").write_text("# Roads\n\n" + CLEAN, encoding="utf-8")
    (tmp_path / "articles" / "sample.txt").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    setup = (
        "git init -q -b main && git add . && git commit -qm base && "
        "git update-ref refs/remotes/origin/main HEAD && "
        "printf 'Prices rose on on Monday.\\n' >> articles/clean.md && git commit -qam change"
    )
    assert sh(setup, tmp_path).returncode == 0
    return tmp_path


def test_every_yaml_example_parses():
    yaml_blocks = [body for lang, body in BLOCKS if lang == "yaml"]
    assert len(yaml_blocks) >= 4
    for body in yaml_blocks:
        assert yaml.safe_load(body) is not None


def mtqa_commands() -> list[str]:
    """Every `mtqa ...` command in a YAML example (steps and scripts)."""
    commands = []
    for lang, body in BLOCKS:
        if lang != "yaml":
            continue
        for line in body.splitlines():
            command = re.sub(r"^\s*(?:-\s+)?(?:run:\s+)?", "", line)
            if command.startswith("mtqa "):
                commands.append(command)
    return commands


@pytest.mark.parametrize("command", mtqa_commands())
def test_yaml_commands_run(project, command):
    proc = sh(command, project)
    assert proc.returncode in (0, 1), proc.stderr
    for name in re.findall(r"(?:sarif|gitlab|junit|json):(\S+)", command):
        assert (project / name).stat().st_size > 0


def test_github_example_checks_only_the_changed_article(project):
    (command,) = [c for c in mtqa_commands() if "--changed-since" in c]
    proc = sh(command, project)
    assert proc.returncode == 1
    assert proc.stdout.startswith("::warning file=articles/clean.md,line=4,")
    assert "sample.txt" not in proc.stdout
    assert "| articles/clean.md |" in (project / "summary.md").read_text("utf-8")


def test_shell_pipeline_example(project):
    script = next(body for lang, body in BLOCKS if lang == "sh" and "mtqa baseline" in body)
    proc = sh(script, project)
    assert proc.returncode == 0, proc.stderr  # everything is in the fresh baseline
    assert (project / ".mtqa-baseline.json").exists()
    assert (project / "mtqa-report" / "index.html").exists()
    (project / "articles" / "new.txt").write_text("The the end. . Done.\n", encoding="utf-8")
    assert sh(script.replace("mtqa baseline", "true"), project).returncode == 1


def test_streaming_example(project):
    script = next(body for lang, body in BLOCKS if lang == "sh" and "jsonl" in body)
    proc = sh(script.replace("translated/", "articles/"), project)
    assert proc.returncode == 0
    assert (project / "findings.jsonl").read_text("utf-8").count("\n") > 10


def test_pre_commit_hook_runs_as_pre_commit_would(project):
    """The hook's entry on the staged files its `files` pattern selects, in a fresh
    repository: what `pre-commit run` does for a `language: python` hook."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "mtqa" and hook["language"] == "python"
    (project / "notes.py").write_text("x = 1\n", encoding="utf-8")
    (project / "articles" / "bad.md").write_text("The the end. . Done.\n", encoding="utf-8")
    sh("git add -A", project)
    staged = sh("git diff --cached --name-only", project).stdout.split()
    files = [f for f in staged if re.search(hook["files"], f)]
    assert files == ["articles/bad.md"]
    proc = sh(" ".join([hook["entry"], *files]), project)
    assert proc.returncode == 1
    assert proc.stdout.startswith("articles/bad.md:1:1: MT205")
    clean = sh(" ".join([hook["entry"], "articles/clean.md"]), project)
    assert clean.returncode == 1  # the committed "on on" in clean.md
    assert sh(f"{hook['entry']} --exit-zero articles/clean.md", project).returncode == 0


def test_action_runs_mtqa_with_its_inputs():
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"args", "sarif-file", "python-version"}
    run_step = action["runs"]["steps"][-1]
    assert run_step["run"].startswith("mtqa check $MTQA_ARGS --format github")
    assert run_step["env"] == {
        "MTQA_ARGS": "${{ inputs.args }}",
        "MTQA_SARIF": "${{ inputs.sarif-file }}",
    }
