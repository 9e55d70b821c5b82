"""Wrong script, invisible characters, untranslated pinyin and non-words (MT302-MT306).

Exact spans and suggestions of the findings, and the near-misses that must stay
quiet. Every sentence here is made up for the test.
"""

from __future__ import annotations

import codecs
import importlib
import unicodedata
from functools import cache

import pytest

import mtqa
from mtqa import Config
from mtqa.language.pinyin import pinyin_split
from mtqa.language.scripts import _BEYOND_LATIN_RE, _foreign_run_re
from mtqa.readers.plaintext import MAX_SEGMENT_CHARS
from mtqa.registry import load_rules

Found = tuple[str, int, int, str, str | None]


@cache
def every_character() -> str:
    """Every code point but the surrogates, for the tests of quick pre-checks."""
    return "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)


def findings(text: str, *rules: str) -> list[Found]:
    """(rule, start, end, flagged text, suggestion) of ``rules`` on one plain text."""
    report = mtqa.check_text(text, config=Config(select=rules))
    return [(f.rule, f.start, f.end, f.text, f.suggestion) for f in report.documents[0].findings]


# --- MT304: a non-word before a full stop that lost its space ----------------


def test_misspelling_before_a_glued_full_stop_is_judged():
    text = "The minister expalined.The plan was dropped."
    assert findings(text, "MT304") == [("MT304", 13, 22, "expalined", "explained")]


def test_name_after_a_glued_full_stop_is_judged():
    text = "Arsenal won again.Arsneal fans sang. Arsenal led."
    assert findings(text, "MT304") == [("MT304", 18, 25, "Arsneal", "Arsenal")]


@pytest.mark.parametrize(
    "text",
    [
        "Write to the desk at brightlanx.com for details.",  # a domain: lowercase after the dot
        "Open the file quarterlyrep.pdf before the call.",
        "The deal was led by Qarnowski.Then the board met.",  # a name before the stop
        "He works for Brightlane Inc.The firm grew.",
    ],
)
def test_domains_names_and_abbreviations_before_a_stop_stay_quiet(text):
    assert findings(text, "MT304") == []


# --- MT302: untranslated pinyin ---------------------------------------------


def test_rare_pinyin_syllable_in_lowercase_is_untranslated():
    text = "They walked by the quiet kuai brook."
    assert findings(text, "MT302") == [("MT302", 25, 29, "kuai", None)]


@pytest.mark.parametrize(
    "text",
    [
        "The farm covers 200 mu and pays 3,000 yuan a year.",  # loanwords English uses
        "She practises qi gong and tai chi each morning.",
        "The kuai-shaped logo and the file kuai.png were approved.",  # joined or a file name
        "Mr Kuai and Ms Qiong opened the shop.",  # capitalised: names
    ],
)
def test_loanwords_names_and_codes_are_no_untranslated_syllables(text):
    assert findings(text, "MT302") == []


def test_split_place_name_with_pinyin_generic_gets_its_english_name():
    text = "The team visited Li Tang Cun, then Gao Ping Zhen and Bai Shui Xiang."
    assert findings(text, "MT302") == [
        ("MT302", 17, 28, "Li Tang Cun", "Litang Village"),
        ("MT302", 35, 48, "Gao Ping Zhen", "Gaoping Town"),
        ("MT302", 53, 67, "Bai Shui Xiang", "Baishui Township"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Hurdler Liu Xiang thanked coach Sun Hai Ping.",  # names: no generic at the end
        "Chen Zhen chairs the committee.",  # a two-syllable name ending in Zhen
        "The cooperative of Wang Litang Cun is new.",  # Litang is two syllables
        "Tickets for He Man Xiang went fast.",  # He and Man are English words
        "They toured Litang Village and Gaoping Town.",
    ],
)
def test_names_and_translated_places_are_no_split_place_names(text):
    assert findings(text, "MT302") == []


def test_allowlisted_split_name_stays_quiet():
    config = Config(select=("MT302",), allow=("Li Tang Cun",))
    report = mtqa.check_text("The team visited Li Tang Cun.", config=config)
    assert report.documents[0].findings == []


def test_capitalised_pinyin_term_used_once_as_a_subject():
    text = "Elders settle disputes. Ganbu have the trust of all."
    assert findings(text, "MT302") == [("MT302", 24, 29, "Ganbu", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Tangxia was a base. Tangxia Town has a museum.",  # named again: a place
        "Songlin Village is small.",  # a generic after it
        "Qingshui, which lies upstream, has grown.",  # an apposition
        "Zhang Qingshui has left.",  # a surname before it
        "Malaigue played well.",  # ma-lai-gu-e is no pinyin spelling
        "Ganbu fans cheered the team.",  # no verb after it
    ],
)
def test_capitalised_pinyin_names_are_no_terms(text):
    assert findings(text, "MT302") == []


def test_orthographic_pinyin_split_wants_an_apostrophe_before_a_vowel():
    assert pinyin_split("Malaigue", words_only=True) == ("ma", "lai", "gu", "e")
    assert pinyin_split("Malaigue", words_only=True, orthographic=True) is None
    assert pinyin_split("Xi'an", orthographic=True) == ("xi", "an")
    assert pinyin_split("qingshui", words_only=True, orthographic=True) == ("qing", "shui")


def test_pinyin_split_of_a_hostile_long_word_is_refused_quickly():
    # no romanised word is longer than MAX_PINYIN_LETTERS: a long run is never split
    # (nor cached, which filled memory with 'haha…' spam)
    assert pinyin_split("a" * 36) == ("a",) * 36
    assert pinyin_split("a" * 100_000) is None
    assert pinyin_split("zhang" * 20_000 + "q") is None
    assert findings("ha" * 5_000 + " is here.", "MT301", "MT302", "MT304") == []
    assert findings("Ba" * 50_000 + " is here.", "MT301", "MT302", "MT304") == []


# --- MT303: CJK characters ----------------------------------------------------


def test_korean_and_japanese_runs_are_named_by_their_script():
    report = mtqa.check_text(
        "The sign said 서울역 and the menu カレー and 北京.", config=Config(select=("MT303",))
    )
    assert [(f.text, f.message) for f in report.documents[0].findings] == [
        ("서울역", "Korean text left untranslated: '서울역'"),
        ("カレー", "Japanese text left untranslated: 'カレー'"),
        ("北京", "Chinese text left untranslated: '北京'"),
    ]


# --- MT306: wrong script and invisible characters -----------------------------


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("Flights to B\u0435ijing resumed.", "\u0435", "e"),  # Cyrillic ie
        ("Flights to \u0412\u0435ijing resumed.", "\u0412\u0435", "Be"),
        ("The \u039fpen Day starts at nine.", "\u039f", "O"),  # Greek capital omicron
        ("Our g\u03bfal is clear.", "\u03bf", "o"),  # Greek small omicron
        ("The Mosc\u0448w office closed.", "\u0448", None),  # no Latin twin
        ("A \uff22eijing fair.", "\uff22", "B"),  # full-width B
        ("Send a \u0441\u043e\u0440\u0443 of the form.", "\u0441\u043e\u0440\u0443", "copy"),
    ],
)
def test_letters_of_another_script_inside_latin_text(text, flagged, suggestion):
    start = text.index(flagged)
    assert findings(text, "MT306") == [("MT306", start, start + len(flagged), flagged, suggestion)]


def test_latin_letter_inside_a_cyrillic_word():
    text = "The paper quoted \u041f\u0443\u0442\u0438n at length."
    assert findings(text, "MT306") == [("MT306", 21, 22, "n", None)]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("The vil\u200blage held a fair.", "\u200b"),
        (
            "The vil\u200b\u200b\u200blage held a fair.",
            "\u200b\u200b\u200b",
        ),  # one run, one finding
        ("The vil\u200clage held a fair.", "\u200c"),
        ("The vil\u200dlage held a fair.", "\u200d"),
        ("Tea\u200d and cake.", "\u200d"),  # a joiner before a space joins nothing
        ("Hospi\u00adtal staff went on strike.", "\u00ad"),
        ("The word\u2060joiner stayed.", "\u2060"),
        ("The report\ufeff was late.", "\ufeff"),
        ("The mayor said \u202eno to the plan.", "\u202e"),
        ("Turn \u2066left now.", "\u2066"),
        ("Sign\u200e here.", "\u200e"),
        ("A hidden\U000e0041\U000e0042 note.", "\U000e0041\U000e0042"),
    ],
)
def test_invisible_characters_are_flagged_for_deletion(text, flagged):
    start = text.index(flagged)
    assert findings(text, "MT306") == [("MT306", start, start + len(flagged), flagged, "")]


@pytest.mark.parametrize(
    "text",
    [
        "The \u03b1-helix and \u03b2 sheets bind at \u0394G = -5 kcal, with 3 \u03bcg.",
        "Use 3 \u00b5g a day.",  # the micro sign
        "She flew to Hawai\u02bbi and solved x\u207f = 1 with 5 m\u2113 of dye.",
        "Protesters quoted πολιτική in Athens.",
        "The letter was signed Анна Павлова.",
        "Fans sent \U0001f469\u200d\U0001f4bb and \U0001f3f3\ufe0f\u200d\U0001f308 back.",
        "The flag \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f flew.",
        "The Hindi word \u0915\u094d\u200d\u0937 was printed.",  # a joiner Devanagari needs
        "The sign read \u200f\u05e9\u05dc\u05d5\u05dd\u200f in Hebrew.",
        "The caf\u00e9 served cr\u00e8me br\u00fbl\u00e9e to Zo\u00eb.",
        "Na\u0303o e\u0301 isso.",  # combining marks stay with their Latin letters
        "Prices rose 3% in the year to March.",
    ],
)
def test_formulas_foreign_words_emoji_and_rtl_marks_stay_quiet(text):
    assert findings(text, "MT306") == []


def test_byte_order_mark_opening_the_file_is_no_finding():
    assert findings("\ufeffThe report was late.", "MT306") == []
    assert [f[3] for f in findings("The report.\n\n\ufeffThe end.", "MT306")] == ["\ufeff"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("\u200b" * 9_999, 1),
        ("\u0435" * 9_999, 0),  # one long Cyrillic word with no Latin letter
        ("a" * 9_998 + "\u0435", 1),
        ("\u03b1" * 9_998 + "a", 0),
        ("\u0301" * 9_999, 0),
    ],
)
def test_hostile_runs_give_one_finding_at_most(text, count):
    """Runs as long as a segment gets (`MAX_SEGMENT_CHARS`; longer ones are cut)."""
    assert len(text) < MAX_SEGMENT_CHARS
    assert len(findings(text, "MT306")) == count


def _script_findings(text: str, target_lang: str = "en") -> list[tuple[str, str, str]]:
    config = Config(select=("MT308",), target_lang=target_lang, languagetool="off")
    report = mtqa.check_text(text, config=config)
    return [(f.text, f.severity, f.message) for f in report.documents[0].findings]


def test_a_sentence_in_another_script_is_critical_in_any_known_target():
    thai = "การประชุมจะดำเนินต่อไปในวันจันทร์หน้าที่กรุงเทพมหานคร"  # no spaces between words
    assert _script_findings(f"Talks resumed. {thai}.") == [
        (thai, "critical", f"Thai text in a translation into 'en': '{thai[:40]}…'")
    ]
    # into Russian, Cyrillic is the target's own script, Arabic is not
    russian = "Переговоры продолжатся в понедельник в столице страны."
    arabic = "قال الوزير إن المحادثات ستستمر يوم الاثنين المقبل"
    assert _script_findings(russian, "ru") == []
    assert [f[0] for f in _script_findings(f"{russian} {arabic}.", "ru-RU")] == [arabic]
    # Latin inside text of any script is names and brands; Serbian is written in both
    assert _script_findings(f"{russian} Apple Inc. and Microsoft Corporation signed.", "ru") == []
    serbian = "Влада је усвојила закон. Vlada je usvojila zakon o budžetu."
    assert _script_findings(serbian, "sr") == []


def test_script_runs_are_split_where_the_script_changes():
    """Two short quotes in two scripts side by side are two short runs, not one long one."""
    text = "She wrote: Анна Павлова, Мария Иванова, Ольга — שלום עליכם חברים יקרים."
    assert _script_findings(text) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "वित्त मंत्री ने सोमवार को संसद में नया बजट पेश किया और करों में कटौती की।",  # Hindi
        "অর্থমন্ত্রী সোমবার সংসদে নতুন বাজেট পেশ করেছেন এবং কর কমিয়েছেন।",  # Bengali
        "நிதி அமைச்சர் திங்கள்கிழமை நாடாளுமன்றத்தில் புதிய வரவு செலவுத் திட்டத்தை தாக்கல் செய்தார்.",
        "រដ្ឋមន្ត្រីក្រសួងហិរញ្ញវត្ថុបានដាក់ថវិកាថ្មីនៅសភាកាលពីថ្ងៃច័ន្ទ។",  # Khmer
        "የገንዘብ ሚኒስትሩ ሰኞ ዕለት አዲሱን በጀት ለፓርላማ አቅርበዋል እና ግብርን ቀንሰዋል።",  # Amharic
    ],
)
def test_sentences_in_scripts_with_vowel_signs_are_found(sentence):
    """Vowel signs are combining marks: counted with their letters, or a Hindi sentence
    of 57 characters held 37 letters and passed."""
    assert [f[1] for f in _script_findings(f"The minister spoke. {sentence}")] == ["critical"]


def test_a_document_in_another_script_fails_however_short_its_lines():
    lines = ["Главная страница.", "Новости дня.", "Погода в городе.", "О нас и контакты."]
    found = _script_findings("\n\n".join(lines))
    assert [f[0] for f in found] == [line.rstrip(".") for line in lines]
    # the same lines inside an English article are short phrases: left alone
    article = "\n\n".join(f"The site's menu has a link, {line} It leads home." for line in lines)
    assert _script_findings(article) == []


def test_the_quick_test_for_plain_text_passes_over_no_suspect_character():
    """MT306 skips a text without a character `_MAYBE_SUSPECT_RE` finds: none of the
    characters it lets by may be one `_SUSPECT_RE` finds."""
    load_rules()  # registers the built-in rules folder as mtqa.rules, installed or not
    script = importlib.import_module("mtqa.rules.script")
    let_by = script._MAYBE_SUSPECT_RE.sub("", every_character())
    assert len(let_by) > 40000 and script._SUSPECT_RE.search(let_by) is None


def test_the_quick_test_for_text_in_latin_passes_over_no_foreign_letter():
    """`foreign_runs` skips a text without a character `_BEYOND_LATIN_RE` finds: none
    of the characters it lets by may be a letter of another script."""
    let_by = _BEYOND_LATIN_RE.sub("", every_character())
    assert len(let_by) > 60000 and _foreign_run_re(frozenset({"Latin"})).search(let_by) is None


def _matches_ascii(items: list) -> bool:
    """Whether a parsed pattern (`re._parser`) may match a text of ASCII characters
    only: no item of it wants a character outside ASCII (anchors and lookarounds
    count as met, a repeat that may be absent too)."""
    from re import _constants as c

    for op, av in items:
        if op is c.LITERAL and av > 0x7F:
            return False
        if op is c.IN and not any(
            kind in (c.NEGATE, c.CATEGORY)
            or (kind is c.LITERAL and value <= 0x7F)
            or (kind is c.RANGE and value[0] <= 0x7F)
            for kind, value in av
        ):
            return False
        if op is c.BRANCH and not any(_matches_ascii(branch) for branch in av[1]):
            return False
        if op is c.SUBPATTERN and not _matches_ascii(av[-1]):
            return False
        repeat = op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
        if repeat and av[0] and not _matches_ascii(av[2]):
            return False
    return True


def test_no_mojibake_pattern_finds_ascii_text():
    """MT305 passes over ASCII tokens: ASCII reads the same in every encoding, and
    every alternative of ftfy's pattern of mojibake wants another character."""
    from re import _parser

    from ftfy.badness import BADNESS_RE

    parsed = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert not _matches_ascii(list(parsed))
    # the test itself tells the two apart
    assert _matches_ascii(list(_parser.parse("x[ab]+|é")))
    assert not _matches_ascii(list(_parser.parse("x[àé]+|é(?:a|ü)")))


def test_mojibake_clue_finds_every_character_written_as_mojibake():
    """MT305 loads ftfy only where its clue is: every character of the BMP beyond
    ASCII, written as UTF-8 and read in any codec ftfy repairs, has it, also when
    a byte was lost (U+FFFD) and when the no-break space that a no-break space or
    an à becomes turned into a space ("voilÃ tout"); accented text has none."""
    from mtqa.rules.untranslated import MISREAD_AS, _may_be_mojibake, mojibake_clue, read_as

    clue = mojibake_clue()
    missed = []
    for code in range(0x80, 0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        data = chr(code).encode("utf-8")
        for codec in MISREAD_AS:
            read = "".join(read_as(byte, codec) for byte in data)
            lost = read[0] + "\ufffd" + read[2:]
            spaced = read.replace("\xa0", " ") if chr(code) in "\xa0à" else read
            missed += [(chr(code), codec, g) for g in (read, spaced, lost) if not clue.search(g)]
    assert missed == []
    assert clue.search("l\x92école")  # cp1252 read as Latin-1: a C1 control
    # decomposed (NFD), the clue shows once the text is composed again
    decomposed = unicodedata.normalize("NFD", "cafÃ©")
    assert not clue.search(decomposed) and _may_be_mojibake(decomposed)
    accented = (
        "Café Über, São Paulo, Ñandú, naïve, Zoë, Ålborg, ÉCOLE À PARIS, Pokémon, Beyoncé,"
        " Zürich, Malmö, Brontë, Gödel, Dvořák, señor, façade, crème brûlée, résumé"
    )
    assert clue.search(accented) is None


def test_mojibake_covers_the_marks_inside_it():
    """The '”' of a dash read as "â€”" is no closing quotation mark: MT305's finding
    says it; a quotation mark outside the garbled word is still judged."""
    text = "The reportâ€”released on Monday said prices rose”."
    found = findings(text, "MT305", "MT105")
    assert [(f[0], f[3]) for f in found] == [("MT305", "reportâ€”released"), ("MT105", "”")]
    assert found[1][1] == text.index("rose”") + 4


def test_mojibake_codecs_are_those_ftfy_repairs():
    from ftfy.chardata import CHARMAP_ENCODINGS
    from mtqa.rules.untranslated import MISREAD_AS

    def python_name(name: str) -> str:
        return codecs.lookup(name.replace("sloppy-windows-", "cp")).name

    assert sorted(map(python_name, MISREAD_AS)) == sorted(map(python_name, CHARMAP_ENCODINGS))


def test_a_script_subtag_names_the_targets_script():
    uzbek = "Vazir dushanba kuni parlamentga yangi byudjetni taqdim etdi va soliqlarni kamaytirdi."
    uzbek_cyrillic = (
        "Вазир душанба куни парламентга янги бюджетни тақдим этди ва солиқларни камайтирди."
    )
    assert _script_findings(uzbek, "uz") == []
    assert [f[1] for f in _script_findings(uzbek_cyrillic, "uz")] == ["critical"]
    assert _script_findings(uzbek_cyrillic, "uz-Cyrl") == []
    serbian = "Влада је у понедељак усвојила нови закон о буџету и смањила порезе."
    assert _script_findings(serbian, "sr") == []
    assert [f[1] for f in _script_findings(serbian, "sr-Latn")] == ["critical"]
    assert _script_findings("政府周一通过了新的预算法案并宣布减税。", "zh-Hant") == []


@pytest.mark.parametrize(
    "text",
    [
        "Talks were led by Сергей Викторович Лавров, Мария Владимировна Захарова and aides.",
        "The poem opens «Белеет парус одинокий в тумане моря голубом», as pupils recite.",
        "The sum is Σ = α + β + γ + δ + ηθ, by the rule of ΔG.",
    ],
)
def test_names_quotations_and_formulas_are_no_untranslated_sentence(text):
    assert _script_findings(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The minister spoke. МИНИСТР ЗАЯВИЛ, ЧТО ПЕРЕГОВОРЫ ПРОДОЛЖАТСЯ В ПОНЕДЕЛЬНИК.",
        "The minister spoke. Министр Заявил Что Переговоры Продолжатся В Понедельник Утром.",
    ],
)
def test_a_sentence_in_capitals_or_title_case_is_no_name(text):
    assert [f[1] for f in _script_findings(text)] == ["critical"]


def test_a_text_left_in_latin_for_a_target_not_written_in_latin_fails():
    english = "The council met on Monday.\n\nIt approved the new budget for schools."
    assert [f[0] for f in _script_findings(english, "ru")] == [
        "The council met on Monday",
        "It approved the new budget for schools",
    ]
    # Latin names and brands inside Russian text are the text's own
    assert _script_findings("Компания Apple представила новый iPhone в Москве.", "ru") == []


@pytest.mark.parametrize(
    "text",
    [
        'Banners read "Мы хотим мира и свободы для всех наших граждан (и детей)" in Berlin.',
        "Crowds chanted «Мы хотим мира, свободы и работы для всех, USA go home» outside.",
    ],
)
def test_a_quotation_is_left_alone_whatever_it_holds(text):
    assert _script_findings(text) == []
