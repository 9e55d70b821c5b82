"""Parallel plain-text files: a source and a reference aligned with the target.

Test sets are aligned a segment a line; articles by paragraph. With the default
``--paragraphs auto``, a target that reads as lines (`line_aligned`: a test set's
or a talk's lines, which "auto" may read as one wrapped paragraph) is aligned a
line a segment first, then by the target's own reading; a target of wrapped
prose paragraphs by its own reading first, then a line a segment. With
``--paragraphs blank``, paragraphs first; with ``line``, lines. A target of lines
whose blank lines differ from the other files', in files of as many lines,
aligns line by line, a blank line an empty segment (an MT system's empty output,
which sacrebleu scores so). When the counts differ every way, the files are
misaligned and nothing is checked.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import InputError
from ..model import Document, Segment
from . import ReadOptions
from .plaintext import is_hard_wrapped, line_blocks, read_plaintext

# what a line that ends a sentence ends with
_SENTENCE_ENDS = tuple('.!?。！？…"”’)')


def refuse_unaligned(role: str, path: str, fmt: str) -> None:
    """Raise InputError unless ``fmt``, the format ``path`` is read as, is plain text:
    a target, source or reference file aligned line by line or paragraph by
    paragraph (``role``: "target", "--source", "--reference", "system output").
    A table's or a translation file's rows would be aligned as lines, markup and
    other columns in them (such a file holds its source and reference in its own
    columns or elements)."""
    if fmt != "txt":
        shown = "<stdin>" if path == "-" else path
        raise InputError(
            f"{shown}: the {role} must be plain text (a segment a line or a paragraph) "
            f"to be aligned; it is read as {fmt}"
        )


def _units(text: str, mode: str) -> list[str]:
    return [s.text.strip() for s in read_plaintext(text, ReadOptions(paragraphs=mode)).segments]


def line_aligned(text: str) -> bool:
    """Whether a target reads as a segment a line: more than half of its non-blank
    lines end like a sentence (a test set's lines end so nearly all), or it is no
    prose of paragraphs wrapped at a width, set apart by blank lines (whose lines
    end mid-sentence but a paragraph's last). One block of lines, unpunctuated
    subtitles' too, is lines."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    if sum(line.endswith(_SENTENCE_ENDS) for line in lines) * 2 > len(lines):
        return True
    blocks = [[line for _, line in block] for block in line_blocks(text)]
    return len(blocks) < 2 or not any(is_hard_wrapped(block) for block in blocks)


def every_line(text: str, trailing: bool = True) -> list[Segment]:
    """A segment a line, a blank one too (an empty segment of kind ``row``, which
    MT307 reports as untranslated when it has a source): the lines of a file whose
    blank lines are units of their own, as an MT system's output with an empty
    translation is. The final line end opens no line; with ``trailing`` False,
    nor do the blank lines after the last line of text."""
    segments = []
    offset = 0
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    while not trailing and lines and not lines[-1].strip():
        lines.pop()
    for number, line in enumerate(lines, 1):
        text_of = line.rstrip()
        kind = "paragraph" if text_of.strip() else "row"
        segments.append(Segment(number, text_of, offset, kind=kind))
        offset += len(line) + 1
    return segments


def align(
    doc: Document,
    source: tuple[str, str] | None,
    reference: tuple[str, str] | None,
    options: ReadOptions,
) -> Document:
    """``doc`` with each segment's source and reference; ``source``/``reference`` are
    (path, text) pairs. Raises InputError when the files do not align."""
    # their line ends as the target's (`mtqa.readers.parse`): CRLF and CR alone are LF
    files = {
        role: (f[0], f[1].replace("\r\n", "\n").replace("\r", "\n"))
        for role, f in (("source", source), ("reference", reference))
        if f
    }
    if not files:
        return doc
    mode = options.paragraphs
    by_line = mode == "line" or (mode == "auto" and line_aligned(doc.file_text))
    candidates = [(doc.segments, mode)]
    if mode != "line":
        lines = read_plaintext(doc.file_text, ReadOptions(paragraphs="line")).segments
        candidates.insert(0 if by_line else 1, (lines, "line"))
    for targets, reading in candidates:
        units = {role: _units(text, reading) for role, (_, text) in files.items()}
        if all(len(u) == len(targets) for u in units.values()):
            return _aligned(doc, targets, units)
    if by_line:
        # blank lines at a file's end end no output (an editor's, a shell's): tried
        # kept first, as the empty outputs of the last segments, then left out
        for trailing in (True, False):
            targets = every_line(doc.file_text, trailing)
            units = {
                role: [s.text.strip() for s in every_line(t, trailing)]
                for role, (_, t) in files.items()
            }
            if all(len(u) == len(targets) for u in units.values()):
                return _aligned(doc, targets, units)
    if by_line:  # counted as the files are tried first: a segment a line of text
        target, reading, unit = len(_units(doc.file_text, "line")), "line", " lines of text"
    else:
        target, reading, unit = len(doc.segments), mode, " segments"
    counts = ", ".join(f"{path} has {len(_units(text, reading))}" for path, text in files.values())
    raise InputError(
        f"{doc.path}: misaligned parallel files: the target has {target}{unit}, {counts}"
    )


def _aligned(doc: Document, targets: list[Segment], units: dict[str, list[str]]) -> Document:
    """``doc`` of the segments ``targets``, each with its source and reference."""
    return replace(doc, segments=[
        replace(seg, index=i + 1, source=units["source"][i] if "source" in units else None,
                reference=units["reference"][i] if "reference" in units else None)
        for i, seg in enumerate(targets)
    ])  # fmt: skip
