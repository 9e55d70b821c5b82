"""Readers turn a file's text into a Document of segments with exact offsets.

Each format's reader takes the decoded text and the read options and returns
the segments (target text, with source, reference and id where the format has
them), any suppression comments, and the languages its header declares.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .. import regexcache
from ..config import _language as check_language
from ..errors import ConfigError, InputError
from ..model import Document, Segment, Suppression


@dataclass(frozen=True)
class ReadOptions:
    """How to read: plain-text paragraphs, column/field names, default languages."""

    paragraphs: str = "auto"
    columns: dict[str, str] = field(default_factory=dict)  # role -> column or field name
    source_lang: str = "zh"
    target_lang: str = "en"
    # the file line of the text's first line (a chunk of a large file; a chunk of a
    # table begins with the file's header, standing for the line before its first row)
    first_line: int = 1
    # the languages the user named ("source", "target": --source-lang, --target-lang),
    # which win over those a file's header declares; the others are defaults the
    # header replaces
    given: frozenset[str] = frozenset()
    # the roles (target, source, ...) some JSONL row of the file has a field for, known
    # from the file's other chunks: a chunk none of whose rows has one is no file
    # without it (a row without the target is untranslated, without another role has
    # none of it)
    roles_known: frozenset[str] = frozenset()


@dataclass
class Parsed:
    """What a reader found in one file."""

    segments: list[Segment]
    suppressions: list[Suppression] = field(default_factory=list)
    source_lang: str | None = None  # as the file's header declares
    target_lang: str | None = None


Reader = Callable[[str, ReadOptions], Parsed]

NAMES_SHOWN = 5  # column or field names an error message lists, at most
NAME_CHARS = 40  # of each, at most


def quoted_names(names: Sequence[object]) -> str:
    """Column or field names for an error message, kept to one short line: the first
    `NAMES_SHOWN`, each cut to `NAME_CHARS` characters on one line, and how many more
    there are. A header of megabytes (or of a hundred thousand names) is no message
    of megabytes."""
    shown = []
    for name in names[:NAMES_SHOWN]:
        flat = " ".join(str(name).split())
        shown.append(flat if len(flat) <= NAME_CHARS else flat[: NAME_CHARS - 1] + "…")
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def header_language(value: str | None, where: str) -> str | None:
    """A language code a file's header declares (``where``: the attribute or header
    line, as the error names it), None when it declares none (absent or empty).
    Raises InputError for a value that is no language code (``e n``, ``<script>``),
    judged as ``--target-lang`` is (`mtqa.config`): it would name no language the
    rules know, and turn them off without a word."""
    if value is None or not value.strip():
        return None
    try:
        return check_language(value, where)
    except ConfigError as exc:
        raise InputError(str(exc)) from None


# format -> (module, reader function), imported when a file of that format comes: the
# table readers need pandas, which a run over plain text should not pay for
READERS: dict[str, tuple[str, str]] = {
    "txt": ("plaintext", "read_plaintext"), "md": ("markdown", "read_markdown"),
    "tsv": ("table", "read_tsv"), "csv": ("table", "read_csv"), "jsonl": ("table", "read_jsonl"),
    "xliff": ("xmlformats", "read_xliff"), "tmx": ("xmlformats", "read_tmx"),
    "po": ("po", "read_po"), "html": ("htmlpage", "read_html"),
    "srt": ("subtitles", "read_subrip"), "vtt": ("subtitles", "read_webvtt"),
}  # fmt: skip


def reader(fmt: str) -> Reader:
    """The reader of format ``fmt`` (a key of `READERS`)."""
    module, name = READERS[fmt]
    return getattr(importlib.import_module(f"{__package__}.{module}"), name)


SUFFIXES = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".tsv": "tsv",
    ".csv": "csv", ".jsonl": "jsonl", ".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx",
    ".po": "po", ".pot": "po", ".html": "html", ".htm": "html", ".srt": "srt", ".vtt": "vtt",
}  # fmt: skip
FORMAT_NAMES = tuple(dict.fromkeys(SUFFIXES.values()))


# half of a UTF-16 pair on its own: a JSON escape such as \\ud800 decodes to one
_SURROGATE_RE = regexcache.compile("[\ud800-\udfff]")


def refuse_surrogates(segments: list[Segment], text: str, first_line: int = 1) -> None:
    """Raise InputError naming the line (in ``text``, whose first line is
    ``first_line``) of a lone surrogate in any segment's text, source, reference or
    id: it is no character, no report could write it, and replacing it would hide
    a text that the tool which wrote the file cut in two."""
    for seg in segments:
        for role, value in (("target", seg.text), ("source", seg.source),
                            ("reference", seg.reference), ("id", seg.id)):  # fmt: skip
            found = _SURROGATE_RE.search(value) if value else None
            if found:
                offset = seg.file_offset(found.start()) if role == "target" else seg.offset
                line = first_line + text.count("\n", 0, offset)
                raise InputError(
                    f"line {line}: the {role} holds a lone surrogate "
                    f"(\\u{ord(found.group()):04x}), half of a UTF-16 pair and no character"
                )


def parse(text: str, path: str, fmt: str, options: ReadOptions | None = None) -> Document:
    """Segment ``text`` (already decoded) as format ``fmt`` into a Document.

    Raises InputError, prefixed with ``path``, for text the reader cannot read
    and for a segment holding a lone surrogate."""
    options = options or ReadOptions()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        parsed = reader(fmt)(text, options)
        refuse_surrogates(parsed.segments, text, options.first_line)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    return Document(
        path=path,
        segments=parsed.segments,
        file_text=text,
        suppressions=parsed.suppressions,
        source_lang=_language(parsed.source_lang, options, "source"),
        target_lang=_language(parsed.target_lang, options, "target"),
    )


def _language(declared: str | None, options: ReadOptions, role: str) -> str:
    """The document's ``role`` language: the user's when given, else the file's
    header's, else the default."""
    default = options.source_lang if role == "source" else options.target_lang
    return default if role in options.given or not declared else declared


def input_format(name: str, stdin_format: str) -> str:
    """The format input ``name`` is read as: ``stdin_format`` for ``-`` (stdin, as
    ``--stdin-format`` says), else the one its suffix calls for (`format_for`)."""
    return stdin_format if name == "-" else format_for(name)


def format_for(path: str, default: str = "txt") -> str:
    """The reader a file name calls for (by suffix), else ``default``."""
    for suffix, fmt in SUFFIXES.items():
        if path.lower().endswith(suffix):
            return fmt
    return default
