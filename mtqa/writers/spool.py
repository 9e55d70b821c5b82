"""Text kept out of memory until a run's end: what a writer has rendered of the
documents so far, in a temporary file, read back in order or a range at a time.

A writer whose format puts the run's figures before or around the documents
(the JSON report's verdicts, JUnit's totals, GitHub's annotations sorted by
severity) renders each document's findings as the document comes, into spools,
and keeps only small facts of it (`Part`); at the end it reads them back
between the header and the footer it now can write. Memory stays flat however
large the run.
"""

from __future__ import annotations

import codecs
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import MtqaError

# Up to this many bytes a spool stays in memory (a small run never touches the
# disk); beyond it, the whole spool moves to a temporary file
IN_MEMORY = 1 << 20
BLOCK = 1 << 16  # bytes read back at a time


class Spool:
    """Text written to an anonymous temporary file (`tempfile.SpooledTemporaryFile`:
    on POSIX unlinked as it is made, so nothing is left behind even if the process
    is killed) and read back by byte ranges (`tell` before and after a write).

    Text is stored as UTF-8 with lone surrogates passed through (the bytes of a
    file name that are not UTF-8 may reach it unescaped), and read back the same.
    """

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 (closed by close)

    def write(self, text: str) -> None:
        """Add ``text`` at the end. Raises MtqaError when the temporary file cannot
        be written (a full disk)."""
        try:
            self._file.write(text.encode("utf-8", "surrogatepass"))
        except OSError as exc:
            raise MtqaError(f"cannot write a temporary file: {exc.strerror or exc}") from None

    def tell(self) -> int:
        """Where the next write starts (bytes from the start)."""
        return self._file.tell()

    def read(self, start: int, end: int) -> Iterator[str]:
        """The text between byte offsets ``start`` and ``end`` (both from `tell`), a
        block at a time. Each block is read from its own offset: several of these
        iterators may read one spool in turn (`lines`, merged)."""
        decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        here = start
        while here < end:
            self._file.seek(here)
            data = self._file.read(min(BLOCK, end - here))
            here += len(data)
            yield decoder.decode(data, here >= end)
        self._file.seek(0, 2)  # writes go on at the end

    def lines(self, start: int, end: int) -> Iterator[str]:
        """The lines between ``start`` and ``end`` (text written as lines that each
        end with ``\\n``), without their ``\\n``."""
        rest = ""
        for block in self.read(start, end):
            *complete, rest = (rest + block).split("\n")
            yield from complete

    def clear(self) -> None:
        """Forget everything written (the file stays open, empty)."""
        self._file.seek(0)
        self._file.truncate()

    def close(self) -> None:
        """Remove the temporary file. Idempotent."""
        self._file.close()


@dataclass(slots=True)
class Part:
    """What a writer keeps of one document until the run's end: its path, and for
    each of its spools where the document's text starts and ends and how many
    items it holds (findings, segments; a streamed file's chunks add to the same
    part)."""

    path: str
    starts: list[int]
    ends: list[int]
    counts: list[int] = field(default_factory=list)
