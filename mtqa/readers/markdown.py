"""Markdown: paragraphs, headings and list items are segments; code is not checked.

markdown-it-py finds the blocks (so fenced and indented code, HTML blocks and
front matter are skipped exactly as a Markdown renderer would); inside a block,
link targets, inline code markers, HTML tags and emphasis markers are removed
from the text the rules read, and every remaining character keeps its offset in
the file. Inline code and URLs stay in the text but no finding may touch them.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from ..model import Segment
from . import Parsed, ReadOptions
from .directives import DirectiveTracker

_PARSER = MarkdownIt("commonmark").use(front_matter_plugin).enable("table")

_INLINE_RE = re.compile(
    r"(?P<code>(?P<ticks>`+)(?P<codetext>.+?)(?P=ticks))"
    r"|(?P<image>!\[(?P<alt>[^\]]*)\]\([^)]*\))"
    r"|(?P<link>\[(?P<label>[^\]]+)\](?:\([^)]*\)|\[[^\]]*\]))"
    r"|(?P<autolink><(?P<url>[a-z][a-z0-9+.-]*:[^>\s]+)>)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<tag></?[A-Za-z][^>]*>)"
    r"|(?P<escape>\\(?P<escaped>[!-/:-@\[-`{-~]))"
    r"|(?P<emph>(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])|~~)",
    re.DOTALL,
)
_KINDS = ("code", "image", "link", "autolink", "comment", "tag", "escape", "emph")
_KEPT = {
    "code": "codetext",
    "image": "alt",
    "link": "label",
    "autolink": "url",
    "escape": "escaped",
}
_BARE_URL_RE = re.compile(r"https?://\S+|www\.\S+")


def _clean_inline(text: str, offsets: list[int]) -> tuple[str, list[int], list[tuple[int, int]]]:
    """Text without inline markup, the file offset of each kept char, and skip spans."""
    out: list[str] = []
    mapping: list[int] = []
    skip: list[tuple[int, int]] = []

    def keep(start: int, end: int) -> None:
        out.append(text[start:end])
        mapping.extend(offsets[start:end])

    pos = 0
    for m in _INLINE_RE.finditer(text):
        keep(pos, m.start())
        kind = next(k for k in _KINDS if m.group(k) is not None)
        inner = _KEPT.get(kind)
        if inner:
            begin = len(mapping)
            keep(m.start(inner), m.end(inner))
            if kind in ("code", "autolink"):
                skip.append((begin, len(mapping)))
        pos = m.end()
    keep(pos, len(text))
    cleaned = "".join(out)
    skip.extend(u.span() for u in _BARE_URL_RE.finditer(cleaned))
    return cleaned, mapping, skip


def _block_text(file_lines: list[tuple[int, str]], content: str) -> tuple[str, list[int]]:
    """The block's inline content, read back from the file, and each char's file offset.

    markdown-it strips block prefixes (indents, ``>``, list markers), so each
    content line is a suffix of its file line; the characters are taken from the
    file itself (the parser replaces NUL and normalises some others).
    """
    chars: list[str] = []
    offsets: list[int] = []
    for i, content_line in enumerate(content.split("\n")):
        if i >= len(file_lines):
            break
        if i:
            chars.append("\n")
            offsets.append(file_lines[i][0] - 1)  # the newline ending the previous line
        line_offset, line = file_lines[i]
        found = line.find(content_line) if content_line else len(line)
        if found < 0:
            found = max(0, len(line) - len(content_line))
        piece = line[found : found + len(content_line)]
        chars.append(piece)
        offsets.extend(range(line_offset + found, line_offset + found + len(piece)))
    return "".join(chars), offsets


def read_markdown(text: str, options: ReadOptions) -> Parsed:
    """Segments and suppression comments of a Markdown file (Markdown itself says where
    paragraphs are, so ``options.paragraphs`` does not apply)."""
    line_offsets = [0]
    for line in text.split("\n")[:-1]:
        line_offsets.append(line_offsets[-1] + len(line) + 1)
    lines = text.split("\n")
    segments: list[Segment] = []
    directives = DirectiveTracker()
    tokens = _PARSER.parse(text)
    for i, token in enumerate(tokens):
        if token.type == "html_block" and token.map:
            directives.comment(token.content, token.map[0] + 1)
            continue
        if token.type != "inline" or not token.map or not token.content.strip():
            continue
        kind = "heading" if tokens[i - 1].type == "heading_open" else "paragraph"
        first, last = token.map
        file_lines = [(line_offsets[n], lines[n]) for n in range(first, min(last, len(lines)))]
        raw, offsets = _block_text(file_lines, token.content)
        cleaned, mapping, skip = _clean_inline(raw, offsets)
        stripped = cleaned.rstrip()
        if not stripped.strip():
            continue
        mapping = mapping[: len(stripped)]
        segments.append(
            Segment(
                index=len(segments) + 1,
                text=stripped,
                offset=mapping[0] if mapping else 0,
                kind=kind,
                char_map=tuple(mapping),
                skip=tuple(s for s in skip if s[0] < len(stripped)),
            )
        )
        directives.segment(len(segments))
    return Parsed(segments, directives.result())
