"""Imported by the fork server of `mtqa.pool.LocalPool` before it forks any worker:
the built-in rules and rule packs are loaded here once (`mtqa.registry.load_rules`,
about half a second: every rule module imported, the packs parsed and their
patterns compiled), and every worker forked from the server starts with them,
instead of each loading them again on its first document.

(The fork server and its workers ignore Ctrl-C: `mtqa.pool.LocalPool` starts
the server with SIGINT ignored.)

A worker that the fork server forks just as mtqa stops (Ctrl-C, a CI job's
SIGTERM) finds the pipe and semaphores it was to be handed gone: its start-up
fails, and the fork server would print that traceback under mtqa's own one-line
"mtqa: terminated". Such failures (`PARENT_GONE`) are not printed; any other
start-up error of a worker is, in full.
"""

from __future__ import annotations

import sys
from types import TracebackType

from .registry import load_rules

# what a worker's start-up raises when the process that started it has gone: the
# semaphore it was to share unlinked, the pipe it reads its task from closed
PARENT_GONE = (FileNotFoundError, EOFError, BrokenPipeError, ConnectionResetError)


def _worker_start_failed(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """The fork server's report of a worker that failed to start (its
    ``sys.excepthook``): silent when mtqa has stopped, in full otherwise."""
    if not isinstance(error, PARENT_GONE):
        sys.__excepthook__(kind, error, trace)


sys.excepthook = _worker_start_failed
load_rules()
