"""SARIF 2.1.0, as GitHub code scanning reads it."""

from __future__ import annotations

from typing import Any

from ..fingerprints import of_result
from ..model import Report
from ..rulebase import Rule
from .base import Writer, uri_path
from .jsonout import json_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "major": "error", "minor": "warning", "neutral": "note"}


def _rule(rule: Rule) -> dict[str, Any]:
    examples = "\n".join(f"- `{ex.text}` → flags `{ex.flagged}`" for ex in rule.flags)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": f"{rule.name} ({rule.category})"},
        "fullDescription": {"text": rule.rationale},
        "help": {
            "text": rule.rationale,
            "markdown": f"{rule.rationale}\n\nExamples:\n{examples}",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "category": rule.category,
            "severity": rule.severity,
            "tags": ["translation", rule.category],
        },
    }


class SarifWriter(Writer):
    """SARIF 2.1.0 (`to_sarif`), written at the run's end."""

    def render(self, report: Report) -> str:
        return to_sarif(report, self.run.version, list(self.run.rules))


def to_sarif(report: Report, version: str, rules: list[Rule]) -> str:
    """One run of the ``mtqa`` driver with every rule of the run and every finding."""
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for d in report.documents:
        for f in d.findings:
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "level": LEVELS[f.severity],
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri_path(d.path)},
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "endLine": f.end_line,
                                "endColumn": f.end_column,
                                "snippet": {"text": f.text},
                            },
                        }
                    }
                ],
                "partialFingerprints": {
                    "mtqa/v1": of_result(d, f),
                },
                "properties": {"severity": f.severity, "category": f.category},
            }
            if f.rule in index:
                result["ruleIndex"] = index[f.rule]
            if f.suggestion is not None:
                result["properties"]["suggestion"] = f.suggestion
            results.append(result)
    sarif = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mtqa",
                        "version": version,
                        "semanticVersion": version,
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "automationDetails": {"id": f"mtqa/{report.rule_set}"},
                "results": results,
                "properties": {
                    "ruleSet": report.rule_set,
                    "runSignature": report.signature,
                    "score": report.summary.score,
                    "passed": report.passed,
                    "failedDocuments": report.failed,
                    "skippedRules": report.skipped,
                    "suppressed": report.suppressed,
                    "baselined": report.baselined,
                    "encodings": report.encodings,
                    **({"languagetool": report.languagetool} if report.languagetool else {}),
                },
            }
        ],
    }
    return json_text(sarif, indent=2) + "\n"
