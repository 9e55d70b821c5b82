"""One check run: find the inputs, read and check each, keep going past bad ones."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import PurePath

from .config import Config
from .engine import Checker
from .errors import InputError, MtqaError
from .model import DocumentResult, Report
from .pool import FileTask, Pool, batched, find_files, from_here, worker_config
from .progress import Progress
from .readers import ReadOptions, input_format
from .readers.files import discover, include_globs, read_input, refuse_stdin_twice
from .readers.parallel import refuse_unaligned
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
    from .gitchanges import changed_files  # git: only for --changed-since

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


def input_sizes(names: Sequence[str]) -> list[int | None]:
    """Each input's size in bytes (None for stdin, or a file that cannot be
    statted: its reader will say why)."""
    sizes: list[int | None] = []
    for name in names:
        try:
            sizes.append(None if name == "-" else os.path.getsize(name))
        except OSError:
            sizes.append(None)
    return sizes


def outline(checker: Checker, writers: Sequence[Writer]) -> bool:
    """Whether a run's workers may send their results back `outlined`, without
    their segments: no writer reads them (`Writer.reads_segments`), and the process
    that writes holds no baseline or triage file (which know a finding by its
    segment's text)."""
    keeps_texts = checker.baseline is not None or bool(checker.triage)
    return not keeps_texts and not any(w.reads_segments for w in writers)


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
    pool: Pool | None = None,
    progress: Progress | None = None,
    sizes: Sequence[int | None] | None = None,
) -> RunResult:
    """Check every input, driving ``writers`` (`mtqa.writers.base`) as each
    document is checked, in the inputs' order; an unreadable input is skipped,
    and why is told to ``on_error`` at once (the CLI writes it to stderr) and
    kept in the result.

    With ``source``/``reference`` files, the one plain-text input is aligned with them.
    ``names``: the files `inputs` found, when the caller looked already, and
    ``sizes`` their `input_sizes`.
    ``pool``: worker processes that read and check the files (`mtqa.pool`; not
    for stdin, which a worker cannot read); None checks them in this process.
    With a pool and writers that read no segments (`outline`), the report's
    documents come without their segments: their findings and figures are whole.
    Raises InputError when the inputs cannot be found or aligned.
    """
    cfg = checker.config
    if names is None:
        names = inputs(checker, paths, changed_since)
    if source or reference:
        refuse_stdin_twice([*names, source, reference])
        if len(names) != 1:
            raise InputError("--source and --reference go with exactly one plain-text target file")
        target_format = input_format(names[0], stdin_format)
        refuse_unaligned("target", names[0], target_format)
        for role, path in (("--source", source), ("--reference", reference)):
            if path:
                refuse_unaligned(role, path, input_format(path, stdin_format))
    parallel = _parallel(source, cfg.encoding), _parallel(reference, cfg.encoding)
    run = checker.run_info()
    for w in writers:
        w.start(run)
    results = []
    errors: list[str] = []
    options = read_options(cfg)
    if sizes is None:
        sizes = input_sizes(names)
    task_config = worker_config(cfg, pool.shares_directory) if pool else cfg
    outlined = pool is not None and outline(checker, writers)
    tasks = (
        FileTask(
            task_config,
            name,
            input_format(name, stdin_format),
            options,
            *parallel,
            outline=outlined,
            where=None if name == "-" or pool is None or pool.shares_directory else from_here(name),
        )
        for name in names
    )
    if pool is None:
        found: Iterable[list[DocumentResult] | str] = (_find_here(checker, t) for t in tasks)
    else:
        # small files go to the workers several to a task (`batched`)
        found = chain.from_iterable(pool.imap(find_files, batched(tasks, sizes)))
    for size, outcome in zip(sizes, found, strict=True):
        if isinstance(outcome, str):
            errors.append(outcome)
            if on_error is not None:
                on_error(outcome)
            continue
        for n, one in enumerate(outcome, 1):  # a file's documents, one but for a table's
            result = checker.finish(one)
            results.append(result)
            if progress is not None:  # the file's bytes counted with its last document
                progress.advance(result, size or 0 if n == len(outcome) else 0)
            for w in writers:
                w.document(result)
    report = checker.report(results)
    for w in writers:
        w.end(report)
    return RunResult(report, errors)


def _find_here(checker: Checker, task: FileTask) -> list[DocumentResult] | str:
    """`Checker.find` of each document of one input in this process, or why the
    input cannot be read."""
    try:
        documents = task.read()
    except MtqaError as exc:
        return str(exc)
    return [checker.find(document) for document in documents]
