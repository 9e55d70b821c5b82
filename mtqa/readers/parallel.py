"""Parallel plain-text files: a source and a reference aligned with the target.

The target, source (``--source``) and reference (``--reference``) are first split
one segment a line, as test sets are aligned, then, when the counts differ, the
way the target was read (``--paragraphs``, see ``plaintext``); with
``--paragraphs blank``, paragraphs first. Failing both, files of as many lines
align line by line, a blank line an empty segment (an MT system's empty output).
When the counts differ every way, the files are misaligned and nothing is
checked.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import InputError
from ..model import Document, Segment
from . import ReadOptions
from .plaintext import read_plaintext


def _units(text: str, mode: str) -> list[str]:
    return [s.text.strip() for s in read_plaintext(text, ReadOptions(paragraphs=mode)).segments]


def every_line(text: str) -> list[Segment]:
    """A segment a line, a blank one too (an empty segment): the lines of a file
    whose blank lines are units of their own, as an MT system's output with an
    empty translation is (sacrebleu scores it so). The final line end opens no
    line."""
    segments = []
    offset = 0
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, 1):
        segments.append(Segment(number, line.rstrip(), offset))
        offset += len(line) + 1
    return segments


def align(
    doc: Document,
    source: tuple[str, str] | None,
    reference: tuple[str, str] | None,
    options: ReadOptions,
) -> Document:
    """``doc`` with each segment's source and reference; ``source``/``reference`` are
    (path, text) pairs."""
    files = {role: f for role, f in (("source", source), ("reference", reference)) if f}
    if not files:
        return doc
    candidates = [(doc.segments, options.paragraphs)]
    if options.paragraphs != "line":
        lines = read_plaintext(doc.file_text, ReadOptions(paragraphs="line")).segments
        # parallel files are line-aligned (a test set's, sacrebleu's): lines first,
        # unless paragraphs were asked for; a file "auto" reads as wrapped paragraphs
        # (short lines, a lowercase line after one without a full stop) is a
        # subtitle's or a talk's lines as often, and read so its three files would
        # align as one segment each
        line_first = options.paragraphs == "auto"
        candidates.insert(0 if line_first else 1, (lines, "line"))
    for targets, mode in candidates:
        units = {role: _units(text, mode) for role, (_, text) in files.items()}
        if all(len(u) == len(targets) for u in units.values()):
            break
    else:
        # the same number of lines but blank ones in different places: a blank line
        # is an empty segment (an MT system's empty output), kept in its place
        targets = every_line(doc.file_text)
        units = {role: [s.text.strip() for s in every_line(t)] for role, (_, t) in files.items()}
        if not all(len(u) == len(targets) for u in units.values()):
            targets = []
    if targets:
        return replace(doc, segments=[
            replace(seg, index=i + 1, source=units["source"][i] if "source" in units else None,
                    reference=units["reference"][i] if "reference" in units else None)
            for i, seg in enumerate(targets)
        ])  # fmt: skip
    counts = ", ".join(
        f"{path} has {len(_units(text, options.paragraphs))}" for path, text in files.values()
    )
    raise InputError(
        f"{doc.path}: misaligned parallel files: the target has "
        f"{len(doc.segments)} segments, {counts}"
    )
