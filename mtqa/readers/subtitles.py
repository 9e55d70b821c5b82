"""Subtitles: SubRip (``.srt``) and WebVTT (``.vtt``).

A file is blocks of lines between blank lines. A cue's block holds an optional
number or identifier, a timing line (``00:00:01,000 --> 00:00:03,500``; WebVTT
writes a full stop, may leave out the hours and adds cue settings after it) and
the lines of text shown on screen. The text is what the rules read: its lines
joined with a space (a line break on screen is no sentence break), and a cue
whose sentence runs on into the next cue (it does not end a sentence and the
next one starts in lowercase: "we went to the" / "market on Monday.") joined with
it, so that no rule reads half a sentence as a fragment or a small letter opening
a sentence. Formatting tags (``<i>``, ``<font color=...>``, WebVTT's ``<c.x>``,
``<v Speaker>`` and timestamps, SubRip's ``{\\an8}``) are left out, and WebVTT's
character references (``&amp;``) read as their characters; every character keeps
its offset in the file (`mtqa.model.Segment.char_map`), so findings point at the
cue's line and column. WebVTT's header, ``NOTE``, ``STYLE`` and ``REGION`` blocks
are not text.

Format: the SubRip format as players read it (no standard; Matroska's
specification of S_TEXT/UTF8 describes it), and W3C WebVTT (2019), sections 4
and 5 (cue timings, settings, text and its tags).
"""

from __future__ import annotations

import html

from .. import regexcache
from ..errors import InputError
from ..model import Segment
from . import Parsed, ReadOptions

# a cue's timing line: start --> end, hours optional (WebVTT), a comma or a full stop
# before the milliseconds, WebVTT's settings after
_TIME = r"(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}"
TIMING_RE = regexcache.compile(rf"[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t].*)?")
# what is not text in a cue's line: a tag (<i>, </font>, <c.yellow>, <v Bob>,
# <00:01.000>), a SubRip override in braces ({\an8}), a character reference
_MARKUP_RE = regexcache.compile(
    r"<[^<>\n]*>|\{\\[^{}\n]*\}|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|\w{2,8});"
)
# blocks of WebVTT that hold no text shown (the header's block is the file's first)
_NOT_CUES = ("NOTE", "STYLE", "REGION")
# a cue's text that ends its sentence: a sentence's mark, closing quotes or
# brackets after it, a music note or a dash (speech broken off)
_SENTENCE_END_RE = regexcache.compile(r"[.!?…♪:;—-][\"'”’)\]]*$")
MAX_JOINED_CUES = 6  # a sentence over more cues than this is cut there


def read_subrip(text: str, options: ReadOptions) -> Parsed:
    """Segments of a SubRip file (`read_subtitles`)."""
    return read_subtitles(text, options, webvtt=False)


def read_webvtt(text: str, options: ReadOptions) -> Parsed:
    """Segments of a WebVTT file (`read_subtitles`)."""
    return read_subtitles(text, options, webvtt=True)


def read_subtitles(text: str, _options: ReadOptions, webvtt: bool) -> Parsed:
    """The cues' text as segments (see the module docstring), offsets into ``text``.
    Raises InputError for a file with no cue (no timing line), and for a WebVTT file
    whose first line is not ``WEBVTT``."""
    blocks = _blocks(text)
    if webvtt:
        if not blocks or not blocks[0][0][1].startswith("WEBVTT"):
            raise InputError("line 1: a WebVTT file starts with 'WEBVTT'")
        blocks = blocks[1:]
    if not any(TIMING_RE.fullmatch(line) for block in blocks for _, line in block):
        raise InputError("no subtitle cue (a timing line such as 00:00:01,000 --> 00:00:02,000)")
    cues: list[list[tuple[int, str]]] = []  # each cue's text lines, with their offsets
    for block in blocks:
        if webvtt and block[0][1].startswith(_NOT_CUES):
            continue
        timing = next(
            (i for i, (_, line) in enumerate(block[:2]) if TIMING_RE.fullmatch(line)), None
        )
        if timing is not None:
            lines = block[timing + 1 :]
        elif len(block) == 1 and block[0][1].strip().isdigit():
            continue  # a cue's number whose timing and text are missing
        else:
            lines = block  # text after a blank line inside a cue: text all the same
        if lines:
            cues.append(lines)
    segments: list[Segment] = []
    for group in _sentences([_cue_text(lines, text, webvtt) for lines in cues]):
        chars = [c for cue in group for c in cue]
        if not "".join(ch for ch, _ in chars).strip():
            continue
        body = "".join(ch for ch, _ in chars)
        offsets = [at for _, at in chars]
        contiguous = offsets == list(range(offsets[0], offsets[0] + len(offsets)))
        segments.append(
            Segment(
                len(segments) + 1,
                body,
                offsets[0],
                char_map=None if contiguous else offsets,
            )
        )
    return Parsed(segments)


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines as (offset, line) pairs."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            current.append((offset, line))
        elif current:
            blocks.append(current)
            current = []
        offset += len(line) + 1
    if current:
        blocks.append(current)
    return blocks


def _cue_text(lines: list[tuple[int, str]], text: str, webvtt: bool) -> list[tuple[str, int]]:
    """A cue's text as (character, file offset) pairs: its lines without markup,
    stripped, joined by a space that stands at the line break."""
    chars: list[tuple[str, int]] = []
    for offset, line in lines:
        shown = _shown(line, offset, webvtt)
        while shown and shown[0][0].isspace():
            shown.pop(0)
        while shown and shown[-1][0].isspace():
            shown.pop()
        if not shown:
            continue
        if chars:
            chars.append((" ", offset - 1))  # the line break before this line
        chars.extend(shown)
    return chars


def _shown(line: str, offset: int, webvtt: bool) -> list[tuple[str, int]]:
    """The characters of one line of cue text, with their file offsets: tags and
    overrides left out, WebVTT's character references read (SubRip has none)."""
    shown: list[tuple[str, int]] = []
    at = 0
    for m in _MARKUP_RE.finditer(line):
        shown.extend((c, offset + i) for i, c in enumerate(line[at : m.start()], at))
        markup = m.group()
        if markup.startswith("&"):
            if webvtt:
                shown.extend((c, offset + m.start()) for c in html.unescape(markup))
            else:
                shown.extend((c, offset + i) for i, c in enumerate(markup, m.start()))
        at = m.end()
    shown.extend((c, offset + i) for i, c in enumerate(line[at:], at))
    return shown


def _sentences(cues: list[list[tuple[str, int]]]) -> list[list[list[tuple[str, int]]]]:
    """The cues in groups, each a sentence: a cue joins the one before when that one
    does not end a sentence and this one starts in lowercase (at most
    `MAX_JOINED_CUES` together). Joined cues are separated by a space that stands
    where the earlier one's text ends."""
    groups: list[list[list[tuple[str, int]]]] = []
    for cue in cues:
        if not cue:
            continue
        if groups and len(groups[-1]) < MAX_JOINED_CUES and _runs_on(groups[-1][-1], cue):
            last = groups[-1][-1]
            groups[-1].append([(" ", last[-1][1] + 1), *cue])
        else:
            groups.append([cue])
    return groups


def _runs_on(before: list[tuple[str, int]], cue: list[tuple[str, int]]) -> bool:
    """Whether ``cue`` carries on the sentence of the cue ``before`` it."""
    ended = _SENTENCE_END_RE.search("".join(ch for ch, _ in before[-4:]))
    return not ended and cue[0][0].islower()
