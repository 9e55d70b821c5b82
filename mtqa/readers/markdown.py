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
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import InputError
from ..model import Segment
from . import Parsed, ReadOptions
from .directives import DirectiveTracker

_PARSER = MarkdownIt("commonmark").use(front_matter_plugin).enable("table")
# blocks whose content markdown-it reads as blocks of their own, one level deeper
_CONTAINERS = ("blockquote_open", "list_item_open")

# Each construct stops at the next bracket, parenthesis or "<" it cannot contain,
# so that text full of unclosed ones ("[[[[", "<a <a", "<!--<!--") is read in
# linear time; a backtick run is matched alone, its closing run found by `_Closers`
_LINK_TARGET = r"\((?:[^()]|\([^()]*\))*\)"  # one level of parentheses: wiki/Foo_(bar)
_INLINE_RE = re.compile(
    r"(?P<code>`+)"
    rf"|(?P<image>!\[(?P<alt>[^\[\]]*)\]{_LINK_TARGET})"
    rf"|(?P<link>\[(?P<label>[^\[\]]+)\](?:{_LINK_TARGET}|\[[^\[\]]*\]))"
    r"|(?P<autolink><(?P<url>[a-z][a-z0-9+.-]*:[^<>\s]+)>)"
    r"|(?P<comment><!--(?:(?!<!--).)*?-->)"
    r"|(?P<tag></?[A-Za-z][^<>]*>)"
    r"|(?P<escape>\\(?P<escaped>[!-/:-@\[-`{-~]))"
    r"|(?P<emph>(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])|~~)",
    re.DOTALL,
)
_KINDS = ("code", "image", "link", "autolink", "comment", "tag", "escape", "emph")
_KEPT = {
    "image": "alt",
    "link": "label",
    "autolink": "url",
    "escape": "escaped",
}
_BARE_URL_RE = re.compile(r"https?://\S+|www\.\S+")


class _Closers:
    """Where a code span that a run of backticks opens is closed: at the next run of
    as many backticks (CommonMark). Asked about runs from left to right, each
    length's list of runs is walked once: linear in the text."""

    def __init__(self, text: str) -> None:
        self._runs: dict[int, list[int]] = {}  # length -> starts of runs that long
        for m in re.finditer("`+", text):
            self._runs.setdefault(len(m.group()), []).append(m.start())
        self._next: dict[int, int] = {}  # length -> index of the first run not passed

    def closer(self, start: int, length: int) -> int | None:
        """The start of the first run of ``length`` backticks after ``start``."""
        runs, i = self._runs.get(length, []), self._next.get(length, 0)
        while i < len(runs) and runs[i] <= start:
            i += 1
        self._next[length] = i
        return runs[i] if i < len(runs) else None


def _clean_inline(text: str, offsets: list[int]) -> tuple[str, list[int], list[tuple[int, int]]]:
    """Text without inline markup, the file offset of each kept char, and skip spans."""
    out: list[str] = []
    mapping: list[int] = []
    skip: list[tuple[int, int]] = []

    def keep(start: int, end: int, skipped: bool = False) -> None:
        if skipped:
            skip.append((len(mapping), len(mapping) + end - start))
        out.append(text[start:end])
        mapping.extend(offsets[start:end])

    closers = _Closers(text)
    pos = 0
    while m := _INLINE_RE.search(text, pos):
        keep(pos, m.start())
        kind = next(k for k in _KINDS if m.group(k) is not None)
        pos = m.end()
        if kind == "code":
            close = closers.closer(m.start(), len(m.group()))
            if close is None:  # no run as long closes it: the backticks are text
                keep(m.start(), m.end())
            else:
                keep(m.end(), close, skipped=True)
                pos = close + len(m.group())
        elif kind in _KEPT:
            keep(m.start(_KEPT[kind]), m.end(_KEPT[kind]), skipped=kind == "autolink")
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


def _refuse_deep_nesting(tokens: list[Token]) -> None:
    """Raise InputError naming the line of a block quote or list item nested as deep
    as markdown-it reads (its maxNesting): it drops what lies inside without a word,
    and that text would pass unchecked."""
    deepest = _PARSER.options["maxNesting"] - 1
    for token in tokens:
        if token.type in _CONTAINERS and token.level >= deepest and token.map:
            raise InputError(
                f"line {token.map[0] + 1}: block quotes and lists nested more than "
                f"{deepest} deep, too deep to read"
            )


def read_markdown(text: str, options: ReadOptions) -> Parsed:
    """Segments and suppression comments of a Markdown file (Markdown itself says where
    paragraphs are, so ``options.paragraphs`` does not apply). Raises InputError
    for blocks nested too deeply to read (`_refuse_deep_nesting`)."""
    line_offsets = [0]
    for line in text.split("\n")[:-1]:
        line_offsets.append(line_offsets[-1] + len(line) + 1)
    lines = text.split("\n")
    segments: list[Segment] = []
    directives = DirectiveTracker()
    tokens = _PARSER.parse(text)
    _refuse_deep_nesting(tokens)
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
                char_map=mapping,
                # clipped: a span of inline code can end in the stripped whitespace
                skip=tuple((a, min(b, len(stripped))) for a, b in skip if a < len(stripped)),
            )
        )
        directives.segment(len(segments))
    return Parsed(segments, directives.result())
