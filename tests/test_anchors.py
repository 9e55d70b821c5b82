"""`mtqa.anchors`: which pack patterns may match a text, and from where a scan of
one may start. The start offset is an optimisation that must never lose a match:
every built-in entry's own examples, padded with unrelated text before and after,
are scanned from the offset and from the start of the text, and must agree."""

from __future__ import annotations

import re

import pytest

from mtqa.anchors import AnchorIndex, _max_width, holds, query
from mtqa.packs import builtin_packs

FILLER = (
    "The council met on Tuesday to discuss the new budget for roads and schools, "
    "and several members asked for more time before the vote. "
)


@pytest.mark.parametrize(
    ("pattern", "widest"),
    [
        (r"ab?c", 3),
        (r"(?<![\w-])red (?:flag|lantern)(?![\w-])", 11),  # look-arounds span nothing
        (r"a{2,5}", 5),
        (r"a+b", None),
        (r"x[^\n]*", None),
    ],
)
def test_widest_match(pattern, widest):
    assert _max_width((pattern, 0)) == widest


def test_candidates_start_after_text_that_cannot_hold_a_match():
    index = AnchorIndex([(r"(?i:(?<![\w-])red (?:flag|lantern))(?![\w-])", 0)])
    text = FILLER + "A red lantern hung there."
    [(order, start)] = index.candidates(text.lower())
    assert order == 0
    assert start == text.index("red lantern") + len("red lantern") - 11
    assert text.find("red lantern") >= start


def test_patterns_without_rare_anchors_are_candidates_from_the_start_of_the_text():
    # no literal at all: a candidate everywhere; common literals only ("|"): where they are
    index = AnchorIndex([(r"^\d+$", 0), (r"^[ \t]*\|", 0), (r"(?i:yellow river)", 0)])
    assert index.candidates("nothing here") == [(0, 0)]
    assert index.candidates("a | the yellow river") == [(0, 0), (1, 0), (2, 8)]  # "yellow": 8


def test_a_candidate_holds_the_literals_in_the_order_the_pattern_spells_them():
    index = AnchorIndex([(r"(?i:(?<![\w-])villages? (?:in|within) (?:the )?cit(?:y|ies))", 0)])
    assert index.candidates("the villages near the city") == []
    assert [order for order, _ in index.candidates("they left villages in the cities")] == [0]


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?i)Straße", "STRASSE"),  # no match, and no candidate either
        (r"(?i)straße", "die Straße"),
        (r"a(?:b|cd)+e", "xacdbe"),
        (r"(ab)\1x", "ababx"),
        (r"(?i:[Hh]ot) (?=news)news", "HOT NEWS"),
        (r"(?<=see )also(?!\w)", "see also"),
        (r"x{3}y", "xxxy"),
        (r"(?:ab){2,3}c", "abababc"),
        (r"(?>foo|bar)baz", "barbaz"),
        (r"q(?:[-–—]|\s)+r", "q – r"),
        (r"İstanbul", "İstanbul"),
        (r"ΑΣ", "ΑΣ"),  # str.lower writes a final sigma
    ],
)
def test_the_literal_query_holds_wherever_the_pattern_matches(pattern, text):
    matches = re.search(pattern, text) is not None
    assert holds(query((pattern, 0)), text.lower()) or not matches


def _examples():
    for pack in builtin_packs():
        for code, entries in pack.entries.items():
            for number, entry in enumerate(entries, 1):
                texts = [e.text for e in entry.flags] + list(entry.passes)
                for text in texts:
                    yield pytest.param(code, entries, text, id=f"{code}-{number}-{len(text)}")


@pytest.mark.parametrize(("code", "entries", "text"), list(_examples()))
def test_scan_from_candidate_start_finds_every_match(code, entries, text):
    index = AnchorIndex([(e.pattern, e.pattern_flags) for e in entries])
    for padded in (text, FILLER + text, FILLER + text + " " + FILLER):
        chosen = dict(index.candidates(padded.lower()))
        for order, entry in enumerate(entries):
            everywhere = [m.span() for m in entry.regex.finditer(padded)]
            if order not in chosen:
                assert everywhere == [], f"{code}: a matching entry was not a candidate"
                continue
            from_start = [m.span() for m in entry.regex.finditer(padded, chosen[order])]
            assert from_start == everywhere
