"""Write files so that a reader never sees a half-written report."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from ..errors import MtqaError
from .spool import Spool


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, or bytes as they are) to ``path`` at once, as
    `AtomicStream` does piece by piece: an interrupted or failed write leaves the
    old file (or none) and no temporary file; a path that cannot be written is one
    clear error (MtqaError)."""
    stream = AtomicStream(path, binary=isinstance(data, bytes))
    try:
        stream.write(data)
    except BaseException:
        stream.discard()
        raise
    stream.commit()


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions (set-id and sticky bits too); a new file
    gets the usual 0666 less umask (mkstemp creates 0600, which would hide reports
    from the rest of a team)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _keep_owner(tmp: str, target: Path) -> None:
    """Give the new file the owner and group of the one it replaces, where this
    process may (root may; a user may keep a group of theirs): a file fixed in
    place by an administrator stays its owner's."""
    try:
        info = target.stat()
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.chown(tmp, info.st_uid, info.st_gid)


def _device_or_pipe(path: Path) -> Path | None:
    """``path`` itself when it (or what its links lead to: ``/dev/stderr``, a link to
    a FIFO) is a device, pipe or socket, to be written directly; otherwise None."""
    try:
        mode = path.stat().st_mode  # follows links, /proc's descriptor links too
    except OSError:
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else path


class AtomicStream:
    """A file written piece by piece, put in place only when complete (``commit``);
    ``discard`` removes it. For outputs too large to hold in memory.

    A symbolic link is written through: the file it points to is replaced, the
    link stays. A device or a named pipe (``/dev/stdout``, a FIFO) is written
    directly, never renamed over, at ``commit``. Raises MtqaError for a folder or
    a place that cannot be written.
    """

    def __init__(self, path: Path, binary: bool = False) -> None:
        self.path = path
        self._binary = binary  # written as bytes given, not as text in UTF-8
        self._bytes: list[bytes] = []  # what a device or pipe is sent, when binary
        if target_of_link := _device_or_pipe(path):
            # written by its own name: /dev/stdout resolves to /proc/PID/fd/1, and
            # that to "pipe:[123]", where no file can be made
            self._direct, self._target = True, target_of_link
        else:
            target = path.resolve() if path.is_symlink() else path
            if target.is_dir():
                raise MtqaError(f"cannot write {path}: is a directory")
            self._direct = target.exists() and not target.is_file()
            self._target = target
        self._parts = Spool()  # what a device or pipe is sent at `prepare`
        self._tmp = ""
        self._prepared = False
        # the folders made for it, deepest first: removed again, if left empty, when
        # the file is discarded (a failed run leaves no empty report folder behind)
        self._made: list[Path] = []
        if self._direct:
            return
        self._made = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
            )
        except OSError as exc:
            # mkdir says "File exists" of a file where a folder should be
            blocking = [p for p in target.parents if p.exists() and not p.is_dir()]
            reason = f"{blocking[-1]} is a file, not a folder" if blocking else exc.strerror
            raise MtqaError(f"cannot write {path}: {reason or exc}") from None
        self.handle = (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        )

    def write(self, text: str | bytes) -> None:
        """Add ``text`` (bytes, when binary). Raises MtqaError when it cannot be
        written (a full disk)."""
        if self._direct:
            if isinstance(text, bytes):
                self._bytes.append(text)
            else:
                self._parts.write(text)
            return
        try:
            self.handle.write(text)
        except OSError as exc:
            raise MtqaError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    @property
    def direct(self) -> bool:
        """Whether it is written straight to a device or pipe (no temporary file)."""
        return self._direct

    def prepare(self) -> None:
        """Everything that can fail before the file is put in place: the temporary
        file flushed and closed (a full disk says so here), or a device or pipe
        written. Raises MtqaError (the temporary file removed). Done once: a file
        closed early (`mtqa.writers.formats.Outputs.write_file`) is not written again."""
        if self._prepared:
            return
        self._prepared = True
        try:
            if self._direct and self._binary:
                with open(self._target, "wb") as raw:
                    raw.writelines(self._bytes)
                return
            if self._direct:
                with open(self._target, "w", encoding="utf-8", newline="") as handle:
                    for text in self._parts.read(0, self._parts.tell()):
                        handle.write(text)
                self._parts.close()
                return
            self.handle.close()
            _keep_owner(self._tmp, self._target)
            os.chmod(self._tmp, _mode_for(self._target))
        except OSError as exc:
            self.discard()
            raise MtqaError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def commit(self) -> None:
        """Put the file in place (`prepare`, then a rename). Raises MtqaError (the
        temporary file removed)."""
        self.prepare()
        self.rename()

    def rename(self) -> None:
        """The last step of `commit`, once `prepare` has succeeded: a rename, which
        does not run out of space. Raises MtqaError."""
        if self._direct:
            return
        try:
            os.replace(self._tmp, self._target)
        except OSError as exc:
            self.discard()
            raise MtqaError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def discard(self) -> None:
        """Remove the temporary file (nothing, once committed)."""
        self._parts.close()
        if not self._direct:
            with contextlib.suppress(OSError):  # its buffer cannot be flushed to a full disk
                self.handle.close()
            Path(self._tmp).unlink(missing_ok=True)
        for folder in self._made:
            with contextlib.suppress(OSError):  # not empty: another file of the run is there
                folder.rmdir()
        self._made = []
