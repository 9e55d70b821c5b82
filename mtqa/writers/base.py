"""The writer protocol every output follows: ``start(run)``, then ``document(result)``
for each checked document as it comes, then ``end(summary)``.

Batch runs (`mtqa.run.run_check`), streamed runs (`mtqa.streaming.run_stream`) and
the Python API drive writers the same way. An *incremental* writer writes as
documents come (findings of a streamed file reach the terminal chunk by chunk); a
writer whose format needs the whole run keeps the documents itself and renders
the `Report` at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from ..model import DocumentResult, Report, RunInfo, RunSummary

Write = Callable[[str], object]


class Writer:
    """One output of a run, written through ``write`` (a file's or the terminal's).

    The default keeps every document and, at the end, writes ``render`` of the
    whole report; incremental formats override `document` and `end`.
    """

    incremental: ClassVar[bool] = False  # writes each document as it comes

    def __init__(self, write: Write, colour: bool = False) -> None:
        self.write = write
        self.colour = colour
        self.run = RunInfo("")
        self._documents: list[DocumentResult] = []

    def start(self, run: RunInfo) -> None:
        """The run begins: nothing is checked yet."""
        self.run = run

    def document(self, result: DocumentResult) -> None:
        """One document checked (for a streamed file, one chunk of its rows)."""
        self._documents.append(result)

    def end(self, summary: RunSummary) -> None:
        """The run is over: every document's verdict and the run's are known."""
        self.write(self.render(Report.of(summary, self._documents)))

    def render(self, report: Report) -> str:
        """The whole output of a run, for formats that need it all at once."""
        raise NotImplementedError


def drive(writers: Sequence[Writer], report: Report, run: RunInfo) -> None:
    """Run finished writers over a report already made (the Python API, tests)."""
    for w in writers:
        w.start(run)
    for d in report.documents:
        for w in writers:
            w.document(d)
    for w in writers:
        w.end(report)


def render(factory: Callable[[Write], Writer], report: Report, run: RunInfo) -> str:
    """What one writer writes for a report, as a string."""
    parts: list[str] = []
    drive([factory(parts.append)], report, run)
    return "".join(parts)
