"""Consistency inside one document (MT401-MT405), list labels (MT209) and impossible
number shapes (MT210): exact spans, suggestions and the near-misses that must pass.
Every sentence here is made up for the test."""

from __future__ import annotations

import importlib
import time

import pytest

from mtqa import Checker, Config
from mtqa.language.numbers import chinese_ordinal, number_words, roman
from mtqa.readers import parse
from mtqa.registry import load_rules

load_rules()  # registers the built-in rules folder as mtqa.rules, installed or not
numbering = importlib.import_module("mtqa.rules.numbering")
readings, render = numbering.readings, numbering.render

Found = tuple[str, str, str | None]  # rule, flagged text, suggestion


def findings(text: str, *codes: str) -> list[Found]:
    """(rule, flagged text, suggestion) of the given rules on a plain text, in file order."""
    result = Checker(Config(select=codes)).check(parse(text, "-", "txt"))
    ordered = sorted(result.findings, key=lambda f: (f.segment, f.start))
    return [(f.rule, f.text, f.suggestion) for f in ordered]


def spans(text: str, code: str) -> list[tuple[int, int]]:
    """(start, end) offsets into the whole text of one rule's findings."""
    result = Checker(Config(select=(code,))).check(parse(text, "-", "txt"))
    doc = parse(text, "-", "txt")
    return sorted(
        (
            doc.segments[f.segment - 1].file_offset(f.start),
            doc.segments[f.segment - 1].file_offset(f.end),
        )
        for f in result.findings
    )


# MT209: list labels


def test_each_label_that_leaves_the_first_style_is_flagged_with_its_fix() -> None:
    text = (
        "(1) Seal the box.\n(2) Label it.\n(three) Weigh it.\n(4) Post it.\n"
        "(V) Keep the receipt.\n(six) File it."
    )
    assert findings(text, "MT209") == [
        ("MT209", "(three)", "(3)"),
        ("MT209", "(V)", "(5)"),
        ("MT209", "(six)", "(6)"),
    ]


def test_label_offsets_point_at_the_label() -> None:
    text = "1. Seal the box.\n2、 Label it."
    start = text.index("2、")
    assert spans(text, "MT209") == [(start, start + 2)]


def test_inline_labels_after_a_clause_end_count() -> None:
    text = "Staff must (1) seal the box; (2) label it; (three) weigh it."
    assert findings(text, "MT209") == [("MT209", "(three)", "(3)")]


def test_first_style_in_roman_or_chinese_gives_the_fix_in_that_style() -> None:
    assert findings("(I) Scope\n(II) Terms\n(3) Notices", "MT209") == [("MT209", "(3)", "(III)")]
    assert findings("（一）范围\n（二）条款\n(3) Notices", "MT209") == [("MT209", "(3)", "（三）")]
    assert findings("一、范围\n二、条款\n3. Notices", "MT209") == [("MT209", "3.", "三、")]


@pytest.mark.parametrize(
    "text",
    [
        # nested lists restart at one in their own style
        "1. Plan the route.\n(1) By road.\n(2) By rail.\n2. Book the rooms.\n(1) Hotels.",
        "一、Scope\n（一）Goods\n（二）Services\n1. Fees\n2. Taxes\n二、Terms",
        # letters read as letters, not Roman numerals (c, d after a, b)
        "(a) Wash.\n(b) Dry.\n(c) Stack.\n(d) Store.",
        # Roman numerals i, ii, iii (i is also a letter)
        "(i) Wash.\n(ii) Dry.\n(iii) Stack.",
        # numbers in brackets inside a sentence are no labels
        "He was aged (four) at the time and she was (5) then.",
        # a list that stopped long ago is not continued by a new one
        "(1) Wash.\n" + "Filler paragraph.\n" * 12 + "2. Dry.",
        # a decimal at a line start is no label
        "1. Wash the cups.\n2.5 litres of water are needed.",
    ],
)
def test_consistent_or_unrelated_labels_pass(text: str) -> None:
    assert findings(text, "MT209") == []


def test_readings_and_rendering() -> None:
    assert readings("iv") == (readings("iv")[0],) and readings("iv")[0].value == 4
    assert {r.kind for r in readings("i")} == {"roman-lower", "letter-lower"}
    assert readings("0") == () and readings("IIII") == ()
    assert render("word-title", 21) == "Twenty-one"
    assert render("roman-upper", 39) == "XXXIX"
    assert render("letter-upper", 3) == "C"
    assert (roman(14), number_words(40), chinese_ordinal(21)) == ("XIV", "forty", "二十一")


# MT210: impossible number shapes


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("The law took effect on 2.019 May 1 after a vote.", "2.019", "2019"),
        ("It opened on 1.998March 3 in the city.", "1.998", "1998"),
        ("On May 2020-5, 12, the board met.", "May 2020-5, 12", "May 12, 2020"),
        ("From March 2019-3 on, the board met.", "March 2019-3", "March 2019"),
        ("The bridge opened in 20018, ahead of time.", "20018", None),
        ("The bridge opened on July 4, 20018 after delays.", "20018", None),
        ("About 5000,<> people were moved.", "5000,<>", None),
        ("About 5000</> people were moved.", "5000</>", None),
        ("Cases fell within 1/kloc-0/ days.", "/kloc-0/", None),
        ("Figures for the third quarter of 2 were late.", "third quarter of 2", None),
    ],
)
def test_garbled_numbers(text: str, flagged: str, suggestion: str | None) -> None:
    assert findings(text, "MT210") == [("MT210", flagged, suggestion)]


@pytest.mark.parametrize(
    "text",
    [
        "The index fell 2.019 points in May.",
        "It rose 12.019 May 1 figures show.",  # part of a longer number
        "The 2020-21 season began in May 2020-21 style.",
        "Prices in May 2019-20 rose.",  # a span of years, not the month again
        "In 20000 homes the lights went out.",
        "Some 20018 people came in 20018 buses.",
        "The test a <> b holds.",
        "She scored in the first quarter of 3 games.",
        "The first quarter of 2023 was slow.",
    ],
)
def test_number_near_misses_pass(text: str) -> None:
    assert findings(text, "MT210") == []


# MT401: name variants, and one more word inside a long name


def test_long_name_with_a_word_inserted_flags_the_later_form() -> None:
    text = (
        "The Second Blue River Water Study Group met. "
        "Members of the Second Summer Blue River Water Study Group spoke."
    )
    assert findings(text, "MT401") == [
        (
            "MT401",
            "Second Summer Blue River Water Study Group",
            "Second Blue River Water Study Group",
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a word added at an end makes another name
        "The Blue River Water Study Group met the Blue River Water Study Group Board.",
        # short names are not compared this way
        "George Bush met George W Bush.",
        # a personal name after a title inside a sentence is not the place
        "Hechang Village honours its hero, the soldier Comrade He Chang.",
    ],
)
def test_name_near_misses_pass(text: str) -> None:
    assert findings(text, "MT401") == []


def test_names_in_decomposed_unicode_are_read_as_composed_ones() -> None:
    decomposed = "Dvor\u030cák"  # r and a combining caron: Dvořák as NFD writes it
    text = f"{decomposed} wrote it. {decomposed} died. Later Dvorak was played."
    assert findings(text, "MT401") == [("MT401", "Dvorak", "Dvořák")]
    # the same name, composed in one place and decomposed in another, is one spelling
    assert findings("Émile Zola wrote. Later E\u0301mile Zola left.", "MT401") == []


@pytest.mark.parametrize(
    "text",
    [
        # Vietnamese tells names apart by their tone marks: two people, not two spellings
        "Nguyễn Thị Thủy leads finance; Nguyễn Thị Thủy joined in 2010. Nguyễn Thị Thúy teaches.",
        # an English word before a hyphenated word is no surname before a given name
        "Then Re-run the test. Then Rerun it again. The Yin-yang sign. The Yin Yang school.",
    ],
)
def test_names_that_only_look_alike_pass(text: str) -> None:
    assert findings(text, "MT401") == []


def test_letters_beyond_latin_1_make_names() -> None:
    text = "Nguyễn Văn An spoke. Later Nguyen Van An left."
    assert findings(text, "MT401") == [("MT401", "Nguyen Van An", "Nguyễn Văn An")]


# MT402: units spelled two ways


def test_unit_signs_fold_to_what_they_stand_for() -> None:
    text = "It was 31°C on Monday and 33°C on Tuesday. Friday reached 35℃ at noon."
    start = text.index("℃")
    assert findings(text, "MT402") == [("MT402", "℃", "°C")]
    assert spans(text, "MT402") == [(start, start + 1)]


def test_british_spelling_inside_a_possessive_is_compared() -> None:
    # the words are read cut at apostrophes: "labour's" holds the form "labour"
    text = "The labour's share rose. Labor costs fell. Unions said labor was cheap."
    start = text.index("labour")
    assert findings(text, "MT402") == [("MT402", "labour", "labor")]
    assert spans(text, "MT402") == [(start, start + len("labour"))]


def test_a_hyphenated_compound_and_its_closed_form() -> None:
    text = "The grass-roots groups met. Grassroots groups voted. Grassroots work grew."
    assert findings(text, "MT402") == [("MT402", "grass-roots", "grassroots")]


@pytest.mark.parametrize(
    "text",
    [
        # one form with a digit glued on is no word of the text: nothing to compare
        "Form labour2 was filed. Labor costs fell.",
        "The labour ward opened. The labour ward closed.",
    ],
)
def test_spelling_near_misses_pass(text: str) -> None:
    assert findings(text, "MT402") == []


def test_per_cent_and_percent_are_one_word() -> None:
    text = "Rents rose 4 percent. Prices rose 2 per cent and wages 3 per cent."
    assert findings(text, "MT402") == [("MT402", "percent", "per cent")]


@pytest.mark.parametrize(
    "text",
    [
        "Rents rose 4 per cent (see table: 4%, 2%).",
        "It was 31°C on Monday and 33°C on Tuesday.",
        "The 5 km race and the 10 km race start at 9am.",
    ],
)
def test_unit_near_misses_pass(text: str) -> None:
    assert findings(text, "MT402") == []


# MT403: quoted terms


def test_quoted_term_with_one_word_replaced_is_flagged() -> None:
    text = (
        "Staff follow the “three day home care review”. "
        "The “three day home care review” works. "
        "Some asked for the “three day family care review” instead."
    )
    assert findings(text, "MT403") == [("MT403", "three day family care review", None)]


@pytest.mark.parametrize(
    "text",
    [
        # another figure is another rule, not another rendering
        "They use the “7 day home care review” and the “14 day home care review”.",
        # text between two quotations is no quoted term
        '"It is great but slow," said Dr Lee. "It is great but dear," said Dr Lee.',
    ],
)
def test_quoted_near_misses_pass(text: str) -> None:
    assert findings(text, "MT403") == []


# MT404: lowercase parts of names


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("She moved to Xiamen university in May.", "Xiamen university", "Xiamen University"),
        ("The surgeon Gao jianguo spoke.", "Gao jianguo", "Gao Jianguo"),
        (
            "Doctors at Ruijin Hospital agreed. The Ruijin hospital team met.",
            "Ruijin hospital",
            "Ruijin Hospital",
        ),
        (
            "Floods hit Yutian County. Roads in yutian county closed.",
            "yutian county",
            "Yutian County",
        ),
    ],
)
def test_lowercase_name_parts(text: str, flagged: str, suggestion: str) -> None:
    assert findings(text, "MT404") == [("MT404", flagged, suggestion)]


@pytest.mark.parametrize(
    "text",
    [
        "He was taken to a London hospital and then an Oxford college.",
        "Floods hit Yutian county on Monday.",  # house style for places, no capital elsewhere
        "Floods hit Yutian County. Roads in Yutian county closed.",  # house style beside it
        "The Welsh Government met. The Welsh government agreed.",  # no romanised word
        "The Hechang Martyrs Cemetery honours the Hechang martyrs.",  # a plural describes
        "Wang said the plan works.",
        "Floods Hit Yutian County\n\nRoads in yutian county closed.",  # a headline is no evidence
    ],
)
def test_lowercase_name_near_misses_pass(text: str) -> None:
    assert findings(text, "MT404") == []


def test_allowlisted_word_is_not_flagged() -> None:
    checker = Checker(Config(select=("MT404",), allow=("xiamen",)))
    result = checker.check(parse("She moved to Xiamen university in May.", "-", "txt"))
    assert result.findings == []


# MT405: modifiers in the other order


def test_modifier_order_variant_flags_the_less_used_order() -> None:
    text = (
        "Aid reached the old mountain villages. The mountain old villages waited. "
        "The old mountain villages were rebuilt."
    )
    assert findings(text, "MT405") == [("MT405", "mountain old villages", "old mountain villages")]


@pytest.mark.parametrize(
    "text",
    [
        # each order once: English writers do that too
        "Two outside former directors left. The former outside directors stayed.",
        # the same order every time
        "The old mountain villages waited. The old mountain villages were rebuilt.",
    ],
)
def test_modifier_order_near_misses_pass(text: str) -> None:
    assert findings(text, "MT405") == []


def test_modifier_orders_across_paragraphs_are_compared() -> None:
    text = (
        "Aid reached the old mountain villages.\n\nThe mountain old villages waited.\n\n"
        "The old mountain villages were rebuilt."
    )
    assert findings(text, "MT405") == [("MT405", "mountain old villages", "old mountain villages")]


# Hostile input: no traceback, no blow-up


@pytest.mark.parametrize(
    "text",
    [
        "(" * 50_000,
        "(1)" * 20_000,
        "1." * 30_000,
        "2.021" * 20_000,
        "in " + "2" * 50_000,
        "<>" * 30_000,
        " " * 50_000 + "(2) x",
        "Zhongshan " * 20_000,
        "\u3000（一）" * 10_000,
        "İ" * 10_000 + " Xiamen university",
    ],
)
def test_hostile_input_is_quick_and_safe(text: str) -> None:
    codes = ("MT209", "MT210", "MT401", "MT402", "MT403", "MT404", "MT405")
    started = time.perf_counter()
    findings(text, *codes)
    assert time.perf_counter() - started < 5
