"""Every output format by name, and where each of a run's outputs goes."""

from __future__ import annotations

import importlib
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
        outputs.append(Output(name, path or None))
    if output_file:
        to_stdout = [o for o in outputs if o.path is None]
        if len(to_stdout) != 1:
            raise MtqaError("--output-file needs exactly one --format without its own ':FILE'")
        outputs[outputs.index(to_stdout[0])] = Output(to_stdout[0].fmt, output_file)
    return outputs


class Outputs:
    """A run's writers, and the files they write, kept apart until `commit` puts
    them all in place at once (`discard` drops them): a run that fails or is
    interrupted leaves every earlier report as it was.

    Outputs without a file write to ``stdout`` as the writers go; colour only there.
    ``step_summary`` is the file the GitHub format appends its Markdown summary to.
    """

    def __init__(
        self,
        outputs: Sequence[Output],
        stdout: Write,
        colour: bool = False,
        step_summary: str | None = None,
    ) -> None:
        self._files: list[AtomicStream] = []
        self._summaries: list[str] = []
        self._step_summary = step_summary
        self.writers: list[Writer] = []
        try:
            for o in outputs:
                write = self.open_file(Path(o.path)) if o.path else stdout
                writer = writer_class(o.fmt)(write, colour=colour and not o.path)
                if isinstance(writer, GithubWriter) and step_summary:
                    writer.summary = self._summaries.append
                self.writers.append(writer)
        except BaseException:
            self.discard()
            raise

    def open_file(self, path: Path) -> Write:
        """A writer for a file that appears only at `commit`."""
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
        """Put every file in place, and append the step summary."""
        for stream in self._files:
            stream.commit()
        if self._step_summary and self._summaries:
            try:
                with open(self._step_summary, "a", encoding="utf-8") as handle:
                    handle.write("".join(self._summaries))
            except OSError as exc:
                raise MtqaError(
                    f"cannot write the step summary {self._step_summary}: {exc.strerror}"
                ) from None

    def discard(self) -> None:
        """Drop every file not yet in place."""
        for stream in self._files:
            stream.discard()
        self._files.clear()
