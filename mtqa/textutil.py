"""Fast, regex-based tokenisation shared by the rules: words and sentences.

Rules need sentence boundaries that survive MT damage (a lowercase start after a
full stop is itself a finding), so boundaries are found by punctuation, not by a
model that would 'repair' them.
"""

from __future__ import annotations

import re

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
"""A run of letters, with inner apostrophes (don't, People’s)."""

COUNT_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+(?:['’.,-][^\W_]+)*", re.UNICODE)
"""What a word count counts: a letter/digit run (3.5, co-op, 10,000) or one Han character."""

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "no",
        "nos",
        "vs",
        "etc",
        "approx",
        "dept",
        "fig",
        "gen",
        "gov",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "vol",
        "pp",
        "cf",
        "al",
        "ca",
        "rev",
        "mt",
        "ft",
        "est",
    ]
)
_BOUNDARY_RE = re.compile(r"(?:[.!?]+|…)[\"”’')\]]*\s+")
_LAST_TOKEN_RE = re.compile(r"(\S+)$")
_DOTTED_RE = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]$")


def is_abbreviation(before: str) -> bool:
    """Whether the token ending ``before`` (the text up to a full stop) is an abbreviation."""
    m = _LAST_TOKEN_RE.search(before[-12:])
    if not m:
        return False
    token = m.group(1).lstrip("(\"“‘'")
    if len(token) == 1 and token.isupper():
        return True  # an initial: Xi J. Smith
    if "." in token and _DOTTED_RE.fullmatch(token):
        return True  # e.g, i.e, U.S, a.m
    return token.lower() in ABBREVIATIONS


def count_words(text: str) -> int:
    """Words as MQM counts them for normalisation."""
    return len(COUNT_RE.findall(text))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) spans; a boundary is terminal punctuation then space.

    A full stop after a single capital (initials, U.S.) or a common abbreviation
    is not a boundary. The next sentence may start with any character: MT output
    often starts one in lowercase, and rules want to see that.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        if (
            m.group()[0] == "."
            and m.group()[1:2] != "."
            and is_abbreviation(text[max(0, m.start() - 12) : m.start()])
        ):
            continue
        end = m.end()
        stripped = text[start : m.start() + len(m.group().rstrip())]
        if stripped.strip():
            spans.append((start, start + len(stripped)))
        start = end
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def is_title_case(text: str) -> bool:
    """True for headline-style text: most content words capitalised."""
    words = [w for w in WORD_RE.findall(text) if len(w) > 3]
    if len(words) < 2:
        return bool(words) and words[0][0].isupper()
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.6
