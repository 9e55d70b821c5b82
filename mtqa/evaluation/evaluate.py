"""Run mtqa over annotated translations and compare its findings with the humans'."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..config import Config
from ..engine import Checker
from ..model import Finding, Score
from ..readers.rows import document_from_rows
from ..scoring import Scoring
from ..textutil import count_words
from .annotations import Annotated, Loaded
from .metrics import (
    chance_overlap,
    decided_pairs,
    kendall_tau_b,
    overlaps,
    pairwise_accuracy,
    pearson,
)

SEGMENT_LIFT = 1.3  # a default rule's flagged segments carry errors 1.3x as often as all do
SPAN_LIFT = 2.0  # and its spans hit error spans twice as often as random spans would
MIN_FINDINGS = 10  # below this, a rule's precision cannot be told apart from luck
SIGNIFICANCE = 0.05


@dataclass
class Evaluation:
    """Everything ``mtqa eval`` reports."""

    rules: pd.DataFrame
    categories: pd.DataFrame
    summary: dict[str, Any]
    problems: list[str] = field(default_factory=list)


@dataclass
class _RuleTally:
    findings: int = 0
    segments: set[int] = field(default_factory=set)
    span_hits: int = 0
    chance: float = 0.0
    overlapped: Counter[str] = field(default_factory=Counter)


def _documents(items: list[Annotated]) -> list[tuple[str, list[Annotated]]]:
    """Translations grouped by (system, document), in document order."""
    groups: dict[tuple[str, str], list[Annotated]] = defaultdict(list)
    for item in items:
        groups[item.system, item.doc].append(item)
    return [
        (f"{system}/{doc}", sorted(rows, key=lambda r: (r.order, r.line)))
        for (system, doc), rows in groups.items()
    ]


def _human_severity(overlapped: Counter[str]) -> str:
    """What the human severities of the errors a rule's findings overlap say: the
    severity a rule should have, if its overlaps agree (a strict majority); "" when
    they overlap none (a table shows "-")."""
    minor, major = overlapped["minor"], overlapped["major"] + overlapped["critical"]
    if minor == major:
        return "mixed" if minor else ""
    return "major" if major > minor else "minor"


def binomial_tail(hits: int, n: int, p: float) -> float:
    """P(X >= hits) for X ~ Binomial(n, p): how likely this many hits are by luck.
    Each term is summed from its logarithm: a binomial coefficient of a thousand
    segments is past what a float holds (it overflowed)."""
    if hits <= 0:
        return 1.0
    if p <= 0.0 or p >= 1.0:
        return float(p >= 1.0 and hits <= n)
    log_p, log_q, log_n = math.log(p), math.log1p(-p), math.lgamma(n + 1)
    return min(
        1.0,
        sum(
            math.exp(
                log_n - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_p + (n - k) * log_q
            )
            for k in range(hits, n + 1)
        ),
    )


def holm(p_values: dict[str, float], alpha: float = SIGNIFICANCE) -> set[str]:
    """The keys whose p-values are significant at ``alpha`` over all of them
    together, by Holm's step-down method (Holm 1979): the k-th smallest of m must be
    under alpha / (m - k + 1), and every smaller one significant too. Each rule's
    verdict is one of many tests: at 0.05 each, one rule in twenty would pass by luck."""
    ordered = sorted(p_values.items(), key=lambda kv: kv[1])
    passed = set()
    for k, (key, p) in enumerate(ordered):
        if p >= alpha / (len(ordered) - k):
            break
        passed.add(key)
    return passed


def _verdict(
    findings: int,
    hits: int,
    flagged: int,
    base: float,
    span_lift: float,
    whole_segment: bool,
    min_findings: int,
    significant: bool,
) -> str:
    """A rule is precise when its flagged segments carry errors clearly more often than
    all segments do (1.3x the base rate, and not by luck: ``significant``, its
    one-sided binomial test passed over all the rules tested, `holm`), and, unless
    it flags whole segments (the source-aware rules), its spans hit error spans
    twice as often as random spans would."""
    if findings < min_findings:
        return "too rare to tell"
    clear = flagged and hits / flagged >= SEGMENT_LIFT * base and significant
    if clear and (whole_segment or span_lift >= SPAN_LIFT):
        return "precise"
    return "not better than chance"


def evaluate(loaded: Loaded, config: Config, min_findings: int = MIN_FINDINGS) -> Evaluation:
    """Check every target with all rules; measure each rule and the scoring rules' penalty."""
    measured = Checker(config.merged(select=("ALL",)))
    scoring = Checker(config)
    scoring_codes = {r.code for r in scoring.rules}
    items = loaded.items
    base_any = sum(i.has_error for i in items) / len(items)
    base_major = sum(i.has_major for i in items) / len(items)

    tallies: dict[str, _RuleTally] = {r.code: _RuleTally() for r in measured.rules}
    penalty: dict[int, float] = {}  # by annotated line
    scored: dict[int, list[Finding]] = defaultdict(list)  # the scoring rules' findings, by line
    found_errors: set[tuple[int, int]] = set()  # (line, error index) overlapped by a scoring rule
    for name, rows in _documents(items):
        doc = document_from_rows(name, [r.target for r in rows], sources=[r.source for r in rows])
        doc.source_lang, doc.target_lang = config.source_lang, config.target_lang
        result = measured.check(doc)
        by_segment: dict[int, list[Finding]] = defaultdict(list)
        for f in result.findings:
            by_segment[f.segment].append(f)
        for index, item in enumerate(rows, 1):
            spans = [(e.start, e.end) for e in item.errors if e.counts and e.start is not None]
            penalty[item.line] = 0.0
            for f in by_segment.get(index, []):
                tally = tallies[f.rule]
                tally.findings += 1
                tally.segments.add(item.line)
                tally.chance += chance_overlap(len(item.target), f.end - f.start, spans)
                if overlaps(f.start, f.end, spans):
                    tally.span_hits += 1
                    tally.overlapped.update(
                        e.severity
                        for e in item.errors
                        if e.counts
                        and e.start is not None
                        and overlaps(f.start, f.end, [(e.start, e.end)])
                    )
                if f.rule in scoring_codes:
                    penalty[item.line] += scoring.scoring.weight(f)
                    scored[item.line].append(f)
                    for k, e in enumerate(item.errors):
                        if (
                            e.counts
                            and e.start is not None
                            and overlaps(f.start, f.end, [(e.start, e.end)])
                        ):
                            found_errors.add((item.line, k))

    by_line = {i.line: i for i in items}
    # each rule with enough findings is one binomial test of many: corrected together
    tested = {
        rule.code: binomial_tail(
            sum(by_line[line].has_error for line in tallies[rule.code].segments),
            len(tallies[rule.code].segments),
            base_any,
        )
        for rule in measured.rules
        if tallies[rule.code].findings >= min_findings and tallies[rule.code].segments
    }
    significant = holm(tested)
    rows_out = []
    for rule in measured.rules:
        t = tallies[rule.code]
        flagged = [by_line[line] for line in t.segments]
        seg_any = sum(i.has_error for i in flagged) / len(flagged) if flagged else float("nan")
        seg_major = sum(i.has_major for i in flagged) / len(flagged) if flagged else float("nan")
        span = t.span_hits / t.findings if t.findings else float("nan")
        chance = t.chance / t.findings if t.findings else float("nan")
        seg_lift = seg_any / base_any if flagged and base_any else float("nan")
        span_lift = (
            span / chance
            if t.findings and chance
            else (float("inf") if t.span_hits else float("nan"))
        )
        rows_out.append(
            {
                "rule": rule.code,
                "name": rule.name,
                "status": "default" if rule.default else "advisory",
                "origin": rule.origin,
                "severity": rule.severity,
                "findings": t.findings,
                "segments": len(flagged),
                "segment_precision": seg_any,
                "segment_precision_major": seg_major,
                "segment_lift": seg_lift,
                "span_precision": span,
                "span_chance": chance,
                "span_lift": span_lift,
                "overlapped_minor": t.overlapped["minor"],
                "overlapped_major": t.overlapped["major"] + t.overlapped["critical"],
                "human_severity": _human_severity(t.overlapped),
                "verdict": _verdict(
                    t.findings,
                    sum(i.has_error for i in flagged),
                    len(flagged),
                    base_any,
                    span_lift,
                    "source" in rule.needs,
                    min_findings,
                    rule.code in significant,
                ),
            }
        )
    rules = pd.DataFrame(rows_out)

    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # errors of the translation marked in the source (an omission): no finding in
    # the target can overlap them, so recall leaves them out, and says how many
    unspanned = sum(e.counts and e.start is None for i in items for e in i.errors)
    for item in items:
        for k, e in enumerate(item.errors):
            if e.counts and e.start is not None:
                per_category[e.category][0] += 1
                per_category[e.category][1] += (item.line, k) in found_errors
    categories = pd.DataFrame(
        [
            {"category": c, "errors": n, "found": f, "recall": f / n}
            for c, (n, f) in sorted(per_category.items())
        ],
        columns=["category", "errors", "found", "recall"],
    )

    human = [i.mqm for i in items]
    predicted = [penalty[i.line] for i in items]
    length = [float(len(i.target)) for i in items]
    by_source: dict[tuple[str, str], list[Annotated]] = defaultdict(list)
    for i in items:
        by_source[i.segment].append(i)
    grouped = [[(i.mqm, penalty[i.line]) for i in g] for g in by_source.values()]
    acc, pairs = pairwise_accuracy(grouped)
    right, decided = decided_pairs(grouped)
    acc_len, _ = pairwise_accuracy(
        [[(i.mqm, float(len(i.target))) for i in g] for g in by_source.values()]
    )
    agreement = _score_agreement(items, scored, scoring.scoring)
    systems = system_agreement(items, penalty)
    summary = {
        "translations": len(items),
        "human_mqm": loaded.mqm_scale,
        "skipped_lines": len(loaded.problems),
        "systems": len({i.system for i in items}),
        "documents": len({(i.system, i.doc) for i in items}),
        "source_segments": len(by_source),
        "base_rate_error": base_any,
        "base_rate_major": base_major,
        "findings_scored": int(sum(rules.loc[rules.rule.isin(scoring_codes), "findings"])),
        "kendall_tau_b": kendall_tau_b(predicted, human),
        "kendall_tau_b_length": kendall_tau_b(length, human),
        "pairwise_accuracy": acc,
        "pairwise_accuracy_length": acc_len,
        "pairs": pairs,
        "errors_without_target_span": unspanned,
        "pairs_decided": decided,  # of them, those mtqa orders (no tie in penalty)
        "pairwise_accuracy_decided": right / decided if decided else float("nan"),
        **agreement,
        **systems,
        "rule_set": scoring.fingerprint,
        "signature": scoring.signature,
        "segment_lift_needed": SEGMENT_LIFT,
        "span_lift_needed": SPAN_LIFT,
        "significance": SIGNIFICANCE,
        "min_findings": min_findings,
    }
    return Evaluation(rules, categories, summary, list(loaded.problems))


def system_agreement(items: list[Annotated], penalty: dict[int, float]) -> dict[str, float | int]:
    """System-level agreement, WMT's primary figure: each system's mean human MQM
    penalty a segment against its mean mtqa penalty a segment (and mean length, the
    baseline), over the source segments every system translated: Pearson's r,
    Kendall tau-b, and pairwise accuracy over the pairs of systems humans rank apart
    (a tie in mtqa's counted half). ``penalty``: mtqa's penalty of each item, by line.
    NaN where there are fewer than two systems or a side does not vary."""
    systems: dict[str, dict[tuple[str, str], Annotated]] = defaultdict(dict)
    for i in items:
        systems[i.system][i.segment] = i
    shared = set.intersection(*(set(s) for s in systems.values())) if systems else set()
    human, mtqa, length = [], [], []
    for translations in systems.values():
        chosen = [translations[k] for k in shared]
        n = max(1, len(chosen))
        human.append(sum(i.mqm for i in chosen) / n)
        mtqa.append(sum(penalty[i.line] for i in chosen) / n)
        length.append(sum(len(i.target) for i in chosen) / n)
    out: dict[str, float | int] = {"system_count": len(systems), "system_segments": len(shared)}
    for name, predicted in (("", mtqa), ("_length", length)):
        out[f"system_pearson{name}"] = pearson(predicted, human)
        out[f"system_tau_b{name}"] = kendall_tau_b(predicted, human)
        acc, pairs = pairwise_accuracy([list(zip(human, predicted, strict=True))])
        out[f"system_pairwise_accuracy{name}"] = acc
        out["system_pairs"] = pairs
    return out


def _score_agreement(
    items: list[Annotated], scored: dict[int, list[Finding]], model: Scoring
) -> dict[str, float | int]:
    """How the calibrated score and the old linear score (``max(0, raw_score)``) of
    segments and of documents (one system's translation of one document) agree with
    the human MQM penalty: Kendall tau-b and pairwise accuracy across systems, with
    the scores negated so that agreement is positive as for the penalty."""
    out: dict[str, float | int] = {}
    segments = [(i, model.score(count_words(i.target), model.tally(scored[i.line]))) for i in items]
    documents: dict[tuple[str, str], list[tuple[Annotated, list[Finding]]]] = defaultdict(list)
    for i in items:
        documents[i.system, i.doc].append((i, scored[i.line]))
    docs = []
    for (_system, doc), rows in documents.items():
        words = sum(count_words(i.target) for i, _ in rows)
        found = [f for _, fs in rows for f in fs]
        # the human side a mean a segment, as WMT averages MQM: a sum would rank a
        # long talk's translations worse for its length
        human = sum(i.mqm for i, _ in rows) / len(rows)
        docs.append((doc, human, model.score(words, model.tally(found))))
    for level, units in (
        ("segment", [(i.seg_id, i.mqm, sc) for i, sc in segments]),
        ("document", docs),
    ):
        human = [h for _, h, _ in units]
        groups: dict[str, list[tuple[float, Score]]] = defaultdict(list)
        for key, h, sc in units:
            groups[key].append((h, sc))
        for name, value in (
            ("score", lambda sc: -sc.score),
            ("linear_score", lambda sc: -max(0.0, sc.raw_score)),
        ):
            out[f"{level}_tau_b_{name}"] = kendall_tau_b([value(sc) for _, _, sc in units], human)
            acc, pairs = pairwise_accuracy(
                [[(h, value(sc)) for h, sc in g] for g in groups.values()]
            )
            out[f"{level}_pairwise_accuracy_{name}"] = acc
            out[f"{level}_pairs"] = pairs
    return out
