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

from collections.abc import Iterator, Sequence
from dataclasses import replace

from .engine import Checker
from .errors import InputError
from .model import DocumentTotals, RunSummary, Tally
from .readers import ReadOptions, format_for
from .readers.files import load
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
    checker: Checker, names: Sequence[str], writers: Sequence[Writer], stdin_format: str
) -> RunSummary:
    """Check every file chunk by chunk (`read_chunks`), driving ``writers``; the run's summary
    (each file's figures and verdict). Raises InputError for an unreadable file,
    and for one with no target text (as a whole-file run does)."""
    run = checker.run_info()
    for w in writers:
        w.start(run)
    options = read_options(checker.config)
    totals: list[DocumentTotals] = []  # one a file named, as a whole-file run has
    for name in names:
        fmt = stdin_format if name == "-" else format_for(name)
        total = DocumentTotals(name, checker.scoring.score(0, Tally()), Tally(), 0)
        totals.append(total)
        words = 0
        read_text = False  # a file whose targets are all empty must not pass unchecked
        for chunk in read_chunks(name, fmt, options, checker.config.encoding):
            read_text = read_text or any(seg.text.strip() for seg in chunk.document.segments)
            result = checker.check(chunk.document)
            shift = chunk.first_row - 1  # segments count the file's rows, not the chunk's
            result.findings = [replace(f, segment=f.segment + shift) for f in result.findings]
            words += result.score.words
            total.encoding = chunk.document.encoding
            total.rules = max(total.rules or 0, result.rules or 0)
            total.tally += result.tally
            total.findings += len(result.findings)
            total.baselined += result.baselined
            total.suppressed += result.suppressed
            total.unused_suppressions += result.unused_suppressions
            for w in writers:
                w.document(result)
        if not read_text:
            raise InputError(f"{name}: no target text to check")
        total.score = checker.scoring.score(words, total.tally)
    summary = checker.summarize(totals)
    for w in writers:
        w.end(summary)
    return summary
