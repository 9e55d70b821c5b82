"""Parallel plain-text files: a source and a reference aligned with the target.

The target, source (``--source``) and reference (``--reference``) are first split
one segment a line, as test sets are aligned, then, when the counts differ, the
way the target was read (``--paragraphs``, see ``plaintext``); with
``--paragraphs blank``, paragraphs first. When the counts differ both ways, the
files are misaligned and nothing is checked.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import InputError
from ..model import Document
from . import ReadOptions
from .plaintext import read_plaintext


def _units(text: str, mode: str) -> list[str]:
    return [s.text.strip() for s in read_plaintext(text, ReadOptions(paragraphs=mode)).segments]


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
