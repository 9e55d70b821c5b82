"""The JSON report: the contract in DESIGN.md, plus added fields only."""

from __future__ import annotations

import json
from typing import Any

from ..model import DocumentResult, Report, RunSummary, Score
from .base import Writer, escape_undecodable

JSON_VERSION = 2  # 2: the calibrated score, raw_score, band, confidence, tolerance


def report_dict(report: Report, tool_version: str) -> dict[str, Any]:
    """The report as the JSON contract's object."""
    documents = []
    for d in report.documents:
        segments = []
        for i, (seg, score) in enumerate(zip(d.document.segments, d.segment_scores, strict=True)):
            line, _ = d.document.line_col(seg.file_offset(0))
            entry: dict[str, Any] = {"index": seg.index, "line": line, **_figures(score)}
            if seg.id is not None:
                entry["id"] = seg.id
            if d.segment_chrf and d.segment_chrf[i] is not None:
                entry["chrf"] = d.segment_chrf[i]
            segments.append(entry)
        document: dict[str, Any] = {
            "path": d.path,
            **_figures(d.score),
            "passed": d.passed,
            "verdict": d.verdict.reason,
            "encoding": d.document.encoding,
            "suppressed": d.suppressed,
            # only with --triage: the contract's keys stay as they were without it
            **({"triaged": d.triaged} if report.triage else {}),
            "segments": segments,
            "findings": [f.as_dict() for f in d.findings],
            "unused_suppressions": [
                {"line": u.line, "directive": u.directive} for u in d.unused_suppressions
            ],
        }
        if d.metrics is not None:
            document["metrics"] = d.metrics.as_dict()
        documents.append(document)
    data: dict[str, Any] = {
        "version": JSON_VERSION,
        "tool": {
            "name": "mtqa",
            "version": tool_version,
            "rule_set": report.rule_set,
            "signature": report.signature,
        },
        "documents": documents,
        "summary": {
            "documents": len(report.documents),
            **_figures(report.summary),
            "findings": report.findings,
            "threshold": report.threshold,
            "passed": report.passed,
            "failed": report.failed,
            "suppressed": report.suppressed,
            "encodings": report.encodings,
            "skipped_rules": report.skipped,
        },
    }
    if report.languagetool is not None:
        data["summary"]["languagetool"] = report.languagetool
    if report.metrics is not None:
        data["summary"]["metrics"] = report.metrics.as_dict()
    if report.baseline is not None:
        data["summary"]["baseline"] = {
            "file": report.baseline,
            "matched": report.baselined,
            "fixed": [{"path": e.path, "rule": e.rule, "text": e.text} for e in report.fixed],
        }
    if report.triage:
        data["summary"]["triage"] = {"files": report.triage, "suppressed": report.triaged}
    return data


def _figures(score: Score) -> dict[str, Any]:
    """The scoring model's figures of a segment, a document or the run."""
    return {
        "words": score.words,
        "penalty": score.penalty,
        "score": score.score,
        "raw_score": score.raw_score,
        "tolerance": score.tolerance,
        "confidence": score.confidence,
        "band": score.band,
    }


class JsonWriter(Writer):
    """The JSON report (`report_dict`), written at the run's end."""

    def render(self, report: Report) -> str:
        return to_json(report, self.run.version)


def json_text(data: Any, indent: int | None = None) -> str:
    """``data`` as the JSON text every JSON format writes: UTF-8 characters as they
    are, and each byte of a file name that is not UTF-8, which UTF-8 cannot hold,
    as ``\\xNN`` inside its string (`escape_undecodable`)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return escape_undecodable(text, "\\\\")  # a backslash, as a JSON string writes it


def to_json(report: Report, tool_version: str) -> str:
    """The JSON report as text, indented (`json_text`)."""
    return json_text(report_dict(report, tool_version), indent=2) + "\n"


class JsonlWriter(Writer):
    """One finding a line, as each document comes (with its path, the mtqa version,
    rule set and run signature): for streaming and for tools that read line by line."""

    incremental = True

    def document(self, result: DocumentResult) -> None:
        stamp = {
            "mtqa_version": self.run.version,
            "rule_set": self.run.rule_set,
            "run_signature": self.run.signature,
        }
        path = result.path
        self.write(
            "".join(
                json_text({"path": path, **f.as_dict(), **stamp}) + "\n" for f in result.findings
            )
        )

    def end(self, summary: RunSummary) -> None:
        pass  # the lines are the findings; the run's figures are in the other formats
