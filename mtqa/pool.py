"""Checking documents in worker processes: ``mtqa check --jobs N``.

A run hands its documents (whole files, or the chunks of a streamed file) to a
`Pool`, which returns their `Checker.find` results **in the order given**, so
the writers see exactly what a one-process run shows them. Each worker builds
one `Checker` from the run's `Config` on its first task (`worker_checker`), so
rules, word lists and packs load once per worker, not once per document. The
baseline, triage files and reference metrics keep run-wide state: the process
that writes applies them (`Checker.finish`).

`LocalPool` runs on this machine's cores (`concurrent.futures`). On Linux its
workers are forked from the mtqa process as the pool starts: the rules are
loaded by then and no output is open, and only the main thread runs, so each
worker checks at once with the rules it was born with. Elsewhere they start from
a fork server that imports the rules (`mtqa.preload`; macOS's own libraries are
not safe to fork), or on Windows as new processes. `mtqa.daskpool.DaskPool` runs
on a Dask cluster. Both keep a bounded number of tasks in flight
(`IN_FLIGHT_PER_WORKER` a worker), so memory does not grow with the input.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from hashlib import sha256
from typing import TYPE_CHECKING, Protocol, TypeVar

from . import regexcache
from .config import Config
from .engine import Checker
from .errors import MtqaError
from .model import Document, DocumentResult
from .readers import ReadOptions
from .readers.documents import split
from .readers.files import load
from .readers.parallel import align

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .readers.stream import Rows

T = TypeVar("T")
R = TypeVar("R")

# tasks in flight a worker (the one it runs, and one queued): enough that a worker
# never waits for the writing process between two documents, few enough that a
# run holds a few documents (or streamed chunks of 5,000 rows) a worker, whatever
# the input's size
IN_FLIGHT_PER_WORKER = 2

# inputs smaller than this (bytes, all together) are checked in-process: starting
# workers (about half a second: a Python and mtqa's rules each) would cost more
# than the checking they share (a megabyte of text checks in about a second)
PARALLEL_ABOVE = 1 << 20

# input bytes handed to a worker in one task (several small files together): each
# task costs a round trip (its pickles, a pipe write, a wake-up of the writing
# process), which for a file of a few hundred words costs about as much as
# checking it; 64 KB checks in about a tenth of a second
BATCH_BYTES = 1 << 16


class Pool(Protocol):
    """Where a run's documents are checked: ``imap(fn, items)`` gives ``fn(item)`` for
    each item in the items' order, keeping a bounded number in flight; ``workers``
    is how many run at once; ``close()`` stops them (pending tasks are dropped).
    ``shares_directory``: whether the workers open a relative path as this process
    does (processes of this machine started from it), else they are given absolute
    paths."""

    workers: int
    shares_directory: bool

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


def cpu_count() -> int:
    """The cores this process may run on (its affinity mask where the system has
    one: a container limited to two cores of a larger machine gets two)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def ordered(submit: Callable[[T], Future[R]], items: Iterable[T], window: int) -> Iterator[R]:
    """``submit(item)``'s results in the items' order, at most ``window`` submitted
    and not yet taken; the rest are cancelled when the caller stops early (an
    error, or the generator closed). A task's exception is raised here, in order."""
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(submit(item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


class LocalPool:
    """``workers`` processes of this machine (`Pool`)."""

    shares_directory = True  # forked or started from this process, in its directory

    def __init__(self, workers: int) -> None:
        # imported here: a run in one process (a pre-commit hook's) need not pay for it
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import forkserver, get_context

        self.workers = workers
        if sys.platform == "win32" or "forkserver" not in multiprocessing.get_all_start_methods():
            self._executor = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
            return
        if sys.platform == "linux":
            # a copy of this process, rules loaded, checks from its first instant; a
            # fork server would first start a Python and load them again (a quarter
            # second before any worker checks: a tenth of a two-core run of 1M words)
            self._executor = _forked(workers)
            return
        context = multiprocessing.get_context("forkserver")
        # the fork server loads the rules once (`mtqa.preload`); each worker forks
        # from it with them loaded
        context.set_forkserver_preload([__name__, "mtqa.preload"])
        with _ctrl_c_ignored():
            # Ctrl-C reaches the whole process group; the helper processes start
            # ignoring it (an ignored signal stays ignored across exec, and Python
            # then installs no handler of its own), so that mtqa alone answers it and
            # stops them, and none prints a KeyboardInterrupt from half an import
            self._executor = ProcessPoolExecutor(workers, mp_context=context)
            forkserver.ensure_running()

    def imap(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn(item)`` for each item, in order (`ordered`)."""
        return ordered(
            lambda item: self._executor.submit(fn, item), items, self.workers * IN_FLIGHT_PER_WORKER
        )

    def close(self) -> None:
        """Stop the workers, dropping tasks not started."""
        self._executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """SIGINT ignored inside the block, in the main thread (the only one that may
    set a handler; elsewhere, nothing changes). Processes started inside inherit
    the ignored signal."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


# What the mtqa process answers and its workers must not: Ctrl-C, which the terminal
# sends to the whole process group, and SIGTERM, whose handler in mtqa (`mtqa.cli`)
# discards the outputs it was writing.
_STOPS = {signal.SIGINT, signal.SIGTERM}


def _forked(workers: int) -> ProcessPoolExecutor:
    """``workers`` processes forked from this one now, each set up by `_quiet_worker`.

    Python forks them all at the pool's first task, which is given here: while this
    process runs one thread and has no output open (a worker must not inherit a
    lock another thread held, nor a buffer it would flush). Ctrl-C and SIGTERM wait
    until the forks are done, in this process and in each worker, so that neither
    is lost nor runs mtqa's handler in a worker. Raises MtqaError when the system
    refuses a process (a container's limit on processes): the workers already
    forked are stopped, or the run would wait for them at its exit for ever."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import active_children, get_context

    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        executor = ProcessPoolExecutor(
            workers, mp_context=get_context("fork"), initializer=_quiet_worker
        )
        try:
            executor.submit(int)
        except OSError as exc:
            executor.shutdown(wait=False, cancel_futures=True)
            for process in active_children():  # the pool's: none other runs yet
                process.terminate()
                process.join()
            why = exc.strerror or str(exc)
            raise MtqaError(
                f"cannot start {workers} worker processes: {why} (--jobs 1 checks in this process)"
            ) from None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return executor


def _quiet_worker() -> None:
    """A forked worker's first step: Ctrl-C ignored (mtqa stops its workers itself)
    and SIGTERM's default action, which ends it silently instead of running mtqa's
    handler; then the two signals, held while it was forked, are let through."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)


# the Checker of each run configuration this worker has seen, by the hash of its
# pickled Config: built on the first task, reused for every later one
_CHECKERS: dict[str, Checker] = {}
# the last Config asked for, with its Checker: the tasks of one batch share one Config
# object (pickle keeps one copy of an object it meets twice), and hashing its pickle
# for each of a batch's small files cost a worker 2% of its time
_LAST: list[tuple[Config, Checker]] = []


def worker_config(config: Config, here: bool = True) -> Config:
    """The configuration a worker checks with: the run's, without LanguageTool (a
    run that uses LanguageTool checks in one process: `jobs_for`). ``here`` False: a
    worker's directory may not be this process's (`Pool.shares_directory`), and the
    rule packs' and glossary's paths are made absolute (`from_here`)."""
    config = replace(config, languagetool="off")
    if here:
        return config
    glossary = None if config.glossary is None else from_here(config.glossary)
    return replace(config, rules=tuple(map(from_here, config.rules)), glossary=glossary)


def from_here(path: str) -> str:
    """``path`` as this process opens it, for a process in another directory: joined
    to the working directory as written, not normalised (``link/..`` is the folder
    above where the link leads, not this one)."""
    return os.path.join(os.getcwd(), path)


def settings_key(*settings: object) -> str:
    """What tells one run's settings (a `Config`, and any more) from another's in a
    worker, which keeps what it built from them: the hash of their pickle."""
    return sha256(pickle.dumps(settings)).hexdigest()


def worker_checker(config: Config) -> Checker:
    """This process's Checker for ``config``, built once. Raises MtqaError as
    `Checker` does (a rule pack or glossary a worker cannot read)."""
    if _LAST and _LAST[0][0] is config:  # held in _LAST: no other object has its id
        return _LAST[0][1]
    key = settings_key(config)
    checker = _CHECKERS.get(key)
    if checker is None:
        checker = _CHECKERS[key] = Checker(config)
    _LAST[:] = [(config, checker)]
    return checker


@dataclass(frozen=True)
class FileTask:
    """One input file, read and checked by a worker: its name, format, how to
    read it, and the plain-text source and reference to align it with."""

    config: Config
    name: str
    fmt: str
    options: ReadOptions
    source: tuple[str, str] | None = None
    reference: tuple[str, str] | None = None
    outline: bool = False  # the result is sent back `outlined` (`mtqa.run.outline`)
    # the path to open when it is not ``name``: the absolute one, for a worker whose
    # directory is not the run's (`Pool.shares_directory`); the document keeps ``name``
    where: str | None = None

    def read(self) -> list[Document]:
        """The input read and aligned with its source and reference: its documents,
        one but for a table whose rows name theirs (`mtqa.readers.documents`).
        Raises MtqaError (InputError) for an input that cannot be read."""
        path = self.name if self.where is None else self.where
        doc = load(path, self.fmt, self.options, self.config.encoding, shown=self.name)
        return split(align(doc, self.source, self.reference, self.options))


@dataclass(frozen=True)
class DocumentTask:
    """One document already read (a chunk of a streamed file), or the rows of one
    for the worker to parse (`mtqa.readers.stream.Rows`), checked by a worker."""

    config: Config
    document: Document | None
    rows: Rows | None = None
    outline: bool = False  # the result is sent back `outlined` (`mtqa.run.outline`)

    def read(self) -> Document:
        """The document, parsed from its rows if need be. Raises InputError for a
        row the format's reader refuses."""
        if self.document is not None:
            return self.document
        assert self.rows is not None  # a task holds one or the other
        return self.rows.parse()


def find_file(task: FileTask) -> list[DocumentResult] | str:
    """The worker's `Checker.find` result for each document of one input file, or
    why it could not be read (the one-line message a one-process run gives:
    `mtqa.run.run_check`)."""
    try:
        docs = task.read()
    except MtqaError as exc:
        return str(exc)
    checker = worker_checker(task.config)
    found = [checker.find(doc) for doc in docs]
    return [f.outlined() for f in found] if task.outline else found


def find_files(tasks: list[FileTask]) -> list[list[DocumentResult] | str]:
    """`find_file` of each task, in order: one worker task for several small files."""
    found = [find_file(task) for task in tasks]
    regexcache.save()  # the patterns first compiled here (a pack's), for the next run
    return found


def batched(
    items: Iterable[T], sizes: Iterable[int | None], limit: int | None = None
) -> Iterator[list[T]]:
    """The items in order, in lists of consecutive items whose sizes (bytes; None
    counts as ``limit``) add up to at most ``limit`` (None: `BATCH_BYTES`), or of
    one larger item."""
    limit = BATCH_BYTES if limit is None else limit
    batch: list[T] = []
    total = 0
    for item, size in zip(items, sizes, strict=True):
        size = limit if size is None else size
        if batch and total + size > limit:
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += size
    if batch:
        yield batch


def find_document(task: DocumentTask | None) -> DocumentResult | str | None:
    """The worker's `Checker.find` result for one document, or why its rows cannot
    be read; None for None (a streamed run's mark of a file's end, which keeps
    its place in the order)."""
    if task is None:
        return None
    try:
        document = task.read()
    except MtqaError as exc:
        return str(exc)
    found = worker_checker(task.config).find(document)
    regexcache.save()  # as in `find_files`
    return found.outlined() if task.outline else found


def jobs_for(
    jobs: int | None, checker: Checker, sizes: Sequence[int | None], streamed: bool = False
) -> int:
    """How many worker processes a run uses: ``jobs`` (None: `cpu_count`), but no
    more than the run has tasks for (`batched` files; a streamed run's chunks are
    not counted ahead), and none (1: in-process) when the inputs (``sizes``, bytes;
    None for stdin) are smaller than `PARALLEL_ABOVE` together, or when
    LanguageTool checks (one server answers every process's requests in turn:
    workers would only wait on it)."""
    wanted = cpu_count() if jobs is None else jobs
    if wanted <= 1 or checker.languagetool is not None:
        return 1
    if sum(PARALLEL_ABOVE if size is None else size for size in sizes) <= PARALLEL_ABOVE:
        return 1
    if not streamed:  # one large file is one task: a worker would only wait for it
        wanted = min(wanted, sum(1 for _ in batched(sizes, sizes)))
    return wanted
