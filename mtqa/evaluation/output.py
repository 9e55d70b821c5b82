"""``mtqa eval`` results as a terminal table, JSON, CSV and an HTML page."""

from __future__ import annotations

import json
import math
from typing import Any

from ..textutil import counted
from ..writers.html import template
from ..writers.tabular import stamped, to_csv
from .evaluate import Evaluation

PERCENT_COLUMNS = ("segment_precision", "segment_precision_major", "span_precision", "span_chance")
RATIO_COLUMNS = ("segment_lift", "span_lift")


def _fmt(value: Any, column: str) -> str:
    if (isinstance(value, float) and math.isnan(value)) or value == "":
        return "-"
    if column in PERCENT_COLUMNS:
        return f"{value:.0%}"
    if column in RATIO_COLUMNS:
        return "inf" if math.isinf(value) else f"{value:.2f}x"
    return str(value)


def display_rules(ev: Evaluation) -> list[dict[str, str]]:
    """The rules table with percentages and ratios formatted, rules that fired first."""
    shown = ev.rules.sort_values(["findings", "rule"], ascending=[False, True])
    return [{c: _fmt(v, c) for c, v in row.items()} for row in shown.to_dict("records")]


def summary_lines(ev: Evaluation) -> list[str]:
    s = ev.summary
    return [
        f"{counted(s['translations'], 'translation')} ({counted(s['systems'], 'system')}, "
        f"{counted(s['source_segments'], 'source segment')}), "
        f"{counted(s['skipped_lines'], 'broken line')} skipped",
        f"human MQM {s['human_mqm']}",
        f"segments with a human-annotated error: {s['base_rate_error']:.1%}; with a major one: "
        f"{s['base_rate_major']:.1%}",
        f"agreement with human MQM (scoring rules, {counted(s['findings_scored'], 'finding')}): "
        f"Kendall tau-b {_r(s['kendall_tau_b'])} (translation length: "
        f"{_r(s['kendall_tau_b_length'])}); pairwise accuracy "
        f"{_r(s['pairwise_accuracy'])} (length: {_r(s['pairwise_accuracy_length'])}) over "
        f"{counted(s['pairs'], 'pair')} of two systems' translations of one source segment "
        "that humans rank apart, a tie in mtqa's penalty counted half",
        f"  of those pairs mtqa orders {s['pairs_decided']:,} "
        f"({s['pairs_decided'] / max(1, s['pairs']):.1%}; the rest tie, neither translation "
        "flagged or both alike)"
        + (
            f", and orders {s['pairwise_accuracy_decided']:.1%} of them as humans do"
            if s["pairs_decided"]
            else ""
        ),
        f"scores against human MQM, calibrated (linear): segments tau-b "
        f"{_r(s['segment_tau_b_score'])} ({_r(s['segment_tau_b_linear_score'])}), pairwise "
        f"{_r(s['segment_pairwise_accuracy_score'])} "
        f"({_r(s['segment_pairwise_accuracy_linear_score'])}); documents tau-b "
        f"{_r(s['document_tau_b_score'])} ({_r(s['document_tau_b_linear_score'])}), pairwise "
        f"{_r(s['document_pairwise_accuracy_score'])} "
        f"({_r(s['document_pairwise_accuracy_linear_score'])}) over "
        f"{counted(s['document_pairs'], 'pair')}",
        f"systems ({s['system_count']}, over the {counted(s['system_segments'], 'source segment')} "
        f"all translated; mean penalty a segment): Pearson r {_r(s['system_pearson'])} (length: "
        f"{_r(s['system_pearson_length'])}), Kendall tau-b {_r(s['system_tau_b'])} (length: "
        f"{_r(s['system_tau_b_length'])}), pairwise accuracy {_r(s['system_pairwise_accuracy'])} "
        f"(length: {_r(s['system_pairwise_accuracy_length'])}) over "
        f"{counted(s['system_pairs'], 'pair')} of systems",
        f"a rule is precise when, over at least {s['min_findings']} findings, its segment "
        f"precision is {s['segment_lift_needed']}x the base rate (binomial p < "
        f"{s['significance']}, Holm-corrected over the rules tested) and, for rules that "
        "flag spans of the target, its span "
        f"precision {s['span_lift_needed']}x chance",
    ]


def _r(value: float) -> str:
    """A correlation or accuracy to three places; "n/a" where it is undefined
    (NaN: a tau-b over pairs that all tie on one side)."""
    return "n/a" if value != value else f"{value:.3f}"


def to_table(ev: Evaluation) -> str:
    """The terminal report."""
    # (column, header) pairs of the terminal table
    shown = [
        ("rule", "rule"), ("name", "name"), ("status", "status"), ("findings", "find"),
        ("segments", "segs"), ("segment_precision", "seg.prec"), ("segment_lift", "seg.lift"),
        ("segment_precision_major", "major"), ("span_precision", "span.prec"),
        ("span_chance", "chance"), ("span_lift", "span.lift"), ("severity", "sev"),
        ("human_severity", "human"), ("verdict", "verdict"),
    ]  # fmt: skip
    columns = [c for c, _ in shown]
    headers = [h for _, h in shown]
    rows = [[r[c] for c in columns] for r in display_rules(ev)]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    lines.append("")
    lines.append(
        "recall by MQM category (errors overlapped by a scoring rule's finding; "
        f"{ev.summary['errors_without_target_span']:,} errors marked in the source, which "
        "no finding in the target can overlap, left out):"
    )
    for row in ev.categories.to_dict("records"):
        lines.append(
            f"  {row['category']:<45} {row['found']:>4} / {row['errors']:<5} {row['recall']:.1%}"
        )
    lines.append("")
    lines += summary_lines(ev)
    lines += [f"skipped: {p}" for p in ev.problems]
    return "\n".join(lines) + "\n"


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None if math.isnan(value) else "inf"
    return value


def to_json(ev: Evaluation, tool_version: str) -> str:
    data = {
        "tool": {
            "name": "mtqa",
            "version": tool_version,
            "rule_set": ev.summary["rule_set"],
            "signature": ev.summary["signature"],
        },
        "summary": {k: _clean(v) for k, v in ev.summary.items()},
        "rules": [{k: _clean(v) for k, v in r.items()} for r in ev.rules.to_dict("records")],
        "categories": ev.categories.to_dict("records"),
        "problems": ev.problems,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_rules_csv(ev: Evaluation, tool_version: str) -> str:
    return to_csv(stamped(ev.rules, tool_version, ev.summary["rule_set"], ev.summary["signature"]))


def to_html(ev: Evaluation, tool_version: str, title: str) -> str:
    return template("eval.html.j2").render(
        ev=ev,
        rules=display_rules(ev),
        summary=summary_lines(ev),
        version=tool_version,
        title=title,
    )
