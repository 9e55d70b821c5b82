"""The scoring model exactly as docs/scoring.md documents it: weights, raw and
calibrated scores, tolerance, statistical verdicts, bands, gate options."""

from __future__ import annotations

import math

import pytest

from mtqa import Config, check_text
from mtqa.gate import GateOptions, judge
from mtqa.model import Finding, Tally, Verdict
from mtqa.scoring import PASS_SCORE, Scoring


def finding(severity: str, category: str = "Fluency/Grammar") -> Finding:
    return Finding("MT000", "x", category, severity, 1, 0, 1, 1, 1, "x", "m")


def tally(*severities: str) -> Tally:
    return Scoring().tally(finding(s) for s in severities)


def test_weights_tally_and_wmt_preset():
    s = Scoring()
    t = s.tally(finding(sev) for sev in ("neutral", "minor", "major", "critical"))
    assert t == Tally(31.0, 3)  # a neutral finding costs nothing
    wmt = Scoring.preset("wmt")
    assert wmt.weight(finding("minor", "Fluency/Punctuation")) == 0.1
    assert wmt.weight(finding("major", "Accuracy/Untranslated")) == 25.0
    assert wmt.weight(finding("major")) == 5.0


def test_tolerance_is_logarithmic_below_the_reference_and_proportional_above():
    s = Scoring()
    a = 0.8 / math.log1p(10)
    assert s.tolerance_for(100) == pytest.approx(a * math.log1p(1))
    assert s.tolerance_for(1000) == pytest.approx(0.8)
    assert s.tolerance_for(5000) == pytest.approx(4.0)
    # more tolerance per word in a short text
    assert s.tolerance_for(100) / 100 > s.tolerance_for(1000) / 1000


@pytest.mark.parametrize(
    ("words", "severities", "score", "raw", "confidence", "band", "passed"),
    [
        (300, (), 100.0, 100.0, 0.0, "clean", True),
        (20, ("minor",), 58.76, 50.0, 0.941, "minor issues", False),
        (40, ("minor",), 66.91, 75.0, 0.8938, "minor issues", True),
        (200, ("minor",), 81.01, 95.0, 0.6931, "minor issues", True),
        (2000, ("minor",), 93.0, 99.5, 0.2019, "minor issues", True),
        (300, ("minor", "minor"), 75.87, 93.33, 0.9209, "minor issues", False),
        (300, ("critical",), 42.17, 16.67, 1.0, "critical", False),
        (300, ("major",), 64.38, 83.33, 0.9999, "major issues", False),
        (3100, ("major",), 84.07, 98.39, 0.8938, "major issues", True),
        (300, ("minor",) * 3 + ("major",), 58.06, 73.33, 1.0, "major issues", False),
    ],
)
def test_hand_made_cases(words, severities, score, raw, confidence, band, passed):
    s = Scoring()
    t = tally(*severities)
    result = s.score(words, t)
    assert (result.score, result.raw_score, result.confidence, result.band) == (
        pytest.approx(score, abs=0.01),
        pytest.approx(raw, abs=0.01),
        pytest.approx(confidence, abs=1e-4),
        band,
    )
    assert judge(result, t, GateOptions()).passed is passed


def test_calibrated_score_anchors():
    s = Scoring()
    for times, expected in ((1, PASS_SCORE), (10, 65.4), (100, 33.4)):
        t = Tally(s.tolerance_for(500) * times, 1)
        assert s.score(500, t).score == pytest.approx(expected, abs=0.05)
    # never below 0, whatever the penalty; the raw score goes on below 0
    worst = s.score(10, Tally(1e9, 3))
    assert worst.score == 0.0
    assert worst.raw_score < -1e6


def test_empty_text():
    s = Scoring()
    assert s.score(0, Tally()).score == 100.0
    assert s.score(0, tally("minor")).score == 0.0


def test_gate_options():
    t = tally("major")
    long_text = Scoring().score(100_000, t)
    assert judge(long_text, t, GateOptions()) == Verdict(True, "at or above the threshold")
    assert judge(long_text, t, GateOptions(fail_on="major")) == Verdict(False, "a major finding")
    # the raw MQM rate: 2 minor points over 400 words is 5 per 1,000 (and within chance)
    two = tally("minor", "minor")
    short = Scoring().score(400, two)
    assert judge(short, two, GateOptions()) == Verdict(True, "too short to judge")
    assert judge(short, two, GateOptions(max_penalty_per_kw=6)).passed
    assert judge(short, two, GateOptions(max_penalty_per_kw=4)) == Verdict(
        False, "over the penalty rate"
    )
    # a lower threshold lets more through; the confidence still has to be there
    many = tally(*["minor"] * 4)
    assert judge(Scoring().score(300, many), many, GateOptions()) == Verdict(
        False, "under the threshold"
    )
    assert judge(Scoring().score(300, many), many, GateOptions(threshold=50)).passed


def test_nothing_judged_is_not_a_pass():
    """A score of 100 for a text no rule read, or with no words, is no PASS."""
    nothing = Tally()
    assert judge(Scoring().score(0, nothing), nothing, GateOptions()) == Verdict(
        False, "no words to judge"
    )
    read = Scoring().score(50, nothing)
    assert judge(read, nothing, GateOptions(), rules=0) == Verdict(False, "checked by no rule")
    assert judge(read, nothing, GateOptions(), rules=3) == Verdict(True, "no penalty")
    # findings on a text of no words (a line of stray marks) are judged as findings
    assert judge(Scoring().score(0, tally("major")), tally("major"), GateOptions()).reason == (
        "under the threshold"
    )


def test_a_document_no_rule_checks_fails_the_gate(run, tmp_path):
    (tmp_path / "a.txt").write_text("!!! ... ???\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The market closed early on Friday.\n", encoding="utf-8")
    result = run("check", "a.txt", "b.txt", "--languagetool", "off")
    assert result.exit_code == 1
    assert "a.txt: FAIL score 100.0, no words to judge (raw 100.0;" in result.stdout
    assert "b.txt: PASS score 100.0 (raw" in result.stdout
    # MT608 reads page furniture (navigation, related links, comments) only
    unread = run("check", "b.txt", "--languagetool", "off", "--select", "MT608")
    assert unread.exit_code == 1
    assert "b.txt: FAIL score 100.0, checked by no rule (raw 100.0;" in unread.stdout


def test_a_document_every_rule_is_silenced_on_fails_the_gate(run, tmp_path):
    """Silencing every rule (an inline directive or a per-file ignore) leaves a text no
    rule read: no PASS. Silencing some paragraphs leaves the rest checked."""
    body = "The the mayor spoke.\n\nThe council met on Monday.\n"
    (tmp_path / "all.md").write_text("<!-- mtqa: disable ALL -->\n\n" + body, encoding="utf-8")
    (tmp_path / "some.md").write_text("<!-- mtqa: ignore -->\n" + body, encoding="utf-8")
    (tmp_path / "c.txt").write_text(body, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('[per-file-ignores]\n"c.txt" = ["ALL"]\n', encoding="utf-8")
    result = run("check", "all.md", "some.md", "c.txt", "--languagetool", "off")
    assert result.exit_code == 1
    assert "all.md: FAIL score 100.0, checked by no rule (raw 100.0;" in result.stdout
    assert "c.txt: FAIL score 100.0, checked by no rule (raw 100.0;" in result.stdout
    assert "some.md: PASS score 100.0 (raw" in result.stdout
    # one rule silenced leaves the others: still judged
    (tmp_path / "mtqa.toml").write_text('[per-file-ignores]\n"c.txt" = ["MT2"]\n', encoding="utf-8")
    assert "c.txt: PASS score 100.0 (raw" in run("check", "c.txt", "--languagetool", "off").stdout


def test_directives_are_read_in_any_case_and_a_mistyped_code_is_unused(run, tmp_path):
    (tmp_path / "up.md").write_text("<!-- MTQA: Disable ALL -->\n\nThe the mayor.\n")
    (tmp_path / "typo.md").write_text(
        "<!-- mtqa: disable MT2O5 -->\n\nThe report.\n\n<!-- mtqa: ignore LT:X -->\nYes.\n"
    )
    result = run("check", "up.md", "typo.md", "--languagetool", "off")
    assert "up.md: FAIL score 100.0, checked by no rule (raw 100.0;" in result.stdout
    assert "typo.md:1: unused suppression 'disable MT2O5': it suppressed nothing" in result.stdout
    assert "LT:X" not in result.stdout  # LanguageTool's rules are the server's to know


def test_document_figures_come_from_totals_not_segment_average():
    text = "A short one. . Yes.\n\n" + " ".join(["word"] * 996) + "."
    doc = check_text(text, config=Config(select=("MT101",))).documents[0]
    assert doc.verdict == Verdict(True, "too short to judge")  # one finding
    assert doc.segment_scores[0].band == "minor issues"
    assert doc.segment_scores[1].band == "clean"
    assert doc.score.raw_score == 99.0  # 1 point over 1,000 words
    assert doc.score.score == pytest.approx(100 - 10 / math.log(2) * math.log1p(1 / 0.8), abs=0.01)
    assert doc.passed  # one finding: too short to judge


def test_custom_weights_rwc_and_tolerance():
    text = "It rose. . Then it fell and rose again in the spring of that year."
    config = Config(select=("MT101",), weights={"minor": 2.0}, rwc=100, tolerance=2.0)
    doc = check_text(text, config=config).documents[0]
    assert doc.score.penalty == 2.0
    assert doc.score.raw_score == pytest.approx(100 - 2 / doc.score.words * 100, abs=0.01)
    assert doc.score.tolerance == pytest.approx(
        2.0 / math.log1p(1) * math.log1p(0.01 * doc.score.words), abs=1e-4
    )


def test_long_texts_and_empty_texts_keep_a_meaningful_confidence():
    s = Scoring()
    # a million words: e^-E underflows; the normal approximation takes over
    many = Tally(6000, 2)
    huge = s.score(1_000_000, many)
    assert huge.confidence == 1.0 and not judge(huge, many, GateOptions()).passed
    assert s.score(1_000_000, Tally(800, 1)).confidence < 0.9  # at its tolerance: chance
    # no words but a penalty (a line of stray punctuation): beyond any tolerance
    empty = s.score(0, tally("minor"))
    assert (empty.score, empty.confidence) == (0.0, 1.0)
    assert not judge(empty, tally("minor"), GateOptions()).passed


def test_raw_rate_cap_is_per_thousand_words_whatever_the_rwc():
    t = tally("minor")
    result = Scoring(rwc=100).score(2000, t)  # 0.5 points per 1,000 words
    assert not judge(result, t, GateOptions(max_penalty_per_kw=0.1)).passed
    assert judge(result, t, GateOptions(max_penalty_per_kw=0.6)).passed
