"""The writer protocol every output follows: ``start(run)``, then ``document(result)``
for each checked document as it comes, then ``end(summary)``.

Batch runs (`mtqa.run.run_check`), streamed runs (`mtqa.streaming.run_stream`) and
the Python API drive writers the same way. An *incremental* writer writes as
documents come (findings of a streamed file reach the terminal chunk by chunk); a
writer whose format needs the whole run keeps the documents itself and renders
the `Report` at the end.

A file name that is not UTF-8 (``café.txt`` written in Latin-1) reaches mtqa
with each byte it cannot decode held as a lone surrogate (PEP 383), which no
UTF-8 output can encode. Every writer shows such a byte as a backslash, ``x``
and its two hex digits (`escape_undecodable`: ``caf\xe9.txt``, in a JSON string
``"caf\\xe9.txt"``), and SARIF, whose locations are URIs, as ``%E9``
(`uri_path`): the name stays readable, and every byte of it is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import ClassVar

from ..model import DocumentResult, Report, RunInfo, RunSummary

Write = Callable[[str], object]

# A lone surrogate: U+DC80-U+DCFF stand for the bytes 0x80-0xFF of a file name
# that were not UTF-8 (os.fsdecode); any other came from an escape in input text
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _byte(surrogate: str) -> int | None:
    """The byte a lone surrogate stands for, or None if it stands for none."""
    code = ord(surrogate) - 0xDC00
    return code if 0x80 <= code <= 0xFF else None


def escape_undecodable(text: str, backslash: str = "\\") -> str:
    r"""``text`` with each lone surrogate written as ``\xNN``, the byte it stands
    for (``\udNNN`` if it stands for none); other text unchanged. ``backslash``
    is how the output writes a backslash: ``\\`` in JSON text, where a surrogate
    can only stand inside a string."""

    def escaped(m: re.Match[str]) -> str:
        byte = _byte(m.group())
        return backslash + (f"x{byte:02x}" if byte is not None else f"u{ord(m.group()):04x}")

    return _SURROGATE_RE.sub(escaped, text)


def uri_path(path: str) -> str:
    """A document's path as a URI reference (SARIF): forward slashes, and each byte
    a file name could not decode as ``%NN``, as a URI writes a byte (a surrogate
    that stands for no byte is left for `escape_undecodable`)."""

    def percent(m: re.Match[str]) -> str:
        byte = _byte(m.group())
        return m.group() if byte is None else f"%{byte:02X}"

    return _SURROGATE_RE.sub(percent, path.replace("\\", "/"))


class Writer:
    """One output of a run, written through ``write`` (a file's or the terminal's).

    The default keeps every document and, at the end, writes ``render`` of the
    whole report; incremental formats override `document` and `end`.
    """

    incremental: ClassVar[bool] = False  # writes each document as it comes

    def __init__(self, write: Write, colour: bool = False) -> None:
        self.write = write
        self.colour = colour
        self.run = RunInfo("")
        self._documents: list[DocumentResult] = []

    def start(self, run: RunInfo) -> None:
        """The run begins: nothing is checked yet."""
        self.run = run

    def document(self, result: DocumentResult) -> None:
        """One document checked (for a streamed file, one chunk of its rows)."""
        self._documents.append(result)

    def end(self, summary: RunSummary) -> None:
        """The run is over: every document's verdict and the run's are known."""
        self.write(self.render(Report.of(summary, self._documents)))

    def render(self, report: Report) -> str:
        """The whole output of a run, for formats that need it all at once."""
        raise NotImplementedError


def drive(writers: Sequence[Writer], report: Report, run: RunInfo) -> None:
    """Run finished writers over a report already made (the Python API, tests)."""
    for w in writers:
        w.start(run)
    for d in report.documents:
        for w in writers:
            w.document(d)
    for w in writers:
        w.end(report)


def render(factory: Callable[[Write], Writer], report: Report, run: RunInfo) -> str:
    """What one writer writes for a report, as a string."""
    parts: list[str] = []
    drive([factory(parts.append)], report, run)
    return "".join(parts)
