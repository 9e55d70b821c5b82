"""Rule packs: rules written as TOML data instead of Python.

A pack file holds ``[[rules]]`` tables. Each rule has the metadata every rule
has (code, name, category, severity, rationale, message, flags, passes) and
``[[rules.entries]]``: a literal ``phrase`` (matched case-insensitively at word
boundaries) or a ``pattern`` (a Python regular expression), each with an
optional ``suggestion``, ``note``, ``severity`` and ``message``. A rule may list
``keywords``: lowercase strings one of which every match contains (a speed-up;
without them a combined regex of the entries decides which segments to scan). A pack may also list
``allow = [...]``: names and terms no rule should flag.

An entry may also say in which contexts it does not fire, for a phrase that a
native writer can use in its ordinary sense:

- ``unless = ["quoted", "first-person"]``: skip a match inside a quotation, or
  in a sentence with a first-person singular speaker (I, I'm, me, myself);
- ``context = "regex"``: fire only when the match's sentence matches;
- ``unless_context = "regex"``: skip a match whose sentence matches.

Context regexes are matched case-insensitively anywhere in the sentence that
holds the match. An entry may carry its own examples, ``flags = [{ text,
flagged }]`` and ``passes = ["..."]``, which the test suite runs against that
entry.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import SEVERITIES, Segment
from .rulebase import DocContext, Example, Hit, Rule

CONDITIONS = ("quoted", "first-person")  # the names ``unless`` accepts
ENTRY_KEYS = frozenset(
    {"phrase", "pattern", "suggestion", "note", "severity", "message"}  # what it matches and says
    | {"unless", "context", "unless_context", "flags", "passes"}  # where it fires; its examples
)

# First-person singular pronouns. "my" is left out: the calques themselves are
# built on it (my country, my province), so it says nothing about the speaker.
_FIRST_PERSON_RE = re.compile(r"(?<![\w'’-])(?:I(?:['’](?:m|ve|d|ll))?|[Mm]e|[Mm]yself)(?![\w'’-])")
# A bare "I" right after a capitalised word inside the sentence is a Roman
# numeral (Level I emergency response, World War I), frequent in translated news.
_NUMERAL_BEFORE_RE = re.compile(r"\S\s+[(\[]?[A-Z][\w-]*\s+$")


@dataclass(frozen=True, slots=True)
class Entry:
    """One phrase or pattern of a pack rule, the contexts it fires in, and its examples."""

    regex: re.Pattern[str]
    phrase: str | None  # the literal, for phrase entries
    suggestion: str | None
    note: str
    severity: str | None
    message: str | None
    unless: frozenset[str] = frozenset()  # names from CONDITIONS
    context: re.Pattern[str] | None = None  # the sentence must match
    unless_context: re.Pattern[str] | None = None  # the sentence must not match
    flags: tuple[Example, ...] = ()
    passes: tuple[str, ...] = ()

    def matches(self, seg: Segment, ctx: DocContext) -> Iterator[tuple[int, int, re.Match[str]]]:
        """``(start, end, match)`` of every non-empty match in ``seg.text`` that the
        entry's context conditions allow; the span is the ``flag`` group's when the
        pattern has one."""
        flag_group = "flag" in self.regex.groupindex
        for m in self.regex.finditer(seg.text):
            start, end = m.span("flag") if flag_group else m.span()
            if end > start and self._fires(seg, ctx, start):
                yield start, end, m

    def _fires(self, seg: Segment, ctx: DocContext, pos: int) -> bool:
        """Whether a match at ``pos`` of ``seg`` stands in a context the entry fires in."""
        if "quoted" in self.unless and _quoted(ctx, seg, pos):
            return False
        if not ("first-person" in self.unless or self.context or self.unless_context):
            return True
        sentence = _sentence(ctx, seg, pos)
        if "first-person" in self.unless and _first_person(sentence):
            return False
        if self.context is not None and not self.context.search(sentence):
            return False
        return self.unless_context is None or not self.unless_context.search(sentence)


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


def _entry(raw: dict[str, Any], where: str) -> Entry:
    """One ``[[rules.entries]]`` table; ``where`` (pack, rule code, entry number)
    starts every error message.

    Raises ConfigError for an unknown key, a bad pattern, severity, condition or
    context regex, or malformed examples.
    """
    unknown = sorted(set(raw) - ENTRY_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}")
    if ("phrase" in raw) == ("pattern" in raw):
        raise ConfigError(f"{where}: an entry needs exactly one of 'phrase' or 'pattern'")
    if "phrase" in raw:
        words = [re.escape(w) for w in str(raw["phrase"]).split()]
        source = r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])"
        flags = re.IGNORECASE
    else:
        source, flags = str(raw["pattern"]), 0
    try:
        regex = re.compile(source, flags)
    except re.error as exc:
        raise ConfigError(f"{where}: bad pattern {source!r}: {exc}") from None
    severity = raw.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise ConfigError(f"{where}: unknown severity {severity!r}")
    return Entry(
        regex,
        raw.get("phrase"),
        raw.get("suggestion"),
        str(raw.get("note", "")),
        severity,
        raw.get("message"),
        unless=_conditions(raw.get("unless", []), where),
        context=_context(raw, "context", where),
        unless_context=_context(raw, "unless_context", where),
        flags=_entry_flags(raw.get("flags", []), where),
        passes=_entry_passes(raw.get("passes", []), where),
    )


def _conditions(raw: Any, where: str) -> frozenset[str]:
    """An entry's ``unless`` list, each name one of CONDITIONS."""
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise ConfigError(f"{where}: 'unless' must be a list of condition names")
    for name in raw:
        if name not in CONDITIONS:
            known = ", ".join(CONDITIONS)
            raise ConfigError(f"{where}: 'unless' has unknown condition {name!r} (known: {known})")
    return frozenset(raw)


def _context(raw: dict[str, Any], key: str, where: str) -> re.Pattern[str] | None:
    """An entry's ``context`` or ``unless_context`` regex, compiled case-insensitively."""
    if key not in raw:
        return None
    source = raw[key]
    if not isinstance(source, str) or not source:
        raise ConfigError(f"{where}: '{key}' must be a non-empty regular expression")
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{where}: bad '{key}' regex {source!r}: {exc}") from None


def _entry_flags(raw: Any, where: str) -> tuple[Example, ...]:
    """An entry's ``flags``: tables of a ``text`` and the ``flagged`` span inside it."""
    shape = f"{where}: 'flags' must be a list of {{ text, flagged }} tables"
    if not isinstance(raw, list):
        raise ConfigError(shape)
    examples = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"text", "flagged"}:
            raise ConfigError(shape)
        text, flagged = item["text"], item["flagged"]
        if not (isinstance(text, str) and isinstance(flagged, str) and flagged and flagged in text):
            raise ConfigError(f"{where}: 'flags' example {flagged!r} is not a part of its text")
        examples.append(Example(text, flagged))
    return tuple(examples)


def _entry_passes(raw: Any, where: str) -> tuple[str, ...]:
    """An entry's ``passes``: texts the entry must not flag."""
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise ConfigError(f"{where}: 'passes' must be a list of texts")
    return tuple(raw)


_NAMED_GROUP_RE = re.compile(r"\(\?P<\w+>")


def _prefilter(
    entries: list[Entry], keywords: list[str] | None, where: str
) -> Callable[[Segment, DocContext], bool]:
    """A cheap test that is true wherever any entry might match.

    Most segments match no entry. A rule's ``keywords`` (lowercase strings of
    which every match contains one) make the test a few substring searches;
    without them it is one combined regex of all entries.
    """
    if keywords:
        words = tuple(str(k).lower() for k in keywords)
        if not all(words):
            raise ConfigError(f"{where}: keywords must not be empty strings")

        def has_keyword(seg: Segment, ctx: DocContext) -> bool:
            lower = ctx.memo("lower", seg, _lower)
            return any(k in lower for k in words)

        return has_keyword
    parts = []
    for e in entries:
        if e.phrase is not None:  # a literal: no boundary checks, so the search can skip ahead
            parts.append("(?i:" + r"\s+".join(re.escape(w) for w in e.phrase.split()) + ")")
        else:
            parts.append("(?:" + _NAMED_GROUP_RE.sub("(?:", e.regex.pattern) + ")")
    combined = re.compile("|".join(parts))
    return lambda seg, ctx: combined.search(seg.text) is not None


def _lower(seg: Segment) -> str:
    return seg.text.lower()


def _matcher(
    entries: list[Entry], template: str, may_match: Callable[[Segment, DocContext], bool]
) -> Callable[[Segment, DocContext], Iterator[Hit]]:
    """The check function of a pack rule: every entry's matches in a segment."""

    def check(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
        if not may_match(seg, ctx):
            return
        found = []
        for order, entry in enumerate(entries):
            for start, end, m in entry.matches(seg, ctx):
                found.append((start, -end, order, entry, m))
        end_of_last = -1
        for start, neg_end, _, entry, m in sorted(found, key=lambda f: f[:3]):
            if start < end_of_last:
                continue  # overlapping entries: the longest match at a place wins
            end_of_last = -neg_end
            message = (entry.message or template).format(
                match=m.group(), note=entry.note, suggestion=entry.suggestion or ""
            )
            yield Hit(start, -neg_end, message, entry.suggestion, entry.severity)

    return check


def _languages(raw: Any, where: str) -> tuple[str, ...] | None:
    """A pack rule's target languages (``languages = ["en"]``); absent: every language."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise ConfigError(f"{where}: 'languages' must be a list of language codes")
    return tuple(x.split("-")[0].lower() for x in raw)


def _rule(raw: dict[str, Any], origin: str) -> tuple[Rule, tuple[Entry, ...]]:
    """One ``[[rules]]`` table of the pack named ``origin`` (which errors name too):
    the rule and its entries."""
    for key in ("code", "name", "category", "severity", "message"):
        if key not in raw:
            raise ConfigError(f"{origin}: rule is missing '{key}'")
    code = raw["code"]
    entries = [
        _entry(e, f"{origin} {code} entry {i + 1}") for i, e in enumerate(raw.get("entries", []))
    ]
    if not entries:
        raise ConfigError(f"{origin}: rule {code} has no entries")
    try:
        flags = tuple(Example(f["text"], f["flagged"]) for f in raw.get("flags", []))
        rule = Rule(
            code=code,
            name=raw["name"],
            category=raw["category"],
            severity=raw["severity"],
            rationale=" ".join(str(raw.get("rationale", "")).split()),
            check=_matcher(
                entries, raw["message"], _prefilter(entries, raw.get("keywords"), origin)
            ),
            flags=flags,
            passes=tuple(raw.get("passes", [])),
            default=bool(raw.get("default", True)),
            origin=origin,
            languages=_languages(raw.get("languages"), origin),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: rule {code}: {exc}") from None
    return rule, tuple(entries)


def parse_pack(text: str, origin: str) -> Pack:
    """Parse one pack's TOML text; ``origin`` names it in errors and listings."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from None
    parsed = [_rule(r, origin) for r in data.get("rules", [])]
    allow = [str(a) for a in data.get("allow", [])]
    return Pack([r for r, _ in parsed], allow, {r.code: entries for r, entries in parsed})


def builtin_packs() -> list[Pack]:
    """The packs that ship inside the installed package."""
    folder = resources.files("mtqa.rules") / "packs"
    return [
        parse_pack(item.read_text(encoding="utf-8"), "built-in")
        for item in sorted(folder.iterdir(), key=lambda p: p.name)
        if item.name.endswith(".toml")
    ]


def load_pack_dir(path: Path) -> list[Pack]:
    """Every ``*.toml`` pack in a user's rule folder (or one pack file)."""
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(path.glob("*.toml"))
        if not files:
            raise ConfigError(f"{path}: no *.toml rule packs in this folder")
    else:
        raise ConfigError(f"{path}: rule pack folder does not exist")
    packs = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{file}: cannot read rule pack: {exc}") from None
        packs.append(parse_pack(text, str(file)))
    return packs
