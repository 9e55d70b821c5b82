"""GitLab Code Quality report (a JSON array of Code Climate issues)."""

from __future__ import annotations

from typing import Any

from ..fingerprints import of_result
from ..model import DocumentResult, RunInfo, RunSummary
from .base import Writer
from .jsonout import JsonList, json_items

SEVERITIES = {"critical": "critical", "major": "major", "minor": "minor", "neutral": "info"}


class GitlabWriter(Writer):
    """A GitLab Code Quality report: the array opened at the run's start, each
    document's issues added as it comes, closed at the end (nothing of it waits
    for the run's figures)."""

    def start(self, run: RunInfo) -> None:
        super().start(run)
        self._issues = JsonList(self.write, "", self.indent)

    def document(self, result: DocumentResult) -> None:
        self._issues.extend([json_items(_issues(result, self.run), self.indent)])

    def end(self, summary: RunSummary) -> None:
        self._issues.close()
        self.write("\n")


def _issues(d: DocumentResult, run: RunInfo) -> list[dict[str, Any]]:
    """A Code Climate issue for each finding of ``d``."""
    return [
        {
            "type": "issue",
            "description": f"{f.rule} {f.message}",
            "check_name": f"{f.rule} {f.name}",
            "categories": ["Style"],
            "severity": SEVERITIES[f.severity],
            "fingerprint": of_result(d, f),
            "location": {
                "path": d.file.replace("\\", "/"),
                "lines": {"begin": f.line, "end": f.end_line},
            },
            "engine_name": f"mtqa {run.version} (rule set {run.rule_set})",
        }
        for f in d.findings
    ]
