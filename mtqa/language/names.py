"""Evidence that a capitalised word inside a sentence is a name or a title.

MT glues sentences ("the It has") and capitalises common nouns ("basic
Clinics"); professional English capitalises names, titles of works, months,
nationalities and offices. The rules that look for the former ask here first.
Each test is one kind of evidence, from the word itself (a dictionary that
writes it capitalised only, the calendar), its neighbours (a title run, a word
that introduces a title) or the document (the word capitalised in running text
elsewhere).
"""

from __future__ import annotations

import calendar
import re
from functools import cache

from .. import regexcache
from .lexicon import is_dictionary_word, top_english_words

# Words English titles keep in lowercase (articles, coordinating conjunctions,
# prepositions: the Chicago Manual of Style's rule for title case).
TITLE_MINOR_WORDS = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via with "
    "without from into onto over upon than about after before under through against "
    "between around across".split()
)
# Words after which a capitalised word names a work or is a nickname: verbs of
# naming and kinds of work that are rarely anything else (not group, show, series).
TITLE_INTRODUCERS = frozenset(
    "called named nicknamed dubbed titled entitled album film movie novel musical opera "
    "sitcom documentary magazine newspaper blog".split()
)
# Prepositions that follow a plural noun: never the head noun it would modify.
_PREPOSITIONS = TITLE_MINOR_WORDS | frozenset(
    "across along around among amid behind below beneath beside between beyond despite "
    "during inside near outside since through throughout toward towards under until "
    "within".split()
)
_MINOR = "|".join(sorted(TITLE_MINOR_WORDS, key=lambda w: (-len(w), w)))
_CAP = r"[A-Z][\w’'-]*"
_TITLE_RUN_RE = regexcache.compile(rf"{_CAP}(?:(?:\s+(?:{_MINOR})){{0,2}}\s+{_CAP})+")
_RUN_END_RE = regexcache.compile(rf"\s*(?:[,.;:!?)\]”\"’]|$)|\s+(?:{_MINOR})\b")
_APPOSITIVE_RE = regexcache.compile(r",\s+[A-Z][a-z]")
# A number after the word makes a model or edition name (Windows 95, Channel 4,
# Apollo 11); a range after it (Grades 9 to 11, Levels 2-4) is a count of things.
_NUMBERED_NAME_RE = regexcache.compile(r"\s+\d+[A-Za-z]?\b(?!\s*(?:to|-|–|and|or|through)\s*\d)")


@cache
def calendar_names() -> frozenset[str]:
    """English month and weekday names (January, May, Monday), from `calendar`.

    Read once in the C locale the interpreter starts in, so they are English.
    """
    return frozenset(n for n in (*calendar.month_name, *calendar.day_name) if n)


def singular_forms(word: str) -> list[str]:
    """Candidate singulars of an English plural (clinics, surgeries, boxes); [] if none."""
    if not word.endswith("s") or word.endswith("ss"):
        return []
    forms = [word[:-1]]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    return forms


def always_capitalised(word: str) -> bool:
    """Whether the dictionary writes the word (or its singular) capitalised only.

    Mexicans, Christians, Oscars: proper nouns and adjectives that English
    always capitalises (Webster's headwords via `mtqa.language.lexicon`).
    """
    for form in (word, *singular_forms(word)):
        if is_dictionary_word(form) and not is_dictionary_word(form.lower()):
            return True
    return False


def known_in_lowercase(word: str) -> bool:
    """Whether the dictionary has the word, or its singular, as a lowercase common word."""
    lower = word.lower()
    return any(is_dictionary_word(form) for form in (lower, *singular_forms(lower)))


def in_title_run(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a title written in title case.

    A run of capitalised words joined by at most two title minor words around
    it is a title when it holds at least three capitalised words (How to
    Dismantle an Atomic Bomb) or two and ends at punctuation or a minor word (On
    the Waterfront., Dogs without Borders in); "the It has built" and "actively
    Take the Party's line" are no titles.
    """
    window_start = max(0, start - 60)
    for m in _TITLE_RUN_RE.finditer(text, window_start, min(len(text), end + 80)):
        if m.start() > start:
            break
        if m.end() < end:
            continue
        capitals = len(re.findall(_CAP, m.group()))
        return capitals >= 3 or (capitals == 2 and _RUN_END_RE.match(text, m.end()) is not None)
    return False


def plural_name_before_noun(word: str, following: str | None) -> bool:
    """A capitalised plural before a noun: a team, show or award (the Lions tour).

    English modifiers are singular (a lion tamer); a plural one that is
    capitalised names something (the Lions tour, a Friends actor). The next word
    must look like a noun: no preposition, none of the 200 most frequent English
    words (also, will), no -ing, -ed or -ly form.
    """
    return (
        bool(singular_forms(word))
        and following is not None
        and following[0].islower()
        and following not in _PREPOSITIONS
        and following not in top_english_words(200)  # also, will, have: no head noun
        and not following.endswith(("ing", "ed", "ly"))
    )


def numbered_name(text: str, end: int) -> bool:
    """Whether a number (not a range) follows: ``Windows 95``, ``Channel 4``."""
    return _NUMBERED_NAME_RE.match(text, end) is not None


def before_appositive_name(text: str, end: int) -> bool:
    """Whether a comma and a capitalised word follow: ``the new President, Viktor ...``."""
    return _APPOSITIVE_RE.match(text, end) is not None
