"""Sentences a document says twice, word for word."""

from __future__ import annotations

from collections.abc import Iterator

from mtqa.model import SEGMENT_KINDS
from mtqa.rulebase import DocContext, Hit, rule

MIN_REPEATED_WORDS = 6


@rule(
    code="MT207",
    name="repeated-sentence",
    category="Fluency/Grammar",
    severity="major",
    rationale=f"""A sentence of {MIN_REPEATED_WORDS} words or more that the document
    already said, word for word (case, spacing and punctuation aside), inside a
    paragraph that is not itself a copy, is a passage the engine rendered twice.
    Consecutive repeated sentences of one paragraph are one finding. A whole
    paragraph printed twice is left alone: web pages repeat a caption, a summary
    or a title as a paragraph of its own (short ones are the repeated-title
    rule's); table rows and translation units may repeat.""",
    flags=[
        (
            "The county built new roads to every village last year. Trade grew. "
            "The county built new roads to every village last year.",
            "The county built new roads to every village last year.",
            "",
        ),
        (
            "Farms grew rice and wheat along the river.\n\n"
            "Exports rose. Farms grew rice and wheat along the river. Prices fell.",
            "Farms grew rice and wheat along the river.",
            "",
        ),
    ],
    passes=[
        "The county built new roads to every village last year. Trade grew fast.",
        "Trade grew. Trade grew.",
        "Farms grew rice and wheat along the river. Photo: the county\n\n"
        "Farms grew rice and wheat along the river. Photo: the county",
    ],
    scope="document",
    fix="always",
    exceptions=[
        "a whole paragraph printed twice (a caption or summary)",
        "table rows and translation units",
        "sentences under six words",
    ],
    # a row or unit is neither read nor reported (rows and units repeat legitimately)
    kinds=tuple(k for k in SEGMENT_KINDS if k not in ("row", "unit")),
)
def repeated_sentence(ctx: DocContext) -> Iterator[Hit]:
    if not _may_repeat(ctx):
        return  # most documents: no two sentences even look alike
    seen: set[str] = set()
    paragraphs: set[tuple[str, ...]] = set()
    for seg in ctx.segments:
        if seg.kind in ("row", "unit"):
            continue
        text = seg.text
        keys = [(span, _sentence_key(text[span[0] : span[1]])) for span in ctx.sentences[seg.index]]
        whole = tuple(key or "" for _, key in keys)
        if whole in paragraphs:
            continue  # the page repeats a whole paragraph: a caption or a summary
        paragraphs.add(whole)
        run: tuple[int, int] | None = None
        for (start, end), key in keys:
            if key is None:
                continue
            if key in seen:
                run = (run[0], end) if run else (start, end)
                continue
            seen.add(key)
            if run:
                yield Hit(*run, _REPEATED, "", segment=seg.index)
                run = None
        if run:
            yield Hit(*run, _REPEATED, "", segment=seg.index)


_REPEATED = "Sentence repeated from earlier in the document"


def _sentence_key(sentence: str) -> str | None:
    """The sentence's lowercased words without punctuation, or None when it is too
    short to compare (str.translate and split run in C)."""
    words = sentence.lower().translate(_PUNCTUATION).split()
    return " ".join(words) if len(words) >= MIN_REPEATED_WORDS else None


_PUNCTUATION = str.maketrans("", "", ".,;:!?\"“”‘’'()[]…—–")

# What _sentence_key drops from an ASCII sentence, and the characters str.split splits
# it at: a sentence without them is its key without spaces, found in C.
_ASCII_DROPPED = b".,;:!?\"'()[]\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "


def _may_repeat(ctx: DocContext) -> bool:
    """Whether two sentences of the document may have one key: a cheap pre-check,
    their keys without spaces (`_squeezed`) are equal. The segments read are those
    `repeated_sentence` reads."""
    seen: set[str] = set()
    for seg in ctx.segments:
        if seg.kind in ("row", "unit"):
            continue
        text = seg.text
        for start, end in ctx.sentences[seg.index]:
            squeezed = _squeezed(text[start:end])
            if squeezed in seen:
                return True
            seen.add(squeezed)
    return False


def _squeezed(sentence: str) -> str:
    """The sentence's key (as `_sentence_key` makes it, whatever its length) without
    spaces: for ASCII text, bytes.translate drops the punctuation and the spaces."""
    if sentence.isascii():
        return sentence.lower().encode().translate(None, _ASCII_DROPPED).decode()
    return "".join(sentence.lower().translate(_PUNCTUATION).split())
