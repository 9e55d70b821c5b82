"""Rule packs: rules written as TOML data instead of Python.

A pack file holds ``[[rules]]`` tables. Each rule has the metadata every rule
has (code, name, category, severity, rationale, message, flags, passes) and
``[[rules.entries]]``: a literal ``phrase`` (matched case-insensitively at word
boundaries), a ``pattern`` (a Python regular expression) or ``labels`` (the
labels of page-furniture lines, below), each with an optional ``suggestion``,
``note``, ``severity`` and ``message``. A phrase, label or pattern that can match
the empty string is refused, as is a pattern that does not compile.

A ``labels`` entry (``labels = ["Latest news", "Most read"]``) flags a line that
is one of the labels, in any case, with or without a colon, or a label and a
separator (``:``, ``|``, ``»``, `` - `` or two spaces) followed by a headline on
the same line. With ``block = true`` it also flags each headline line under such
a label line: short lines that do not end like a sentence, up to the first one
that does.

Only the entries whose fixed text a segment holds are run on it (`mtqa.anchors`
reads that text from each pattern), so a rule may have hundreds of entries. The
``keywords`` list that earlier versions asked for is ignored. A pack may also
list ``allow = [...]``: names and terms no rule should flag.

An entry may also say in which contexts it does not fire, for a phrase that a
native writer can use in its ordinary sense:

- ``unless = ["quoted", "first-person"]``: skip a match inside a quotation, or
  in a sentence with a first-person singular speaker (I, I'm, me, myself);
- ``context = "regex"``: fire only when the match's sentence matches;
- ``unless_context = "regex"``: skip a match whose sentence matches.

Context regexes are matched case-insensitively anywhere in the sentence that
holds the match. A user's patterns and context regexes run on the ``regex``
module with a time limit (`MATCH_SECONDS` a text, and a budget for the run:
`Budget`; the built-in packs' on ``re``), and must be what ``re`` compiles: no
``\\p{L}``, no ``(?s)`` after the start, no ``[[`` (a nested set to ``re``, a
POSIX class to ``regex``), no counted repeats the ``regex`` module would write
out into more than `UNROLLED_LIMIT` nodes (``(a{1000}){1000}``).

An entry may carry its own examples, ``flags = [...]`` and ``passes =
["..."]``, which the test suite runs against that entry and its rule.

A must-flag example (in a rule's or an entry's ``flags``) is a table ``{ text =
"...", flagged = "...", suggestion = "..." }``: the text, the exact span the rule
flags in it, and the suggestion that finding carries (``""``: delete the span).
Where the finding has no suggestion, the example says ``fix = false`` instead of
giving one; one of the two is required. ``count = 2`` says that the span is
flagged twice (default 1). The test suite checks all of it, and that applying
the rule's suggestions leaves a text the rule no longer flags.

Besides the metadata above, a rule may say:

- ``fix``: whether its findings carry a suggestion, ``"always"``,
  ``"sometimes"`` or ``"never"`` (ruff's FixAvailability). It follows from the
  entries (every entry has a ``suggestion``, some do, none does); when given, it
  must agree with them;
- ``fix_safe = true``: the suggestions can be applied unread (`mtqa.rulebase.Rule`);
- ``exceptions = ["quoted speech", ...]``: what it knowingly leaves alone, in words;
- ``kinds = ["paragraph", "heading"]``: the segment kinds it applies to
  (`mtqa.model.SEGMENT_KINDS`; default every kind).

Everything is checked when the pack loads, before any text is read: a key the
pack, a rule or an entry does not know (`PACK_KEYS`, `RULE_KEYS`, `ENTRY_KEYS`),
a value of the wrong type, a regex that does not compile, a message placeholder
other than ``{match}``, ``{note}`` and ``{suggestion}``. The error is one line
naming the pack file, the rule (its code, or its place: ``rule 3``), the entry
and the key. A UTF-8 byte-order mark at the start of a pack file is skipped.
"""

from __future__ import annotations

import hashlib
import pkgutil
import re
import re._constants as re_constants  # the parser re compiles with: a pattern's min width
import re._parser as re_parser
import string
import time
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import regexcache
from .anchors import AnchorIndex, Source
from .cache import cached, file_stamp, package_stamp
from .config import brief_repr, did_you_mean, parse_toml
from .errors import ConfigError
from .model import LANGUAGE_TAG_RE, SEGMENT_KINDS, SEVERITIES, Segment, primary_language
from .rulebase import FIX_AVAILABILITY, DocContext, Example, Hit, Rule
from .textutil import count_words

CONDITIONS = ("quoted", "first-person")  # the names ``unless`` accepts
PACK_KEYS = frozenset({"rules", "allow"})
RULE_KEYS = frozenset(
    {"code", "name", "category", "severity", "message", "rationale"}  # what every rule says
    | {"default", "languages", "kinds", "fix", "fix_safe", "exceptions"}  # where and how it runs
    | {"flags", "passes", "entries"}  # its examples and entries
    | {"keywords"}  # asked for by earlier versions; ignored
)
REQUIRED_RULE_KEYS = ("code", "name", "category", "severity", "message")
ENTRY_KEYS = frozenset(
    {"phrase", "pattern", "labels", "suggestion", "note", "severity", "message"}  # what it says
    | {"unless", "context", "unless_context", "block"}  # where it fires
    | {"flags", "passes"}  # its own examples
)
KINDS = ("phrase", "pattern", "labels")  # an entry has exactly one of these

# After a label: a separator (a mark, a spaced dash, two spaces), then a headline
# that does not end like a sentence. Possessive space runs: no backtracking into
# a long run of spaces.
_LABEL_TAIL = (
    r"(?:[ \t]*+(?:[:：»>›|]|(?<=[ \t])[-–—](?=[ \t])|(?<=[ \t][ \t]))"
    r"[ \t]*+\S[^\n]{0,160}(?<![.。;,]))?"
)
HEADLINE_WORDS = 25  # the most words a headline line of a link list has
BLOCK_REACH = 12  # how many headline lines a label line heads, at most
_HEADLINE_ENDS = frozenset(".。;,:：")  # a line ending in one is a sentence or clause
_LINE_RE = regexcache.compile(r"\S(?:.*\S)?", re.DOTALL)

# First-person singular pronouns. "my" is left out: the calques themselves are
# built on it (my country, my province), so it says nothing about the speaker.
_FIRST_PERSON_RE = regexcache.compile(
    r"(?<![\w'’-])(?:I(?:['’](?:m|ve|d|ll))?|[Mm]e|[Mm]yself)(?![\w'’-])"
)
# A bare "I" right after a capitalised word inside the sentence is a Roman
# numeral (Level I emergency response, World War I), frequent in translated news.
_NUMERAL_BEFORE_RE = regexcache.compile(r"\S\s+[(\[]?[A-Z][\w-]*\s+$")


# The time a user's entry may spend on its regexes in a run: a grace for the first
# texts, then an average a text. A pattern that takes just under MATCH_SECONDS on
# every text would pass each text's limit yet make a run of a thousand texts
# half an hour long; ordinary patterns take well under a millisecond a text, so
# 5 ms a text on average is a hundred times what they need.
RUN_GRACE_SECONDS = 10.0
RUN_SECONDS_A_TEXT = 0.005


@dataclass
class Budget:
    """What one entry of a user's pack has spent on its regexes (pattern and
    context regexes together) and on how many texts."""

    seconds: float = 0.0
    texts: int = 0

    def start(self) -> float:
        """Count one more text; the seconds left to spend on it."""
        self.texts += 1
        return RUN_GRACE_SECONDS + RUN_SECONDS_A_TEXT * self.texts - self.seconds

    def spent_message(self, what: str) -> str:
        """The error of an entry whose regexes used up the budget; ``what`` names the
        entry and the regex that was running."""
        return (
            f"{what} used up its entry's time: {self.seconds:.2f} s on {self.texts} texts "
            f"(an entry may take {RUN_GRACE_SECONDS:g} s and {RUN_SECONDS_A_TEXT * 1000:g} ms "
            "a text in a run); rewrite it"
        )


@dataclass(frozen=True)
class Entry:
    """One phrase or pattern of a pack rule, the contexts it fires in, and its examples.

    ``pattern`` and ``pattern_flags`` are what ``re.compile`` takes; the pattern is
    compiled when first needed (`regex`): a run meets few of a pack's hundreds of
    entries, and compiling them all would cost every start-up a tenth of a second.
    """

    pattern: str
    pattern_flags: int
    phrase: str | None  # the literal, for phrase entries
    suggestion: str | None
    note: str
    severity: str | None
    message: str | None
    unless: frozenset[str] = frozenset()  # names from CONDITIONS
    context: str | None = None  # a regex the sentence must match (`contexts`)
    unless_context: str | None = None  # a regex the sentence must not match
    flags: tuple[Example, ...] = ()
    passes: tuple[str, ...] = ()
    block: bool = False  # labels entries: also the headline lines under a label line
    # a user's pack: its patterns run with a time limit, and errors name the entry
    where: str = ""  # "pack CODE entry N", for messages
    trusted: bool = True  # the built-in packs, whose patterns the tests time
    budget: Budget = field(default_factory=Budget, compare=False, repr=False)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern, by the engine of its pack (`_engine`)."""
        return _compile(self.pattern, self.pattern_flags, self.trusted)

    @cached_property
    def contexts(self) -> dict[str, re.Pattern[str]]:
        """``context`` and ``unless_context``, those given, compiled case-insensitively
        by the engine of the pack (`_engine`), when first needed."""
        given = {"context": self.context, "unless_context": self.unless_context}
        return {
            k: _compile(v, re.IGNORECASE, self.trusted) for k, v in given.items() if v is not None
        }

    @contextmanager
    def _limited(self, key: str, source: str, text: str) -> Iterator[float]:
        """Runs one of a user's regexes (``key``: pattern, context) on ``text`` with
        the timeout it yields: `MATCH_SECONDS`, or less when the entry's `Budget`
        for the run has less left. Running out of either is a ConfigError naming
        the entry and the regex: the run stops, as a pack that silently stopped
        checking would pass texts it never read."""
        left = self.budget.start()
        if left <= 0:
            raise ConfigError(self.budget.spent_message(f"{self.where}: {key} {source!r}"))
        start = time.perf_counter()
        try:
            yield min(MATCH_SECONDS, left)
        except TimeoutError:
            self.budget.seconds += time.perf_counter() - start
            if left < MATCH_SECONDS:
                raise ConfigError(
                    self.budget.spent_message(f"{self.where}: {key} {source!r}")
                ) from None
            raise ConfigError(
                f"{self.where}: {key} {source!r} took over {MATCH_SECONDS:g} s on a "
                f"text of {len(text)} characters (catastrophic backtracking?); rewrite it"
            ) from None
        self.budget.seconds += time.perf_counter() - start

    def _search(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        """The pattern's matches in ``text`` from ``pos``; a user's pattern is held
        to its time limits (`_limited`)."""
        if self.trusted:
            yield from self.regex.finditer(text, pos)
            return
        # all at once: the regex module's timeout counts from finditer to the last match
        with self._limited("pattern", self.pattern, text) as timeout:
            found = list(self.regex.finditer(text, pos, timeout=timeout))  # type: ignore[call-arg]
        yield from found

    def _in_context(self, key: str, sentence: str) -> bool:
        """Whether the entry's ``key`` regex (context, unless_context) matches in
        ``sentence``; a user's is held to its time limits as its pattern is."""
        regex = self.contexts[key]
        if self.trusted:
            return regex.search(sentence) is not None
        with self._limited(key, regex.pattern, sentence) as timeout:
            return regex.search(sentence, timeout=timeout) is not None  # type: ignore[call-overload]

    @cached_property
    def flag_group(self) -> bool:
        """Whether the pattern names the span it flags: ``(?P<flag>...)``."""
        return "flag" in self.regex.groupindex

    def matches(
        self, seg: Segment, ctx: DocContext, pos: int | None = 0
    ) -> Iterator[tuple[int, int, re.Match[str]]]:
        """``(start, end, match)`` of every non-empty match in ``seg.text`` that the
        entry's context conditions allow; the span is the ``flag`` group's when the
        pattern has one. A block entry also yields a headline line under a label
        line as a whole (its match is the line's text without the outer spaces).
        ``pos``: an offset no match starts before (`AnchorIndex.candidates`); the
        pattern's look-behinds still read the text before it. None: the pattern
        cannot match in ``seg`` (its literals are not there), only the headline
        lines of a block entry are looked for."""
        found = False
        # a built-in pattern is searched once first: most candidates do not match,
        # and a search that finds nothing costs a third of an empty finditer
        if pos is not None and (not self.trusted or self.regex.search(seg.text, pos)):
            for m in self._search(seg.text, pos):
                start, end = m.span("flag") if self.flag_group else m.span()
                if end > start and self._fires(seg, ctx, start):
                    found = True
                    yield start, end, m
        if self.block and not found and (line := self._headline_under_label(seg, ctx)):
            yield line.start(), line.end(), line

    def _headline_under_label(self, seg: Segment, ctx: DocContext) -> re.Match[str] | None:
        """The text of ``seg`` if it is a headline line of a link list: headline
        lines only between it and a label line of this entry above it."""
        if not ctx.memo("headline-shaped", seg, headline_shaped):
            return None
        for step in range(1, BLOCK_REACH + 1):
            above = ctx.neighbour(seg, -step)
            if above is None:
                return None
            if ctx.memo(self._label_memo, above, self._is_label_line):
                return _LINE_RE.search(seg.text)
            if not ctx.memo("headline-shaped", above, headline_shaped):
                return None
        return None

    @cached_property
    def _label_memo(self) -> str:
        """The name under which a document's context keeps, for each segment,
        whether it matches this entry: a label line heads up to BLOCK_REACH lines,
        each of which asks."""
        return f"pack-label-{id(self)}"

    def _is_label_line(self, seg: Segment) -> bool:
        return next(self._search(seg.text), None) is not None

    def _fires(self, seg: Segment, ctx: DocContext, pos: int) -> bool:
        """Whether a match at ``pos`` of ``seg`` stands in a context the entry fires in."""
        if "quoted" in self.unless and _quoted(ctx, seg, pos):
            return False
        if not ("first-person" in self.unless or self.context or self.unless_context):
            return True
        sentence = _sentence(ctx, seg, pos)
        if "first-person" in self.unless and _first_person(sentence):
            return False
        if self.context is not None and not self._in_context("context", sentence):
            return False
        return self.unless_context is None or not self._in_context("unless_context", sentence)


def headline_shaped(seg: Segment) -> bool:
    """Whether a segment reads like one headline of a link list: one line of a
    few words (2 to HEADLINE_WORDS) that does not end like a sentence or clause
    (a question or exclamation mark may end a headline; a full stop does not)."""
    text = seg.text.strip()
    if len(text) > 250 or text[-1:] in _HEADLINE_ENDS or "\n" in text:
        return False
    return 2 <= count_words(text) <= HEADLINE_WORDS


def _quoted(ctx: DocContext, seg: Segment, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation of ``seg`` that is closed or continued.

    An opening mark never closed (an MT artifact MT105 reports) would otherwise
    make the rest of the paragraph look quoted and hide every calque after it.
    """
    report = ctx.quotes(seg)
    return any(a <= pos < b and a not in report.unclosed for a, b in report.spans)


def _sentence(ctx: DocContext, seg: Segment, pos: int) -> str:
    """The sentence of ``seg`` that holds offset ``pos`` (the whole text if none does)."""
    spans = ctx.sentences[seg.index]
    i = bisect_right(spans, (pos, len(seg.text))) - 1
    if i >= 0 and pos < spans[i][1]:
        return seg.text[spans[i][0] : spans[i][1]]
    return seg.text


def _first_person(sentence: str) -> bool:
    """Whether a first-person singular pronoun speaks in ``sentence``."""
    return any(
        m.group() != "I" or not _NUMERAL_BEFORE_RE.search(sentence, 0, m.start())
        for m in _FIRST_PERSON_RE.finditer(sentence)
    )


@dataclass(frozen=True, slots=True)
class Pack:
    """The rules and allowed terms of one pack file, and each rule's entries by code."""

    rules: list[Rule]
    allow: list[str]
    entries: dict[str, tuple[Entry, ...]]
    digest: str = ""  # sha256 of the pack file's text: what the run signature names


def _entry(
    raw: dict[str, Any], where: str, patterns_checked: bool = False, trusted: bool = True
) -> Entry:
    """One ``[[rules.entries]]`` table; ``where`` (pack, rule code, entry number)
    starts every error message.

    Raises ConfigError for an unknown key, a bad or empty phrase, label or
    pattern (one that does not compile or can match the empty string), a
    suggestion or note that is not text, a bad severity, condition or context
    regex, or malformed examples. With ``patterns_checked`` (this pack's text
    passed before: `parse_pack`) the regexes are not compiled to check them;
    `Entry.regex` and `Entry.contexts` compile them when needed.
    """
    _known_keys(raw, ENTRY_KEYS, where)
    kinds = [k for k in KINDS if k in raw]
    if len(kinds) != 1:
        raise ConfigError(f"{where}: an entry needs exactly one of 'phrase', 'pattern' or 'labels'")
    block = raw.get("block", False)
    if not isinstance(block, bool) or (block and kinds != ["labels"]):
        raise ConfigError(f"{where}: 'block' is true or false, and only for a 'labels' entry")
    if kinds == ["phrase"]:
        words = [re.escape(w) for w in _text(raw["phrase"], "phrase", where).split()]
        source = r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])"
        flags = re.IGNORECASE
    elif kinds == ["labels"]:
        source, flags = _labels_pattern(raw["labels"], where), 0
    else:
        source, flags = _text(raw["pattern"], "pattern", where), 0
    if not patterns_checked:
        _check_pattern(source, flags, trusted, where)
    return Entry(
        source,
        flags,
        raw.get("phrase"),
        _string(raw, "suggestion", where),
        _string(raw, "note", where) or "",
        _severity(raw["severity"], where) if "severity" in raw else None,
        _message(raw["message"], where) if "message" in raw else None,
        unless=_conditions(raw.get("unless", []), where),
        context=_context(raw, "context", where, None if patterns_checked else trusted),
        unless_context=_context(
            raw, "unless_context", where, None if patterns_checked else trusted
        ),
        flags=_entry_flags(raw.get("flags", []), where),
        passes=_entry_passes(raw.get("passes", []), where),
        block=block,
        where=where,
        trusted=trusted,
    )


MESSAGE_FIELDS = ("match", "note", "suggestion")
MATCH_SECONDS = 2.0  # the most a user's pattern or context regex may take on one text


def _engine(trusted: bool) -> Any:
    """The module that compiles and runs a pack's regexes: ``re`` for the built-in
    packs, whose patterns the tests time; for a user's pack the ``regex`` module,
    whose matching takes a timeout (`MATCH_SECONDS`) and settles most catastrophic
    backtracking (``(a+)+$``) at once, which would otherwise hang the run."""
    if trusted:
        return re
    import regex

    return regex


def _compile(pattern: str, flags: int, trusted: bool) -> re.Pattern[str]:
    """``pattern`` compiled by the engine of its pack (`_engine`); a built-in pack's
    through `regexcache`, whose compiled form is kept between runs (the packs'
    alternations of hundreds of phrases take milliseconds each to compile)."""
    if trusted:
        return regexcache.compile(pattern, flags)
    return _engine(trusted).compile(pattern, flags)  # type: ignore[no-any-return]


def _compiled(source: str, flags: int, trusted: bool, what: str) -> re.Pattern[str]:
    """``source`` compiled by ``re``, which says what a pack may write (the
    ``regex`` module would take ``\\p{L}``, and ``a(?s)b`` as if the flag came
    first), and by the engine that will run it (`_engine`); raises ConfigError
    saying ``what`` it is (``pack X1 entry 2: bad pattern``) and why it fails:
    also for a repeat count too large for ``re`` (``x{4294967296}``), nesting too
    deep for its parser, a ``[[`` that ``re`` reads as a nested set and ``regex``
    as a POSIX class, or repeats that ``regex`` would unroll into more than
    `UNROLLED_LIMIT` nodes (compiling ``(a{65535}){65535}`` takes minutes and
    gigabytes)."""
    engine = _engine(trusted)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", FutureWarning)  # "possible nested set"
            checked = re.compile(source, flags)
        if not trusted and (size := _unrolled(re_parser.parse(source, flags))) > UNROLLED_LIMIT:
            raise re.error(
                f"its counted repeats unroll into {size:,} nodes (more than {UNROLLED_LIMIT:,}); "
                "use smaller counts, or + and * for long runs"
            )
        engine.compile(source, flags)  # a built-in pack's: re again, from its cache
    except (re.error, engine.error, FutureWarning, OverflowError) as exc:
        raise ConfigError(f"{what} {brief_repr(source)}: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{what} {brief_repr(source)}: nested too deeply") from None
    return checked


# The regex module writes a counted repeat's minimum count out as copies of its
# body when it compiles (re keeps a count): (a{1000}){1000} is a million nodes,
# a second and 270 MB to compile, and (a{65535}){65535} never finishes. 100,000
# nodes compile in a fifth of a second, and no sensible pattern comes near.
UNROLLED_LIMIT = 100_000
_REPEATS = (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT, re_constants.POSSESSIVE_REPEAT)


def _unrolled(items: Any) -> int:
    """How many nodes the regex module makes of a parsed pattern (`re_parser`),
    counting a repeat's body its minimum count and once more (for the rest), and
    every other item as one. Stops adding once over `UNROLLED_LIMIT`."""
    total = 0
    for op, av in items:
        if op in _REPEATS:
            total += (av[0] + 1) * _unrolled(av[2])
        elif op is re_constants.SUBPATTERN:
            total += _unrolled(av[3])
        elif op is re_constants.BRANCH:
            total += sum(_unrolled(branch) for branch in av[1])
        elif op in (re_constants.ASSERT, re_constants.ASSERT_NOT):
            total += _unrolled(av[1])
        elif op is re_constants.ATOMIC_GROUP:
            total += _unrolled(av)
        elif op is re_constants.GROUPREF_EXISTS:
            total += sum(_unrolled(branch) for branch in av[1:] if branch is not None)
        else:
            total += 1
        if total > UNROLLED_LIMIT:
            break
    return total


def _check_pattern(source: str, flags: int, trusted: bool, where: str) -> None:
    """Raise ConfigError unless an entry's pattern compiles (`_compiled`) and can
    match nothing empty (read from ``re``'s parse of it)."""
    regex = _compiled(source, flags, trusted, f"{where}: bad pattern")
    empty = _empty_match(regex)
    if empty:
        raise ConfigError(f"{where}: pattern {source!r}: {empty}")


def _known_keys(raw: dict[str, Any], known: frozenset[str], where: str) -> None:
    """Raise ConfigError for a key not in ``known``: misspelt, it would be ignored."""
    unknown = sorted(set(raw) - known)
    if unknown:
        hint = did_you_mean(unknown[0], known)
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}{hint}")


def _string(raw: dict[str, Any], key: str, where: str) -> str | None:
    """An optional text of a table (an entry's ``suggestion``, which may be empty:
    delete the span); None when absent."""
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{where}: '{key}' must be text, not {brief_repr(value)}")
    return value


def _severity(raw: Any, where: str) -> str:
    """A rule's or an entry's ``severity``: one of `SEVERITIES`."""
    if raw not in SEVERITIES:
        known = ", ".join(SEVERITIES)
        raise ConfigError(f"{where}: 'severity' must be one of {known}, not {brief_repr(raw)}")
    return raw  # type: ignore[no-any-return]


def _tables(raw: Any, key: str, header: str, where: str) -> list[dict[str, Any]]:
    """A list of tables (``rules``: ``[[rules]]``, ``entries``: ``[[rules.entries]]``)."""
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: '{key}' must be a list of {header} tables")
    bad = next((n for n, item in enumerate(raw, 1) if not isinstance(item, dict)), None)
    if bad is not None:
        item = brief_repr(raw[bad - 1])
        raise ConfigError(f"{where}: '{key}' item {bad} must be a {header} table, not {item}")
    return raw


def _message(raw: Any, where: str) -> str:
    """A rule's or entry's message: text whose only placeholders are
    `MESSAGE_FIELDS` (``{match}``), so that filling it can neither fail mid-run nor
    reach into the objects behind them (``{match.__class__}``). Raises ConfigError."""
    if not isinstance(raw, str) or not raw.strip():
        raise ConfigError(f"{where}: 'message' must be a non-empty string")
    try:
        fields = [f[1:] for f in string.Formatter().parse(raw) if f[1] is not None]
    except ValueError as exc:
        hint = "write {{ and }} for braces"
        raise ConfigError(f"{where}: message {raw!r}: {exc} ({hint})") from None
    known = ", ".join(f"{{{name}}}" for name in MESSAGE_FIELDS)
    for name, spec, conversion in fields:
        if name not in MESSAGE_FIELDS:
            raise ConfigError(f"{where}: message placeholder {{{name}}} is not one of {known}")
        if spec or conversion:
            # {match!z} fails at the first match; {match:>2000000000} makes a 2 GB message
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            written = "{" + shown + "}"
            raise ConfigError(
                f"{where}: message placeholder {written} takes no conversion or format: "
                f"write one of {known}"
            )
    return raw


def _text(raw: Any, key: str, where: str) -> str:
    """An entry's ``phrase`` or ``pattern``: a string with something in it."""
    if not isinstance(raw, str) or not raw.strip():
        raise ConfigError(f"{where}: '{key}' must be a non-empty string")
    return raw


def _labels_pattern(raw: Any, where: str) -> str:
    """The regex of a ``labels`` entry: a line that is one of the labels (any case,
    spaces as in the label or more), with an optional colon, or a label, a
    separator and a headline; the ``flag`` group is the line without outer spaces.

    Raises ConfigError naming the label (1-based) that is empty or not a string.
    """
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: 'labels' must be a non-empty list of labels")
    alternatives = []
    for n, label in enumerate(raw, 1):
        if not isinstance(label, str) or not label.split():
            raise ConfigError(f"{where}: label {n} ({label!r}) is empty or not a string")
        alternatives.append(r"[ \t]+".join(re.escape(w) for w in label.split()))
    labels = "|".join(sorted(alternatives, key=len, reverse=True))  # the longest label wins
    return rf"^[ \t]*+(?P<flag>(?i:{labels})(?:[ \t]*+[:：])?{_LABEL_TAIL})[ \t]*$"


def _empty_match(regex: re.Pattern[str]) -> str | None:
    """What of the pattern can match the empty string (the pattern itself, or its
    ``flag`` group), said for an error message; None if nothing can.

    Read from the parsed pattern's minimum width (the parser ``re`` compiles
    with), so that ``x*``, ``a|`` and a lone lookahead are refused however the
    texts they would meet look.
    """
    tree = re_parser.parse(regex.pattern, regex.flags)
    if tree.getwidth()[0] == 0:
        return "it matches the empty string"
    group = regex.groupindex.get("flag")
    if group is not None and _group_width(tree, group) == 0:
        return "its 'flag' group matches the empty string"
    return None


def _group_width(tree: Any, group: int) -> int | None:
    """The minimum width of numbered ``group`` somewhere in a parsed pattern."""
    for op, av in tree:
        if op is re_constants.SUBPATTERN and av[0] == group:
            return av[3].getwidth()[0]
        for item in av if isinstance(av, (tuple, list)) else ():
            for sub in item if isinstance(item, list) else (item,):
                if isinstance(sub, re_parser.SubPattern):
                    width = _group_width(sub, group)
                    if width is not None:
                        return width
    return None


def _conditions(raw: Any, where: str) -> frozenset[str]:
    """An entry's ``unless`` list, each name one of CONDITIONS."""
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise ConfigError(f"{where}: 'unless' must be a list of condition names")
    for name in raw:
        if name not in CONDITIONS:
            known = ", ".join(CONDITIONS)
            raise ConfigError(f"{where}: 'unless' has unknown condition {name!r} (known: {known})")
    return frozenset(raw)


def _context(raw: dict[str, Any], key: str, where: str, trusted: bool | None) -> str | None:
    """An entry's ``context`` or ``unless_context`` regex, checked to compile
    case-insensitively by the engine of its pack (``trusted``: `_engine`; None:
    the pack passed before, `parse_pack`)."""
    if key not in raw:
        return None
    source = raw[key]
    if not isinstance(source, str) or not source:
        raise ConfigError(f"{where}: '{key}' must be a non-empty regular expression")
    if trusted is not None:
        _compiled(source, re.IGNORECASE, trusted, f"{where}: bad '{key}' regex")
    return source


EXAMPLE_KEYS = frozenset({"text", "flagged", "suggestion", "fix", "count"})


def _entry_flags(raw: Any, where: str) -> tuple[Example, ...]:
    """A rule's or an entry's ``flags``: tables of a ``text``, the ``flagged`` span
    inside it, and its ``suggestion`` (or ``fix = false``), perhaps a ``count``."""
    shape = (
        f"{where}: 'flags' must be a list of {{ text, flagged, suggestion }} tables "
        "(fix = false instead of a suggestion where the finding has none)"
    )
    if not isinstance(raw, list):
        raise ConfigError(shape)
    examples = []
    for item in raw:
        if not isinstance(item, dict) or not {"text", "flagged"} <= set(item) <= EXAMPLE_KEYS:
            raise ConfigError(shape)
        text, flagged = item["text"], item["flagged"]
        if not (
            isinstance(text, str)
            and isinstance(flagged, str)
            and flagged
            and flagged in text.partition("\t")[0]
        ):
            raise ConfigError(f"{where}: 'flags' example {flagged!r} is not a part of its text")
        if ("suggestion" in item) == ("fix" in item) or item.get("fix", False) is not False:
            raise ConfigError(
                f"{where}: 'flags' example {flagged!r} needs a 'suggestion' "
                "or 'fix = false' (not both)"
            )
        suggestion = item.get("suggestion")
        count = item.get("count", 1)
        if "suggestion" in item and not isinstance(suggestion, str):
            raise ConfigError(f"{where}: 'flags' example {flagged!r}: 'suggestion' must be text")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise ConfigError(f"{where}: 'flags' example {flagged!r}: 'count' must be 1 or more")
        examples.append(Example(text, flagged, suggestion, count))
    return tuple(examples)


def _entry_passes(raw: Any, where: str) -> tuple[str, ...]:
    """An entry's ``passes``: texts the entry must not flag."""
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise ConfigError(f"{where}: 'passes' must be a list of texts")
    return tuple(raw)


class PackScan:
    """The entries of every rule of some packs (the built-in ones, a user's
    folder), looked up together: one pass over a segment
    (`AnchorIndex.candidates`) finds the candidates of all their rules, and the
    document's context keeps them for each rule to take its own. One pass, not one
    a pack: each costs most on its first segment of a document, when the
    automaton is out of the processor's caches."""

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self._memo_name = f"pack-candidates-{id(self)}"

    def add(self, entries: list[Entry]) -> int:
        """Take a rule's entries; the number of its first entry among all taken."""
        if "index" in self.__dict__:
            raise RuntimeError("rules added to a pack scan already in use")
        first = len(self.sources)
        self.sources.extend((e.pattern, e.pattern_flags) for e in entries)
        return first

    @cached_property
    def index(self) -> AnchorIndex:
        """The index of every entry added, built when first used (every rule of the
        packs is added by then)."""
        return AnchorIndex(self.sources)

    def candidates(self, seg: Segment, ctx: DocContext) -> list[tuple[int, int]]:
        """``(entry number, start)`` of the entries that may match in ``seg``
        (`AnchorIndex.candidates`), found once for all the rules added."""
        found = ctx.once(self._memo_name, lambda: [self._find(s, ctx) for s in ctx.segments])
        return found[seg.index - 1]  # type: ignore[no-any-return]

    def _find(self, seg: Segment, ctx: DocContext) -> list[tuple[int, int]]:
        lower = ctx.lower(seg)
        found = self.index.candidates(lower)
        if len(lower) != len(seg.text):  # lowercasing changed lengths (İ): offsets differ
            return [(number, 0) for number, _ in found]
        return found


def _matcher(
    entries: list[Entry], template: str, scan: PackScan
) -> Callable[[Segment, DocContext], list[Hit]]:
    """The check function of a pack rule: every entry's matches in a segment.

    Only the entries whose literals (`mtqa.anchors`) the segment holds are run,
    and block entries, which also flag lines under a label without matching them.
    The rule's entries are looked up with those of the other rules of ``scan``.
    """
    first = scan.add(entries)
    stop = first + len(entries)
    # block entries also run on a headline-shaped segment that holds none of their
    # literals: it may be a line under a label line (None: `Entry.matches`)
    blocks: dict[int, int | None] = {order: None for order, e in enumerate(entries) if e.block}

    def check(seg: Segment, ctx: DocContext) -> list[Hit]:
        candidates = scan.candidates(seg, ctx)
        chosen: list[tuple[int, int | None]] = []
        if candidates:  # sorted by entry number: this rule's are a slice
            low, high = bisect_left(candidates, (first, 0)), bisect_left(candidates, (stop, 0))
            chosen = [(number - first, pos) for number, pos in candidates[low:high]]
        if blocks and ctx.memo("headline-shaped", seg, headline_shaped):
            chosen = sorted({**blocks, **dict(chosen)}.items())
        if not chosen:
            return []  # most segments: no entry's literals, nothing to run
        found = []
        for order, pos in chosen:
            entry = entries[order]
            found.extend(
                (start, -end, order, entry, m) for start, end, m in entry.matches(seg, ctx, pos)
            )
        if len(found) > 1:
            found.sort(key=lambda f: f[:3])
        hits = []
        end_of_last = -1
        for start, neg_end, _, entry, m in found:
            if start < end_of_last:
                continue  # overlapping entries: the longest match at a place wins
            end_of_last = -neg_end
            message = (entry.message or template).format(
                match=m.group(), note=entry.note, suggestion=entry.suggestion or ""
            )
            hits.append(Hit(start, -neg_end, message, entry.suggestion, entry.severity))
        return hits

    return check


_CODE_RE = regexcache.compile(r"^[A-Za-z]+[0-9]+$")  # MT501, ACME001: a code selectors can name


def _languages(raw: Any, where: str) -> tuple[str, ...] | None:
    """A pack rule's target languages (``languages = ["en"]``); absent: every language."""
    if raw is None:
        return None
    if (
        not isinstance(raw, list)
        or not raw
        or not all(isinstance(x, str) and LANGUAGE_TAG_RE.match(x) for x in raw)
    ):
        raise ConfigError(f"{where}: 'languages' must be a list of language codes (en, zh-CN)")
    return tuple(primary_language(x) for x in raw)


def _strings(raw: Any, key: str, where: str) -> tuple[str, ...]:
    """A rule's list of texts (``exceptions``, ``kinds``)."""
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise ConfigError(f"{where}: '{key}' must be a list of texts")
    return tuple(" ".join(x.split()) for x in raw)


def _fix(raw: dict[str, Any], entries: list[Entry], where: str) -> str:
    """A pack rule's fix availability: what its entries offer (every entry a
    suggestion, some, none); a declared ``fix`` must say the same."""
    with_fix = sum(e.suggestion is not None for e in entries)
    found = "always" if with_fix == len(entries) else "sometimes" if with_fix else "never"
    declared = raw.get("fix", found)
    if declared not in FIX_AVAILABILITY:
        known = ", ".join(FIX_AVAILABILITY)
        raise ConfigError(f"{where}: 'fix' must be one of {known}")
    if declared != found:
        raise ConfigError(
            f"{where}: 'fix' is {declared!r}, but {with_fix} of its {len(entries)} entries "
            f"have a suggestion ({found!r})"
        )
    return found


def _rule_code(raw: dict[str, Any], origin: str, number: int) -> str:
    """The code of the ``number``-th (1-based) ``[[rules]]`` table of pack
    ``origin``, which every later error names; raises ConfigError naming the
    rule's place when the code is missing or not letters then digits."""
    if "code" not in raw:
        raise ConfigError(f"{origin} rule {number}: missing 'code'")
    code = raw["code"]
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise ConfigError(
            f"{origin} rule {number}: rule code {brief_repr(code)} is not letters then digits "
            "(ACME001)"
        )
    return code


def _rule(
    raw: dict[str, Any],
    origin: str,
    number: int,
    scan: PackScan,
    patterns_checked: bool = False,
    built_in: bool = False,
) -> tuple[Rule, tuple[Entry, ...]]:
    """The ``number``-th (1-based) ``[[rules]]`` table of the pack named ``origin``
    (which errors name too): the rule and its entries, which ``scan`` looks up
    with the pack's others (``patterns_checked``: see `_entry`; ``built_in``: a
    pack shipped with mtqa, whose patterns are trusted). Raises ConfigError
    naming the pack, the rule and the key."""
    where = f"{origin} {_rule_code(raw, origin, number)}"
    missing = next((key for key in REQUIRED_RULE_KEYS if key not in raw), None)
    if missing is not None:
        raise ConfigError(f"{where}: missing {missing!r}")
    _known_keys(raw, RULE_KEYS, where)
    default = raw.get("default", True)
    if not isinstance(default, bool):
        raise ConfigError(f"{where}: 'default' is true or false")
    entries = [
        _entry(e, f"{where} entry {i}", patterns_checked, built_in)
        for i, e in enumerate(
            _tables(raw.get("entries", []), "entries", "[[rules.entries]]", where), 1
        )
    ]
    if not entries:
        raise ConfigError(f"{where}: the rule has no entries")
    kinds = _strings(raw.get("kinds", list(SEGMENT_KINDS)), "kinds", where)
    unknown = [k for k in kinds if k not in SEGMENT_KINDS]
    if unknown:
        known = ", ".join(SEGMENT_KINDS)
        raise ConfigError(f"{where}: unknown segment kind {unknown[0]!r} (known: {known})")
    fix_safe = raw.get("fix_safe", False)
    if not isinstance(fix_safe, bool):
        raise ConfigError(f"{where}: 'fix_safe' is true or false")
    check = _matcher(entries, _message(raw["message"], where), scan)
    try:
        rule = Rule(
            code=raw["code"],
            name=_text(raw["name"], "name", where),
            category=_text(raw["category"], "category", where),
            severity=_severity(raw["severity"], where),
            rationale=" ".join((_string(raw, "rationale", where) or "").split()),
            check=check,
            flags=_entry_flags(raw.get("flags", []), where),
            passes=_entry_passes(raw.get("passes", []), where),
            default=default,
            origin=origin,
            languages=_languages(raw.get("languages"), where),
            fix=_fix(raw, entries, where),
            fix_safe=fix_safe,
            exceptions=_strings(raw.get("exceptions", []), "exceptions", where),
            kinds=kinds,
        )
    except ValueError as exc:  # what Rule itself checks: a kebab-case name, an MQM category
        raise ConfigError(f"{origin} {exc}") from None
    return rule, tuple(entries)


def _allow(raw: Any, origin: str) -> list[str]:
    """A pack's ``allow`` list: names and terms no rule should flag."""
    if not isinstance(raw, list) or not all(isinstance(a, str) and a.strip() for a in raw):
        shown = brief_repr(raw)
        raise ConfigError(f"{origin}: 'allow' must be a list of names and terms, not {shown}")
    return raw


def parse_pack(
    text: str, origin: str, scan: PackScan | None = None, built_in: bool = False
) -> Pack:
    """Parse one pack's TOML text; ``origin`` names it in errors and listings.
    Its rules' entries are looked up with those of ``scan`` (`PackScan`; none:
    on their own). ``built_in``: a pack shipped with mtqa (its patterns run on
    `re`, untimed); a user's pack is never one, whatever its file is called.

    Raises ConfigError for anything wrong in it: an unknown key at any level, a
    value of the wrong type, a rule or entry `_rule` and `_entry` refuse, a pack
    with neither rules nor allowed terms. Compiling and checking every pattern of
    a large pack takes a fifth of a second, so a pack whose text passed once is
    not checked again (`mtqa.cache` remembers it by its text, this module and
    the ``regex`` module that runs a user's patterns)."""
    # parsed once a text (`mtqa.cache`, keyed by it): parsing the built-in packs' TOML
    # at every start cost a twentieth of a small file's check
    data = cached("pack-toml", [text], lambda: parse_toml(text, origin), dict)
    _known_keys(data, PACK_KEYS, origin)
    rules = _tables(data.get("rules", []), "rules", "[[rules]]", origin)
    allow = _allow(data.get("allow", []), origin)
    if not rules and not allow:
        raise ConfigError(f"{origin}: no [[rules]] and no 'allow' list: not a rule pack")

    def check() -> bool:
        scratch = PackScan()  # checking builds no index: it is built when first used
        for number, r in enumerate(rules, 1):
            _rule(r, origin, number, scratch, built_in=built_in)
        return True

    stamps = [file_stamp(__file__), package_stamp("regex")]
    checked = cached("pack-checked", [*stamps, str(built_in), text], check, bool)
    scan = PackScan() if scan is None else scan
    parsed = [
        _rule(r, origin, number, scan, checked, built_in) for number, r in enumerate(rules, 1)
    ]
    return Pack(
        [r for r, _ in parsed],
        allow,
        {r.code: entries for r, entries in parsed},
        hashlib.sha256(text.encode()).hexdigest(),
    )


# The packs mtqa ships (mtqa/rules/packs/), in the order they load; a test checks that
# the folder holds these and no other.
BUILTIN_PACKS = ("boilerplate.toml", "calques.toml", "spam.toml")


def builtin_packs() -> list[Pack]:
    """The packs that ship inside the installed package, `BUILTIN_PACKS` (their
    entries looked up together: `PackScan`). Read with `pkgutil.get_data` (the
    package's loader), which costs none of the 5 ms `importlib.resources` takes to
    import (a twentieth of a short check)."""
    scan = PackScan()
    return [
        parse_pack(_shipped_pack(name), "built-in", scan, built_in=True) for name in BUILTIN_PACKS
    ]


def _shipped_pack(name: str) -> str:
    data = pkgutil.get_data("mtqa.rules", f"packs/{name}")
    assert data is not None  # the package is a regular one: its loader reads files
    return data.decode("utf-8")


def load_pack_dir(path: Path) -> list[Pack]:
    """Every ``*.toml`` pack in a user's rule folder (or one pack file); a UTF-8
    byte-order mark, which some Windows editors write, is skipped. Raises
    ConfigError for a path that is no file or folder, a folder without packs, a
    file that cannot be read as UTF-8, or a pack `parse_pack` refuses."""
    if path.is_file():
        files = [path]
    elif path.is_dir():
        # regular files only: reading a named pipe called x.toml would wait for ever
        files = sorted(f for f in path.glob("*.toml") if f.is_file())
        if not files:
            raise ConfigError(f"{path}: no *.toml rule packs in this folder")
    elif path.exists():
        raise ConfigError(f"{path}: not a rule pack file or folder")
    else:
        raise ConfigError(f"{path}: rule pack folder does not exist")
    packs = []
    scan = PackScan()  # the folder's packs looked up together
    for file in files:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{file}: cannot read rule pack: {exc}") from None
        packs.append(parse_pack(text, str(file), scan))
    return packs
