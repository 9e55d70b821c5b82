"""Every rule's own examples: each 'flags' example is flagged on exactly its span,
as many times as it says, with exactly its suggestion, and applying the rule's
suggestions leaves a text the rule no longer flags; each 'passes' example is not
flagged by that rule. A rule's declared fix availability agrees with its examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa import Checker, Config
from mtqa.model import SEGMENT_KINDS
from mtqa.readers import parse
from mtqa.readers.rows import document_from_rows
from mtqa.registry import load_rules
from mtqa.rulebase import FIX_AVAILABILITY, Example, Rule, examples

from .pinning import check_example, fix_consistency

ALL_RULES = load_rules().rules
# LanguageTool's rules run their examples against a local test server (test_languagetool)
RULES = [r for r in ALL_RULES if "languagetool" not in r.needs]
# the terminology rules' examples assume this glossary (乡村振兴 → rural revitalization,
# 新冠病毒 → COVID-19, never "new crown virus")
GLOSSARY = str(Path(__file__).parent / "fixtures" / "glossary.csv")


def _run(rule_code: str, text: str):
    """Run one rule on an example; ``target<TAB>source`` examples become one bilingual row.
    The document read, and the rule's findings in it."""
    checker = Checker(Config(select=(rule_code,), glossary=GLOSSARY))
    if "\t" in text:
        target, source = text.split("\t")
        doc = document_from_rows("-", [target], sources=[source])
    else:
        doc = parse(text, "-", "html" if text.startswith("<") else "txt")
    return doc, [f for f in checker.check(doc).findings if f.rule == rule_code]


def _findings(rule_code: str, text: str):
    return _run(rule_code, text)[1]


def test_every_rule_has_examples_both_ways():
    for rule in RULES:
        assert rule.flags, f"{rule.code} has no example that must flag"
        assert rule.passes, f"{rule.code} has no example that must pass"
        assert rule.rationale, f"{rule.code} has no rationale"


def test_codes_and_names_are_unique():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize(
    ("code", "example"),
    [pytest.param(r.code, ex, id=f"{r.code}-{i}") for r in RULES for i, ex in enumerate(r.flags)],
)
def test_flag_examples(code, example):
    check_example(code, example, lambda text: _run(code, text))


@pytest.mark.parametrize(("code", "text"), [(r.code, t) for r in RULES for t in r.passes])
def test_pass_examples(code, text):
    assert _findings(code, text) == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_declared_fix_availability_agrees_with_the_examples(rule):
    # a pack rule's entries carry examples too (tests/test_packs.py adds them)
    assert rule.fix in FIX_AVAILABILITY
    assert not (rule.fix_safe and rule.fix == "never")
    if rule.origin == "built-in" and rule.check.__module__ != "mtqa.packs":
        fix_consistency(rule.code, rule.fix, rule.flags)


def test_every_rule_declares_its_metadata():
    for rule in ALL_RULES:
        assert rule.kinds and set(rule.kinds) <= set(SEGMENT_KINDS), rule.code
        assert all(e.strip() for e in rule.exceptions), rule.code


def test_an_example_without_a_suggestion_is_an_error_at_import():
    with pytest.raises(ValueError, match=r"MT999: flags example .* suggestion"):
        examples("MT999", [("The the plan.", "The the")])
    assert examples("MT999", [("The the plan.", "The the", "The")]) == (
        Example("The the plan.", "The the", "The"),
    )
    assert examples("MT999", [("a a b a a", "a a", "a", 2)])[0].count == 2
    with pytest.raises(ValueError, match="count"):
        examples("MT999", [("a a", "a a", "a", 0)])


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"fix": "maybe"}, "fix 'maybe' is not one of always, sometimes, never"),
        ({"fix": "never", "fix_safe": True}, "fix_safe"),
        ({"kinds": ("paragraph", "footnote")}, "kinds"),
        ({"kinds": ()}, "kinds"),
        ({"needs": ("internet",)}, "unknown need 'internet'"),
        ({"exceptions": ("",)}, "exceptions"),
    ],
)
def test_rule_metadata_is_validated(change, says):
    base = {
        "code": "MT999",
        "name": "x",
        "category": "Style",
        "severity": "minor",
        "rationale": "r",
        "check": lambda seg, ctx: [],
        "flags": (),
        "passes": (),
    }
    with pytest.raises(ValueError, match=says):
        Rule(**base, **change)


def test_the_engine_runs_a_rule_on_the_kinds_it_declares_only():
    page = (
        "<article><p>The bridge opened on Monday.</p></article>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
    )
    doc = parse(page, "-", "html")
    assert [s.kind for s in doc.segments] == ["paragraph", "navigation"]
    found = Checker(Config(select=("MT608",))).check(doc).findings
    assert [(f.segment, f.text) for f in found] == [(2, "Home News")]


def test_a_document_rule_reports_nothing_on_kinds_it_does_not_declare():
    # MT609 declares a page's kinds, not rows or units: a date-stamp line is
    # furniture on a page, and may be a row of a table
    lines = [
        "Spring tea comes to market",
        "2023-04-02 09:15:22",
        "The first spring tea reached the market on Monday, a week earlier than last year.",
    ]
    checker = Checker(Config(select=("MT609",)))
    page = checker.check(parse("\n\n".join(lines), "-", "txt")).findings
    assert [(f.segment, f.text) for f in page] == [(2, "2023-04-02 09:15:22")]
    assert checker.check(document_from_rows("-", lines)).findings == []


def test_the_readers_make_segments_of_known_kinds_only():
    from mtqa.readers import htmlpage

    made = {"paragraph", "heading", "row", "unit", *htmlpage.KINDS.values()}
    assert made | set(htmlpage.FURNITURE_KINDS) <= set(SEGMENT_KINDS)
