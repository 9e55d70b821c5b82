"""``mtqa check --stream``: large files checked chunk by chunk in bounded memory.

Row files (TSV, CSV, JSONL) come in chunks of rows, plain text in chunks of
lines (`mtqa.readers.textstream`); a file of another format is one chunk. Each
chunk is passed to the writers as it is checked (every format writes, or spools,
as documents come: `mtqa.writers.base`); only each file's running totals are
kept, so memory does not grow with the input. At the end every file is judged
by the same gate as a whole-file run (`Checker.summarize`). Document-wide rules
(name and spelling variants) see one chunk at a time.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from .engine import Checker
from .errors import InputError
from .model import DocumentResult, DocumentTotals, RunSummary, Tally
from .pool import DocumentTask, Pool, find_document, worker_config
from .progress import Progress
from .readers import ReadOptions, input_format
from .readers.files import load
from .readers.stream import ROW_FORMATS, Chunk, stream_rows
from .readers.textstream import stream_text
from .run import outline, read_options
from .writers.base import Writer

STREAMED_FORMATS = (*ROW_FORMATS, "txt")  # read a chunk at a time; others whole


def read_chunks(
    name: str, fmt: str, options: ReadOptions, encoding: str, parse_rows: bool = True
) -> Iterator[Chunk]:
    """The chunks of one input: rows or lines a chunk at a time for
    `STREAMED_FORMATS`, else the whole document as one chunk; with
    ``parse_rows`` False, a row file's chunks hold their rows unparsed
    (`mtqa.readers.stream.Rows`). Raises InputError."""
    if fmt in ROW_FORMATS:
        return stream_rows(name, fmt, options, encoding, parse_rows=parse_rows)
    if fmt == "txt":
        return stream_text(name, options, encoding)
    return iter([Chunk(load(name, fmt, options, encoding), 1)])


def run_stream(
    checker: Checker,
    names: Sequence[str],
    writers: Sequence[Writer],
    stdin_format: str,
    on_error: Callable[[str], object] | None = None,
    pool: Pool | None = None,
    progress: Progress | None = None,
) -> tuple[RunSummary, list[str]]:
    """Check every file chunk by chunk (`read_chunks`), driving ``writers``; the run's
    summary (each file's figures and verdict) and the input errors. A file that
    cannot be read (or holds no text: InputError) is one error, told to
    ``on_error`` at once, and the run goes on with the others, as a whole-file
    run does; its chunks already written stay written. ``pool``: worker
    processes that check the chunks (`mtqa.pool`), read here in order; None
    checks them in this process."""
    run = checker.run_info()
    for w in writers:
        w.start(run)
    options = read_options(checker.config)
    totals: list[DocumentTotals] = []  # one a file named, as a whole-file run has
    errors: list[str] = []
    # what the reader said of each task, in the tasks' order: results come back in
    # that order too (`Pool.imap`), so each meets its own
    told: deque[_Told] = deque()
    outlined = pool is not None and outline(checker, writers)
    here = pool is None or pool.shares_directory
    tasks = _tasks(checker, names, stdin_format, options, told, pool is not None, outlined, here)
    found: Iterable[DocumentResult | str | None] = (
        pool.imap(find_document, tasks)
        if pool is not None
        else (checker.find(task.read()) if task else None for task in tasks)
    )
    running: _Running | None = None  # the file (or the file's document) being read
    done: list[DocumentTotals] = []  # the file's documents before the one being read
    read_text = False  # some document of the file has target text
    failed: str | None = None  # why a worker could not parse the file's rows
    for outcome in found:
        about = told.popleft()
        if isinstance(outcome, str) or (failed and outcome is not None):
            failed = failed or outcome  # its later chunks, checked already, are dropped
            continue
        if outcome is not None:
            if running is not None and running.totals.path != about.document:
                read_text = read_text or running.read_text
                done.append(running.end())  # the next of a file's documents
                running = None
            running = running or _Running(checker, about.document)
            result = running.add(checker.finish(outcome), about.first_row)
            if progress is not None:
                progress.advance(result, about.read)
            for w in writers:
                w.document(result)
            continue
        # the file's end, or an error reading it
        error = about.error or failed
        failed = None
        if running is not None:
            read_text = read_text or running.read_text
            done.append(running.end())
        if error is None and not read_text:
            error = f"{about.name}: no target text to check"
        if error is None:
            totals.extend(done)
        else:
            errors.append(error)
            if on_error is not None:
                on_error(error)
        running, done, read_text = None, [], False
    summary = checker.summarize(totals)
    for w in writers:
        w.end(summary)
    return summary, errors


@dataclass(frozen=True)
class _Told:
    """What reading one task found: the file; for a chunk, the number of its first
    row, how many bytes of the file it read and the name of the document it is
    part of (the file's, or one of the file's documents'); at the file's end
    (after its last chunk), no row, and why the file could not be read, if it
    could not."""

    name: str
    first_row: int | None
    read: int = 0
    error: str | None = None
    document: str = ""


def _tasks(
    checker: Checker,
    names: Sequence[str],
    stdin_format: str,
    options: ReadOptions,
    told: deque[_Told],
    for_workers: bool,
    outlined: bool = False,
    here: bool = True,
) -> Iterator[DocumentTask | None]:
    """A task for each chunk of each file, then None for the file's end (or its
    error), each told in ``told`` as it is read; ``outlined``: the results come
    back `outlined`; ``here``: the workers open paths as this process does
    (`worker_config`)."""
    config = worker_config(checker.config, here) if for_workers else checker.config
    for name in names:
        read = 0
        try:
            fmt = input_format(name, stdin_format)
            # a worker parses the rows it checks: here they are only read
            chunks = read_chunks(name, fmt, options, checker.config.encoding, not for_workers)
            for chunk in chunks:
                done = chunk.read or _size(name)  # a file read whole: all of it
                told.append(
                    _Told(name, chunk.first_row, max(0, done - read), None, chunk.name or name)
                )
                read = max(read, done)
                yield DocumentTask(config, chunk.document, chunk.rows, outlined)
        except InputError as exc:
            told.append(_Told(name, None, error=str(exc)))
        else:
            told.append(_Told(name, None))
        yield None


def _size(name: str) -> int:
    """The file's size in bytes (0 for stdin, or when it cannot be told)."""
    try:
        return 0 if name == "-" else os.path.getsize(name)
    except OSError:
        return 0


class _Running:
    """One file's totals while its chunks come."""

    def __init__(self, checker: Checker, name: str) -> None:
        self.scoring = checker.scoring
        self.totals = DocumentTotals(name, checker.scoring.score(0, Tally()), Tally(), 0)
        self.words = 0
        self.read_text = False  # a file whose targets are all empty must not pass unchecked

    def add(self, result: DocumentResult, first_row: int | None) -> DocumentResult:
        """One chunk's result counted, its findings numbered by the file's rows."""
        self.read_text = self.read_text or result.read_text
        shift = (first_row or 1) - 1  # segments count the file's rows, not the chunk's
        result.findings = [replace(f, segment=f.segment + shift) for f in result.findings]
        total = self.totals
        self.words += result.score.words
        total.encoding = result.document.encoding
        total.rules = max(total.rules or 0, result.rules or 0)
        total.tally += result.tally
        total.findings += len(result.findings)
        total.baselined += result.baselined
        total.triaged += result.triaged
        total.suppressed += result.suppressed
        total.unused_suppressions += result.unused_suppressions
        return result

    def end(self) -> DocumentTotals:
        """The file's totals, scored over all its words."""
        self.totals.score = self.scoring.score(self.words, self.totals.tally)
        return self.totals
