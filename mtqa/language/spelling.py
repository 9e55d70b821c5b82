"""Judging a word the English list does not know: rare but real, or an MT invention?

wordfreq's list misses rare and technical words (mouthpart, bisexually,
helianthemum) and the closed compounds English forms at will (carmaking,
mailshot), so "not in the list" alone is no error. A word is reported only
with positive evidence, the way a spelling checker that offers a correction is
more often right than one that only says "unknown":

- it is two words glued together the way MT and scrapers glue them: a function
  word on a word (``willmean``), or a word English does not close a compound
  with, such as an adjective or adverb (``responsibleperson``); a plausible
  compound of two common words (``car`` + ``making``) is left alone;
- it is one edit away from a known word frequent enough for its length
  (``analsyts`` / ``analysts``, ``tantilising`` / ``tantalising``), unless it
  reads better as a compound of words more frequent than that one
  (``wholescale``);
- a known stem carries a suffix English does not put there (``grows`` + ``ed``,
  ``lively`` + ``able``), or an English suffix sits on a stem that is no word.

It is accepted when English word formation explains it: a known stem with a
common prefix or suffix (``bisexually``, ``unshirkable``, ``demerge``), or the
singular of a known plural (``mouthpart``).
"""

from __future__ import annotations

import string
from functools import lru_cache

from .lexicon import common_english_words, english_frequencies, zipf
from .pinyin import MAX_PINYIN_LETTERS, pinyin_split

COMMON_ZIPF = 3.5  # about one in 300,000 words: every word an MT engine would mean
PREFIXES = (
    "anti", "over", "under", "inter", "multi", "super", "semi", "non", "mis", "dis", "pre",
    "sub", "un", "re", "de", "co", "bi", "di",
)  # fmt: skip
SUFFIXES = (
    "ations", "ation", "ically", "ities", "ments", "nesses", "ness", "ment", "ably", "ibly",
    "able", "ible", "ally", "ical", "ings", "ity", "ing", "ers", "est", "ful", "less", "ship",
    "hood", "ism", "ist", "ize", "ise", "ous", "ive", "al", "ic", "ly", "ed", "er", "es", "s",
    "d",
)  # fmt: skip
INVENTED_SUFFIXES = ("able", "ible", "tion", "sion", "ness", "ment", "ous", "ive", "ful", "less")

# English's closed classes: determiners, pronouns, auxiliaries and modals,
# conjunctions, and the prepositions that do not make compounds. A closed class
# is a list, not a frequency band: wordfreq's most frequent words include time,
# people and new, which make compounds freely. Left out on purpose: the particles
# that do (up, out, off, over, down, back, after: upskill, offload) and "can", a
# noun as well (oilcan).
AUXILIARIES = frozenset(
    "is are was were be been being has have had does did will would shall should could may "
    "might must".split()
)
FUNCTION_WORDS = AUXILIARIES | frozenset(
    "the this that these those their there they them his her its our your she him who whom "
    "whose which what when where why how and but nor than for with from into onto upon about "
    "not".split()
)
# Endings of adjectives, which English writes apart from the noun after them
# (economic growth, previous estimate): a word ending so opens no closed compound.
ADJECTIVE_ENDINGS = ("ous", "ary", "ory", "ic", "ive", "ful", "less", "ial", "ual", "able", "ible")
# Suffixes that make a modifier or an abstract noun of a common stem (respons(e) +
# ible, nation + al, build + ing): such a word opens no closed compound either.
MODIFIER_SUFFIXES = (
    "ible", "able", "ment", "tion", "sion", "ness", "ance", "ence", "ity", "ing", "ant", "ent",
    "ed", "al", "ly",
)  # fmt: skip
MIN_MODIFIER_STEM = 4  # met + al is no derivation of metal
LONG_WORD = 8  # from here on, an accidental neighbour one edit away is rare
RAREST_NEIGHBOUR_ZIPF = 2.0


def common_words() -> frozenset[str]:
    """English words at least as frequent as ``COMMON_ZIPF`` (`common_english_words`)."""
    return common_english_words(COMMON_ZIPF)


def _known(word: str, floor: float = 0.0) -> bool:
    return len(word) >= 3 and word in english_frequencies() and (not floor or zipf(word) >= floor)


INFLECTIONS = ("ing", "ed", "es", "s", "d")
MIN_PREFIXED_STEM = 5  # re + fun is not "refun"


@lru_cache(maxsize=1 << 14)
def derivation(word: str, stem_zipf: float = 0.0) -> str | None:
    """How affixes on a known stem explain ``word``.

    ``"ok"`` for a regular formation (bisexual + ly, un + shirk + able, the
    singular of a known plural); ``"stem + suffix"`` for a known stem with a
    suffix English does not put there (grows + ed, lively + able); None when no
    known stem is found. Stems are wordfreq words at least ``stem_zipf`` frequent
    (any, by default: the list has rare real stems, and junk ones too).
    """
    if _known(word + "s", stem_zipf) or _known(word + "es", stem_zipf):
        return "ok"  # a singular whose plural is known: mouthpart
    for prefix in PREFIXES:
        stem = word[len(prefix) :]
        if (
            word.startswith(prefix)
            and len(stem) >= MIN_PREFIXED_STEM
            and (_known(stem, stem_zipf) or _with_suffix(stem, stem_zipf) == "ok")
        ):
            return "ok"
    return _with_suffix(word, stem_zipf)


def stems(word: str, suffix: str, *, undouble: bool = False) -> list[str]:
    """The stems ``word`` may be ``suffix`` on: as written, with its e or y back
    (respons + ible -> response, happi + ness -> happy), and with ``undouble`` its
    doubled last letter single (shopp + ing -> shop)."""
    stem = word[: -len(suffix)]
    candidates = [stem, stem + "e"]
    if stem.endswith("i"):
        candidates.append(stem[:-1] + "y")
    if undouble and len(stem) > 3 and stem[-1] == stem[-2]:
        candidates.append(stem[:-1])
    return candidates


def _with_suffix(word: str, stem_zipf: float) -> str | None:
    impossible = None
    for suffix in SUFFIXES:
        if not word.endswith(suffix) or len(word) <= len(suffix) + 2:
            continue
        stem = word[: -len(suffix)]
        for base in (s for s in stems(word, suffix) if _known(s, stem_zipf)):
            if suffix in INFLECTIONS and base.endswith(("s", "ed", "ing")) and base != stem + "e":
                impossible = impossible or f"{base} + {suffix}"  # inflection on an inflected form
            elif suffix in ("able", "ible") and base.endswith("ly"):
                impossible = impossible or f"{base} + {suffix}"  # -able wants a verb
            else:
                return "ok"
    return impossible


def _splits(word: str) -> list[tuple[str, str]]:
    """Every way to cut ``word`` into two common words of three letters or more."""
    common = common_words()
    return [
        (word[:i], word[i:])
        for i in range(3, len(word) - 2)
        if word[:i] in common and word[i:] in common
    ]


def is_modifier(word: str) -> bool:
    """Whether ``word`` is an adjective, adverb, participle or abstract noun by its
    form (economic, responsible, living, government), so no compound's first part."""
    if len(word) >= 6 and word.endswith(ADJECTIVE_ENDINGS):
        return True
    common = common_words()
    return any(
        word.endswith(suffix)
        and any(
            len(s) >= MIN_MODIFIER_STEM and s in common for s in stems(word, suffix, undouble=True)
        )
        for suffix in MODIFIER_SUFFIXES
    )


# The longest English words in use run to about 30 letters (antidisestablishmentarianism
# 28, pneumonoultramicroscopicsilicovolcanoconiosis 45 is a coinage). Longer strings
# are no word to split or correct, and the searches below grow with the square of
# the length: a 20,000-letter string would take tens of gigabytes.
MAX_JUDGED_LETTERS = 45


def glued_split(word: str, *, function_word_only: bool = False) -> str | None:
    """``responsibleperson`` -> ``responsible person``: two common words glued the way
    MT glues them; None for no split or a plausible compound.

    English closes compounds of nouns and verbs (car + making, mail + shot,
    pass + card); it does not close one on a function word (will + mean, the +
    county), after a modifier (responsible + person, living + room), or on an
    adverb (fell + slightly). With ``function_word_only``, only a function word
    counts: the test for a word that may be a name, since names are almost never
    made so (14 of the 15,000 capitalised Webster headwords wordfreq lacks, such as
    Maybird) but often look like modifier compounds (Clearswift, Greenfarm).
    Words over `MAX_JUDGED_LETTERS` are not split.
    """
    if len(word) > MAX_JUDGED_LETTERS:
        return None
    for first, second in _splits(word):
        if first in FUNCTION_WORDS or second in FUNCTION_WORDS:
            return f"{first} {second}"
        if function_word_only:
            continue
        if is_modifier(first) or (second.endswith("ly") and is_modifier(second)):
            return f"{first} {second}"
    return None


def one_edit(word: str) -> set[str]:
    """Every string one edit (delete, swap, replace, insert of a-z) away from ``word``."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in letters),
        *(a + c + b for a, b in splits for c in letters),
    } - {word}


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter deleted, inserted, replaced, or two
    neighbours swapped (the edits of `one_edit`)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[i:] == long[i + 1 :]


def neighbour_floor(length: int) -> float:
    """How frequent a word one edit away must be to call a word of ``length`` letters
    its misspelling (zipf): ``COMMON_ZIPF`` up to 7 letters, then 0.4 lower a letter
    down to ``RAREST_NEIGHBOUR_ZIPF``, since a longer word has fewer accidental
    neighbours (tantilising is tantalising, at 2.3)."""
    return max(RAREST_NEIGHBOUR_ZIPF, COMMON_ZIPF - 0.4 * max(0, length - LONG_WORD + 1))


def near_misses(word: str) -> list[str]:
    """Known words one edit away, at least ``neighbour_floor`` frequent, most frequent
    first; none for a word over `MAX_JUDGED_LETTERS`."""
    if len(word) > MAX_JUDGED_LETTERS:
        return []
    floor = neighbour_floor(len(word))
    found = [c for c in one_edit(word) if c in english_frequencies() and zipf(c) >= floor]
    return sorted(found, key=lambda c: (-zipf(c), c))


def english_lookalike(word: str) -> str | None:
    """What English a lowercase word is rather than pinyin, or None when nothing
    English explains it: the word itself when it is a regular formation on a
    common stem (rueing: rue + ing), the formation when it is an impossible one
    (``grows + ed``), or for a long word a known English word one edit away
    (emenating: emanating).

    Short words are judged by formation only: pinyin is dense among short strings
    (cun is one edit from can, zhen from when). A neighbour that is itself pinyin
    and no English formation (shanzhai: shanghai) is no evidence either.
    """
    formed = derivation(word, COMMON_ZIPF)
    if formed:
        return word if formed == "ok" else formed
    if not LONG_WORD <= len(word) <= MAX_PINYIN_LETTERS:
        return None  # short: pinyin is dense there; very long: no word to be near
    for near in near_misses(word):
        if not pinyin_split(near, words_only=True) or derivation(near) == "ok":
            return near
    return None


@lru_cache(maxsize=1 << 14)  # a slip repeated through a text is judged once (1 ms a word)
def judge_unknown(word: str, *, maybe_name: bool = False) -> tuple[str, str | None] | None:
    """Why a lowercase word unknown to the English list is an error, with a suggestion;
    None when it may well be a rare real word.

    With ``maybe_name`` (the word may be a name: capitalised at a sentence start)
    only a formation English does not allow and a function word glued on count:
    names look like compounds and misspellings (Southcorp, Sprem) but carry no
    English suffix on an English stem and rarely a function word. A word over
    `MAX_JUDGED_LETTERS` is not judged (None).
    """
    if len(word) > MAX_JUDGED_LETTERS:
        return None
    formed = derivation(word)
    if formed == "ok":
        return None
    if formed:
        return f"an impossible formation ({formed})?", None
    glued = glued_split(word, function_word_only=maybe_name)
    if glued:
        return "two words glued together?", glued
    if maybe_name:
        return None
    near = next(iter(near_misses(word)), None)
    if near and not any(min(zipf(a), zipf(b)) >= zipf(near) for a, b in _splits(word)):
        return f"a misspelling of '{near}'?", near
    if word.endswith(INVENTED_SUFFIXES):
        return "an English suffix on a stem that is no word?", None
    return None
