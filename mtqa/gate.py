"""The gate: whether each document, and so the run, passes.

One pure function of the documents' scores and the gate options, used by every
path that shows or acts on a verdict: `Checker.check` and `Checker.summarize`
(``mtqa check``, ``--stream``, the Python API), ``mtqa compare``, and through the
report every writer. The statistics behind a verdict are in `mtqa.scoring`.

A document fails, in this order of reasons, on:

0. nothing judged: no rule could check it (its target language, its segment
   kinds), or it has no words (punctuation, numbers): a score of 100 there would
   be a PASS for a text nobody read;
1. a finding at ``fail_on`` or worse (``--fail-on``; a critical one always);
2. a raw MQM rate over ``max_penalty_per_kw`` penalty points per 1,000 words;
3. a calibrated score under ``threshold`` (``--fail-under``) *and* a confidence of
   at least `CONFIDENCE_LEVEL` that its error rate is over tolerance.

Under the threshold with less confidence it passes, "too short to judge".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .model import SEVERITIES, Score, Tally, Verdict
from .scoring import CONFIDENCE_LEVEL, PASS_SCORE

# Verdict reasons, as JSON and the terminal show them
CLEAN = "no penalty"
AT_OR_ABOVE = "at or above the threshold"
TOO_SHORT = "too short to judge"
NO_RULES = "checked by no rule"
NO_WORDS = "no words to judge"
UNDER = "under the threshold"
RATE = "over the penalty rate"
SEVERE = "a {severity} finding"


@dataclass(frozen=True)
class GateOptions:
    """What the gate asks of a document (``--fail-under``, ``--fail-on``,
    ``--max-penalty-per-kw``): a calibrated score of 0–100, a severity name of
    `SEVERITIES`, and penalty points per 1,000 words (None: no cap)."""

    threshold: float = PASS_SCORE
    fail_on: str = "critical"
    max_penalty_per_kw: float | None = None


class Judged(Protocol):
    """What the gate reads of a document: its figures and its penalty tally."""

    @property
    def score(self) -> Score: ...

    @property
    def tally(self) -> Tally: ...

    @property
    def rules(self) -> int | None: ...


def judge(score: Score, tally: Tally, options: GateOptions, rules: int | None = None) -> Verdict:
    """The verdict on one document (see the module docstring for the order);
    ``rules`` is how many rules checked it (None: not counted)."""
    if rules == 0:
        return Verdict(False, NO_RULES)
    if not score.words and tally.worst < 0:
        return Verdict(False, NO_WORDS)
    if tally.worst >= SEVERITIES.index(options.fail_on):
        return Verdict(False, SEVERE.format(severity=SEVERITIES[tally.worst]))
    cap = options.max_penalty_per_kw  # per 1,000 words, whatever the rwc
    if cap is not None and score.words and score.penalty / score.words * 1000 > cap:
        return Verdict(False, RATE)
    if score.score >= options.threshold:
        return Verdict(True, AT_OR_ABOVE if score.penalty else CLEAN)
    if score.confidence >= CONFIDENCE_LEVEL:
        return Verdict(False, UNDER)
    return Verdict(True, TOO_SHORT)


def gate(documents: Iterable[Judged], options: GateOptions) -> tuple[list[Verdict], bool]:
    """Each document's verdict, in order, and the run's: it passes when every
    document does (a run of no documents passes)."""
    verdicts = [judge(d.score, d.tally, options, d.rules) for d in documents]
    return verdicts, all(v.passed for v in verdicts)
