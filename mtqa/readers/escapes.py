"""Escapes and character references: JSON and PO strings decoded with each
character's file offset (`unescape`), and where the written form of a character
ends in a file, escaped or not (`written_end`)."""

from __future__ import annotations

import html
import json

from .. import regexcache
from ..model import OffsetMap, Segment

JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
                "t": "\t"}  # fmt: skip
C_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
             "f": "\f", "v": "\v"}  # fmt: skip


# a run of plain characters: no quote, no backslash (taken whole: a string of
# megabytes is decoded in runs, not a character at a time)
_PLAIN_RE = regexcache.compile(r'[^"\\]+')
# C's numeric escapes, as gettext reads them: up to three octal digits, or x and
# hex digits (two: one byte)
NUMERIC_ESCAPE_RE = regexcache.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]{1,2})")
# one backslash escape as JSON, PO or Markdown write it: a UTF-16 pair of \\u escapes,
# one \\u escape, C's octal and hex escapes, or a backslash and one character
_BACKSLASH_ESCAPE_RE = regexcache.compile(
    r"\\(?:u[0-9A-Fa-f]{4}\\u[0-9A-Fa-f]{4}|u[0-9A-Fa-f]{4}|[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|[^\n])"
)
# a character reference of XML or HTML: named (HTML's legacy ones without the ";"),
# decimal or hexadecimal
_REFERENCE_RE = regexcache.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);?")


def _decoded(escape: str) -> str | None:
    """The text a backslash escape (`_BACKSLASH_ESCAPE_RE`) stands for, None if none."""
    kind = escape[1]
    if kind == "u":
        try:
            return str(json.loads(f'"{escape}"'))
        except ValueError:
            return None
    if kind == "x" or kind.isdigit():
        return chr(int(escape[2:], 16) if kind == "x" else int(escape[1:], 8))
    return JSON_ESCAPES.get(kind) or C_ESCAPES.get(kind) or kind


def written_end(file_text: str, segment: Segment, pos: int) -> int:
    """The file offset just past the characters of ``file_text`` that write the
    character ``segment.text[pos]``: after it when the next character follows at
    once (most text); else after the escape or reference that writes it, when one
    that stands for it starts there (a JSON or PO escape, even ``\\\\`` for a
    backslash; ``&eacute;``, even ``&amp;`` for an ampersand; a CSV quote doubled;
    an inline tag shown as U+FFFC), never past the next character's place (markup a
    reader left out lies between them). A finding's end column, and the span ``mtqa
    fix`` compares with the text, end there."""
    first = segment.file_offset(pos)
    limit = len(file_text)
    if pos + 1 < len(segment.text):
        following = segment.file_offset(pos + 1)
        if following == first + 1:
            return following
        limit = min(limit, max(following, first + 1))
    char = segment.text[pos]
    if file_text.startswith("\\", first):
        if escape := _BACKSLASH_ESCAPE_RE.match(file_text, first, limit):
            written = escape.group()
            if len(written) == 12 and ord(char) <= 0xFFFF:
                written = written[:6]  # two characters, each its own escape
            if _decoded(written) == char:
                return first + len(written)
    elif file_text.startswith("&", first):
        reference = _REFERENCE_RE.match(file_text, first, limit)
        if reference and html.unescape(reference.group()) == char:
            return reference.end()
    elif char == '"' and file_text.startswith('""', first) and first + 2 <= limit:
        return first + 2
    elif char == "\ufffc" and file_text.startswith("<", first):
        close = file_text.find(">", first, limit)
        if close >= 0:
            return close + 1
    return first + 1


def unescape(
    raw: str,
    start: int,
    offset: int,
    escapes: dict[str, str],
    unicode_escapes: bool = False,
    numeric_escapes: bool = False,
) -> tuple[str, OffsetMap]:
    """The string whose body starts at ``raw[start]`` and runs to the next unescaped
    ``"``, decoded; and the file offset (``offset`` + index in ``raw``) of each of its
    characters, as an `OffsetMap` (a run of the file between escapes is one entry, not
    an int a character): an escape's offset is that of its backslash.
    ``unicode_escapes``: JSON's \\uXXXX; ``numeric_escapes``: C's octal and hex escapes
    (`NUMERIC_ESCAPE_RE`), each the character of that code (the caller keeps them to
    ASCII, where a byte and a character agree). Linear in the string."""
    chars: list[str] = []
    runs: list[tuple[int, int]] = []  # (file offset, characters) of each piece decoded
    i = start
    end = len(raw)
    while i < end and raw[i] != '"':
        if raw[i] != "\\":
            run = _PLAIN_RE.match(raw, i)
            chars.append(run.group())
            runs.append((offset + i, run.end() - i))
            i = run.end()
        elif i + 1 < end:
            kind, width = raw[i + 1], 2
            if kind == "u" and unicode_escapes:
                code, width = int(raw[i + 2 : i + 6], 16), 6
                low = int(raw[i + 8 : i + 12], 16) if raw[i + 6 : i + 8] == "\\u" else 0
                if 0xD800 <= code < 0xDC00 and 0xDC00 <= low < 0xE000:  # a UTF-16 pair
                    code, width = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), 12
                chars.append(chr(code))  # a lone surrogate as json decodes it, refused later
            elif numeric_escapes and (number := NUMERIC_ESCAPE_RE.match(raw, i)):
                digits = number.group(1)
                code = int(digits[1:], 16) if digits[0] == "x" else int(digits, 8)
                chars.append(chr(code))
                width = number.end() - i
            else:
                chars.append(escapes.get(kind, kind))
            runs.append((offset + i, 1))
            i += width
        else:  # a backslash at the very end: itself
            chars.append(raw[i])
            runs.append((offset + i, 1))
            i += 1
    return "".join(chars), OffsetMap.of_runs(runs)
