"""Examples that pin a rule's behaviour, as LanguageTool's do: the exact span a
must-flag example flags, how many times, the suggestion it carries, and that
applying the rule's suggestions leaves a text the rule no longer flags."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from mtqa.model import Document, Finding
from mtqa.rulebase import Example

# one rule run on an example text: the document read and the rule's findings in it
Run = Callable[[str], tuple[Document, Sequence[Finding]]]


def apply_suggestions(text: str, document: Document, findings: Sequence[Finding]) -> str:
    """``text`` with every finding's suggestion put in place of its span, right to
    left in the file's text; findings without a suggestion stay as they are. A
    ``target<TAB>source`` example is fixed in its target only."""
    body = document.file_text
    spans = []
    for f in findings:
        if f.suggestion is None:
            continue
        seg = document.segments[f.segment - 1]
        spans.append((seg.file_offset(f.start), seg.file_offset(f.end - 1) + 1, f.suggestion))
    end_of_next = len(body)
    for start, end, suggestion in sorted(spans, reverse=True):
        assert end <= end_of_next, f"overlapping suggestions: {spans}"
        body = body[:start] + suggestion + body[end:]
        end_of_next = start
    _, tab, source = text.partition("\t")
    return body + tab + source


def check_example(code: str, example: Example, run: Run) -> None:
    """Assert everything a must-flag example of rule ``code`` pins."""
    document, found = run(example.text)
    flagged = [f for f in found if f.text == example.flagged]
    assert len(flagged) == example.count, (
        f"{code} flagged {example.flagged!r} {len(flagged)} times, not {example.count}: "
        f"{[(f.text, f.suggestion) for f in found]}"
    )
    suggestions = [f.suggestion for f in flagged]
    assert suggestions == [example.suggestion] * example.count, (
        f"{code} suggests {suggestions} for {example.flagged!r}, not {example.suggestion!r}"
    )
    fixed = apply_suggestions(example.text, document, found)
    if fixed == example.text:
        return  # nothing to apply: no finding has a suggestion
    _, after = run(fixed)
    left = Counter(f.text for f in after)
    unfixed = Counter(f.text for f in found if f.suggestion is None)
    assert left <= unfixed, f"{code} still flags {list(left - unfixed)} in the fixed {fixed!r}"


def fix_consistency(code: str, fix: str, examples: Sequence[Example]) -> None:
    """Assert that a rule's declared fix availability agrees with its examples:
    ``never`` has no example with a suggestion, ``always`` has one in every
    example, ``sometimes`` in at least one."""
    with_fix = [e for e in examples if e.suggestion is not None]
    if fix == "never":
        assert not with_fix, f"{code} says it never fixes, yet {with_fix[0].flagged!r} has one"
    elif fix == "always":
        without = [e.flagged for e in examples if e.suggestion is None]
        assert not without, f"{code} says it always fixes, yet {without} have no suggestion"
    else:
        assert with_fix, f"{code} says it sometimes fixes, yet no example has a suggestion"
