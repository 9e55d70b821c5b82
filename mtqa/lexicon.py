"""Word lists the rules judge against, all shipped inside installed packages.

English: wordfreq's ``large`` English list (321k forms with frequencies).
Pinyin: the syllable inventory derived from pypinyin's character readings.
Both load once per process, on first use.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache


@cache
def english_frequencies() -> dict[str, float]:
    """Lowercase English word -> frequency (0..1), from wordfreq."""
    import wordfreq

    return wordfreq.get_frequency_dict("en", wordlist="large")


def zipf(word: str) -> float:
    """Zipf frequency (log10 per billion words) of a lowercase word; 0 if unknown."""
    freq = english_frequencies().get(word)
    return round(math.log10(freq) + 9, 2) if freq else 0.0


def is_english_word(word: str) -> bool:
    """Whether wordfreq knows ``word`` (any case, apostrophes normalised)."""
    words = english_frequencies()
    lower = word.lower().replace("’", "'")
    return lower in words


@cache
def top_english_words(n: int) -> frozenset[str]:
    """The ``n`` most frequent English words (mostly function words for small n)."""
    import wordfreq

    return frozenset(wordfreq.top_n_list("en", n, wordlist="large"))


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable that some Chinese character is read as."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    readings = {r for value in pinyin_dict.values() for r in value.split(",")}
    return frozenset(s for s in (to_normal(r) for r in readings) if s.isascii() and s.isalpha())


def pinyin_split(word: str) -> tuple[str, ...] | None:
    """Split a word into toneless pinyin syllables (longest match first), or None.

    ``xian`` stays one syllable; an apostrophe marks a syllable boundary (Xi'an).
    """
    out: list[str] = []
    for part in word.lower().replace("’", "'").split("'"):
        parsed = _split_part(part)
        if not parsed:
            return None
        out.extend(parsed)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _split_part(word: str) -> tuple[str, ...] | None:
    syllables = pinyin_syllables()
    return _split_from(word, 0, syllables)


def _split_from(word: str, pos: int, syllables: frozenset[str]) -> tuple[str, ...] | None:
    if pos == len(word):
        return ()
    for size in range(min(6, len(word) - pos), 0, -1):
        head = word[pos : pos + size]
        if head in syllables:
            rest = _split_from(word, pos + size, syllables)
            if rest is not None:
                return (head, *rest)
    return None


def source_chars_for(syllables: tuple[str, ...], source: str) -> str | None:
    """The run of Chinese characters in ``source`` read as ``syllables`` (yin yin ->
    殷殷), or None: with the source at hand, pinyin in a target can be traced back."""
    from pypinyin import Style, pinyin

    han = [(i, ch) for i, ch in enumerate(source) if "\u3400" <= ch <= "\u9fff"]
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
