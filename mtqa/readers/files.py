"""Finding the files to check and decoding them, with one clear error per bad input."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import AUTO_ENCODING, REPORT_FOLDER_MARKER, Document, Segment
from ..model import has_text as text_in
from . import SUFFIXES, ReadOptions, parse
from .encoding import LINE_BREAK_RE, binary, byte_order, codec_for, detect, po_charset, undecodable

# In folders: text, Markdown and translation files; TSV, CSV and JSONL (often data
# of other kinds) are checked when named or included explicitly.
DEFAULT_INCLUDE = tuple(
    f"*{s}" for s, fmt in SUFFIXES.items() if fmt not in ("tsv", "csv", "jsonl")
)
_SNIFF = 8192


def _matcher(globs: Sequence[str]) -> Callable[[str, str], bool]:
    """A test of a file (its path relative to the folder walked, with ``/``, and its
    name) against ``globs`` (`fnmatch` patterns, matched against either): one
    compiled alternation, not a pattern match a glob a file. Case is ignored where
    the system's paths ignore it, as `fnmatch.fnmatch` does (Windows)."""
    flags = re.IGNORECASE if os.path.normcase("A") == "a" else 0
    pattern = re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in globs), flags)
    return lambda rel, name: bool(pattern.match(rel) or pattern.match(name))


def _inside(entry: os.DirEntry[str], root: Path) -> bool:
    """Whether a folder's ``entry`` (not a folder) is a regular file whose real path
    lies under ``root``: a folder's devices and named pipes are not read (a FIFO
    would wait for ever, /dev/zero never ends), nor links that lead out of it. The
    entry's type comes with the folder's listing (no system call for a file that
    is no link, where the file system gives types)."""
    try:
        if entry.is_symlink():
            path = Path(entry.path)
            return path.is_file() and path.resolve().is_relative_to(root)
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _listing(
    folder: str, named: str | None = None
) -> tuple[list[os.DirEntry[str]], list[os.DirEntry[str]]]:
    """A folder's entries as `os.walk` sorts them: its folders (links to folders
    among them, which are not walked) and its other entries, each by name. A
    folder inside one walked that cannot be listed has none (skipped, as `os.walk`
    skips it); for the folder the user ``named``, raises InputError saying why."""
    folders: list[os.DirEntry[str]] = []
    others: list[os.DirEntry[str]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    is_folder = entry.is_dir()
                except OSError:
                    is_folder = False
                (folders if is_folder else others).append(entry)
    except OSError as exc:
        if named is not None:
            raise InputError(f"{named}: cannot read: {exc.strerror or exc}") from None
        return [], []
    folders.sort(key=lambda e: e.name)
    others.sort(key=lambda e: e.name)
    return folders, others


# What mtqa's own outputs begin with: its HTML pages name it as their generator,
# its CSV and JSONL rows carry the version and rule set that wrote them
_OWN_HTML = '<meta name="generator" content="mtqa'
_OWN_FIELDS = ("mtqa_version", "rule_set")
# ...and only in the formats that carry them (mtqa/writers: html, tabular, jsonout):
# a .txt or .md that merely quotes a marker is a file to check, not a report
_OWN_HTML_SUFFIXES = (".html", ".htm")
_OWN_FIELDS_SUFFIXES = (".csv", ".jsonl", ".json")


def written_by_mtqa(path: str) -> bool:
    """Whether the file is a report mtqa wrote: an HTML page (`_OWN_HTML_SUFFIXES`)
    naming mtqa as its generator (`_OWN_HTML`), or a CSV, JSONL or JSON file
    (`_OWN_FIELDS_SUFFIXES`) with `_OWN_FIELDS` in its first line. Checking it
    would check mtqa's own report, as a ``--report-dir`` inside the checked folder
    did on the second run; any other kind of file is checked whatever it quotes.
    Reads at most 4 KB."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in _OWN_HTML_SUFFIXES + _OWN_FIELDS_SUFFIXES:
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return False  # reading it will say what is wrong
    first_line = head.split("\n", 1)[0]
    if suffix in _OWN_HTML_SUFFIXES:
        return _OWN_HTML in head
    return all(name in first_line for name in _OWN_FIELDS)


def report_folder(folder: Path) -> bool:
    """Whether ``folder`` is a report folder mtqa wrote (``--report-dir``), which
    holds `REPORT_FOLDER_MARKER`: its pages and tables are mtqa's own output. A
    folder mtqa may not look into is none (reading it will say why)."""
    try:
        return (folder / REPORT_FOLDER_MARKER).is_file()
    except OSError:  # PermissionError: Python 3.11's is_file passes it on
        return False


def include_globs(include: Sequence[str]) -> Sequence[str]:
    """The globs of files to check inside folders: ``include``, or when it is empty
    (the configuration's default) `DEFAULT_INCLUDE`."""
    return include or DEFAULT_INCLUDE


def discover(
    paths: Sequence[str],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    own: list[str] | None = None,
) -> Iterator[str]:
    """Files to check, in a stable order: files as given, directories walked recursively.

    A directory yields the files matching ``include`` (`include_globs`) and not
    ``exclude`` (globs matched against the name and the path relative to the
    directory); hidden files and folders, devices, named pipes and links that lead
    out of the folder are skipped. A file named directly is checked, unless it is,
    as any file found, a report mtqa wrote (`written_by_mtqa`), and a report folder
    (`report_folder`) is never walked: those are added to ``own`` instead (a
    folder's name ending in a separator). Raises InputError, before any file is
    yielded, naming every path that does not exist, and for a folder with nothing
    to check.
    """
    include = include_globs(include)
    refuse_stdin_twice(paths)
    # every path mistyped, in one line: not one a run
    if missing := [raw for raw in paths if raw != "-" and not os.path.lexists(raw)]:
        if len(missing) == 1 and missing[0]:
            raise InputError(f"{missing[0]}: no such file or directory")
        # quoted, so that an empty name or one with a comma reads as one name
        raise InputError(f"no such files or directories: {', '.join(map(repr, missing))}")
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir() and report_folder(path):
            if own is not None:
                own.append(raw)
            continue
        if path.is_dir():
            found, skipped = yield from _walked(path, include, exclude, own, raw)
            if not found and not skipped:  # else: only reports mtqa wrote, said by the caller
                raise InputError(f"{raw}: no files to check (include: {', '.join(include)})")
        elif path.exists():
            if path.is_file() and written_by_mtqa(raw):
                if own is not None:
                    own.append(raw)
                continue
            yield raw
        else:
            raise InputError(f"{raw}: {_unreachable(raw)}")


def _walked(
    top: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    own: list[str] | None,
    named: str,
) -> Generator[str, None, tuple[int, int]]:
    """The files to check in folder ``top`` and below (`discover`), each folder's
    files by name before its subfolders'; returns how many were found and how many
    skipped as mtqa's own reports. Named as `pathlib` joins them (no ``./`` in
    front); walked with `os.scandir`, whose entries carry their type: a file costs
    no system call unless it is a link, or mtqa may have written it. Raises
    InputError when ``top`` (``named`` so by the user) cannot be listed."""
    root = top.resolve()
    included, excluded = _matcher(include), _matcher(exclude) if exclude else None
    found = skipped = 0
    start = str(top)
    # (folder path, its path relative to ``top`` with "/" and one at the end)
    pending: list[tuple[str, str]] = [(start, "")]
    while pending:
        folder, prefix = pending.pop()
        folders, others = _listing(folder, named if folder == start else None)
        here = "" if folder == "." else os.path.join(folder, "")  # "/" stays "/"
        reports = {d.name for d in folders if report_folder(Path(d.path))}
        skipped += len(reports)
        if own is not None:
            own.extend(here + name + os.sep for name in sorted(reports))
        for entry in others:
            name = entry.name
            rel = prefix + name
            if name.startswith(".") or not included(rel, name):
                continue
            if not _inside(entry, root):
                continue  # a device, a pipe, or a link out of the folder
            if excluded is not None and excluded(rel, name):
                continue
            file = here + name
            if written_by_mtqa(file):
                skipped += 1
                if own is not None:
                    own.append(file)
                continue
            found += 1
            yield file
        walked = [
            (here + d.name, prefix + d.name + "/")
            for d in folders
            if not d.name.startswith(".") and d.name not in reports and not _link(d)
        ]
        pending.extend(reversed(walked))  # popped first to last
    return found, skipped


def _link(entry: os.DirEntry[str]) -> bool:
    """Whether a folder's entry is a link (not walked, as `os.walk` walks none), or
    cannot be told one (then not walked either)."""
    try:
        return entry.is_symlink()
    except OSError:
        return True


def refuse_stdin_twice(names: Sequence[str | None]) -> None:
    """Raise InputError when ``names`` (inputs, sources, references; None for a role
    not given) name ``-`` more than once: stdin can be read once, and a second
    reader would find it empty."""
    if (stdin := list(names).count("-")) > 1:
        raise InputError(f"- (stdin) is given {stdin} times: stdin can be read once")


def _unreachable(name: str) -> str:
    """Why ``name``, which exists as a name (a symbolic link), leads to no file."""
    try:
        os.stat(name)
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(name):
            return f"a symbolic link to {os.readlink(name)!r}, which leads to no file"
        return f"cannot read: {exc.strerror or exc}"
    return "no such file or directory"  # gone since it was looked for


def decode(data: bytes, name: str, codec: str) -> str:
    """Bytes to text with ``codec`` (`codec_for`), refusing undecodable bytes and
    empty input; a byte-order mark is not part of the text. Raises InputError."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        # the line as a chunked read names it (`mtqa.readers.stream.Lines`): line ends
        # of every kind counted in the text before the bad byte
        line = 1 + len(LINE_BREAK_RE.findall(data[: exc.start].decode(codec, "replace")))
        raise undecodable(name, exc.encoding, data, exc, line, exc.start) from None
    if not text.strip():
        raise InputError(f"{name}: empty file, nothing to check")
    return text


def read_input(name: str, encoding: str = AUTO_ENCODING) -> str:
    """The decoded text of a file, or of stdin for ``-``."""
    return read_text(name, encoding)[0]


def load(
    name: str,
    fmt: str,
    options: ReadOptions,
    encoding: str = AUTO_ENCODING,
    shown: str | None = None,
) -> Document:
    """Read, decode and segment one input (``-``: stdin) as format ``fmt``; the
    document records the codec its bytes were decoded with. ``shown``: the name the
    document and every error give, when it is not ``name`` (a worker in another
    folder opens the absolute path of a file the user named relative). Raises
    InputError, also for a file that holds no text to check (a table of headers
    only, a table whose targets and sources are all empty): it must not pass
    unchecked. A translation file whose units are all untranslated is read: each
    is a finding (MT307), and the file fails."""
    shown = name if shown is None else shown
    text, codec = read_text(name, encoding, shown)
    document = parse(text, shown, fmt, options)
    if not has_text(document.segments):
        what = "segment" if fmt in ("txt", "md", "html", "srt", "vtt") else "target"
        raise InputError(f"{shown}: no {what} text to check")
    document.encoding = codec
    return document


def has_text(segments: Iterable[Segment]) -> bool:
    """Whether some segment holds text to check (`mtqa.model.has_text`: blanks and
    zero-width characters are none), or is a unit left untranslated
    (`Segment.untranslated`), which is a finding to report."""
    return any(text_in(seg.text) or seg.untranslated for seg in segments)


def _read_up_to(handle: BinaryIO, size: int) -> bytes:
    """``size`` bytes of ``handle``, fewer only at its end: an unbuffered pipe or
    FIFO gives what its writer wrote so far, so the first bytes a binary check
    reads would depend on the writer's timing."""
    parts: list[bytes] = []
    left = size
    while left > 0:
        part = handle.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def read_text(
    name: str, encoding: str = AUTO_ENCODING, shown: str | None = None
) -> tuple[str, str]:
    """The decoded text of a file, or of stdin for ``-``, and the codec it was read
    with (`codec_for`; for `AUTO_ENCODING`, a PO file's charset, else `detect`;
    UTF-16 and UTF-32 without a mark in the order `byte_order` sees). ``shown``: the
    name errors give, when it is not ``name``.

    The first bytes are read first: binary data (a NUL byte where the encoding has
    none, as in ``/dev/zero``) is refused before more is read. Raises InputError."""
    if shown is None:
        shown = name
    label = "<stdin>" if name == "-" else shown
    if name == "-" and getattr(sys.stdin, "buffer", None) is None:  # fd 0 closed: "<&-"
        raise InputError(f"{label}: cannot read: stdin is closed")
    try:
        # unbuffered: a buffered file asks whether it is a terminal as it opens (a
        # system call a file, thousands a run), and two reads need no buffer
        handle = sys.stdin.buffer if name == "-" else open(name, "rb", buffering=0)  # noqa: SIM115
    except IsADirectoryError:
        raise InputError(f"{shown}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read: {exc.strerror}") from None
    try:
        head = _read_up_to(handle, _SNIFF)
        codec = codec_for(head, encoding)
        if codec == AUTO_ENCODING:
            codec = po_charset(name, head) or codec
        codec = byte_order(codec, head)
        if b"\x00" in head and not codec.startswith(("utf-16", "utf-32")):
            raise binary(label, head)
        data = head + handle.read()
    except OSError as exc:
        raise InputError(f"{shown}: cannot read: {exc.strerror}") from None
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
    if codec == AUTO_ENCODING:
        try:  # most files are UTF-8: decoded once, detection only for the others
            return decode(data, label, "utf-8"), "utf-8"
        except InputError:
            codec = detect(data)
    return decode(data, label, codec), codec
