"""GitHub Actions: workflow-command annotations and a Markdown step summary."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator

from ..model import SEVERITIES, DocumentResult, DocumentTotals, Finding, RunSummary
from ..textutil import counted
from .base import SpoolingWriter, Write, escape_undecodable, shown, unused_message
from .spool import Part

LEVELS = {"critical": "error", "major": "error", "minor": "warning", "neutral": "notice"}


def _data(text: str) -> str:
    """``text`` as a workflow command's data: the runner reads ``%``, CR and LF as
    escapes, and the log viewer would act on the other control characters (an ESC
    [ of the translation recolours or hides the rest of the line), which are
    written as Python escapes (``\\x1b``: `shown`)."""
    return shown(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubWriter(SpoolingWriter):
    """GitHub workflow-command annotations at the run's end, and the Markdown
    `step_summary` through ``summary`` when given (the CLI appends it to
    ``$GITHUB_STEP_SUMMARY``).

    One annotation a finding, the most severe first: GitHub shows only ten of each
    level per step, so the ones it shows should be the ones that matter. Within a
    severity they go by path, line and column (a file named twice: its two
    documents' merged, the first's first on a tie), then a notice a document with
    its score and verdict. Each document's annotations are spooled as it comes, a
    spool a severity, in order of line and column; the end merges them.
    """

    pieces = len(SEVERITIES)  # piece i: the annotations of severity SEVERITIES[i]
    reads_segments = False

    def __init__(
        self,
        write: Write,
        colour: bool = False,
        indent: int | None = None,
        summary: Write | None = None,
    ) -> None:
        super().__init__(write, colour, indent)
        self.summary = summary

    def spool(self, part: Part, result: DocumentResult) -> None:
        by_severity: list[list[str]] = [[] for _ in SEVERITIES]
        # a streamed file's chunks come in the order of its lines: each sorted, all are
        for f in sorted(result.findings, key=lambda f: (f.line, f.column)):
            line = f"{f.line}\t{f.column}\t{_annotation(result.file, f)}\n"
            by_severity[SEVERITIES.index(f.severity)].append(line)
        # a comment that silences nothing, where the pull request shows it: a notice
        for u in result.unused_suppressions:
            where = f"file={_prop(result.file)},line={u.line},title=mtqa unused suppression"
            notice = f"::notice {where}::{_data(unused_message(u))}"
            by_severity[SEVERITIES.index("neutral")].append(f"{u.line}\t1\t{notice}\n")
        for piece, lines in enumerate(by_severity):
            self.add(part, piece, "".join(lines), len(lines))

    def finish(self, summary: RunSummary, documents: list[tuple[DocumentTotals, Part]]) -> None:
        if self.summary is not None:
            self.summary(step_summary(summary, documents, self.run.version))
        lines = 0
        for piece in reversed(range(len(SEVERITIES))):
            for annotation in self._ranked([part for _, part in documents], piece):
                self.write(annotation + "\n")
                lines += 1
        for t, _ in documents:
            verdict = "passed" if t.passed else "failed"
            message = f"score {t.score.score:.1f}, {counted(t.findings, 'finding')}: {verdict}"
            notice = f"::notice title={_prop('mtqa ' + t.path)}::{_data(message)}"
            self.write(notice + "\n")
            lines += 1
        if not lines:
            self.write("\n")  # the output of no line at all is one empty line

    def _ranked(self, parts: list[Part], piece: int) -> Iterator[str]:
        """The annotations of severity ``piece``, by path, then line and column."""
        parts = sorted((p for p in parts if p.counts[piece]), key=lambda p: p.path)
        for _, same in itertools.groupby(parts, key=lambda p: p.path):
            # stable: on a tie, the earlier document's first
            merged = heapq.merge(*(self.lines(p, piece) for p in same), key=_position)
            for line in merged:
                yield line.split("\t", 2)[2]


def _position(line: str) -> tuple[int, int]:
    """The line and column a spooled annotation line starts with."""
    line_number, column, _ = line.split("\t", 2)
    return int(line_number), int(column)


def _annotation(path: str, f: Finding) -> str:
    """The workflow command that annotates finding ``f`` of the document ``path``."""
    props = (
        f"file={_prop(path)},line={f.line},col={f.column},endLine={f.end_line},"
        f"endColumn={f.end_column},title={_prop(f'{f.rule} {f.name} [{f.severity}]')}"
    )
    hint = f" (suggestion: {f.suggestion!r})" if f.suggestion else ""
    return f"::{LEVELS[f.severity]} {props}::{_data(f.message + hint)}"


def step_summary(
    summary: RunSummary, documents: list[tuple[DocumentTotals, Part]], version: str
) -> str:
    """The Markdown table written to ``$GITHUB_STEP_SUMMARY``: every document and its
    findings by severity (``documents``: each one's totals, and its part, which
    counts them), since the annotations themselves are capped."""
    s = summary.summary
    verdict = "✅ passed" if summary.passed else "❌ failed"
    lines = [
        f"## mtqa: {verdict}",
        "",
        f"{counted(len(summary.totals), 'document')}, {counted(s.words, 'word')}, "
        f"{counted(summary.findings, 'finding')}, "
        f"score {s.score:.1f} (pass threshold {summary.threshold:g})",
        "",
        "| document | score | critical | major | minor | verdict |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for t, part in documents:
        counts = dict(zip(SEVERITIES, part.counts, strict=True))
        path = shown(t.path).replace("|", "\\|")
        lines.append(
            f"| {path} | {t.score.score:.1f} | {counts['critical']} | {counts['major']} "
            f"| {counts['minor']} | {'pass' if t.passed else '**fail**'} |"
        )
    lines += ["", f"mtqa {version}, rule set `{summary.rule_set}`", ""]
    lines += [f"Run signature: `{summary.signature}`", ""]
    return escape_undecodable("\n".join(lines))
