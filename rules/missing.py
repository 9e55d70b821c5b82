"""Units left untranslated: a source to translate and no target text, or a translation
the file marks as one not to use.

The readers of translation files keep such a unit as a segment without text
(`mtqa.model.Segment.untranslated`): an XLIFF unit without a ``<target>``, with an
empty one or one of inline tags or blanks only, a TMX unit without a variant in the
target language or with an empty ``<seg>``, an empty PO ``msgstr``, an empty target
cell, a JSON ``null`` or a JSON row without the target field. Left out, a file of a
hundred units with ten translated would pass on those ten. A PO entry marked
``#, fuzzy`` keeps its text (the other rules check it) and its state
(`mtqa.model.Segment.state`): gettext leaves it out of the compiled catalogue, so
the program shows the source.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtqa.model import TAG, Segment, has_text
from mtqa.rulebase import DocContext, Hit, rule

QUOTED_CHARS = 40  # of the source, in the message: enough to find the unit by eye


def _quote(source: str) -> str:
    """The start of a source on one line, cut with an ellipsis when longer; an inline
    tag's place (TAG) is a space there."""
    flat = " ".join(source.replace(TAG, " ").split())
    return flat if len(flat) <= QUOTED_CHARS else flat[: QUOTED_CHARS - 1] + "…"


@rule(
    code="MT307",
    name="missing-translation",
    category="Accuracy/Untranslated",
    severity="major",
    rationale="""A unit with a source and no translation: no target, an empty one, one
    of inline tags or blank characters only (zero-width spaces, a braille blank),
    an empty msgstr, an empty target cell, a TMX unit without a variant in the target
    language. MQM calls a segment meant for translation and left untranslated
    Accuracy/Untranslated. Each counts as a major error and has no words of its own,
    so a file whose units are mostly untranslated fails however clean the few
    translated ones are; one with no translated unit at all fails too, with a
    finding for every unit. The finding stands where the target is, or where the
    source is when the unit has no target. A PO entry marked fuzzy is one too:
    gettext leaves fuzzy translations out of the compiled catalogue, and the program
    shows the source; the finding covers its text, which the other rules still
    check. Units marked translate="no" (XLIFF), PO header and obsolete entries, and
    units whose source has no text are no units to translate.""",
    flags=[
        (" \t每天锻炼身体。", " ", None),
        ("   \tPress the button.", "   ", None),
        ("\u200b\t每天锻炼身体。", "\u200b", None),
        ("\u2800\t每天锻炼身体。", "\u2800", None),
    ],
    passes=["Exercise every day.\t每天锻炼身体。", "\t", "2024\t2024", ".\t。", "\u200b\t\u200b"],
    # no need declared: a plain-text run would list it as not run for want of a
    # source; its kinds keep it to units and rows, and a row without source is skipped
    languages=None,
    kinds=("row", "unit"),
    fix="never",
    exceptions=[
        'XLIFF units marked translate="no" (the nearest of themselves, group, file)',
        "units whose source has no text either",
        "PO header and obsolete (#~) entries",
    ],
)
def missing_translation(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    if not (seg.untranslated or (seg.state == "fuzzy" and has_text(seg.source))):
        return
    what = "unit" if seg.kind == "unit" else "row"
    # a PO entry's id is its msgid, the source again: then the segment's number in
    # the file (a chunk's index plus the segments before it)
    name = (
        seg.id.replace("\x04", "|")  # a PO context and msgid, as "menu|Open"
        if seg.id and seg.id != seg.source and len(seg.id) <= 40
        else seg.index + ctx.document.segment_offset
    )
    quoted = _quote(seg.source or "")
    if seg.untranslated:
        message = f"{what} {name} has no translation (source: '{quoted}')"
    else:
        message = (
            f"{what} {name} is marked fuzzy, so gettext does not use its translation "
            f"(source: '{quoted}')"
        )
    yield Hit(0, len(seg.text), message)  # the empty target, its blanks, or its text
