"""Content that no translator wrote: injected headlines, repeated title lines,
portal suffixes and the furniture lines of a page's header.

The rules here read a line's place in the document (the title, the header
above the first paragraph, the lines beside a date stamp). The boilerplate
that a line's words alone give away (breadcrumbs, bylines, cookie notices,
link-list labels, SEO spam) is data, in ``packs/boilerplate.toml`` and
``packs/spam.toml``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import replace

from mtqa import regexcache
from mtqa.language.lexicon import HAN
from mtqa.model import SEGMENT_KINDS, Segment
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.textutil import count_tokens, count_words

# Reading prompts that scrapers glue to an unrelated headline. The labels of
# link lists (Related, Recommended, Most read) are the boilerplate pack's.
_LINK_LABEL_RE = regexcache.compile(
    r"^\s*(See also|Read also|Also read|Read more)\s*[:：»>-]?\s+(\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
# a paragraph this long that ends like a sentence is article prose: one sentence
# of news ("The tourists came to the new tea garden in large numbers on Sunday."),
# longer than page furniture that ends with a full stop ("All rights reserved.",
# "Editor: Zhang Wei.", "Copyright 2024 Xinhua News Agency.")
BODY_WORDS = 8
_PROSE_ENDS = frozenset('.!?。”"')  # a line ending in one ends like a sentence


def _ends_like_prose(text: str) -> bool:
    """Whether the text's last visible character ends a sentence."""
    return text.rstrip()[-1:] in _PROSE_ENDS


# what a page's footer says, which ends like a sentence as prose does: a copyright
# line, a reprint note ("This article was originally published by ...")
_FOOTER_RE = regexcache.compile(
    r"copyright|©|all rights reserved|originally (?:published|appeared)|"
    r"(?:reprinted|republished|reproduced) (?:from|with|by|here)",
    re.IGNORECASE,
)


def _is_body_paragraph(seg: Segment, ctx: DocContext) -> bool:
    """Article prose: a sentence's worth of words ending like a sentence, and no
    footer's words."""
    return (
        _ends_like_prose(seg.text)
        and ctx.word_count(seg) >= BODY_WORDS
        and not _FOOTER_RE.search(seg.text)
    )


@rule(
    code="MT601",
    name="injected-link",
    category="Accuracy/Addition",
    severity="critical",
    rationale="""Scraper sites inject "See also <headline>" lines into the body of a
    copied article, each pointing at an unrelated story. Inside the body (article
    prose follows) the line is critical: it reads as part of the article. A
    related-links line after the last paragraph is ordinary page furniture and
    is reported as major.""",
    flags=[
        (
            "The dam will be finished next year, officials said on Monday.\n\n"
            "See also  Ten tips to grow tomatoes on a balcony\n\n"
            "Work on the second phase, which includes a power station, starts in May.",
            "See also  Ten tips to grow tomatoes on a balcony",
            "",
        )
    ],
    passes=["See also the table below for the full figures of every county in the province."],
    scope="document",
    fix="always",
    exceptions=[
        'a "See also" line that reads as a sentence',
    ],
)
def injected_link(ctx: DocContext) -> Iterator[Hit]:
    segments = ctx.segments
    links = [
        (i, seg, m)
        for i, seg in enumerate(segments)
        if (m := _LINK_LABEL_RE.match(seg.text))
        and not _ends_like_prose(seg.text)
        and count_words(m.group(2)) <= 25
    ]
    if not links:
        return  # most documents: no link line, and no need to find the article body
    body_after = [False] * (len(segments) + 1)
    for i in range(len(segments) - 1, -1, -1):
        body_after[i] = body_after[i + 1] or _is_body_paragraph(segments[i], ctx)
    for i, seg, m in links:
        in_body = body_after[i + 1]
        # where no article prose comes before it either, there is no article to be after
        after = not in_body and any(_is_body_paragraph(s, ctx) for s in segments[:i])
        where = " inside the article body" if in_body else " after the article" if after else ""
        yield Hit(
            m.start(1),
            len(seg.text.rstrip()),
            f"Injected '{m.group(1)}' link line{where}",
            "",
            severity="critical" if in_body else "major",
            segment=seg.index,
        )


ROW_KINDS = ("row", "unit")
NOT_ROWS = tuple(k for k in SEGMENT_KINDS if k not in ROW_KINDS)  # a page's segments
HEADER_REACH = 12  # the header (lines above the first paragraph) is at most this many lines
_BREADCRUMB_RE = regexcache.compile(r"^\s*(?:Home|首页)\s*[»>›/→]\s*")
_SUFFIX_RE = regexcache.compile(r"\s*[_|]\s*[^_|]{2,60}$")
# a lowercase tag in brackets ending a title line: "(topic)", "(theme)"
_TAG_TAIL_RE = regexcache.compile(r"[ \t]*[(（][a-z]{3,15}[)）][ \t]*$")
_ELLIPSIS_RE = regexcache.compile(r"\s*(?:…|\.{3})\s*$")
_CONTENT_LETTERS = 4  # words this long carry a title's content (the, of, and do not)
_TITLE_MAX_CHARS = 500  # longer than a title of 40 words: no need to count them
_REPEAT_MAX_SPACES = 50  # more than a line of 40 words has (a paragraph: no need to count)
_HEADER_PROSE_WORDS = 8  # a sentence this long ends the header (a lead, a first paragraph)


_MONTH = "|".join(n for n in (*calendar.month_name, *calendar.month_abbr) if n)
_DATE = (
    r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"  # 2023-08-27, 2023年8月27日
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}"  # 27/08/2023
    rf"|(?:{_MONTH})\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"  # Aug. 27, 2023
    rf"|\d{{1,2}}[ \t]+(?:{_MONTH})\.?,?[ \t]+\d{{4}}"  # 27 August 2023
    r"|\d{1,2}月[ \t]*\d{1,2},?[ \t]+\d{4})"  # 8月 27, 2023
)
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
# A line that is a date (with a year), perhaps a clock time, and at most a few
# short tokens after them (a view count, "By", a bracketed field): a page's stamp.
_STAMP_RE = regexcache.compile(
    rf"^[ \t]*(?:(?:{_TIME}),?[ \t]+)?{_DATE}(?:,?[ \t]+{_TIME})?(?:[ \t]+[^\s.。]+){{0,6}}[ \t]*$"
)


def _title_key(text: str) -> str:
    """A line's words and numbers (`_words_key`) without a breadcrumb or a portal
    suffix: two lines with one key say the same thing (``A | B`` = ``A: B``)."""
    text = _BREADCRUMB_RE.sub("", text)
    text = _SUFFIX_RE.sub("", text)
    return _words_key(text)


def _words_key(text: str, tokens: list[str] | None = None) -> str:
    """A line's words and numbers, casefolded, joined by spaces (no word holds
    one): one string to hash, not a tuple of words. ``tokens``, if given, are the
    line's `COUNT_RE` tokens, found already (an ASCII line's are casefolded as they
    are: casefolding other text may change what a token is, İ to i̇)."""
    if tokens is not None and text.isascii():
        return " ".join(tokens).lower()
    return " ".join(count_tokens(text.casefold()))


def _key_words(key: str) -> list[str]:
    """The words of a key (`_words_key`)."""
    return key.split(" ") if key else []


def _title_keys(text: str, words: str) -> tuple[str, ...]:
    """The keys a line is known by, its words first (``words``, its
    `_words_key`): with and without a breadcrumb, and with and without what looks
    like a portal suffix (after ``|`` it may be the title itself: ``Author |
    Title``)."""
    if "_" not in text and "|" not in text and not _BREADCRUMB_RE.match(text):
        return (words,)  # nothing to strip: the common case
    return words, _title_key(text), _words_key(_BREADCRUMB_RE.sub("", text))


def _content_words(words: list[str]) -> set[str]:
    """The casefolded words of at least _CONTENT_LETTERS letters (no stop list:
    English function words are short) of a line's words (`DocContext.words`)."""
    return {w.casefold() for w in words if len(w) >= _CONTENT_LETTERS}


def _title_shaped(seg: Segment) -> bool:
    """A title or a line of a header: a few words that do not end like a sentence."""
    text = seg.text
    return (
        len(text) <= _TITLE_MAX_CHARS
        and 4 <= count_words(text) <= 40
        and not _ends_like_prose(text)
    )


def header(ctx: DocContext) -> list[Segment]:
    """The segments above the first sentence of prose (at most HEADER_REACH), where
    a page puts its title, bylines, date stamps and column labels (computed once)."""

    def compute() -> list[Segment]:
        found = []
        for seg in ctx.segments[:HEADER_REACH]:
            if seg.kind in ROW_KINDS:
                break  # rows of a table or units of a TM have no page header
            if _ends_like_prose(seg.text) and ctx.word_count(seg) >= _HEADER_PROSE_WORDS:
                break
            found.append(seg)
        return found

    return ctx.once("notarticle-header", compute)


def title(ctx: DocContext) -> Segment | None:
    """The document's title: the first header line of a few words that does not
    end like a sentence and is no date stamp; None when the document opens with
    prose (computed once)."""

    def compute() -> Segment | None:
        return next(
            (
                s
                for s in header(ctx)
                if _title_shaped(s)
                and len(_content_words(ctx.words(s))) >= 2
                and not _STAMP_RE.match(s.text)
            ),
            None,
        )

    return ctx.once("notarticle-title", compute)


def _reworded_title(words: list[str], title_words: set[str]) -> bool:
    """Whether a header line says the title again in other words or in part.

    At least three content words are shared, their Dice overlap with the
    title's content words is at least one half, and two of the shared words are
    written in lowercase in the line: a speaker's name and office ("Ann Lee,
    spokesperson of the Water Department") repeat a name from the title, not
    the title.
    """
    content = _content_words(words)
    shared = content & title_words
    if len(shared) < 3 or 2 * len(shared) < 0.5 * (len(content) + len(title_words)):
        return False
    return sum(1 for w in words if w.islower() and w in shared) >= 2


def _truncated_title(seg: Segment, title_key: str) -> bool:
    """Whether a line is the title cut short and ended with an ellipsis (the last
    word may be cut in half)."""
    if not _ELLIPSIS_RE.search(seg.text):
        return False
    key = _key_words(_title_key(_ELLIPSIS_RE.sub("", seg.text)))
    top = _key_words(title_key)
    if len(key) < 4 or len(key) >= len(top):
        return False
    return top[: len(key) - 1] == key[:-1] and top[len(key) - 1].startswith(key[-1])


def _whole(seg: Segment, message: str) -> Hit:
    """A hit on a segment's whole text, outer spaces left out, to delete."""
    start = len(seg.text) - len(seg.text.lstrip())
    return Hit(start, len(seg.text.rstrip()), message, "", segment=seg.index)


@rule(
    code="MT602",
    name="repeated-title",
    category="Accuracy/Addition",
    severity="minor",
    rationale="""Scraped pages repeat the headline as body lines (with and without a
    breadcrumb or portal suffix, with other separators, reworded by a second
    translation, or cut short with an ellipsis), and copy whole lines twice.
    Every repeat after the first is not article text. A reworded repeat counts
    only in the header above the first sentence of prose, where a page puts its
    titles: there it shares at least three content words with the title (Dice
    overlap at least one half), two of them ordinary lowercase words, so that a
    speaker's name and office taken from the title do not count.""",
    flags=[
        (
            "Village roads reach every home_County News\n\n"
            "Village roads reach every home_County News\n\n"
            "The county paved 300 kilometres of roads last year.",
            "Village roads reach every home_County News",
            "",
        ),
        (
            "County paves village roads to every home in the hills\n\n"
            "Village roads reach every home in the hills of the county\n\n"
            "The county paved 300 kilometres of roads last year, officials said on Monday.",
            "Village roads reach every home in the hills of the county",
            "",
        ),
        (
            "County paves village roads to every home in the hills\n\n"
            "County paves village roads to every ho…",
            "County paves village roads to every ho…",
            "",
        ),
    ],
    passes=[
        "The county paved roads.\n\nThe county paved roads in 2020 and 2021 as well.",
        "County paves village roads\n\n"
        "The county paved village roads to every home last year, officials said on Monday.",
    ],
    scope="document",
    fix="always",
    exceptions=[
        "table rows and translation units",
        "lines of fewer than four or more than forty words",
        "a body line that extends the title",
    ],
    kinds=NOT_ROWS,  # it reads no row either (rows and units repeat legitimately)
)
def repeated_title(ctx: DocContext) -> Iterator[Hit]:
    top = title(ctx)
    top_key = _title_key(top.text) if top else ""
    top_words = _content_words(ctx.words(top)) if top else set()
    in_header = {s.index for s in header(ctx)}
    # a repeat of the header or of the opening line (a headline long enough to
    # read as a paragraph) repeats the title; any other repeats a line
    opening = next((s for s in ctx.segments if len(_content_words(ctx.words(s))) >= 2), None)
    titles = in_header | ({opening.index} if opening else set())
    seen: dict[str, Segment] = {}  # a line's keys -> its first occurrence
    for seg in ctx.segments:
        if seg.kind in ROW_KINDS or seg.text.count(" ") > _REPEAT_MAX_SPACES:
            continue  # rows of a table or units of a TM repeat legitimately
        words = _words_key(seg.text, ctx.count_tokens(seg))
        if not 4 <= (words.count(" ") + 1 if words else 0) <= 40:
            continue
        keys = _title_keys(seg.text, words)
        first = seg  # the line of the first key seen before, or this one
        for k in keys:
            earlier = seen.setdefault(k, seg)
            if first is seg:
                first = earlier
        if first is not seg:
            what = "Title" if first.index in titles else "Line"
            yield _whole(seg, f"{what} repeated word for word, not article text")
        elif top is None or seg is top or seg.index not in in_header or not _title_shaped(seg):
            continue
        elif _truncated_title(seg, top_key):
            yield _whole(seg, "Title repeated, cut short, not article text")
        elif _reworded_title(ctx.words(seg), top_words):
            hit = _whole(seg, "Title repeated in other words, not article text")
            if tag := _TAG_TAIL_RE.search(seg.text, hit.start, hit.end):
                hit = replace(hit, end=tag.start())  # the tag is MT609's, deleted apart
            yield hit


# A portal's name after the title: glued with "_" on any line, or after " | " or
# a spaced dash on the title line when it names a site (a domain, or a last word
# that is a kind of site: "- County Daily", "| Example.com").
# (a capital, a Chinese name or a domain such as 163.com follows the underscore; a
# code name such as x86_64-linux is none)
_UNDERSCORE_SUFFIX_RE = regexcache.compile(rf"(?<=\S) ?_(?=[A-Z{HAN}]|\d+\.[a-z])[^_\n]{{2,60}}$")
# the last separator of the line: what follows it is the candidate site name
_TITLE_SUFFIX_RE = regexcache.compile(
    r"^.*(?P<sep>[ \t]+(?:\|[ \t]*|[-–—][ \t]+))(?P<site>[^|\n]{2,50}?)[ \t]*$"
)
_DOMAIN_RE = regexcache.compile(r"\w\.(?:com|net|org|cn|gov|edu|info|co|tv)\b", re.IGNORECASE)
_SITE_KINDS = frozenset(
    "news net network online daily times post web website portal media tv radio press "
    "channel gazette herald journal tribune weekly magazine blog forum observer".split()
)


def _site_name(name: str, pipe: bool) -> bool:
    """Whether the text after a title separator names a website: a domain, or a
    name of at most five capitalised words whose last is a kind of site; after a
    "|" any such short capitalised name (news headlines do not use one)."""
    if _DOMAIN_RE.search(name):
        return True
    words = name.split()
    if not 1 <= len(words) <= 5 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return False
    return pipe or words[-1].casefold().strip(".") in _SITE_KINDS


@rule(
    code="MT606",
    name="portal-suffix",
    category="Accuracy/Addition",
    severity="minor",
    rationale="""Content farms keep the source portal's name on the headline: glued
    with an underscore ("…_China.com"), or after a "|" or a dash on the title
    line ("… | County Daily", "… - example.com"). It is not part of the title. A
    dash suffix counts only when it names a site (a domain, or a last word such
    as News, Daily, Network), since a headline may end with a speaker ("… -
    Minister").""",
    flags=[
        ("Tea farmers grow rich_County Government Network", "_County Government Network", ""),
        ("Why do tea farmers grow rich? _Example.com", " _Example.com", ""),
        ("Tea farmers grow rich | County Daily\n\nThe farmers sold tea.", " | County Daily", ""),
        ("Tea farmers grow rich - example.com\n\nThe farmers sold tea.", " - example.com", ""),
    ],
    passes=[
        "The file name is report_final.txt in the folder.",
        "Taxes must be fair - Minister\n\nThe minister spoke on Monday.",
        "Tea farmers grow rich\n\nThe farmers sold tea | County Daily",
    ],
    scope="document",
    fix="always",
    exceptions=[
        "underscores in file names",
        'a dash before a speaker ("... - Minister")',
        "a suffix on a line that is not the title",
    ],
)
def portal_suffix(ctx: DocContext) -> Iterator[Hit]:
    top = title(ctx)
    for seg in ctx.segments:
        m = _UNDERSCORE_SUFFIX_RE.search(seg.text.rstrip()) if "_" in seg.text else None
        if m is None and seg is top:
            end = _TITLE_SUFFIX_RE.match(seg.text.rstrip())
            if end and _site_name(end.group("site"), "|" in end.group("sep")):
                start = end.start("sep")
                yield Hit(
                    start, end.end(), "Website name glued to the title", "", segment=seg.index
                )
        if m:
            yield Hit(m.start(), m.end(), "Website name glued to the title", "", segment=seg.index)


_DASH_LABEL_RE = regexcache.compile(
    r"^[ \t]*[-–—]{1,2}(?=[A-Z])[^\W\d_]+(?:[ \t][^\W\d_]+)?[ \t]*$"
)
_SITE_LINE_RE = regexcache.compile(r"^[ \t]*(?=[\d.-]*[a-z])[a-z\d][a-z\d.-]{2,40}[ \t]*$")
_ISSUE_RE = regexcache.compile(
    r"\b\d+(?:st|nd|rd|th)[ \t]+issue\b|\bissue[ \t]+No\.?[ \t]*\d", re.I
)
_CRUMB_SEPARATOR_RE = regexcache.compile(r"\s[>»›→]\s")
_NAME_LINE_MAX = 6  # a byline or pen name has at most this many words


def _pen_name(seg: Segment) -> bool:
    """A short line that can be a byline or pen name: a few words, no digits, not
    ending like a sentence."""
    text = seg.text
    return (
        1 <= count_words(text) <= _NAME_LINE_MAX
        and not any(c.isdigit() for c in text)
        and not _ends_like_prose(text)
    )


def _breadcrumb_items(lines: list[Segment]) -> set[str]:
    """The items (casefolded) of the header's breadcrumb lines: lines with at
    least two spaced ``>`` or ``»`` separators (Home > News > Farming)."""
    items: set[str] = set()
    for seg in lines:
        parts = _CRUMB_SEPARATOR_RE.split(seg.text)
        if len(parts) >= 3:
            items.update(" ".join(p.casefold().split()) for p in parts)
    return items


def _header_lines(ctx: DocContext) -> Iterator[Hit]:
    """The furniture of the header: pen names beside a date stamp, a section name
    repeated from the breadcrumb, a site name opening the page and lowercase
    tags ending a title line."""
    lines = header(ctx)
    stamps = {i for i, s in enumerate(lines) if _STAMP_RE.match(s.text)}
    opener = next((s for s in lines if s.text.strip()), None)
    top = title(ctx)
    sections = _breadcrumb_items(lines)
    for i, seg in enumerate(lines):
        if i in stamps:
            continue
        beside = (i - 1 in stamps or i + 1 in stamps) and seg is not opener and seg is not top
        if beside and _pen_name(seg):
            yield _whole(seg, "Byline or pen name beside the date stamp, not article text")
        elif " ".join(seg.text.casefold().split()) in sections and _pen_name(seg):
            yield _whole(seg, "Section name from the breadcrumb, not article text")
        elif (
            seg is opener
            and seg.kind == "paragraph"  # a Markdown heading is the author's
            and len(ctx.segments) > 1
            and _SITE_LINE_RE.match(seg.text)
        ):
            yield _whole(seg, "Website name above the article, not article text")
        elif _title_shaped(seg) and (m := _TAG_TAIL_RE.search(seg.text.rstrip())):
            yield Hit(
                m.start(), m.end(), "Tag of a title line, not article text", "", segment=seg.index
            )


@rule(
    code="MT609",
    name="furniture-line",
    category="Accuracy/Addition",
    severity="minor",
    rationale="""Lines a page puts around the article that no pack word gives away,
    found by their shape and place: a line that is only a date stamp (a date
    with its year, perhaps a time and a few short tokens); in the header above
    the first paragraph, a short line beside that stamp (the byline or pen
    name), a line repeating an item of the breadcrumb (the section's name), a
    lone lowercase site name opening the page, a lowercase tag in
    brackets ending a title line ("(topic)"); anywhere, a column label glued to a
    dash ("-Editorial") and a title-shaped line naming a print issue ("the 12th
    issue of").""",
    flags=[
        (
            "Spring tea comes to market\n\n2023-04-02 09:15:22\n\n"
            "The first spring tea reached the market on Monday, a week earlier than last year.",
            "2023-04-02 09:15:22",
            "",
        ),
        (
            "Spring tea comes to market\nThe old tea picker\n2023-04-02 09:15:22\n\n"
            "The first spring tea reached the market on Monday, a week earlier than last year.",
            "The old tea picker",
            "",
        ),
        (
            "teanews\n\nSpring tea comes to market\n\n"
            "The first spring tea reached the market on Monday, a week earlier than last year.",
            "teanews",
            "",
        ),
        (
            "-Commentary\n\nThe tea market is hot this spring, and prices keep rising.",
            "-Commentary",
            "",
        ),
        (
            "You are here: Home > Papers > Farming\nPapers\nSpring tea comes to market\n\n"
            "The first spring tea reached the market on Monday, a week earlier than last year.",
            "Papers",
            "",
        ),
        ("Spring tea comes to market early this year (topic)", " (topic)", ""),
    ],
    passes=[
        "Saturday, 26 February\n\nThe match starts at three.",
        "The market opened on 2 April 2023, a week early.",
        "- Tea prices rose by a third\n- Coffee prices fell",
        "Spring tea comes to market\n\n"
        "The first spring tea (green) reached the market on Monday, a week earlier than last year.",
    ],
    scope="document",
    fix="always",
    exceptions=[
        "dates inside sentences",
        "list items",
        "a bracketed word inside a sentence",
        "table rows and translation units",
    ],
    kinds=NOT_ROWS,  # not rows of a table or units of a TM: the engine drops hits on them
)
def furniture_line(ctx: DocContext) -> Iterator[Hit]:
    for seg in ctx.segments:
        if _STAMP_RE.match(seg.text):
            yield _whole(seg, "Date stamp line, not article text")
        elif _DASH_LABEL_RE.match(seg.text):
            yield _whole(seg, "Column label, not article text")
        elif "ssue" in seg.text and _ISSUE_RE.search(seg.text) and _title_shaped(seg):
            yield _whole(seg, "Print-issue line, not article text")
    yield from _header_lines(ctx)


FURNITURE = {"navigation": "navigation", "related": "related-links list",
             "comments": "comment section"}  # fmt: skip


@rule(
    code="MT608",
    name="page-furniture",
    category="Accuracy/Addition",
    severity="minor",
    rationale="""In an HTML page, text inside navigation, headers and footers, related-link
    lists, share bars and comment sections is the website's, not the article's.
    It is reported (not silently dropped), once per block, so that a reviewer
    sees what a scraper would copy along with the article.""",
    flags=[
        (
            "<article><p>The bridge opened on Monday.</p></article>"
            '<nav><a href="/">Home</a> <a href="/news">News</a></nav>',
            "Home News",
            "",
        ),
        (
            '<p>The bridge opened.</p><div class="related-posts"><p>Ten cheap flights</p></div>',
            "Ten cheap flights",
            "",
        ),
    ],
    passes=["<article><h1>Bridge opens</h1><p>The bridge opened on Monday.</p></article>"],
    languages=None,
    fix="always",
    kinds=tuple(FURNITURE),  # the engine runs it on these segments only
)
def page_furniture(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    yield Hit(0, len(seg.text), f"Text of a {FURNITURE[seg.kind]}, not the article", "")
