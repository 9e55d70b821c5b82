"""The plain data that flows from readers through rules and scoring to writers."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from itertools import compress, repeat
from operator import add, attrgetter, ne, sub
from typing import TYPE_CHECKING, Any, TypeVar, overload

from . import regexcache

if TYPE_CHECKING:
    from .refmetrics import CorpusScores
    from .rulebase import Rule

SEVERITIES = ("neutral", "minor", "major", "critical")
# What a segment is (`Segment.kind`): a paragraph, heading or caption of running
# text, a row of a table or a unit of a translation memory, or page furniture an
# HTML reader found around the article (navigation, a related-links list,
# comments). A rule declares the kinds it applies to (`mtqa.rulebase.Rule.kinds`).
SEGMENT_KINDS = (
    "paragraph", "heading", "caption", "row", "unit", "navigation", "related", "comments"
)  # fmt: skip


# The default encoding of inputs: UTF-8 (with or without a byte-order mark), else
# detected among the usual legacy encodings (`mtqa.readers.files.detect`)
AUTO_ENCODING = "auto"


# A BCP 47 language tag as far as mtqa reads one (zh, en, zh-CN, zh_Hant_TW): a
# primary subtag of two or three letters and any further subtags
# \Z, not $: a "$" also matches before a final newline, and "en\n" is no language
LANGUAGE_TAG_RE = regexcache.compile(r"\A[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*\Z")


def primary_language(tag: str) -> str:
    """The primary subtag of a BCP 47 language tag, lowercased: zh-CN -> zh, EN -> en;
    also of a POSIX locale (en_GB -> en), as PO headers and many XLIFF files write it."""
    return tag.replace("_", "-").split("-")[0].lower()


TAG = "\ufffc"  # where an inline code element of XLIFF/TMX stands in a segment's text
# XLIFF/TMX elements that stand for a code in the sentence (their content is code)
CODE_ELEMENTS = frozenset({"ph", "bpt", "ept", "it", "x", "bx", "ex", "sc", "ec", "cp"})
# the file ``--report-dir`` leaves in a report folder: a later run finds the folder
# among its inputs and skips it whole (`mtqa.readers.files.discover`)
REPORT_FOLDER_MARKER = ".mtqa-report"

# What shows no text of its own: white space, TAG (an inline code), control characters,
# format characters (Unicode category Cf: soft hyphen, zero-width space and joiners,
# direction marks, word joiner, BOM, Mongolian vowel separator, tag characters),
# the other default-ignorable code points (variation selectors, the combining grapheme
# joiner, Khmer inherent vowels) and the letters and symbols drawn blank (the Hangul
# fillers U+115F, U+1160, U+3164, U+FFA0 and the braille blank U+2800), the musical
# null notehead U+1D159 (drawn empty) and the emoji skin-tone modifiers U+1F3FB-1F3FF
# (a colour swatch at most without the emoji they modify). A target of nothing else
# is no translation (`Segment.untranslated`). Cf as of Unicode 15.1.
_BLANK = (
    "\\s\x00-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffc"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d159\U0001d173-\U0001d17a\U0001f3fb-\U0001f3ff\U000e0000-\U000e0fff"
)
_SHOWN_RE = regexcache.compile(f"[^{_BLANK}]")
# Combining marks (Mn, Mc, Me) show only on a base character: a text of marks
# alone (U+0301, U+0489) shows no text of its own either
_MARKS = frozenset(("Mn", "Mc", "Me"))


def has_text(text: str | None) -> bool:
    """Whether ``text`` holds a character that shows as text: one that is neither
    blank (`_BLANK`) nor a combining mark (`_MARKS`). "2024", "." and an emoji do; a
    target of only inline tags, blanks, zero-width characters or marks without a
    base does not. One scan, stopping at the first such character."""
    if text is None:
        return False
    for found in _SHOWN_RE.finditer(text):
        if unicodedata.category(found.group()) not in _MARKS:
            return True
    return False


class OffsetMap(Sequence[int]):
    """The file offset of each character of a segment's text, kept as runs: where
    each run of consecutive offsets starts in the text, and its first character's
    file offset. A value read with escapes or markup removed jumps a few times; a
    tuple of every offset cost a Python int a character (12 KB a JSON row), which
    a streamed run held for thousands of rows in flight. Reads as the tuple it
    stands for: ``len``, indexing (negative too), iteration, equality."""

    __slots__ = ("_firsts", "_length", "_starts")

    def __init__(self, starts: tuple[int, ...], firsts: tuple[int, ...], length: int) -> None:
        self._starts = starts  # text positions where a run starts, ascending, from 0
        self._firsts = firsts  # the file offset of each run's first character
        self._length = length

    @classmethod
    def of(cls, offsets: Sequence[int], base: int) -> OffsetMap | None:
        """The map of ``offsets`` (one a character), or None when they are ``base``,
        ``base + 1``, ... (the segment's text is one run of the file at ``base``).
        The runs are found with loops in C (``map``, ``compress``)."""
        if not offsets:
            return None
        if isinstance(offsets, OffsetMap):
            return None if offsets._starts == (0,) and offsets._firsts == (base,) else offsets
        # a run starts at 0 and wherever an offset is not the one before plus one
        jumps = compress(range(1, len(offsets)), map(ne, offsets[1:], map(add, offsets, repeat(1))))
        starts = (0, *jumps)
        firsts = tuple(offsets[i] for i in starts)
        if firsts == (base,):
            return None
        return cls(starts, firsts, len(offsets))

    @classmethod
    def of_runs(cls, runs: Iterable[tuple[int, int]]) -> OffsetMap:
        """The map of a text made of ``runs``, in text order: ``(first, count)``,
        ``count`` characters at consecutive file offsets from ``first`` on (a piece
        decoded without an escape, or one escape's character). A run that goes on
        from the one before it joins it."""
        starts: list[int] = []
        firsts: list[int] = []
        length = 0
        for first, count in runs:
            if count and (not starts or firsts[-1] + length - starts[-1] != first):
                starts.append(length)
                firsts.append(first)
            length += count
        return cls(tuple(starts), tuple(firsts), length)

    def runs(self) -> Iterator[tuple[int, int]]:
        """The map as `of_runs` takes it: ``(first, count)`` a run."""
        ends = (*self._starts[1:], self._length)
        return zip(self._firsts, map(sub, ends, self._starts), strict=True)

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, pos: int) -> int: ...

    @overload
    def __getitem__(self, pos: slice) -> tuple[int, ...]: ...

    def __getitem__(self, pos: int | slice) -> int | tuple[int, ...]:
        if isinstance(pos, slice):
            return tuple(self)[pos]
        if pos < 0:
            pos += self._length
        if not 0 <= pos < self._length:
            raise IndexError("offset map index out of range")
        run = bisect_right(self._starts, pos) - 1
        return self._firsts[run] + pos - self._starts[run]

    def __iter__(self) -> Iterator[int]:
        ends = (*self._starts[1:], self._length)
        for start, end, first in zip(self._starts, ends, self._firsts, strict=True):
            yield from range(first, first + end - start)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            return (self._starts, self._firsts, self._length) == (
                other._starts,
                other._firsts,
                other._length,
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._starts, self._firsts, self._length))

    def __reduce__(self) -> tuple[type[OffsetMap], tuple[tuple[int, ...], tuple[int, ...], int]]:
        return OffsetMap, (self._starts, self._firsts, self._length)

    def __repr__(self) -> str:
        return f"OffsetMap(starts={self._starts}, firsts={self._firsts}, length={self._length})"


_Data = TypeVar("_Data")


def _pickled_as_fields(cls: type[_Data]) -> type[_Data]:
    """Pickle the dataclass ``cls`` as its constructor and its field values (a
    tuple read in C). The dataclasses' own pickling of slotted classes calls
    ``fields()`` on every object, both ways: for the results a worker sends back
    (`mtqa.pool`) that was two thirds of the time. A class with at least two
    fields, and none derived from it (its subclasses would come back as it)."""
    values = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: _Data) -> tuple[type[_Data], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class Segment:
    """One scored unit: a paragraph of plain text or Markdown.

    ``text`` is what the rules read. ``offset`` is where ``text[0]`` starts in the
    document's file text; when the reader removed markup inside the paragraph,
    ``char_map`` gives the file offset of every character instead (any sequence of
    them may be given: it is kept as an `OffsetMap`, or None when it is one run
    from ``offset``).
    ``skip`` lists spans (inline code, URLs) that no finding may touch.
    """

    index: int
    text: str
    offset: int
    kind: str = "paragraph"  # one of SEGMENT_KINDS
    char_map: Sequence[int] | None = None
    skip: tuple[tuple[int, int], ...] = ()
    source: str | None = None  # the source text, in bilingual input
    reference: str | None = None  # a reference translation, when given
    id: str | None = None  # the unit's id in the file (XLIFF, TMX, PO, TSV)
    tags: tuple[str, ...] = ()  # inline markup of the target (XLIFF/TMX), kept out of text
    source_tags: tuple[str, ...] = ()  # and of the source
    # the unit's state when the file marks its translation as one not to use: "fuzzy"
    # (a PO entry gettext leaves out of the compiled catalogue); None otherwise
    state: str | None = None
    # the row's value in the document column of a table or JSON Lines file
    # (``--columns document=NAME``): the rows of one value are one document
    # (`mtqa.readers.documents`); None where no column is named
    document: str | None = None

    def __post_init__(self) -> None:
        if self.char_map is not None:
            object.__setattr__(self, "char_map", OffsetMap.of(self.char_map, self.offset))

    @property
    def untranslated(self) -> bool:
        """Whether the segment is a unit left untranslated: a source with text and no
        target text (`has_text`: no ``<target>``, an empty one or one of inline tags
        or blanks only, an empty msgstr or cell). Readers keep such units as segments
        so that a missing translation counts (rule MT307) instead of passing on the
        few units that have one."""
        return not has_text(self.text) and has_text(self.source)

    def file_offset(self, pos: int) -> int:
        """File offset of the character at ``pos`` in ``text``."""
        if self.char_map is None:
            return self.offset + pos
        if pos < len(self.char_map):
            return self.char_map[pos]
        return (self.char_map[-1] + 1) if self.char_map else self.offset


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class Suppression:
    """An inline ``<!-- mtqa: ignore|disable CODE -->`` comment and where it stands."""

    line: int
    directive: str  # as written: "ignore MT201", "disable MT1"
    selectors: tuple[str, ...]  # empty: every rule
    segments: tuple[int, ...]  # the segments it covers


@_pickled_as_fields
@dataclass(slots=True)
class Document:
    """A file (or ``-`` for stdin) split into segments."""

    path: str
    segments: list[Segment]
    file_text: str = ""
    suppressions: list[Suppression] = field(default_factory=list)
    line_offset: int = 0  # lines of the file before ``file_text`` (a chunk of a large file)
    # characters of its first line before ``file_text`` (a chunk cut inside a long line)
    column_offset: int = 0
    source_lang: str = "zh"
    target_lang: str = "en"
    encoding: str = ""  # the codec its bytes were decoded with; "" when given as text
    # segments of the file before this document's first (a chunk of a large file): a
    # segment's number in the file is its index plus this
    segment_offset: int = 0
    # the file a document of a table grouped by its document column was read from
    # (its ``path`` is ``FILE#VALUE``: `mtqa.readers.documents`); "" for a whole file
    file: str = ""
    _line_starts: list[int] | None = field(default=None, repr=False)

    def line_col(self, file_offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a file offset."""
        if self._line_starts is None:
            starts = [0]
            find = self.file_text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        line = bisect_right(self._line_starts, file_offset)
        column = file_offset - self._line_starts[line - 1] + 1
        return line + self.line_offset, column + (self.column_offset if line == 1 else 0)


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class Finding:
    """One flagged span; offsets are code points into the segment's text."""

    rule: str
    name: str
    category: str
    severity: str
    segment: int
    start: int
    end: int
    line: int
    column: int
    text: str
    message: str
    suggestion: str | None = None
    end_line: int = 0  # where the finding's text ends in the file: just after its last
    end_column: int = 0  # character (1-based, exclusive), as SARIF and editors count
    source_rule: str | None = None  # an external checker's own rule ("LT:EN_A_VS_AN/GRAMMAR")

    def as_dict(self) -> dict[str, object]:
        """The finding's fields in contract order (JSON and CSV reports)."""
        return {name: getattr(self, name) for name in FINDING_FIELDS}


FINDING_FIELDS = tuple(f.name for f in fields(Finding))


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class Score:
    """MQM figures of one segment or document (`mtqa.scoring` gives each formula).

    ``penalty`` is the absolute penalty total (APT); ``score`` the calibrated quality
    score, 0–100; ``raw_score`` MQM's linear raw score, 100 − APT per 1,000 words
    (below 0 for very poor text); ``tolerance`` the penalty points acceptable at this
    length; ``confidence`` how surely the findings exceed what a text at its
    tolerance shows (0–1); ``band`` clean, minor issues, major issues or critical.
    """

    words: int
    penalty: float
    score: float
    raw_score: float = 100.0
    tolerance: float = 0.0
    confidence: float = 0.0
    band: str = "clean"


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """A finding recorded in a baseline file."""

    fingerprint: str
    path: str
    rule: str
    text: str


@_pickled_as_fields
@dataclass(frozen=True)
class Tally:
    """What the model needs of a text's findings: the penalty total (APT) and the
    index in SEVERITIES of the worst severity (-1: no finding)."""

    penalty: float = 0.0
    worst: int = -1

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.penalty + other.penalty, max(self.worst, other.worst))


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class Verdict:
    """The gate's word on a document (`mtqa.gate`): passed or not, and why in a
    few words ("at or above the threshold", "too short to judge", "a critical finding")."""

    passed: bool
    reason: str


@_pickled_as_fields
@dataclass(slots=True)
class DocumentResult:
    """A checked document: its segments, findings and scores."""

    document: Document
    findings: list[Finding]
    segment_scores: list[Score]
    score: Score
    verdict: Verdict
    baselined: int = 0  # findings left out because the baseline holds them
    suppressed: int = 0  # findings left out by inline comments and per-file ignores
    triaged: int = 0  # findings left out because a triage file marks them false positive
    unused_suppressions: list[Suppression] = field(default_factory=list)
    metrics: CorpusScores | None = None  # against the references, when there are some
    segment_chrf: list[float | None] = field(default_factory=list)  # sentence chrF++
    tally: Tally = field(default_factory=Tally)  # what the score came from
    rules: int | None = None  # how many rules checked it (None: not counted)
    # what its segments held, known also when a worker sends it back without them
    # (`outlined`): some source text (the rules that need one ran), and some text to
    # check (a file of empty targets must not pass unchecked)
    with_source: bool = False
    read_text: bool = False

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def file(self) -> str:
        """The file the document was read from: its path, or for one of a table's
        documents (`mtqa.readers.documents`) the table's (what a CI annotation
        points at)."""
        return self.document.file or self.document.path

    def outlined(self) -> DocumentResult:
        """This result without its document's segments and text: what a worker sends
        back to a process that reads only findings and figures (the writers of
        `mtqa.writers.base.Writer.reads_segments` False), a tenth of the bytes to
        pickle and a tenth of the objects to rebuild. Its segment scores are kept (one
        a segment). A document with a reference is kept whole: the run scores its
        references (`mtqa.engine.Checker.finish`)."""
        document = self.document
        if any(s.reference is not None for s in document.segments):
            return self
        return replace(self, document=replace(document, segments=[], file_text=""))

    @property
    def passed(self) -> bool:
        return self.verdict.passed


@dataclass(slots=True)
class DocumentTotals:
    """What a run's end knows of one document: its figures and verdict, without its
    segments and findings (a streamed file is summed over its chunks)."""

    path: str
    score: Score
    tally: Tally
    findings: int  # how many were reported
    verdict: Verdict | None = None  # the gate's, once the run is summarized
    baselined: int = 0
    suppressed: int = 0
    triaged: int = 0
    encoding: str = ""  # the codec its bytes were read with ("" for text given as text)
    unused_suppressions: list[Suppression] = field(default_factory=list)
    metrics: CorpusScores | None = None
    rules: int | None = None  # how many rules checked it (a streamed file: most in a chunk)

    @classmethod
    def of(cls, result: DocumentResult) -> DocumentTotals:
        """The totals of one checked document."""
        return cls(
            result.path,
            result.score,
            result.tally,
            len(result.findings),
            result.verdict,
            result.baselined,
            result.suppressed,
            result.triaged,
            result.document.encoding,
            result.unused_suppressions,
            result.metrics,
            result.rules,
        )

    @property
    def passed(self) -> bool:
        return self.verdict is not None and self.verdict.passed


@dataclass(frozen=True)
class RunInfo:
    """What writers know from a run's start: the tool version, the run's rules, the
    rule-set fingerprint and the run signature (`mtqa.signature`)."""

    version: str
    rules: tuple[Rule, ...] = ()
    rule_set: str = ""
    signature: str = ""


@dataclass(slots=True)
class RunSummary:
    """What writers learn at a run's end (`mtqa.writers.base.Writer.end`): every
    document's totals and verdict, the run's score and verdict, and the run's
    state: the rule set and run signature, rules skipped and why, LanguageTool's
    status, the baseline and triage files, and reference-based metrics over the run."""

    totals: list[DocumentTotals]
    summary: Score
    passed: bool
    threshold: float
    rule_set: str = ""
    signature: str = ""  # everything that can change a score (`mtqa.signature`)
    skipped: dict[str, str] = field(default_factory=dict)  # rule code -> why it did not run
    metrics: CorpusScores | None = None  # over every segment of the run with a reference
    baseline: str | None = None  # the baseline file the run was compared with
    fixed: list[BaselineEntry] = field(default_factory=list)  # in the baseline, gone now
    triage: list[str] = field(default_factory=list)  # the triage files given (`mtqa.triage`)
    # whether LanguageTool checked: {"status": "checked", "failures": [...]}, or
    # {"status": "skipped", "reason": ...}; None when no LanguageTool rule was asked for
    languagetool: dict[str, Any] | None = None

    @property
    def findings(self) -> int:
        return sum(t.findings for t in self.totals)

    @property
    def baselined(self) -> int:
        return sum(t.baselined for t in self.totals)

    @property
    def suppressed(self) -> int:
        return sum(t.suppressed for t in self.totals)

    @property
    def triaged(self) -> int:
        return sum(t.triaged for t in self.totals)

    @property
    def failed(self) -> int:
        return sum(not t.passed for t in self.totals)

    @property
    def encodings(self) -> dict[str, int]:
        """How many documents were read with each codec, most first."""
        counts: dict[str, int] = {}
        for t in self.totals:
            if t.encoding:
                counts[t.encoding] = counts.get(t.encoding, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(slots=True)
class Report(RunSummary):
    """Everything one run found, documents whole: the object buffered writers
    render (`RunSummary` plus each document's segments and findings)."""

    documents: list[DocumentResult] = field(default_factory=list)

    @classmethod
    def of(cls, summary: RunSummary, documents: list[DocumentResult]) -> Report:
        """The report of a run from its summary and its documents, in order."""
        return cls(
            **{f.name: getattr(summary, f.name) for f in fields(RunSummary)},
            documents=documents,
        )
