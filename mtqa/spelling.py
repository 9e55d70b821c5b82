"""Judging a word the English list does not know: rare but real, or an MT invention?

wordfreq's list misses rare and technical words (mouthpart, bisexually,
helianthemum), so "not in the list" alone is no error. A word is reported only
with positive evidence, the way a spelling checker that offers a correction is
more often right than one that only says "unknown":

- it is two common words glued together (``responsibleperson``);
- it is one edit away from a common word (``growsed`` / ``grossed``);
- a known stem carries a suffix English does not put there (``grows`` + ``ed``,
  ``lively`` + ``able``), or an English suffix sits on a stem that is no word.

It is accepted when English word formation explains it: a known stem with a
common prefix or suffix (``bisexually``, ``unshirkable``, ``digenetic``), or the
singular of a known plural (``mouthpart``).
"""

from __future__ import annotations

import string
from functools import cache, lru_cache

from .lexicon import english_frequencies, zipf

COMMON_ZIPF = 3.5  # about one in 300,000 words: every word an MT engine would mean
PREFIXES = (
    "anti", "over", "under", "inter", "multi", "super", "semi", "non", "mis", "dis", "pre",
    "sub", "un", "re", "co", "bi", "di",
)  # fmt: skip
SUFFIXES = (
    "ations", "ation", "ically", "ities", "ments", "nesses", "ness", "ment", "ably", "ibly",
    "able", "ible", "ally", "ical", "ings", "ity", "ing", "ers", "est", "ful", "less", "ship",
    "hood", "ism", "ist", "ize", "ise", "ous", "ive", "al", "ic", "ly", "ed", "er", "es", "s",
    "d",
)  # fmt: skip
INVENTED_SUFFIXES = ("able", "ible", "tion", "sion", "ness", "ment", "ous", "ive", "ful", "less")


@cache
def common_words() -> frozenset[str]:
    """English words at least as frequent as ``COMMON_ZIPF``."""
    floor = 10 ** (COMMON_ZIPF - 9)
    return frozenset(w for w, f in english_frequencies().items() if f >= floor and w.isalpha())


def _known(word: str) -> bool:
    return len(word) >= 3 and word in english_frequencies()


INFLECTIONS = ("ing", "ed", "es", "s", "d")
MIN_PREFIXED_STEM = 5  # re + fun is not "refun"


@lru_cache(maxsize=1 << 14)
def derivation(word: str) -> str | None:
    """How affixes on a known stem explain ``word``.

    ``"ok"`` for a regular formation (bisexual + ly, un + shirk + able, the
    singular of a known plural); ``"stem + suffix"`` for a known stem with a
    suffix English does not put there (grows + ed, lively + able); None when no
    known stem is found.
    """
    if _known(word + "s") or _known(word + "es"):
        return "ok"  # a singular whose plural is known: mouthpart
    for prefix in PREFIXES:
        stem = word[len(prefix) :]
        if (
            word.startswith(prefix)
            and len(stem) >= MIN_PREFIXED_STEM
            and (_known(stem) or _with_suffix(stem) == "ok")
        ):
            return "ok"
    return _with_suffix(word)


def _with_suffix(word: str) -> str | None:
    impossible = None
    for suffix in SUFFIXES:
        if not word.endswith(suffix) or len(word) <= len(suffix) + 2:
            continue
        stem = word[: -len(suffix)]
        candidates = [stem, stem + "e"]
        if stem.endswith("i"):
            candidates.append(stem[:-1] + "y")
        for base in filter(_known, candidates):
            if suffix in INFLECTIONS and base.endswith(("s", "ed", "ing")) and base != stem + "e":
                impossible = impossible or f"{base} + {suffix}"  # inflection on an inflected form
            elif suffix in ("able", "ible") and base.endswith("ly"):
                impossible = impossible or f"{base} + {suffix}"  # -able wants a verb
            else:
                return "ok"
    return impossible


def glued_split(word: str) -> str | None:
    """``responsibleperson`` -> ``responsible person`` when both halves are common words."""
    common = common_words()
    for i in range(3, len(word) - 2):
        if word[:i] in common and word[i:] in common:
            return f"{word[:i]} {word[i:]}"
    return None


def near_common(word: str) -> str | None:
    """A common word one edit (delete, swap, replace, insert) away, if there is one."""
    common = common_words()
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = (
        [a + b[1:] for a, b in splits if b]
        + [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
        + [a + c + b[1:] for a, b in splits if b for c in letters]
        + [a + c + b for a, b in splits for c in letters]
    )
    found = sorted({c for c in candidates if c in common and c != word}, key=zipf, reverse=True)
    return found[0] if found else None


def judge_unknown(word: str) -> tuple[str, str | None] | None:
    """Why a lowercase word unknown to the English list is an error, with a suggestion;
    None when it may well be a rare real word."""
    formed = derivation(word)
    if formed == "ok":
        return None
    if formed:
        return f"an impossible formation ({formed})?", None
    glued = glued_split(word)
    if glued:
        return "two words glued together?", glued
    near = near_common(word)
    if near:
        return f"a misspelling of '{near}'?", near
    if word.endswith(INVENTED_SUFFIXES):
        return "an English suffix on a stem that is no word?", None
    return None
