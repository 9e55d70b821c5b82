"""gettext PO files: each ``msgstr`` (every plural form) is a segment; an empty one
(an entry not translated yet, fuzzy or not) is a segment without text, and one of an
entry flagged ``#, fuzzy`` has the state "fuzzy" (gettext does not use it).

polib checks the syntax and reads the header; the entries are then read from the
file's lines, C escapes decoded, so that every offset points into the original
file. The source is the ``msgid`` (``msgid_plural`` for plural forms after the
first); the id is the ``msgid``, or ``msgctxt`` U+0004 ``msgid`` for an entry with
a context (the key gettext itself looks messages up by). The header entry
(``msgid ""``) and obsolete entries (``#~``) are not translations and are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain

import polib

from .. import regexcache
from ..errors import InputError
from ..model import OffsetMap, Segment
from . import Parsed, ReadOptions, header_language
from .escapes import C_ESCAPES, NUMERIC_ESCAPE_RE, unescape

_NPLURALS_RE = regexcache.compile(r"nplurals\s*=\s*(\d+)")
# a keyword line's keyword and plural index, up to the opening quote of its string
_KEYWORD_RE = regexcache.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s*(?=\")")
# a quoted string closed by its last quote, nothing but spaces after it (possessive:
# a string never closed fails at once, not after trying every split of its text)
_CLOSED_RE = regexcache.compile(r'"(?:[^"\\]+|\\.)*+"[ \t]*$')
_OBSOLETE_RE = regexcache.compile(r"#~[ \t]+")
# a backslash and the character it escapes, taken in pairs from the left ("\\\\u"
# is an escaped backslash and a u); gettext knows C_ESCAPES and octal and hex
# escapes, and refuses any other ("\\u200b": "invalid control sequence")
_ESCAPE_RE = regexcache.compile(r"\\(.)")
_NUMERIC_ESCAPES = frozenset("01234567x")
# a flags comment ("#, fuzzy, c-format"): the flags are the words after it
_FLAGS_RE = regexcache.compile(r"#,(.*)")


@dataclass
class _Entry:
    """One entry as the file spells it: each keyword's decoded string and the file
    offset of each of its characters (``msgstr[1]`` is a keyword of its own)."""

    line: int  # of its first keyword (msgctxt or msgid), 1-based
    obsolete: bool = False
    fuzzy: bool = False  # flagged "#, fuzzy" in the comments before it
    # each line's decoded piece and its offsets (`unescape`), joined when read
    strings: dict[str, tuple[list[str], list[OffsetMap]]] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)  # each key's string, after its quote

    def text(self, key: str) -> str | None:
        """The decoded string of ``key`` (``msgid``, ``msgstr[0]`` …), None if absent."""
        return "".join(self.strings[key][0]) if key in self.strings else None

    def has_msgstr(self) -> bool:
        return any(key.startswith("msgstr") for key in self.strings)


def _polib(text: str) -> polib.POFile:
    """The file parsed by polib from its text: polib.pofile() opens its argument as
    a file whenever that is the path of one (a .po holding "/etc/passwd"), so the
    parser is given the lines itself, split as this module splits them (polib's own
    splitlines() would also split at U+2028 and other separators inside a string)."""
    parser = polib._POFileParser("", encoding="utf-8")  # "" names no file: nothing opened
    parser.fhandle = text.split("\n")
    try:
        return parser.parse()
    except (OSError, ValueError) as exc:
        raise InputError(f"malformed PO file: {exc}") from None


def _string(line: str, start: int, line_no: int, offset: int) -> tuple[str, OffsetMap]:
    """The decoded quoted string at ``line[start]`` (its opening quote) and each
    character's file offset. Raises InputError for a string that is not closed."""
    closed = _CLOSED_RE.match(line, start)
    if not closed:
        raise InputError(f"line {line_no}: a string without its closing quote")
    for escape in _ESCAPE_RE.finditer(line, start, closed.end()):
        kind = escape.group(1)
        if kind not in C_ESCAPES and kind not in _NUMERIC_ESCAPES:
            raise InputError(
                f"line {line_no}: \\{kind} is no escape a PO string may hold (gettext's: "
                '\\n \\t \\r \\" \\\\ \\a \\b \\f \\v, octal \\ooo, hex \\xhh)'
            )
        number = NUMERIC_ESCAPE_RE.match(line, escape.start())
        if kind in _NUMERIC_ESCAPES and (number is None or _byte(number.group(1)) > 0x7F):
            # a byte of the file's charset: one of several of a UTF-8 character, which
            # the decoded text cannot be given back piece by piece
            shown = number.group() if number else escape.group()
            raise InputError(
                f"line {line_no}: {shown} is not an ASCII character; write the character "
                "itself, not its bytes"
            )
    return unescape(line, start + 1, offset, C_ESCAPES, numeric_escapes=True)


def _byte(digits: str) -> int:
    """The value of a numeric escape's digits (``101``, ``x41``)."""
    return int(digits[1:], 16) if digits[0] == "x" else int(digits, 8)


def _keyword(
    m: re.Match[str],
    entry: _Entry | None,
    entries: list[_Entry],
    line_no: int,
    obsolete: bool,
    fuzzy: bool,
) -> tuple[_Entry, str]:
    """The entry a keyword line belongs to (a new one, appended to ``entries``, for a
    msgctxt, or a msgid not after a msgctxt; ``fuzzy``: the comments before it flag
    it so) and the key its string goes under. Raises InputError for a keyword given
    twice and a msgstr without a msgid."""
    word, index = m.groups()
    if word in ("msgctxt", "msgid") and (
        entry is None or word == "msgctxt" or "msgid" in entry.strings
    ):
        entry = _Entry(line_no, fuzzy=fuzzy)
        entries.append(entry)
    if entry is None or (word in ("msgid_plural", "msgstr") and "msgid" not in entry.strings):
        raise InputError(f"line {line_no}: {word} without a msgid before it")
    key = word if index is None else f"{word}[{int(index)}]"
    if key in entry.strings:
        raise InputError(f"line {line_no}: a second {key} in the entry of line {entry.line}")
    if word == "msgid":
        entry.obsolete = obsolete
    return entry, key


def _entries(text: str) -> list[_Entry]:
    """The entries of a PO file, in file order (one pass over its lines).

    As in polib, a blank line does not end an entry, a comment after a msgstr does;
    ``#~`` lines are read as the lines of obsolete entries; a ``#,`` comment naming
    the flag ``fuzzy`` flags the entry that follows it. Raises InputError for a
    line that is no part of an entry, a keyword given twice in one entry, and a
    msgstr without a msgid."""
    entries: list[_Entry] = []
    entry: _Entry | None = None
    key: str | None = None  # the keyword a continuation line adds to
    fuzzy = False  # the comments since the last entry began flag the next one fuzzy
    offset = 0
    for line_no, line in enumerate(text.split("\n"), 1):
        start = len(line) - len(line.lstrip())
        obsolete = _OBSOLETE_RE.match(line, start)
        if obsolete:
            start = obsolete.end()
        if not line.strip():
            pass  # a blank line ends nothing
        elif line.startswith("#", start):
            key = None
            if entry is not None and entry.has_msgstr():
                entry = None  # a comment after the msgstr belongs to the next entry
            flags = _FLAGS_RE.match(line, start)
            if flags and "fuzzy" in (f.strip() for f in flags.group(1).split(",")):
                fuzzy = True
        elif (m := _KEYWORD_RE.match(line, start)) is not None:
            entry, key = _keyword(m, entry, entries, line_no, bool(obsolete), fuzzy)
            fuzzy = fuzzy and entry.line != line_no  # taken by the entry it begins
            decoded, offsets = _string(line, m.end(), line_no, offset)
            entry.strings[key] = ([decoded], [offsets])
            entry.starts[key] = offset + m.end() + 1
        elif line.startswith('"', start) and entry is not None and key is not None:
            decoded, offsets = _string(line, start, line_no, offset)
            entry.strings[key][0].append(decoded)
            entry.strings[key][1].append(offsets)
        else:
            raise InputError(f"line {line_no}: not PO syntax: {line.strip()[:40]!r}")
        offset += len(line) + 1
    return entries


def _forms(entry: _Entry, nplurals: int | None) -> list[str]:
    """The msgstr keywords of an entry in order: ``msgstr``, or ``msgstr[0]`` up to
    ``msgstr[n-1]`` for an entry with msgid_plural. Raises InputError when the forms
    do not fit the entry or the header's nplurals (a plural form left out of the
    check, or one the program never shows)."""
    plural = sorted(int(k[7:-1]) for k in entry.strings if k.startswith("msgstr["))
    if "msgid_plural" not in entry.strings:
        if plural:
            raise InputError(
                f"line {entry.line}: msgstr[{plural[0]}] in an entry without msgid_plural"
            )
        return ["msgstr"] if "msgstr" in entry.strings else []
    if "msgstr" in entry.strings:
        raise InputError(
            f"line {entry.line}: msgstr without an index in an entry with msgid_plural"
            " (write msgstr[0], msgstr[1] …)"
        )
    if plural and nplurals is not None and len(plural) != nplurals:
        raise InputError(
            f"line {entry.line}: {len(plural)} plural forms, but the header's "
            f"Plural-Forms says nplurals={nplurals}"
        )
    misplaced = next((n for i, n in enumerate(plural) if n != i), None)
    if misplaced is not None:
        why = (
            f"the entry's {len(plural)} plural forms must be"
            if nplurals is None
            else f"the header's Plural-Forms says nplurals={nplurals}:"
        )
        raise InputError(
            f"line {entry.line}: msgstr[{misplaced}] out of place: "
            f"{why} msgstr[0] to msgstr[{len(plural) - 1}]"
        )
    return [f"msgstr[{n}]" for n in plural]


def _segments(entry: _Entry, forms: list[str], first_index: int) -> list[Segment]:
    """A segment for every form of an entry: an empty msgstr is one too, without
    text, at its empty string (a missing translation: `Segment.untranslated`); the
    forms of a fuzzy entry have the state "fuzzy" (rule MT307 reports them)."""
    msgid = entry.text("msgid") or ""
    context = entry.text("msgctxt")
    unit_id = msgid if context is None else f"{context}\x04{msgid}"
    segments = []
    for n, key in enumerate(forms):
        target = entry.text(key) or ""
        offsets = OffsetMap.of_runs(chain.from_iterable(m.runs() for m in entry.strings[key][1]))
        segments.append(
            Segment(
                first_index + len(segments),
                target,
                offsets[0] if offsets else entry.starts[key],
                kind="unit",
                char_map=offsets or None,
                source=msgid if n == 0 else entry.text("msgid_plural"),
                id=unit_id if n == 0 else f"{unit_id}[{n}]",
                state="fuzzy" if entry.fuzzy else None,
            )
        )
    return segments


# gettext's locale modifiers that name a script (sr@latin, uz@cyrillic) -> the
# BCP 47 script subtag, which rule MT308 reads (`mtqa.language.scripts.scripts_of`)
_SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl"}


def _locale_tag(value: str) -> str:
    """A PO ``Language`` value (a POSIX locale: language[_territory][.codeset]
    [@modifier]) as a language tag: the codeset dropped (de_DE.UTF-8 -> de_DE), a
    script modifier made the script subtag after the language (sr@latin ->
    sr-Latn, sr_RS@latin -> sr-Latn-RS), any other modifier dropped (ca@valencia
    -> ca)."""
    locale, _, modifier = value.strip().partition("@")
    locale = locale.split(".")[0]
    script = _SCRIPT_MODIFIERS.get(modifier.strip().lower())
    if not script or not locale:
        return locale
    language, _, rest = locale.replace("_", "-").partition("-")
    return "-".join(part for part in (language, script, rest) if part)


def read_po(text: str, options: ReadOptions) -> Parsed:
    """The entries of a PO file (``text``: its content, never a path), each form a
    segment, an untranslated one without text (for rule MT307).

    Raises InputError for malformed syntax (polib's message, or the line's), for
    plural forms that do not fit (naming the entry's line) and for a ``Language``
    header that is no language code. A file without an entry gives no segment,
    which `mtqa.readers.files.load` refuses."""
    po = _polib(text)
    found = _NPLURALS_RE.search(po.metadata.get("Plural-Forms", ""))
    nplurals = int(found.group(1)) if found else None
    segments: list[Segment] = []
    for entry in _entries(text):
        if not entry.obsolete and entry.text("msgid"):  # msgid "" is the header
            segments += _segments(entry, _forms(entry, nplurals), len(segments) + 1)
    language = header_language(_locale_tag(po.metadata.get("Language", "")), "Language header")
    return Parsed(
        segments,
        source_lang="en" if language else None,
        target_lang=language,
    )
