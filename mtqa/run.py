"""One check run: find the inputs, read and check each, keep going past bad ones."""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

import click

from .engine import Checker
from .errors import MtqaError
from .gitchanges import changed_files
from .model import Report
from .readers import format_for, parse
from .readers.files import discover, read_input


@dataclass
class RunResult:
    """The report, and how many inputs could not be read (each already said on stderr)."""

    report: Report
    input_errors: int


def _under(path: str, roots: Sequence[str]) -> bool:
    parts = PurePath(path).parts
    for root in roots:
        root_parts = PurePath(root).parts if root not in (".", "") else ()
        if parts[: len(root_parts)] == root_parts:
            return True
    return False


def changed_inputs(ref: str, paths: Sequence[str], checker: Checker) -> list[str]:
    """Files changed since ``ref`` that lie under ``paths`` and that mtqa reads."""
    cfg = checker.config
    keep = []
    for path in changed_files(ref):
        name = PurePath(path).name
        if not _under(path, paths or (".",)):
            continue
        if not any(fnmatch.fnmatch(path, g) or fnmatch.fnmatch(name, g) for g in cfg.include):
            continue
        if any(fnmatch.fnmatch(path, g) or fnmatch.fnmatch(name, g) for g in cfg.exclude):
            continue
        keep.append(path)
    return keep


def run_check(
    checker: Checker,
    paths: Sequence[str],
    stdin_format: str = "txt",
    changed_since: str | None = None,
) -> RunResult:
    """Check every input; an unreadable one is reported on stderr and skipped."""
    cfg = checker.config
    if changed_since is not None:
        names = changed_inputs(changed_since, paths, checker)
    else:
        names = list(discover(paths, cfg.include, cfg.exclude))
    results = []
    errors = 0
    for name in names:
        try:
            fmt = stdin_format if name == "-" else format_for(name)
            doc = parse(read_input(name, cfg.encoding), name, fmt, cfg.paragraphs)
        except MtqaError as exc:
            click.echo(f"mtqa: error: {exc}", err=True)
            errors += 1
            continue
        results.append(checker.check(doc))
    return RunResult(checker.report(results), errors)
