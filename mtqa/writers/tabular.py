"""Findings and segments as pandas DataFrames, and CSV text from them; the CSV
report, written a document at a time."""

from __future__ import annotations

import csv
import io
from typing import Any

import pandas as pd

from ..model import FINDING_FIELDS, DocumentResult, Report, RunInfo, RunSummary
from .base import Writer, escape_undecodable

FINDING_COLUMNS = ["path", *FINDING_FIELDS]
SEGMENT_COLUMNS = [
    "path",
    "index",
    "line",
    "column",
    "words",
    "penalty",
    "score",
    "raw_score",
    "band",
    "confidence",
    "findings",
    "text",
    "source",
    "reference",
    "chrf",
]


def findings_frame(report: Report) -> pd.DataFrame:
    """One row per finding, with the JSON contract's fields and the document path."""
    rows = [{"path": d.path, **f.as_dict()} for d in report.documents for f in d.findings]
    return _frame(rows, FINDING_COLUMNS)


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A frame of ``rows`` with ``columns``, each column holding text kept as Python
    strings: pandas 3 stores text in Arrow strings when pyarrow is installed,
    and they cannot hold the undecodable bytes of a file name that is not UTF-8
    (lone surrogates, PEP 383), which the writers escape themselves."""
    data = {}
    for column in columns:
        values = [row.get(column) for row in rows]
        text = any(isinstance(v, str) for v in values)
        data[column] = pd.Series(values, dtype=object) if text else pd.Series(values)
    return pd.DataFrame(data, columns=columns)


def segments_frame(report: Report) -> pd.DataFrame:
    """One row per segment: where it starts, its words, penalty, scores, band and
    finding count."""
    rows = []
    for d in report.documents:
        counts = [0] * len(d.document.segments)
        for f in d.findings:
            counts[f.segment - 1] += 1
        chrf = d.segment_chrf or [None] * len(d.document.segments)
        for seg, score in zip(d.document.segments, d.segment_scores, strict=True):
            line, column = d.document.line_col(seg.file_offset(0))
            rows.append(
                {
                    "path": d.path,
                    "index": seg.index,
                    "line": line,
                    "column": column,
                    "words": score.words,
                    "penalty": score.penalty,
                    "score": score.score,
                    "raw_score": score.raw_score,
                    "band": score.band,
                    "confidence": score.confidence,
                    "findings": counts[seg.index - 1],
                    "text": seg.text,
                    "source": seg.source,
                    "reference": seg.reference,
                    "chrf": chrf[seg.index - 1],
                }
            )
    return _frame(rows, SEGMENT_COLUMNS)


def stamped(
    frame: pd.DataFrame, version: str, rule_set: str, signature: str | None = None
) -> pd.DataFrame:
    """The frame with the mtqa version and rule-set fingerprint on every row, and the
    run signature (`mtqa.signature`) when given, so a CSV says what produced it (two
    runs compare only under the same signature)."""
    frame = frame.assign(mtqa_version=version, rule_set=rule_set)
    return frame if signature is None else frame.assign(run_signature=signature)


# the run's stamp on each row of a CSV report (`stamped`)
STAMP_COLUMNS = ["mtqa_version", "rule_set", "run_signature"]


class CsvWriter(Writer):
    """One row a finding (the columns of `findings_frame`), stamped with the run
    (`stamped`): the header written at the run's start, each document's rows as it
    comes; nothing of it waits for the run's figures. Byte for byte what `to_csv`
    writes of the whole frame, without holding it."""

    def start(self, run: RunInfo) -> None:
        super().start(run)
        self._stamp = (run.version, run.rule_set, run.signature)
        self.write(csv_rows([[*FINDING_COLUMNS, *STAMP_COLUMNS]]))

    def document(self, result: DocumentResult) -> None:
        path = result.path
        rows = [[path, *f.as_dict().values(), *self._stamp] for f in result.findings]
        self.write(csv_rows(rows))

    def end(self, summary: RunSummary) -> None:
        pass  # the rows are the findings; the run's figures are in the other formats


# A cell a spreadsheet would run as a formula (OWASP, "CSV Injection"): text from
# the checked files or their names must stay text
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text with a header, no index, Unix newlines; a text cell that starts
    with ``= + - @``, a tab or a carriage return gets a leading ``'``, which
    spreadsheets show as text instead of running it as a formula; the bytes of a
    file name that are not UTF-8 escaped (`escape_undecodable`)."""
    text_columns = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c].dtype)]
    # built as Python objects, not mapped: a mapped column is inferred as Arrow text,
    # which cannot hold a file name's undecodable bytes (`_frame`)
    safe = frame.assign(
        **{
            c: pd.Series([_inert(v) for v in frame[c]], index=frame.index, dtype=object)
            for c in text_columns
        }
    )
    return escape_undecodable(safe.to_csv(index=False, lineterminator="\n"))


def csv_rows(rows: list[list[object]]) -> str:
    """``rows`` as `to_csv` writes them (pandas writes through the csv module with
    these settings), without pandas: None as an empty cell, text made inert and
    file names escaped as there."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [["" if cell is None else _inert(cell) for cell in row] for row in rows]
    )
    return escape_undecodable(out.getvalue())
