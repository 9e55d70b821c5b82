"""Markdown: paragraphs, headings and list items are segments; code is not checked.

markdown-it-py finds the blocks (so fenced and indented code, HTML blocks and
front matter, YAML or TOML, are skipped exactly as a Markdown renderer would); inside a block,
link targets, inline code markers, HTML tags and emphasis markers are removed
from the text the rules read, and every remaining character keeps its offset in
the file. Inline code and URLs stay in the text but no finding may touch them.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .. import regexcache
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
_INLINE_RE = regexcache.compile(
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
# raw HTML elements whose content is code, not prose
_RAW_CODE_RE = regexcache.compile(r"<(code|kbd|samp|pre|tt|var|script|style)\b", re.IGNORECASE)
_KEPT = {
    "image": "alt",
    "link": "label",
    "autolink": "url",
    "escape": "escaped",
}
_BARE_URL_RE = regexcache.compile(r"https?://\S+|www\.\S+")


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
        elif kind == "tag" and (opened := _RAW_CODE_RE.match(m.group())):
            # <code>…</code> and its kin: code, kept as text no finding may touch
            close = re.compile(rf"</{opened.group(1)}\s*>", re.IGNORECASE).search(text, pos)
            if close is not None:
                keep(pos, close.start(), skipped=True)
                pos = close.end()
    keep(pos, len(text))
    cleaned = "".join(out)
    skip.extend(u.span() for u in _BARE_URL_RE.finditer(cleaned))
    return cleaned, mapping, skip


def _block_text(
    file_lines: list[tuple[int, str]], content: str, taken: dict[int, int]
) -> tuple[str, list[int]]:
    """The block's inline content, read back from the file, and each char's file offset.

    markdown-it strips block prefixes (indents, ``>``, list markers), so each
    content line is a suffix of its file line; the characters are taken from the
    file itself (the parser replaces NUL and normalises some others). ``taken``:
    for a file line (by offset) that an earlier block of the same line read, where
    that block ended: a table row's cells are blocks of one line, and a cell is
    looked for after the cells before it (two cells may hold the same text).
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
        after = taken.get(line_offset, 0)
        found = line.find(content_line, after) if content_line else len(line)
        if found < 0:
            found = max(0, len(line) - len(content_line))
        taken[line_offset] = found + len(content_line)
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


# TOML front matter (Hugo, Zola): "+++" lines around it at the top of the file
_TOML_FRONT_RE = regexcache.compile(r"\A\+\+\+[ \t]*\n(?:.*\n)*?\+\+\+[ \t]*(?:\n|\Z)")


def _toml_front_lines(text: str) -> int:
    """How many lines at the top of the file are TOML front matter (0: none)."""
    m = _TOML_FRONT_RE.match(text)
    return m.group().count("\n") + (0 if m.group().endswith("\n") else 1) if m else 0


def structure(text: str) -> list[tuple[str, ...]]:
    """The Markdown structure of ``text``: each token markdown-it reads (blocks,
    links with their targets, emphasis, code with its content, HTML with its
    tags, front matter whole), the words of running text left out. Two texts
    with the same structure render to the same elements with the same code,
    targets and markup: a fix must keep it (`mtqa.fixing`)."""
    shape: list[tuple[str, ...]] = []
    toml = _toml_front_lines(text)
    if toml:
        shape.append(("toml_front_matter", "\n".join(text.split("\n")[:toml])))
    raw_code: list[str] = []  # raw HTML code elements open around the text

    def walk(tokens: list[Token]) -> None:
        for token in tokens:
            attrs = tuple(f"{k}={v}" for k, v in sorted(token.attrs.items()))
            if token.type == "text" and not raw_code:
                shape.append(("text",))
            elif token.type == "inline":
                walk(token.children or [])
            else:
                shape.append((token.type, token.tag, token.markup, token.info, *attrs,
                              token.content if token.type != "inline" else ""))  # fmt: skip
            if token.type == "html_inline":
                opened = _RAW_CODE_RE.match(token.content)
                if opened:
                    raw_code.append(opened.group(1).lower())
                elif raw_code and token.content.lower().startswith(f"</{raw_code[-1]}"):
                    raw_code.pop()

    tokens = _PARSER.parse(text)
    # the front matter's tokens (a paragraph to markdown-it) are in the shape whole
    first = next((i for i, t in enumerate(tokens) if t.map and t.map[0] >= toml), len(tokens))
    walk(tokens[first:] if toml else tokens)
    return shape


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
    toml = _toml_front_lines(text)  # markdown-it reads it as a paragraph: not prose
    taken: dict[int, int] = {}  # file line (offset) -> where the last block read ended
    for i, token in enumerate(tokens):
        if token.map and token.map[0] < toml:
            continue
        if token.type == "html_block" and token.map:
            directives.comment(token.content, token.map[0] + 1)
            continue
        if token.type != "inline" or not token.map or not token.content.strip():
            continue
        kind = "heading" if tokens[i - 1].type == "heading_open" else "paragraph"
        first, last = token.map
        file_lines = [(line_offsets[n], lines[n]) for n in range(first, min(last, len(lines)))]
        raw, offsets = _block_text(file_lines, token.content, taken)
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
