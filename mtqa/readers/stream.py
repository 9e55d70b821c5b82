"""Large row files (TSV, CSV, JSONL) read a chunk of rows at a time, in bounded memory.

Each chunk becomes a Document of its own (same path; ``line_offset`` keeps line
numbers those of the file; ``first_row`` the row numbers). A CSV record that
spans lines is never cut: a chunk ends only where the quotes balance.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TextIO

from ..errors import InputError
from ..model import Document
from . import ReadOptions, parse

CHUNK_ROWS = 5000
ROW_FORMATS = ("tsv", "csv", "jsonl")


@dataclass
class Chunk:
    """One piece of a large file: a document, and the number of its first row."""

    document: Document
    first_row: int


def _open(name: str, encoding: str) -> TextIO:
    if name == "-":
        sys.stdin.reconfigure(encoding=encoding, newline="")  # type: ignore[attr-defined]
        return sys.stdin
    try:
        return open(name, encoding=encoding, newline="")
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None


def stream_rows(
    name: str, fmt: str, options: ReadOptions, encoding: str = "utf-8", chunk_rows: int = CHUNK_ROWS
) -> Iterator[Chunk]:
    """The chunks of a row file (or stdin for ``-``), read incrementally."""
    if fmt not in ROW_FORMATS:
        raise InputError(f"{name}: --stream reads TSV, CSV and JSONL, not {fmt}")
    handle = _open(name, encoding)
    try:
        header = "" if fmt == "jsonl" else handle.readline().replace("\r\n", "\n")
        if fmt != "jsonl" and not header.strip():
            raise InputError(f"{name}: empty file, nothing to check")
        lines_before = 1 if header else 0
        rows_before = 0
        pending: list[str] = []
        record: list[str] = []
        rows = 0
        try:
            for line in handle:
                record.append(line)
                if fmt == "csv" and "".join(record).count('"') % 2:
                    continue  # a quoted field runs on into the next line
                pending.extend(record)
                record = []
                rows += 1
                if rows == chunk_rows:
                    yield _chunk(name, fmt, header, pending, options, lines_before, rows_before)
                    lines_before += len(pending)
                    rows_before += rows
                    pending, rows = [], 0
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: not valid {encoding} near line {lines_before + len(pending)}"
                f" ({exc.reason}); give the right --encoding"
            ) from None
        pending.extend(record)
        if pending or rows_before == 0:
            yield _chunk(name, fmt, header, pending, options, lines_before, rows_before)
    finally:
        if handle is not sys.stdin:
            handle.close()


def _chunk(
    name: str,
    fmt: str,
    header: str,
    lines: list[str],
    options: ReadOptions,
    lines_before: int,
    rows_before: int,
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
    return Chunk(doc, rows_before + 1)
