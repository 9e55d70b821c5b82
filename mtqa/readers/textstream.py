"""Large plain-text files read a chunk at a time, in bounded memory.

A chunk is about `CHUNK_CHARS` characters (or `CHUNK_LINES` lines) of whole
lines, cut at a blank line where one comes (else at any line end, once it is
twice that size), parsed as
plain text on its own (`mtqa.readers.plaintext`). A single line longer than a
chunk (a dump with no line breaks) is cut into pieces at sentence ends; each
piece's ``column_offset`` keeps the file's columns. Line numbers stay the file's
(``line_offset``), segment numbers count the file's segments (`Chunk.first_row`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import InputError
from ..model import has_text
from . import ReadOptions, parse
from .plaintext import pieces
from .stream import CHUNK_CHARS, Chunk, Lines

# A chunk holds about as many characters as a chunk of rows (`stream.CHUNK_CHARS`,
# about 40,000 words: its findings and word tables stay in megabytes, and a file of
# a few megabytes is enough chunks to keep every core busy), cut at a blank line,
# and at most this many lines, for files of many tiny paragraphs (each segment
# costs the checker a few kilobytes whatever its length)
CHUNK_LINES = 20_000


def stream_text(
    name: str, options: ReadOptions, encoding: str, chunk_chars: int = CHUNK_CHARS
) -> Iterator[Chunk]:
    """The chunks of a plain-text file (or stdin for ``-``), read incrementally.
    Raises InputError for an unreadable file, bytes not in the encoding, and a
    file with no text to check."""
    source = Lines(name, encoding)
    lines_before = segments_before = 0  # in the file, before the chunk being read

    def chunk(text: str, column_offset: int = 0) -> Iterator[Chunk]:
        """``text``, lines_before lines into the file, as a chunk (none without text)."""
        nonlocal segments_before
        doc = parse(text, name, "txt", options)
        if not any(has_text(seg.text) for seg in doc.segments):
            return
        doc.line_offset, doc.column_offset, doc.encoding = lines_before, column_offset, source.codec
        doc.segment_offset = segments_before
        yield Chunk(doc, segments_before + 1, source.position)
        segments_before += len(doc.segments)

    pending: list[str] = []
    size = 0
    try:
        for line in source:
            full = size >= chunk_chars or len(pending) >= CHUNK_LINES
            if len(line) > chunk_chars or (full and not line.strip()):
                yield from chunk("".join(pending))
                lines_before += len(pending)
                pending, size = [], 0
            if len(line) > chunk_chars:
                for start, end in pieces(line, chunk_chars):
                    yield from chunk(line[start:end], start)
                lines_before += 1
                continue
            pending.append(line)
            size += len(line)
            if size >= 2 * chunk_chars or len(pending) >= 2 * CHUNK_LINES:
                # no blank line for a long while: cut at a line end
                yield from chunk("".join(pending))
                lines_before += len(pending)
                pending, size = [], 0
        yield from chunk("".join(pending))
    finally:
        source.close()
    if not segments_before:
        raise InputError(f"{name}: no segment text to check")
