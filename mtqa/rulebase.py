"""What a rule is, and what a rule sees while it checks a document."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, pairwise
from typing import TYPE_CHECKING, Any

from . import regexcache
from .model import SEGMENT_KINDS, SEVERITIES, Document, Segment, primary_language
from .quotes import NO_QUOTES, QuoteReport, has_quote_marks, opens_with_quote, pair_quotes
from .textutil import ascii_shape, count_tokens, sentence_spans, words_of

if TYPE_CHECKING:  # the services the engine hands the rules; the contract needs neither
    from .glossary import Glossary
    from .languagetool import LanguageToolService

_SENTENCE_OPENING_RE = regexcache.compile(r"[^\w\s]*\s*([^\W\d_])")
CATEGORY_RE = regexcache.compile(r"^[A-Z][A-Za-z -]*(?:/[A-Z][A-Za-z -]*)?$")
NAME_RE = regexcache.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Whether a rule offers a fix, as ruff says it: for every finding, for some, or never.
FIX_AVAILABILITY = ("always", "sometimes", "never")
NEEDS = ("source", "glossary", "languagetool")  # what a rule may need besides the target


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
    """A text the rule must flag: the exact text of the span it flags, the suggestion
    each finding of that span carries, and how many findings have that text.

    For rules that need the source, the text is ``target<TAB>source`` and the
    span lies in the target; an example opening with ``<`` is an HTML page, and
    the span is text the reader takes from it. ``suggestion`` is the replacement the rule offers
    (``""``: delete the span), or None when it offers none. The test suite checks
    all of it, and that applying the rule's suggestions to the example leaves a
    text the rule no longer flags (but for findings without a suggestion).
    """

    text: str
    flagged: str
    suggestion: str | None
    count: int = 1

    def __post_init__(self) -> None:
        if not (isinstance(self.text, str) and isinstance(self.flagged, str) and self.flagged):
            raise ValueError(f"example {self.text!r}: the flagged span must be a non-empty text")
        if self.suggestion is not None and not isinstance(self.suggestion, str):
            raise ValueError(f"example {self.flagged!r}: the suggestion must be text or None")
        if not isinstance(self.count, int) or isinstance(self.count, bool) or self.count < 1:
            raise ValueError(f"example {self.flagged!r}: count must be a whole number above 0")

    @property
    def target(self) -> str:
        """The example's target text (the text itself, or its part before the TAB)."""
        return self.text.partition("\t")[0]


ExampleSpec = tuple[str, str, str | None] | tuple[str, str, str | None, int]


def examples(code: str, raw: Iterable[ExampleSpec]) -> tuple[Example, ...]:
    """A rule's ``flags`` from ``(text, flagged, suggestion)`` or ``(text, flagged,
    suggestion, count)`` tuples. Raises ValueError for any other shape: every
    example states its suggestion (None when the rule offers none)."""
    out = []
    for item in raw:
        if not isinstance(item, tuple) or len(item) not in (3, 4):
            raise ValueError(
                f"{code}: flags example {item!r} is not (text, flagged, suggestion[, count]); "
                "the suggestion is None when the rule offers none"
            )
        try:
            out.append(Example(*item))
        except ValueError as exc:
            raise ValueError(f"{code}: {exc}") from None
    return tuple(out)


SegmentCheck = Callable[[Segment, "DocContext"], Iterable[Hit]]
DocumentCheck = Callable[["DocContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A check with the metadata that reports, config, `mtqa explain` and the rules
    page (`mtqa.rulesdoc`) need.

    ``fix`` says whether the rule's findings carry a suggestion: ``always``,
    ``sometimes`` or ``never`` (ruff's FixAvailability). ``fix_safe`` says whether
    the suggestion can be applied unread: it changes only spacing, punctuation,
    the form of a character (width, script, encoding, a layout symbol), the style
    of a list label or the capital a sentence or title word needs, or drops an
    exact repeat of a word; it never adds, drops or picks other words, names,
    numbers or meanings. ``exceptions`` names, in words, what the rule
    knowingly leaves alone. ``kinds`` are the segment kinds it applies to
    (`mtqa.model.SEGMENT_KINDS`): the engine does not run a segment rule on other
    segments, and drops a document rule's hits on them.
    """

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
    fix: str = "never"  # one of FIX_AVAILABILITY
    fix_safe: bool = False
    exceptions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = SEGMENT_KINDS

    def applies_to(self, target_lang: str) -> bool:
        """Whether the rule knows the document's target language (by primary subtag)."""
        return self.languages is None or primary_language(target_lang) in self.languages

    @cached_property
    def every_kind(self) -> bool:
        """Whether the rule applies to segments of every kind (asked for every
        document: computed once)."""
        return set(SEGMENT_KINDS) <= set(self.kinds)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.code}: unknown severity {self.severity!r}")
        if not NAME_RE.match(self.name):
            raise ValueError(f"{self.code}: rule name {self.name!r} is not kebab-case")
        if not CATEGORY_RE.match(self.category):
            raise ValueError(f"{self.code}: category {self.category!r} is not MQM-shaped")
        if self.scope not in ("segment", "document"):
            raise ValueError(f"{self.code}: unknown scope {self.scope!r}")
        if self.fix not in FIX_AVAILABILITY:
            known = ", ".join(FIX_AVAILABILITY)
            raise ValueError(f"{self.code}: fix {self.fix!r} is not one of {known}")
        if not isinstance(self.fix_safe, bool) or (self.fix_safe and self.fix == "never"):
            raise ValueError(f"{self.code}: fix_safe is true or false, and false without a fix")
        unknown = [n for n in self.needs if n not in NEEDS]
        if unknown:
            known = ", ".join(NEEDS)
            raise ValueError(f"{self.code}: unknown need {unknown[0]!r} (known: {known})")
        if not self.kinds or any(k not in SEGMENT_KINDS for k in self.kinds):
            known = ", ".join(SEGMENT_KINDS)
            raise ValueError(f"{self.code}: kinds {self.kinds!r} are not some of {known}")
        if not all(isinstance(e, str) and e.strip() for e in self.exceptions):
            raise ValueError(f"{self.code}: exceptions must be a list of non-empty texts")


def rule(
    *,
    code: str,
    name: str,
    category: str,
    severity: str,
    rationale: str,
    flags: Iterable[ExampleSpec],
    passes: Iterable[str],
    fix: str,
    fix_safe: bool = False,
    exceptions: Iterable[str] = (),
    kinds: tuple[str, ...] = SEGMENT_KINDS,
    scope: str = "segment",
    default: bool = True,
    languages: tuple[str, ...] | None = ("en",),
    needs: tuple[str, ...] = (),
) -> Callable[[Callable], Rule]:
    """Decorator that turns a check function into a registered-ready Rule.

    ``flags`` are ``(text, flagged, suggestion)`` tuples, or ``(text, flagged,
    suggestion, count)`` when the span is flagged ``count`` times (`Example`);
    ``fix`` is required: whether the rule offers a fix (`Rule`).
    """

    def wrap(check: Callable) -> Rule:
        return Rule(
            code=code,
            name=name,
            category=category,
            severity=severity,
            rationale=" ".join(rationale.split()),
            check=check,
            flags=examples(code, flags),
            passes=tuple(passes),
            scope=scope,
            default=default,
            languages=languages,
            needs=needs,
            fix=fix,
            fix_safe=fix_safe,
            exceptions=tuple(" ".join(e.split()) for e in exceptions),
            kinds=tuple(kinds),
        )

    return wrap


def _words(segment: Segment) -> list[str]:
    return words_of(segment.text)


_UNSET = object()  # no value memoised yet (None is a value)


def _lower(segment: Segment) -> str:
    return segment.text.lower()


def _count_tokens(segment: Segment) -> list[str]:
    return count_tokens(segment.text)


def _ascii_shape(segment: Segment) -> bytes | None:
    return ascii_shape(segment.text)


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
            if not has_quote_marks(seg.text):
                return NO_QUOTES  # most paragraphs: the next one need not be read
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

    def ascii_shape(self, segment: Segment) -> bytes | None:
        """The segment's characters as classes (`textutil.ascii_shape`; None unless
        the text is ASCII), found once for the rules' pre-checks."""
        return self.memo("ascii-shape", segment, _ascii_shape)

    def word_count(self, segment: Segment) -> int:
        """The segment's word count, as MQM normalises by (`textutil.count_words`),
        counted once for the scorer and the rules."""
        return len(self.count_tokens(segment))

    @cached_property
    def word_counts(self) -> Counter[str]:
        """Every word form in the document, case kept."""
        return Counter(chain.from_iterable(map(self.words, self.segments)))

    def allowed(self, word: str) -> bool:
        """Whether the user's allowlist accepts this word or name (case-insensitive)."""
        return word.lower() in self.allow
