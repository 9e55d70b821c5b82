"""Readers turn a file's text into a Document of segments with exact offsets.

Each format's reader takes the decoded text and the read options and returns
the segments (target text, with source, reference and id where the format has
them), any suppression comments, and the languages its header declares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Document, Segment, Suppression


@dataclass(frozen=True)
class ReadOptions:
    """How to read: plain-text paragraphs, column/field names, default languages."""

    paragraphs: str = "auto"
    columns: dict[str, str] = field(default_factory=dict)  # role -> column or field name
    source_lang: str = "zh"
    target_lang: str = "en"
    first_line: int = 1  # the file line of the text's first line (a chunk of a large file)


@dataclass
class Parsed:
    """What a reader found in one file."""

    segments: list[Segment]
    suppressions: list[Suppression] = field(default_factory=list)
    source_lang: str | None = None  # as the file's header declares
    target_lang: str | None = None


Reader = Callable[[str, ReadOptions], Parsed]


def _readers() -> dict[str, Reader]:
    from .htmlpage import read_html
    from .markdown import read_markdown
    from .plaintext import read_plaintext
    from .po import read_po
    from .table import read_csv, read_jsonl, read_tsv
    from .xmlformats import read_tmx, read_xliff

    return {
        "txt": read_plaintext, "md": read_markdown, "tsv": read_tsv, "csv": read_csv,
        "jsonl": read_jsonl, "xliff": read_xliff, "tmx": read_tmx, "po": read_po,
        "html": read_html,
    }  # fmt: skip


SUFFIXES = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".tsv": "tsv",
    ".csv": "csv", ".jsonl": "jsonl", ".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx",
    ".po": "po", ".pot": "po", ".html": "html", ".htm": "html",
}  # fmt: skip
FORMAT_NAMES = tuple(dict.fromkeys(SUFFIXES.values()))


def parse(text: str, path: str, fmt: str, options: ReadOptions | None = None) -> Document:
    """Segment ``text`` (already decoded) as format ``fmt`` into a Document."""
    options = options or ReadOptions()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        parsed = _readers()[fmt](text, options)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    return Document(
        path=path,
        segments=parsed.segments,
        file_text=text,
        suppressions=parsed.suppressions,
        source_lang=parsed.source_lang or options.source_lang,
        target_lang=parsed.target_lang or options.target_lang,
    )


def format_for(path: str, default: str = "txt") -> str:
    """The reader a file name calls for (by suffix), else ``default``."""
    for suffix, fmt in SUFFIXES.items():
        if path.lower().endswith(suffix):
            return fmt
    return default
