"""Readers turn a file's text into a Document of segments with exact offsets."""

from __future__ import annotations

from ..model import Document
from .markdown import read_markdown
from .plaintext import read_plaintext

FORMATS = {"txt": read_plaintext, "md": read_markdown}
SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}


def parse(text: str, path: str, fmt: str, paragraphs: str = "auto") -> Document:
    """Segment ``text`` (already decoded) as format ``fmt`` into a Document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    segments, suppressions = FORMATS[fmt](text, paragraphs)
    return Document(path=path, segments=segments, file_text=text, suppressions=suppressions)


def format_for(path: str, default: str = "txt") -> str:
    """The reader a file name calls for (by suffix), else ``default``."""
    for suffix, fmt in SUFFIXES.items():
        if path.lower().endswith(suffix):
            return fmt
    return default
