"""Large row files (TSV, CSV, JSONL) read a chunk of rows at a time, in bounded memory.

Each chunk becomes a Document of its own (same path; ``line_offset`` keeps line
numbers those of the file; ``first_row`` the row numbers). A CSV record that
spans lines is never cut: a chunk ends only where no quoted field is open.
"""

from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TypeVar

from .. import regexcache
from ..errors import InputError
from ..model import AUTO_ENCODING, Document
from . import ReadOptions, parse
from .documents import document_path
from .encoding import LINE_BREAK_RE, binary, byte_order, codec_for, detect, po_charset, undecodable
from .table import field_roles, required_roles, row_document

# A chunk (one document to the rules, one task to a worker) ends after this many
# rows, or once it holds this many characters (a quarter of a megabyte, about
# 40,000 words): its memory is bounded however long the rows, and a file of a few
# megabytes still comes in enough pieces to keep every core busy to the end
CHUNK_ROWS = 5000
CHUNK_CHARS = 1 << 18
ROW_FORMATS = ("tsv", "csv", "jsonl")
_SNIFF = 8192  # the first bytes, where a NUL byte means binary data (as for a whole file)
_BLOCK = 1 << 16  # bytes read at a time
_SAMPLE = 1 << 20  # bytes an encoding that is not UTF-8 is detected on
_BREAK_RE = LINE_BREAK_RE  # a line end, as a whole-file read knows them
_LINE_RE = regexcache.compile(r"[^\n]*\n")  # a line and its end, in text without "\r"

# the rest of a quoted CSV field, to its closing quote (possessive: no retrying)
_QUOTED_REST_RE = regexcache.compile(r'(?:[^"]+|"")*+"')
_UNQUOTED_RE = regexcache.compile(r"[^,\n]*")
T = TypeVar("T")


@dataclass(frozen=True)
class Rows:
    """A chunk of a row file as read, not parsed yet: the header and rows, and where
    they stand in the file. Parsing is most of reading a row file (each JSONL row
    decoded, each field's offsets found): a worker process does it (`parse`)."""

    name: str
    fmt: str
    text: str  # the header and the rows
    options: ReadOptions
    first_line: int  # the line the header stands for (the one before the first row)
    rows_before: int
    codec: str

    def parse(self) -> Document:
        """The rows' document, numbered as in the file; with a document column, the
        rows are one document's (`stream_rows`), named and numbered as it.
        Raises InputError for a row the format's reader refuses (naming the file
        line)."""
        options = replace(self.options, first_line=self.first_line)
        doc = parse(self.text, self.name, self.fmt, options)
        doc.line_offset = self.first_line - 1
        doc.encoding = self.codec
        if "document" in self.options.columns:
            doc.path = document_path(self.name, doc.segments[0].document if doc.segments else None)
            doc.file = self.name
        else:
            doc.segment_offset = self.rows_before
        return doc


@dataclass
class Chunk:
    """One piece of a large file: a document (or its `Rows`, when asked not to
    parse them: ``document`` is then None), and the number of its first row (1 for
    one document of a file grouped by its document column: its rows are numbered
    as its own)."""

    document: Document | None
    first_row: int
    read: int = 0  # bytes of the file read by the end of this chunk (progress), about
    rows: Rows | None = None
    # the name of the document the chunk is, for one of a file's documents
    # (`mtqa.readers.documents.document_path`); None for a piece of the file
    name: str | None = None


def _open(name: str, label: str) -> io.BufferedReader:
    """The bytes of file ``name``, or of stdin for ``-``, buffered (to peek at). Raises
    InputError for a file that cannot be opened and for a closed stdin (``<&-``)."""
    if name != "-":
        try:
            return open(name, "rb")  # closed by `Lines.close`
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    stdin = getattr(sys.stdin, "buffer", None)  # sys.stdin is None when fd 0 is closed
    if stdin is None or stdin.closed:
        raise InputError(f"{label}: cannot read: stdin is closed")
    return stdin if isinstance(stdin, io.BufferedReader) else io.BufferedReader(stdin)


class Lines:
    """The lines of a file (or stdin) as text, read a block at a time and decoded
    incrementally (a character may straddle two blocks). A line ends at ``\n``,
    ``\r\n`` or a lone ``\r`` (old Mac files), as a whole-file read splits it, and
    is given ending in ``\n``. A byte-order mark chooses the encoding, as for a
    whole file (`mtqa.readers.encoding.codec_for`), and so does a PO file's
    charset; a NUL byte in the first bytes means binary data. Without --encoding,
    bytes that are not UTF-8 are detected on their first megabyte; a file read as
    UTF-8 because its first bytes were ASCII is detected again, on the bytes from
    the first that is not, when that byte is no UTF-8 (a cp1252 quote deep in the
    file). Raises InputError naming the line and byte offset of a bad byte."""

    def __init__(self, name: str, encoding: str) -> None:
        self.name = name
        self.label = "<stdin>" if name == "-" else name
        self._buffer = _open(name, self.label)
        self.read = 0  # the number of the line being read
        self._ahead: list[bytes] = []  # blocks read ahead (to sniff), not decoded yet
        self._decoded_bytes = 0  # bytes passed to the decoder so far
        self._ascii = True  # every byte decoded so far was ASCII
        try:
            head = self._fill(_SNIFF)[:_SNIFF]
            self.codec = codec_for(head[:4], encoding)
            self._refuse_nul(head)
            self.detected = self.codec == AUTO_ENCODING
            if self.detected:
                self.codec = po_charset(name, head) or detect(head, final=False)
                if self.codec != "utf-8":  # not UTF-8: judged on more than 8 KB
                    self.codec = detect(self._fill(_SAMPLE), final=False)
            self.codec = byte_order(self.codec, head)
            codecs.lookup(self.codec)
        except LookupError:
            self.close()
            raise InputError(
                f"{self.label}: --stream cannot read encoding '{self.codec}': name the "
                "file's encoding with --encoding"
            ) from None
        except InputError:
            self.close()
            raise

    def _read(self, read: Callable[[], T]) -> T:
        """``read()``, an OSError (stdin a directory, a device gone) an InputError."""
        try:
            return read()
        except OSError as exc:
            raise InputError(f"{self.label}: cannot read: {exc.strerror}") from None

    def _fill(self, size: int) -> bytes:
        """The bytes read ahead, reading blocks until there are ``size`` of them or
        the input ends."""
        have = sum(map(len, self._ahead))
        while have < size and (block := self._read(lambda: self._buffer.read(_BLOCK))):
            self._ahead.append(block)
            have += len(block)
        return b"".join(self._ahead)

    def _block(self) -> bytes:
        """The next block of bytes (b"" at the end)."""
        if self._ahead:
            return self._ahead.pop(0)
        return self._read(lambda: self._buffer.read(_BLOCK))

    def _refuse_nul(self, data: bytes) -> None:
        """Raise InputError when ``data`` holds a NUL byte where the encoding has none."""
        if b"\x00" in data and not self.codec.startswith(("utf-16", "utf-32")):
            raise binary(self.label, data[:4096])

    def _decode(
        self, decoder: codecs.IncrementalDecoder, block: bytes, final: bool, tail: list[str]
    ) -> tuple[str, codecs.IncrementalDecoder]:
        """``block`` decoded, and the decoder to go on with: another when the codec
        was detected from ASCII bytes only and this block is no text in it (see the
        class). Raises InputError naming the bad byte (``tail``: the text of the
        line it is on, before the block)."""
        pending = decoder.getstate()[0]
        try:
            text = decoder.decode(block, final)
        except UnicodeDecodeError as exc:
            if not (self.detected and self._ascii):
                raise self._bad(exc, pending + block, len(pending), tail) from None
            codec = detect(block + self._fill(_SAMPLE), final=False)
            if codec == self.codec:
                raise self._bad(exc, pending + block, len(pending), tail) from None
            self.codec, decoder = codec, codecs.getincrementaldecoder(codec)()
            return self._decode(decoder, block, final, tail)
        self._decoded_bytes += len(block)
        self._ascii = self._ascii and block.isascii()
        return text, decoder

    def _bad(
        self, exc: UnicodeDecodeError, data: bytes, pending: int, tail: list[str]
    ) -> InputError:
        """The error for an undecodable byte of ``data`` (the decoder's ``pending``
        bytes, then the block), naming its line and byte offset in the file."""
        good = data[: exc.start].decode(self.codec, "replace")
        line = self.read + 1 + len(_BREAK_RE.findall("".join(tail) + good))
        offset = self._decoded_bytes - pending + exc.start
        return undecodable(self.label, self.codec, data, exc, line, offset)

    def __iter__(self) -> Iterator[str]:
        """Each line, ending in ``\n`` (the last may have no ending); raises
        InputError naming the line of a bad byte."""
        decoder = codecs.getincrementaldecoder(self.codec)()
        tail: list[str] = []  # the line not ended yet, in pieces (a line of megabytes)
        while True:
            block = self._block()
            final = not block
            text, decoder = self._decode(decoder, block, final, tail)
            if "\n" not in text and "\r" not in text:
                if text:
                    tail.append(text)
                if final:
                    break
                continue
            buffer = "".join(tail) + text
            start = 0
            if "\r" not in buffer:  # most files: the block's lines are cut in C
                start = buffer.rfind("\n") + 1
                lines = _LINE_RE.findall(buffer, 0, start)
                self.read += len(lines)
                yield from lines
            else:
                for m in _BREAK_RE.finditer(buffer):
                    if m.end() == len(buffer) and m.group() == "\r" and not final:
                        break  # a "\r" at the end of the block: "\r\n" may follow
                    self.read += 1
                    yield buffer[start : m.start()] + "\n"
                    start = m.end()
            tail = [buffer[start:]] if start < len(buffer) else []
            if final:
                break
        if tail and (rest := "".join(tail)):
            self.read += 1
            yield rest

    @property
    def position(self) -> int:
        """Bytes of the file read so far (a block at a time: about)."""
        return self._decoded_bytes

    def close(self) -> None:
        """Close the file (stdin is left open)."""
        if self.name != "-":
            self._buffer.close()


def _open_quote(line: str, inside: bool) -> bool:
    """Whether a CSV record is inside a quoted field after ``line``, reading it
    field by field as the CSV reader does (``inside``: it was before the line); a
    quote that does not open a field is text, as there."""
    pos = 0
    while True:
        if inside or line.startswith('"', pos):
            rest = _QUOTED_REST_RE.match(line, pos if inside else pos + 1)
            if rest is None:
                return True
            inside, pos = False, rest.end()
        pos = _UNQUOTED_RE.match(line, pos).end()
        if not line.startswith(",", pos):
            return False
        pos += 1


def _blank(line: str, fmt: str) -> bool:
    """Whether a line is no row, as the readers skip it (a TSV line of tabs is one)."""
    return not line.strip() and (fmt == "jsonl" or ("\t" if fmt == "tsv" else ",") not in line)


def _header(lines: Iterator[str], fmt: str, label: str) -> tuple[str, int]:
    """The header line of a TSV or CSV file (the first that is not blank, as the
    readers take it) and the number of lines up to it; JSONL has none. Raises
    InputError for a file with no line that is not blank."""
    if fmt == "jsonl":
        return "", 0
    for number, line in enumerate(lines, 1):
        if not _blank(line, fmt):
            return line.replace("\r\n", "\n"), number
    raise InputError(f"{label}: empty file, nothing to check")


def stream_rows(
    name: str,
    fmt: str,
    options: ReadOptions,
    encoding: str = "utf-8",
    chunk_rows: int = CHUNK_ROWS,
    parse_rows: bool = True,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[Chunk]:
    """The chunks of a row file (``fmt`` one of `ROW_FORMATS`; ``-``: stdin), read
    incrementally: ``chunk_rows`` rows, or fewer that hold ``chunk_chars`` characters
    or more (a row is never cut); with ``parse_rows`` False, their `Rows`, for a
    worker to parse.
    Raises InputError for an unreadable, closed, binary or empty input, for bytes
    not in the encoding, and for what the format's reader refuses (naming the
    file line; `Rows.parse` raises that, when the rows are not parsed here)."""
    source = Lines(name, encoding)
    lines = iter(source)
    # stdin cannot be read again to learn whether a later row has a field the rows so
    # far lack (`_roles_known`): its chunks are held until one has, or the input ends
    unseen = required_roles(options) if fmt == "jsonl" and name == "-" else frozenset()

    # with a document column, a chunk is one document's rows, whole (the rules that
    # read a document see all of it), which must stand together in the file
    grouped = "document" in options.columns
    document: str | None = None  # the value of the rows in the chunk so far
    first_seen: dict[str | None, int] = {}  # each document's first line

    header = ""
    pending: list[str] = []  # the lines of the chunk read so far
    lines_before = rows_before = 0  # the file's, before the chunk
    rows = size = 0  # in the chunk read so far

    # the chunks cut and not yet given (their lines, the file's lines and rows before
    # them, their document): on stdin, those before a row with every field
    # `required_roles` asks for, which is only then known to be in the file
    held: list[tuple[list[str], int, int, str | None]] = []

    def cut(last: bool = False) -> list[Chunk]:
        """The chunks to give once the lines read so far end one (the next starts
        after them): none while stdin has not shown every field (``last``: the
        input ended, and all are given)."""
        nonlocal options, pending, lines_before, rows_before, rows, size
        held.append((pending, lines_before, rows_before, document))
        lines_before += len(pending)
        rows_before += rows
        pending, rows, size = [], 0, 0
        if unseen and not last:
            return []
        made = []
        for chunk_lines, before, rows_earlier, value in held:
            if fmt == "jsonl" and name == "-":  # the fields stdin has shown so far
                seen = required_roles(options) - unseen
                if seen != options.roles_known:
                    options = replace(options, roles_known=seen)
            elif fmt == "jsonl":
                options = _roles_known(name, encoding, chunk_lines, before, options)
            found = _chunk(source, fmt, header, chunk_lines, options, before, rows_earlier)
            first, named = (1, document_path(name, value)) if grouped else (rows_earlier + 1, None)
            made.append(
                Chunk(found.parse(), first, source.position, name=named)
                if parse_rows
                else Chunk(None, first, source.position, found, named)
            )
        held.clear()
        return made

    try:
        header, lines_before = _header(lines, fmt, source.label)
        record: list[str] = []
        inside = False  # a CSV record's quoted field runs on into the next line
        for line in lines:
            record.append(line)
            if fmt == "csv":
                inside = _open_quote(line, inside)
                if inside:
                    continue
            blank = _blank(record[0], fmt)
            if grouped and not blank:
                value = row_document(fmt, header, "".join(record), options)
                if value != document and rows:  # the rows so far are a document
                    yield from cut()
                if value != document or not first_seen:
                    line_no = lines_before + len(pending) + 1
                    if value in first_seen:
                        which = "without a document" if value is None else f"of document {value!r}"
                        raise InputError(
                            f"{source.label}: line {line_no}: the rows {which} do not stand "
                            f"together (the first is on line {first_seen[value]}); sort the "
                            "file by its document column, or check it whole (--no-stream)"
                        )
                    first_seen[value], document = line_no, value
            rows += 0 if blank else 1  # numbered as the reader numbers them
            pending.extend(record)
            size += sum(map(len, record))
            if unseen:
                unseen = unseen.difference(*(field_roles(line, options) for line in record))
            record = []
            if rows and (rows >= chunk_rows or size >= chunk_chars) and not unseen and not grouped:
                yield from cut()
        if record:  # the file ended inside a quoted field
            line = lines_before + len(pending) + 1
            raise InputError(f"{source.label}: line {line}: a quoted field is never closed")
        if pending or rows_before == 0 or held:
            yield from cut(last=True)
    finally:
        source.close()


def _roles_known(
    name: str, encoding: str, lines: list[str], lines_before: int, options: ReadOptions
) -> ReadOptions:
    """``options``, knowing which of the roles a JSONL file must have a field for
    (`required_roles`) some row has: a row of the chunk ``lines`` (after
    ``lines_before`` lines), or a later row of the file (read again from the start,
    only for the roles the chunk's rows lack; stdin, which cannot be read again,
    holds its chunk until they come: `stream_rows`). A chunk without such a field
    is then no file without it."""
    wanted = set(required_roles(options) - options.roles_known)
    for line in lines:
        if not wanted:
            break
        wanted -= field_roles(line, options)
    if wanted and name != "-":
        again = Lines(name, encoding)
        try:
            for number, line in enumerate(again, 1):
                if number > lines_before + len(lines):
                    wanted -= field_roles(line, options)
                    if not wanted:
                        break
        finally:
            again.close()
    known = required_roles(options) - wanted
    return options if known == options.roles_known else replace(options, roles_known=known)


def _chunk(
    source: Lines,
    fmt: str,
    header: str,
    lines: list[str],
    options: ReadOptions,
    lines_before: int,
    rows_before: int,
) -> Rows:
    """The rows ``lines``, after ``lines_before`` lines of the file (the header's
    among them) and ``rows_before`` rows."""
    text = "".join(lines)
    if not text.strip() and rows_before == 0:
        raise InputError(f"{source.label}: no rows to check")
    # a table's chunk is its header and rows: the header stands for the line before
    # the chunk's first row, so the reader names the file's lines
    first_line = lines_before if header else lines_before + 1
    return Rows(source.name, fmt, header + text, options, first_line, rows_before, source.codec)
