"""Professional English stays quiet: quotation pairing, names and titles,
abbreviations, indents and repetitions that English allows, on texts of our own;
and, where the evaluation data is present, the rates the precision issue sets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mtqa
from mtqa import Config
from mtqa.language.lexicon import dictionary_words
from mtqa.language.names import always_capitalised, in_title_run, known_in_lowercase
from mtqa.quotes import pair_quotes
from mtqa.textutil import abbreviation_kind, sentence_spans


def findings(text: str, *rules: str) -> list[tuple[str, str]]:
    """(rule, flagged text) of every finding of ``rules`` on a plain text."""
    report = mtqa.check_text(text, config=Config(select=rules))
    return [(f.rule, f.text) for f in report.documents[0].findings]


# --- quotation marks ---------------------------------------------------------


def test_straight_quotes_are_read_from_their_neighbours():
    text = 'He said "it works" and left.'
    report = pair_quotes(text)
    assert report.pairs == ((8, 17),)
    assert report.spans == ((8, 18),)
    assert not report.unclosed and not report.unopened


def test_quotation_run_on_inside_one_line_is_continued():
    text = 'She said: "We want more. "And more roads." Then she left.'
    report = pair_quotes(text)
    assert report.unclosed == () and report.unopened == ()
    assert report.pairs == ((25, 41),)
    assert report.inside(12) and report.inside(30) and not report.inside(50)


def test_unmatched_marks_are_the_ones_reported():
    text = 'The mayor said the roads were ready." Work starts "today.'
    report = pair_quotes(text)
    assert report.unopened == (36,)
    assert report.unclosed == (50,)
    assert pair_quotes('An ""odd" price.').doubled == (4,)


def test_inch_marks_and_curly_nesting():
    assert pair_quotes('A 12" record, a "new" one.').pairs == ((16, 20),)
    sizes = pair_quotes('The 55" model and the 65" one.')
    assert sizes.pairs == () and sizes.unopened == () and sizes.unclosed == ()
    assert pair_quotes('The goals set for 2035" were met.').unopened == (22,)
    assert pair_quotes('A """"" run.').doubled == (3,)
    nested = pair_quotes("The “first “second” text.")
    assert nested.unclosed == (4,)


def test_quotation_over_paragraphs_is_not_unbalanced():
    text = 'The coach said: "We played well in the first half.\n\n"We will be back next week."\n'
    assert findings(text, "MT105") == []


def test_quotation_never_closed_is_reported_at_its_opening_mark():
    text = 'The coach said: "We played well in the first half.\n\nThe club was pleased.\n'
    assert findings(text, "MT105") == [("MT105", '"')]
    report = mtqa.check_text(text, config=Config(select=("MT105",)))
    assert report.documents[0].findings[0].column == 17


# --- abbreviations and sentences ---------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ("in Tacoma, Wash", ",", "other"),
        ("Acme Inc", ",", "other"),
        ("at 9 a.m", ",", "dotted"),
        ("J.R.R", " Tolkien", "dotted"),
        ("met J", " Smith", "initial"),
        ("met Mr", " Li", "prepositive"),
        ("No", " 10", "number"),
        ("answer was No", " Then", None),
        ("That is", " Then", None),
        ("for me", " Then", None),
        ("poverty", " problem", None),
    ],
)
def test_abbreviation_kinds(before, after, kind):
    assert abbreviation_kind(before, after) == kind


def test_sentences_after_abbreviations():
    text = "Acme Inc. The deal closed. He met Mr. Li at No. 10 and bought tools, etc. and paint."
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    assert sentences == [
        "Acme Inc.",
        "The deal closed.",
        "He met Mr. Li at No. 10 and bought tools, etc. and paint.",
    ]


def test_abbreviations_before_punctuation_are_not_stray():
    text = "Ray Lee Jr., of Tacoma, Wash., joined Acme Inc., at 9 a.m., on Monday.\n"
    assert findings(text, "MT101") == []
    assert findings("The plan cut poverty. , It also built roads.\n", "MT101") == [("MT101", ". ,")]


# --- names and titles ----------------------------------------------------------


def test_dictionary_knows_capitals():
    assert "Mexican" in dictionary_words() and "budget" in dictionary_words()
    assert always_capitalised("Mexicans") and always_capitalised("Christians")
    assert not always_capitalised("Clinics")
    assert known_in_lowercase("Clinics") and not known_in_lowercase("Qwertyzx")


def test_title_runs():
    assert in_title_run("the director of On the Beach, who won", 16, 18)
    assert in_title_run("the album How to Dismantle an Atomic Bomb came", 10, 13)
    assert not in_title_run("the director of On the Beach won", 16, 18)
    assert not in_title_run("the It has built", 4, 6)
    assert not in_title_run("and actively Take the Party's line", 13, 17)


@pytest.mark.parametrize(
    "text",
    [
        "The prize went to the director of On the Beach in 1960.\n",
        "Their new album How to Build a Boat sold well.\n",
        "Voters expect an early May election.\n",
        "Last year's Oscars drew millions of Americans to their screens.\n",
        "He writes a blog called Cats without Homes about strays.\n",
        "He joined Acme in 1978 and left Acme in 1982, at the acme of his career.\n",
        "The new President, Ann Lee, said the president's office would move.\n",
    ],
)
def test_names_and_titles_are_not_glued_or_stray_capitals(text):
    assert findings(text, "MT201", "MT202") == []


def test_mt_capitals_are_still_found():
    text = (
        "The towns have modern clinics and the villages have basic Clinics too. "
        "The county greatly improved the It has built new roads.\n"
    )
    assert findings(text, "MT201", "MT202") == [("MT202", "Clinics"), ("MT201", "It")]


def test_one_repeated_phrase_is_not_a_name():
    # the document capitalises Congress after one word only: a repeated MT slip
    text = "The people’s Congress met. Later the people’s Congress voted on the congress rules.\n"
    assert ("MT202", "Congress") in findings(text, "MT202")


# --- sentence starts, indents, repetitions ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Their hit Who Am I? sold well.\n",
        "He paused.. and then went on.\n",
        "Pack these: 1. a tent 2. a stove.\n",
        'He was tired. "cool" was all he said.\n',
    ],
)
def test_lowercase_starts_that_english_allows(text):
    assert findings(text, "MT203") == []


def test_indents_follow_the_layout():
    english = "Budget measures:\n\n - A freeze on fuel duty\n\nMore help for pensioners.\n"
    assert findings(english, "MT104") == []
    chinese = "The county opened schools.\n\n  The county built roads.\n"
    assert findings(chinese, "MT104") == [("MT104", "  ")]
    every = " The county opened schools.\n\n The county built roads.\n"
    assert findings(every, "MT104") == [("MT104", " "), ("MT104", " ")]


def test_repetitions_english_allows():
    text = "The talks went on and on and on. What makes a home a home is its people.\n"
    assert findings(text, "MT204", "MT205") == []
    slips = "The club has backed him since him since he joined. The the vote was close.\n"
    assert findings(slips, "MT204", "MT205") == [
        ("MT204", "him since him since"),
        ("MT205", "The the"),
    ]


# --- a word list that cannot load stops the run -------------------------------------


def test_missing_word_list_is_one_line_and_exit_2(run, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(
        "The towns have clinics and the villages have basic Clinics too.\n", encoding="utf-8"
    )
    dictionary_words.cache_clear()
    monkeypatch.setenv("MTQA_CACHE_DIR", "off")  # a cached copy would hide the broken install
    monkeypatch.setitem(sys.modules, "english_words", None)  # import fails
    try:
        result = run("check", "a.txt")
    finally:
        dictionary_words.cache_clear()
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "mtqa: error: cannot load the English dictionary headwords (package english-words): "
        "ModuleNotFoundError: import of english_words halted; None in sys.modules "
        "(reinstall mtqa and its dependencies)"
    )


# --- the evaluation data (skipped in a user's clone) -------------------------------


def _rate(report) -> float:
    total = sum(len(d.findings) for d in report.documents)
    return total / report.summary.words * 1000


def test_human_news_stays_under_the_bar(shared):
    report = mtqa.check_paths([str(shared / "corpus" / "human-news-dev")])
    assert report.summary.words > 180_000
    assert _rate(report) <= 0.3, [(f.rule, f.text) for d in report.documents for f in d.findings]


def test_seed_article_keeps_every_finding(shared):
    # (rule, line, column, length) of every finding the seed article had before the
    # precision work: positions only, so no evaluation text is copied here
    pinned = json.loads(
        (Path(__file__).parent / "fixtures" / "seed_findings.json").read_text("utf-8")
    )
    report = mtqa.check_paths([str(shared / "samples" / "seed-article.txt")])
    found = {(f.rule, f.line, f.column, f.end - f.start) for f in report.documents[0].findings}
    missing = {tuple(p) for p in pinned} - found
    assert not missing, sorted(missing)


EXCLUDE_INDENTS = ("--exclude-family", "spacing-indent")


def test_mt_recall_meets_the_bar_and_every_text_is_flagged(shared, run, tmp_path):
    # strict recall on the hand gold without the indent family: the bars are tier 1
    # 0.90 and tier 2 0.50; measured 129/135 and 54/89, so a regression of a few
    # spans fails here before it reaches the bars
    texts = sorted(str(p) for p in (shared / "corpus" / "mt-dev").glob("*.txt"))
    out = tmp_path / "mt.json"
    assert run("check", *texts, "--format", f"json:{out}", "--exit-zero").exit_code == 0
    script = shared / "corpus" / "gold_recall.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--json", str(out), "--strict", *EXCLUDE_INDENTS],
        capture_output=True,
        text=True,
        check=True,
    )
    last = proc.stdout.strip().splitlines()[-1]
    tier1, tier2 = re.findall(r"\((\d+)/\d+\)", last)[:2]
    assert int(tier1) >= 125 and int(tier2) >= 50, last
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [d["path"] for d in report["documents"] if not d["findings"]] == []
