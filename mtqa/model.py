"""The plain data that flows from readers through rules and scoring to writers."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .refmetrics import CorpusScores

SEVERITIES = ("neutral", "minor", "major", "critical")


def primary_language(tag: str) -> str:
    """The primary subtag of a BCP 47 language tag, lowercased: zh-CN -> zh, EN -> en."""
    return tag.split("-")[0].lower()


TAG = "\ufffc"  # where an inline code element of XLIFF/TMX stands in a segment's text
# XLIFF/TMX elements that stand for a code in the sentence (their content is code)
CODE_ELEMENTS = frozenset({"ph", "bpt", "ept", "it", "x", "bx", "ex", "sc", "ec", "cp"})


@dataclass(frozen=True, slots=True)
class Segment:
    """One scored unit: a paragraph of plain text or Markdown.

    ``text`` is what the rules read. ``offset`` is where ``text[0]`` starts in the
    document's file text; when the reader removed markup inside the paragraph,
    ``char_map`` gives the file offset of every character instead.
    ``skip`` lists spans (inline code, URLs) that no finding may touch.
    """

    index: int
    text: str
    offset: int
    kind: str = "paragraph"  # paragraph | heading | row | unit
    char_map: tuple[int, ...] | None = None
    skip: tuple[tuple[int, int], ...] = ()
    source: str | None = None  # the source text, in bilingual input
    reference: str | None = None  # a reference translation, when given
    id: str | None = None  # the unit's id in the file (XLIFF, TMX, PO, TSV)
    tags: tuple[str, ...] = ()  # inline markup of the target (XLIFF/TMX), kept out of text
    source_tags: tuple[str, ...] = ()  # and of the source

    def file_offset(self, pos: int) -> int:
        """File offset of the character at ``pos`` in ``text``."""
        if self.char_map is None:
            return self.offset + pos
        if pos < len(self.char_map):
            return self.char_map[pos]
        return (self.char_map[-1] + 1) if self.char_map else self.offset


@dataclass(frozen=True, slots=True)
class Suppression:
    """An inline ``<!-- mtqa: ignore|disable CODE -->`` comment and where it stands."""

    line: int
    directive: str  # as written: "ignore MT201", "disable MT1"
    selectors: tuple[str, ...]  # empty: every rule
    segments: tuple[int, ...]  # the segments it covers


@dataclass(slots=True)
class Document:
    """A file (or ``-`` for stdin) split into segments."""

    path: str
    segments: list[Segment]
    file_text: str = ""
    suppressions: list[Suppression] = field(default_factory=list)
    line_offset: int = 0  # lines of the file before ``file_text`` (a chunk of a large file)
    source_lang: str = "zh"
    target_lang: str = "en"
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
        return line + self.line_offset, file_offset - self._line_starts[line - 1] + 1


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


@dataclass(frozen=True)
class Tally:
    """What the model needs of a text's findings: the penalty total (APT) and the
    index in SEVERITIES of the worst severity (-1: no finding)."""

    penalty: float = 0.0
    worst: int = -1

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.penalty + other.penalty, max(self.worst, other.worst))


@dataclass(slots=True)
class DocumentResult:
    """A checked document: its segments, findings and scores."""

    document: Document
    findings: list[Finding]
    segment_scores: list[Score]
    score: Score
    passed: bool
    baselined: int = 0  # findings left out because the baseline holds them
    unused_suppressions: list[Suppression] = field(default_factory=list)
    metrics: CorpusScores | None = None  # against the references, when there are some
    segment_chrf: list[float | None] = field(default_factory=list)  # sentence chrF++
    tally: Tally = field(default_factory=Tally)  # what the score came from

    @property
    def path(self) -> str:
        return self.document.path


@dataclass(slots=True)
class Report:
    """Everything one run found; the single object every writer reads."""

    documents: list[DocumentResult]
    summary: Score
    threshold: float
    rule_set: str = ""
    skipped: dict[str, str] = field(default_factory=dict)  # rule code -> why it did not run
    metrics: CorpusScores | None = None  # over every segment of the run with a reference
    baseline: str | None = None  # the baseline file the run was compared with
    fixed: list[BaselineEntry] = field(default_factory=list)  # in the baseline, gone now
    signature: str = ""  # everything that can change a score (`mtqa.signature`)
    # whether LanguageTool checked: {"status": "checked", "failures": [...]}, or
    # {"status": "skipped", "reason": ...}; None when no LanguageTool rule was asked for
    languagetool: dict[str, Any] | None = None

    @property
    def findings(self) -> int:
        return sum(len(d.findings) for d in self.documents)

    @property
    def passed(self) -> bool:
        return all(d.passed for d in self.documents)
