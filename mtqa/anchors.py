"""Which of many patterns can match a text, found in one pass.

A pack rule may hold hundreds of entries (the calque pack has over 300), and
most segments match none of them. Running every entry's regex over every
segment costs hundreds of scans a segment. Instead each pattern gets its
*anchors*: sets of lowercase literals, read from the pattern's parse tree, such
that every match contains a literal of each set (``establish`` or ``set up``,
and ``household``). One Aho-Corasick pass (``pyahocorasick``) over the
lowercased segment finds every literal present, and only the patterns whose
every set is met run.
"""

from __future__ import annotations

import re
import re._constants as re_constants  # the parse tree re compiles from
import re._parser as re_parser
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from .language.lexicon import zipf

Anchors = tuple[frozenset[str], ...]  # every set met: some literal of each set is in the text
Source = tuple[str, int]  # a pattern as re.compile takes it: its text and its flags

_LITERAL = re_constants.LITERAL
_REPEATS = (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT, re_constants.POSSESSIVE_REPEAT)
_WORD_RE = re.compile(r"[^\W\d_]+")


def anchors(source: Source) -> Anchors:
    """The anchor sets of ``regex``: every match contains, for each set, one of its
    lowercase literals. Empty when the pattern holds no fixed text it must match.

    Where the pattern offers a choice (``a|b``), each alternative contributes its
    rarest literal by English word frequency (wordfreq), so that the set is as
    rare in text as it can be. Literals are lowercased: they are looked for in the
    lowercased text whatever the pattern's case flags.
    """
    return tuple(_required(re_parser.parse(*source)))


def _required(items: Any) -> list[frozenset[str]]:
    """The anchor sets of a parsed sequence: all of them must be met."""
    sets: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        letter = _one_letter(op, av)
        if letter is not None:
            run.append(letter)
            continue
        before = "".join(run)
        if run:
            sets.append(frozenset({before}))
            run = []
        if op is re_constants.SUBPATTERN:
            sets.extend(_required(av[3]))
        elif op is re_constants.ATOMIC_GROUP:
            sets.extend(_required(av))
        elif op is re_constants.BRANCH:
            rarest = [_rarest(_required(b)) for b in av[1]]
            if all(rarest):
                sets.append(frozenset().union(*rarest))  # type: ignore[arg-type]
            # "my (?:city|county)" needs "my city" or "my county": rarer than either part
            heads = [_literal_prefix(b) for b in av[1]]
            if before and all(heads):
                sets.append(frozenset(before + h for h in heads))
        elif op in _REPEATS and av[0] >= 1:  # (min, max, item): the item occurs at least once
            sets.extend(_required(av[2]))
        # anything else (classes, any, assertions, backreferences) holds no fixed text
    if run:
        sets.append(frozenset({"".join(run)}))
    return [s for s in sets if all(s)]


def _one_letter(op: Any, av: Any) -> str | None:
    """The lowercase character a parsed item matches, if it is one character in any
    case: a literal, or a class of its cases such as ``[Aa]``."""
    if op is _LITERAL:
        return chr(av).lower()
    if op is re_constants.IN and all(o is _LITERAL for o, _ in av):
        cases = {chr(c).lower() for _, c in av}
        return cases.pop() if len(cases) == 1 else None
    return None


def _literal_prefix(items: Any) -> str:
    """The fixed text a parsed sequence starts with (lowercased; may be empty)."""
    prefix = []
    for op, av in items:
        letter = _one_letter(op, av)
        if letter is None:
            break
        prefix.append(letter)
    return "".join(prefix)


def _rarest(sets: list[frozenset[str]]) -> frozenset[str] | None:
    """Of sets that must all be met, the one least likely to be met by chance."""
    return min(sets, key=_commonness) if sets else None


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
    if not words:
        return 8.0  # punctuation and spaces only: everywhere
    # a literal with a space shows a word's edge: its short words are words (" oil")
    fragment = " " not in literal
    scores = [
        max(zipf(w) or 2.0, _SHORT_ZIPF.get(len(w), 0.0) if fragment and w.isascii() else 0.0)
        for w in words
    ]
    return sum(scores) - 9.0 * (len(scores) - 1)  # Zipf is log10 per 10^9 words


_SHORT_ZIPF = {1: 8.0, 2: 7.5, 3: 7.0}
_COMMON = 6.5  # Zipf frequency of "has", "about", "people": too frequent to filter on


@dataclass(frozen=True)
class AnchorPlan:
    """What an `AnchorIndex` is built from, derived from the patterns alone (kept
    between runs by `mtqa.cache`): the patterns always tried, with 0; each
    pattern's widest match (None: unbounded); the other anchor sets a looked-up
    pattern must meet; and the patterns each literal looks up."""

    always: list[tuple[int, int]]
    widths: list[int | None]
    checks: list[Anchors]
    by_literal: dict[str, tuple[int, ...]]


def plan(patterns: Sequence[Source]) -> AnchorPlan:
    """The anchor plan of ``patterns`` (see `AnchorIndex`)."""
    always: list[tuple[int, int]] = []
    checks: list[Anchors] = []
    by_literal: dict[str, list[int]] = {}
    for i, source in enumerate(patterns):
        sets = anchors(source)
        # a pattern is looked up by its rarest set, if that is rare enough to
        # filter: sets of common literals (" and ", "th") would be hit at nearly
        # every word
        rare = [s for s in sets if _commonness(s)[0] < _COMMON]
        if not rare:
            always.append((i, 0))
        for literal in _rarest(rare) or ():
            by_literal.setdefault(literal, []).append(i)
        # the other rare sets are checked by substring search, only for the few
        # patterns looked up: "villages in cities" needs "cit" as well as
        # "village"; a common set (" ", "in") is met by nearly every text
        checks.append(tuple(sorted(rare, key=_commonness)[1:]))
    widths = [_max_width(source) for source in patterns]
    return AnchorPlan(always, widths, checks, {k: tuple(v) for k, v in by_literal.items()})


class AnchorIndex:
    """For a list of patterns, the positions of those that may match a text.

    ``AnchorIndex(patterns).candidates(lowercased_text)`` is a sorted list of
    ``(index, start)``: ``index`` into ``patterns`` for every pattern with a match
    in the text (patterns without anchors always are), and an offset no match of
    it starts before (0 when the pattern's matches are of unbounded length). The
    text must be lowercased with ``str.lower`` by the caller, who usually has it
    already; the offsets are the lowercased text's. ``patterns`` are (text,
    flags) pairs: the index reads their parse trees and never compiles them.
    """

    def __init__(self, patterns: Sequence[Source]) -> None:
        from .cache import cached, file_stamp, package_stamp

        parts = [
            package_stamp("wordfreq"),
            file_stamp(__file__),
            *(f"{flags}|{text}" for text, flags in patterns),
        ]
        found = cached("anchors", parts, lambda: plan(patterns))
        self._always = found.always
        self._widths = found.widths
        self._checks = found.checks
        self._automaton: Any = None
        if found.by_literal:
            self._automaton = ahocorasick.Automaton()
            for literal, indexes in found.by_literal.items():
                self._automaton.add_word(literal, indexes)
            self._automaton.make_automaton()

    def candidates(self, lower: str) -> list[tuple[int, int]]:
        """``(index, start)`` of the patterns that may match a text whose lowercase
        is ``lower``, by index.

        Every match holds a looked-up literal, so none starts more than the
        pattern's widest match before the end of the first literal found: a pattern
        that opens with a look-behind (most calques) is tried at every position
        from there, not from the start of the text.
        """
        if self._automaton is None:
            return self._always
        first_end: dict[int, int] = {}  # pattern -> end of its first literal (iter: by end)
        for last, indexes in self._automaton.iter(lower):
            for i in indexes:
                first_end.setdefault(i, last + 1)
        if not first_end:
            return self._always
        met = [
            (i, 0 if self._widths[i] is None else max(0, end - self._widths[i]))
            for i, end in first_end.items()
            if _all_met(self._checks[i], lower)
        ]
        return sorted(met + self._always)


def _all_met(sets: Anchors, lower: str) -> bool:
    """Whether ``lower`` holds some literal of every set (loops, not generators:
    this runs for every looked-up pattern of every segment)."""
    for literals in sets:
        for literal in literals:
            if literal in lower:
                break
        else:
            return False
    return True
