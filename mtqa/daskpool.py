"""A Dask cluster's workers as a `mtqa.pool.Pool`: ``mtqa check --engine dask``.

`DaskPool` is handed the run's files, small ones several to a task, read and
checked by a worker (`mtqa.pool.find_files`), the results coming back in the
files' order. This module imports neither pandas nor `mtqa.dask`: the client and
every worker unpickling `_each` import only what a check needs (pandas took half
a second of each process's start).

Dask is an optional extra (``pip install 'mtqa[dask]'``), imported only when used
(`import_extra`): without it, one `MtqaError` line says so.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from importlib import import_module
from itertools import islice
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import MtqaError
from .pool import IN_FLIGHT_PER_WORKER, ordered

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

T = TypeVar("T")
R = TypeVar("R")

NEEDS_DASK = "--engine dask needs Dask: pip install 'mtqa[dask]'"
# Dask settings of the cluster `DaskPool` starts itself, which serves no dashboard:
# a worker's statistical profiler samples its threads' stacks every 10 ms, and its
# system monitor and event-loop health check run every half second and 20 ms, for
# the dashboard's plots. Off or slower (`unwatched`), a 5M-word run on two workers
# took 12.16-12.29 s against 12.57-13.07 s in alternate runs, the workers' CPU 6%
# less.
UNWATCHED = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.tick.interval": "500ms",
}


def unwatched(config: ModuleType) -> dict[str, Any]:
    """The `UNWATCHED` settings that the user's Dask configuration (``config``:
    ``dask.config``, which reads YAML files and ``DASK_*`` variables) leaves at
    Dask's defaults: a value set to anything else is the user's, and kept. Needs
    ``distributed`` imported (it adds its defaults to Dask's)."""
    defaults = config.merge(*config.defaults)
    return {
        key: value
        for key, value in UNWATCHED.items()
        if config.get(key) == config.get(key, config=defaults)
    }


# seconds to wait for a scheduler to answer: an address that is wrong or down
# fails in seconds, not after distributed's default half minute
CONNECT_TIMEOUT = 10


def import_extra(module: str) -> ModuleType:
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

    shares_directory = False  # a cluster's workers may run on other machines, elsewhere

    def __init__(self, address: str | None, workers: int) -> None:
        distributed = import_extra("distributed")
        self._cluster: LocalCluster | None = None
        if address is None:
            # processes, not threads: the rules are Python and hold the GIL. No
            # dashboard (a run has no one to watch it), and so none of what it shows
            # is gathered (`unwatched`); the scheduler's HTTP server, which it runs
            # whatever the dashboard (health checks), on a free port of this
            # machine alone
            dask_config = import_extra("dask.config")
            with dask_config.set(unwatched(dask_config)):
                self._cluster = distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address="127.0.0.1:0",
                    scheduler_kwargs={"dashboard": False},
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
