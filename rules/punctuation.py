"""Punctuation and spacing left behind where an MT engine joined or split sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.textutil import LIST_NUMBER_MARKER, is_abbreviation

_STRAY_RE = re.compile(r"[.,;:][ \t]*[,;:]|[,;:][ \t]*\.(?!\.)|(?<!\.)\.[ \t]+\.(?![ \t]*\.)")
_ENTITY_END_RE = re.compile(r"&#?\w{1,10}$")  # "caf&#233;." : the ';' ends an entity


@rule(
    code="MT101",
    name="stray-punctuation",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""Two sentence marks in a row (". ." or ". ,") are what an MT engine leaves
    where it joined two source sentences or split one. A human writer's ellipsis,
    abbreviations (etc., U.S., Calif., Inc., Jr., a.m., from pysbd's English
    abbreviation list) and character entities (&amp;) are not flagged.""",
    flags=[
        ("The harvest was good this year. . Prices rose too.", ". ."),
        ("It was named a model village. , In May it hosted a fair.", ". ,"),
        ("We met the growers,, and the buyers.", ",,"),
        ("The plan cut poverty. , It also built roads.", ". ,"),
        ("The story was filed by reporter Wang Min. , In May the fair opened.", ". ,"),
        ("They mined coal and iron ore., In 2020 output rose.", ".,"),
    ],
    passes=[
        "Wait... what happened next?",
        "Apples, pears, etc., were on sale.",
        "The U.S., China and Japan signed it.",
        "The firm, based in Tacoma, Wash., hired 40 people.",
        "Founded in Fresno, Calif., in 1990, Acme Inc., its owner, grew fast.",
        "Ray Smith Jr., the mayor, opened it at 9 a.m., as planned.",
        "He quoted J.R.R. Tolkien.",
        "They met at the caf&#233;.",
    ],
)
def stray_punctuation(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    for m in _STRAY_RE.finditer(text):
        first = m.group()[0]
        if (
            first == "."
            and not m.group()[1].isspace()  # "Wash.," but never "Wash. ,"
            and is_abbreviation(text[max(0, m.start() - 24) : m.start()], m.group())
        ):
            continue
        if first == ";" and _ENTITY_END_RE.search(text, max(0, m.start() - 12), m.start()):
            continue
        following = text[m.end() : m.end() + 3].lstrip()
        keep = "," if following[:1].islower() else "."
        yield Hit(m.start(), m.end(), f"Stray punctuation '{m.group()}'", keep)


_SPACE_BEFORE_RE = re.compile(r"(?<=[^\W_])[ \t]+([,;:!?]|\.(?![ \t]*\.))(?=\s|$)")


@rule(
    code="MT102",
    name="space-before-punctuation",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""English sets no space before a comma, full stop, colon or semicolon.
    A space there marks a place where the engine spliced two pieces of output.""",
    flags=[
        ("They moved from city schools , to rural ones.", " ,"),
        ("The plan is ready .", " ."),
    ],
    passes=["They moved from city schools, to rural ones.", "Prices rose . . . then fell."],
)
def space_before_punctuation(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    for m in _SPACE_BEFORE_RE.finditer(seg.text):
        yield Hit(m.start(), m.end(), f"Space before '{m.group(1)}'", m.group(1))


_NO_SPACE_RE = re.compile(r"(?<=[a-z]{2})([.!?])(?=[A-Z][a-z])|(?<=[^\W\d_]{2})([,;])(?=[^\W\d_])")
_URLISH_RE = re.compile(r"\S*(?:://|www\.|@)\S*|\S+\.(?:com|org|net|cn|gov|edu|io)\b\S*", re.I)


@rule(
    code="MT103",
    name="missing-space-after-punctuation",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""A sentence mark glued to the next word ("District.Special") is what
    converting full-width Chinese punctuation or gluing a caption to the text
    leaves. Abbreviations, decimals, domain names and URLs are not flagged.""",
    flags=[
        ("Farmers dried maize in the yard.Photo by our reporter", "."),
        ("The costs of seed,fertiliser and fuel rose.", ","),
    ],
    passes=[
        "Visit www.example.com or example.org for details.",
        "It grew 3.5 percent, e.g. in the U.S. market.",
        "The No.1 document came out.",
    ],
)
def missing_space_after(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    urls: list[tuple[int, int]] | None = None
    for m in _NO_SPACE_RE.finditer(text):
        pos = m.start()
        if urls is None:
            urls = [u.span() for u in _URLISH_RE.finditer(text)]
        if any(a <= pos < b for a, b in urls):
            continue
        mark = m.group()
        yield Hit(pos, pos + 1, f"No space after '{mark}'", mark + " ")


# two spaces after a sentence end, also behind a closing quote or bracket (."  .)  ),
# are the old typing convention
_INNER_SPACES_RE = re.compile(r"(?<=[^\s.!?:])(?<![.!?][\"”’)\]])[ \t]{2,}(?=\S)|\u3000+")
_INDENT_RE = re.compile(r"^[ \t\u3000]+(?=\S)")
_LIST_MARKER_RE = re.compile(rf"(?:[-–—*•·▪●◦+>]|{LIST_NUMBER_MARKER})(?:\s|$)")


def _indent(seg: Segment) -> str:
    m = _INDENT_RE.match(seg.text)
    return m.group() if m else ""


def _layout_indent(ctx: DocContext) -> str | None:
    """The indent every paragraph of the document shares (two or more), else None."""

    def compute() -> str | None:
        body = [s for s in ctx.segments if s.text.strip()]
        indents = {_indent(s) for s in body}
        return indents.pop() if len(body) > 1 and len(indents) == 1 else None

    return ctx.once("layout-indent", compute)


@rule(
    code="MT104",
    name="irregular-spacing",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""Chinese texts indent paragraphs with two spaces or a full-width space;
    carried into English, that indent and doubled spaces inside a sentence show
    unedited MT. An indent counts as Chinese layout when it is full-width, two or
    more spaces before a paragraph of prose, or shared by every paragraph of the
    document; a stray single space before one line, and the indent of a list item,
    are left alone. Two spaces after a full stop are an old typing convention and
    are left alone.""",
    flags=[
        ("  The county opened two new schools.", "  "),
        ("The county opened  two new schools.", "  "),
        ("The county opened\u3000two new schools.", "\u3000"),
        ("\u3000The county opened two new schools.", "\u3000"),
    ],
    passes=[
        "The county opened two new schools.  Both are full.",
        'He said "no."  Then he left (as forecast.)  Profits fell.',
        " The county opened two new schools.",
        "  - Two new schools",
        "  3. Two new schools",
    ],
)
def irregular_spacing(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    indent = _indent(seg)
    if indent and (
        "\u3000" in indent
        or (len(indent) >= 2 and not _LIST_MARKER_RE.match(text, len(indent)))
        or _layout_indent(ctx) == indent
    ):
        yield Hit(0, len(indent), "Paragraph indented with spaces (Chinese layout)", "")
    for m in _INNER_SPACES_RE.finditer(text):
        if m.start() == 0:
            continue
        yield Hit(m.start(), m.end(), "Irregular space inside a sentence", " ")


_BRACKETS = {"(": ")", "[": "]"}
_BRACKET_CLOSERS = {v: k for k, v in _BRACKETS.items()}
_BRACKET_RE = re.compile(r"[()\[\]]")
_LIST_NUMBER_RE = re.compile(r"\s*(?:\d{1,3}|[a-zA-Z])\)")


@rule(
    code="MT105",
    name="unbalanced-quotes",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""A closing quote or bracket with no opening one (or the reverse) in a
    paragraph is left where the engine dropped or moved part of a quotation. Straight
    quotes are read as opening or closing from their neighbours, and the finding
    points at the mark that has no partner. English conventions are not flagged: a
    quotation running over several paragraphs opens each with a quote mark and
    closes only the last, also where the paragraphs were run together on one line.""",
    flags=[
        ("Delays cost lives, the doctor warned.”", "”"),
        ("The county (which borders the river has 300,000 people.", "("),
        ('He said "the plan works. Then he left.', '"'),
        ('The mayor said the roads were ready." Work starts today.', '"'),
        ('They paid an ""unfair" price.', '"'),
    ],
    passes=[
        "“Costs fell,” she said (in May).",
        "1) Repair the roads.",
        'He called it "a good start".',
        'She said: "We want more money for schools. "And more for roads."',
        'He bought a 12" record and a "new" player.',
    ],
)
def unbalanced_quotes(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    quotes = ctx.quotes(seg)
    for pos in quotes.doubled:
        yield Hit(pos, pos + 1, f"'{text[pos]}' typed twice", "")
    for pos in quotes.unopened:
        yield Hit(pos, pos + 1, f"'{text[pos]}' closes no quotation in this paragraph")
    for pos in quotes.unclosed:
        yield Hit(pos, pos + 1, f"'{text[pos]}' opens a quotation that is never closed")
    stack: list[tuple[str, int]] = []
    for m in _BRACKET_RE.finditer(text):
        ch, pos = m.group(), m.start()
        if ch in _BRACKETS:
            stack.append((ch, pos))
        elif stack and stack[-1][0] == _BRACKET_CLOSERS[ch]:
            stack.pop()
        elif ch == ")" and _LIST_NUMBER_RE.fullmatch(text[: pos + 1]):
            continue
        else:
            yield Hit(pos, pos + 1, f"'{ch}' closes nothing in this paragraph")
    for ch, pos in stack:
        yield Hit(pos, pos + 1, f"'{ch}' is never closed in this paragraph")


_ATTRIBUTION_RE = re.compile(
    r"\.(?=[”\"]\s+(?:said|says|added|asked|noted|told|stressed|explained|emphasized|"
    r"emphasised|pointed out|according to)\b)"
)


@rule(
    code="MT106",
    name="attribution-punctuation",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""In English a quotation followed by its attribution ends with a comma
    inside the quote ("…strategy,” said Li). A full stop there is the Chinese
    layout, where the attribution is a new sentence.""",
    flags=[("“We will build the road first.” said the mayor.", ".")],
    passes=["“We will build the road first,” said the mayor.", "“Why?” asked the mayor."],
)
def attribution_punctuation(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    for m in _ATTRIBUTION_RE.finditer(seg.text):
        yield Hit(m.start(), m.end(), "Quotation before its attribution ends with a full stop", ",")


_FULLWIDTH = {
    "。": ".",
    "、": ",",
    "【": "[",
    "】": "]",
    "《": "“",
    "》": "”",
    "「": "“",
    "」": "”",
}
_FULLWIDTH_RE = re.compile(r"[\uff01-\uff5e。、【】《》「」]")
_HAN = r"\u3400-\u9fff\uf900-\ufaff"
_NEAR_HAN_RE = re.compile(f"[{_HAN}]")


@rule(
    code="MT107",
    name="fullwidth-punctuation",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""Full-width Chinese punctuation (，。：（）) and full-width letters and
    digits left in English text are untranslated typography; readers and search
    treat them as different characters. Inside untranslated Chinese text they are
    part of the untranslated-text finding instead.""",
    flags=[("Output rose 5%，the bureau said。", "，"), ("The list（draft）is out.", "（")],
    passes=["Output rose 5%, the bureau said.", "Output rose in 2020（二〇二〇年）."],
)
def fullwidth_punctuation(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    for m in _FULLWIDTH_RE.finditer(text):
        pos = m.start()
        if _NEAR_HAN_RE.search(text, max(0, pos - 1), pos + 2):
            continue
        ch = m.group()
        ascii_form = _FULLWIDTH.get(ch) or unicodedata.normalize("NFKC", ch)
        yield Hit(pos, pos + 1, f"Full-width '{ch}' in English text", ascii_form)
