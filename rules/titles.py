"""Titles: lowercase words inside a quoted title in title case (MT211), and a title
that words a term of the text differently (MT406)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa import regexcache
from mtqa.language.names import TITLE_MINOR_WORDS
from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule

_WORD_RE = regexcache.compile(r"[^\W\d_][\w'’-]*")
# A quoted title of a document, law or campaign: enough capitalised words that the
# lowercase ones stand out. Fewer, and a quoted phrase ("the Belt and Road" idea)
# may capitalise only its name.
_MIN_CAPITALISED = 4
_MAX_LOWER_RUN = 2  # more lowercase words in a row is a phrase quoted, not a title
_SENTENCE_MARK_RE = regexcache.compile(r"[.,;!?]")


@rule(
    code="MT211",
    name="lowercase-in-title",
    category="Fluency/Grammar",
    severity="minor",
    rationale="""A quoted title written in title case with one or two content words left in
    lowercase ("Rules for the Management of rural roads Funds") is how MT renders
    a document title whose middle it did not recognise as a name. Title case
    leaves only articles, short prepositions and conjunctions in lowercase.""",
    flags=[
        (
            'Under the "Measures for the Supervision of rural credit Cooperatives '
            'Lending Practices", banks must report monthly.',
            "rural credit",
            "Rural Credit",
        ),
    ],
    passes=[
        'The "Rules for the Protection of Wild Birds and Their Habitats" came into force.',
        'She called it "a plan for the many, not the few" in a speech.',
        'Fans sang "Hey Jude" and "Don\'t Look Back in Anger" all night.',
        'The report "Water and Sanitation in Rural Areas: a review of Progress" is out.',
    ],
    fix="always",
    fix_safe=True,
    exceptions=[
        "titles in sentence case",
        "a subtitle after a colon or dash",
    ],
)
def lowercase_in_title(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    report = ctx.quotes(seg)
    for start, end in report.spans:
        if start in report.unclosed:
            continue
        yield from _lowercase_runs(seg.text, start, end)


def _lowercase_runs(text: str, start: int, end: int) -> Iterator[Hit]:
    """Runs of lowercase content words between capitalised words of a title-case
    quotation ``text[start:end]``."""
    words = [m for m in _WORD_RE.finditer(text, start, end)]
    content = [m for m in words if m.group().lower() not in TITLE_MINOR_WORDS]
    capitalised = sum(1 for m in content if m.group()[0].isupper())
    lowercase = len(content) - capitalised
    # a title: capitalised from its first word, no sentence punctuation, and its
    # lowercase content words few enough to be one slip (quoted speech has many)
    if (
        capitalised < _MIN_CAPITALISED
        or not 0 < lowercase <= _MAX_LOWER_RUN
        or not words[0].group()[0].isupper()
        or _SENTENCE_MARK_RE.search(text, words[0].end(), end)
    ):
        return
    if _subtitle_in_sentence_case(text, start, end):
        return
    run: list[re.Match[str]] = []
    for m in content:
        word = m.group()
        if word[0].islower():
            run.append(m)
            continue
        if run and len(run) <= _MAX_LOWER_RUN and run[0] is not content[0]:
            yield _hit(text, run)
        run = []


def _subtitle_in_sentence_case(text: str, start: int, end: int) -> bool:
    """Whether the title has a colon or dash: English writes a subtitle after it in
    sentence case, so lowercase words there are no slip."""
    return any(mark in text[start:end] for mark in (":", " – ", " — ", " - "))


def _hit(text: str, run: list[re.Match[str]]) -> Hit:
    start, end = run[0].start(), run[-1].end()
    fixed = _WORD_RE.sub(_capitalise, text[start:end])
    return Hit(
        start, end, f"'{text[start:end]}' is lowercase inside a title written in title case", fixed
    )


def _capitalise(m: re.Match[str]) -> str:
    word = m.group()
    return word if word in TITLE_MINOR_WORDS else word[0].upper() + word[1:]


# A title this long, minus its last word, is a phrase the body can repeat; shorter
# ones ("The plan for") repeat by chance.
_TITLE_WORDS = (6, 16)


@rule(
    code="MT406",
    name="title-term-variant",
    category="Terminology/Inconsistent",
    severity="minor",
    rationale="""When the title repeats a phrase of the text word for word but ends it with a
    different word ("Cut the hours of operations" over "…cut the hours of homework"),
    the title and the text were translated apart and one source term came out two
    ways: a reader takes them for two different things.""",
    flags=[
        (
            "Raise the quality and number of seedlings\n\n"
            "The county will raise the quality and number of saplings this spring.",
            "seedlings",
            "saplings",
        ),
    ],
    passes=[
        "Raise the quality and number of saplings\n\n"
        "The county will raise the quality and number of saplings this spring.",
        "Talks on trade\n\nTalks on trade and tariffs resumed.",
    ],
    scope="document",
    fix="always",
    exceptions=[
        "a title that repeats a shorter phrase of the text",
    ],
)
def title_term_variant(ctx: DocContext) -> Iterator[Hit]:
    segments = ctx.segments
    if len(segments) < 2:
        return
    title = segments[0]
    words = list(_WORD_RE.finditer(title.text))
    if not _TITLE_WORDS[0] <= len(words) <= _TITLE_WORDS[1]:
        return
    head = [m.group().lower() for m in words[:-1]]
    last = words[-1]
    # a cheap pre-check: a segment that repeats the head holds each of its words in
    # its lowercased text (an ASCII word is lowercased alike alone and in the text)
    needed = sorted(set(head), key=len, reverse=True) if all(map(str.isascii, head)) else []
    for seg in segments[1:]:
        lower = ctx.lower(seg)
        if not all(map(lower.__contains__, needed)):
            continue
        body = [m.group().lower() for m in _WORD_RE.finditer(seg.text)]
        for i in range(len(body) - len(head)):
            if body[i] == head[0] and body[i : i + len(head)] == head:
                other = body[i + len(head)]
                if other != last.group().lower():
                    yield Hit(
                        last.start(),
                        last.end(),
                        f"The title says '{last.group()}' where the text says '{other}'"
                        " after the same words",
                        other,
                        segment=title.index,
                    )
                    return
