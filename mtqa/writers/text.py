"""Terminal reports: full (default), concise and grouped by file, like ruff's."""

from __future__ import annotations

from ..model import DocumentResult, Finding, Report, Score
from ..refmetrics import CorpusScores
from ..textutil import counted

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
        return f"{self(f.rule, bold=True)} {sev} {f.message}{hint}"


def _scores(m: CorpusScores) -> str:
    return (
        f"BLEU {m.bleu:.2f}  chrF++ {m.chrf:.2f}  TER {m.ter:.2f}  "
        f"({counted(m.segments, 'segment')} with a reference)"
    )


def _summary(report: Report, style: _Style) -> list[str]:
    """One line a document with score and verdict, then totals and baseline news."""
    lines = []
    for d in report.documents:
        verdict = style("PASS", fg="green") if d.passed else style("FAIL", fg="red", bold=True)
        baselined = f", {d.baselined} in baseline" if d.baselined else ""
        note = judged(d.score, d.passed, report.threshold)
        lines.append(
            f"{d.path}: {verdict} score {d.score.score:.1f}{note} "
            f"(raw {d.score.raw_score:.1f}; {counted(len(d.findings), 'finding')}{baselined}, "
            f"penalty {d.score.penalty:g} over {counted(d.score.words, 'word')})"
        )
        if d.metrics is not None:
            lines.append(f"  {_scores(d.metrics)}")
        lines += [
            f"{d.path}:{u.line}: unused suppression '{u.directive}': it suppressed nothing"
            for u in d.unused_suppressions
        ]
    if len(report.documents) > 1:
        s = report.summary
        lines.append(
            f"total: {counted(len(report.documents), 'document')}, "
            f"{counted(report.findings, 'finding')}, "
            f"score {s.score:.1f}, {sum(not d.passed for d in report.documents)} failed"
        )
    if report.metrics is not None:
        if len(report.documents) > 1:
            lines.append(f"total: {_scores(report.metrics)}")
        lines += [f"  {name}: {sig}" for name, sig in report.metrics.signatures.items()]
    if report.fixed:
        lines.append(f"fixed since the baseline: {counted(len(report.fixed), 'finding')}")
        lines += [f"  {e.path}: {e.rule} {e.text!r}" for e in report.fixed]
    return lines


def too_short_to_judge(score: Score, passed: bool, threshold: float) -> bool:
    """Whether a document passed under the threshold: too few findings to say its
    error rate is over tolerance (`mtqa.scoring`)."""
    return passed and score.score < threshold


def judged(score: Score, passed: bool, threshold: float) -> str:
    """The terminal's note for a document `too_short_to_judge`, else ""."""
    if too_short_to_judge(score, passed, threshold):
        # rounded down: 0.8997 is not yet the 90% that fails
        return f", too short to judge (confidence {int(score.confidence * 100)}%)"
    return ""


def to_text(report: Report, colour: bool = False) -> str:
    """``path:line:col: CODE [severity] message``, then per-document score and verdict."""
    style = _Style(colour)
    lines = [
        f"{d.path}:{f.line}:{f.column}: {style.finding(f)}"
        for d in report.documents
        for f in d.findings
    ]
    if lines:
        lines.append("")
    return "\n".join(lines + _summary(report, style)) + "\n"


def to_concise(report: Report, colour: bool = False) -> str:
    """One line a finding (``path:line:col: CODE message``) and one closing count."""
    style = _Style(colour)
    lines = [
        f"{d.path}:{f.line}:{f.column}: {style(f.rule, bold=True)} {f.message}"
        for d in report.documents
        for f in d.findings
    ]
    failed = sum(not d.passed for d in report.documents)
    lines.append(
        f"Found {counted(report.findings, 'finding')} in "
        f"{counted(len(report.documents), 'document')} ({failed} failed)."
    )
    return "\n".join(lines) + "\n"


def _group(d: DocumentResult, style: _Style) -> list[str]:
    width = max((len(f"{f.line}:{f.column}") for f in d.findings), default=0)
    return [style(d.path, bold=True, underline=True)] + [
        f"  {f'{f.line}:{f.column}':<{width}} {style.finding(f)}" for f in d.findings
    ]


def to_grouped(report: Report, colour: bool = False) -> str:
    """Findings under a heading per file, then the summary."""
    style = _Style(colour)
    lines: list[str] = []
    for d in report.documents:
        if d.findings:
            lines += [*_group(d, style), ""]
    return "\n".join(lines + _summary(report, style)) + "\n"
