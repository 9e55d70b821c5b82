"""SARIF 2.1.0, as GitHub code scanning reads it."""

from __future__ import annotations

from typing import Any

from ..fingerprints import of_result
from ..model import DocumentResult, Finding, RunInfo, RunSummary
from ..rulebase import Rule
from .base import Writer, uri_path
from .jsonout import Hole, JsonList, json_frame, json_items

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
    """SARIF 2.1.0, one run of the ``mtqa`` driver with every rule of the run and
    every finding: the tool and its rules written at the run's start, each
    document's results as it comes, the run's figures (its properties) at the end."""

    def start(self, run: RunInfo) -> None:
        super().start(run)
        self._index = {r.code: i for i, r in enumerate(run.rules)}
        # what comes before the results does not depend on the run's figures
        head = json_frame(_sarif(run, {}, Hole()), self.indent)
        self.write(head.texts[0])
        self._results = JsonList(self.write, head.pads[0], self.indent)

    def document(self, result: DocumentResult) -> None:
        results = [_result(result, f, self._index) for f in result.findings]
        self._results.extend([json_items(results, self.indent)])

    def end(self, summary: RunSummary) -> None:
        self._results.close()
        tail = json_frame(_sarif(self.run, _properties(summary), Hole()), self.indent)
        self.write(tail.texts[1] + "\n")


def _result(d: DocumentResult, f: Finding, index: dict[str, int]) -> dict[str, Any]:
    """The SARIF result of finding ``f`` of ``d``; ``index``: each rule's place in
    the driver's rules."""
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri_path(d.file)},
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
    return result


def _properties(summary: RunSummary) -> dict[str, Any]:
    """The run's properties: its rule set, signature and figures."""
    return {
        "ruleSet": summary.rule_set,
        "runSignature": summary.signature,
        "score": summary.summary.score,
        "passed": summary.passed,
        "failedDocuments": summary.failed,
        "skippedRules": summary.skipped,
        "suppressed": summary.suppressed,
        "baselined": summary.baselined,
        "encodings": summary.encodings,
        **({"languagetool": summary.languagetool} if summary.languagetool else {}),
    }


def _sarif(run: RunInfo, properties: dict[str, Any], results: Hole) -> dict[str, Any]:
    """The SARIF log of ``run``, its results left open (`json_frame`)."""
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mtqa",
                        "version": run.version,
                        "semanticVersion": run.version,
                        "rules": [_rule(r) for r in run.rules],
                    }
                },
                "automationDetails": {"id": f"mtqa/{run.rule_set}"},
                "results": results,
                "properties": properties,
            }
        ],
    }
