"""MT211 (lowercase word inside a quoted title) and MT406 (title words a term differently)."""

from __future__ import annotations

import mtqa
from mtqa.readers import parse


def found(text: str, code: str) -> list[tuple[str, int, str | None]]:
    result = mtqa.Checker().check(parse(text, "t.txt", "txt"))
    return [(f.text, f.start, f.suggestion) for f in result.findings if f.rule == code]


def test_lowercase_words_inside_a_quoted_title():
    text = 'Read the "Plan for the Renewal of old town Streets and Markets" first.'
    assert found(text, "MT211") == [("old town", 34, "Old Town")]


def test_minor_words_inside_the_run_keep_their_case():
    text = 'See the "Rules on Fees of tolls and charges Offices for Rural Roads" now.'
    assert found(text, "MT211") == [("tolls and charges", 26, "Tolls and Charges")]


def test_speech_subtitles_and_sentence_case_titles_pass():
    for text in (
        'People asked "What has Labour done for the North East?" at the door.',
        'The report "Water and Sanitation in Rural Areas: a review of Progress" is out.',
        'He said "we will build the New Town Hall on Market Street" in May.',
        'Fans sang "Don\'t Look Back in Anger" all night.',
    ):
        assert found(text, "MT211") == [], text


def test_title_that_ends_a_phrase_of_the_text_with_another_word():
    text = (
        "Raise the quality and number of seedlings\n\n"
        "The county will raise the quality and number of saplings this spring.\n"
    )
    assert found(text, "MT406") == [("seedlings", 32, "saplings")]


def test_title_that_the_text_repeats_or_extends_passes():
    for text in (
        "Raise the quality and number of saplings\n\nWe raise the quality and number of saplings.",
        "Farmers plant more maize this year\n\nFarmers plant more maize this year than ever.\n",
        "Short title here\n\nShort title there.\n",
    ):
        assert found(text, "MT406") == [], text
