"""Finding the files to check and decoding them, with one clear error per bad input."""

from __future__ import annotations

import codecs
import fnmatch
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import InputError
from ..model import Document
from . import SUFFIXES, ReadOptions, parse

# In folders: text, Markdown and translation files; TSV, CSV and JSONL (often data
# of other kinds) are checked when named or included explicitly.
DEFAULT_INCLUDE = tuple(
    f"*{s}" for s, fmt in SUFFIXES.items() if fmt not in ("tsv", "csv", "jsonl")
)
_SNIFF = 8192


def _matches(path: Path, root: Path, globs: Sequence[str]) -> bool:
    rel = path.relative_to(root).as_posix()
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(path.name, g) for g in globs)


def include_globs(include: Sequence[str]) -> Sequence[str]:
    """The globs of files to check inside folders: ``include``, or when it is empty
    (the configuration's default) `DEFAULT_INCLUDE`."""
    return include or DEFAULT_INCLUDE


def discover(
    paths: Sequence[str], include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> Iterator[str]:
    """Files to check, in a stable order: files as given, directories walked recursively.

    A directory yields the files matching ``include`` (`include_globs`) and not
    ``exclude`` (globs matched against the name and the path relative to the
    directory); hidden files and folders are skipped. A file named directly is
    always checked.
    """
    include = include_globs(include)
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            found = 0
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    file = Path(dirpath, name)
                    if name.startswith(".") or not _matches(file, path, include):
                        continue
                    if exclude and _matches(file, path, exclude):
                        continue
                    found += 1
                    yield str(file)
            if not found:
                raise InputError(f"{raw}: no files to check (include: {', '.join(include)})")
        elif path.exists():
            yield raw
        else:
            raise InputError(f"{raw}: no such file or directory")


def decode(data: bytes, name: str, encoding: str = "utf-8") -> tuple[str, str]:
    """Bytes to text, refusing binary data, undecodable bytes and empty input; and
    the codec used, by its Python name (a byte-order mark overrides ``encoding``:
    ``utf-8-sig``, ``utf-16``)."""
    if b"\x00" in data[:_SNIFF] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8-sig", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise InputError(
            f"{name}: not valid {exc.encoding} (byte 0x{byte:02x} at offset {exc.start});"
            " give the right --encoding"
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding '{encoding}'") from None
    if not text.strip():
        raise InputError(f"{name}: empty file, nothing to check")
    return text, codecs.lookup(encoding).name


def read_input(name: str, encoding: str = "utf-8") -> str:
    """The decoded text of a file, or of stdin for ``-``."""
    return read_text(name, encoding)[0]


def load(name: str, fmt: str, options: ReadOptions, encoding: str = "utf-8") -> Document:
    """Read, decode and segment one input (``-``: stdin) as format ``fmt``; the
    document records the codec its bytes were decoded with."""
    text, codec = read_text(name, encoding)
    document = parse(text, name, fmt, options)
    document.encoding = codec
    return document


def read_text(name: str, encoding: str = "utf-8") -> tuple[str, str]:
    """The decoded text of a file, or of stdin for ``-``, and the codec (`decode`)."""
    if name == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>", encoding)
    try:
        data = Path(name).read_bytes()
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    return decode(data, name, encoding)
