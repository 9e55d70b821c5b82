"""Chinese numbers as Chinese readers read them (issue 12): each form with a right
and a wrong translation, and messages that say what the source and target have."""

from __future__ import annotations

import pytest

from mtqa import Checker, Config
from mtqa.language.numbers import source_numbers
from mtqa.readers.rows import document_from_rows

CHECKER = Checker(Config(select=("MT701",)))


def mt701(target: str, source: str) -> list[tuple[str, str, str | None]]:
    doc = document_from_rows("-", [target], sources=[source])
    return [(f.text, f.message, f.suggestion) for f in CHECKER.check(doc).findings]


@pytest.mark.parametrize(
    ("source", "values"),
    [
        ("三万五", (35000,)),
        ("一千二", (1200,)),
        ("两百五", (250,)),
        ("十二万五", (125000,)),
        ("一亿二", (120_000_000,)),
        ("三千五百", (3500,)),
        ("五六个人", (5, 6)),
        ("三四天", (3, 4)),
        ("七八十", (70, 80)),
        ("十七八岁", (17, 18)),
        ("二十七八", (27, 28)),
        ("20世纪80年代", (1980, 80)),
        ("上世纪80年代", (1980, 80)),
        ("21世纪20年代", (2020, 20)),
        ("几十个", ()),
        ("数百人", ()),
        ("上千名", ()),
        ("成千上万", ()),
    ],
)
def test_source_forms_read_as_written(source, values):
    found = source_numbers(source)
    assert tuple(v for n in found for v in n.values) == values


@pytest.mark.parametrize(
    ("right", "wrong", "source", "message"),
    [
        ("35,000 people", "30,005 people", "有三万五人",
         "The source says 三万五 (35,000), the target 30,005"),
        ("1,200 yuan", "1,002 yuan", "花了一千二元",
         "The source says 一千二 (1,200), the target 1,002"),
        ("250 came", "205 came", "来了两百五人", "The source says 两百五 (250), the target 205"),
        ("125,000 came", "120,005 came", "来了十二万五人",
         "The source says 十二万五 (125,000), the target 120,005"),
        ("five or six people", "56 people", "五六个人",
         "The source says 五六 (5 or 6), the target 56"),
        ("five people", "56 people", "五六个人", "The source says 五六 (5 or 6), the target 56"),
        ("three or four days", "34 days", "三四天", "The source says 三四 (3 or 4), the target 34"),
        ("seventy or eighty", "78 people", "七八十人",
         "The source says 七八十 (70 or 80), the target 78"),
        ("the 1980s", "the 1990s", "20世纪80年代",
         "The source says 20世纪80年代 (1980s), the target 1990"),
        ("the 1980s", "the 1990s", "上世纪80年代",
         "The source says 上世纪80年代 (1980s), the target 1990"),
        ("the 2020s", "the 1920s", "21世纪20年代",
         "The source says 21世纪20年代 (2020s), the target 1920"),
        ("dozens of people", "300 people", "几十个人", "300 is not in the source"),
        ("hundreds of people", "50 people", "数百人", "50 is not in the source"),
        ("thousands of people", "20 people", "上千人", "20 is not in the source"),
    ],
)  # fmt: skip
def test_right_and_wrong_translations(right, wrong, source, message):
    assert mt701(f"They counted {right}.", source) == []
    ((_, said, _),) = mt701(f"They counted {wrong}.", source)
    assert said == message


def test_suggestions_are_written_as_english_writes_them():
    # a year without a thousands separator, a percentage with its sign
    assert mt701("It opened in 2020.", "2021年开放。") == [
        ("2020", "The source says 2021 (2021), the target 2020", "2021")
    ]
    assert mt701("Prices rose 50%.", "价格上涨百分之五。") == [
        ("50%", "The source says 百分之五 (5%), the target 50%", "5%")
    ]
    # an approximate pair has no one right number to suggest
    assert mt701("56 people came.", "来了五六个人。")[0][2] is None


def test_placeholder_digits_are_not_numbers():
    assert mt701("Press {0} to start, then %1$s.", "按{0}开始，然后%1$s。") == []
    # a placeholder missing from the target is the placeholder rule's, not a number
    assert mt701("Press the key to start.", "按{0}开始。") == []


def test_approximate_quantities_may_be_given_as_an_approximate_number():
    assert mt701("About 40 workers came.", "几十名工人来了。") == []
    assert mt701("Some 15 came.", "来了十几个人。") == []
    ((text, message, _),) = mt701("About 400 workers came.", "几十名工人来了。")
    assert (text, message) == ("400", "400 is not in the source")


def test_suggestions_keep_the_target_style():
    assert mt701("Revenue reached 15 million yuan.", "营收达到1.5亿元。") == [
        ("15 million", "The source says 1.5亿 (150 million), the target 15 million", "150 million")
    ]
    assert mt701("Prices rose 50 percent.", "价格上涨百分之五。")[0][2] == "5 percent"


def test_german_decades_and_scale_words():
    checker = Checker(Config(select=("MT701",), target_lang="de"))

    def found(target: str, source: str) -> list[str]:
        doc = document_from_rows("-", [target], sources=[source])
        doc.target_lang = "de"
        return [f.text for f in checker.check(doc).findings]

    assert found("Es wurde in den 1980er Jahren gebaut.", "它建于20世纪80年代。") == []
    assert found("Es wurde in den 1990er Jahren gebaut.", "它建于20世纪80年代。") == ["1990"]
    assert found("Der Umsatz lag bei 1,5 Mrd. Yuan.", "营收15亿元。") == []
    assert found("Das Dorf hat 2.000 Einwohner.", "全村有2万人。") == ["2.000"]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("警方第一时间赶到现场。", "The police arrived at the scene at once."),
        ("医生在第一线工作。", "Doctors work on the front line."),
        ("第二天，他走了。", "The next day, he left."),
        ("第二年，他们结婚了。", "The following year, they married."),
    ],
)
def test_an_ordinal_english_says_otherwise_is_no_number(source, target):
    assert mt701(target, source) == []


def test_an_ordinal_is_still_a_number_elsewhere():
    assert mt701("This is the first time.", "这是第一次。") == []
    ((_, said, _),) = mt701("This is the third time.", "这是第一次。")
    assert said.startswith("The source says 第一 (1)")


def test_a_roman_numeral_in_a_name_is_its_number():
    assert mt701("He fought in World War II.", "他参加过第二次世界大战。") == []
    assert mt701("Phase III began.", "第三阶段开始了。") == []
    ((_, said, _),) = mt701("He fought in World War I.", "他参加过第二次世界大战。")
    assert "第二 (2)" in said  # I alone is the pronoun, never a number


def test_a_chinese_unit_left_after_the_digits_is_read_with_them():
    # 2 万 says 20,000: no mismatch (MT303 flags the unit left untranslated)
    assert mt701("He paid 2 万 yuan.", "他付了2万元。") == []
    # a wrong one is replaced whole: 30,000, not "30,000 万"
    assert mt701("He paid 2 万 yuan.", "他付了3万元。") == [
        ("2 万", "The source says 3万 (30,000), the target 2 万", "30,000")
    ]


@pytest.mark.parametrize(
    ("target", "source"),
    [
        ("He arrived on the 2nd day.", "第二天，他到了。"),  # the ordinal said as a number
        ("No. 2 Natural Gas Plant", "第二天然气处理厂"),  # a longer word the idiom begins
        ("In 2019 万科 reported a profit.", "2019年，万科盈利。"),  # a name, not 万
        ("Invested 100 百万 yuan.", "投资1亿元。"),  # 百万 read whole
        ("Henry VIII died.", "亨利八世去世。"),
    ],
)
def test_numbers_around_idioms_units_and_names_match(target, source):
    assert mt701(target, source) == []


def test_a_roman_numeral_after_no_name_is_no_counterpart():
    # "IV" and "XX" are words here: the 2 is missing, with nothing to replace
    assert mt701("He was on an IV drip for days.", "他打了2天点滴。") == [
        ("He was on an IV drip for days.", "2 (2) in the source is missing from the target", None)
    ]
    assert mt701("Women have XX chromosomes.", "女性有2条X染色体。")[0][2] is None
