"""How common each character of Chinese, Japanese and Korean text is: what tells a
reading of legacy CJK bytes in the right codec from one in a wrong codec that
also decodes them (`mtqa.readers.encoding.detect`). The GB18030 bytes of
"县长说" read as EUC-KR give "群낀綱", as Big5 "縣長" gives rare characters:
text of no language, which a table of the characters each language uses most
tells apart where a statistical detector has too few bytes to judge.

Data: wordfreq's ``small`` lists for ``zh``, ``ja`` and ``ko`` (word ->
frequency, summed here over the characters of each word); the Chinese list is
in simplified characters, so each traditional character gets the frequency of
its simplified one, by wordfreq's own traditional-to-simplified table (the one
it looks traditional text up with). Kept in mtqa's cache (`mtqa.cache.cached`).
"""

from __future__ import annotations

import gzip
import math
from collections import Counter
from importlib.resources import files

from .. import regexcache
from ..cache import cached, file_stamp, package_stamp
from .lexicon import word_list

# the frequency a character none of the language's words holds counts as: rarer
# than any character of the lists (their rarest are about 1e-8)
UNKNOWN = 1e-9
# wordfreq's traditional-to-simplified table: code point -> simplified text
_SIMPLIFIED_MAP = "data/_chinese_mapping.msgpack.gz"


# kana, Han, Hangul syllables and letters: what tells the languages apart (not punctuation)
_LETTER_RE = regexcache.compile("[\u3040-\u30ff\u3131-\u318e\u3400-\u9fff\uac00-\ud7af]")


@word_list("the character frequencies of Chinese, Japanese and Korean (package wordfreq)")
def character_frequencies(language: str) -> dict[str, float]:
    """Kana, Han or Hangul character -> the summed frequency (0..1) of the
    ``language``'s words (``zh``, ``ja`` or ``ko``) that hold it; for
    ``zh`` traditional characters too. Raises WordListError when wordfreq's data
    cannot be read."""

    def build() -> dict[str, float]:
        import msgpack  # wordfreq's own dependency, which reads its tables
        import wordfreq

        counts: Counter[str] = Counter()
        for word, frequency in wordfreq.get_frequency_dict(language, wordlist="small").items():
            for char in set(_LETTER_RE.findall(word)):
                counts[char] += frequency
        if language == "ko":
            # the lists are built from words and leave out the letters Korean chat
            # writes alone (ㅋㅋ, ㅠㅠ): each counts as a syllable of middling frequency
            middle = sorted(counts.values())[len(counts) // 2]
            for point in range(0x3131, 0x318F):
                counts.setdefault(chr(point), middle)
        if language == "zh":
            with gzip.open(files("wordfreq").joinpath(_SIMPLIFIED_MAP).open("rb")) as data:
                simplified = msgpack.load(data, raw=False, strict_map_key=False)
            for point, simple in simplified.items():
                if simple in counts:
                    counts.setdefault(chr(point), counts[simple])
        return dict(counts)

    parts = [package_stamp("wordfreq"), file_stamp(__file__), language]
    return cached(f"cjk-characters-{language}", parts, build, dict)


def reading_score(text: str, language: str) -> float | None:
    """The mean log10 frequency (`character_frequencies`, `UNKNOWN` for a character
    none of its words holds) of the kana, Han and Hangul characters of ``text``
    read as ``language``: higher for text of that language; None for a text
    without one. Raises WordListError as `character_frequencies` does."""
    letters = _LETTER_RE.findall(text)
    if not letters:
        return None
    table = character_frequencies(language)
    return math.fsum(math.log10(table.get(c, UNKNOWN)) for c in letters) / len(letters)
