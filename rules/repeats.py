"""Copies of a phrase or a word close together in a segment, in every shape MT
leaves them (loops, linked copies, sandwiches, echoes), found token by token.

The rules in `repetition` judge which of them English allows; this module only
finds them. Tokens are compared lowercased; the search is linear in the
segment's tokens (one pass pairs each token with its earlier copies at most
MAX_PHRASE back; a run once found is skipped).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mtqa import regexcache
from mtqa.language.lexicon import top_english_words
from mtqa.language.spelling import INFLECTIONS
from mtqa.model import Segment

# A word, number or code: letters and digits with inner apostrophes or hyphens
# (I'm, 5G, bribe-takers). Copies are compared token by token, lowercased.
TOKEN_RE = regexcache.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
MAX_PHRASE = 6  # words in one copy: longer duplications are repeated sentences (MT207)
_SPACE_GAP_RE = regexcache.compile(r"\s+")
_COMMA_GAP_RE = regexcache.compile(r"\s*,\s+")
_LINKS = frozenset({"and", "or", "to"})
_COORDINATORS = frozenset({"and", "or", "but", "nor"})
_ARTICLES = frozenset({"a", "an", "the"})
HEAD_REACH = 5  # words after "of" in which a head noun may come back
PASSIVE_REACH = 8  # words before "were registered" in which "registered" may stand
# How far apart `_same_at` pairs equal tokens: a phrase's copies, or a participle and
# its echo after a be-form ("registered ... were registered").
PAIR_REACH = max(MAX_PHRASE, PASSIVE_REACH + 1)
_BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_PERFECT_AUXILIARIES = frozenset({"have", "has", "had", "get", "gets", "got"})
# Words that open a new clause, which may say the participle again.
_CLAUSE_WORDS = frozenset(
    "and or but nor what which that who whom whose where when while as".split()
)


@dataclass(frozen=True, slots=True)
class Repeat:
    """Copies of one phrase, or of one word, close together in a segment's text.

    ``shape`` is ``"loop"`` (copies one after another, separated by spaces or
    commas), ``"linked"`` (two copies joined by and/or/to: bribery and bribery),
    ``"listed"`` (a list item written twice: reason, reason and law),
    ``"article"`` (a word around an article: new A new), ``"participle"`` (a
    past participle around a word: visited staff visited) or ``"head"`` (a
    head noun around "of": offices of the General Office).
    ``start``/``end`` are offsets of the whole run in the segment's text,
    ``first`` the first copy as written, ``words`` the tokens in one copy, ``sep``
    what stands between the copies: ``" "`` (spaces) or ``","`` (a comma).
    """

    shape: str
    start: int
    end: int
    first: str
    words: int
    copies: int
    sep: str


# For ASCII text TOKEN_RE's letters and digits are [A-Za-z0-9]: bytes.translate
# lowercases the capitals and makes every other character but a joiner a space, in C.
_ASCII_TOKEN_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789'-")
_ASCII_SEPARATORS = bytes(
    c + 32 if 65 <= c <= 90 else c if c in _ASCII_TOKEN_CHARS else 32 for c in range(256)
)
# An apostrophe or hyphen that does not join two letters or digits: TOKEN_RE drops it
# (or splits there), where a split at spaces would keep it in the token.
_LOOSE_JOINER_RE = regexcache.compile(r"['-](?:(?![a-z0-9])|(?<![a-z0-9]['-]))")


def _lower_tokens(text: str) -> list[str]:
    """TOKEN_RE's tokens of ``text``, lowercased.

    ASCII text (most text) is split at spaces once every character that is no
    letter, digit or joiner is made a space, all in C: a tenth of the regex's
    cost. Where a joiner stands loose ('quoted', a - dash) and for other text,
    the regex reads it.
    """
    if text.isascii():
        spaced = text.encode().translate(_ASCII_SEPARATORS).decode()
        if ("'" not in spaced and "-" not in spaced) or not _LOOSE_JOINER_RE.search(spaced):
            return spaced.split()
        return TOKEN_RE.findall(text.lower())
    return list(map(str.lower, TOKEN_RE.findall(text)))


class _Tokens:
    """A segment's tokens, lowercased, and their offsets (found on first use: most
    segments have no repeat and never need them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = _lower_tokens(text)
        self._spans: list[tuple[int, int]] | None = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = [m.span() for m in TOKEN_RE.finditer(self.text)]
        return self._spans

    def gap(self, i: int) -> str:
        """The text between token ``i`` and token ``i + 1``."""
        return self.text[self.spans[i][1] : self.spans[i + 1][0]]

    def gaps_are(self, first: int, last: int, pattern: re.Pattern) -> bool:
        """Whether every gap from token ``first`` to token ``last`` matches ``pattern``."""
        return all(pattern.fullmatch(self.gap(i)) for i in range(first, last))

    def span_text(self, first: int, last: int) -> str:
        """The text from token ``first`` to token ``last``, both included."""
        return self.text[self.spans[first][0] : self.spans[last][1]]

    def repeat(
        self, shape: str, first: int, last: int, words: int, copies: int, sep: str
    ) -> Repeat:
        """A Repeat from token ``first`` to ``last`` whose first copy is ``words`` tokens."""
        return Repeat(
            shape,
            self.spans[first][0],
            self.spans[last][1],
            self.span_text(first, first + words - 1),
            words,
            copies,
            sep,
        )


def _same_at(lower: list[str]) -> dict[int, list[int]]:
    """For each distance d in 1..PAIR_REACH at which two tokens are equal, the
    indexes i (ascending) with lower[i] == lower[i + d]; a distance with none is
    left out. One pass: a token said before (a set tells) is compared with its
    earlier places within reach, walked back from the nearest one."""
    same: dict[int, list[int]] = {}
    seen: set[str] = set()
    last: dict[str, int] = {}  # the last place so far of a token said twice
    earlier: dict[int, int] = {}  # the place before of a place's token, if within reach
    for j, token in enumerate(lower):
        if token not in seen:
            seen.add(token)
            continue  # most tokens: said for the first time
        i = last[token] if token in last else lower.index(token)
        last[token] = j
        if j - i > PAIR_REACH:
            continue
        earlier[j] = i
        while j - i <= PAIR_REACH:
            same.setdefault(j - i, []).append(i)
            i = earlier.get(i, -PAIR_REACH - 1)
    return same


def _loops(toks: _Tokens, same: dict[int, list[int]]) -> Iterator[Repeat]:
    """Runs of a phrase of 1..MAX_PHRASE tokens written two or more times in a row,
    separated by spaces or commas. Linear: a run once found is skipped whole."""
    lower = toks.lower
    for d, places in same.items():
        if d > MAX_PHRASE:
            continue
        covered = -1
        for i in places:
            if i < covered:
                continue
            if d > 1 and (i + d + 1 >= len(lower) or lower[i + 1] != lower[i + d + 1]):
                continue  # most longer copies: their second tokens differ
            if lower[i : i + d] != lower[i + d : i + 2 * d]:
                continue
            copies = 2
            while lower[i : i + d] == lower[i + copies * d : i + (copies + 1) * d]:
                copies += 1
            covered = i + copies * d
            sep = _separator(toks, i, d, copies)
            if sep:
                shape = "listed" if sep == "," and d == 1 else "loop"
                yield toks.repeat(shape, i, i + copies * d - 1, d, copies, sep)


def _separator(toks: _Tokens, i: int, d: int, copies: int) -> str | None:
    """How the copies are separated: ``" "`` (spaces), ``","`` (commas), or None for
    anything else (a full stop, a bracket) or words inside a copy not separated by spaces."""
    between = [i + k * d - 1 for k in range(1, copies)]
    inner = set(range(i, i + copies * d - 1)) - set(between)
    if not all(_SPACE_GAP_RE.fullmatch(toks.gap(j)) for j in inner):
        return None
    for sep, pattern in ((" ", _SPACE_GAP_RE), (",", _COMMA_GAP_RE)):
        if all(pattern.fullmatch(toks.gap(j)) for j in between):
            return sep
    return None


def _stem_match(a: str, b: str) -> bool:
    """Whether two tokens are one word inflected (work/worked, continue/continued)."""
    if a[:2] != b[:2]:
        return False  # most pairs: an inflection keeps all but the last letter of the stem
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) > 2 and any(
        long_ == short + s or long_ == short[:-1] + s for s in INFLECTIONS
    )


def _linked(toks: _Tokens, same: dict[int, list[int]]) -> Iterator[Repeat]:
    """Two copies of a phrase joined by and/or/to. The first word of the second copy
    may be inflected (work hard and worked hard); the copies' last words are equal,
    and only spaces separate the words (or a comma before the link of phrases:
    "housing for the weak, and housing for the weak")."""
    lower = toks.lower
    for d, places in same.items():
        if not 2 <= d <= 5:
            continue
        n = d - 1
        for p in places:
            j = p + 1  # the link
            first = j - n
            if (
                lower[j] not in _LINKS
                or first < 0
                or lower[first + 1 : j] != lower[j + 2 : j + 1 + n]
            ):
                continue
            if not _stem_match(lower[first], lower[j + 1]):
                continue
            comma = n > 1 and _COMMA_GAP_RE.fullmatch(toks.gap(j - 1)) is not None
            if not (
                toks.gaps_are(first, j - 1, _SPACE_GAP_RE)
                and toks.gaps_are(j, j + n, _SPACE_GAP_RE)
            ):
                continue
            if comma or _SPACE_GAP_RE.fullmatch(toks.gap(j - 1)):
                yield toks.repeat("linked", first, j + n, n, 2, "," if comma else " ")


def _sandwiches(toks: _Tokens, same: dict[int, list[int]]) -> Iterator[Repeat]:
    """A word said before and after an article (new A new) or a past participle said
    around one content word (visited staff visited), with spaces between."""
    lower = toks.lower
    for i in same.get(2, ()):
        word, middle = lower[i], lower[i + 1]
        if len(word) < 3 or not word.isalpha() or not middle.isalpha():
            continue
        if middle in _ARTICLES:
            shape = "article"
        elif word.endswith("ed") and middle not in top_english_words(200):
            shape = "participle"
        else:
            continue
        if toks.gaps_are(i, i + 2, _SPACE_GAP_RE):
            yield toks.repeat(shape, i, i + 2, 1, 2, " ")


def _heads(toks: _Tokens) -> Iterator[Repeat]:
    """A lowercase head noun, "of", and the head noun again (either number, any case)
    within HEAD_REACH words: "offices of the General Office". Not "best of the best"
    or "friend of a friend" (nothing but an article between), not across a
    coordinator (Court of Session and sheriff courts), not a frequent word (most
    of the ... most)."""
    lower = toks.lower
    j = -1
    for _ in range(lower.count("of")):  # list.count and list.index scan in C
        j = lower.index("of", j + 1)
        head = lower[j - 1] if j else ""
        if len(head) < 4 or not head.isalpha() or head in top_english_words(200):
            continue
        # at least one word that is no article between: not "best of the best"
        earliest = j + 3 if j + 1 < len(lower) and lower[j + 1] in _ARTICLES else j + 2
        for k in range(earliest, min(len(lower), j + 1 + HEAD_REACH)):
            if lower[k] in _COORDINATORS:
                break
            if len(lower[k]) >= 4 and _stem_match(head, lower[k]):
                if lower[k] in (head + "s", head + "es"):
                    break  # a network of small networks: a collection of them
                if toks.span_text(j - 1, j - 1).islower() and toks.gaps_are(
                    j - 1, k, _SPACE_GAP_RE
                ):
                    yield toks.repeat("head", j - 1, k, 1, 2, " ")
                break


_PASSIVE_AUXILIARIES = _BE_FORMS | _PERFECT_AUXILIARIES


def _passive_echoes(toks: _Tokens, same: dict[int, list[int]]) -> Iterator[Repeat]:
    """A participle used before a noun and again as the passive verb of the same
    clause, a few words on, with only spaces between: "registered households in
    the town were registered". Not where the first is a verb too (are worried
    about this, they are worried), nor across a coordinator or a relative word,
    where a new clause may say it again (concerned about it and what parents are
    concerned about)."""
    lower = toks.lower
    # only a be-form whose next token stands 3..PASSIVE_REACH + 1 tokens before it
    # (in the window below) may be one: a pair of `same`
    echoes = {
        i + d - 1
        for d, places in same.items()
        if 3 <= d <= PASSIVE_REACH + 1
        for i in places
        if lower[i + d - 1] in _BE_FORMS
    }
    for b in sorted(echoes):
        word = lower[b + 1]
        if len(word) < 5 or not word.endswith("ed"):
            continue
        window = lower[max(0, b - PASSIVE_REACH) : b - 1]
        if word not in window:
            continue
        i = b - 1 - window[::-1].index(word) - 1
        if i and lower[i - 1] in _PASSIVE_AUXILIARIES:
            continue  # the first is a verb too: "are worried about this, they are worried"
        if not _CLAUSE_WORDS.intersection(lower[i + 1 : b]) and toks.gaps_are(
            i, b + 1, _SPACE_GAP_RE
        ):
            yield toks.repeat("participle", i, b + 1, 1, 2, " ")


def find_repeats(seg: Segment) -> list[Repeat]:
    """Every repeat of every shape in a segment, before any exception, by start
    (and, for one start, the shortest phrase first)."""
    toks = _Tokens(seg.text)
    same = _same_at(toks.lower)
    found = [
        *_loops(toks, same),
        *_linked(toks, same),
        *_sandwiches(toks, same),
        *_heads(toks),
        *_passive_echoes(toks, same),
    ]
    found.sort(key=lambda r: (r.start, r.words))
    return found
