"""Tables derived from shipped data, kept between runs so that start-up is quick.

Deriving them takes a second or more (the rule packs' parsed patterns and
anchors, the word lists' lookup files); a pre-commit hook or a loop over many
small files would pay it every time. Each table is stored under a key that
hashes everything it was derived from (the inputs, the mtqa and Python
versions), so a stale table is never read: a changed input is a new key.

Where: ``$MTQA_CACHE_DIR``, else the user's cache folder (``platformdirs``:
``~/.cache/mtqa`` on Linux). ``MTQA_CACHE_DIR=off`` turns the cache off. A cache
that cannot be read or written is skipped silently: the table is derived again,
and the run's results are the same either way.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_FORMAT = 1  # bump when what a table holds changes shape


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off (``MTQA_CACHE_DIR=off``)."""
    chosen = os.environ.get("MTQA_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("mtqa", appauthor=False))


def key(*parts: str | bytes) -> str:
    """A key for a table derived from ``parts`` (and this mtqa and Python)."""
    from . import __version__

    digest = hashlib.sha256(f"{_FORMAT}|{__version__}|{sys.version_info[:2]}".encode())
    for part in parts:
        digest.update(b"\0" + (part if isinstance(part, bytes) else part.encode("utf-8")))
    return digest.hexdigest()[:32]


def package_stamp(package: str) -> str:
    """What identifies an installed package's files without importing it or reading
    its metadata (both slow): where it is, and the size and modification time of
    its ``__init__.py``, which installing another version rewrites. "" when it is
    not installed."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return ""
    stat = os.stat(spec.origin)
    return f"{spec.origin}|{stat.st_size}|{stat.st_mtime_ns}"


def cached(name: str, parts: Iterable[str | bytes], build: Callable[[], T]) -> T:
    """The table ``name`` for ``parts``: read from the cache, or built by ``build``
    (which must return plain data that pickles) and stored for the next run."""
    folder = cache_dir()
    path = folder / f"{name}-{key(*parts)}.pickle" if folder else None
    if path is not None:
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass
    value = build()
    if path is not None:
        _store(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def _store(path: Path, data: bytes) -> None:
    """Write atomically (another process may be reading); give up quietly."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
