"""The terminal report: one line a finding, then a summary line a document."""

from __future__ import annotations

import click

from ..model import Report

_COLOURS = {"critical": "magenta", "major": "red", "minor": "yellow", "neutral": "blue"}


def to_text(report: Report, colour: bool = False) -> str:
    """``path:line:col: CODE [severity] message``, then per-document score and verdict."""

    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if colour else text

    lines: list[str] = []
    for d in report.documents:
        for f in d.findings:
            hint = f" (suggestion: {f.suggestion!r})" if f.suggestion else ""
            hint = " (suggestion: delete)" if f.suggestion == "" else hint
            sev = style(f"[{f.severity}]", fg=_COLOURS[f.severity])
            lines.append(
                f"{d.path}:{f.line}:{f.column}: {style(f.rule, bold=True)} {sev} {f.message}{hint}"
            )
    if lines:
        lines.append("")
    for d in report.documents:
        verdict = style("PASS", fg="green") if d.passed else style("FAIL", fg="red", bold=True)
        lines.append(
            f"{d.path}: {verdict} score {d.score.score:.1f} "
            f"({len(d.findings)} findings, penalty {d.score.penalty:g} over {d.score.words} words)"
        )
    if len(report.documents) > 1:
        s = report.summary
        lines.append(
            f"total: {len(report.documents)} documents, {report.findings} findings, "
            f"score {s.score:.1f}, {sum(not d.passed for d in report.documents)} failed"
        )
    return "\n".join(lines) + "\n"
