"""Timing for the linear-cost tests: ratios of times, never absolute times."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_seconds(work: Callable[[], object], rounds: int = 3) -> float:
    """The fastest of ``rounds`` runs of ``work``, in seconds (the least disturbed
    by the rest of the machine)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best
