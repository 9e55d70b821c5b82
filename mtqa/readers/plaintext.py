"""Plain text: paragraphs are blocks of non-blank lines, or single lines.

Scraped text often puts one paragraph on each line with no blank line between,
while hand-written text hard-wraps paragraphs. ``paragraphs="auto"`` decides per
block: it is one hard-wrapped paragraph when every line is at most
``WRAP_WIDTH`` characters and at least one line break falls inside a sentence
(the line ends with a comma, hyphen or word and the next line starts in
lowercase); otherwise every line is its own paragraph, so a title line never
merges into the body. ``blank`` always joins a block, ``line`` always splits.
"""

from __future__ import annotations

import itertools
import re

from ..model import Segment
from . import Parsed, ReadOptions

WRAP_WIDTH = 100
_INSIDE_SENTENCE_RE = re.compile(r"(?:[,;\-–]|[^\W\d_])$")


def _blocks(text: str) -> list[list[tuple[int, str]]]:
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
    segments: list[Segment] = []
    for block in _blocks(text):
        lines = [line for _, line in block]
        join = paragraphs == "blank" or (paragraphs == "auto" and is_hard_wrapped(lines))
        if join or len(block) == 1:
            start = block[0][0]
            end = block[-1][0] + len(block[-1][1].rstrip())
            segments.append(Segment(len(segments) + 1, text[start:end], start))
        else:
            for offset, line in block:
                segments.append(Segment(len(segments) + 1, line.rstrip(), offset))
    return Parsed(segments)
