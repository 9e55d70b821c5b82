"""The writer protocol every output follows: ``start(run)``, then ``document(result)``
for each checked document as it comes, then ``end(summary)``.

Batch runs (`mtqa.run.run_check`), streamed runs (`mtqa.streaming.run_stream`) and
the Python API drive writers the same way, and no format keeps the run's
documents. A *live* format (the terminal's, JSONL) writes each document as it
comes. CSV, SARIF and GitLab write as documents come too, what does not wait
for the run's figures (`mtqa.writers.formats.Outputs` holds it in a temporary
file until the run completes). JSON, JUnit and GitHub (`SpoolingWriter`) put
each document's findings into temporary files of their own as it comes, and
write the whole at the end, when every document's verdict is known. In a
streamed run ``document`` is called once per chunk of a file, the findings'
segments already counted in the file: the chunks of one file make one document
of the output (`new_document`), as a batch run of the file shows it.

A file name that is not UTF-8 (``café.txt`` written in Latin-1) reaches mtqa
with each byte it cannot decode held as a lone surrogate (PEP 383), which no
UTF-8 output can encode. Every writer shows such a byte as a backslash, ``x``
and its two hex digits (`escape_undecodable`: ``caf\xe9.txt``, in a JSON string
``"caf\\xe9.txt"``), and SARIF, whose locations are URIs, as ``%E9``
(`uri_path`): the name stays readable, and every byte of it is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import ClassVar

from .. import regexcache
from ..model import DocumentResult, DocumentTotals, Report, RunInfo, RunSummary, Suppression
from .spool import Part, Spool

Write = Callable[[str], object]

# A lone surrogate: U+DC80-U+DCFF stand for the bytes 0x80-0xFF of a file name
# that were not UTF-8 (os.fsdecode); any other came from an escape in input text
_SURROGATE_RE = regexcache.compile("[\ud800-\udfff]")


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


# C0 and C1 control characters and DEL, but for the tab: a file name or a text that
# holds ESC [ ... would drive the reader's terminal (move the cursor, recolour,
# retitle); and the bidirectional controls, which would reorder the rest of the line
# (a file name with U+202E shows another name: "Trojan Source", CVE-2021-42574)
_CONTROL_RE = regexcache.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def shown(text: str) -> str:
    """``text`` safe for a terminal: control characters and bidirectional controls as
    Python escapes (\\x1b, \\u202e), and the bytes of a file name that are not UTF-8
    too (`escape_undecodable`)."""
    return escape_undecodable(_CONTROL_RE.sub(lambda m: repr(m.group())[1:-1], text))


def unused_message(suppression: Suppression) -> str:
    """What the terminal formats say of an inline suppression that silenced nothing."""
    return f"unused suppression '{shown(suppression.directive)}': it suppressed nothing"


def uri_path(path: str) -> str:
    """A document's path as a URI reference (SARIF): forward slashes, and each byte
    a file name could not decode as ``%NN``, as a URI writes a byte (a surrogate
    that stands for no byte is left for `escape_undecodable`)."""

    def percent(m: re.Match[str]) -> str:
        byte = _byte(m.group())
        return m.group() if byte is None else f"%{byte:02X}"

    return _SURROGATE_RE.sub(percent, path.replace("\\", "/"))


def new_document(previous: str | None, result: DocumentResult) -> bool:
    """Whether ``result`` begins a document of the output rather than carrying on
    the one before, whose path is ``previous`` (None: none yet). A streamed file's
    later chunks come one after another under its path, their segments counted on
    from the chunks before (`mtqa.model.Document.segment_offset` > 0); a whole
    file, or a file's first chunk, starts at segment 0 (a file named twice is two
    documents)."""
    return result.path != previous or result.document.segment_offset == 0


class Writer:
    """One output of a run, written through ``write`` (a file's or the terminal's).

    ``indent``: the spaces a level of JSON output is indented by (None: compact);
    formats that write no JSON, and JSONL (a line a finding), ignore it. The
    default keeps every document and, at the end, writes ``render`` of the whole
    report: for the report folder (`mtqa.writers.reportdir`) only, which a
    streamed run does not write; every format overrides `document` and `end`.
    """

    # its output is read as it grows (a terminal's; JSONL, a line a finding), so it
    # may reach standard output as it comes; any other format's output is one
    # document, held until the run completes (`mtqa.writers.formats.Outputs`)
    live: ClassVar[bool] = False
    # `document` reads the result's segments (their text, place or fingerprint), not
    # only its findings and figures: when no writer of a run does, its workers send
    # results back without them (`mtqa.model.DocumentResult.outlined`)
    reads_segments: ClassVar[bool] = True

    def __init__(self, write: Write, colour: bool = False, indent: int | None = None) -> None:
        self.write = write
        self.colour = colour
        self.indent = indent
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

    def close(self) -> None:
        """Let go of what the writer holds (its temporary files): the run ended, or
        is dropped before its end (`mtqa.writers.formats.Outputs.discard`). Idempotent."""


class SpoolingWriter(Writer):
    """A format written whole at the run's end that keeps no document: `document`
    renders each document's pieces as it comes (`spool`: the findings, the
    segments), each kind of piece to a `Spool` of its own (`pieces` of them), and
    keeps a `Part` of the document; `end` writes the output (`finish`), reading
    each document's pieces back beside the totals and verdict the summary holds.
    The spools are removed at the end, or when the run is dropped (`close`).
    """

    pieces: ClassVar[int] = 1  # the spools a document's pieces go to

    def __init__(self, write: Write, colour: bool = False, indent: int | None = None) -> None:
        super().__init__(write, colour, indent)
        self._spools = [Spool() for _ in range(self.pieces)]
        self._parts: list[Part] = []

    def document(self, result: DocumentResult) -> None:
        if not self._parts or new_document(self._parts[-1].path, result):
            here = [s.tell() for s in self._spools]
            self._parts.append(Part(result.path, here, list(here), [0] * self.pieces))
        self.spool(self._parts[-1], result)

    def spool(self, part: Part, result: DocumentResult) -> None:
        """Render what can be rendered of ``result`` before the run's end (`add`)."""
        raise NotImplementedError

    def add(self, part: Part, piece: int, text: str, count: int, sep: str = "") -> None:
        """Add ``text``, ``count`` items (none: nothing is added), to the document
        ``part`` in spool ``piece``, after ``sep`` if the document holds items there
        already (its earlier chunks'). Raises MtqaError for a full disk."""
        if not count:
            return
        spool = self._spools[piece]
        spool.write(sep + text if part.counts[piece] else text)
        part.ends[piece] = spool.tell()
        part.counts[piece] += count

    def read(self, part: Part, piece: int) -> Iterator[str]:
        """The text of document ``part`` in spool ``piece``, a block at a time."""
        return self._spools[piece].read(part.starts[piece], part.ends[piece])

    def lines(self, part: Part, piece: int) -> Iterator[str]:
        """The lines of document ``part`` in spool ``piece`` (written a line an item)."""
        return self._spools[piece].lines(part.starts[piece], part.ends[piece])

    def end(self, summary: RunSummary) -> None:
        try:
            self.finish(summary, self._matched(summary.totals))
        finally:
            self.close()

    def finish(self, summary: RunSummary, documents: list[tuple[DocumentTotals, Part]]) -> None:
        """Write the output: ``documents`` pairs each document's totals (with its
        verdict) with its part, in order."""
        raise NotImplementedError

    def _matched(self, totals: list[DocumentTotals]) -> list[tuple[DocumentTotals, Part]]:
        """Each document's totals with its part, in order. A part no totals name is
        a streamed file that could not be read to its end (it has none), and is
        left out: the run failed, and its outputs are discarded anyway. Raises
        ValueError for totals of a document the writer was never given."""
        parts = iter(self._parts)
        matched = []
        for t in totals:
            part = next((p for p in parts if p.path == t.path), None)
            if part is None:
                raise ValueError(f"{t.path}: in the summary, but never given to the writer")
            matched.append((t, part))
        return matched

    def close(self) -> None:
        for spool in self._spools:
            spool.close()


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
