"""GitLab Code Quality report (a JSON array of Code Climate issues)."""

from __future__ import annotations

from ..fingerprints import of_result
from ..model import Report
from .base import Writer
from .jsonout import json_text

SEVERITIES = {"critical": "critical", "major": "major", "minor": "minor", "neutral": "info"}


class GitlabWriter(Writer):
    """A GitLab Code Quality report (`to_gitlab`), written at the run's end."""

    def render(self, report: Report) -> str:
        return to_gitlab(report, self.run.version)


def to_gitlab(report: Report, version: str) -> str:
    issues = [
        {
            "type": "issue",
            "description": f"{f.rule} {f.message}",
            "check_name": f"{f.rule} {f.name}",
            "categories": ["Style"],
            "severity": SEVERITIES[f.severity],
            "fingerprint": of_result(d, f),
            "location": {
                "path": d.path.replace("\\", "/"),
                "lines": {"begin": f.line, "end": f.end_line},
            },
            "engine_name": f"mtqa {version} (rule set {report.rule_set})",
        }
        for d in report.documents
        for f in d.findings
    ]
    return json_text(issues, indent=2) + "\n"
