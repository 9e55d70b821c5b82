"""Compiled regular expressions kept between runs, so that start-up is quick.

CPython's `re` compiles a pattern in Python code (``re._parser`` reads it,
``re._compiler`` turns it into the opcode list its C matcher, ``_sre``, runs) and
keeps nothing between runs. mtqa's two hundred fixed patterns, several with large
Unicode classes (Han, kana, Hangul, the blocks beyond Latin) whose compiler walks
every code point, took 55 ms of a 10-word check's 230 (``bench/suite.py --only
startup``). The opcode list depends only on the pattern, its flags and the Python
build, so `compile` stores it in mtqa's cache folder (`mtqa.cache.cache_dir`) and
the next run hands it to ``_sre.compile`` directly: a dictionary lookup instead
of a compilation.

For the patterns written in mtqa's source (module constants): a pattern made
from user input (a glossary's terms, a config's globs) is compiled with `re`,
so that the file does not grow with every input. The file's name hashes the
Python build and the `re` compiler's files, so another Python never reads it.
Whatever goes wrong (no cache folder, a damaged file, a Python whose `re`
internals differ) falls back to `re.compile`: the patterns are the same either
way, only slower to make.
"""

from __future__ import annotations

import _sre
import array
import atexit
import hashlib
import pickle
import re
import sys
from pathlib import Path

from .cache import cache_dir, file_stamp, key, store

# (pattern, flags) -> (final flags, opcodes, groups - 1, groupindex, indexgroup):
# the arguments of _sre.compile after the pattern; the opcodes as an unsigned int
# array, which pickles as one block (a list of ints pickles int by int)
_Entry = tuple[int, array.array, int, dict[str, int], tuple[str | None, ...]]

MAX_ENTRIES = 5000  # past this the file starts again from this run's patterns
# the file is this many bytes of BLAKE2b digest of the pickle, then the pickle: _sre
# checks opcodes only in part, and a damaged one can crash the process or match
# otherwise, so a file whose bytes changed since mtqa wrote them is not used
_DIGEST = 32


class _Store:
    """The entries read from the cache file and those compiled in this run."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.entries: dict[tuple[str, int], _Entry] = {}
        self.used: set[tuple[str, int]] = set()
        self.loaded = False
        self.dirty = False  # an entry was compiled and not yet written (`save`)

    def load(self) -> None:
        self.loaded = True
        try:
            from re import _compiler, _parser

            folder = cache_dir()
            if folder is None:
                return
            parts = (sys.version, str(_sre.MAGIC), file_stamp(_compiler.__file__))
            self.path = folder / f"regex-{key(*parts, file_stamp(_parser.__file__))}.pickle"
        except (AttributeError, ImportError, OSError):
            return  # a Python without these internals: every pattern through `re`
        try:
            data = self.path.read_bytes()
        except OSError:
            return
        payload = data[_DIGEST:]
        if _digest(payload) != data[:_DIGEST]:
            return  # damaged (or written by another program): compiled again, rewritten
        try:
            entries = pickle.loads(payload)
        except Exception:  # whatever a pickle of another mtqa raises: compile again
            return
        if isinstance(entries, dict):
            self.entries = entries

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        entries = self.entries
        if len(entries) > MAX_ENTRIES:
            entries = {k: v for k, v in entries.items() if k in self.used}
        payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        store(self.path, _digest(payload) + payload)
        self.dirty = False


_STORE = _Store()


def _digest(payload: bytes) -> bytes:
    """The `_DIGEST`-byte BLAKE2b digest the file holds before its pickle."""
    return hashlib.blake2b(payload, digest_size=_DIGEST).digest()


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the opcodes stored by an earlier run when
    there are some: the same `re.Pattern` (pattern, flags, groups, matches).

    Raises `re.error` for a bad pattern, as `re.compile` does. Not for bytes
    patterns, nor for ``re.DEBUG`` or ``re.LOCALE`` (they go to `re.compile`).
    """
    flags = int(flags)
    if not isinstance(pattern, str) or flags & (re.DEBUG | re.LOCALE):
        return re.compile(pattern, flags)
    if not _STORE.loaded:
        _STORE.load()
    if _STORE.path is None:
        return re.compile(pattern, flags)
    entry_key = (pattern, flags)
    _STORE.used.add(entry_key)
    entry = _STORE.entries.get(entry_key)
    if entry is not None:
        try:
            final_flags, code, groups, groupindex, indexgroup = entry
            return _sre.compile(pattern, final_flags, code.tolist(), groups, groupindex, indexgroup)
        except Exception:  # an entry of another shape (another mtqa's): compile
            pass
    compiled, entry = _compiled(pattern, flags)
    if entry is not None:
        _STORE.entries[entry_key] = entry
        if not _STORE.dirty:
            _STORE.dirty = True
            atexit.register(_STORE.save)
    return compiled


def _compiled(pattern: str, flags: int) -> tuple[re.Pattern[str], _Entry | None]:
    """``pattern`` compiled as ``re._compiler.compile`` does, with the arguments it
    hands to ``_sre.compile``; None for them when this Python's internals differ."""
    try:
        from re import _compiler, _parser

        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry: _Entry = (
            flags | parsed.state.flags,
            array.array("I", code),
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
        compiled = _sre.compile(pattern, entry[0], list(code), *entry[2:])
    except re.error:
        raise
    except Exception:
        return re.compile(pattern, flags), None
    return compiled, entry


def save() -> None:
    """Write the patterns compiled so far, if any is new, now rather than at exit: a
    worker process (`mtqa.pool`) ends with ``os._exit``, which runs no exit
    handler. Never raises (a cache that cannot be written is skipped)."""
    _STORE.save()
