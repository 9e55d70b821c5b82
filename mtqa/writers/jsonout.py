"""The JSON report: the contract in DESIGN.md, plus added fields only."""

from __future__ import annotations

import json
from typing import Any

from ..model import Report

JSON_VERSION = 1


def report_dict(report: Report, tool_version: str) -> dict[str, Any]:
    """The report as the JSON contract's object."""
    documents = []
    for d in report.documents:
        segments = []
        for seg, score in zip(d.document.segments, d.segment_scores, strict=True):
            line, _ = d.document.line_col(seg.file_offset(0))
            segments.append(
                {
                    "index": seg.index,
                    "line": line,
                    "words": score.words,
                    "penalty": score.penalty,
                    "score": score.score,
                }
            )
        documents.append(
            {
                "path": d.path,
                "words": d.score.words,
                "penalty": d.score.penalty,
                "score": d.score.score,
                "passed": d.passed,
                "segments": segments,
                "findings": [f.as_dict() for f in d.findings],
            }
        )
    return {
        "version": JSON_VERSION,
        "tool": {"name": "mtqa", "version": tool_version, "rule_set": report.rule_set},
        "documents": documents,
        "summary": {
            "documents": len(report.documents),
            "words": report.summary.words,
            "findings": report.findings,
            "penalty": report.summary.penalty,
            "score": report.summary.score,
            "threshold": report.threshold,
            "passed": report.passed,
        },
    }


def to_json(report: Report, tool_version: str) -> str:
    return json.dumps(report_dict(report, tool_version), ensure_ascii=False, indent=2) + "\n"
