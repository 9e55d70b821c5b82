"""``--changed-since REF``: the files git says were added or modified since REF."""

from __future__ import annotations

import subprocess

from .errors import InputError


def _git(*args: str) -> str:
    try:
        proc = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise InputError("--changed-since needs git, which is not installed") from None
    if proc.returncode:
        message = proc.stderr.strip().splitlines()
        raise InputError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return proc.stdout


def changed_files(ref: str) -> list[str]:
    """Paths (relative to the current folder, below it) added or modified since ``ref``,
    committed or not, sorted."""
    try:
        _git("rev-parse", "--is-inside-work-tree")
    except InputError:
        raise InputError(
            "--changed-since: the current folder is not inside a git repository"
        ) from None
    try:
        _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except InputError:
        raise InputError(f"--changed-since: unknown git revision '{ref}'") from None
    out = _git("diff", "--name-only", "--relative", "--diff-filter=AM", "-z", ref, "--")
    return sorted(p for p in out.split("\0") if p)
