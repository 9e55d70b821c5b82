"""Content that no translator wrote: injected headlines and repeated title lines.

The fixed boilerplate (breadcrumbs, bylines, cookie notices, portal suffixes,
SEO spam) is data, in ``packs/boilerplate.toml`` and ``packs/spam.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.textutil import count_words

_LINK_LABEL_RE = re.compile(
    r"^\s*(See also|Related(?: articles?| news| posts?| stories)?|Read also|Also read|"
    r"Read more|Recommended(?: reading)?|Further reading)\s*[:：»>-]?\s+(\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_PROSE_END_RE = re.compile(r"[.!?。”\"]\s*$")


def _is_body_paragraph(seg: Segment) -> bool:
    """Article prose: a few sentences' worth of words ending like a sentence."""
    return count_words(seg.text) >= 15 and bool(_PROSE_END_RE.search(seg.text))


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
        )
    ],
    passes=["See also the table below for the full figures of every county in the province."],
    scope="document",
)
def injected_link(ctx: DocContext) -> Iterator[Hit]:
    segments = ctx.segments
    body_after = [False] * (len(segments) + 1)
    for i in range(len(segments) - 1, -1, -1):
        body_after[i] = body_after[i + 1] or _is_body_paragraph(segments[i])
    for i, seg in enumerate(segments):
        m = _LINK_LABEL_RE.match(seg.text)
        if not m or _PROSE_END_RE.search(seg.text) or count_words(m.group(2)) > 25:
            continue
        in_body = body_after[i + 1]
        where = "inside the article body" if in_body else "after the article"
        yield Hit(
            m.start(1),
            len(seg.text.rstrip()),
            f"Injected '{m.group(1)}' link line {where}",
            "",
            severity="critical" if in_body else "major",
            segment=seg.index,
        )


ROW_KINDS = ("row", "unit")
_BREADCRUMB_RE = re.compile(r"^\s*(?:Home|首页)\s*[»>›/→]\s*")
_SUFFIX_RE = re.compile(r"\s*[_|]\s*[^_|]{2,60}$")


def _title_key(text: str) -> str:
    text = _BREADCRUMB_RE.sub("", text)
    text = _SUFFIX_RE.sub("", text)
    return " ".join(text.casefold().split())


@rule(
    code="MT602",
    name="repeated-title",
    category="Accuracy/Addition",
    severity="minor",
    rationale="""Scraped pages repeat the headline as body lines (with and without a
    breadcrumb or portal suffix). Every repeat after the first is not article
    text.""",
    flags=[
        (
            "Village roads reach every home_County News\n\n"
            "Village roads reach every home_County News\n\n"
            "The county paved 300 kilometres of roads last year.",
            "Village roads reach every home_County News",
        )
    ],
    passes=["The county paved roads.\n\nThe county paved roads in 2020 and 2021 as well."],
    scope="document",
)
def repeated_title(ctx: DocContext) -> Iterator[Hit]:
    seen: set[str] = set()
    for seg in ctx.segments:
        if seg.kind in ROW_KINDS or not 4 <= count_words(seg.text) <= 40:
            continue  # rows of a table or units of a TM repeat legitimately
        key = _title_key(seg.text)
        if key in seen:
            start = len(seg.text) - len(seg.text.lstrip())
            yield Hit(
                start,
                len(seg.text.rstrip()),
                "Title repeated as a body line",
                "",
                segment=seg.index,
            )
        seen.add(key)


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
        ),
        (
            '<p>The bridge opened.</p><div class="related-posts"><p>Ten cheap flights</p></div>',
            "Ten cheap flights",
        ),
    ],
    passes=["<article><h1>Bridge opens</h1><p>The bridge opened on Monday.</p></article>"],
    languages=None,
)
def page_furniture(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    if seg.kind in FURNITURE:
        yield Hit(0, len(seg.text), f"Text of a {FURNITURE[seg.kind]}, not the article", "")
