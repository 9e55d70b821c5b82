"""Checking on a Dask cluster: ``mtqa check --engine dask`` and `check_frame`.

`check_frame` checks a Dask DataFrame of segments partition by partition and
gives Dask DataFrames of findings and of segment scores, with the columns of
``findings.csv`` and ``segments.csv`` (`mtqa.writers.tabular`). ``mtqa check
--engine dask`` runs on `mtqa.daskpool.DaskPool`, which needs no pandas.

Dask is an optional extra (``pip install 'mtqa[dask]'``), imported only when used
(`mtqa.daskpool.import_extra`): without it, one `MtqaError` line says so.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from .config import Config
from .daskpool import import_extra
from .model import DocumentResult, Report, RunSummary, Score
from .pool import worker_checker, worker_config
from .readers.rows import frame_documents, require_columns
from .writers.tabular import FINDING_COLUMNS, SEGMENT_COLUMNS, findings_frame, segments_frame

if TYPE_CHECKING:
    import dask.dataframe as dd

# The columns `check_frame` adds to number the rows before a shuffle (the
# partition each came from, its place there), and sorts each partition by after
# it: a shuffle gathers a document's rows in no set order
_PART, _ROW = "_mtqa_partition", "_mtqa_row"

# The frames' dtypes: the tables' text columns as Dask's own strings (pyarrow,
# missing values <NA>), so every partition, an empty one too, has the schema of
# `meta` and Parquet files written from them agree (named, not built: building
# one needs pyarrow, which comes with the extra)
_TEXT = "string[pyarrow]"
_NUMBERS = {
    "segment": "int64", "start": "int64", "end": "int64", "line": "int64", "column": "int64",
    "end_line": "int64", "end_column": "int64", "index": "int64", "words": "int64",
    "findings": "int64", "penalty": "float64", "score": "float64", "raw_score": "float64",
    "confidence": "float64", "chrf": "float64",
}  # fmt: skip
FINDING_DTYPES: dict[str, Any] = {c: _NUMBERS.get(c, _TEXT) for c in FINDING_COLUMNS}
SEGMENT_DTYPES: dict[str, Any] = {c: _NUMBERS.get(c, _TEXT) for c in SEGMENT_COLUMNS}


def check_frame(
    ddf: dd.DataFrame,
    target: str = "target",
    source: str | None = None,
    reference: str | None = None,
    document: str | None = None,
    config: Config | None = None,
    *,
    shuffle: bool = True,
) -> tuple[dd.DataFrame, dd.DataFrame]:
    """Findings and segment scores of a Dask DataFrame of segments, one a row of
    column ``target`` (with its ``source`` and ``reference`` columns when named), as
    ``(findings, segments)``: lazy Dask DataFrames, one partition each per
    partition checked, checked by the workers of the client in use (each builds
    one Checker per configuration, `mtqa.pool.worker_checker`, with ``config``
    without LanguageTool, `mtqa.pool.worker_config`; no baseline or triage file).

    With ``document``, the rows of each value of that column make one document
    (named by it, its rows in the frame's order; `mtqa.readers.rows.frame_documents`),
    checked whole as `mtqa.check_frame` checks it. So that no document is split,
    the rows are first shuffled by that column (``ddf.shuffle(on=document)``): every
    row crosses the network once, and a partition holds whole documents, a few
    or many. ``shuffle=False`` skips that when each document already lies in one
    partition (one file a document, or a frame indexed by the document column);
    a document split anyway is checked as one document per partition.

    Without ``document``, each partition is one document, named ``<partition N>``
    (N from 0): rules that read a whole document (repeated passages, inconsistent
    terms) see one partition at a time, as ``mtqa check --stream`` sees a chunk.

    ``findings`` has `FINDING_DTYPES`' columns, those of ``findings.csv``: ``path``
    (the document's name), then each `mtqa.model.Finding` field: ``segment`` is
    the row's place in its document (1-based), ``line`` the same, ``start`` and
    ``end`` code-point offsets into the row's text. ``segments`` has
    `SEGMENT_DTYPES`' columns, those of ``segments.csv``: ``path``, ``index`` (as
    ``segment``), ``words``, ``penalty`` (MQM penalty points), ``score`` (0–100),
    ``band``, ``findings`` (how many), the row's texts and ``chrf`` (sentence
    chrF++ against the reference, 0–100; NaN without one). A partition's rows
    come document by document, in document order. Both come from the same tasks:
    compute or write them together (``dask.compute(findings, segments)``, or two
    ``to_parquet(..., compute=False)`` then one ``dask.compute``) so each partition
    is checked once; computed apart, it is checked twice.

    Raises MtqaError without Dask, and InputError (a MtqaError) naming a column
    given that ``ddf`` lacks, at once; a row that cannot be checked (a lone
    surrogate) raises InputError when the frames are computed.
    """
    dask = import_extra("dask")
    dataframe = import_extra("dask.dataframe")
    require_columns(ddf.columns, target, source, reference, document)
    config = config or Config()
    if document is not None and shuffle and ddf.npartitions > 1:
        empty = pd.Series(dtype="int64")
        numbered_meta = ddf._meta.assign(**{_PART: empty, _ROW: empty})
        ddf = ddf.map_partitions(_numbered, meta=numbered_meta).shuffle(on=document)
    check = partial(
        _check_partition,
        target=target,
        source=source,
        reference=reference,
        document=document,
        config=worker_config(config, here=False),  # a cluster's workers may be elsewhere
    )
    checked = [
        dask.delayed(check, pure=True, nout=2)(part, number)
        for number, part in enumerate(ddf.to_delayed())
    ]
    findings_meta = pd.DataFrame(columns=FINDING_COLUMNS).astype(FINDING_DTYPES)
    segments_meta = pd.DataFrame(columns=SEGMENT_COLUMNS).astype(SEGMENT_DTYPES)
    findings = dataframe.from_delayed([c[0] for c in checked], meta=findings_meta)
    segments = dataframe.from_delayed([c[1] for c in checked], meta=segments_meta)
    return findings, segments


def _numbered(part: pd.DataFrame, partition_info: dict[str, Any] | None = None) -> pd.DataFrame:
    """A partition with each row's partition number and place in it (`_PART`, `_ROW`)."""
    number = partition_info["number"] if partition_info else 0
    return part.assign(**{_PART: number, _ROW: range(len(part))})


def _check_partition(
    part: pd.DataFrame,
    number: int,
    *,
    target: str,
    source: str | None,
    reference: str | None,
    document: str | None,
    config: Config,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The findings and segments tables (`check_frame`) of partition ``number``,
    checked by this worker's Checker."""
    if _PART in part.columns:  # shuffled: back to the frame's order
        part = part.sort_values([_PART, _ROW], kind="stable")
    checker = worker_checker(config)
    documents = frame_documents(
        part,
        target,
        source,
        reference,
        document,
        name=f"<partition {number}>",
        source_lang=config.source_lang,
        target_lang=config.target_lang,
    )
    # not for_run: this worker, checking partition after partition, reports no
    # run's corpus scores, so it keeps none of the references for them
    results = [checker.check(doc, for_run=False) for doc in documents]
    report = _report(results)
    return (
        findings_frame(report).astype(FINDING_DTYPES),
        segments_frame(report).astype(SEGMENT_DTYPES),
    )


def _report(results: list[DocumentResult]) -> Report:
    """Documents as a Report for the table writers, which read its documents only:
    the run's summary is no partition's to give."""
    nothing = RunSummary([], Score(0, 0.0, 100.0), passed=True, threshold=0.0)
    return Report.of(nothing, results)
