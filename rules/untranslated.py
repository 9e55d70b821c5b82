"""Source text left in the English: pinyin, Chinese characters, non-words, mojibake."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, product
from operator import eq, not_
from pathlib import Path
from unicodedata import normalize

from mtqa import regexcache
from mtqa.cache import cached, file_stamp, folder_stamp, package_stamp
from mtqa.language import lexicon
from mtqa.language.lexicon import (
    HAN,
    english_frequencies,
    is_dictionary_word,
    top_english_words,
    zipf,
)
from mtqa.language.names import singular_forms
from mtqa.language.pinyin import (
    is_pinyin_syllable,
    pinyin_split,
    pinyin_syllables,
    source_chars_for,
    word_syllables,
)
from mtqa.language.spelling import (
    AUXILIARIES,
    FUNCTION_WORDS,
    common_words,
    english_lookalike,
    is_modifier,
    judge_unknown,
    one_edit_apart,
    stems,
)
from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.textutil import WORD_RE, word_pieces

from . import structure
from .structure import is_pinyin_reduplication


@dataclass(frozen=True, slots=True)
class _Words:
    """What MT301, MT302 and MT304 ask of a document's words, found in one pass over
    its segments (loops and set operations in C) and kept by segment index for the
    segments that have any: each rule's question is then one lookup."""

    unknown: dict[int, list[tuple[str, int, int]]]  # `unknown_words`
    pinyin: dict[int, list[str]]  # `_pinyin_pieces`


def _words(ctx: DocContext) -> _Words:
    """The document's `_Words` (computed once a document)."""

    def compute() -> _Words:
        forms, shapes = _unknown_forms(ctx), _pinyin_shapes()
        unknown, pinyin = {}, {}
        for seg in ctx.segments:
            words = ctx.words(seg)
            if forms and not forms.isdisjoint(words):
                unknown[seg.index] = _unknown_in(seg.text, forms)
            pieces = word_pieces(words, seg.text)
            if not shapes.isdisjoint(pieces):
                pinyin[seg.index] = pieces
        return _Words(unknown, pinyin)

    return ctx.once("untranslated-words", compute)


def unknown_words(seg: Segment, ctx: DocContext) -> list[tuple[str, int, int]]:
    """Words of at least two letters that wordfreq's English list does not know, as
    (word, start, end); a possessive of a known word (finding's) is known. Found
    once a document (`_words`)."""
    return _words(ctx).unknown.get(seg.index, [])


def _unknown_in(text: str, forms: frozenset[str]) -> list[tuple[str, int, int]]:
    """The words of ``text`` that are unknown ``forms``, with their offsets."""
    return [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text) if m.group() in forms]


def _unknown_forms(ctx: DocContext) -> frozenset[str]:
    """The document's word forms, case kept, that `unknown_words` reports: each form
    is looked up once, however often it is written."""
    known = english_frequencies()
    # the list's words are lowercase (`english_frequencies`): a form found as written
    # is known without lowercasing it (a new string to hash); loops in C lowercase the
    # others and keep those still not found
    forms = list(ctx.word_counts)
    unsure = list(compress(forms, map(not_, known.holding(forms))))
    unfound = compress(unsure, map(not_, known.holding(map(str.lower, unsure))))
    return frozenset(word for word in unfound if _unknown(word, known))


def _unknown(word: str, known: Mapping[str, float]) -> bool:
    """Whether `unknown_words` reports the word form ``word``."""
    if len(word) < 2:
        return False
    lower = word.lower()
    if lower in known:
        return False
    if "’" in lower or "'" in lower:
        lower = lower.replace("’", "'")
        if lower in known or lower.removesuffix("'s") in known:
            return False
    return True


# possessive, as no backtracking can match: a shorter run of letters is followed by a
# letter, not the space
_REDUP_RE = regexcache.compile(r"\b([A-Za-z]++) \1\b")
# Titles written before a name: after one, a doubled syllable is a given name (Ms Fei Fei).
_HONORIFICS = frozenset("mr mrs ms miss dr prof madam madame".split())
_TOKEN_BEFORE_RE = regexcache.compile(r"(\S+)[ \t]+$")
_WORD_AFTER_RE = regexcache.compile(r"[ \t]+([a-z]+)\b")
# the comma that closes an apposition, and the word after it (her twin, Lan Lan, arrived)
_APPOSITION_END_RE = regexcache.compile(r",[ \t]+([a-z]+)\b")
# Nouns of acts and qualities (the entrustment, the instruction): what an untranslated
# adverb follows, and never the role of a person or an animal.
_ABSTRACT_ENDINGS = ("ment", "tion", "sion", "ness", "ity", "ance", "ence", "ship", "hood", "ism")
# A syllable English text writes less than once in ten million words (qie, guai) is
# nobody's name there: a noun before it is no role it is named in (the leader Qie Qie).
NAME_SYLLABLE_ZIPF = 2.0
# The verbs news English puts after a subject most often, with the auxiliaries.
_SUBJECT_VERBS = AUXILIARIES | {"said", "says"}


@rule(
    code="MT301",
    name="pinyin-reduplication",
    category="Accuracy/Untranslated",
    severity="major",
    rationale="""A doubled pinyin syllable ("Yin Yin", 殷殷 'earnest') is a Chinese
    reduplicated adjective or adverb the engine romanised instead of translating:
    it follows the name or noun it describes (Xi Jinping Yin Yin, the officials Qie
    Qie). A doubled syllable is also a given name (the pianist Lang Lang, the panda
    Bao Bao), and the context says which: a name follows a title (Ms) or a singular
    role noun (pianist, the panda), is the subject of a verb (Lang Lang played),
    takes a possessive (Lang Lang's), or is used so elsewhere in the document. Add
    other names to the allowlist.""",
    flags=[
        ("We bear in mind the hopes of the Premier Qie Qie, and act.", "Qie Qie", None),
        ("Bearing in mind the hopes Yin Yin, we act.\t牢记殷殷嘱托，我们行动。", "Yin Yin", None),
        ("Heeding the words of Secretary Wang Jun Yin Yin, the county acted.", "Yin Yin", None),
        ("The officials Qie Qie urged the farmers to plant tea.", "Qie Qie", None),
        ("The officials, Qie Qie, urged the farmers to plant tea.", "Qie Qie", None),
        ("The villagers, Hao Hao, have studied the plan.", "Hao Hao", None),
    ],
    passes=[
        "She lives in Walla Walla.",
        "It was only so so.",
        "The pianist Lang Lang played Liszt in Vienna.",
        "Crowds came to see the panda Bao Bao at the zoo.",
        "Ms Fei Fei opened the lab. The lab was full.",
        "Critics praised Lang Lang's encore.",
        "Ling Ling was born in May. Keepers fed the twins Ling Ling and her brother.",
        "Her twin sister, Lan Lan, is a pianist.",
    ],
    fix="never",
    exceptions=[
        "given names (the pianist Lang Lang, the panda Bao Bao, her sister, Lan Lan, is)",
        "English doubles (Walla Walla, so so)",
        "names on the allowlist",
    ],
)
def pinyin_reduplication(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    if not _syllable_twice_in_a_row(seg, ctx):
        return
    for m in _REDUP_RE.finditer(seg.text):
        word = m.group(1)
        second = m.group()[len(word) + 1 :]
        if word != second or ctx.allowed(m.group()) or not is_pinyin_reduplication(word):
            continue
        role = _reduplication_role(seg, m.start(), m.end(), ctx)
        if role == "name" or (role is None and m.group() in _named_reduplications(ctx)):
            continue
        # traced or not, a spaced reduplication is no English; the source only says
        # where it came from
        traced = _traced(m.group(), seg)
        origin = f" (from {traced})" if traced else ""
        yield Hit(m.start(), m.end(), f"Untranslated Chinese reduplication '{m.group()}'{origin}")


def _reduplication_role(seg: Segment, start: int, end: int, ctx: DocContext) -> str | None:
    """What the doubled syllable at ``seg.text[start:end]`` is, by its neighbours.

    ``"modifier"`` right after a name or title it describes (Xi Jinping Yin Yin, the
    Premier Qie Qie); ``"name"`` after an honorific, or a singular role noun when
    English writes the syllable as a name (Ms Fei Fei, the panda Bao Bao), before a
    possessive or a subject's verb (Lang Lang's, Lang Lang played), or between the
    commas of an apposition before one (her sister, Lan Lan, is); None when the
    neighbours do not tell, or after a plural noun (the officials Qie Qie), which a
    name follows only in a list the rest of the document explains.
    """
    text = seg.text
    before = _TOKEN_BEFORE_RE.search(text, max(0, start - 40), start)
    word = before.group(1) if before else ""
    if word.removesuffix(".").lower() in _HONORIFICS:
        return "name"
    if not word.isalpha():
        word = ""  # punctuation between: a new clause, a list, a possessive
    elif (
        word[0].isupper()
        and word.lower() not in FUNCTION_WORDS
        and before.start(1) not in ctx.sentence_starts(seg)
    ):
        return "modifier"
    lower = word.lower()
    noun_before = len(lower) >= 3 and lower not in FUNCTION_WORDS
    if noun_before and any(form in english_frequencies() for form in singular_forms(lower)):
        return None
    if text[end : end + 2] in ("'s", "’s"):
        return "name"
    after = _WORD_AFTER_RE.match(text, end)
    if after and _subject_verb(after.group(1)):
        return "name"
    named = zipf(text[start:end].split()[0].lower()) >= NAME_SYLLABLE_ZIPF
    if named and before is not None and before.group(1).endswith(","):
        apposed = before.group(1)[:-1].lower()  # the noun the name is set beside
        plural = any(form in english_frequencies() for form in singular_forms(apposed))
        closed = _APPOSITION_END_RE.match(text, end)
        if not plural and closed and _subject_verb(closed.group(1)):
            # set off by commas before the verb: her twin, Lan Lan, arrived (not after
            # a plural noun, which a reduplication follows: the officials, Yin Yin, are)
            return "name"
    if noun_before and named and not is_modifier(lower) and not lower.endswith(_ABSTRACT_ENDINGS):
        return "name"  # the singular noun is its role: pianist Lang Lang
    return None


def _subject_verb(word: str) -> bool:
    """Whether ``word`` is a verb a subject goes with: an auxiliary, said, or a past
    tense in -ed of a common verb (played, arrived)."""
    common = common_words()
    return word in _SUBJECT_VERBS or (
        word.endswith("ed")
        and any(len(s) >= 3 and s in common for s in stems(word, "ed", undouble=True))
    )


def _syllable_twice_in_a_row(seg: Segment, ctx: DocContext) -> bool:
    """Whether some pinyin syllable of the segment comes twice in a row: what every
    reduplication `_REDUP_RE` finds needs (its copies are neighbours among the words
    cut at apostrophes, and `is_pinyin_reduplication` wants a syllable), found with
    loops and a set operation in C; that back-reference pattern is tried at every word."""
    pieces = _pinyin_pieces(seg, ctx)
    return bool(pieces) and not _pinyin_shapes().isdisjoint(
        compress(pieces, map(eq, pieces, pieces[1:]))
    )


def _named_reduplications(ctx: DocContext) -> frozenset[str]:
    """The doubled pinyin syllables the document uses as a name somewhere (computed once)."""

    def compute() -> frozenset[str]:
        return frozenset(
            m.group()
            for seg in ctx.segments
            if _syllable_twice_in_a_row(seg, ctx)
            for m in _REDUP_RE.finditer(seg.text)
            if _reduplication_role(seg, m.start(), m.end(), ctx) == "name"
        )

    return ctx.once("named-reduplications", compute)


def _traced(pinyin_text: str, seg: Segment) -> str | bool | None:
    """With a source: the characters the pinyin renders, or False when the source has
    none that read so. Without a source: None (no evidence either way)."""
    if seg.source is None:
        return None
    syllables = pinyin_split(pinyin_text.replace(" ", ""))
    chars = source_chars_for(syllables, seg.source) if syllables else None
    return chars or False


_WORD_JOINERS = frozenset("-’'")
_CODE_MARKS = frozenset("@#/\\_")
# Two lowercase letters, a full stop, a capital and a lowercase letter: a sentence end
# that lost its space (explained.The), which no domain or file name looks like.
_GLUED_SENTENCE_END_RE = regexcache.compile(r"[a-z]{2}\.[A-Z][a-z]")


def _embedded(text: str, start: int, end: int) -> bool:
    """Whether the word at ``text[start:end]`` is one piece of a token that is not
    running text: an address, domain or URL (weibo.com/abc, li@qq.com), a file name
    (report_final.docx), a handle or hashtag (#MeToo), a product code (XJ220)."""
    before, after = text[start - 1 : start], text[end : end + 1]
    if any(c in _CODE_MARKS or c.isdigit() for c in (before, after) if c):
        return True
    # a full stop between two letters joins a domain or file name; at a sentence end it
    # does not, also when the space after it was lost (explained.The, as MT103 reads it)
    if before == "." and text[start - 2 : start - 1].isalnum():
        return start < 3 or not _GLUED_SENTENCE_END_RE.match(text, start - 3, end)
    if after == "." and text[end + 1 : end + 2].isalnum():
        return not _GLUED_SENTENCE_END_RE.match(text, end - 2, end + 3)
    return False


@lru_cache(maxsize=1 << 14)
def pinyin_word(word: str) -> tuple[str, ...] | None:
    """The syllables of a lowercase word that reads as untranslated pinyin, or None.

    It must split into syllables Chinese words are made of (no interjections:
    ru-ei-ng is no word), and no English may explain it better: a formation on a
    common stem (rue + ing) or, for a long word, an English word one edit away
    (emenating for emanating) — see `mtqa.language.spelling.english_lookalike`.
    """
    syllables = pinyin_split(word, words_only=True)
    if not syllables or english_lookalike(word.lower()):
        return None
    return syllables


@cache
def _name_syllables() -> frozenset[str]:
    """The single pinyin syllables wordfreq knows only from romanised names: rarer
    than ``NAME_SYLLABLE_ZIPF``, no dictionary headword and nothing English explains
    (kuai, qiong, shuo). Written lowercase in English prose, such a syllable is no
    name and no loanword (the loanwords yuan, mu, qi are frequent)."""
    return frozenset(
        s
        for s in word_syllables()
        if 0 < zipf(s) < NAME_SYLLABLE_ZIPF
        and not is_dictionary_word(s)
        and not english_lookalike(s)
    )


@cache
def _pinyin_shapes() -> frozenset[str]:
    """What MT301's and MT302's patterns find, as a whole word or a piece of one cut at
    an apostrophe (Cun's): the syllables a doubled adverb is made of in every case
    (`is_pinyin_reduplication` reads a word in lowercase; the pattern only wants
    both copies alike), the rare name syllables and the place generics.

    Kept in the cache (`mtqa.cache.cached`): judging each syllable against the word
    lists takes 15 ms, a tenth of a short file's whole check. Its key stamps all it
    is derived from: the word-list packages, `mtqa.language` (code and data) and the
    two rule modules whose functions it calls."""

    def derive() -> frozenset[str]:
        doubled = (s for s in pinyin_syllables() if is_pinyin_reduplication(s))
        cased = ("".join(c) for s in doubled for c in product(*((ch, ch.upper()) for ch in s)))
        return frozenset(cased).union(_name_syllables(), PINYIN_PLACE_GENERICS)

    inputs = [
        package_stamp("wordfreq"),
        package_stamp("english_words"),
        folder_stamp(Path(lexicon.__file__).parent),
        file_stamp(__file__),
        file_stamp(structure.__file__),
    ]
    return cached("pinyin-shapes", inputs, derive, frozenset)


def _pinyin_pieces(seg: Segment, ctx: DocContext) -> list[str]:
    """The segment's words cut at apostrophes (`mtqa.textutil.word_pieces`) when some
    piece has a pinyin shape (`_pinyin_shapes`), else none: one set operation in C
    for the patterns of MT301 and MT302, tried at every word, that most segments
    give nothing to find. Found once a document (`_words`)."""
    return _words(ctx).pinyin.get(seg.index, [])


@cache
def _name_syllable_re() -> re.Pattern[str]:
    """A pattern for `_name_syllables` written as whole words."""
    rare = sorted(_name_syllables())
    initials = "".join(sorted({s[0] for s in rare}))
    # the lookahead turns most words away on two cheap tests before the alternation
    return re.compile(rf"\b(?=[{initials}][a-z]{{1,5}}\b)(?:{'|'.join(rare)})\b")


# What a Chinese place name ends in, with its English: a name romanised syllable by
# syllable with the generic left in pinyin (Li Tang Cun) is Litang Village.
PINYIN_PLACE_GENERICS = {"Cun": "Village", "Zhen": "Town", "Xiang": "Township"}
_SPLIT_PLACE_RE = regexcache.compile(
    rf"\b([A-Z][a-z]{{0,5}}) ([A-Z][a-z]{{0,5}}) ({'|'.join(PINYIN_PLACE_GENERICS)})\b"
)
COMMON_ENGLISH = 1000  # the most frequent English words, no syllable of a place name here
# a name written as one word before "Cun" (Chayuan Cun). Not before Zhen or Xiang,
# which are surnames too: Weiwei Xiang, a person named in English order
_JOINED_PLACE_RE = regexcache.compile(r"\b([A-Z][a-z]{2,11}) Cun\b")
_CAPITALISED_BEFORE_RE = regexcache.compile(r"\b([A-Z][a-z]{0,5}) $")


@rule(
    code="MT302",
    name="untranslated-pinyin",
    category="Accuracy/Untranslated",
    severity="major",
    rationale="""A lowercase word made only of the pinyin syllables Chinese words are
    made of, that English does not know (established loanwords such as mu, yuan,
    hukou are in the English word list) and that no English explains better (an
    English stem and suffix, or a long word one letter off an English word: a typo,
    which the non-word rule reports), is Chinese the engine left untranslated; so
    is a lowercase single syllable that English writes only in names (kuai, qiong),
    and a place name whose generic is left in pinyin, romanised syllable by
    syllable (Li Tang Cun: Litang Village; Cun 村 village, Zhen 镇 town, Xiang 乡
    township), or as one word before Cun (Chayuan Cun: Chayuan Village; Zhen and
    Xiang are surnames too, as in Weiwei Xiang).
    Capitalised pinyin is a name unless it is a Chinese common noun by its use: a
    sentence's subject, with no surname, title, generic or apposition to name it
    and written nowhere else in the document (Ganbu 干部 have ...). Addresses,
    file names, hashtags and codes are not text. With the source at hand, the word must trace
    back to characters of the source that read so (xiaoqu from 小区), and the
    finding names them; a word that traces to nothing there is left alone.""",
    flags=[
        ("They cleaned the xiaoqu pond before the rains.", "xiaoqu", None),
        ("They cleaned the xiaoqu pond.\t他们清理了小区的池塘。", "xiaoqu", None),
        ("The jiedao office opened.", "jiedao", None),
        ("Walk past the clear kuai stream to the hall.", "kuai", None),
        ("The team visited Li Tang Cun and two farms.", "Li Tang Cun", "Litang Village"),
        ("Buses now reach Gao Ping Zhen every hour.", "Gao Ping Zhen", "Gaoping Town"),
        ("Chayuan Cun now has a clinic.", "Chayuan Cun", "Chayuan Village"),
        ("Elders settle disputes. Ganbu have the trust of all.", "Ganbu", None),
    ],
    passes=[
        "The farm covers 200 mu and earns 9,000 yuan.",
        "Wang Xiaoqu runs the farm.",
        "They sang the dufa song.\t他们唱了一首歌。",  # no characters of the source read so
        "Fans were rueing the missed chance.",  # rue + ing
        "The shop sold a tantilising cake.",  # a typo of tantalising: a spelling slip
        "The fee was paid in maloti.",  # only ma-lo-ti, and lo is an interjection
        "Follow the account at weibo.com/xiaoqu or write to xiaoqu@qq.com.",
        "Open xiaoqu_plan.docx and tag it #xiaoqu with code xiaoqu2024.",
        "Coach Liu Xiang praised Chen Zhen and the Litang Village team.",
        "Players of qi gong and tai chi met in the park.",
        "Tickets for He Man Xiang are sold out.",  # He Man: English words, no place name
        "Weiwei Xiang and Jianhua Zhen won; Banana Cun did not.",  # persons, English
        "Tangxia was a base. Tangxia Town has a museum.",  # a place: named again
        "Malaigue played well.",  # ma-lai-gu-e: pinyin would write Malai'gue
        "Zhang Qingshui has left. Songlin Village is small.",  # a name and a place
    ],
    fix="sometimes",
    exceptions=[
        "loanwords English knows (mu, yuan, hukou)",
        "capitalised pinyin names",
        "addresses, file names, hashtags and codes",
        "with the source: words that trace back to no source characters",
    ],
)
def untranslated_pinyin(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    found = _words(ctx)  # `unknown_words` and `_pinyin_pieces`, with one lookup
    unknown = found.unknown.get(seg.index, [])
    words = [
        (word, start, end) for word, start, end in unknown if word.islower() and word.isascii()
    ]
    pieces = found.pinyin.get(seg.index, [])  # none in most segments: nothing pinyin-shaped
    if pieces and not _name_syllables().isdisjoint(pieces):
        words += [(m.group(), m.start(), m.end()) for m in _name_syllable_re().finditer(text)]
    for word, start, end in words:
        if ctx.allowed(word):
            continue
        if text[start - 1 : start] in _WORD_JOINERS or text[end : end + 1] in _WORD_JOINERS:
            continue
        if _embedded(text, start, end):
            continue
        if ctx.quotes(seg).inside(start):
            continue  # a term quoted to be glossed ("neijuan", or involution)
        syllables = pinyin_word(word)
        if syllables:
            traced = _traced(word, seg)
            if traced is False:
                continue  # no characters of the source read so: a rare word, not pinyin
            origin = f" (from {traced})" if traced else ""
            yield Hit(start, end, f"Untranslated pinyin '{word}'{origin}")
    if pieces and not PINYIN_PLACE_GENERICS.keys().isdisjoint(pieces):
        yield from _split_place_names(seg, ctx)
    if unknown:  # a pinyin term is an unknown word
        yield from _pinyin_terms(seg, ctx)


TERM_SYLLABLES = (2, 3)  # how many syllables a Chinese common noun has, romanised


def _pinyin_terms(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    """Capitalised pinyin that is a Chinese common noun, not a name: a word of two or
    three syllables spelt as pinyin spells (`pinyin_split` ``orthographic``) that
    opens a sentence as its subject (an auxiliary, said or a past tense follows),
    written nowhere else in the document.

    Names are introduced where they are used: with a surname or a title before them,
    a generic after (Songlin Village), an apposition (Qingshui, which ...), or again
    later in the text (Tangxia was ... Tangxia Town). A word with none of that, used
    once as a subject, is a term the engine romanised (干部 Ganbu have ...).
    """
    text = seg.text
    for word, start, end in unknown_words(seg, ctx):
        # the sentence starts only when there is a word to place (most segments have none)
        if not (word[0].isupper() and word[1:].islower()) or start not in ctx.sentence_starts(seg):
            continue
        if not word.isascii() or ctx.word_counts[word] > 1 or ctx.allowed(word):
            continue
        syllables = pinyin_split(word, words_only=True, orthographic=True)
        if not syllables or len(syllables) not in TERM_SYLLABLES:
            continue
        after = _WORD_AFTER_RE.match(text, end)
        if after and _subject_verb(after.group(1)) and not english_lookalike(word.lower()):
            yield Hit(start, end, f"Untranslated pinyin '{word}' used as a term, not a name")


def _split_place_names(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    """Place names romanised one capitalised syllable at a time with the generic
    left in pinyin (Li Tang Cun), with the English name as the suggestion.

    Both syllables before the generic must be single pinyin syllables that are no
    frequent English word (He Man is English), and the name as written no allowed
    term; two syllables and a generic is how Chinese place names are built, while a
    pinyin person's name writes its given name as one word (Liu Xiang, Li Xiaozhen).
    """
    yield from _joined_place_names(seg, ctx)
    common = top_english_words(COMMON_ENGLISH)
    for m in _SPLIT_PLACE_RE.finditer(seg.text):
        first, second, generic = m.groups()
        if ctx.allowed(m.group()) or first.lower() in common or second.lower() in common:
            continue
        if not all(is_pinyin_syllable(w, words_only=True) for w in (first, second)):
            continue
        english = f"{first}{second.lower()} {PINYIN_PLACE_GENERICS[generic]}"
        yield Hit(
            m.start(),
            m.end(),
            f"Untranslated place name '{m.group()}': '{generic}' is pinyin for "
            f"{PINYIN_PLACE_GENERICS[generic].lower()}",
            english,
        )


def _joined_place_names(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    """Village names written as one word with the generic left in pinyin (Chayuan
    Cun), with the English name as the suggestion (Chayuan Village): a word English
    does not know that spells two or three pinyin syllables (`pinyin_split`
    ``orthographic``), after no capitalised syllable that would make it part of a
    longer name (Wang Litang Cun), and the name as written no allowed term."""
    text = seg.text
    for m in _JOINED_PLACE_RE.finditer(text):
        name = m.group(1)
        if ctx.allowed(m.group()) or name.lower() in english_frequencies():
            continue
        before = _CAPITALISED_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
        if before and is_pinyin_syllable(before.group(1), words_only=True):
            continue  # part of a longer name (Wang Litang Cun): which, a reader knows
        syllables = pinyin_split(name, words_only=True, orthographic=True)
        if syllables and len(syllables) in (2, 3):
            english = PINYIN_PLACE_GENERICS["Cun"]
            yield Hit(
                m.start(),
                m.end(),
                f"Untranslated place name '{m.group()}': 'Cun' is pinyin for {english.lower()}",
                f"{name} {english}",
            )


CJK_TARGETS = frozenset({"zh", "ja", "ko", "yue", "wuu", "lzh"})  # written in these scripts
_KANA = r"\u3040-\u30ff"
_HANGUL = r"\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3"
_CJK = f"{HAN}{_KANA}{_HANGUL}"
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"
_CJK_RUN_RE = regexcache.compile(f"[{_CJK}](?:[\\s\\d{_CJK}{_CJK_PUNCT}]*[{_CJK}{_CJK_PUNCT}])?")
_KANA_RE = regexcache.compile(f"[{_KANA}]")
_HANGUL_RE = regexcache.compile(f"[{_HANGUL}]")


def _cjk_language(run: str) -> str:
    """Which language a run of CJK characters is written in, by its script: any
    Hangul makes it Korean, any kana Japanese; Han characters alone, Chinese."""
    if _HANGUL_RE.search(run):
        return "Korean"
    return "Japanese" if _KANA_RE.search(run) else "Chinese"


# Characters of Chinese in a row that make a sentence (30 characters translate
# to about 20 English words); the longest run in the machine-translated dev
# texts, a name or a date, is 10
UNTRANSLATED_SENTENCE = 30


@rule(
    code="MT303",
    name="chinese-characters",
    category="Accuracy/Untranslated",
    severity="major",
    rationale="""Chinese characters (or Japanese kana, or Korean Hangul) inside a
    translation into a language not written in them (English, German, French...)
    are source text the engine did not translate: dates (2025 年 9 月), names,
    keywords. Each run is one finding; a run of 30 characters
    or more (a sentence or a paragraph left in the source language) is critical,
    since one finding a run would otherwise let a text left untranslated pass.
    Runs for any target language but Chinese, Japanese and Korean.""",
    flags=[
        ("The meeting was held on 2024 年 3 月 5 日 in the city.", "年 3 月 5 日", None),
        ("The sign said 서울역 in large letters.", "서울역", None),
    ],
    passes=["The meeting was held on March 5, 2024 in the city."],
    languages=None,
    fix="never",
    exceptions=[
        "Chinese, Japanese and Korean target texts",
    ],
)
def chinese_characters(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    if seg.text.isascii() or ctx.target_language in CJK_TARGETS:
        return  # most segments (a test in C that reads no character); the target's own script
    for m in _CJK_RUN_RE.finditer(seg.text):
        run = m.group()
        severity = "critical" if len(run) >= UNTRANSLATED_SENTENCE else None
        yield Hit(
            m.start(),
            m.end(),
            f"{_cjk_language(run)} text left untranslated: '{run}'",
            severity=severity,
        )


@rule(
    code="MT304",
    name="non-word",
    category="Fluency/Spelling",
    severity="minor",
    rationale="""A word that wordfreq's English list (321,000 forms) does not know, that
    is no pinyin and no allowed term, and that English word formation does not
    explain (bisexually, mouthpart, demerge), is reported when there is evidence
    of an error: two words glued the way MT glues them, a function word or a
    modifier on a word ('willmean', 'responsibleperson'; a plausible compound of
    nouns such as 'carmaking' or 'mailshot' is English), one edit from a word
    frequent enough for its length ('analsyts'), or an English suffix where English
    puts none ('growsed', 'Liveliable'). Rare real words (helianthemum) are left
    alone, and so are addresses, file names, hashtags and codes. A capitalised
    word is a name: inside a sentence, and at a sentence start unless the document
    writes it in lowercase too; a name is only reported when the document spells
    it one letter otherwise, more often ('Cheslea' beside 'Chelsea'), or, at a
    sentence start, when it carries an English suffix on an English stem or a
    function word glued on ('Thecounty').""",
    flags=[
        ("The village growsed more peppers this year.", "growsed", None),
        ("Each responsibleperson signed the pledge.", "responsibleperson", "responsible person"),
        ("Liveliable towns attract young people.", "Liveliable", None),
        ("The plan willmean fewer buses.", "willmean", "will mean"),
        ("Analysts expect more spearate deals.", "spearate", "separate"),
        ("The shop sold a tantilising cake.", "tantilising", "tantalising"),
        ("Chelsea won. Cheslea fans sang. Chelsea led.", "Cheslea", "Chelsea"),
        ("Thecounty built new roads.", "Thecounty", "The county"),
    ],
    passes=[
        "Mr Okonkwo visited Tianshanbao village.",
        "Akismet filters spam for the site.",
        "The e-commerce co-op grew.",
        "The fly has a long mouthpart and the plant spreads bisexually.",
        "We photographed helianthemum on the cliffs.",
        "The firm plans to demerge its carmaking arm and send a mailshot.",
        "Staff use a passcard and a phonecam under new groundrules.",
        "Fans were rueing the missed chance.",
        "Mail sales@brightlane.co.uk, see brightlane.com/jobs or open plan_final.docx.",
        "The slogan #keepwarm trended; model XJ220 and the A4 sold out.",
        "Trindlecorp bought Quaystone. Quaystone shares rose.",
        "Brackwell said he would stay. Fans of Brackwell cheered.",
    ],
    fix="sometimes",
    exceptions=[
        "rare real words (helianthemum)",
        "words English word formation explains (bisexually, demerge)",
        "plausible compounds of nouns (carmaking)",
        "names, unless the document spells them otherwise",
        "addresses, file names, hashtags and codes",
        "allowed terms",
    ],
)
def non_word(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    for word, start, end in unknown_words(seg, ctx):
        if len(word) < 4 or not word.isascii() or ctx.allowed(word):
            continue
        if text[end : end + 1] == "-" or text[start - 1 : start] == "-":
            continue  # part of a hyphenated compound
        if _embedded(text, start, end):
            continue
        if seg.index == ctx.segments[-1].index and not text[end:].strip():
            continue  # the text stops inside this word: an excerpt cut off, not a misspelling
        if word.islower():
            verdict = None if pinyin_word(word) else judge_unknown(word)
        elif word[0].isupper() and word[1:].islower():
            at_start = start in ctx.sentence_starts(seg)
            verdict = _judge_capitalised(word, at_start, ctx)
        else:
            continue  # camelCase brand names and acronyms
        if verdict is None:
            continue
        reason, suggestion = verdict
        if suggestion and word[0].isupper():
            suggestion = suggestion[0].upper() + suggestion[1:]
        yield Hit(start, end, f"'{word}' is not an English word: {reason}", suggestion)


def _capitalised_in_a_sentence(word: str, ctx: DocContext) -> bool:
    """Whether the document writes the capitalised ``word`` other than at a sentence
    start: one of its names (found once a word a document). Only the segments that
    hold ``word`` are tokenised: a substring test in C passes over the others."""
    found: dict[str, bool] = ctx.once("capitalised-in-sentences", dict)
    if word not in found:
        found[word] = any(
            m.group() == word and m.start() not in ctx.sentence_starts(seg)
            for seg in ctx.segments
            if word in seg.text
            for m in WORD_RE.finditer(seg.text)
        )
    return found[word]


MIN_NAME_VARIANT = 5  # shorter names one letter apart are often two names (Lin, Ling)


def _judge_capitalised(
    word: str, at_sentence_start: bool, ctx: DocContext
) -> tuple[str, str | None] | None:
    """`judge_unknown` for a capitalised unknown word, which is a name unless the
    document says otherwise: a sentence-initial word the document also writes in
    lowercase is that word; a name is reported only when the document spells it
    one letter otherwise, more often (Cheslea, Chelsea), or when, at a sentence
    start and nowhere capitalised inside a sentence, it has an English stem with a
    suffix English does not put there (Liveliable) or a function word glued on
    (Thecounty)."""
    lower = word.lower()
    if at_sentence_start and ctx.word_counts[lower]:
        return None if pinyin_word(lower) else judge_unknown(lower)
    if pinyin_split(word):
        return None  # a romanised Chinese name
    variant = _spelt_otherwise(word, ctx)
    if variant:
        return f"a misspelling of '{variant}', as the document writes it elsewhere?", variant
    if at_sentence_start and not _capitalised_in_a_sentence(word, ctx):
        return judge_unknown(lower, maybe_name=True)
    return None


def _spelt_otherwise(name: str, ctx: DocContext) -> str | None:
    """A known word one edit from ``name`` that the document writes capitalised more
    often than ``name`` (Chelsea for Cheslea), or None.

    Names with another initial (Koogle, Google) or a plural (the Oatleys, Robert
    Oatley) are other names or forms, not slips.
    """
    if len(name) < MIN_NAME_VARIANT:
        return None
    counts, own = ctx.word_counts, ctx.word_counts[name]
    found = [
        form
        for length in (len(name) - 1, len(name), len(name) + 1)
        for form in _known_capitalised(ctx).get((name[0], length), ())
        if counts[form] > own
        and name.removesuffix("s") != form.removesuffix("s")
        and one_edit_apart(name, form)
    ]
    return max(found, key=lambda form: (counts[form], form), default=None)


def _known_capitalised(ctx: DocContext) -> dict[tuple[str, int], list[str]]:
    """The document's capitalised words that wordfreq knows, by initial and length
    (computed once per document)."""

    def compute() -> dict[tuple[str, int], list[str]]:
        capitalised = [word for word in ctx.word_counts if word[0].isupper()]
        known = english_frequencies().holding(map(str.lower, capitalised))
        shapes: dict[tuple[str, int], list[str]] = {}
        for word in compress(capitalised, known):
            shapes.setdefault((word[0], len(word)), []).append(word)
        return shapes

    return ctx.once("known-capitalised", compute)


_TOKEN_RE = regexcache.compile(r"\S+")
# The single-byte codecs ftfy repairs UTF-8 text read as (`ftfy.chardata`'s
# CHARMAP_ENCODINGS, a test compares them), by Python's names; ftfy's "sloppy"
# Windows codecs read a byte the codec leaves undefined as Latin-1 does.
MISREAD_AS = (
    "latin-1", "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "iso8859-2",
    "mac-roman", "cp437",
)  # fmt: skip


def read_as(byte: int, codec: str) -> str:
    """The character ``byte`` reads as in ``codec`` (one of `MISREAD_AS`); a byte the
    codec leaves undefined reads as its Latin-1 character, a C1 control."""
    return bytes([byte]).decode(codec, errors="ignore") or chr(byte)


@cache
def mojibake_clue() -> re.Pattern[str]:
    """What every repair ftfy makes needs in the text: a C1 control (a cp1252 text
    read as Latin-1), or a UTF-8 lead byte (0xC2-0xF4) and a continuation byte
    (0x80-0xBF) as one of `MISREAD_AS` reads them, side by side; the continuation
    may be U+FFFD where a byte was lost, or a space where the no-break space of
    a no-break space or an à (C2 A0, C3 A0: "voilÃ tout") became one. A test
    garbles every BMP character in every codec and finds the clue in each.
    Accented text rarely has one ("café au lait", "Zürich" have none; two accented
    letters side by side may, as "Þór", "Łódź" or "ação": ftfy then judges them).
    Built on first use, from the codecs."""

    def chars(codes: range | tuple[int, ...], codecs: tuple[str, ...] = MISREAD_AS) -> str:
        found = {read_as(code, codec) for code in codes for codec in codecs}
        return "[" + "".join(re.escape(c) for c in sorted(found)) + "]"

    nbsp = tuple(c for c in MISREAD_AS if read_as(0xA0, c) == "\xa0")
    leads, continuations = chars(range(0xC2, 0xF5)), chars(range(0x80, 0xC0))
    return regexcache.compile(
        f"[\\x80-\\x9f]|{leads}(?:{continuations}|\ufffd)|{chars((0xC2, 0xC3), nbsp)} "
    )


# a combining mark: text in decomposed form (NFD), whose mojibake shows its clue
# once composed ("A\u0302\x80" is "Â\x80")
_COMBINING_RE = regexcache.compile("[\u0300-\u036f]")


def _may_be_mojibake(text: str) -> bool:
    """Whether ``text`` holds `mojibake_clue`, as written or composed (NFC)."""
    clue = mojibake_clue()
    if clue.search(text):
        return True
    return bool(_COMBINING_RE.search(text)) and bool(clue.search(normalize("NFC", text)))


@rule(
    code="MT305",
    name="mojibake",
    category="Fluency/Character encoding",
    severity="major",
    rationale="""Text decoded with the wrong encoding ('donâ€™t', 'Ã©'; 'don‚Äôt' read
    as MacRoman) somewhere in the scrape-translate-publish chain. Detected and
    repaired with ftfy. Where a byte was lost on the way (shown as �: the closing
    quote of 'â€œnowâ€�'), the repair is partial, and left to a reader.""",
    flags=[
        ("The mayorâ€™s plan was approved.", "mayorâ€™s", "mayor’s"),
        ("The mayor‚Äôs plan was approved.", "mayor‚Äôs", "mayor’s"),  # read as MacRoman
        ("The cooperative â€œnowâ€\ufffd has 860 members.", "â€œnowâ€\ufffd", None),
        ("He said â€œhelloâ€ to her.", "â€œhelloâ€", None),  # its last byte dropped
    ],
    languages=None,
    passes=["The mayor’s café plan was approved."],
    fix="sometimes",
    fix_safe=True,
)
def mojibake(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    # most segments are ASCII, which a flag of the string says without a scan
    if seg.text.isascii() or not _may_be_mojibake(seg.text):
        return
    import ftfy  # a tenth of a second to import: only for text that may hold mojibake
    from ftfy.badness import is_bad

    if not is_bad(seg.text):
        return
    for m in _TOKEN_RE.finditer(seg.text):
        token = m.group()
        # ASCII reads the same in every encoding: never mojibake, and none of ftfy's
        # patterns finds it (a test checks them)
        if token.isascii() or not is_bad(token):
            continue
        repaired = ftfy.fix_text(token, uncurl_quotes=False)
        if repaired == token:  # ftfy knows no repair: odd text, not certain mojibake
            continue
        # a lost byte makes the repair partial: "“now�" (shown as U+FFFD) would open
        # a quotation it cannot close, and "“helloâ€" (dropped) keeps mojibake that
        # a fix would leave where no check finds it again
        partial = "\ufffd" in repaired or is_bad(repaired)
        suggestion = None if partial else repaired
        yield Hit(m.start(), m.end(), "Mojibake (text decoded with the wrong encoding)", suggestion)
