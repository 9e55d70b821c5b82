"""Words glued together with no space: a lowercase word run into a capitalised one."""

from __future__ import annotations

from collections.abc import Iterator

from mtqa import regexcache
from mtqa.language.lexicon import is_english_word, zipf
from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule

# A lowercase word of three letters or more, then one capitalised word, nothing
# else: villagersThe, soonFly. One- and two-letter prefixes are brand shapes
# (iPod, eBay, myGov), and a second capital inside (macOS, phpBB) is a code.
_LOWER_UPPER_RE = regexcache.compile(
    r"[A-Z](?<=[a-z][A-Z])"
)  # what every glued pair has: found fast
_GLUED_RE = regexcache.compile(r"(?<![\w’'@#/.\\-])([a-z]{3,})([A-Z][a-z]+)(?![\w’'@/\\-]|\.[a-z])")
MIN_PREFIX_ZIPF = 3.0  # the lowercase part must be a word an MT engine would write


@rule(
    code="MT208",
    name="glued-words",
    category="Fluency/Spelling",
    severity="minor",
    rationale="""A lowercase word run into a capitalised one ("villagersThe",
    "soonFly") is two words, usually the end of one sentence and the start of the
    next, that lost the space (and often the full stop) between them. Brand and
    code shapes are left alone: a one- or two-letter prefix (iPod, eBay), another
    capital inside (macOS), a form English knows as a word (easyJet), one the
    document writes more than once (a product name), and web addresses, handles
    and hashtags. The suggestion restores the space; whether a full stop was lost
    too is the reader's to say, so the fix is not applied unread.""",
    flags=[
        (
            "The new road helped the villagersThe county also built schools.",
            "villagersThe",
            "villagers The",
        ),
        ("The plane lands soonFly with us again next year.", "soonFly", "soon Fly"),
    ],
    passes=[
        "She bought an iPod and sold it on eBay.",
        "The app runs on macOS and the forum on phpBB.",
        "Follow @cityNews or #greenWeek for updates.",
        "The cheapest flights were on easyJet this spring.",
        "The kit is called solarBox. Every solarBox ships with a panel.",
    ],
    fix="always",
    # not safe: "villagers The" is then a glued sentence (MT201) when the full stop
    # was lost as well, which only a reader can tell
    fix_safe=False,
    exceptions=[
        "brand and code shapes (iPod, eBay, macOS, easyJet)",
        "forms the document writes more than once (a product name)",
        "web addresses, handles and hashtags",
    ],
)
def glued_words(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    shape = ctx.ascii_shape(seg)
    if (b"lU" not in shape) if shape is not None else not _LOWER_UPPER_RE.search(text):
        return  # most paragraphs (_GLUED_RE opens with a look-behind: slow to scan)
    for m in _GLUED_RE.finditer(text):
        first, second = m.group(1), m.group(2)
        token = m.group()
        if zipf(first) < MIN_PREFIX_ZIPF or is_english_word(token) or ctx.allowed(token):
            continue
        if ctx.word_counts[token] > 1:
            continue  # a name the document repeats: a product, not a slip
        yield Hit(m.start(), m.end(), f"'{token}' is two words glued together", f"{first} {second}")
