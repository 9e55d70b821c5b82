"""Plain text: paragraphs are blocks of non-blank lines, or single lines.

Scraped text often puts one paragraph on each line with no blank line between,
while hand-written text hard-wraps paragraphs. ``paragraphs="auto"`` decides per
block: it is one hard-wrapped paragraph when every line is at most
``WRAP_WIDTH`` characters and at least one line break falls inside a sentence
(the line ends with a comma, hyphen or word and the next line starts in
lowercase); otherwise every line is its own paragraph, so a title line never
merges into the body. ``blank`` always joins a block, ``line`` always splits.

A paragraph longer than `MAX_SEGMENT_CHARS` (a dump with no line breaks, not a
paragraph anyone wrote) is cut into segments at sentence ends, so that no rule
meets a segment of megabytes.
"""

from __future__ import annotations

import itertools

from .. import regexcache
from ..model import Segment
from . import Parsed, ReadOptions

WRAP_WIDTH = 100
_INSIDE_SENTENCE_RE = regexcache.compile(r"(?:[,;\-–]|[^\W\d_])$")
# About 1,500 words: ten times the longest paragraph in a year of news articles
MAX_SEGMENT_CHARS = 10_000
# Where a long paragraph may be cut: after a sentence's end (and closing quotes
# or brackets) and its spaces; failing that after any space
_SENTENCE_END_RE = regexcache.compile(r"[.!?。！？][\"'”’)\]]*\s+")


def pieces(text: str, limit: int = MAX_SEGMENT_CHARS) -> list[tuple[int, int]]:
    """``text`` as (start, end) spans of at most ``limit`` characters, cut after the
    last sentence end inside each (else the last space, else at ``limit``); the
    whole text when it is short enough. Linear in ``len(text)``."""
    spans = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        ends = [m.end() for m in _SENTENCE_END_RE.finditer(window)]
        cut = ends[-1] if ends else window.rfind(" ") + 1 or limit
        spans.append((start, start + cut))
        start += cut
    spans.append((start, len(text)))
    return spans


def line_blocks(text: str) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines as (offset, line) pairs."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            current.append((offset, line))
        elif current:
            blocks.append(current)
            current = []
        offset += len(line) + 1
    if current:
        blocks.append(current)
    return blocks


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether a block of lines is one paragraph wrapped at a fixed width."""
    if len(lines) < 2 or max(len(line.rstrip()) for line in lines) > WRAP_WIDTH:
        return False
    return any(
        _INSIDE_SENTENCE_RE.search(a.rstrip()) and b.lstrip()[:1].islower()
        for a, b in itertools.pairwise(lines)
    )


def read_plaintext(text: str, options: ReadOptions) -> Parsed:
    """Segments of a plain-text file, offsets into ``text``."""
    paragraphs = options.paragraphs
    found: list[tuple[int, int]] = []  # each paragraph's start and end in ``text``
    for block in line_blocks(text):
        lines = [line for _, line in block]
        join = paragraphs == "blank" or (paragraphs == "auto" and is_hard_wrapped(lines))
        if join or len(block) == 1:
            found.append((block[0][0], block[-1][0] + len(block[-1][1].rstrip())))
        else:
            found += [(offset, offset + len(line.rstrip())) for offset, line in block]
    segments: list[Segment] = []
    for start, end in found:
        paragraph = text[start:end]
        for a, b in pieces(paragraph):
            piece = paragraph[a:b].rstrip()
            segments.append(Segment(len(segments) + 1, piece, start + a))
    return Parsed(segments)
