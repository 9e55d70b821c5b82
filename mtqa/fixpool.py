"""Fixing files in worker processes: ``mtqa fix --jobs N``.

Each worker fixes whole files in memory (`mtqa.fixfiles.fix_file`) and sends back
their bytes before and after and the edits; the mtqa process writes them, in the
order the files were named, as a run in one process does, so that what is written
and said is the same with any number of workers. Small files go several to a task
(`mtqa.pool.batched`). The `Fixer` a worker fixes with is built once a worker
from the run's configuration; workers forked from the mtqa process (Linux) find
the one it built already (`remember`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .errors import MtqaError
from .fixfiles import FileFix, fix_file
from .fixing import Fixer, fixer
from .pool import settings_key
from .readers import ReadOptions

# the Fixer of each run configuration, by `settings_key` of (Config, unsafe)
_FIXERS: dict[str, Fixer] = {}


def remember(fixing: Fixer, config: Config, unsafe: bool) -> None:
    """Keep this process's ``fixing`` (made by `mtqa.fixing.fixer` from ``config``
    and ``unsafe``) for the workers forked from it, which then build none."""
    _FIXERS[settings_key(config, unsafe)] = fixing


@dataclass(frozen=True)
class FixTask:
    """One file to fix: the run's configuration and whether unsafe fixes apply
    (what a worker builds its `Fixer` from), the file's name, how to read it, and
    for stdin its format."""

    config: Config
    unsafe: bool
    name: str
    options: ReadOptions
    fmt: str | None = None

    def fix(self, fixing: Fixer) -> FileFix | str:
        """The file fixed in memory with ``fixing``, or why it cannot be (the
        one-line message of the error)."""
        try:
            return fix_file(fixing, self.name, self.options, self.config.encoding, self.fmt)
        except MtqaError as exc:
            return str(exc)


def fix_files(tasks: list[FixTask]) -> list[FileFix | str]:
    """`FixTask.fix` of each task, in order: one worker task for several files of
    one run (one configuration), fixed with this worker's `Fixer` for it."""
    first = tasks[0]
    key = settings_key(first.config, first.unsafe)
    fixing = _FIXERS.get(key)
    if fixing is None:
        try:
            fixing = _FIXERS[key] = fixer(first.config, first.unsafe)
        except MtqaError as exc:  # a rule pack this worker cannot read
            return [str(exc)] * len(tasks)
    return [task.fix(fixing) for task in tasks]
