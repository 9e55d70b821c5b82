"""Word lists the rules judge against, all shipped inside installed packages.

English: wordfreq's ``large`` English list (321k forms with frequencies).
Pinyin: the syllable inventory derived from pypinyin's character readings.
Dictionary headwords with their capitals: the ``english-words`` package.
Each loads once per process, on first use; a list that cannot be loaded stops
the run with a `WordListError` (one line, exit code 2) rather than letting a
rule run without it.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from importlib.metadata import version
from typing import ParamSpec, TypeVar

from .cache import cached
from .errors import WordListError

T = TypeVar("T")
P = ParamSpec("P")

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""The Han characters, as the body of a regex class: CJK Unified Ideographs and
Extension A, the compatibility ideographs, Extensions B to H (Unicode 15 blocks)."""
_HAN_RE = re.compile(f"[{HAN}]")


def is_han(char: str) -> bool:
    """Whether ``char`` (one character) is a Han character (`HAN`)."""
    return _HAN_RE.fullmatch(char) is not None


def word_list(description: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorator for a word-list loader: load once per arguments, and name the list if it fails.

    ``description`` names the list and the package that ships it; any error
    while importing or reading it becomes a `WordListError` with that name.
    """

    def wrap(load: Callable[P, T]) -> Callable[P, T]:
        @functools.cache
        @functools.wraps(load)
        def loaded(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return load(*args, **kwargs)
            except Exception as exc:  # whatever a broken install raises, the cause is the list
                raise WordListError(
                    f"cannot load {description}: {type(exc).__name__}: {exc} "
                    "(reinstall mtqa and its dependencies)"
                ) from exc

        return loaded

    return wrap


@word_list("the English word frequencies (package wordfreq)")
def english_frequencies() -> dict[str, float]:
    """Lowercase English word -> frequency (0..1), from wordfreq (kept by `mtqa.cache`:
    read in half the time wordfreq takes to unpack it)."""

    def build() -> dict[str, float]:
        import wordfreq

        return wordfreq.get_frequency_dict("en", wordlist="large")

    return cached("wordfreq-en-large", [version("wordfreq")], build)


def zipf(word: str) -> float:
    """Zipf frequency (log10 per billion words) of a lowercase word; 0 if unknown."""
    freq = english_frequencies().get(word)
    return round(math.log10(freq) + 9, 2) if freq else 0.0


def is_english_word(word: str) -> bool:
    """Whether wordfreq knows ``word`` (any case, apostrophes normalised)."""
    words = english_frequencies()
    lower = word.lower().replace("’", "'")
    return lower in words


@word_list("the English word ranking (package wordfreq)")
def top_english_words(n: int) -> frozenset[str]:
    """The ``n`` most frequent English words (mostly function words for small n)."""

    def build() -> frozenset[str]:
        import wordfreq  # a quarter second to import: only when the cache is cold

        return frozenset(wordfreq.top_n_list("en", n, wordlist="large"))

    return cached("wordfreq-en-top", [version("wordfreq"), str(n)], build)


@word_list("the pinyin syllables (mtqa/data/pinyin.json, from package pypinyin)")
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable that some Chinese character is read as
    (`derive_pinyin_tables`, precomputed: pypinyin's tables take half a second)."""
    return frozenset(_pinyin_tables()["syllables"])


@word_list("the pinyin of Chinese words (mtqa/data/pinyin.json, from package pypinyin)")
def word_syllables() -> frozenset[str]:
    """The toneless pinyin syllables Chinese words are made of (about 400).

    Those read in some word of pypinyin's phrase dictionary (47,000 words).
    Interjections and particles that stand alone (ng, m, hm, ei, lo) and a few
    rare readings (zhei, nia) never occur inside a word, and English words split
    into pinyin only with their help: ru-ei-ng (rueing), ma-lo-ti (maloti).
    """
    return frozenset(_pinyin_tables()["word_syllables"])


@functools.cache
def _pinyin_tables() -> dict[str, list[str]]:
    data = resources.files(__package__).joinpath("data", PINYIN_TABLES).read_text("utf-8")
    return json.loads(data)


PINYIN_TABLES = "pinyin.json"


def derive_pinyin_tables() -> dict[str, list[str]]:
    """The pinyin tables from the installed pypinyin, sorted: ``syllables``, every
    reading of a character; ``word_syllables``, the readings inside words of its
    phrase dictionary. ``python -m mtqa.lexicon`` writes them to mtqa/data; a test
    checks the shipped file against this."""
    from itertools import chain

    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    def toneless(readings: set[str]) -> list[str]:
        return sorted({s for s in map(to_normal, readings) if s.isascii() and s.isalpha()})

    characters = {r for value in pinyin_dict.values() for r in value.split(",")}
    words = set(chain.from_iterable(chain.from_iterable(phrases_dict.values())))
    return {"syllables": toneless(characters), "word_syllables": toneless(words)}


# The longest romanised words are four-syllable place names (Xishuangbanna, 13 letters);
# six syllables of six letters each bound what is worth splitting.
MAX_PINYIN_LETTERS = 36


def pinyin_split(
    word: str, *, words_only: bool = False, orthographic: bool = False
) -> tuple[str, ...] | None:
    """Split a word into toneless pinyin syllables (longest match first), or None.

    ``xian`` stays one syllable; an apostrophe marks a syllable boundary (Xi'an).
    With ``words_only``, only syllables that occur inside Chinese words count
    (`word_syllables`): the test for a romanised word rather than any reading.
    With ``orthographic``, the split must also be one pinyin spelling allows: no
    syllable but the first starts with a, o or e, since pinyin writes an apostrophe
    there (Xi'an, Tian'e); ma-lai-gu-e is no pinyin spelling of Malaigue.
    """
    if len(word) > MAX_PINYIN_LETTERS:
        return None  # no romanised word is this long; a long run (hahaha…) would fill the cache
    out: list[str] = []
    for part in word.lower().replace("’", "'").split("'"):
        parsed = _split_part(part, words_only, orthographic)
        if not parsed:
            return None
        out.extend(parsed)
    return tuple(out)


def is_pinyin_syllable(word: str, *, words_only: bool = False) -> bool:
    """Whether ``word`` reads as exactly one pinyin syllable (`pinyin_split`)."""
    split = pinyin_split(word, words_only=words_only)
    return split is not None and len(split) == 1


_VOWEL_INITIALS = ("a", "o", "e")


@lru_cache(maxsize=1 << 16)
def _split_part(word: str, words_only: bool, orthographic: bool = False) -> tuple[str, ...] | None:
    """The split of one apostrophe-free part: at each place the longest syllable
    after which the rest still splits, found right to left in linear time (no
    recursion: a hostile 100,000-letter word is one more word)."""
    syllables = word_syllables() if words_only else pinyin_syllables()
    n = len(word)
    following: list[int | None] = [None] * n + [n]  # where the syllable from i ends
    for i in range(n - 1, -1, -1):
        if orthographic and i and word.startswith(_VOWEL_INITIALS, i):
            continue  # pinyin would have written an apostrophe before this syllable
        for size in range(min(6, n - i), 0, -1):
            if following[i + size] is not None and word[i : i + size] in syllables:
                following[i] = i + size
                break
    if not word or following[0] is None:
        return None
    out, i = [], 0
    while i < n:
        end = following[i]
        assert end is not None  # every syllable's end leads on to the word's end
        out.append(word[i:end])
        i = end
    return tuple(out)


def source_chars_for(syllables: tuple[str, ...], source: str) -> str | None:
    """The run of Chinese characters in ``source`` read as ``syllables`` (yin yin ->
    殷殷), or None: with the source at hand, pinyin in a target can be traced back."""
    from pypinyin import Style, pinyin

    han = [(i, ch) for i, ch in enumerate(source) if is_han(ch)]
    if len(han) < len(syllables):
        return None
    readings = [{r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]} for _, ch in han]
    n = len(syllables)
    for k in range(len(han) - n + 1):
        if han[k + n - 1][0] - han[k][0] != n - 1:
            continue  # not one run of consecutive characters
        if all(syllables[j] in readings[k + j] for j in range(n)):
            return "".join(ch for _, ch in han[k : k + n])
    return None


@word_list("the English dictionary headwords (package english-words)")
def dictionary_words() -> frozenset[str]:
    """Headwords of Webster's Second International (1934), with their capitals.

    From the ``english-words`` package (its ``web2`` list, 236k words). A word
    listed only capitalised (Mexican, Christian, Briton) is a proper noun or
    adjective that English always capitalises; a lowercase entry (budget, is,
    wash) is an ordinary word.
    """

    def build() -> frozenset[str]:
        from english_words import get_english_words_set

        return frozenset(get_english_words_set(["web2"], alpha=True))

    return cached("english-words-web2", [version("english-words")], build)


def is_dictionary_word(word: str) -> bool:
    """Whether ``word`` is a dictionary headword written exactly so (case kept)."""
    return word in dictionary_words()


if __name__ == "__main__":  # regenerate the shipped pinyin tables after upgrading pypinyin
    target = resources.files(__package__).joinpath("data", PINYIN_TABLES)
    with resources.as_file(target) as path:
        path.write_text(json.dumps(derive_pinyin_tables(), indent=0) + "\n", encoding="utf-8")
