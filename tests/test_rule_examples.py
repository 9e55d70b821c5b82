"""Every rule's own examples: each 'flags' example is flagged on exactly its span,
each 'passes' example is not flagged by that rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa import Checker, Config
from mtqa.readers import parse
from mtqa.readers.rows import document_from_rows
from mtqa.registry import load_rules

# LanguageTool's rules run their examples against a local test server (test_languagetool)
RULES = [r for r in load_rules().rules if "languagetool" not in r.needs]
# the terminology rules' examples assume this glossary (乡村振兴 → rural revitalization,
# 新冠病毒 → COVID-19, never "new crown virus")
GLOSSARY = str(Path(__file__).parent / "fixtures" / "glossary.csv")


def _findings(rule_code: str, text: str):
    """Run one rule on an example; ``target<TAB>source`` examples become one bilingual row."""
    checker = Checker(Config(select=(rule_code,), glossary=GLOSSARY))
    if "\t" in text:
        target, source = text.split("\t")
        doc = document_from_rows("-", [target], sources=[source])
    else:
        doc = parse(text, "-", "html" if text.startswith("<") else "txt")
    return [f for f in checker.check(doc).findings if f.rule == rule_code]


def test_every_rule_has_examples_both_ways():
    for rule in RULES:
        assert rule.flags, f"{rule.code} has no example that must flag"
        assert rule.passes, f"{rule.code} has no example that must pass"
        assert rule.rationale, f"{rule.code} has no rationale"


def test_codes_and_names_are_unique():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize(
    ("code", "text", "flagged"),
    [(r.code, ex.text, ex.flagged) for r in RULES for ex in r.flags],
)
def test_flag_examples(code, text, flagged):
    found = _findings(code, text)
    assert flagged in [f.text for f in found], f"{code} did not flag {flagged!r}: {found}"


@pytest.mark.parametrize(("code", "text"), [(r.code, t) for r in RULES for t in r.passes])
def test_pass_examples(code, text):
    assert _findings(code, text) == []
