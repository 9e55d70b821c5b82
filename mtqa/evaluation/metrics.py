"""The statistics of ``mtqa eval``: span overlap and its chance rate, rank agreement."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Span = tuple[int, int]


def _widen(span: Span) -> Span:
    """A zero-length human span (an insertion point) covers the character after it."""
    a, b = span
    return (a, b if b > a else a + 1)


def overlaps(start: int, end: int, spans: Sequence[Span]) -> bool:
    """Whether [start, end) shares a character with any span."""
    return any(start < b and a < end for a, b in map(_widen, spans))


def chance_overlap(length: int, size: int, spans: Sequence[Span]) -> float:
    """Probability that a span of ``size`` placed uniformly at random in a text of
    ``length`` characters overlaps one of ``spans``."""
    if not spans or length <= 0:
        return 0.0
    if size >= length:
        return 1.0
    positions = length - size + 1
    hit = np.zeros(positions, dtype=bool)
    for a, b in map(_widen, spans):
        # start s overlaps [a, b) when s < b and a < s + size
        lo, hi = max(0, a - size + 1), min(positions, b)
        if lo < hi:
            hit[lo:hi] = True
    return float(hit.mean())


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson's correlation coefficient r; NaN for fewer than two values or a side
    that does not vary."""
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(xs) < 2 or xs.std() == 0 or ys.std() == 0:
        return float("nan")
    return float(np.corrcoef(xs, ys)[0, 1])


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Kendall's tau-b (ties in either variable handled), computed over all pairs."""
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(xs)
    if n < 2:
        return float("nan")
    concordance = ties_x = ties_y = 0
    for i in range(n - 1):
        dx = np.sign(xs[i + 1 :] - xs[i])
        dy = np.sign(ys[i + 1 :] - ys[i])
        concordance += int((dx * dy).sum())
        ties_x += int((dx == 0).sum())
        ties_y += int((dy == 0).sum())
    pairs = n * (n - 1) // 2
    denominator = np.sqrt(float(pairs - ties_x) * float(pairs - ties_y))
    return float(concordance / denominator) if denominator else float("nan")


def decided_pairs(groups: Sequence[Sequence[tuple[float, float]]]) -> tuple[int, int]:
    """Of the pairs `pairwise_accuracy` counts (humans rank them differently), those
    the prediction orders, not ties: ``(ordered as humans do, ordered)``. A
    predictor that ties most pairs (no finding in either translation) scores near
    0.5 on all pairs whatever it gets right where it does speak."""
    right = decided = 0
    for group in groups:
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                human = group[i][0] - group[j][0]
                predicted = group[i][1] - group[j][1]
                if human != 0 and predicted != 0:
                    decided += 1
                    right += (predicted > 0) == (human > 0)
    return right, decided


def pairwise_accuracy(groups: Sequence[Sequence[tuple[float, float]]]) -> tuple[float, int]:
    """Share of pairs, within each group, that the prediction orders as humans do.

    Each group holds (human penalty, predicted penalty) pairs for the different
    systems' translations of one source segment. Only pairs that humans rank
    differently count; a predicted tie counts half (a coin toss would get it).
    Returns the accuracy and the number of pairs.
    """
    score = 0.0
    pairs = 0
    for group in groups:
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                human = group[i][0] - group[j][0]
                if human == 0:
                    continue
                predicted = group[i][1] - group[j][1]
                pairs += 1
                score += 0.5 if predicted == 0 else float((predicted > 0) == (human > 0))
    return (score / pairs if pairs else float("nan")), pairs
