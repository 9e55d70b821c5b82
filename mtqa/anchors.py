"""Which of many patterns can match a text, found in one pass.

A pack holds many entries (the calque pack has over 300), and most segments
match none of them. Running every entry's regex over every segment costs
hundreds of scans a segment. Instead each pattern gets a *literal query*, read
from its parse tree: the lowercase literals a text must hold for the pattern to
match in it, as an and/or tree (``establish`` or ``set up``, then ``file`` or
``archive``; one of ``village in city``, ``villages within the cities`` and the
other fourteen texts ``villages? (?:in|within) (?:the )?cit(?:y|ies)`` spells).
From the query comes the pattern's *anchors*: the rarest set of literals one of
which every match contains. One Aho-Corasick pass (``pyahocorasick``) over the
lowercased text finds every anchor present, and only the patterns whose anchors
were found and whose query holds are run (a pattern without rare anchors, when
its query holds). A query of more literals than it pays to check is cut down
to one it implies (`_bounded`).

Literals are looked for in the text lowercased by ``str.lower``, each pattern
character lowercased alone (a sigma, which ``str.lower`` writes by its place in
the word, is no literal). A character that a case-insensitive pattern matches by
a special equivalence rather than by its lowercase (``ſ`` for ``s``, ``ı`` for
``i``) is not seen as that letter.
"""

from __future__ import annotations

import re._constants as re_constants  # the parse tree re compiles from
import re._parser as re_parser
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from . import regexcache
from .language.lexicon import zipf

Source = tuple[str, int]  # a pattern as re.compile takes it: its text and its flags

_LITERAL = re_constants.LITERAL
_REPEATS = (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT, re_constants.POSSESSIVE_REPEAT)
_EMPTY_OPS = (re_constants.AT, re_constants.ASSERT, re_constants.ASSERT_NOT)  # match no text
_WORD_RE = regexcache.compile(r"[^\W\d_]+")
# The most texts a set of exact texts, prefixes or suffixes keeps: past that the
# set is dropped (a set of prefixes says nothing, an exact set becomes a query).
_MAX_SET = 16
_MAX_CHECKS = 24  # the most literals a pattern's query checks (`_bounded`)
_MAX_CLASS = 4  # a character class of more characters is any character ([a-z], \w)
_CONTEXT_CASED = frozenset("σς")  # str.lower writes either for Σ, by its place in the word


@dataclass(frozen=True)
class Query:
    """Which literals a text must hold: all of ``parts`` (``every``) or one of them.
    A part is a lowercase literal (a substring of the lowercased text) or a query.
    `ANYWHERE` (every part of none) holds in any text."""

    every: bool
    parts: tuple[Query | str, ...]


ANYWHERE = Query(True, ())
_NO_INFO = frozenset({""})  # a prefix or suffix set that says nothing


@dataclass(frozen=True)
class _Info:
    """What a parsed piece of pattern says of the texts it matches (lowercased):
    all of them (``exact``), when few; else a text each match starts with
    (``prefix``), one it ends with (``suffix``) and a query each match meets."""

    exact: frozenset[str] | None
    prefix: frozenset[str] = _NO_INFO
    suffix: frozenset[str] = _NO_INFO
    query: Query | str = ANYWHERE


_EMPTY = _Info(frozenset({""}))  # a look-around, an anchor: matches no text
_ANY = _Info(None)  # a match of any text: says nothing


def query(source: Source) -> Query | str:
    """The literal query of a pattern: what a text must hold (lowercased) for
    the pattern to match in it. `ANYWHERE` when the pattern needs no fixed text."""
    return _query(_sequence(re_parser.parse(*source)))


def _query(info: _Info) -> Query | str:
    """The query every match of a piece meets, from all that ``info`` says."""
    if info.exact is not None:
        return _any(info.exact)
    return _all((info.query, _any(info.prefix), _any(info.suffix)))


def _all(parts: Iterable[Query | str]) -> Query | str:
    """The query that holds when all ``parts`` do, without the parts another
    implies (``farm`` beside ``farmers``; ``you`` beside ``you `` or ``you\t``)."""
    flat: list[Query | str] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, Query) and part.every else (part,))
    flat = list(dict.fromkeys(p for p in flat if p != ""))
    sets = [_literals(p) for p in flat]
    kept = [
        part
        for i, (part, own) in enumerate(zip(flat, sets, strict=True))
        if own is None
        or not any(
            j != i and other is not None and _implies(other, own) and (other != own or j < i)
            for j, other in enumerate(sets)
        )
    ]
    return kept[0] if len(kept) == 1 else Query(True, tuple(kept))


def _literals(part: Query | str) -> frozenset[str] | None:
    """The literals of a part that is one literal or one of several; None for any
    other part."""
    if isinstance(part, str):
        return frozenset({part})
    if part.every or not all(isinstance(p, str) for p in part.parts):
        return None
    return frozenset(part.parts)  # type: ignore[arg-type]


def _implies(given: frozenset[str], implied: frozenset[str]) -> bool:
    """Whether a text that holds one of ``given`` holds one of ``implied``."""
    return all(any(i in g for i in implied) for g in given)


def _any(parts: Iterable[Query | str]) -> Query | str:
    """The query that holds when one of ``parts`` does, without the literals that
    hold only where a shorter one does (``farmers`` beside ``farm``)."""
    flat: list[Query | str] = []
    for part in parts:
        if part == "" or part == ANYWHERE:
            return ANYWHERE
        flat.extend(part.parts if isinstance(part, Query) and not part.every else (part,))
    literals = {p for p in flat if isinstance(p, str)}
    kept = [
        p
        for p in dict.fromkeys(sorted(literals) + [p for p in flat if not isinstance(p, str)])
        if not isinstance(p, str) or not any(p != s and s in p for s in literals)
    ]
    return kept[0] if len(kept) == 1 else Query(False, tuple(kept))


def _sequence(items: Any) -> _Info:
    """What a parsed sequence matches: its items one after the other."""
    info = _EMPTY
    for op, av in items:
        info = _concat(info, _item(op, av))
    return info


def _item(op: Any, av: Any) -> _Info:
    """What one parsed item matches."""
    if op is _LITERAL:
        return _chars((chr(av),))
    if op is re_constants.IN:
        if len(av) <= _MAX_CLASS and all(o is _LITERAL for o, _ in av):
            return _chars(chr(c) for _, c in av)
        return _ANY  # a range, a category (\w, \d), a negated class
    if op is re_constants.SUBPATTERN:
        return _sequence(av[3])
    if op is re_constants.ATOMIC_GROUP:
        return _sequence(av)
    if op is re_constants.BRANCH:
        alternatives = [_sequence(branch) for branch in av[1]]
        info = alternatives[0]
        for other in alternatives[1:]:
            info = _alternate(info, other)
        return info
    if op in _REPEATS:
        return _repeat(*av)
    if op in _EMPTY_OPS:
        return _EMPTY
    return _ANY  # any character, a back-reference, a conditional group


def _chars(chars: Iterable[str]) -> _Info:
    """A character that is one of ``chars``, lowercased."""
    lowered = frozenset(c.lower() for c in chars)
    return _ANY if lowered & _CONTEXT_CASED else _Info(lowered)


def _cross(heads: frozenset[str], tails: frozenset[str]) -> frozenset[str] | None:
    """Every head followed by every tail; None when that makes too many texts."""
    if len(heads) * len(tails) > _MAX_SET:
        return None
    return frozenset(h + t for h in heads for t in tails)


def _starts(info: _Info) -> frozenset[str]:
    return info.prefix if info.exact is None else info.exact


def _ends(info: _Info) -> frozenset[str]:
    return info.suffix if info.exact is None else info.exact


def _affixes(texts: frozenset[str]) -> frozenset[str]:
    """A prefix or suffix set: one that has the empty text, or too many texts to
    check, says nothing."""
    return _NO_INFO if "" in texts or len(texts) > _MAX_SET else texts


def _concat(head: _Info, tail: _Info) -> _Info:
    """What a match of ``head`` followed by one of ``tail`` is."""
    if head.exact is not None and tail.exact is not None:
        both = _cross(head.exact, tail.exact)
        if both is not None:
            return _Info(both)
    prefix = head.prefix if head.exact is None else _cross(head.exact, _starts(tail))
    suffix = tail.suffix if tail.exact is None else _cross(_ends(head), tail.exact)
    seam = _cross(_ends(head), _starts(tail))  # the text across the join
    return _Info(
        None,
        _affixes(prefix if prefix is not None else _starts(head)),
        _affixes(suffix if suffix is not None else _ends(tail)),
        _all((_query(head), _query(tail), ANYWHERE if seam is None else _any(seam))),
    )


def _alternate(one: _Info, other: _Info) -> _Info:
    """What a match of ``one`` or of ``other`` is."""
    if one.exact is not None and other.exact is not None:
        texts = one.exact | other.exact
        if len(texts) <= _MAX_SET:
            return _Info(texts)
    return _Info(
        None,
        _affixes(_starts(one) | _starts(other)),
        _affixes(_ends(one) | _ends(other)),
        _any((_query(one), _query(other))),
    )


def _repeat(least: int, most: int, item: Any) -> _Info:
    """What ``least`` to ``most`` matches of a parsed item in a row are."""
    once = _sequence(item)
    if most == 0:
        return _EMPTY
    if least == 0:
        return _alternate(_EMPTY, once) if most == 1 else _ANY
    if once.exact is not None and least == most:
        texts: frozenset[str] | None = once.exact
        for _ in range(least - 1):
            texts = _cross(texts, once.exact) if texts is not None else None
        if texts is not None:
            return _Info(texts)
    return _Info(None, _affixes(_starts(once)), _affixes(_ends(once)), _query(once))


def holds(q: Query | str, lower: str) -> bool:
    """Whether the lowercased text ``lower`` meets the query."""
    if isinstance(q, str):
        return q in lower
    # loops testing literals in place, not any()/all() over generators of calls:
    # this runs for a few patterns on every segment
    if q.every:
        for part in q.parts:  # noqa: SIM110
            if not (part in lower if type(part) is str else holds(part, lower)):
                return False
        return True
    for part in q.parts:  # noqa: SIM110
        if part in lower if type(part) is str else holds(part, lower):
            return True
    return False


def anchors(q: Query | str) -> frozenset[str] | None:
    """Of the literals the query asks for, the rarest set one of which every match
    contains (by English word frequency, wordfreq), so that a text holds one as
    seldom as can be; None when the query needs no literal."""
    if isinstance(q, str):
        return frozenset({q})
    sets = [anchors(part) for part in q.parts]
    if q.every:
        return min((s for s in sets if s is not None), key=_commonness, default=None)
    if not sets or any(s is None for s in sets):
        return None
    return frozenset().union(*sets)  # type: ignore[arg-type]


def _max_width(source: Source) -> int | None:
    """The most characters a match of the pattern can span (look-arounds read but
    do not span), or None when there is no such bound (a ``+`` or ``*``)."""
    widest = re_parser.parse(*source).getwidth()[1]
    return widest if widest < re_constants.MAXREPEAT - 1 else None


def _commonness(literals: frozenset[str]) -> tuple[float, int]:
    """How often some literal of the set occurs in English: the most frequent
    literal's estimated Zipf frequency (`_zipf`); ties go to the longer literals."""
    return (max(_zipf(s) for s in literals), -min(len(s) for s in literals))


def _zipf(literal: str) -> float:
    """Estimated Zipf frequency of a literal: its words' frequencies (wordfreq)
    multiplied as if independent, so "add oil" is rarer than "add" or "oil". A
    short piece (ing, ed, th) occurs inside countless words whatever its frequency
    as a word; a long unknown piece (celebrit-, responsibilit-) is rare."""
    words = _WORD_RE.findall(literal)
    if not words:  # punctuation and spaces only: everywhere, unless seldom in prose
        return 8.0 if any(c in _EVERYDAY_MARKS for c in literal) else _MARK_ZIPF
    # a literal with a space or tab shows a word's edge: its short words are words (" oil")
    fragment = not any(c.isspace() for c in literal)
    scores = [
        max(zipf(w) or 2.0, _SHORT_ZIPF.get(len(w), 0.0) if fragment and w.isascii() else 0.0)
        for w in words
    ]
    return sum(scores) - 9.0 * (len(scores) - 1)  # Zipf is log10 per 10^9 words


def _rare_first(q: Query | str) -> Query | str:
    """The query with the parts of each "all" rarest first and of each "one of"
    commonest first, so that checking it stops as soon as it can."""
    if isinstance(q, str):
        return q
    parts = [_rare_first(p) for p in q.parts]
    sets = {p: anchors(p) for p in parts}

    def often(part: Query | str) -> float:
        found = sets[part]
        return 9.0 if found is None else _commonness(found)[0]

    return Query(q.every, tuple(sorted(parts, key=often, reverse=not q.every)))


def _bounded(q: Query | str, most: int) -> Query | str:
    """The query, or one it implies of at most ``most`` literals: a query of
    hundreds (forty labels of a link list, each a few words) takes longer to check
    than the pattern takes to run. An "all" keeps its rarest parts, a "one of"
    shares the literals among its parts (none left: it holds anywhere)."""
    if isinstance(q, str) or _size(q) <= most:
        return q
    if q.every:
        kept: list[Query | str] = []
        left = most
        for part in q.parts:
            if left <= 0:
                break
            part = _bounded(part, left)
            if part != ANYWHERE:
                kept.append(part)
                left -= _size(part)
        return _all(kept)
    share = most // len(q.parts)
    return _any(_bounded(part, share) for part in q.parts) if share else ANYWHERE


def _size(q: Query | str) -> int:
    """How many literals a query checks at most."""
    return 1 if isinstance(q, str) else sum(map(_size, q.parts))


_SHORT_ZIPF = {1: 8.0, 2: 7.5, 3: 7.0}
_EVERYDAY_MARKS = frozenset(" \t\n,.;:!?'\"’“”()-")  # in nearly every paragraph
_MARK_ZIPF = 6.0  # a mark prose seldom has: |, [, 【, »
_COMMON = 6.5  # Zipf frequency of "has", "about", "people": too frequent to look up


@dataclass(frozen=True)
class AnchorPlan:
    """What an `AnchorIndex` is built from, derived from the patterns alone (kept
    between runs by `mtqa.cache`): the patterns not looked up; each pattern's
    widest match (None: unbounded) and literal query; and the patterns each
    anchor looks up."""

    always: list[int]
    widths: list[int | None]
    queries: list[Query | str]
    by_literal: dict[str, tuple[int, ...]]


def plan(patterns: Sequence[Source]) -> AnchorPlan:
    """The anchor plan of ``patterns`` (see `AnchorIndex`)."""
    always: list[int] = []
    queries: list[Query | str] = []
    by_literal: dict[str, list[int]] = {}
    for i, source in enumerate(patterns):
        q = _rare_first(query(source))
        queries.append(_bounded(q, _MAX_CHECKS))
        found = anchors(q)
        # a pattern is looked up by its anchors if they are rare enough to filter:
        # common ones (" and ", "th") would be hit at nearly every word; the others
        # have their query checked on every text
        if found is None or _commonness(found)[0] >= _COMMON:
            always.append(i)
            continue
        for literal in found:
            by_literal.setdefault(literal, []).append(i)
    widths = [_max_width(source) for source in patterns]
    return AnchorPlan(always, widths, queries, {k: tuple(v) for k, v in by_literal.items()})


class AnchorIndex:
    """For a list of patterns, the positions of those that may match a text.

    ``AnchorIndex(patterns).candidates(lowercased_text)`` is a sorted list of
    ``(index, start)``: ``index`` into ``patterns`` for every pattern whose
    literal query the text meets, and an offset no match of it starts before (0
    when the pattern's matches are of unbounded length, or it has no rare
    anchors). The text must be lowercased with ``str.lower`` by the caller, who
    usually has it already; the offsets are the lowercased text's. ``patterns``
    are (text, flags) pairs: the index reads their parse trees and never
    compiles them.
    """

    def __init__(self, patterns: Sequence[Source]) -> None:
        from .cache import cached, file_stamp, package_stamp

        parts = [
            package_stamp("wordfreq"),
            file_stamp(__file__),
            *(f"{flags}|{text}" for text, flags in patterns),
        ]
        found = cached("anchors", parts, lambda: plan(patterns), AnchorPlan)
        self._always = found.always
        self._widths = found.widths
        self._queries = found.queries
        self._automaton: Any = None
        if found.by_literal:
            self._automaton = ahocorasick.Automaton()
            for literal, indexes in found.by_literal.items():
                self._automaton.add_word(literal, indexes)
            self._automaton.make_automaton()

    def candidates(self, lower: str) -> list[tuple[int, int]]:
        """``(index, start)`` of the patterns that may match a text whose lowercase
        is ``lower``, by index.

        Every match of a looked-up pattern holds one of its anchors, so none starts
        more than the pattern's widest match before the end of the first anchor
        found: a pattern that opens with a look-behind (most calques) is tried at
        every position from there, not from the start of the text.
        """
        queries = self._queries
        met = [(i, 0) for i in self._always if holds(queries[i], lower)]
        if self._automaton is None:
            return met
        first_end: dict[int, int] = {}  # pattern -> end of its first anchor (iter: by end)
        for last, indexes in self._automaton.iter(lower):
            for i in indexes:
                first_end.setdefault(i, last + 1)
        if not first_end:
            return met
        widths = self._widths
        for i, end in first_end.items():
            if holds(queries[i], lower):
                width = widths[i]
                met.append((i, 0 if width is None else max(0, end - width)))
        met.sort()
        return met
