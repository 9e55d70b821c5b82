"""Checking on a Dask cluster: ``mtqa check --engine dask`` and `check_frame`.

`DaskPool` is a `mtqa.pool.Pool` whose workers are a Dask cluster's: ``mtqa
check --engine dask [--scheduler ADDRESS]`` hands it the run's files, small ones
several to a task, read and checked by a worker (`mtqa.pool.find_files`), the
results coming back in the files' order. `check_frame` checks a Dask DataFrame
of segments partition by partition and gives Dask DataFrames of findings and of
segment scores, with the columns of ``findings.csv`` and ``segments.csv`` (`mtqa.writers.tabular`).

Dask is an optional extra (``pip install 'mtqa[dask]'``), imported only here and
only when used: without it, either raises one `MtqaError` line saying so.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from functools import partial
from importlib import import_module
from itertools import islice
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from .config import Config
from .errors import MtqaError
from .model import DocumentResult, Report, RunSummary, Score
from .pool import IN_FLIGHT_PER_WORKER, ordered, worker_checker, worker_config
from .readers.rows import frame_documents, require_columns
from .writers.tabular import FINDING_COLUMNS, SEGMENT_COLUMNS, findings_frame, segments_frame

if TYPE_CHECKING:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

T = TypeVar("T")
R = TypeVar("R")

NEEDS_DASK = "--engine dask needs Dask: pip install 'mtqa[dask]'"
# seconds to wait for a scheduler to answer: an address that is wrong or down
# fails in seconds, not after distributed's default half minute
CONNECT_TIMEOUT = 10

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


def _import(module: str) -> ModuleType:
    """``module`` of the dask extra. Raises MtqaError (`NEEDS_DASK`) without it."""
    try:
        return import_module(module)
    except ImportError:
        raise MtqaError(NEEDS_DASK) from None


class DaskPool:
    """A Dask cluster's workers (`mtqa.pool.Pool`): the scheduler at ``address``
    (``tcp://host:8786``), or, when ``address`` is None, a cluster of ``workers``
    processes of one thread each on this machine, started here and closed by
    `close`. ``workers`` is then how many run at once; on a scheduler's cluster,
    its workers' threads when it has workers, else ``workers``.

    Raises MtqaError without Dask (`NEEDS_DASK`), and for a scheduler that does not
    answer within `CONNECT_TIMEOUT` seconds (or an address that is none), naming it.
    """

    def __init__(self, address: str | None, workers: int) -> None:
        distributed = _import("distributed")
        self._cluster: LocalCluster | None = None
        if address is None:
            # processes, not threads: the rules are Python and hold the GIL; no
            # dashboard (its port may be taken, and a run has no one to watch it)
            self._cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            )
            self._client: Client = distributed.Client(self._cluster, set_as_default=False)
            self.workers = workers
            return
        try:
            # an address that is none, or a host no one knows, fails here at once: a
            # Client given one fails in the same way, but what it leaves behind then
            # waits seconds to close, and says so in a traceback at exit
            distributed.comm.resolve_address(address)
            self._client = distributed.Client(
                address, timeout=CONNECT_TIMEOUT, set_as_default=False
            )
        except (OSError, TimeoutError, ValueError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise MtqaError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
        threads = self._client.nthreads()  # worker address -> threads, of those up now
        self.workers = sum(threads.values()) or workers

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn(item)`` for each item on the cluster, in the items' order. Items go
        to the workers in batches (`_Batches`), at most `IN_FLIGHT_PER_WORKER`
        batches a worker submitted and not yet taken (`ordered`); an item's
        exception is raised here, in order, after the results before it."""
        batches = _Batches()

        def submit(batch: list[T]) -> Any:
            # pure=False: two equal batches (a file named twice) are two tasks, not
            # one result Dask hands out twice; a Dask future has the result() and
            # cancel() that `ordered` asks of a concurrent.futures one
            return self._client.submit(_each, fn, batch, pure=False)

        window = self.workers * IN_FLIGHT_PER_WORKER
        with closing(ordered(submit, batches.of(items), window)) as done:
            for results, seconds, error in done:
                batches.took(len(results), seconds)
                yield from results
                if error is not None:
                    raise error

    def close(self) -> None:
        """Disconnect; stop the cluster this pool started (tasks not taken are dropped)."""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


# Seconds of a worker's time a batch of `DaskPool.imap` aims at: a Dask task costs
# a few milliseconds of scheduling and messages between the client, the scheduler
# and a worker, a tenth of a second on a busy machine (measured: 100 ms a task with
# the cores taken by other work), where checking a 200-word document takes 20 ms.
# Tasks of half a second keep that cost a few percent; a file that takes longer
# goes alone. At most `MAX_BATCH` items a batch.
BATCH_SECONDS = 0.5
MAX_BATCH = 256


class _Batches:
    """Items cut into batches of about `BATCH_SECONDS` of a worker's time each,
    sized from the items' time in the last batch taken (one item to start with:
    the first builds the worker's Checker, and may be the only one)."""

    def __init__(self) -> None:
        self.size = 1

    def of(self, items: Iterable[T]) -> Iterator[list[T]]:
        """The items in batches, each of the size known when it is taken."""
        rest = iter(items)
        while batch := list(islice(rest, self.size)):
            yield batch

    def took(self, items: int, seconds: float) -> None:
        """Size the next batches from one of ``items`` that took ``seconds``."""
        if items:
            each = max(seconds / items, 1e-6)
            self.size = max(1, min(MAX_BATCH, int(BATCH_SECONDS / each)))


def _each(fn: Callable[[T], R], batch: list[T]) -> tuple[list[R], float, Exception | None]:
    """``fn`` of each item of a batch, in a worker: the results, the seconds they
    took, and the exception that stopped the batch (None: none did), so that the
    results before it are not lost."""
    start = time.perf_counter()
    results: list[R] = []
    try:
        for item in batch:
            results.append(fn(item))
    except Exception as exc:
        return results, time.perf_counter() - start, exc
    return results, time.perf_counter() - start, None


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
    dask = _import("dask")
    dataframe = _import("dask.dataframe")
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
        config=worker_config(config),
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
