"""The MQM scoring model: penalty totals, the raw and the calibrated quality score,
and a verdict that statistics can stand behind for short texts.

Terms as in MQM 2.0 (themqm.org, "The MQM Scoring Models"; Lommel et al. 2024,
"The Multi-Range Theory of Translation Quality Measurement", arXiv:2405.16969):

- APT, the absolute penalty total: the sum of the findings' severity weights
  (neutral 0, minor 1, major 5, critical 25 by default);
- NPT, the normed penalty total: APT per reference word count (RWC, 1,000 words);
- the **raw score** (MQM's linear raw model): ``100 − NPT``. It goes below 0 for a
  text with more than 100 penalty points per 1,000 words; kept for comparison with
  MQM figures elsewhere.

The **calibrated score** (0–100, higher is better) measures APT against the
text's *tolerance* E(x), the penalty points acceptable in a text of x words:

    score = 100 − s · ln(1 + APT / E(x)),   s = (100 − PASS_SCORE) / ln 2

so a text with no penalty scores 100, a text at exactly its tolerance scores
PASS_SCORE (90), and the score keeps falling, ever more slowly, as the penalty
grows: a text ten times over its tolerance scores 65, a thousand times over 0.3.
A linear map puts machine-translated articles with a dozen artifacts at 0
(measured: 9 of the 34 dev texts); this one spreads them from 23 to 84.

The tolerance follows Gladkoff et al. (2025, arXiv:2511.13467): acceptable error
counts grow logarithmically with sample size, E(x) = a · ln(1 + b·x), so a short
text may carry a larger share of errors than a long one. Above the reference
word count it grows in proportion to the length (MQM's linear model): mtqa's
findings are independent artifacts whose number grows with the text, and a
tolerance that grew more slowly would fail long professional documents for
their length alone. ``a`` is set so that E(RWC) = ``tolerance``; ``b`` is
TOLERANCE_CURVE.

The **verdict** comes from statistical quality control (Lommel et al. 2024, §6):
a slip or two in a short text is weak evidence of a bad translation. Penalty
points, in units of the minor weight, are taken as a Poisson count; ``confidence``
is the probability that a text exactly at its tolerance (expected E(x) points)
collects fewer points than this one did. A text fails when its score is under
the pass threshold *and* that confidence reaches CONFIDENCE_LEVEL; under the
threshold with less confidence it is "too short to judge" and passes. So one
minor finding passes any text of 40 words or more, while one major finding (5
points) is beyond chance in any text under about 3,000 words. A critical finding
fails any text (``fail_on``). `mtqa.gate` applies this verdict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import SEVERITIES, Finding, Score, Tally

DEFAULT_WEIGHTS = {"neutral": 0.0, "minor": 1.0, "major": 5.0, "critical": 25.0}
# Freitag et al. (2021): minor punctuation 0.1, non-translation 25.
WMT_OVERRIDES = {("Fluency/Punctuation", "minor"): 0.1, ("Accuracy/Untranslated", "major"): 25.0}

PASS_SCORE = 90.0  # the calibrated score of a text at exactly its tolerance
_SLOPE = (100.0 - PASS_SCORE) / math.log(2)
# Tolerance: 0.8 penalty points per 1,000 words, about 2.7 times the rate mtqa's
# rules find in professional news (0.30 findings per 1,000 words over 500 BBC
# articles, docs/quality.md), so that professional text passes with room to spare
# and text with the artifact rate of machine translation (25 per 1,000) does not.
DEFAULT_TOLERANCE = 0.8
MIN_TOLERANCE = 0.001  # smaller, and a short text's tolerance rounds to nothing
# b of E(x) = a ln(1 + b x): the tolerance grows about in proportion up to ~100
# words and logarithmically beyond, so that one minor finding in a 40-word item is
# within chance (confidence 0.89) and two in a 300-word article are not (0.92).
# The log part stops at RWC, beyond which E grows in proportion (see tolerance_for).
TOLERANCE_CURVE = 0.01
CONFIDENCE_LEVEL = 0.9  # one-sided, as statistical quality control usually asks
# Bands by the worst severity found (a neutral finding costs nothing): what a
# reviewer reads first, in the HTML report and the segments CSV.
BAND_NAMES = ("clean", "minor issues", "major issues", "critical")


@dataclass(frozen=True)
class Scoring:
    """The scoring model of one run: weights, reference word count and tolerance
    (see the module docstring for every formula; the verdict is `mtqa.gate`'s)."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    overrides: dict[tuple[str, str], float] = field(default_factory=dict)
    rwc: int = 1000
    tolerance: float = DEFAULT_TOLERANCE

    @classmethod
    def preset(cls, name: str, **kwargs) -> Scoring:
        """``default`` (MQM 2.0: 0/1/5/25) or ``wmt`` (Freitag et al. 2021 weights)."""
        if name == "wmt":
            return cls(overrides=dict(WMT_OVERRIDES), **kwargs)
        return cls(**kwargs)

    def weight(self, finding: Finding) -> float:
        """Penalty points of one finding."""
        return self.overrides.get(
            (finding.category, finding.severity), self.weights[finding.severity]
        )

    def tolerance_for(self, words: int) -> float:
        """E(x): penalty points tolerated in a text of ``words`` words (> 0 for x > 0)."""
        if words >= self.rwc:
            return self.tolerance * words / self.rwc
        a = self.tolerance / math.log1p(TOLERANCE_CURVE * self.rwc)
        return a * math.log1p(TOLERANCE_CURVE * words)

    def tally(self, findings: Iterable[Finding]) -> Tally:
        """The penalty total and the worst severity of ``findings``."""
        penalty, worst = 0.0, -1
        for f in findings:
            penalty += self.weight(f)
            worst = max(worst, SEVERITIES.index(f.severity))
        return Tally(penalty, worst)

    def score(self, words: int, tally: Tally) -> Score:
        """Every figure of the model for a text of ``words`` words with ``tally``."""
        penalty = tally.penalty
        band = _band(tally.worst, penalty)
        if not words:  # no words to measure: any penalty is beyond every tolerance
            empty = 100.0 if not penalty else 0.0
            return Score(0, round(penalty, 4), empty, empty, 0.0, float(bool(penalty)), band)
        tolerance = self.tolerance_for(words)
        calibrated = 100.0 - _SLOPE * math.log1p(penalty / tolerance)
        return Score(
            words,
            round(penalty, 4),
            round(min(100.0, max(0.0, calibrated)), 2),
            round(100.0 - penalty / words * self.rwc, 2),
            round(tolerance, 4),
            round(self._confidence(penalty, tolerance), 4),
            band,
        )

    def _confidence(self, penalty: float, tolerance: float) -> float:
        """P(points < APT) for a text at its tolerance, penalty points counted in
        minor-error units as a Poisson variable with mean E(x)."""
        unit = self.weights["minor"] or 1.0
        return _poisson_below(math.ceil(penalty / unit - 1e-9), tolerance / unit)


def _band(worst: int, penalty: float) -> str:
    if not penalty:
        return "clean"
    return BAND_NAMES[max(1, worst)]


def _poisson_below(n: int, mean: float) -> float:
    """P(N < n) for N ~ Poisson(mean): how surely a text at its tolerance would
    collect fewer penalty points than ``n``. 0 for n = 0.

    Summed term by term; for a mean over 500 (a very long text, whose e^-mean
    underflows) by the normal approximation with continuity correction, which is
    then exact to well under 0.01."""
    if n <= 0:
        return 0.0
    if mean > 500:
        return 0.5 * (1.0 + math.erf((n - 0.5 - mean) / math.sqrt(2.0 * mean)))
    term = total = math.exp(-mean)
    for k in range(1, n):
        term *= mean / k
        total += term
        if term < 1e-12 * total:
            break
    return min(1.0, total)
