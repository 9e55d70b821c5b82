"""Pinyin: the syllable inventory, splitting words into syllables, and tracing
romanised words back to their Chinese characters.

The syllable tables are derived from pypinyin's character and phrase readings
and shipped precomputed in ``data/pinyin.json`` (pypinyin's own tables take half
a second to load); `derive_pinyin_tables` rebuilds them and a test checks them.
"""

from __future__ import annotations

import functools
import json
import pkgutil
from functools import lru_cache

from .lexicon import is_han, word_list


@word_list("the pinyin syllables (mtqa/language/data/pinyin.json, from package pypinyin)")
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable that some Chinese character is read as
    (`derive_pinyin_tables`, precomputed: pypinyin's tables take half a second)."""
    return frozenset(_pinyin_tables()["syllables"])


@word_list("the pinyin of Chinese words (mtqa/language/data/pinyin.json, from package pypinyin)")
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
    # `pkgutil.get_data`: what `importlib.resources` would read, without its 5 ms import
    data = pkgutil.get_data(__package__, f"data/{PINYIN_TABLES}")
    assert data is not None  # the package is a regular one: its loader reads files
    return json.loads(data)


PINYIN_TABLES = "pinyin.json"


def derive_pinyin_tables() -> dict[str, list[str]]:
    """The pinyin tables from the installed pypinyin, sorted: ``syllables``, every
    reading of a character; ``word_syllables``, the readings inside words of its
    phrase dictionary. ``python -m mtqa.language.pinyin`` writes them to data/; a test
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


if __name__ == "__main__":  # regenerate the shipped pinyin tables after upgrading pypinyin
    from importlib import resources

    target = resources.files(__package__).joinpath("data", PINYIN_TABLES)
    with resources.as_file(target) as path:
        path.write_text(json.dumps(derive_pinyin_tables(), indent=0) + "\n", encoding="utf-8")
