"""Fixing files byte for byte: ``mtqa fix`` reads a file's bytes, fixes its text
(`mtqa.fixing`) and writes it back in its own encoding, byte-order mark and line
ends, so that every byte outside an edit is the file's own.

A file is written only when all of it can be written back exactly: its text,
encoded again, must give its bytes (else it is refused, unchanged), and a
replacement its encoding cannot hold is left for a reader. Files are replaced
atomically (`mtqa.writers.atomic`): an interrupted fix leaves the original.
"""

from __future__ import annotations

import codecs
import difflib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, MtqaError
from .fixing import Fixer, FixResult, fix_text_with, refuse_unwritable
from .readers import ReadOptions, format_for
from .readers.files import read_text
from .writers.atomic import write_atomic
from .writers.base import shown

# a byte-order mark, and the codec that encodes the rest of the file without one
_MARKED = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass
class FileFix:
    """One file fixed in memory: its name, its bytes before and after, and what
    `mtqa.fixing.fix_text_with` did."""

    path: str
    before: bytes
    after: bytes
    result: FixResult

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def diff(self) -> str:
        """A unified diff of the file's text (``a/PATH`` and ``b/PATH``, as git
        writes them; an absolute path as it is), "" when nothing changed."""
        name = shown(self.path)  # a newline or ESC in it would break the header line
        absolute = os.path.isabs(self.path)
        lines = difflib.unified_diff(
            self.result.original.splitlines(keepends=True),
            self.result.fixed.splitlines(keepends=True),
            name if absolute else f"a/{name}",
            name if absolute else f"b/{name}",
        )
        # a last line without a line end is marked as diff and patch mark it
        return "".join(
            line if line.endswith(("\n", "\r")) else f"{line}\n\\ No newline at end of file\n"
            for line in lines
        )


def fix_file(
    fixer: Fixer, path: str, options: ReadOptions, encoding: str, fmt: str | None = None
) -> FileFix:
    """Fix one file in memory (nothing is written). Raises InputError for a file
    that cannot be read, one of a format mtqa does not write back, and one whose
    text would not give its bytes again."""
    fmt = fmt or format_for(path)
    refuse_unwritable(path, fmt)  # before reading it
    if path != "-" and not _regular(path):
        raise InputError(
            f"{path}: not a regular file (mtqa fix rewrites files; use - for a stream)"
        )
    text, codec = read_text(path, encoding)
    if path == "-":  # read once: written back in its encoding (and mark, for UTF-8)
        result = fix_text_with(fixer, text, path, fmt, options, codec=codec)
        return FileFix(path, text.encode(codec), result.fixed.encode(codec), result)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    mark, body = _mark_and_codec(data, codec)
    if mark + _encoded(text, body, path) != data:
        raise InputError(
            f"{path}: its text does not encode back to its bytes in {codec}; not fixed"
        )
    result = fix_text_with(fixer, text, path, fmt, options, codec=body)
    return FileFix(path, data, mark + _encoded(result.fixed, body, path), result)


def _regular(path: str) -> bool:
    """Whether ``path`` is a regular file (or a link to one): a pipe or a device is
    read once and cannot be replaced."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # missing or unreadable: the reader says which


def _mark_and_codec(data: bytes, codec: str) -> tuple[bytes, str]:
    """The byte-order mark ``data`` opens with (as the reader took it: its codec
    names one), and the codec of the bytes after it."""
    if codec in ("utf-8-sig", "utf-16", "utf-32"):
        for mark, body in _MARKED:
            if data.startswith(mark) and body.startswith(codec.removesuffix("-sig")):
                return mark, body
    return b"", codec


def _encoded(text: str, codec: str, path: str) -> bytes:
    """``text`` in ``codec``. Raises InputError when the codec cannot hold it (the
    fixes' replacements are checked before, so only a file read one way and
    written another, as some legacy codecs do, gets here)."""
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        raise InputError(f"{path}: its text cannot be written in {codec}; not fixed") from None


def write_fixed(fixed: FileFix, output: str | None = None, backup: str | None = None) -> None:
    """Write a fixed file: to ``output`` when given, else over itself (keeping its
    permissions and any link), first copying the original to its name plus
    ``backup`` when given. Raises MtqaError when a backup file is there already
    (it may be the only copy of an earlier original) or a file cannot be written."""
    if output is not None:
        write_atomic(Path(output), fixed.after)
        return
    if backup:
        copy = Path(fixed.path + backup)
        if os.path.lexists(copy):  # a link, even one to nothing, is not written through
            raise MtqaError(
                f"{copy}: already exists (an earlier original?); {fixed.path} not fixed"
            )
        write_atomic(copy, fixed.before)
    write_atomic(Path(fixed.path), fixed.after)
