"""HTML pages: the article's paragraphs, headings and captions as segments.

Parsed with the standard library's HTMLParser, which reports where every piece
of text stands, so each character keeps its offset in the file (entities
included). Whitespace runs count as one space, as a browser shows them.
Scripts, styles and code are not read. Navigation, headers and footers,
related-link lists, comment sections and share bars are kept as segments of
their own kind, so that the rules report them as page furniture rather than
mtqa silently dropping text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .. import regexcache
from ..errors import InputError
from ..model import Segment
from . import Parsed, ReadOptions
from .directives import DirectiveTracker

BLOCKS = {"p", "li", "blockquote", "td", "th", "dd", "dt", "div", "section", "article",
          "main", "table", "tr", "ul", "ol", "dl", "figure", "body", "header", "footer",
          "nav", "aside", "form"}  # fmt: skip
KINDS = {**{f"h{i}": "heading" for i in range(1, 7)}, "figcaption": "caption",
         "caption": "caption"}  # fmt: skip
# not read: code, scripts, controls, and the <title> (page metadata: it carries the
# site's name by convention, and the article repeats it as its heading)
SKIP = {"script", "style", "noscript", "template", "svg", "code", "pre", "button", "select",
        "iframe", "object", "title"}  # fmt: skip
FURNITURE_TAGS = {"nav": "navigation", "header": "navigation", "footer": "navigation",
                  "aside": "related", "form": "navigation"}  # fmt: skip
FURNITURE_RE = regexcache.compile(
    r"(comment|reply|disqus)|(related|recommend|read-?more|see-?also|more-?news|sidebar|widget)"
    r"|(nav|menu|breadcrumb|footer|header|share|social|cookie|subscribe|newsletter|advert|promo)",
    re.IGNORECASE,
)
FURNITURE_KINDS = ("comments", "related", "navigation")
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed"}


class _Page(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        # (tag, furniture kind of it or of an element around it): the innermost
        # kind is the last entry's, with no walk down a stack thousands deep
        self.stack: list[tuple[str, str | None]] = []
        self.open: dict[str, int] = {}  # tag -> how many of the stack's entries it has
        self.skip = 0
        self.blocks: list[tuple[str, list[str], list[int]]] = []
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.kind = "paragraph"
        self.directives = DirectiveTracker()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _furniture(self) -> str | None:
        return self.stack[-1][1] if self.stack else None

    def _flush(self) -> None:
        text = "".join(self.chars)
        if text.strip():
            self.blocks.append((self._furniture() or self.kind, self.chars, self.offsets))
            self.directives.segment(len(self.blocks))
        self.chars, self.offsets = [], []

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![CDATA[…]]>`` and the like as html.parser reads them; one with no known
        keyword (``<![ ``, ``<![x``), where html.parser raises AssertionError, is
        what HTML makes of it: a bogus comment up to the next ``>``."""
        position = self.getpos()
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.lineno, self.offset = position  # moved on before it raised: put back
            return self.parse_bogus_comment(i, report)

    def handle_comment(self, data: str) -> None:
        """``<!-- mtqa: ignore MT201 -->`` and friends, as in Markdown."""
        self._flush()
        self.directives.comment(f"<!--{data}-->", self.getpos()[0])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skip += 1
            return
        if tag in VOID:
            if tag == "br" and not self.skip:
                self._add(" ", self._offset())
            return
        if tag in BLOCKS or tag in KINDS:
            self._flush()
            self.kind = KINDS.get(tag, "paragraph")
        names = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        m = FURNITURE_RE.search(names)
        kind = FURNITURE_TAGS.get(tag) or (FURNITURE_KINDS[m.lastindex - 1] if m else None)
        self.stack.append((tag, kind or self._furniture()))
        self.open[tag] = self.open.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skip:
            self._add(" ", self._offset())

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in BLOCKS or tag in KINDS:
            self._flush()
            self.kind = "paragraph"
        if not self.open.get(tag):
            return  # a stray end tag: nothing to close, and no walk down the stack
        while True:  # close it and what is open inside it: each entry is popped once
            closed, _ = self.stack.pop()
            self.open[closed] -= 1
            if closed == tag:
                break

    def _add(self, text: str, offset: int, step: bool = True) -> None:
        for i, ch in enumerate(text):
            at = offset + (i if step else 0)
            if ch.isspace():
                if self.chars and self.chars[-1] == " ":
                    continue
                ch = " "
            self.chars.append(ch)
            self.offsets.append(at)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._add(data, self._offset())

    def handle_entityref(self, name: str) -> None:
        if self.skip:
            return
        at = self._offset()
        written = f"&{name};" if self.text.startswith(";", at + len(name) + 1) else f"&{name}"
        # "&foo bar" is text to a browser, as "&amp" without its ";" is an ampersand
        decoded = html.unescape(written)
        self._add(decoded, at, step=decoded == written)

    def handle_charref(self, name: str) -> None:
        if not self.skip:
            self._add(html.unescape(f"&#{name};"), self._offset(), step=False)


def read_html(text: str, options: ReadOptions) -> Parsed:
    page = _Page(text)
    page.feed(text)
    page.close()
    page._flush()
    segments = []
    for kind, chars, offsets in page.blocks:
        start = 0
        while start < len(chars) and chars[start] == " ":
            start += 1
        end = len(chars)
        while end > start and chars[end - 1] == " ":
            end -= 1
        segments.append(
            Segment(
                len(segments) + 1,
                "".join(chars[start:end]),
                offsets[start],
                kind=kind,
                char_map=offsets[start:end],
            )
        )
    if not any(s.kind not in FURNITURE_KINDS for s in segments):
        raise InputError("no article text in this HTML page")
    lang = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z-]+)", text[:2000], re.IGNORECASE)
    return Parsed(segments, page.directives.result(), target_lang=lang.group(1) if lang else None)
