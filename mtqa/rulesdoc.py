"""Rule metadata as people read it: the lines of ``mtqa explain`` and the rules page
(``docs/rules.md``, which ``mtqa rules --format markdown`` prints), both made from
each rule's metadata (`mtqa.rulebase.Rule`) and nothing else, so that neither can
say what the rules do not."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable

from . import regexcache
from .model import SEGMENT_KINDS
from .rulebase import Example, Rule

# what makes a fix safe (`mtqa.rulebase.Rule.fix_safe`), as the page and explain say it
SAFE = (
    "a safe fix changes only spacing, punctuation, the form of a character (width, "
    "script, encoding, a layout symbol), the style of a list label or the capital a "
    "sentence or title word needs, or drops an exact repeat of a word; an unsafe one "
    "adds, drops or picks other words, names, numbers or meanings"
)
FIX_WORDS = {
    "always": "always available",
    "sometimes": "sometimes available",
    "never": "not available",
}


def fix_label(rule: Rule) -> str:
    """The rule's fix in a few words, as the ``fix`` column of ``mtqa rules`` shows
    it: ``always (safe)``, ``sometimes (unsafe)``, ``never``."""
    if rule.fix == "never":
        return "never"
    return f"{rule.fix} ({'safe' if rule.fix_safe else 'unsafe'})"


def fix_sentence(rule: Rule) -> str:
    """The rule's fix as ``mtqa explain`` and the rules page say it."""
    if rule.fix == "never":
        return "not available: the findings carry no suggestion"
    safety = "safe" if rule.fix_safe else "unsafe: read it before applying it"
    return f"{FIX_WORDS[rule.fix]}, {safety}"


def kinds_label(rule: Rule) -> str:
    """The segment kinds the rule applies to: ``every kind`` or the list."""
    return "every kind" if rule.every_kind else ", ".join(rule.kinds)


def languages_label(rule: Rule) -> str:
    """The target languages the rule knows: ``any`` or the list."""
    return "any" if rule.languages is None else ", ".join(rule.languages)


def needs_label(rule: Rule) -> str:
    """What the rule needs besides the target text."""
    names = {"source": "the source text", "glossary": "a glossary", "languagetool": "LanguageTool"}
    return ", ".join(names.get(n, n) for n in rule.needs) or "the target text only"


def suggestion_label(example: Example, quote: Callable[[str], str] = repr) -> str:
    """What an example's findings suggest, in words; ``quote`` shows a replacement
    (Python's repr on the terminal, a code span in Markdown)."""
    if example.suggestion is None:
        return "no suggestion"
    if example.suggestion == "":
        return "suggestion: delete it"
    return f"suggestion: {quote(example.suggestion)}"


def explain_lines(rule: Rule) -> list[str]:
    """The text ``mtqa explain`` prints for a rule, line by line."""
    lines = [
        f"{rule.code} {rule.name}",
        f"category: {rule.category}",
        f"severity: {rule.severity}",
        f"status: {'default' if rule.default else 'advisory'}",
        f"scope: {rule.scope}",
        f"origin: {rule.origin}",
        f"fix: {fix_sentence(rule)}",
        f"segment kinds: {kinds_label(rule)}",
        f"languages: {languages_label(rule)}",
        f"needs: {needs_label(rule)}",
        "",
        rule.rationale,
        "",
    ]
    if rule.exceptions:
        lines.append("Known exceptions (not flagged):")
        lines.extend(f"  - {e}" for e in rule.exceptions)
    lines.append("Flags:")
    for ex in rule.flags:
        lines.extend(_example_lines(ex.text))
        times = f" ({ex.count} times)" if ex.count > 1 else ""
        lines.append(f"    -> {ex.flagged!r}{times}, {suggestion_label(ex)}")
    lines.append("Does not flag:")
    for text in rule.passes:
        lines.extend(_example_lines(text))
    return lines


def _example_lines(text: str) -> list[str]:
    """An example as ``mtqa explain`` shows it: the target, and its source if it has one."""
    target, _, source = text.partition("\t")
    return [f"  {target!r}"] + ([f"    source: {source!r}"] if source else [])


def markdown(rules: Iterable[Rule]) -> str:
    """The rules page: a table of every rule, then each rule's metadata, rationale,
    known exceptions and examples (the test suite runs every example)."""
    rules = sorted(rules, key=lambda r: r.code)
    intro = (
        "Every rule mtqa ships, from its metadata (`mtqa/rulebase.py`, `rules/`, "
        "`rules/packs/`). `mtqa explain CODE` shows the same for one rule. The test "
        "suite runs every example below: a flagged example is flagged on exactly that "
        "span, as many times as it says, with that suggestion, and applying the rule's "
        "suggestions leaves a text the rule no longer flags.",
        "**Fix**: whether the rule's findings carry a suggestion (*always*, *sometimes* "
        f"or *never*, as ruff says it), and whether it is *safe* to apply unread: {SAFE}. "
        "**Segment kinds**: the kinds of segment a rule applies to "
        f"({', '.join(SEGMENT_KINDS)}).",
    )
    out = [
        "# Rules",
        "",
        "<!-- Generated from the rules' metadata by `mtqa rules --format markdown`;"
        " do not edit. -->",
    ]
    for paragraph in intro:
        out += ["", textwrap.fill(paragraph, 80, break_on_hyphens=False)]
    out += [
        "",
        "| code | name | category | severity | fix | status |",
        "|---|---|---|---|---|---|",
    ]
    for r in rules:
        status = "default" if r.default else "advisory"
        out.append(
            f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.category} "
            f"| {r.severity} | {fix_label(r)} | {status} |"
        )
    for r in rules:
        out += [
            "",
            f"## {r.code} {r.name}",
            "",
            f"- category: {r.category}; severity: {r.severity};"
            f" {'default' if r.default else 'advisory (runs only when selected)'}",
            f"- fix: {fix_sentence(r)}",
            f"- scope: {r.scope}; segment kinds: {kinds_label(r)}",
            f"- languages: {languages_label(r)}; needs: {needs_label(r)}",
            "",
            _prose(r.rationale),
        ]
        if r.exceptions:
            out += ["", "Known exceptions (not flagged):", ""]
            out += [f"- {_prose(e)}" for e in r.exceptions]
        out += ["", "Flags:", ""]
        for ex in r.flags:
            times = f" ({ex.count} times)" if ex.count > 1 else ""
            out.append(
                f"- {_text(ex.text)} → {_code(ex.flagged)}{times}, {suggestion_label(ex, _code)}"
            )
        out += ["", "Does not flag:", ""]
        out += [f"- {_text(text)}" for text in r.passes]
    return "\n".join(out) + "\n"


_CODE_SPAN_RE = regexcache.compile(r"(`+).*?\1")
_MARKUP_RE = regexcache.compile(r"([\\*_<&\[\]])")


def _prose(text: str) -> str:
    """Rationale or exception text for the page: Markdown's own marks escaped
    (``<headline>`` is no HTML tag, ``&amp;`` no entity, ``_Site`` no emphasis),
    code spans kept."""
    out, end = [], 0
    for m in _CODE_SPAN_RE.finditer(text):
        out += [_MARKUP_RE.sub(r"\\\1", text[end : m.start()]), m.group()]
        end = m.end()
    return "".join([*out, _MARKUP_RE.sub(r"\\\1", text[end:])])


def _text(text: str) -> str:
    """An example's text for the page: the target, and its source if it has one."""
    target, _, source = text.partition("\t")
    return _code(target) + (f" (source {_code(source)})" if source else "")


def _code(text: str) -> str:
    """``text`` as inline code, quoted and escaped as Python writes a string (spaces
    show, and newlines, tabs and invisible characters are escapes, not themselves)."""
    shown = repr(text)
    fence = "`"
    while fence in shown:
        fence += "`"
    return f"{fence}{shown}{fence}"
