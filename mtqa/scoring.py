"""MQM scoring: severity-weighted penalty points per reference word count.

APT (absolute penalty total) = sum of finding weights; NPT = APT / words × RWC;
quality score = max(0, 100 − NPT). A document's score comes from its own
totals, never from an average of its segments.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Finding, Score

DEFAULT_WEIGHTS = {"neutral": 0.0, "minor": 1.0, "major": 5.0, "critical": 25.0}
# Freitag et al. (2021): minor punctuation 0.1, non-translation 25.
WMT_OVERRIDES = {("Fluency/Punctuation", "minor"): 0.1, ("Accuracy/Untranslated", "major"): 25.0}


@dataclass(frozen=True)
class Scoring:
    """Weights, reference word count and pass threshold of one run."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    overrides: dict[tuple[str, str], float] = field(default_factory=dict)
    rwc: int = 1000
    threshold: float = 95.0

    @classmethod
    def preset(cls, name: str, **kwargs) -> Scoring:
        """``default`` (MQM 2.0: 0/1/5/25) or ``wmt`` (Freitag et al. 2021 weights)."""
        if name == "wmt":
            return cls(overrides=dict(WMT_OVERRIDES), **kwargs)
        return cls(**kwargs)

    def weight(self, finding: Finding) -> float:
        return self.overrides.get(
            (finding.category, finding.severity), self.weights[finding.severity]
        )

    def score(self, words: int, penalty: float) -> Score:
        if words:
            quality = max(0.0, 100.0 - penalty / words * self.rwc)
        else:
            quality = 100.0 if penalty == 0 else 0.0
        return Score(words, round(penalty, 4), round(quality, 2))

    def passed(self, score: Score, findings: list[Finding]) -> bool:
        return score.score >= self.threshold and not any(f.severity == "critical" for f in findings)
