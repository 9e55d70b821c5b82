"""``mtqa check --stream``: large files checked chunk by chunk in bounded memory.

Row files (TSV, CSV, JSONL) come in chunks of rows, plain text in chunks of
lines (`mtqa.readers.textstream`); a file of another format is one chunk. Each
chunk is passed to the writers as it is checked (the incremental formats:
`mtqa.writers.formats.incremental_formats`); only each file's running totals are
kept, so memory does not grow with the input. At the end every file is judged
by the same gate as a whole-file run (`Checker.summarize`). Document-wide rules
(name and spelling variants) see one chunk at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from .engine import Checker
from .errors import InputError
from .model import DocumentTotals, RunSummary, Tally
from .readers import ReadOptions, format_for
from .readers.files import has_text, load
from .readers.stream import ROW_FORMATS, Chunk, stream_rows
from .readers.textstream import stream_text
from .run import read_options
from .writers.base import Writer

STREAMED_FORMATS = (*ROW_FORMATS, "txt")  # read a chunk at a time; others whole


def read_chunks(name: str, fmt: str, options: ReadOptions, encoding: str) -> Iterator[Chunk]:
    """The chunks of one input: rows or lines a chunk at a time for
    `STREAMED_FORMATS`, else the whole document as one chunk. Raises InputError."""
    if fmt in ROW_FORMATS:
        return stream_rows(name, fmt, options, encoding)
    if fmt == "txt":
        return stream_text(name, options, encoding)
    return iter([Chunk(load(name, fmt, options, encoding), 1)])


def run_stream(
    checker: Checker,
    names: Sequence[str],
    writers: Sequence[Writer],
    stdin_format: str,
    on_error: Callable[[str], object] | None = None,
) -> tuple[RunSummary, list[str]]:
    """Check every file chunk by chunk (`read_chunks`), driving ``writers``; the run's
    summary (each file's figures and verdict) and the input errors. A file that
    cannot be read (or holds no text: InputError) is one error, told to
    ``on_error`` at once, and the run goes on with the others, as a whole-file
    run does; its chunks already written stay written."""
    run = checker.run_info()
    for w in writers:
        w.start(run)
    options = read_options(checker.config)
    totals: list[DocumentTotals] = []  # one a file named, as a whole-file run has
    errors: list[str] = []
    for name in names:
        try:
            totals.append(_check_file(checker, name, stdin_format, options, writers))
        except InputError as exc:
            errors.append(str(exc))
            if on_error is not None:
                on_error(errors[-1])
    summary = checker.summarize(totals)
    for w in writers:
        w.end(summary)
    return summary, errors


def _check_file(
    checker: Checker,
    name: str,
    stdin_format: str,
    options: ReadOptions,
    writers: Sequence[Writer],
) -> DocumentTotals:
    """One file's chunks checked and written; its totals. Raises InputError."""
    fmt = stdin_format if name == "-" else format_for(name)
    total = DocumentTotals(name, checker.scoring.score(0, Tally()), Tally(), 0)
    words = 0
    read_text = False  # a file whose targets are all empty must not pass unchecked
    for chunk in read_chunks(name, fmt, options, checker.config.encoding):
        read_text = read_text or has_text(chunk.document.segments)
        result = checker.check(chunk.document)
        shift = chunk.first_row - 1  # segments count the file's rows, not the chunk's
        result.findings = [replace(f, segment=f.segment + shift) for f in result.findings]
        words += result.score.words
        total.encoding = chunk.document.encoding
        total.rules = max(total.rules or 0, result.rules or 0)
        total.tally += result.tally
        total.findings += len(result.findings)
        total.baselined += result.baselined
        total.triaged += result.triaged
        total.suppressed += result.suppressed
        total.unused_suppressions += result.unused_suppressions
        for w in writers:
            w.document(result)
    if not read_text:
        raise InputError(f"{name}: no target text to check")
    total.score = checker.scoring.score(words, total.tally)
    return total
