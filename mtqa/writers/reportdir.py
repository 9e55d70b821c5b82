"""``--report-dir``: a folder a reviewer works through in the browser.

- ``index.html``: every document with its score, band, verdict and counts;
- ``documents/NNNN-NAME.html``: one page per document (`mtqa.writers.html`),
  written as the document comes, so that the pages of a large run are not all
  held in memory (only their index rows are);
- ``findings.csv`` and ``segments.csv``: every finding and paragraph, for a
  spreadsheet;
- ``.mtqa-report`` (`REPORT_FOLDER_MARKER`): the mark that makes a later run
  skip the folder when it lies among the inputs.

Everything appears at once when the run ends (`mtqa.writers.formats.Outputs`);
pages an earlier run left in ``documents/`` that this run does not write again,
and the single ``report.html`` of earlier versions, are removed then, so that
the folder holds one run's report.
"""

from __future__ import annotations

from pathlib import Path

from .. import regexcache
from ..model import REPORT_FOLDER_MARKER, DocumentResult, Report, RunInfo
from ..readers.files import written_by_mtqa
from .base import Writer
from .formats import Outputs
from .html import IndexRow, document_page, index_page, page_name
from .tabular import findings_frame, segments_frame, stamped, to_csv

PAGES = "documents"
# the pages of an earlier run: the names `page_name` gives
_PAGE_RE = regexcache.compile(r"\d{4,}-[a-z0-9-]+\.html")
_CSV = {"findings.csv": findings_frame, "segments.csv": segments_frame}


class ReportDirWriter(Writer):
    """The files of a report folder, made through ``outputs`` (every one refused
    before the run if it clashes with an input or another output)."""

    def __init__(
        self, outputs: Outputs, folder: Path, worst_first: bool = False, rwc: int = 1000
    ) -> None:
        # opened now: a clash with another output or an input is refused before
        # the run, not found at its end
        self.csv = {name: outputs.open_file(folder / name) for name in _CSV}
        super().__init__(outputs.open_file(folder / "index.html"))
        self.outputs = outputs
        self.folder = folder
        self.worst_first = worst_first
        self.rwc = rwc
        self.rows: list[IndexRow] = []
        self._pending: DocumentResult | None = None  # its page waits for the next's name

    def start(self, run: RunInfo) -> None:
        super().start(run)
        self.outputs.write_file(
            self.folder / REPORT_FOLDER_MARKER,
            f"An HTML report mtqa {run.version} wrote (run {run.signature}).\n"
            "mtqa check skips this folder when it lies among the files to check.\n",
        )

    def document(self, result: DocumentResult) -> None:
        super().document(result)  # kept for findings.csv and segments.csv
        self._write_pending(page_name(len(self._documents), result.path))
        self._pending = result

    def _write_pending(self, following: str | None) -> None:
        """Write the page of the document before the one just checked, now that the
        name of the next page, which it links to, is known."""
        if self._pending is None:
            return
        number = len(self.rows) + 1
        previous = self.rows[-1].page if self.rows else None
        html, row = document_page(
            self._pending,
            number,
            self.run,
            rwc=self.rwc,
            worst_first=self.worst_first,
            neighbours=(previous, following),
        )
        self.outputs.write_file(self.folder / PAGES / row.page, html)
        self.rows.append(row)
        self._pending = None

    def render(self, report: Report) -> str:
        """index.html (``write``), after the last page and the two CSV files."""
        self._write_pending(None)
        stamp = (self.run.version, report.rule_set, report.signature)
        for name, frame in _CSV.items():
            self.csv[name](to_csv(stamped(frame(report), *stamp)))
        written = {row.page for row in self.rows}
        pages = self.folder / PAGES
        if pages.is_dir():
            for old in pages.iterdir():
                # only pages mtqa wrote: a file of the user's by a name like one of
                # ours stays (and an input is never mtqa's page: those are skipped)
                if (
                    _PAGE_RE.fullmatch(old.name)
                    and old.name not in written
                    and written_by_mtqa(str(old))
                ):
                    self.outputs.remove_at_commit(old)
        # the one-page report of earlier versions, which the index and pages replace
        legacy = self.folder / "report.html"
        if written_by_mtqa(str(legacy)):
            self.outputs.remove_at_commit(legacy)
        return index_page(self.rows, report, self.run, rwc=self.rwc, worst_first=self.worst_first)
