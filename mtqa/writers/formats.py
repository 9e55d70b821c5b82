"""Every output format by name, and where each of a run's outputs goes."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import MtqaError
from .atomic import AtomicStream
from .base import Write, Writer
from .github import GithubWriter

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


def incremental_formats() -> list[str]:
    """The formats that write each document as it comes (all ``--stream`` can use)."""
    return [name for name in WRITERS if writer_class(name).incremental]


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
            raise MtqaError(f"unknown format '{name}' (choose from {', '.join(FORMAT_NAMES)})")
        if sep and not path:
            raise MtqaError(f"--format {spec}: no file name after ':'")
        outputs.append(Output(name, None if path in ("", "-") else path))  # "-": stdout
    if output_file:
        to_stdout = [o for o in outputs if o.path is None]
        if len(to_stdout) != 1:
            raise MtqaError("--output-file needs exactly one --format without its own ':FILE'")
        outputs[outputs.index(to_stdout[0])] = Output(to_stdout[0].fmt, output_file)
    return outputs


class Outputs:
    """A run's writers, and what they write, kept apart until `commit` puts it all
    in place (`discard` drops it): a run that fails, is interrupted or cannot be
    gated leaves every earlier report as it was and prints no report that would
    look complete.

    Incremental formats without a file write to ``stdout`` as the writers go
    (colour only there); whole-run formats without a file are held and printed at
    `commit`. ``step_summary`` is the file the (first) GitHub format appends its
    Markdown summary to. Raises MtqaError when two outputs name one file, when an
    output is one of the run's ``inputs`` (the same file however it is named), or
    when a file or the step summary cannot be written: before anything is written.
    """

    def __init__(
        self,
        outputs: Sequence[Output],
        stdout: Write,
        colour: bool = False,
        step_summary: str | None = None,
        inputs: Sequence[str] = (),
    ) -> None:
        self._files: list[AtomicStream] = []
        self._held: list[str] = []  # whole-run formats bound for standard output
        self._stdout = stdout
        self._summaries: list[str] = []
        self._step_summary = step_summary
        self.writers: list[Writer] = []
        taken = [Path(o.path).resolve() for o in outputs if o.path]
        twice = next((p for p in taken if taken.count(p) > 1), None)
        if twice is not None:
            raise MtqaError(f"two outputs name one file: {twice}")
        self._inputs = inputs
        for o in outputs:
            if o.path:
                refuse_input(Path(o.path), inputs)
        if step_summary:
            refuse_input(Path(step_summary), inputs)
            _check_appendable(step_summary)
        summarised = False
        try:
            for o in outputs:
                cls = writer_class(o.fmt)
                if o.path:
                    write = self.open_file(Path(o.path))
                else:
                    write = stdout if cls.incremental else self._held.append
                writer = cls(write, colour=colour and not o.path)
                if isinstance(writer, GithubWriter) and step_summary and not summarised:
                    writer.summary = self._summaries.append  # once a run, however many
                    summarised = True
                self.writers.append(writer)
        except BaseException:
            self.discard()
            raise

    def open_file(self, path: Path) -> Write:
        """A writer for a file that appears only at `commit`."""
        refuse_input(path, self._inputs)
        stream = AtomicStream(path)
        self._files.append(stream)
        return stream.write

    def add(self, factory: Callable[[Callable[[Path], Write]], Writer]) -> None:
        """Add a writer that opens files of its own (the report folder)."""
        try:
            self.writers.append(factory(self.open_file))
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
        held, self._held = self._held, []
        try:
            # devices and pipes first: they cannot be taken back, temporary files can
            for stream in sorted(self._files, key=lambda s: not s.direct):
                stream.prepare()
            for stream in self._files:
                stream.rename()
        finally:
            self.discard()  # what could not be put in place (nothing, if all went well)
        for text in held:
            self._stdout(text)
        if self._step_summary and self._summaries:
            try:
                with open(self._step_summary, "a", encoding="utf-8") as handle:
                    handle.write("".join(self._summaries))
            except OSError as exc:
                raise MtqaError(
                    f"cannot write the step summary {self._step_summary}: {exc.strerror}"
                ) from None

    def discard(self) -> None:
        """Drop every file not yet in place, and what was held for standard output."""
        for stream in self._files:
            stream.discard()
        self._files.clear()
        self._held.clear()


def refuse_input(path: Path, inputs: Sequence[str]) -> None:
    """Raise MtqaError when ``path`` is one of ``inputs`` (the same file by any
    name, link or spelling): an output must never overwrite what it reports on."""
    here = _identity(path)
    if here is not None and any(_identity(Path(i)) == here for i in inputs if i != "-"):
        raise MtqaError(f"{path}: is an input of this run; it would be overwritten")


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
