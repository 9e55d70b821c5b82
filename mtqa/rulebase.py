"""What a rule is, and what a rule sees while it checks a document."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from .model import SEVERITIES, Document, Segment, primary_language
from .quotes import QuoteReport, opens_with_quote, pair_quotes
from .textutil import COUNT_RE, WORD_RE, sentence_spans

if TYPE_CHECKING:  # the services the engine hands the rules; the contract needs neither
    from .glossary import Glossary
    from .languagetool import LanguageToolService

_SENTENCE_OPENING_RE = re.compile(r"[^\w\s]*\s*([^\W\d_])")
CATEGORY_RE = re.compile(r"^[A-Z][A-Za-z -]*(?:/[A-Z][A-Za-z -]*)?$")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's raw result; the engine turns it into a Finding."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    severity: str | None = None  # overrides the rule's default for this hit (pack entries)
    segment: int | None = None  # document-scope rules say which segment (1-based)
    source_rule: str | None = None  # the external checker's own rule (LanguageTool's id)


@dataclass(frozen=True, slots=True)
class Example:
    """A text the rule must flag, and the exact text of the span it must flag.

    For rules that need the source, the text is ``target<TAB>source``.
    """

    text: str
    flagged: str


SegmentCheck = Callable[[Segment, "DocContext"], Iterable[Hit]]
DocumentCheck = Callable[["DocContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A check with the metadata that reports, config and `mtqa explain` need."""

    code: str
    name: str
    category: str
    severity: str
    rationale: str
    check: SegmentCheck | DocumentCheck
    flags: tuple[Example, ...]
    passes: tuple[str, ...]
    scope: str = "segment"  # segment | document
    default: bool = True
    origin: str = "built-in"
    languages: tuple[str, ...] | None = ("en",)  # target languages it knows; None: any
    needs: tuple[str, ...] = ()  # "source": runs only on segments that have one

    def applies_to(self, target_lang: str) -> bool:
        """Whether the rule knows the document's target language (by primary subtag)."""
        return self.languages is None or primary_language(target_lang) in self.languages

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.code}: unknown severity {self.severity!r}")
        if not NAME_RE.match(self.name):
            raise ValueError(f"{self.code}: rule name {self.name!r} is not kebab-case")
        if not CATEGORY_RE.match(self.category):
            raise ValueError(f"{self.code}: category {self.category!r} is not MQM-shaped")
        if self.scope not in ("segment", "document"):
            raise ValueError(f"{self.code}: unknown scope {self.scope!r}")


def rule(
    *,
    code: str,
    name: str,
    category: str,
    severity: str,
    rationale: str,
    flags: Iterable[tuple[str, str]],
    passes: Iterable[str],
    scope: str = "segment",
    default: bool = True,
    languages: tuple[str, ...] | None = ("en",),
    needs: tuple[str, ...] = (),
) -> Callable[[Callable], Rule]:
    """Decorator that turns a check function into a registered-ready Rule."""

    def wrap(check: Callable) -> Rule:
        return Rule(
            code=code,
            name=name,
            category=category,
            severity=severity,
            rationale=" ".join(rationale.split()),
            check=check,
            flags=tuple(Example(t, f) for t, f in flags),
            passes=tuple(passes),
            scope=scope,
            default=default,
            languages=languages,
            needs=needs,
        )

    return wrap


def _words(segment: Segment) -> list[str]:
    return WORD_RE.findall(segment.text)


_UNSET = object()  # no value memoised yet (None is a value)


def _lower(segment: Segment) -> str:
    return segment.text.lower()


def _count_tokens(segment: Segment) -> list[str]:
    return COUNT_RE.findall(segment.text)


@dataclass
class DocContext:
    """A document as the rules see it, with document-wide facts computed once."""

    document: Document
    allow: frozenset[str] = field(default_factory=frozenset)
    glossary: Glossary | None = None
    languagetool: LanguageToolService | None = None
    languagetool_types: dict[str, str] = field(default_factory=dict)  # issue type -> code
    _memo: dict[tuple[str, int], Any] = field(default_factory=dict, repr=False)

    def memo(self, name: str, segment: Segment, compute: Callable[[Segment], Any]) -> Any:
        """``compute(segment)``, computed once per segment for all rules that share it."""
        key = (name, segment.index)
        # get, not try/except: a raised KeyError (the first ask, one in three) costs
        # three times a lookup
        value = self._memo.get(key, _UNSET)
        if value is _UNSET:  # the first rule to ask computes it
            value = self._memo[key] = compute(segment)
        return value

    def once(self, name: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, computed once per document for all rules that share it."""
        key = (name, 0)  # segment indexes start at 1: 0 is the document's own slot
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def sentence_starts(self, segment: Segment) -> frozenset[int]:
        """Offsets in the segment's text of the words that open its sentences, past
        any quote, bracket or other punctuation before them (computed once)."""

        def compute(seg: Segment) -> frozenset[int]:
            text = seg.text
            return frozenset(
                m.start(1)
                for start, end in self.sentences[seg.index]
                if (m := _SENTENCE_OPENING_RE.match(text, start, end))
            )

        return self.memo("sentence-starts", segment, compute)

    @property
    def target_language(self) -> str:
        """The primary subtag of the document's target language (en for en-GB)."""
        return primary_language(self.document.target_lang)

    @property
    def segments(self) -> list[Segment]:
        return self.document.segments

    def neighbour(self, segment: Segment, step: int) -> Segment | None:
        """The segment ``step`` places away, or None at the edges."""
        i = segment.index - 1 + step
        return self.segments[i] if 0 <= i < len(self.segments) else None

    def quotes(self, segment: Segment) -> QuoteReport:
        """The segment's quotation marks paired (`mtqa.quotes`), computed once.

        A quotation still open at the segment's end counts as continued when the
        next segment opens with a quote mark, as English writes a quotation over
        several paragraphs.
        """

        def compute(seg: Segment) -> QuoteReport:
            following = self.neighbour(seg, 1)
            return pair_quotes(seg.text, following is not None and opens_with_quote(following.text))

        return self.memo("quotes", segment, compute)

    @cached_property
    def sentences(self) -> dict[int, list[tuple[int, int]]]:
        """Sentence spans of every segment, keyed by segment index."""
        return {s.index: sentence_spans(s.text) for s in self.segments}

    @cached_property
    def capitalised_inside(self) -> Counter[str]:
        """For each word, how many different lowercase words it follows capitalised.

        A word a document capitalises in running text after several different
        words (joined Apple, left Apple, after leaving Apple) is that document's
        proper noun, not an MT glitch; one phrase repeated (people's Congress,
        people's Congress) is one context, however often it recurs.
        """
        contexts: set[tuple[str, str]] = set()
        for seg in self.segments:
            words = self.words(seg)
            contexts.update(
                (w, prev) for prev, w in pairwise(words) if prev[0].islower() and w[0].isupper()
            )
        return Counter(w for w, _ in contexts)

    def words(self, segment: Segment) -> list[str]:
        """The segment's words (`textutil.WORD_RE`: letters, inner apostrophes), case
        kept, in order; tokenised once for every rule that reads them."""
        return self.memo("words", segment, _words)

    def lower(self, segment: Segment) -> str:
        """The segment's text lowercased (``str.lower``), once for every rule."""
        return self.memo("lower", segment, _lower)

    def count_tokens(self, segment: Segment) -> list[str]:
        """What the segment's word count counts (`textutil.COUNT_RE`: words and
        numbers, one Han character each), in order, found once."""
        return self.memo("count-tokens", segment, _count_tokens)

    def word_count(self, segment: Segment) -> int:
        """The segment's word count, as MQM normalises by (`textutil.count_words`),
        counted once for the scorer and the rules."""
        return len(self.count_tokens(segment))

    @cached_property
    def word_counts(self) -> Counter[str]:
        """Every word form in the document, case kept."""
        counts: Counter[str] = Counter()
        for seg in self.segments:
            counts.update(self.words(seg))
        return counts

    def allowed(self, word: str) -> bool:
        """Whether the user's allowlist accepts this word or name (case-insensitive)."""
        return word.lower() in self.allow
