"""Missing spaces, spacing and typography left from Chinese, layout symbols, and the
quotation pairing behind the unbalanced-quote rule: exact spans, suggestions and
the near-misses English writes on purpose. Every text here is written for the test."""

from __future__ import annotations

import time

import pytest

from mtqa import Config, check_text
from mtqa.quotes import pair_quotes

MINE = ("MT101", "MT102", "MT103", "MT104", "MT105", "MT107", "MT108", "MT109", "MT110")


def found(text: str, code: str) -> list[tuple[str, str | None]]:
    """(flagged text, suggestion) of every finding of one rule on a plain text."""
    report = check_text(text, config=Config(select=(code,)))
    return [(f.text, f.suggestion) for f in report.documents[0].findings]


def spans(text: str, code: str) -> list[tuple[int, int]]:
    report = check_text(text, config=Config(select=(code,)))
    return [(f.start, f.end) for f in report.documents[0].findings]


# --- MT103 missing space --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Since 2004,the county has grown.", [(",", ", ")]),
        ("It began in the late 1990 s,which helped.", [(",", ", ")]),
        ("Work stopped on May 31.Up to now, all is well.", [(".", ". ")]),
        ("The notice reads:(reporter Li Ming)", [(":", ": ")]),
        ("The board met (on Monday)and agreed.", [(")", ") ")]),
        ("The mayor (Xinhua)Beijing said so.", [(")", ") ")]),
        ("Prices rose;farmers were glad.", [(";", "; ")]),
        ("He called it “the new road”and left.", [("”", "” ")]),
        ('He called it "the new road"and left.', [('"', '" ')]),
        ("Then it stopped…The rain came.", [("…", "… ")]),
        ("Was it good?Yes, very.", [("?", "? ")]),
        ("A ticket costs 20cents now.", [("20cents", "20 cents")]),
        ("They stayed 10days in all.", [("10days", "10 days")]),
        ("Rules were set. 2Focus on training.", [("2Focus", "2 Focus")]),
        ("Rules were set. 2.021July was the day.", [("2.021July", "2.021 July")]),
    ],
)
def test_missing_space_kinds(text, expected):
    assert found(text, "MT103") == expected


def test_missing_space_exact_offsets():
    assert spans("Since 2004,the county grew.", "MT103") == [(10, 11)]
    assert spans("It costs 20cents.", "MT103") == [(9, 16)]


@pytest.mark.parametrize(
    "text",
    [
        "Chelsea won 3-1 and paid £5m, £10bn or $3.5bn.",
        "Kick-off is at 10:30, see No.10 and the U-turn.",
        "A Q&A on the 4x4 sold 24/7 in 1990s Britain.",
        'He called it "a disgrace", and left.',
        "The 10km race, 5kg bags, 3D films, 5G masts, the 2nd and 21st.",
        "He ran 6.46secs, stood 6ft 6in, at 100mph, then 30mins later.",
        "Write to li.na@example.com or see www.example.org/a,b.",
        "Open report_2021.pdf and notes.docx today.",
        "He quoted J.R.R.Tolkien and met at 9 a.m.Then he left.",
        "It sold 10,000 copies at 3.5 percent.",
        "The charity 4Children and station 1Xtra won awards.",
        "Some (re)build and (s)he stays.",
        "Sad news :( but we go on.",
        "They met at the caf&#233;s; then left.",
        'He bought a 12" record.',
    ],
)
def test_missing_space_near_misses(text):
    assert found(text, "MT103") == []


# --- MT102 space before a colon -------------------------------------------------


def test_space_before_colon_followed_by_a_bracket_or_word():
    # the space goes after the mark that was glued to the next word
    assert found("The text reads as follows :(reporter Li)", "MT102") == [(" :", ": ")]
    assert found("Venue :the town hall.", "MT102") == [(" :", ": ")]
    assert found("They met the press ,then left.", "MT102") == [(" ,", ", ")]
    assert found("Prices were 1 ,000 yuan.", "MT102") == []
    assert found("Great result :D see you.", "MT102") == []
    assert found("Great result :) see you.", "MT102") == []


def test_a_tab_before_a_mark_is_a_space_before_it():
    assert found("Prices rose\t, then fell.", "MT102") == [("\t,", ",")]


# --- MT104 spaces inside a sentence -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The county opened  two new schools.", [("  ", " ")]),
        ("The county opened \ttwo new schools.", [(" \t", " ")]),
        ("The county opened\u3000two new schools.", [("\u3000", " ")]),
    ],
)
def test_inner_space_runs(text, expected):
    assert found(text, "MT104") == expected


# --- MT108 spacing left from Chinese ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On the 13 th of May it opened.", [("13 th", "13th")]),
        ("On the 22 nd of May it opened.", [("22 nd", "22nd")]),
        ("It grew in the late 1990 s and after.", [("1990 s", "1990s")]),
        ("It fell to 18 ° C overnight.", [("° ", "°")]),
        ("They visited Three -Jin Village.", [(" -", "-")]),
        ("A long road——the path.", [("——", "—")]),
        ("A long road— —the path.", [("— —", "—")]),
        ("He paused … … then spoke.", [("… …", "…")]),
        ("It took 14 days of isolation +7 days at home.", [("+", "+ ")]),
        ("This is China‘s biggest port.", [("‘", "’")]),
        ("She moved to Xi' an last year.", [("Xi' an", "Xi'an")]),
        ("She moved to Xi’ an last year.", [("Xi’ an", "Xi’an")]),
        ("The plant is in Lu ‘an city.", [("Lu ‘an", "Lu’an")]),
        ("Each tree gives 5~10 kilos.", [("~", "-")]),
        ("Each tree gives 5 ~10 kilos.", [(" ~", "-")]),
        ("Welcome, dear friends~ come in.", [("~", "")]),
    ],
)
def test_chinese_spacing_kinds(text, expected):
    assert found(text, "MT108") == expected


@pytest.mark.parametrize(
    "text",
    [
        "On the 13th of May, the 1st and 2nd teams met.",
        "He weighs 12 st and ran 10 s faster in 1990.",
        "Temperatures of -5C and 18°C; win - or lose - they play.",
        "A long road—the path—and a pause… then more.",
        "Call +44 20 7946 0000, or dial +1 now.",
        "China’s port in Xi'an; the players' union and Yao's aunt.",
        "The 80 s were hard, he said in the 1990s.",
        "See example.com/~user for the file.",
        "Mr Jones’ old car and the Smiths’ house.",
        "The team: Hickey, Sanderson, Ross- Henderson.",
    ],
)
def test_chinese_spacing_near_misses(text):
    assert found(text, "MT108") == []


# --- MT109 layout symbols -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("★ The county opened schools.", [("★ ", "")]),
        ("□ Li Ming, a reporter of this paper", [("□ ", "")]),
        ("See these places →)", [(" →", "")]),
        ("Step ⑭ is last.", [("⑭", "14")]),
        ("Step ⑴ is first.", [("⑴", "(1)")]),
        ("Step ❶ is first.", [("❶", "1")]),
        ("Notice 〔2021〕 No. 5 came out.", [("〔", "["), ("〕", "]")]),
        ("The plan ● passed.", [("● ", "")]),
    ],
)
def test_layout_symbols(text, expected):
    assert found(text, "MT109") == expected


def test_bullets_and_end_marks_are_english_layout():
    assert found("● Two schools opened.\n\n■ Roads were built.", "MT109") == []
    assert found("The story ends here. ■", "MT109") == []
    assert found("• A bullet point.", "MT109") == []


# --- MT110 comma after a quoted subject -----------------------------------------------


def test_comma_between_quoted_subject_and_verb():
    text = 'The motto "fewer cars, more trees", has become popular.'
    assert found(text, "MT110") == [(",", "")]
    assert spans(text, "MT110") == [(34, 35)]
    assert found('"Fewer cars", said the mayor, "is the plan."', "MT110") == []
    assert found('The motto "fewer cars" has become popular.', "MT110") == []
    assert found('He called it "a mess", which was fair.', "MT110") == []


# --- MT105 and quotation pairing --------------------------------------------------------


def test_quotation_reopened_and_never_closed_is_reported_at_its_first_mark():
    text = 'Li said: "Roads come first. "Then schools. "Then clinics.\n\nThe end came.'
    report = check_text(text, config=Config(select=("MT105",)))
    (f,) = report.documents[0].findings
    assert (f.start, f.end, f.text) == (9, 10, '"')


def test_pairing_keeps_a_reopened_quotation_as_one_span():
    report = pair_quotes('A said: "One. "Two. "Three.')
    assert report.unclosed == (8,)
    assert report.open_at_end == 8
    assert report.spans == ((8, 27),)
    closed = pair_quotes('A said: "One. "Two." Then B.')
    assert closed.unclosed == () and closed.spans == ((8, 20),)
    assert closed.pairs == ((14, 19),)


def test_new_quotation_mid_sentence_reports_the_first_mark_of_the_open_one():
    report = pair_quotes('He said "one. "Two and "three" too.')
    assert report.unclosed == (8,)
    assert report.pairs == ((23, 29),)


def test_text_cut_mid_sentence_leaves_its_open_quotation_alone():
    cut = 'The plan was set.\n\nThe mayor said the road "will cut travel times by'
    assert found(cut, "MT105") == []
    assert found("The plan was set.\n\nThe county (which borders the river", "MT105") == []
    assert found('The plan was set.\n\nHe said "the roads,', "MT105") == []
    ended = 'The plan was set.\n\nThe mayor said the road "will cut travel times.'
    assert found(ended, "MT105") == [('"', None)]
    not_last = 'The mayor said the road "will cut travel times by\n\nThe end.'
    assert found(not_last, "MT105") == [('"', None)]


# --- hostile input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "ab.Cd," + "b" * 100_000,
        "1" * 100_000,
        "1a" * 50_000,
        "a" + " " * 100_000 + ":",
        "— " * 50_000,
        '"a' * 50_000,
        ")a" * 50_000,
        "x,y" + "b" * 100_000 + ".com",
        "\u0301\u200b\ufeff①ⓐ❶~‘' " * 10_000,
        "Xi' an " * 10_000,
        "● " * 50_000,
        "1" * 5_000 + " th and " + "1" * 5_000 + "cents",
    ],
)
def test_hostile_input_is_linear_and_safe(text):
    start = time.process_time()
    check_text(text, config=Config(select=MINE))
    assert time.process_time() - start < 20
