"""Issue 9: no false alarms on professional English from MT301, MT302 and MT304.

Names, compounds, addresses and codes are no non-words and no pinyin; typos of
English words are spelling findings; a doubled syllable that names a person or
an animal is no untranslated adverb. Every sentence here is made up for the test.
"""

from __future__ import annotations

import pytest

from mtqa import Checker, Config
from mtqa.language.lexicon import common_english_words, english_frequencies
from mtqa.language.pinyin import pinyin_split
from mtqa.language.spelling import (
    COMMON_ZIPF,
    english_lookalike,
    glued_split,
    judge_unknown,
    neighbour_floor,
)
from mtqa.readers import parse

CODES = ("MT301", "MT302", "MT304")


def findings(text: str, allow: tuple[str, ...] = ()) -> list[tuple[str, str, str, str | None]]:
    """(rule, flagged text, message, suggestion) of MT301/MT302/MT304 on a plain text."""
    checker = Checker(Config(select=CODES, allow=allow))
    result = checker.check(parse(text, "-", "txt"))
    return [(f.rule, f.text, f.message, f.suggestion) for f in result.findings]


# A. Words that are no words but no errors either


@pytest.mark.parametrize(
    "text",
    [
        "The group will demerge its carmaking arm next year.",
        "Every candidate gets a free mailshot before the vote.",
        "Drivers tap a passcard at the barrier.",
        "Few people took a phonecam snap each week.",
        "The regulator set new groundrules for ringtone sellers.",
        "Critics called it a wholescale copy of the show.",
    ],
)
def test_english_compounds_are_no_non_words(text):
    assert findings(text) == []


def test_mt_glued_words_are_still_reported():
    assert findings("The cuts willmean fewer trains.") == [
        (
            "MT304",
            "willmean",
            "'willmean' is not an English word: two words glued together?",
            "will mean",
        )
    ]
    assert findings("Every responsibleperson must sign.") == [
        (
            "MT304",
            "responsibleperson",
            "'responsibleperson' is not an English word: two words glued together?",
            "responsible person",
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        # each of these words is reported in running text
        "Write to responsibleperson@hollowmere.org or visit willmean.com/news today.",
        "The leaked file was analsyts_final.docx, sent at noon.",
        "Posts tagged #willmean and #xiaoqu spread fast.",
        "The XJ220 and the model xiaoqu80 sold out; the A4 did not.",
        "Fans followed weibo.com/jiedao for the news.",
    ],
)
def test_addresses_files_hashtags_and_codes_are_not_text(text):
    assert findings(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # capitalised names of firms, products and people, inside and at the start of sentences
        # (each name at a sentence start looks like two words glued, or like a typo)
        "Greenfarm bought a stake in Quaystone. Quaystone shares rose.",
        "Redwillow backed Clearbrook, a security firm.",
        "Brightswift grew. Analysts said Brightswift would grow.",
        "Stranz plays Dorota Vrenk next. Vrenk won in 2003.",
        # a family named in the plural beside one of its members
        "Robert Oatley sold the label. The Oatleys founded it.",
        # two people whose names differ in the initial
        "Tim Koogle left the board. Google hired him. Google grew.",
    ],
)
def test_capitalised_unknown_words_are_names(text):
    assert findings(text) == []


def test_a_sentence_start_the_document_also_writes_in_lowercase_is_judged():
    found = findings("Analsyts were wrong. The analsyts said so.")
    assert [(rule, text, suggestion) for rule, text, _, suggestion in found] == [
        ("MT304", "Analsyts", "Analysts"),
        ("MT304", "analsyts", "analysts"),
    ]


@pytest.mark.parametrize(
    ("text", "word", "split"),
    [
        ("Thecounty built new roads.", "Thecounty", "The county"),
        ("Peoplewill benefit from the plan.", "Peoplewill", "People will"),
    ],
)
def test_a_function_word_glued_on_is_no_name(text, word, split):
    assert findings(text) == [
        ("MT304", word, f"'{word}' is not an English word: two words glued together?", split)
    ]


def test_a_name_misspelt_against_the_document_is_reported():
    assert findings("Arsenal won again. Arsneal fans sang. Arsenal led the table.") == [
        (
            "MT304",
            "Arsneal",
            "'Arsneal' is not an English word: a misspelling of 'Arsenal', as the document "
            "writes it elsewhere?",
            "Arsenal",
        )
    ]


def test_a_word_cut_off_by_the_end_of_the_text_is_no_misspelling():
    assert findings("The scheme is a requirement for the moderniza") == []
    assert findings("The moderniza plan failed. It was dropped.") != []


def test_a_possessive_of_a_known_word_is_known():
    assert findings("The finding's scope was narrow.") == []


def test_the_english_list_holds_lowercase_words_only():
    """MT302 and MT304 look a word up as written before they lowercase it: a word
    the list holds must be its own lowercase."""
    words = english_frequencies()
    assert len(words) > 300000 and all(word == word.lower() for word in words)


def test_the_common_words_are_the_frequent_words_of_letters_only(tmp_path, monkeypatch):
    """Kept in the cache apart from the whole list, the same words either way."""
    floor = 10 ** (COMMON_ZIPF - 9)
    expected = {w for w, f in english_frequencies().items() if f >= floor and w.isalpha()}
    for _ in range(2):  # built, then read from the cache
        monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
        common_english_words.cache_clear()
        assert common_english_words(COMMON_ZIPF) == expected
    assert {"economic", "the", "cooperative"} <= expected and "helianthemum" not in expected
    assert list(tmp_path.glob("wordfreq-en-common-*.pickle"))


# B. A misspelling is a spelling finding, never untranslated pinyin


@pytest.mark.parametrize(
    ("word", "suggestion"),
    [
        ("emenating", "emanating"),
        ("tantilising", "tantalising"),
        ("spearate", "separate"),
        ("restructuing", "restructuring"),
        ("surprisngly", "surprisingly"),
    ],
)
def test_typos_are_spelling_findings(word, suggestion):
    assert findings(f"They spoke of a {word} change.") == [
        (
            "MT304",
            word,
            f"'{word}' is not an English word: a misspelling of '{suggestion}'?",
            suggestion,
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Fans were rueing the chance they missed.",  # rue + ing, a spelling English allows
        "The loti and the maloti are tied to the rand.",  # a currency, ma-lo-ti only with lo
    ],
)
def test_english_that_splits_into_pinyin_is_no_pinyin(text):
    assert findings(text) == []


def test_pinyin_is_still_untranslated_pinyin():
    assert findings("Officials of suixi county met the jiedao staff in the xiaoqu.") == [
        ("MT302", "suixi", "Untranslated pinyin 'suixi'", None),
        ("MT302", "jiedao", "Untranslated pinyin 'jiedao'", None),
        ("MT302", "xiaoqu", "Untranslated pinyin 'xiaoqu'", None),
    ]


def test_word_syllables_leave_out_interjections():
    assert pinyin_split("rueing") == ("ru", "ei", "ng")
    assert pinyin_split("rueing", words_only=True) is None
    assert pinyin_split("maloti", words_only=True) is None
    assert pinyin_split("jingjie", words_only=True) == ("jing", "jie")


def test_english_lookalike():
    assert english_lookalike("emenating") == "emanating"  # long, one edit from English
    assert english_lookalike("rueing") == "rueing"  # rue + ing
    assert english_lookalike("shanzhai") is None  # one edit from shanghai, itself pinyin
    assert english_lookalike("zhen") is None  # short: one edit from when by accident


def test_glued_split_tells_a_slip_from_a_compound():
    assert glued_split("willmean") == "will mean"  # an auxiliary glued on
    assert glued_split("responsibleperson") == "responsible person"  # an adjective first
    assert glued_split("livingroom") == "living room"  # a participle first
    assert glued_split("fellslightly") == "fell slightly"  # an adverb second
    assert glued_split("carmaking") is None  # noun + verb-ing: a compound
    assert glued_split("mailshot") is None  # noun + noun


def test_the_neighbour_floor_falls_with_length():
    assert neighbour_floor(5) == neighbour_floor(7) == 3.5
    assert neighbour_floor(8) < 3.5
    assert neighbour_floor(20) == 2.0


def test_maybe_name_counts_only_an_impossible_formation():
    assert judge_unknown("sprem", maybe_name=True) is None
    assert judge_unknown("sprem") == ("a misspelling of 'sperm'?", "sperm")
    assert judge_unknown("liveliable", maybe_name=True) == (
        "an impossible formation (lively + able)?",
        None,
    )


# C. Reduplicated names are names


@pytest.mark.parametrize(
    "text",
    [
        "The pianist Lang Lang played Liszt.",
        "Lang Lang played two encores.",
        "Critics loved Lang Lang's Chopin.",
        "Keepers say the panda Bao Bao is eating well.",
        "Ms Fei Fei spoke first. Dr. Ling Ling spoke next.",
        # a list after a plural noun: the document names the pair elsewhere
        "Ling Ling was born in May. The cubs Ling Ling and Tao sleep a lot.",
    ],
)
def test_reduplicated_names_are_names(text):
    assert findings(text) == []


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Heeding the call of Xi Jinping Yin Yin, the town acted.", "Yin Yin"),
        ("The officials Qie Qie urged the farmers on.", "Qie Qie"),
        ("We recall the words of the Premier Qie Qie, and work.", "Qie Qie"),
        ("Yin Yin hopes were placed in the youth.", "Yin Yin"),
        ("Mindful of the entrustment Yin Yin, the village planted tea.", "Yin Yin"),
        # the second copy glued to a possessive: its words are read cut at apostrophes
        ("We recall the hopes of the Premier Qie Qie’s team, and work.", "Qie Qie"),
    ],
)
def test_reduplicated_adverbs_are_untranslated(text, pair):
    assert findings(text) == [("MT301", pair, f"Untranslated Chinese reduplication '{pair}'", None)]


def test_the_allowlist_overrides_the_context():
    assert findings("The officials Qie Qie urged the farmers on.", allow=("qie qie",)) == []


def test_the_pinyin_shapes_kept_in_the_cache_are_those_derived(tmp_path, monkeypatch):
    """MT301's pinyin shapes read back from the cache (the third run: the first
    derives them, the second stores them) are the set derived without a cache, and
    a changed module (its stamp) makes a new entry instead of reading a stale one."""
    from mtqa.rules import untranslated

    from mtqa.cache import file_stamp

    derive = untranslated._pinyin_shapes.__wrapped__
    monkeypatch.setenv("MTQA_CACHE_DIR", "off")
    derived = derive()
    assert {"Yin", "yIN", "Cun"} <= derived and "so" not in derived
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    assert derive() == derive() == derived
    (entry,) = tmp_path.glob("pinyin-shapes-*.pickle")
    monkeypatch.setattr(untranslated, "file_stamp", lambda path: file_stamp(path) + "|edited")
    assert derive() == derived
    assert len(list(tmp_path.glob("pinyin-shapes-*.pickle"))) == 2 and entry.exists()
