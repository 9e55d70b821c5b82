"""Run-on sentences: a Chinese paragraph rendered as one English sentence."""

from __future__ import annotations

from collections.abc import Iterator

from mtqa import regexcache
from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.textutil import count_words

RUN_ON_WORDS = 58
RUN_ON_CLAUSES = 5
LIST_ITEM_WORDS = 4  # a comma-separated part this short is a list item, not a clause
# A sentence end with no space after it (strategy.Nanping): MT output converted
# from full-width punctuation; the run-on test reads each part on its own.
_CLAUSE_SPLIT_RE = regexcache.compile(r"[,;]")
_NAMED_PART_RE = regexcache.compile(r"\s*(?:(?:and|or)\s+)?(?:the\s+)?[A-Z]")
_UNSPACED_STOP_RE = regexcache.compile(r"(?<=[a-z)\]][.!?])(?=[A-Z][a-z])")


@rule(
    code="MT206",
    name="run-on-sentence",
    category="Fluency/Grammar",
    severity="minor",
    rationale=f"""A sentence of more than {RUN_ON_WORDS} words strung together with
    {RUN_ON_CLAUSES} or more commas or semicolons is a Chinese paragraph rendered
    as one English sentence; readers lose track of who does what. A list is no
    run-on: half its parts of {LIST_ITEM_WORDS} words or fewer (a team sheet), or
    half the parts after the first opening with a name (a roll of bodies or
    people). A full stop with no space after it still ends a sentence.""",
    flags=[
        (
            "The county " + ", ".join(["built roads and schools for the villages"] * 12) + ".",
            "The county " + ", ".join(["built roads and schools for the villages"] * 12) + ".",
            None,
        ),
        (
            "Roads were built.The county "
            + ", ".join(["opened schools for the villages"] * 12)
            + ".Trade grew.",
            "The county " + ", ".join(["opened schools for the villages"] * 12) + ".",
            None,
        ),
    ],
    passes=[
        "The county built roads, schools, clinics and markets for its villages.",
        "The squad: "
        + ", ".join(["J Smith (Leeds)", "A Jones (Hull)", "B Brown (Bath)"] * 8)
        + ".",
    ],
    fix="never",
    exceptions=[
        "lists (a team sheet, a roll of names)",
    ],
)
def run_on_sentence(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if not _may_run_on(text, 0, len(text)):
        return  # most paragraphs: too short, or too few clauses for any sentence in it
    for sentence_start, sentence_end in ctx.sentences[seg.index]:
        if not _may_run_on(text, sentence_start, sentence_end):
            continue  # nor can a part of it: no need to look for full stops inside
        for start, end in _unspaced_parts(text, sentence_start, sentence_end):
            if not _may_run_on(text, start, end):
                continue  # most long sentences: too few clauses, no need to count words
            sentence = text[start:end]
            words = count_words(sentence)
            parts = _CLAUSE_SPLIT_RE.split(sentence)
            if words <= RUN_ON_WORDS:
                continue
            if _is_list(parts):
                continue
            yield Hit(
                start, end, f"Run-on sentence: {words} words, {len(parts) - 1} commas/semicolons"
            )


def _may_run_on(text: str, start: int, end: int) -> bool:
    """Whether the text from ``start`` to ``end`` is long enough and has commas or
    semicolons enough to be a run-on sentence (counted in C, nothing copied)."""
    return (
        end - start >= RUN_ON_WORDS * 4
        and text.count(",", start, end) + text.count(";", start, end) >= RUN_ON_CLAUSES
    )


def _is_list(parts: list[str]) -> bool:
    """Whether the comma-separated parts of a sentence make a list, not clauses: half
    of them or more are short (J Smith (Leeds), A Jones (Hull)), or half of those
    after the first open with a name (..., the Propaganda Department, and the
    Municipal Bureau; ..., Ren Jiahui, Guo Lihong, members of ...)."""
    short = sum(count_words(p) <= LIST_ITEM_WORDS for p in parts)
    named = sum(_NAMED_PART_RE.match(p) is not None for p in parts[1:])
    return short * 2 >= len(parts) or named * 2 >= len(parts) - 1


def _unspaced_parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentence from ``start`` to ``end``, cut again where a full stop has no
    space after it."""
    cut = start
    for m in _UNSPACED_STOP_RE.finditer(text, start, end):
        yield cut, m.start()
        cut = m.start()
    yield cut, end
