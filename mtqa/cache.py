"""Tables derived from shipped data, kept between runs so that start-up is quick.

Deriving them takes a second or more (the rule packs' parsed patterns and
anchors, the word lists' lookup files); a pre-commit hook or a loop over many
small files would pay it every time. Each table is stored under a key that
hashes everything it was derived from (the inputs, the mtqa and Python
versions), so a stale table is never read: a changed input is a new key.

Where: ``$MTQA_CACHE_DIR``, else the user's cache folder (``platformdirs``:
``~/.cache/mtqa`` on Linux). ``MTQA_CACHE_DIR=off`` turns the cache off. A cache
that cannot be read or written is skipped silently: the table is derived again,
and the run's results are the same either way. Tables untouched for
`STALE_DAYS` are removed when a new one is written; the folder may be deleted
at any time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping
from contextlib import closing, suppress
from itertools import repeat
from operator import is_not
from pathlib import Path
from typing import Any, TypeVar

from .gcpause import collector_paused

T = TypeVar("T")

_FORMAT = 1  # bump when what a table holds changes shape


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off (``MTQA_CACHE_DIR=off``)."""
    chosen = os.environ.get("MTQA_CACHE_DIR")
    if chosen and chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("mtqa", appauthor=False))


def key(*parts: str | bytes) -> str:
    """A key for a table derived from ``parts`` (and this Python). The parts name
    everything the table comes from: its inputs, and the code that derives it
    (`file_stamp` of that module; a version number would not change with an
    edited checkout)."""
    digest = hashlib.sha256(f"{_FORMAT}|{sys.version_info[:2]}".encode())
    for part in parts:
        digest.update(b"\0" + (part if isinstance(part, bytes) else part.encode("utf-8")))
    return digest.hexdigest()[:32]


def package_stamp(package: str) -> str:
    """What identifies an installed package's files without importing it or reading
    its metadata (both slow): `file_stamp` of its ``__init__.py``, which installing
    another version rewrites. "" when it is not installed."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return ""
    return file_stamp(spec.origin)


def file_stamp(path: str) -> str:
    """A file's path, size and modification time: changes when the file does."""
    stat = os.stat(path)
    return f"{path}|{stat.st_size}|{stat.st_mtime_ns}"


def folder_stamp(folder: str | os.PathLike[str]) -> str:
    """`file_stamp` of every file in ``folder`` and its subfolders (bytecode left
    out), in order: changes when any of a package's modules or data files does."""
    stamps = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        stamps += (file_stamp(os.path.join(root, name)) for name in files)
    return "\n".join(sorted(stamps))


def cached(name: str, parts: Iterable[str | bytes], build: Callable[[], T], kind: type[T]) -> T:
    """The table ``name`` for ``parts``: read from the cache, or built by ``build``
    (which must return plain data of type ``kind`` that pickles) and stored for the
    next run. A file that holds anything but a ``kind`` is built again, as a damaged
    one is."""
    folder = cache_dir()
    path = folder / f"{name}-{key(*parts)}.pickle" if folder else None
    if path is not None:
        value = unpickled(path)
        if isinstance(value, kind):
            return value
    value = build()
    if path is not None:
        store(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def unpickled(path: Path) -> Any:
    """What the cache file at ``path`` holds, or None when it is missing or damaged
    (its callers, which check the type of what they read, then build it again)."""
    try:
        # a table lives as long as the process: none of its objects is garbage
        with path.open("rb") as handle, collector_paused():
            return pickle.load(handle)
    except Exception:  # whatever a damaged pickle raises (TypeError, MemoryError, ...)
        return None


def store(path: Path, data: bytes) -> None:
    """Write atomically (another process may be reading); give up quietly."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _prune(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


# A table is read whole once answering word by word has cost what reading it whole
# costs: then a run never spends more than twice the least it could have (the rule
# for renting or buying when the future is unknown). Costs in lookups answered from
# the words read so far (``word in table``, a Python call: 0.22 µs more than the
# dictionary's own, which answers once the table is in memory): an SQLite read costs
# about 45 of them (10 µs), reading wordfreq's 321,000 words from their pickle about
# 600,000 (0.13 s), measured on a 2-core Xeon. `WordTable.holding` answers in bulk,
# about as fast as the dictionary: only its reads count.
READ_COST = 45
LOAD_AFTER = 600_000
_MISSING = object()  # a word the table does not hold
_UNASKED = object()  # a word not read from the file yet


class WordTable(Mapping[str, Any]):
    """A large word table (word -> value) kept between runs as an SQLite file in
    the cache folder: a run reads the words it asks about one at a time (each word
    once: running text repeats its words); once that has cost what reading the
    whole table costs (`LOAD_AFTER`), or when iterated, the whole table is read
    into memory, from a pickle of it beside the SQLite file (written the first
    time). Without a usable cache, and on the first run (the file is written by the
    second), the table is built in memory at once.

    ``build`` returns the table (a mapping, or words for a set, whose values are
    then True); it runs once per inputs (``parts``), on the first run.
    """

    def __init__(
        self, name: str, parts: Iterable[str | bytes], build: Callable[[], Iterable[Any]]
    ) -> None:
        self._build = build
        self._whole: dict[str, Any] | None = None
        self._spent = 0  # what answering word by word has cost so far (`LOAD_AFTER`)
        self._answers: dict[str, Any] = {}  # the words read one at a time, with their value
        self._db: sqlite3.Connection | None = None
        self._path: Path | None = None
        folder = cache_dir()
        if folder is not None:
            path = self._path = folder / f"{name}-{key(*parts)}.sqlite"
            # the first run reads the table whole, as without a cache, and only a
            # second one builds the file: a throw-away CI container pays nothing
            try:
                ready = path.exists() or _seen(path)
            except OSError:  # a cache folder this user may not look into: no cache
                ready = False
            if ready:
                self._db = _table(path, build)
        if self._db is None:
            self._whole = _as_dict(build())
            self._load()

    def _load(self) -> dict[str, Any]:
        if self._whole is None:
            self._whole = self._read_whole()
        # from now on a lookup is the dict's own (in C): large runs ask millions
        self.get = self._whole.get  # type: ignore[method-assign]
        return self._whole

    def _read_whole(self) -> dict[str, Any]:
        """The whole table, from its pickle beside the SQLite file: SQLite hands over
        300,000 rows in a fifth of a second, the pickle in a fifteenth (each worker
        of a large run reads it). The first run that reads it whole writes it."""
        assert self._db is not None and self._path is not None
        whole_path = self._path.with_suffix(".pickle")
        whole = unpickled(whole_path)
        if not isinstance(whole, dict):
            try:
                whole = dict(self._db.execute("SELECT word, value FROM words"))
            except sqlite3.Error:
                whole = self._damaged()
            else:
                store(whole_path, pickle.dumps(whole, protocol=pickle.HIGHEST_PROTOCOL))
        self._db.close()
        return whole

    def get(self, word: str, default: Any = None) -> Any:
        if self._whole is None and self._spent < LOAD_AFTER:
            self._spent += 1
            value = self._answers.get(word, _UNASKED)  # running text repeats its words
            if value is _UNASKED:
                self._spent += READ_COST
                value = self._read(word)
            if value is not _UNASKED:
                return default if value is _MISSING else value
        return self._load().get(word, default)

    def _read(self, word: str) -> Any:
        """``word``'s value in the SQLite file (`_MISSING` when it has none), kept for
        the next time; `_UNASKED` when the file turns out damaged, which leaves the
        table built in memory (`_damaged`)."""
        assert self._db is not None
        found = None
        try:
            # the table's words are text: anything else is none of them, as a dict
            # of them answers (SQLite would take the number 1 for the word "1")
            if isinstance(word, str):
                query = "SELECT value FROM words WHERE word = ?"
                found = self._db.execute(query, (word,)).fetchone()
        except UnicodeEncodeError:
            pass  # a lone surrogate, which no word holds
        except sqlite3.Error:
            self._whole = self._damaged()
            return _UNASKED
        value = self._answers[word] = found[0] if found else _MISSING
        return value

    def holding(self, words: Iterable[str]) -> list[bool]:
        """Whether the table holds each of ``words``, in order: for a rule that asks
        about every word form of a document (hundreds of thousands of times in a
        run). Each word not asked before is read once (`get`); the answers are then
        given in C, from the words read so far or from the table in memory, at a
        tenth of the cost of asking word by word."""
        words = words if isinstance(words, list) else list(words)
        if self._whole is None:
            for word in set(words).difference(self._answers):
                self.get(word)  # read, or the table read whole once that costs less
        if self._whole is not None:
            return list(map(self._whole.__contains__, words))
        return list(map(is_not, map(self._answers.__getitem__, words), repeat(_MISSING)))

    def _damaged(self) -> dict[str, Any]:
        """The table built in memory, when its file turns out damaged part way (the
        file is removed: the next run builds it again)."""
        if self._path is not None:
            with suppress(OSError):
                self._path.unlink(missing_ok=True)
        return _as_dict(self._build())

    def __getitem__(self, word: str) -> Any:
        value = self.get(word, _MISSING)
        if value is _MISSING:
            raise KeyError(word)
        return value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def items(self) -> ItemsView[str, Any]:
        return self._load().items()


def _seen(path: Path) -> bool:
    """Whether a run has asked for the table at ``path`` before (then it is worth
    building); marks it asked for."""
    marker = path.with_suffix(".seen")
    if marker.exists():
        return True
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass
    return False


def _as_dict(table: Iterable[Any]) -> dict[str, Any]:
    return dict(table.items()) if isinstance(table, Mapping) else dict.fromkeys(table, True)


def _table(path: Path, build: Callable[[], Iterable[Any]]) -> sqlite3.Connection | None:
    """The SQLite file at ``path``, built first if it is not there (and built again
    if it is damaged); None when it cannot be read or written."""
    for _ in range(2):
        try:
            if not path.exists():
                _write_table(path, build)
            # immutable: the file is never changed in place (a new table replaces it
            # whole, `_write_table`), so SQLite need not lock it or look for a journal
            # at every query (ten system calls each, a thousand queries a run); the
            # path as a URI, its ?, # and % escaped
            uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            try:
                db.execute("SELECT 1 FROM words LIMIT 1")
            except sqlite3.Error:
                db.close()
                raise
            return db
        except sqlite3.DatabaseError:
            if not path.is_file():
                return None  # a folder where the file should be: not ours to remove
            try:
                path.unlink()  # not a table of ours: build it again
            except OSError:
                return None
        except (OSError, sqlite3.Error):
            return None
    return None


def _write_table(path: Path, build: Callable[[], Iterable[Any]]) -> None:
    """Build the table into a temporary file beside ``path``, then put it in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _prune(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        with closing(sqlite3.connect(tmp)) as db:
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, value) WITHOUT ROWID")
            db.executemany("INSERT INTO words VALUES (?, ?)", _as_dict(build()).items())
            db.commit()
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)


STALE_DAYS = 30  # a table not rebuilt for this long is removed when another is written


def _prune(folder: Path) -> None:
    """Remove tables older than `STALE_DAYS` (those of earlier versions and inputs;
    one still in use is simply built again): the folder does not grow for ever."""
    cutoff = time.time() - STALE_DAYS * 86400
    for entry in folder.iterdir():
        try:
            if entry.stat().st_mtime < cutoff:
                entry.unlink()
        except OSError:
            pass
