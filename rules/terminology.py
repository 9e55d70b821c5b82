"""Terminology from the team's glossary: required target terms and forbidden ones."""

from __future__ import annotations

from collections.abc import Iterator

from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule


@rule(
    code="MT706",
    name="glossary-term",
    category="Terminology/Wrong term",
    severity="major",
    rationale="""Where the source uses a glossary term, the target must use the term the
    glossary gives for it (any of its listed forms; case and English inflection do
    not matter). Where the target has a rendering the glossary forbids, that is
    flagged, with the glossary's term as the suggestion; otherwise the whole
    target. Needs a glossary (--glossary) and the source; the examples assume one
    that maps 乡村振兴 to "rural revitalization" and forbids "village
    revitalization".""",
    flags=[
        ("The village committee met.\t乡村振兴委员会开会。", "The village committee met.", None),
        (
            "The village revitalization plan was adopted.\t乡村振兴规划获得通过。",
            "village revitalization",
            "rural revitalization",
        ),
    ],
    passes=[
        "The rural revitalization committee met.\t乡村振兴委员会开会。",
        "The committees for rural revitalization met.\t乡村振兴委员会开会。",
    ],
    needs=("source", "glossary"),
    languages=None,
    fix="sometimes",
    exceptions=[
        "any listed form of the term, in any case or English inflection",
    ],
)
def glossary_term(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    assert ctx.glossary is not None
    for term in ctx.glossary.terms:
        if not term.source or not term.targets or not term.in_source(seg.source or ""):
            continue
        if any(ctx.glossary.find(t, seg.text) for t in term.targets):
            continue
        wrong = next((m for t in term.forbidden for m in ctx.glossary.find(t, seg.text)), None)
        start, end = wrong.span() if wrong else (0, len(seg.text))
        yield Hit(
            start,
            end,
            f"'{term.source}' should be translated "
            + " or ".join(f"'{t}'" for t in term.targets)
            + (f" ({term.note})" if term.note else ""),
            term.targets[0] if wrong else None,
        )


@rule(
    code="MT707",
    name="forbidden-term",
    category="Terminology/Wrong term",
    severity="major",
    rationale="""A target term the glossary forbids (a deprecated or superseded
    rendering) is flagged wherever it stands, with the approved term as the
    suggestion. Needs a glossary (--glossary); the source is not needed. The
    examples assume one that forbids "new crown virus" for COVID-19.""",
    flags=[("The new crown virus spread.", "new crown virus", "COVID-19")],
    passes=["COVID-19 spread."],
    needs=("glossary",),
    languages=None,
    fix="sometimes",
)
def forbidden_term(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    assert ctx.glossary is not None
    for term in ctx.glossary.terms:
        for bad in term.forbidden:
            for m in ctx.glossary.find(bad, seg.text):
                approved = term.targets[0] if term.targets else None
                yield Hit(
                    m.start(),
                    m.end(),
                    f"'{m.group()}' is a forbidden term"
                    + (f"; use '{approved}'" if approved else ""),
                    approved,
                )
