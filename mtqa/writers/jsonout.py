"""The JSON report: the contract in DESIGN.md, plus added fields only."""

from __future__ import annotations

import json
from typing import Any

from ..model import Report, Score

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
            "matched": sum(d.baselined for d in report.documents),
            "fixed": [{"path": e.path, "rule": e.rule, "text": e.text} for e in report.fixed],
        }
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


def to_json(report: Report, tool_version: str) -> str:
    return json.dumps(report_dict(report, tool_version), ensure_ascii=False, indent=2) + "\n"


def to_jsonl(report: Report, tool_version: str) -> str:
    """One finding a line (with its path, the mtqa version, rule set and run
    signature), for streaming."""
    stamp = {
        "mtqa_version": tool_version,
        "rule_set": report.rule_set,
        "run_signature": report.signature,
    }
    return "".join(
        json.dumps({"path": d.path, **f.as_dict(), **stamp}, ensure_ascii=False) + "\n"
        for d in report.documents
        for f in d.findings
    )
