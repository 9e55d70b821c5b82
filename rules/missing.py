"""Units left untranslated: a source to translate and no target at all.

The readers of translation files keep such a unit as a segment without text
(`mtqa.model.Segment.untranslated`): an XLIFF unit without a ``<target>`` or with
an empty one, a TMX variant with an empty ``<seg>``, an empty PO ``msgstr``, an
empty target cell or a JSON ``null``. Left out, a file of a hundred units with
ten translated would pass on those ten.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule

QUOTED_CHARS = 40  # of the source, in the message: enough to find the unit by eye


def _quote(source: str) -> str:
    """The start of a source on one line, cut with an ellipsis when longer."""
    flat = " ".join(source.split())
    return flat if len(flat) <= QUOTED_CHARS else flat[: QUOTED_CHARS - 1] + "…"


@rule(
    code="MT307",
    name="missing-translation",
    category="Accuracy/Untranslated",
    severity="major",
    rationale="""A unit with a source and no translation: no target, an empty one, an
    empty msgstr, an empty target cell. MQM calls a segment meant for translation
    and left untranslated Accuracy/Untranslated. Each counts as a major error and
    has no words of its own, so a file whose units are mostly untranslated fails
    however clean the few translated ones are; one with no translated unit at all
    fails too, with a finding for every unit. The finding stands where the target
    is, or where the source is when the unit has no target element. Units marked
    translate="no" (XLIFF), PO header and obsolete entries, and units whose source
    is empty are no units to translate.""",
    flags=[
        (" \t每天锻炼身体。", " ", None),
        ("   \tPress the button.", "   ", None),
    ],
    passes=["Exercise every day.\t每天锻炼身体。", "\t", "2024\t2024"],
    # no need declared: a plain-text run would list it as not run for want of a
    # source; its kinds keep it to units and rows, and a row without source is skipped
    languages=None,
    kinds=("row", "unit"),
    fix="never",
    exceptions=[
        'XLIFF units marked translate="no", on themselves or their group or file',
        "units whose source is empty too",
        "PO header and obsolete (#~) entries; fuzzy entries with a msgstr are translations",
    ],
)
def missing_translation(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    if seg.untranslated:
        what = "unit" if seg.kind == "unit" else "row"
        # a PO entry's id is its msgid, the source again: then the segment's number
        name = seg.id if seg.id and seg.id != seg.source and len(seg.id) <= 40 else seg.index
        yield Hit(
            0,
            len(seg.text),  # the empty target, or its blanks
            f"{what} {name} has no translation (source: '{_quote(seg.source or '')}')",
        )
