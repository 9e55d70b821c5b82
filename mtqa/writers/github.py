"""GitHub Actions: workflow-command annotations and a Markdown step summary."""

from __future__ import annotations

from ..model import SEVERITIES, Report
from ..textutil import counted
from .base import Write, Writer, escape_undecodable

LEVELS = {"critical": "error", "major": "error", "minor": "warning", "neutral": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubWriter(Writer):
    """GitHub workflow-command annotations (`to_github`) at the run's end, and the
    Markdown `step_summary` through ``summary`` when given (the CLI appends it to
    ``$GITHUB_STEP_SUMMARY``)."""

    def __init__(self, write: Write, colour: bool = False, summary: Write | None = None) -> None:
        super().__init__(write, colour)
        self.summary = summary

    def render(self, report: Report) -> str:
        if self.summary is not None:
            self.summary(step_summary(report, self.run.version))
        return to_github(report, self.run.version)


def to_github(report: Report, version: str) -> str:
    """One annotation a finding, the most severe first: GitHub shows only ten of each
    level per step, so the ones it shows should be the ones that matter."""
    ranked = sorted(
        ((d, f) for d in report.documents for f in d.findings),
        key=lambda df: (-SEVERITIES.index(df[1].severity), df[0].path, df[1].line, df[1].column),
    )
    lines = []
    for d, f in ranked:
        props = (
            f"file={_prop(d.path)},line={f.line},col={f.column},endLine={f.end_line},"
            f"endColumn={f.end_column},title={_prop(f'{f.rule} {f.name} [{f.severity}]')}"
        )
        hint = f" (suggestion: {f.suggestion!r})" if f.suggestion else ""
        lines.append(f"::{LEVELS[f.severity]} {props}::{_data(f.message + hint)}")
    for d in report.documents:
        verdict = "passed" if d.passed else "failed"
        message = f"score {d.score.score:.1f}, {counted(len(d.findings), 'finding')}: {verdict}"
        lines.append(f"::notice title={_prop('mtqa ' + d.path)}::{_data(message)}")
    return escape_undecodable("\n".join(lines)) + "\n"


def step_summary(report: Report, version: str) -> str:
    """The Markdown table written to ``$GITHUB_STEP_SUMMARY``: every document and its
    findings by severity, since the annotations themselves are capped."""
    s = report.summary
    verdict = "✅ passed" if report.passed else "❌ failed"
    lines = [
        f"## mtqa: {verdict}",
        "",
        f"{counted(len(report.documents), 'document')}, {counted(s.words, 'word')}, "
        f"{counted(report.findings, 'finding')}, "
        f"score {s.score:.1f} (pass threshold {report.threshold:g})",
        "",
        "| document | score | critical | major | minor | verdict |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for d in report.documents:
        counts = {sev: sum(f.severity == sev for f in d.findings) for sev in SEVERITIES}
        path = d.path.replace("|", "\\|")
        lines.append(
            f"| {path} | {d.score.score:.1f} | {counts['critical']} | {counts['major']} "
            f"| {counts['minor']} | {'pass' if d.passed else '**fail**'} |"
        )
    lines += ["", f"mtqa {version}, rule set `{report.rule_set}`", ""]
    lines += [f"Run signature: `{report.signature}`", ""]
    return escape_undecodable("\n".join(lines))
