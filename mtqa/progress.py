"""A progress line on stderr for long runs: documents and segments done, words a
second, and the time left (from the bytes of input read, as a share of the
inputs' total size). Drawn by tqdm, only when stderr is a terminal (a pipe or a
CI log gets no carriage-return noise) and not ``--quiet``."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

from .model import DocumentResult

# a run shorter than this (seconds) shows no progress line at all: tqdm's delay
SHOW_AFTER = 1.0


class Progress:
    """Progress of one run over inputs of ``total`` bytes (None: unknown, as for
    stdin: then no time left is shown). A context manager: the line is cleared
    at the end, whatever happens. ``enabled`` False (or stderr not a terminal)
    makes every call a no-op."""

    def __init__(self, total: int | None, enabled: bool = True) -> None:
        self._bar: Any = None
        self.documents = self.segments = self.words = 0
        self._path: str | None = None  # the last document's: a streamed file's chunks are one
        if enabled and sys.stderr is not None and sys.stderr.isatty():
            from tqdm import tqdm  # imported only when drawn: start-up stays quick

            self._bar = tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                delay=SHOW_AFTER,
                leave=False,
                file=sys.stderr,
                dynamic_ncols=True,
                bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}{postfix}]",
            )

    def advance(self, result: DocumentResult, read: int) -> None:
        """One document (or chunk) checked: ``read`` more bytes of input are done."""
        if self._bar is None:
            return
        self.documents += result.path != self._path
        self._path = result.path
        self.segments += len(result.segment_scores)
        self.words += result.score.words
        elapsed = max(self._bar.format_dict["elapsed"], 1e-9)
        self._bar.set_postfix_str(
            f"{self.documents} docs, {self.segments} segments, {self.words / elapsed:,.0f} words/s",
            refresh=False,
        )
        self._bar.update(read)

    def line(self) -> str:
        """The progress line as it reads now ('' when none is drawn)."""
        return str(self._bar) if self._bar is not None else ""

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.close()
