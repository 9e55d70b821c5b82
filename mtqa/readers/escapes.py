"""Decoding backslash-escaped strings (JSON, PO) while keeping each character's offset."""

from __future__ import annotations

from .. import regexcache
from ..model import OffsetMap

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
_UNICODE_ESCAPE_RE = regexcache.compile(r"\\u[0-9A-Fa-f]{4}")
# a character reference of XML or HTML: named, decimal or hexadecimal
_REFERENCE_RE = regexcache.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);?")


def written_width(file_text: str, pos: int, char: str) -> int:
    """How many characters of ``file_text`` from ``pos`` write the text character
    ``char`` that a reader mapped there: 1 for the character itself; a backslash
    escape (JSON's \\uXXXX, two of them for a character beyond the BMP, C's octal and
    hex escapes, \\n and the like) or a character reference (&eacute;, &#233;) whole.
    Where a finding ends on such a character, its end column is past all of it."""
    written = file_text[pos : pos + 1]
    if written == char or not written:
        return 1
    if written == "\\" and pos + 1 < len(file_text):
        if _UNICODE_ESCAPE_RE.match(file_text, pos):
            return 12 if ord(char) > 0xFFFF else 6  # a UTF-16 pair is two escapes
        number = NUMERIC_ESCAPE_RE.match(file_text, pos)
        return number.end() - pos if number else 2
    if written == "&" and (reference := _REFERENCE_RE.match(file_text, pos)):
        return reference.end() - pos
    return 1


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
