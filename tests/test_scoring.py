"""MQM scoring exactly as documented: weights, per-1000-word normalisation, verdicts."""

from __future__ import annotations

import pytest

from mtqa import Config, check_text
from mtqa.model import Finding
from mtqa.scoring import Scoring


def finding(severity: str, category: str = "Fluency/Grammar") -> Finding:
    return Finding("MT000", "x", category, severity, 1, 0, 1, 1, 1, "x", "m")


def test_weights_and_normalisation():
    s = Scoring()
    penalty = sum(s.weight(finding(sev)) for sev in ("neutral", "minor", "major", "critical"))
    assert penalty == 31.0
    score = s.score(2000, penalty)
    assert score.score == pytest.approx(100 - 31 / 2000 * 1000)
    assert s.score(10, 500).score == 0.0  # floored at zero
    assert s.score(0, 0).score == 100.0


def test_critical_fails_whatever_the_score():
    s = Scoring()
    score = s.score(100000, 25)
    assert score.score == pytest.approx(99.75)
    assert not s.passed(score, [finding("critical")])
    assert s.passed(score, [finding("major")])


def test_wmt_preset():
    s = Scoring.preset("wmt")
    assert s.weight(finding("minor", "Fluency/Punctuation")) == 0.1
    assert s.weight(finding("major", "Accuracy/Untranslated")) == 25.0
    assert s.weight(finding("major")) == 5.0


def test_document_score_comes_from_totals_not_segment_average():
    text = "A short one. . Yes.\n\n" + " ".join(["word"] * 996) + "."
    report = check_text(text, config=Config(select=("MT101",)))
    doc = report.documents[0]
    assert [s.words for s in doc.segment_scores] == [4, 996]
    assert doc.segment_scores[0].score == 0.0  # 1 point over 4 words
    assert doc.score.score == 99.0  # 1 point over 1000 words
    assert doc.passed


def test_custom_weights_rwc_and_threshold():
    text = "It rose. . Then it fell and rose again in the spring of that year."
    config = Config(select=("MT101",), weights={"minor": 2.0}, rwc=100, fail_under=80)
    doc = check_text(text, config=config).documents[0]
    assert doc.score.penalty == 2.0
    assert doc.score.score == pytest.approx(100 - 2 / doc.score.words * 100, abs=0.01)
    assert doc.passed == (doc.score.score >= 80)
