"""Terminal reports: full (default), concise and grouped by file, like ruff's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..gate import NO_RULES, NO_WORDS, TOO_SHORT
from ..model import DocumentResult, DocumentTotals, Finding, RunSummary
from ..textutil import counted
from .base import Write, Writer, new_document, shown, unused_message
from .spool import Spool

if TYPE_CHECKING:
    from ..refmetrics import CorpusScores

_COLOURS = {"critical": "magenta", "major": "red", "minor": "yellow", "neutral": "blue"}


# ANSI SGR codes (ECMA-48), the subset the reports use, in the order click writes them
_FOREGROUND = {"red": 31, "green": 32, "yellow": 33, "blue": 34, "magenta": 35}
_ATTRIBUTES = (("bold", 1), ("underline", 4))


class _Style:
    """ANSI colours and emphasis when colour is on, plain text otherwise; the
    bytes are those of ``click.style`` for the same arguments."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(
        self, text: str, fg: str | None = None, bold: bool = False, underline: bool = False
    ) -> str:
        if not self.colour:
            return text
        wanted = {"bold": bold, "underline": underline}
        codes = ([_FOREGROUND[fg]] if fg else []) + [n for a, n in _ATTRIBUTES if wanted[a]]
        return "".join(f"\x1b[{n}m" for n in codes) + text + "\x1b[0m"

    def finding(self, f: Finding) -> str:
        hint = f" (suggestion: {f.suggestion!r})" if f.suggestion else ""
        hint = " (suggestion: delete)" if f.suggestion == "" else hint
        sev = self(f"[{f.severity}]", fg=_COLOURS[f.severity])
        return f"{self(f.rule, bold=True)} {sev} {shown(f.message)}{hint}"


def _scores(m: CorpusScores) -> str:
    return (
        f"BLEU {m.bleu:.2f}  chrF++ {m.chrf:.2f}  TER {m.ter:.2f}  "
        f"({counted(m.segments, 'segment')} with a reference)"
    )


def _summary(summary: RunSummary, style: _Style) -> list[str]:
    """One line a document with score and verdict, then totals, baseline news and
    what the triage files left out."""
    lines = []
    for d in summary.totals:
        verdict = style("PASS", fg="green") if d.passed else style("FAIL", fg="red", bold=True)
        baselined = f", {d.baselined} in baseline" if d.baselined else ""
        lines.append(
            f"{shown(d.path)}: {verdict} score {d.score.score:.1f}{judged(d)} "
            f"(raw {d.score.raw_score:.1f}; {counted(d.findings, 'finding')}{baselined}, "
            f"penalty {d.score.penalty:g} over {counted(d.score.words, 'word')})"
        )
        if d.metrics is not None:
            lines.append(f"  {_scores(d.metrics)}")
        lines += [f"{shown(d.path)}:{u.line}: {unused_message(u)}" for u in d.unused_suppressions]
    if len(summary.totals) > 1:
        lines.append(
            f"total: {counted(len(summary.totals), 'document')}, "
            f"{counted(summary.findings, 'finding')}, "
            f"score {summary.summary.score:.1f}, {summary.failed} failed"
        )
    if summary.metrics is not None:
        # a streamed file has no figures of its own: its chunks are summed in the run's
        if len(summary.totals) > 1 or all(t.metrics is None for t in summary.totals):
            lines.append(f"total: {_scores(summary.metrics)}")
        lines += [f"  {name}: {sig}" for name, sig in summary.metrics.signatures.items()]
    if summary.fixed:
        lines.append(f"fixed since the baseline: {counted(len(summary.fixed), 'finding')}")
        lines += [f"  {shown(e.path)}: {e.rule} {e.text!r}" for e in summary.fixed]
    if summary.triage:  # even when it left out none: the files were read
        lines.append(
            f"triage: {counted(summary.triaged, 'finding')} marked false positive left out "
            f"({', '.join(shown(name) for name in summary.triage)})"
        )
    return lines


def _write_lines(write: Write, lines: list[str]) -> None:
    """``lines``, each ended; nothing at all for none (a run stopped by its first
    input's error has no summary, and no blank line for one either)."""
    if lines:
        write("\n".join(lines) + "\n")


def judged(d: DocumentTotals) -> str:
    """The terminal's note for a document the gate found too short to judge, or
    could not judge at all, else ""."""
    if d.verdict.reason == TOO_SHORT:
        # rounded down: 0.8997 is not yet the 90% that fails
        return f", too short to judge (confidence {int(d.score.confidence * 100)}%)"
    if d.verdict.reason in (NO_RULES, NO_WORDS):
        return f", {d.verdict.reason}"
    return ""


class _TerminalWriter(Writer):
    """A terminal format: colours and emphasis when colour is on."""

    live = True
    reads_segments = False

    def __init__(self, write: Write, colour: bool = False, indent: int | None = None) -> None:
        super().__init__(write, colour, indent)
        self.style = _Style(colour)


class TextWriter(_TerminalWriter):
    """``path:line:col: CODE [severity] message`` as each document comes, then a
    line a document with score and verdict, and the totals."""

    def __init__(self, write: Write, colour: bool = False, indent: int | None = None) -> None:
        super().__init__(write, colour, indent)
        self._found = False

    def document(self, result: DocumentResult) -> None:
        if result.findings:
            self._found = True
            self.write(
                "".join(
                    f"{shown(result.path)}:{f.line}:{f.column}: {self.style.finding(f)}\n"
                    for f in result.findings
                )
            )

    def end(self, summary: RunSummary) -> None:
        _write_lines(self.write, ([""] if self._found else []) + _summary(summary, self.style))


class ConciseWriter(_TerminalWriter):
    """One line a finding (``path:line:col: CODE message``) and one closing count."""

    def document(self, result: DocumentResult) -> None:
        style = self.style
        path = shown(result.path)
        self.write(
            "".join(
                f"{path}:{f.line}:{f.column}: {style(f.rule, bold=True)} {shown(f.message)}\n"
                for f in result.findings
            )
            # a comment that silences nothing: where a CI log or an editor looks
            + "".join(
                f"{path}:{u.line}:1: {unused_message(u)}\n" for u in result.unused_suppressions
            )
        )

    def end(self, summary: RunSummary) -> None:
        if not summary.totals:  # every input failed (a streamed one after some lines)
            return  # as the text format, no count: the findings shown are no run's
        self.write(
            f"Found {counted(summary.findings, 'finding')} in "
            f"{counted(len(summary.totals), 'document')} ({summary.failed} failed).\n"
        )


class GroupedWriter(TextWriter):
    """Findings under a heading per document, their positions aligned, then the
    summary. A document is written once it is whole: when the next begins, or at
    the run's end (a streamed file's chunks align as one); until then its lines
    wait in a spool."""

    def __init__(self, write: Write, colour: bool = False, indent: int | None = None) -> None:
        super().__init__(write, colour, indent)
        self._path: str | None = None  # the document being gathered
        self._spool = Spool()  # its lines: position, a tab, the rest
        self._width = 0  # of its widest position
        self._headed = False  # whether a heading was written

    def document(self, result: DocumentResult) -> None:
        if new_document(self._path, result):
            self._flush()
            self._path = result.path
        for f in result.findings:
            position = f"{f.line}:{f.column}"
            self._width = max(self._width, len(position))
            self._spool.write(f"{position}\t{self.style.finding(f)}\n")

    def _flush(self) -> None:
        """Write the document gathered, if it has findings, and forget it."""
        end = self._spool.tell()
        if not end:
            return
        heading = self.style(shown(self._path or ""), bold=True, underline=True)
        out = [("\n" if self._headed else "") + heading + "\n"]
        self._headed = True
        for line in self._spool.lines(0, end):
            position, _, rest = line.partition("\t")
            out.append(f"  {position:<{self._width}} {rest}\n")
            if len(out) == 1000:  # a write a thousand lines: few, and never all at once
                self.write("".join(out))
                out.clear()
        self.write("".join(out))
        self._spool.clear()
        self._width = 0

    def end(self, summary: RunSummary) -> None:
        try:
            self._flush()
        finally:
            self.close()
        _write_lines(self.write, ([""] if self._headed else []) + _summary(summary, self.style))

    def close(self) -> None:
        self._spool.close()
