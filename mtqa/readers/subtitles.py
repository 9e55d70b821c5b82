"""Subtitles: SubRip (``.srt``) and WebVTT (``.vtt``).

A cue is a timing line (``00:00:01,000 --> 00:00:03,500``; WebVTT writes a full
stop, may leave out the hours and adds cue settings after it), the number or
identifier right above it, and the lines of text shown on screen below it, up to
a blank line or the next timing (players read cues with no blank line between
them); a timing written wrong is no text either. A ``.srt`` file that opens with
``WEBVTT`` is read as WebVTT. The text is what the rules read: its lines
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
import html.entities
import re

from .. import regexcache
from ..errors import InputError
from ..model import Segment
from . import Parsed, ReadOptions, header_language

# a cue's timing line (00:00:01,000 --> 00:00:03,500; WebVTT's 00:01.000 --> ...
# with settings after, SubRip's coordinates), and one written wrong as machine
# translation and autocorrect leave it (00 : 00 : 09,000, 00;00;13,000, no
# milliseconds, an arrow of "->", "— >" or "→"): never text a rule should read,
# while "5 -> 6 apples" is text
_TIME = r"-?\d{1,3}[ \t]*[:;][ \t]*\d{2}(?:[ \t]*[:;][ \t]*\d{2})?(?:[ \t]*[,.][ \t]*\d{1,4})?"
_ARROW = r"[ \t]*(?:--?|—|–)?[ \t]*[>→][ \t]*"  # -->, ->, "-- >", "— >", —>, →
_TIMING_RE = regexcache.compile(rf"[ \t]*{_TIME}{_ARROW}{_TIME}(?:[ \t].*)?")
# SubRip's tags (the few players know) and its overrides in braces ({\an8}); any
# other "<" is text (x < 5)
_SUBRIP_MARKUP_RE = regexcache.compile(
    r"</?(?:i|b|u|s|font)(?:[ \t][^<>\n]*)?>|\{\\[^{}\n]*\}", re.IGNORECASE
)
# WebVTT's tags (<c.x>, <v Bob>, <00:01.000>), ruby text with its tags (the reading
# written over the characters, not part of the line), character references
_WEBVTT_MARKUP_RE = regexcache.compile(
    r"<rt>[^<]*</rt>|<[^<>\n]*>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|\w{2,8});"
)
# blocks of WebVTT that hold no text shown, unless a timing line makes them a cue
_NOT_CUE_RE = regexcache.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
_WEBVTT_HEADER_RE = regexcache.compile(r"WEBVTT(?:[ \t].*)?")
_LANGUAGE_RE = regexcache.compile(r"Language:[ \t]*(\S+)[ \t]*")
# a cue's text that ends its sentence: a sentence's mark, closing quotes or
# brackets after it, a music note or a dash (speech broken off)
_SENTENCE_END_RE = regexcache.compile(r"[.!?…♪:;—-][\"'”’)\]]*$")
MAX_JOINED_CUES = 6  # a sentence over more cues than this is cut there
_DIRECTION_MARKS = ("\u200e", "\u200f")  # &lrm; and &rlm;

Chars = list[tuple[str, int]]  # a text's characters, each with its offset in the file


def read_subrip(text: str, options: ReadOptions) -> Parsed:
    """Segments of a SubRip file (`read_subtitles`); a file that opens with
    ``WEBVTT`` is read as WebVTT, whatever its name."""
    return read_subtitles(text, options, webvtt=bool(_WEBVTT_HEADER_RE.match(text)))


def read_webvtt(text: str, options: ReadOptions) -> Parsed:
    """Segments of a WebVTT file (`read_subtitles`)."""
    return read_subtitles(text, options, webvtt=True)


def read_subtitles(text: str, _options: ReadOptions, webvtt: bool) -> Parsed:
    """The cues' text as segments (see the module docstring), offsets into ``text``;
    a WebVTT header's ``Language:`` as the target language. Raises InputError for a
    file with no cue (no timing line), and for a WebVTT file whose first line is not
    ``WEBVTT``."""
    lines = _lines(text)
    language = None
    if webvtt:
        if not lines or not _WEBVTT_HEADER_RE.fullmatch(lines[0][1]):
            raise InputError("line 1: a WebVTT file starts with 'WEBVTT'")
        header_end = next((i for i, (_, line) in enumerate(lines) if not line.strip()), len(lines))
        for _, line in lines[1:header_end]:
            if m := _LANGUAGE_RE.fullmatch(line):
                language = header_language(m.group(1), "the WebVTT header's Language")
        lines = lines[header_end:]
    cues = _cues(lines, webvtt)
    if cues is None:
        raise InputError("no subtitle cue (a timing line such as 00:00:01,000 --> 00:00:02,000)")
    segments: list[Segment] = []
    for group in _sentences([_cue_text(cue, webvtt) for cue in cues]):
        chars = [c for cue in group for c in cue]
        body = "".join(ch for ch, _ in chars)
        offsets = [at for _, at in chars]
        contiguous = offsets == list(range(offsets[0], offsets[0] + len(offsets)))
        # a unit, as a row or a translation unit is: cues repeat lines and are no
        # article, whose title, bylines and repeated passages the page rules look for
        segments.append(
            Segment(
                len(segments) + 1,
                body,
                offsets[0],
                kind="unit",
                char_map=None if contiguous else offsets,
            )
        )
    return Parsed(segments, target_lang=language)


def _lines(text: str) -> list[tuple[int, str]]:
    """The lines of ``text`` with their offsets."""
    found, offset = [], 0
    for line in text.split("\n"):
        found.append((offset, line))
        offset += len(line) + 1
    return found


def _cues(lines: list[tuple[int, str]], webvtt: bool) -> list[list[tuple[int, str]]] | None:
    """Each cue's text lines, with their offsets; None when no line is a timing.

    A timing line starts a cue, whatever comes before it (players read cues with
    no blank line between them), and takes the number or identifier right above
    it with it. A cue's text runs to a blank line or the next timing. Text with no
    timing before it (after a blank line inside a cue) is text all the same; a
    WebVTT ``NOTE``, ``STYLE`` or ``REGION`` block is not."""
    cues: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] | None = None  # the cue whose text is being read
    skipping = False  # inside a WebVTT block that is no cue
    timed = False
    for i, (offset, line) in enumerate(lines):
        if _TIMING_RE.fullmatch(line):
            timed, skipping = True, False
            if current:
                # the line above, a number or an identifier opening this cue's block
                above = lines[i - 1][1]
                opens_block = i < 2 or not lines[i - 2][1].strip()
                if current[-1][1] == above and (above.strip().isdigit() or opens_block):
                    current.pop()
            current = []
            cues.append(current)
        elif not line.strip():
            current, skipping = None, False
        elif skipping:
            continue
        elif current is None:  # a block's first line: a number, an identifier, a NOTE
            if webvtt and _NOT_CUE_RE.match(line):
                skipping = True
                continue
            # a cue's number opens a cue whether its timing follows or was lost
            current = [] if line.strip().isdigit() else [(offset, line)]
            cues.append(current)
        else:
            current.append((offset, line))
    if not timed:
        return None
    return [
        cue
        for cue in cues
        if cue and not (len(cue) == 1 and cue[0][1].strip().isdigit())  # a number alone
    ]


def _cue_text(lines: list[tuple[int, str]], webvtt: bool) -> Chars:
    """A cue's text as (character, file offset) pairs: its lines without markup,
    stripped, joined by a space that stands at the line break."""
    chars: Chars = []
    for offset, line in lines:
        shown = _shown(line, offset, webvtt)
        first = next((k for k, (ch, _) in enumerate(shown) if not ch.isspace()), len(shown))
        last = next(
            (k for k in range(len(shown), first, -1) if not shown[k - 1][0].isspace()), first
        )
        if first == last:
            continue
        if chars:
            chars.append((" ", offset - 1))  # the line break before this line
        chars.extend(shown[first:last])
    return chars


def _shown(line: str, offset: int, webvtt: bool) -> Chars:
    """The characters of one line of cue text, with their file offsets: tags and
    overrides left out, WebVTT's character references read (SubRip has none): a
    direction mark (&lrm;) as nothing, a reference to no character, or to a line
    break or a control character, as written."""
    shown: Chars = []
    at = 0
    for m in (_WEBVTT_MARKUP_RE if webvtt else _SUBRIP_MARKUP_RE).finditer(line):
        shown.extend((c, offset + i) for i, c in enumerate(line[at : m.start()], at))
        markup = m.group()
        if markup.startswith("&"):
            # a name only as a whole (&notit; is no &not followed by "it;")
            decoded = (
                html.unescape(markup)
                if markup.startswith("&#")
                else html.entities.html5.get(markup[1:], markup)
            )
            if decoded in _DIRECTION_MARKS:
                pass  # a direction mark sets how the line is laid out: no text
            elif decoded == markup or not (decoded.isprintable() or decoded == "\u00a0"):
                shown.extend((c, offset + i) for i, c in enumerate(markup, m.start()))
            else:
                shown.extend((c, offset + m.start()) for c in decoded)
        at = m.end()
    shown.extend((c, offset + i) for i, c in enumerate(line[at:], at))
    return shown


def _sentences(cues: list[Chars]) -> list[list[Chars]]:
    """The cues in groups, each a sentence: a cue joins the one before when that one
    does not end a sentence and this one starts in lowercase (at most
    `MAX_JOINED_CUES` together). Joined cues are separated by a space that stands
    where the earlier one's text ends."""
    groups: list[list[Chars]] = []
    for cue in cues:
        if not cue:
            continue
        if groups and len(groups[-1]) < MAX_JOINED_CUES and _runs_on(groups[-1][-1], cue):
            last = groups[-1][-1]
            groups[-1].append([(" ", last[-1][1] + 1), *cue])
        else:
            groups.append([cue])
    return groups


def _runs_on(before: Chars, cue: Chars) -> bool:
    """Whether ``cue`` carries on the sentence of the cue ``before`` it."""
    ended = _SENTENCE_END_RE.search("".join(ch for ch, _ in before[-4:]))
    return not ended and cue[0][0].islower()
