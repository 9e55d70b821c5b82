"""gettext PO files: each translated ``msgstr`` (every plural form) is a segment.

polib parses the file; the characters of each ``msgstr`` are then read back from
its quoted lines, C escapes decoded, so offsets point into the original file.
The source is the ``msgid`` (``msgid_plural`` for plural forms after the first).
"""

from __future__ import annotations

import re

import polib

from ..errors import InputError
from ..model import Segment
from . import Parsed, ReadOptions
from .escapes import C_ESCAPES, unescape

_NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")


def _quoted(line: str, line_offset: int) -> tuple[str, list[int]]:
    """The decoded content of the quoted string on a PO line, with file offsets."""
    return unescape(line, line.index('"') + 1, line_offset, C_ESCAPES)


def _msgstrs(lines: list[str], starts: list[int], first: int) -> dict[str, tuple[str, list[int]]]:
    """Every ``msgstr``/``msgstr[n]`` of the entry beginning at line index ``first``
    (its continuation lines gathered, then joined once: linear in their number)."""
    parts: dict[str, tuple[list[str], list[int]]] = {}
    key = None
    i = first
    while i < len(lines):
        line = lines[i].strip()
        if i > first and (not line or line.startswith("#") or re.match(r"(msgid|msgctxt)\s", line)):
            break
        m = re.match(r"(msgstr(?:\[\d+\])?)\s+\"", line)
        if m:
            key = m.group(1)
            text, offsets = _quoted(lines[i], starts[i])
            parts[key] = ([text], offsets)
        elif key and line.startswith('"'):
            text, offsets = _quoted(lines[i], starts[i])
            parts[key][0].append(text)
            parts[key][1].extend(offsets)
        elif line.startswith(("msgid", "msgctxt")):
            key = None  # msgid_plural and its continuation lines
        i += 1
    return {k: ("".join(texts), offsets) for k, (texts, offsets) in parts.items()}


def read_po(text: str, options: ReadOptions) -> Parsed:
    try:
        po = polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise InputError(f"malformed PO file: {exc}") from None
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    plural_header = po.metadata.get("Plural-Forms", "")
    nplurals = _NPLURALS_RE.search(plural_header)
    segments = []
    for entry in po:
        if entry.obsolete:
            continue
        first = next(
            (
                i
                for i in range(max(0, entry.linenum - 1), len(lines))
                if lines[i].lstrip().startswith(("msgid ", "msgctxt "))
            ),
            None,
        )
        if first is None:
            raise InputError(f"line {entry.linenum}: cannot find the entry in the file")
        strings = _msgstrs(lines, starts, first)
        if entry.msgid_plural:
            forms = sorted(strings, key=lambda k: int(k[7:-1]) if "[" in k else 0)
            if nplurals and len(forms) != int(nplurals.group(1)):
                raise InputError(
                    f"line {first + 1}: {len(forms)} plural forms, but the header's "
                    f"Plural-Forms says nplurals={nplurals.group(1)}"
                )
        else:
            forms = ["msgstr"] if "msgstr" in strings else []
        for n, key in enumerate(forms):
            target, offsets = strings[key]
            if not target:
                continue  # untranslated
            source = entry.msgid if n == 0 else entry.msgid_plural
            segments.append(
                Segment(
                    len(segments) + 1,
                    target,
                    offsets[0],
                    kind="unit",
                    char_map=tuple(offsets),
                    source=source,
                    id=entry.msgid if n == 0 else f"{entry.msgid}[{n}]",
                )
            )
    language = po.metadata.get("Language") or None
    return Parsed(
        segments,
        source_lang="en" if language else None,
        target_lang=language.replace("_", "-") if language else None,
    )
