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
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from .. import regexcache

if TYPE_CHECKING:
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

# Script subtags of a language tag (ISO 15924, as in uz-Cyrl, pa-Arab, sr-Latn), with
# the name the regex module's \p{Script} reads; a CJK one means the text is Chinese,
# Japanese or Korean, which this module does not judge
SCRIPT_SUBTAGS = {
    "latn": "Latin", "cyrl": "Cyrillic", "grek": "Greek", "armn": "Armenian",
    "geor": "Georgian", "hebr": "Hebrew", "arab": "Arabic", "syrc": "Syriac",
    "thaa": "Thaana", "deva": "Devanagari", "beng": "Bengali", "guru": "Gurmukhi",
    "gujr": "Gujarati", "orya": "Oriya", "taml": "Tamil", "telu": "Telugu",
    "knda": "Kannada", "mlym": "Malayalam", "sinh": "Sinhala", "thai": "Thai",
    "laoo": "Lao", "khmr": "Khmer", "mymr": "Myanmar", "ethi": "Ethiopic",
    "tibt": "Tibetan", "mong": "Mongolian", "cans": "Canadian_Aboriginal",
    "cher": "Cherokee", "tfng": "Tifinagh", "olck": "Ol_Chiki", "adlm": "Adlam",
}  # fmt: skip
CJK_SUBTAGS = frozenset({"hans", "hant", "hani", "hira", "kana", "jpan", "hang", "kore"})

# Never foreign here: the CJK scripts (rule MT303 reports those), and the characters
# every script shares (digits, punctuation, symbols, combining marks of any script).
# Latin too, by default: names, brands and addresses appear in text of every script.
_SHARED = frozenset({"Han", "Hiragana", "Katakana", "Hangul", "Common", "Inherited"})


@lru_cache(maxsize=256)  # asked for every segment; a run has a handful of tags
def scripts_of(tag: str) -> frozenset[str] | None:
    """The scripts text in the language ``tag`` (a BCP 47 tag or POSIX locale) is
    written in: its script subtag's when it has one (uz-Cyrl), else the language's
    (`WRITTEN_IN`); None when unknown, or Chinese, Japanese or Korean."""
    subtags = tag.replace("_", "-").lower().split("-")
    for sub in subtags[1:]:
        if len(sub) == 4 and sub.isalpha():  # a script subtag follows the language
            if sub in CJK_SUBTAGS or sub not in SCRIPT_SUBTAGS:
                return None
            return frozenset({SCRIPT_SUBTAGS[sub]})
    return WRITTEN_IN.get(subtags[0])


@cache
def _foreign_run_re(own: frozenset[str]) -> regex.Pattern[str]:
    """Runs of letters of a script not in ``own`` (nor `_SHARED`), the words of one run
    joined by anything but letters (spaces, punctuation, digits). Word and joiner
    classes are disjoint, so matching is linear. Cached: a handful of script sets."""
    import regex  # as in `word_re`

    known = "".join(f"\\p{{Script={s}}}" for s in sorted(own | _SHARED))
    letter = f"[[\\p{{L}}\\p{{M}}]--[{known}]]"
    return regex.compile(f"(?V1){letter}+(?:[^\\p{{L}}]+{letter}+)*")


@cache
def word_re() -> regex.Pattern[str]:
    """A word in any script: a letter, then letters and combining marks (``\\p{L}``
    and ``\\p{M}``, which `re` cannot name). The ``regex`` module is imported the
    first time a text needs it: its import is a tenth of a short file's whole check
    (12 ms), and a text in Latin letters never does (`foreign_runs`)."""
    import regex

    return regex.compile(r"\p{L}[\p{L}\p{M}]*")


# A character of none of the blocks where only Latin letters, the shared scripts'
# (_SHARED) or no letters at all are: Basic Latin to the combining marks, Latin
# Extended Additional, punctuation and symbols (but the ohm sign, a Greek letter),
# CJK punctuation, kana, Han, Hangul, full-width forms, emoji. Without one, a text
# has no run outside Latin; one `re` search says so several times faster than the
# `regex` set operation finds nothing (a test checks every code point).
_BEYOND_LATIN_RE = regexcache.compile(
    r"[^\x00-\u036f\u1dc0-\u1eff\u2000-\u2125\u2127-\u2bff\u3000-\u30ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef\U0001f000-\U0001faff\U00020000-\U0003134f]"
)


def foreign_runs(
    text: str, own: frozenset[str], latin: bool = False
) -> Iterator[tuple[int, int, str]]:
    """(start, end, script) of every run of ``text`` in one script outside ``own``
    (`scripts_of`), the script as Unicode names its letters (CYRILLIC, THAI); Latin
    letters count as foreign only with ``latin`` (when a whole document is judged).
    Raises nothing."""
    scripts = own if latin else own | {"Latin"}
    if "Latin" in scripts and (text.isascii() or not _BEYOND_LATIN_RE.search(text)):
        return  # nearly every text in a language written in Latin
    for m in _foreign_run_re(scripts).finditer(text):
        start = end = m.start()
        script = ""
        for word in word_re().finditer(text, m.start(), m.end()):
            name = unicodedata.name(word.group()[0], "?").split()[0]
            if name != script:
                if script:
                    yield start, end, script
                start, script = word.start(), name
            end = word.end()
        if script:
            yield start, end, script
