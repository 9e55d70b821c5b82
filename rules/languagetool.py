"""Grammar and spelling from LanguageTool, as mtqa findings.

LanguageTool's issue types map to MQM categories through four rules:
misspelling → MT801 (Fluency/Spelling); grammar, duplication, inconsistency and
anything unlisted → MT802 (Fluency/Grammar); typographical and whitespace →
MT803 (Fluency/Punctuation); style, register and locale-violation → MT804
(Style/Awkward). ``languagetool-types`` in the config changes the mapping
(``{ style = "off", whitespace = "MT802" }``: any of LanguageTool's issue types, to
off or one of the four rules by code or name, `mtqa.config.LANGUAGETOOL_RULES`,
which the config keeps as codes). One request batch serves all four
rules of a document. A misspelling of a word the allowlist holds, or of a
capitalised pinyin name, is not reported, and where one of mtqa's own rules
flags the same text, mtqa's finding is the one kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mtqa.language.pinyin import pinyin_split
from mtqa.rulebase import DocContext, Hit, Rule, rule

if TYPE_CHECKING:
    from mtqa.languagetool import LTMatch

ISSUE_TYPES = {
    "misspelling": "MT801",
    "grammar": "MT802", "duplication": "MT802", "inconsistency": "MT802",
    "typographical": "MT803", "whitespace": "MT803",
    "style": "MT804", "register": "MT804", "locale-violation": "MT804",
}  # fmt: skip
OTHER = "MT802"
NEEDS = ("languagetool",)


def _matches(ctx: DocContext) -> list[LTMatch]:
    """LanguageTool's matches for the whole document, fetched once for the four rules."""

    def fetch() -> list[LTMatch]:
        assert ctx.languagetool is not None
        return ctx.languagetool.check_or_note([s.text for s in ctx.segments])

    return ctx.once("languagetool", fetch) if ctx.segments else []


def _is_name(word: str) -> bool:
    return word[:1].isupper() and all(pinyin_split(w) for w in word.split())


def _hits(ctx: DocContext, code: str) -> Iterator[Hit]:
    mapping = {**ISSUE_TYPES, **ctx.languagetool_types} if ctx.languagetool_types else ISSUE_TYPES
    for m in _matches(ctx):
        if mapping.get(m.issue_type, OTHER) != code:
            continue
        text = ctx.segments[m.segment].text[m.start : m.end]
        if m.issue_type == "misspelling" and (ctx.allowed(text) or _is_name(text)):
            continue
        yield Hit(
            m.start,
            m.end,
            m.message,
            m.replacements[0] if m.replacements else None,
            segment=m.segment + 1,
            source_rule=f"LT:{m.rule_id}/{m.category}",
        )


# what none of the four rules reports
EXCEPTIONS = (
    "text one of mtqa's own rules flags too (mtqa's finding is kept)",
    "LanguageTool rules and categories switched off with --ignore LT:...",
)


def _family(
    code: str,
    name: str,
    category: str,
    what: str,
    flag: tuple[str, str, str],
    passes: str,
    exceptions: tuple[str, ...] = (),
) -> Rule:
    """One rule of the family: LanguageTool's matches of the issue types mapped to it."""

    def check(ctx: DocContext) -> Iterator[Hit]:
        yield from _hits(ctx, code)

    return rule(
        code=code, name=name, category=category, severity="minor",
        rationale=f"LanguageTool's {what}. The examples assume LanguageTool's standard "
        "English rules.",
        flags=[flag], passes=[passes], scope="document", languages=None, needs=NEEDS,
        fix="sometimes",  # LanguageTool's first replacement, when it offers one
        exceptions=(*exceptions, *EXCEPTIONS),
    )(check)  # fmt: skip


LT_SPELLING = _family(
    "MT801", "lt-spelling", "Fluency/Spelling",
    "spelling matches (issue type misspelling), except names the allowlist holds and "
    "capitalised pinyin names",
    ("He recieved the letter.", "recieved", "received"), "He received the letter.",
    ("words the allowlist holds", "capitalised pinyin names (Zhang Xiaoming)"),
)  # fmt: skip
LT_GRAMMAR = _family(
    "MT802", "lt-grammar", "Fluency/Grammar",
    "grammar, duplication and inconsistency matches, and any issue type not mapped elsewhere",
    ("She ate a apple.", "a", "an"), "She ate an apple.",
)  # fmt: skip
LT_TYPOGRAPHY = _family(
    "MT803", "lt-typography", "Fluency/Punctuation", "typographical and whitespace matches",
    ("It rose 5% ,really.", " ,", ","), "It rose 5%, really.",
)  # fmt: skip
LT_STYLE = _family(
    "MT804", "lt-style", "Style/Awkward", "style, register and locale matches",
    ("It is very unique.", "very unique", "unique"), "It is unique.",
)  # fmt: skip
