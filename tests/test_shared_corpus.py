"""Measurements on the evaluation data beside the checkout (skipped in a user's clone)."""

from __future__ import annotations

import mtqa

# Rules whose findings are on lines that are not article text (page furniture).
NOT_ARTICLE = {"MT601", "MT602", "MT603", "MT604", "MT605", "MT606", "MT608", "MT609"}


def test_seed_article_flags_each_visible_artifact(shared):
    report = mtqa.check_paths([str(shared / "samples" / "seed-article.txt")])
    found = {(f.rule, f.text) for f in report.documents[0].findings}
    expected = {
        ("MT103", "."),
        ("MT301", "Yin Yin"),
        ("MT204", "new A new"),
        ("MT101", ". ."),
        ("MT101", ". ,"),
        ("MT106", "."),
        ("MT102", " ,"),
        ("MT201", "Take"),
        ("MT203", "problem"),
        ("MT202", "Clinics"),
        ("MT105", "”"),
        ("MT304", "Liveliable"),
        ("MT401", "Tao Ranju"),
        ("MT403", "two no worries and three guarantees"),
        ("MT501", "my country"),
        ("MT501", "non-genetic inheritor"),
        ("MT501", "at the first time"),
        ("MT603", "Home » "),
        ("MT604", "by admin"),
        ("MT605", "Leave a Comment"),
        ("MT605", "You may also like"),
    }
    assert expected <= found, expected - found
    see_also = [f for f in report.documents[0].findings if f.rule == "MT601"]
    assert len(see_also) == 3 and {f.severity for f in see_also} == {"critical"}
    names = {f.text for f in report.documents[0].findings}
    for fine in ("Chongqing", "Tan Jianlan", "mu", "yuan", "Shizhu Tujia Autonomous County"):
        assert fine not in names


def test_human_text_stays_quiet(shared):
    report = mtqa.check_paths([str(shared / "corpus" / "human-dev")])
    article = [f for d in report.documents for f in d.findings if f.rule not in NOT_ARTICLE]
    words = report.summary.words
    # at most 1 finding per 1,000 words, excluding lines that are not article text
    assert len(article) <= words / 1000, [(f.rule, f.text) for f in article]
