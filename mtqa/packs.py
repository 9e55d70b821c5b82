"""Rule packs: rules written as TOML data instead of Python.

A pack file holds ``[[rules]]`` tables. Each rule has the metadata every rule
has (code, name, category, severity, rationale, message, flags, passes) and
``[[rules.entries]]``: a literal ``phrase`` (matched case-insensitively at word
boundaries) or a ``pattern`` (a Python regular expression), each with an
optional ``suggestion``, ``note``, ``severity`` and ``message``. A rule may list
``keywords``: lowercase strings one of which every match contains (a speed-up;
without them a combined regex of the entries decides which segments to scan). A pack may also list
``allow = [...]``: names and terms no rule should flag.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import SEVERITIES, Segment
from .rulebase import DocContext, Example, Hit, Rule


@dataclass(frozen=True, slots=True)
class Entry:
    """One phrase or pattern of a pack rule."""

    regex: re.Pattern[str]
    phrase: str | None  # the literal, for phrase entries
    suggestion: str | None
    note: str
    severity: str | None
    message: str | None


@dataclass(frozen=True, slots=True)
class Pack:
    """The rules and allowed terms of one pack file."""

    rules: list[Rule]
    allow: list[str]


def _entry(raw: dict[str, Any], where: str) -> Entry:
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
    )


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


def _matcher(entries: list[Entry], template: str, may_match: Callable[[Segment, DocContext], bool]):
    """The check function of a pack rule: every entry's matches in a segment."""

    def check(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
        text = seg.text
        if not may_match(seg, ctx):
            return
        found = []
        for order, entry in enumerate(entries):
            for m in entry.regex.finditer(text):
                span = m.span("flag") if "flag" in entry.regex.groupindex else m.span()
                if span[1] > span[0]:
                    found.append((span[0], -span[1], order, entry, m))
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


def _rule(raw: dict[str, Any], origin: str) -> Rule:
    """One ``[[rules]]`` table of the pack named ``origin`` (which errors name too)."""
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
        return Rule(
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


def parse_pack(text: str, origin: str) -> Pack:
    """Parse one pack's TOML text; ``origin`` names it in errors and listings."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from None
    rules = [_rule(r, origin) for r in data.get("rules", [])]
    allow = [str(a) for a in data.get("allow", [])]
    return Pack(rules, allow)


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
