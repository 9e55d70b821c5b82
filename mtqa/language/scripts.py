"""Which scripts each target language is written in, and runs of text in others.

The table gives the script (ISO 15924 name, as the ``regex`` module's ``\\p{Script}``
reads it) of each language by its primary subtag: the script CLDR's likely
subtags give it (``supplemental/likelySubtags.xml``), plus the second script of a
language commonly written in two (Serbian in Cyrillic and Latin). Chinese,
Japanese and Korean are left out: their text mixes Latin names and terms freely.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache

import regex

_BY_SCRIPT = {
    "Latin": (
        "af az br bs ca co cs cy da de en eo es et eu fi fil fo fr fy ga gd gl ha haw hr "
        "ht hu id ig is it jv ku la lb lt lv mg mi ms mt nb nl nn no ny pl pt qu ro sk "
        "sl sm sn so sq st su sv sw tk tl tr uz vi xh yo zu"
    ),
    "Cyrillic": "ba be bg ce cv kk ky mk mn ru sah tg tt uk",
    "Greek": "el",
    "Armenian": "hy",
    "Georgian": "ka",
    "Hebrew": "he yi",
    "Arabic": "ar ckb fa ps sd ug ur",
    "Devanagari": "hi mr ne sa",
    "Bengali": "as bn",
    "Gurmukhi": "pa",
    "Gujarati": "gu",
    "Oriya": "or",
    "Tamil": "ta",
    "Telugu": "te",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Sinhala": "si",
    "Thai": "th",
    "Lao": "lo",
    "Khmer": "km",
    "Myanmar": "my",
    "Ethiopic": "am ti",
    "Tibetan": "bo",
    "Thaana": "dv",
}
WRITTEN_IN: dict[str, frozenset[str]] = {
    language: frozenset({script})
    for script, languages in _BY_SCRIPT.items()
    for language in languages.split()
}
WRITTEN_IN["sr"] = frozenset({"Cyrillic", "Latin"})

# Never foreign here: Latin (names, brands and addresses appear in text of every
# script), the CJK scripts (rule MT303 reports those), and the characters every
# script shares (digits, punctuation, symbols, combining marks of any script).
_SHARED = ("Latin", "Han", "Hiragana", "Katakana", "Hangul", "Common", "Inherited")


@cache
def _foreign_run_re(language: str) -> regex.Pattern[str]:
    """Runs of letters of a script ``language`` is not written in, the words of one run
    joined by anything but letters (spaces, punctuation, digits). Word and joiner
    classes are disjoint, so matching is linear."""
    own = "".join(f"\\p{{Script={s}}}" for s in sorted(WRITTEN_IN[language] | set(_SHARED)))
    letter = f"[[\\p{{L}}\\p{{M}}]--[{own}]]"
    return regex.compile(f"(?V1){letter}+(?:[^\\p{{L}}]+{letter}+)*")


_WORD_RE = regex.compile(r"\p{L}[\p{L}\p{M}]*")


def foreign_runs(text: str, language: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, script) of every run of ``text`` in one script ``language`` is not
    written in, the script as Unicode names its letters (CYRILLIC, THAI); nothing for
    a language ``WRITTEN_IN`` does not know. Raises nothing."""
    if language not in WRITTEN_IN or text.isascii():
        return
    for m in _foreign_run_re(language).finditer(text):
        start = end = m.start()
        script = ""
        for word in _WORD_RE.finditer(text, m.start(), m.end()):
            name = unicodedata.name(word.group()[0], "?").split()[0]
            if name != script:
                if script:
                    yield start, end, script
                start, script = word.start(), name
            end = word.end()
        if script:
            yield start, end, script
