"""One check run: find the inputs, read and check each, keep going past bad ones."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from .config import Config
from .engine import Checker
from .errors import InputError, MtqaError
from .gitchanges import changed_files
from .model import Report
from .readers import ReadOptions, format_for
from .readers.files import discover, include_globs, load, read_input
from .readers.parallel import align
from .writers.base import Writer


@dataclass
class RunResult:
    """The report, and why each input that could not be read was skipped (one line
    each, as ``on_error`` was told them)."""

    report: Report
    input_errors: list[str]  # "path: what is wrong", one an input


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
        include = include_globs(cfg.include)
        if not any(fnmatch.fnmatch(path, g) or fnmatch.fnmatch(name, g) for g in include):
            continue
        if any(fnmatch.fnmatch(path, g) or fnmatch.fnmatch(name, g) for g in cfg.exclude):
            continue
        keep.append(path)
    return keep


def inputs(
    checker: Checker,
    paths: Sequence[str],
    changed_since: str | None,
    own: list[str] | None = None,
) -> list[str]:
    """The files to check: those git changed since a revision, or the paths' files;
    reports mtqa wrote are left out, and added to ``own`` (`discover`)."""
    if changed_since is not None:
        return changed_inputs(changed_since, paths, checker)
    return list(discover(paths, checker.config.include, checker.config.exclude, own))


def read_options(config: Config) -> ReadOptions:
    """What readers need to know from the settings."""
    return ReadOptions(
        paragraphs=config.paragraphs,
        columns=dict(config.columns),
        source_lang=config.source_lang,
        target_lang=config.target_lang,
        given=config.languages_given,
    )


def _parallel(path: str | None, encoding: str) -> tuple[str, str] | None:
    return (path, read_input(path, encoding)) if path else None


def run_check(
    checker: Checker,
    paths: Sequence[str],
    stdin_format: str = "txt",
    changed_since: str | None = None,
    source: str | None = None,
    reference: str | None = None,
    on_error: Callable[[str], object] | None = None,
    writers: Sequence[Writer] = (),
    names: Sequence[str] | None = None,
) -> RunResult:
    """Check every input, driving ``writers`` (`mtqa.writers.base`) as each
    document is checked; an unreadable input is skipped, and why is told to
    ``on_error`` at once (the CLI writes it to stderr) and kept in the result.

    With ``source``/``reference`` files, the one plain-text input is aligned with them.
    ``names``: the files `inputs` found, when the caller looked already.
    Raises InputError when the inputs cannot be found or aligned.
    """
    cfg = checker.config
    if names is None:
        names = inputs(checker, paths, changed_since)
    parallel = _parallel(source, cfg.encoding), _parallel(reference, cfg.encoding)
    if any(parallel) and (len(names) != 1 or (names[0] != "-" and format_for(names[0]) != "txt")):
        raise InputError("--source and --reference go with exactly one plain-text target file")
    run = checker.run_info()
    for w in writers:
        w.start(run)
    results = []
    errors: list[str] = []
    for name in names:
        try:
            fmt = stdin_format if name == "-" else format_for(name)
            doc = load(name, fmt, read_options(cfg), cfg.encoding)
            doc = align(doc, *parallel, read_options(cfg))
        except MtqaError as exc:
            errors.append(str(exc))
            if on_error is not None:
                on_error(errors[-1])
            continue
        result = checker.check(doc)
        results.append(result)
        for w in writers:
            w.document(result)
    report = checker.report(results)
    for w in writers:
        w.end(report)
    return RunResult(report, errors)
