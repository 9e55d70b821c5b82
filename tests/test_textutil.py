"""Word counts as MQM normalises by, and the one Han character range every rule shares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtqa.language.lexicon import is_han
from mtqa.textutil import COUNT_RE, WORD_RE, count_tokens, count_words, words_of


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The co-op sold 10,000 bags at 3.5 yuan.", 8),
        ("他们清理了小区", 7),  # one word a Han character
        ("Trees \U00020000\U00020001 grow", 4),  # Extension B characters too
        ("\u4dc0 hexagram", 1),  # a Yijing symbol in the same block range is no word
        ("He bought an iPhone手机 and 5G网络.", 10),  # Han beside Latin: words of their own
        ("手机iPhone很好", 5),
        ("二〇〇八年 and 二〇二四年", 11),  # 〇, the numerals' zero, is a character too
        ("In 2004,the apples,oranges and 1,200 pears", 8),  # a comma joins digits only
    ],
)
def test_word_count(text, words):
    assert count_words(text) == words


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("U.S. co-op 10,000 3.5 it's", ["U.S", "co-op", "10,000", "3.5", "it's"]),
        ("end. 'a'--b,,c _x_ 5_6", ["end", "a", "b", "c", "x", "5", "6"]),  # loose joiners split
    ],
)
def test_count_tokens(text, tokens):
    assert count_tokens(text) == tokens == COUNT_RE.findall(text)


# ASCII text (the pattern without its Han class) and some beyond it (the whole pattern)
@given(st.text(alphabet=st.sampled_from(list("aZ9 _'.,-’é中\t")), max_size=40))
def test_count_tokens_is_the_count_pattern(text):
    assert count_tokens(text) == COUNT_RE.findall(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("People's Congress, don't", ["People's", "Congress", "don't"]),
        ("rock'n'roll 'quoted' end'", ["rock'n'roll", "quoted", "end"]),  # edges left out
        ("a''b it's-x 5G", ["a", "b", "it's", "x", "G"]),  # two apostrophes split; no digit
        ("café’s naïve", ["café’s", "naïve"]),  # beyond ASCII: the pattern
        ("", []),
    ],
)
def test_words_of(text, words):
    assert words_of(text) == words == WORD_RE.findall(text)


# ASCII text around apostrophes (the split in C), and some beyond it (the pattern)
@given(st.text(alphabet=st.sampled_from(list("ab Z'9_-.\t’é")), max_size=40))
def test_words_of_is_the_word_pattern(text):
    assert words_of(text) == WORD_RE.findall(text)


@pytest.mark.parametrize(
    ("char", "han"),
    [
        ("中", True),
        ("\u3400", True),
        ("\uf900", True),
        ("\U0002a700", True),
        ("\u4dc0", False),
        ("A", False),
        ("あ", False),
    ],
)
def test_is_han(char, han):
    assert is_han(char) is han


def test_shipped_pinyin_tables_are_those_of_the_installed_pypinyin():
    from mtqa.language import pinyin

    shipped = json.loads(
        (Path(pinyin.__file__).parent / "data" / pinyin.PINYIN_TABLES).read_text("utf-8")
    )
    # after upgrading pypinyin: python -m mtqa.language.pinyin
    assert shipped == pinyin.derive_pinyin_tables()
    assert {"xi", "jin", "ping", "yin"} <= pinyin.word_syllables() <= pinyin.pinyin_syllables()
    assert "ng" in pinyin.pinyin_syllables() and "ng" not in pinyin.word_syllables()
