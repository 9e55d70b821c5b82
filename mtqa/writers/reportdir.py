"""``--report-dir``: findings.csv, segments.csv and report.html for a reviewer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..model import Report
from .base import Write, Writer
from .html import to_html
from .tabular import findings_frame, segments_frame, stamped, to_csv


class ReportDirWriter(Writer):
    """The three files of a report folder, each given a writer of its own by
    ``open_file`` when made, written at the run's end; they are put in place
    together with the run's other files (`mtqa.writers.formats.Outputs`)."""

    def __init__(
        self,
        open_file: Callable[[Path], Write],
        folder: Path,
        worst_first: bool = False,
        rwc: int = 1000,
    ) -> None:
        # all three opened now: a clash with another output or an input is refused
        # before the run, not found at its end
        self.csv = {name: open_file(folder / name) for name in ("findings.csv", "segments.csv")}
        super().__init__(open_file(folder / "report.html"))
        self.folder = folder
        self.worst_first = worst_first
        self.rwc = rwc

    def render(self, report: Report) -> str:
        """report.html (``write``), after the two CSV files beside it."""
        stamp = (self.run.version, report.rule_set, report.signature)
        for name, frame in (("findings.csv", findings_frame), ("segments.csv", segments_frame)):
            self.csv[name](to_csv(stamped(frame(report), *stamp)))
        return to_html(report, self.run.version, self.worst_first, self.rwc)
