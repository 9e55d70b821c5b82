"""Large row files (TSV, CSV, JSONL) read a chunk of rows at a time, in bounded memory.

Each chunk becomes a Document of its own (same path; ``line_offset`` keeps line
numbers those of the file; ``first_row`` the row numbers). A CSV record that
spans lines is never cut: a chunk ends only where the quotes balance.
"""

from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..errors import InputError
from ..model import Document
from . import ReadOptions, parse
from .files import codec_for

CHUNK_ROWS = 5000
ROW_FORMATS = ("tsv", "csv", "jsonl")


@dataclass
class Chunk:
    """One piece of a large file: a document, and the number of its first row."""

    document: Document
    first_row: int


class _Lines:
    """The lines of a file (or stdin) as text, decoded one line at a time so that a
    bad byte is reported on its own line. A byte-order mark chooses the encoding,
    as for a whole file (`mtqa.readers.files.codec_for`). Raises InputError."""

    def __init__(self, name: str, encoding: str) -> None:
        try:
            raw = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror}") from None
        self.name = name
        self._raw = raw
        self._buffer = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
        try:
            self.codec = codec_for(self._buffer.peek(4)[:4], encoding)
        except InputError:
            self.close()
            raise
        self.read = 0  # lines decoded so far

    def __iter__(self) -> Iterator[str]:
        """Each line with its ending; raises InputError naming the line of a bad byte."""
        lines: Iterator[str]
        if self.codec.startswith(("utf-16", "utf-32")):  # "\n" is more than a byte there
            lines = io.TextIOWrapper(self._buffer, self.codec, newline="")
        else:
            decode = codecs.getincrementaldecoder(self.codec)().decode
            lines = (decode(line) for line in self._buffer)
        try:
            for line in lines:
                self.read += 1
                yield line
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{self.name}: not valid {self.codec} on line {self.read + 1}"
                f" ({exc.reason}); give the right --encoding"
            ) from None

    def close(self) -> None:
        if self._raw is not sys.stdin.buffer:
            self._raw.close()


def stream_rows(
    name: str, fmt: str, options: ReadOptions, encoding: str = "utf-8", chunk_rows: int = CHUNK_ROWS
) -> Iterator[Chunk]:
    """The chunks of a row file (or stdin for ``-``), read incrementally. Raises
    InputError for an unreadable or empty file and for bytes not in the encoding."""
    if fmt not in ROW_FORMATS:
        raise InputError(f"{name}: --stream reads TSV, CSV and JSONL, not {fmt}")
    source = _Lines(name, encoding)
    lines = iter(source)
    lines_before = rows_before = 0
    try:
        header = "" if fmt == "jsonl" else next(lines, "").replace("\r\n", "\n")
        if fmt != "jsonl" and not header.strip():
            raise InputError(f"{name}: empty file, nothing to check")
        lines_before = 1 if header else 0
        pending: list[str] = []
        record: list[str] = []
        rows = quotes = 0
        for line in lines:
            record.append(line)
            if fmt == "csv":
                quotes += line.count('"')  # a running count: each line is read once
                if quotes % 2:
                    continue  # a quoted field runs on into the next line
                quotes = 0
            pending.extend(record)
            record = []
            rows += 1
            if rows == chunk_rows:
                yield _chunk(
                    name, fmt, header, pending, options, lines_before, rows_before, source.codec
                )
                lines_before += len(pending)
                rows_before += rows
                pending, rows = [], 0
        if record:  # the file ended inside a quoted field
            line = lines_before + len(pending) + 1
            raise InputError(f"{name}: line {line}: a quoted field is never closed")
        if pending or rows_before == 0:
            yield _chunk(
                name, fmt, header, pending, options, lines_before, rows_before, source.codec
            )
    finally:
        source.close()


def _chunk(
    name: str,
    fmt: str,
    header: str,
    lines: list[str],
    options: ReadOptions,
    lines_before: int,
    rows_before: int,
    codec: str,
) -> Chunk:
    text = "".join(lines)
    if not text.strip() and rows_before == 0:
        raise InputError(f"{name}: no rows to check")
    if header:  # the header is line 1 of the chunk's text; the rows follow as in the file
        doc = parse(header + text, name, fmt, options)
        doc.line_offset = lines_before - 1
    else:
        doc = parse(text, name, fmt, replace(options, first_line=lines_before + 1))
        doc.line_offset = lines_before
    doc.encoding = codec
    return Chunk(doc, rows_before + 1)
