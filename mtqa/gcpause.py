"""Pausing Python's cyclic garbage collector while long-lived objects are made."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off inside the block, and as it was after it.

    For code that makes tens of thousands of objects that live as long as the
    process (modules, classes, the rules and their packs): each 700 allocations the
    collector would sweep them all again and find nothing to free. Reference
    counting still frees everything that dies inside the block."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
