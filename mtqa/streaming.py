"""``mtqa check --stream``: large row files checked chunk by chunk in bounded memory.

Each chunk is passed to the writers as it is checked (the incremental formats:
`mtqa.writers.formats.incremental_formats`); only each file's running totals are
kept, so memory does not grow with the input. At the end every file is judged
by the same gate as a whole-file run (`Checker.summarize`). Document-wide rules
(name and spelling variants) see one chunk of rows at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .engine import Checker
from .model import DocumentTotals, RunSummary, Tally
from .readers import format_for
from .readers.stream import stream_rows
from .run import read_options
from .writers.base import Writer


def run_stream(
    checker: Checker, names: Sequence[str], writers: Sequence[Writer], stdin_format: str
) -> RunSummary:
    """Check every row file chunk by chunk, driving ``writers``; the run's summary
    (each file's figures and verdict). Raises InputError for an unreadable file."""
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
        for chunk in stream_rows(name, fmt, options, checker.config.encoding):
            result = checker.check(chunk.document)
            shift = chunk.first_row - 1  # segments count the file's rows, not the chunk's
            result.findings = [replace(f, segment=f.segment + shift) for f in result.findings]
            words += result.score.words
            total.encoding = chunk.document.encoding
            total.tally += result.tally
            total.findings += len(result.findings)
            total.baselined += result.baselined
            total.suppressed += result.suppressed
            total.unused_suppressions += result.unused_suppressions
            for w in writers:
                w.document(result)
        total.score = checker.scoring.score(words, total.tally)
    summary = checker.summarize(totals)
    for w in writers:
        w.end(summary)
    return summary
