"""Every output format by name, and where each of a run's outputs goes."""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from ..errors import MtqaError
from .atomic import AtomicStream
from .base import Write, Writer
from .github import GithubWriter
from .spool import Spool

# name -> (module under mtqa.writers, writer class), imported when asked for: the
# CSV writer needs pandas, and a terminal check should not pay for it
WRITERS: dict[str, tuple[str, str]] = {
    "text": ("text", "TextWriter"),
    "concise": ("text", "ConciseWriter"),
    "grouped": ("text", "GroupedWriter"),
    "json": ("jsonout", "JsonWriter"),
    "jsonl": ("jsonout", "JsonlWriter"),
    "csv": ("tabular", "CsvWriter"),
    "sarif": ("sarif", "SarifWriter"),
    "junit": ("junit", "JunitWriter"),
    "github": ("github", "GithubWriter"),
    "gitlab": ("gitlab", "GitlabWriter"),
}
FORMAT_NAMES = tuple(WRITERS)


def writer_class(name: str) -> type[Writer]:
    """The writer of format ``name`` (one of `FORMAT_NAMES`)."""
    module, cls = WRITERS[name]
    return getattr(importlib.import_module(f"{__package__}.{module}"), cls)


@dataclass(frozen=True)
class Output:
    """One requested output: a format, and a file (None: standard output)."""

    fmt: str
    path: str | None


def parse_outputs(formats: tuple[str, ...], output_file: str | None) -> list[Output]:
    """``--format NAME[:PATH]`` (repeatable) and ``--output-file`` into outputs.

    ``--output-file`` goes with the one format that names no file of its own.
    Raises MtqaError for an unknown format or a misplaced file name.
    """
    outputs = []
    for spec in formats or ("text",):
        name, sep, path = spec.partition(":")
        if name not in WRITERS:
            # the HTML report is pages and a folder, not one output: say where it is
            html = "; the HTML report: --report-dir DIR" if name.lower() in ("html", "htm") else ""
            raise MtqaError(
                f"unknown format '{name}' (choose from {', '.join(FORMAT_NAMES)}{html})"
            )
        if sep and not path:
            raise MtqaError(f"--format {spec}: no file name after ':'")
        outputs.append(Output(name, None if names_stdout(path) else path))
    if output_file and not names_stdout(output_file):
        to_stdout = [o for o in outputs if o.path is None]
        if len(to_stdout) != 1:
            raise MtqaError("--output-file needs exactly one --format without its own ':FILE'")
        outputs[outputs.index(to_stdout[0])] = Output(to_stdout[0].fmt, output_file)
    return outputs


# the names of standard output itself: "-", and the links to descriptor 1 (which,
# resolved, name a pipe no file can be made beside, or the file the shell opened)
STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


def names_stdout(path: str | None) -> bool:
    """Whether an output named ``path`` goes to standard output (None, "", or one of
    `STDOUT_NAMES`)."""
    return not path or path in STDOUT_NAMES


class Outputs:
    """A run's writers, and what they write, kept apart until `commit` puts it all
    in place (`discard` drops it): a run that fails, is interrupted or cannot be
    gated leaves every earlier report as it was and prints no report that would
    look complete.

    Live formats (`Writer.live`) without a file write to ``stdout`` as the writers
    go (colour only there); the others without a file are held, in a temporary
    file, and printed at `commit`. ``step_summary`` is the file the (first)
    GitHub format appends its Markdown summary to; ``indent``, the indentation of
    JSON output (None: compact). Raises MtqaError when two outputs name one file,
    when an output is one of the run's ``inputs`` (the same file however it is
    named; ``-`` is the file or device standard input reads), when two outputs go
    to standard output (two documents, or a report mixed with another, would be
    corrupt), or when a file or the step summary cannot be written: before
    anything is written.
    """

    def __init__(
        self,
        outputs: Sequence[Output],
        stdout: Write,
        colour: bool = False,
        step_summary: str | None = None,
        inputs: Sequence[str] = (),
        indent: int | None = None,
    ) -> None:
        self._files: list[AtomicStream] = []
        self._stale: list[Path] = []  # files to remove once the new ones are in place
        self._held = Spool()  # the output bound for standard output that is not live
        self._stdout = stdout
        self._summaries: list[str] = []
        self._step_summary = step_summary
        self.writers: list[Writer] = []
        self._taken: list[object] = []  # where each output goes (`_claim`)
        self._inputs = inputs
        self._input_files: set[tuple[int, int]] | None = None  # `input_files`, when needed
        for o in outputs:  # every clash refused before any file is made
            self._claim(None if names_stdout(o.path) else Path(o.path))  # type: ignore[arg-type]
        self._taken.clear()  # claimed again as each is opened
        if step_summary:
            self._refuse_input(Path(step_summary))
            _check_appendable(step_summary)
        summarised = False
        try:
            for o in outputs:
                cls = writer_class(o.fmt)
                to_stdout = names_stdout(o.path)
                if to_stdout:
                    self._claim(None)
                    write = stdout if cls.live else self._held.write
                else:
                    write = self.open_file(Path(o.path))  # type: ignore[arg-type]
                writer = cls(write, colour=colour and to_stdout, indent=indent)
                if isinstance(writer, GithubWriter) and step_summary and not summarised:
                    writer.summary = self._summaries.append  # once a run, however many
                    summarised = True
                self.writers.append(writer)
        except BaseException:
            self.discard()
            raise

    def open_file(self, path: Path) -> Write:
        """A writer for a file that appears only at `commit`. Raises MtqaError when
        the file is an input, or another output's file."""
        self._claim(path)
        stream = AtomicStream(path)
        self._files.append(stream)
        return stream.write

    def write_file(self, path: Path, text: str) -> None:
        """Write ``text`` as a whole file that appears only at `commit`, its temporary
        file closed at once: a report folder of many pages holds no descriptor per
        page. Raises MtqaError as `open_file` does, or when it cannot be written."""
        self._claim(path)
        stream = AtomicStream(path)
        self._files.append(stream)
        stream.write(text)
        stream.prepare()

    def remove_at_commit(self, path: Path) -> None:
        """Remove ``path`` once every new file is in place (a page an earlier run
        wrote into a report folder that this run's pages do not replace)."""
        self._stale.append(path)

    def open(self, name: str | None) -> Write:
        """A writer for output ``name``: a file (`open_file`), or, for None or a name
        of standard output (`names_stdout`), text printed at `commit`. For commands
        whose outputs are no `Writer` (``mtqa eval``, ``mtqa compare``)."""
        if not names_stdout(name):
            return self.open_file(Path(name))  # type: ignore[arg-type]
        self._claim(None)
        return self._held.write

    def _claim(self, path: Path | None) -> None:
        """Take ``path`` (None: standard output) for one output. Raises MtqaError when
        it is an input of the run, or another output already goes there (by any name
        or link, or as the file standard output was sent to)."""
        if path is None:
            if _STDOUT in self._taken:
                raise MtqaError(
                    "two outputs go to standard output; give all but one a file (NAME:FILE)"
                )
            # the file the shell sent standard output to (``> out.json``) is taken too
            self._taken += [_STDOUT, *([_fd_file(1)] if _fd_file(1) else [])]
            return
        self._refuse_input(path)
        keys = {path.resolve(), _identity(path)} - {None}
        if keys & set(self._taken):
            raise MtqaError(f"two outputs name one file: {path}")
        self._taken.extend(keys)

    def _refuse_input(self, path: Path) -> None:
        """`refuse_input` for this run's inputs, whose files are looked up once (an
        output is claimed twice, and a run may read thousands of files)."""
        here = _identity(path)
        if here is None:
            return
        if self._input_files is None:
            self._input_files = input_files(self._inputs)
        if here in self._input_files:
            raise MtqaError(f"{path}: is an input of this run; it would be overwritten")

    def add(self, factory: Callable[[Outputs], Writer]) -> None:
        """Add a writer that opens files of its own (the report folder) through
        these outputs (`open_file`, `write_file`, `remove_at_commit`)."""
        try:
            self.writers.append(factory(self))
        except BaseException:
            self.discard()
            raise

    def commit(self) -> None:
        """Put every file in place, print what was held for standard output, and
        append the step summary. All or nothing: every file is first written out
        in full (temporary files flushed, devices and pipes written), and only then
        are the temporary files renamed over the old reports; a file that cannot be
        written (a full disk) leaves every old report as it was. Raises MtqaError
        naming it."""
        try:
            # devices and pipes first: they cannot be taken back, temporary files can
            for stream in sorted(self._files, key=lambda s: not s.direct):
                stream.prepare()
            for stream in self._files:
                stream.rename()
            for path in self._stale:
                with contextlib.suppress(OSError):  # gone already, or not ours to remove
                    path.unlink()
            for text in self._held.read(0, self._held.tell()):
                self._stdout(text)
        finally:
            self.discard()  # what could not be put in place (nothing, if all went well)
        if self._step_summary and self._summaries:
            try:
                with open(self._step_summary, "a", encoding="utf-8") as handle:
                    handle.write("".join(self._summaries))
            except OSError as exc:
                raise MtqaError(
                    f"cannot write the step summary {self._step_summary}: {exc.strerror}"
                ) from None

    def unwritten(self) -> list[str]:
        """What `commit` would put in place: each file's name, and "standard output"
        for text held for it."""
        held = ["standard output"] if self._held.tell() else []
        return [str(stream.path) for stream in self._files] + held

    def discard(self) -> None:
        """Drop every file not yet in place, what was held for standard output, and
        the writers' temporary files (`Writer.close`)."""
        for writer in self.writers:
            writer.close()
        # the last made first: the folders the first ones made are empty by then
        for stream in reversed(self._files):
            stream.discard()
        self._files.clear()
        self._held.close()
        self._stale.clear()


_STDOUT = ("standard output",)


def refuse_input(path: Path, inputs: Sequence[str]) -> None:
    """Raise MtqaError when ``path`` is one of ``inputs`` (the same file by any
    name, link or spelling; ``-``: the file standard input was redirected from):
    an output must never overwrite what it reports on."""
    here = _identity(path)
    if here is not None and here in input_files(inputs):
        raise MtqaError(f"{path}: is an input of this run; it would be overwritten")


def input_files(inputs: Sequence[str]) -> set[tuple[int, int]]:
    """The device and inode of each of ``inputs`` that is a file (``-``: the file
    standard input was redirected from, if any)."""
    found = set()
    for name in inputs:
        if name == "-":
            stdin = _fd_file(0)
            if stdin is not None:
                found.add(stdin)
            continue
        try:
            stat = os.stat(name)
        except (OSError, ValueError):  # no such file (yet), or a name no file can have
            continue
        found.add((stat.st_dev, stat.st_ino))
    return found


def _fd_file(fd: int) -> tuple[int, int] | None:
    """The device and inode of the regular file descriptor ``fd`` reads or writes
    (``< in.txt``, ``> out.json``); None for a terminal, pipe, device or none."""
    try:
        stat = os.fstat(fd)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino) if S_ISREG(stat.st_mode) else None


def _identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of an existing file (the same file by any name or
    link), None for a path that names no file yet."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _check_appendable(path: str) -> None:
    """Raise MtqaError unless ``path`` can be appended to (it may not exist yet)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir() or not os.access(target if target.exists() else folder, os.W_OK):
        raise MtqaError(f"cannot write the step summary {path}: not a writable file")
