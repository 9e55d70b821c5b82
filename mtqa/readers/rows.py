"""Documents made of rows (a DataFrame column, annotated JSONL): one segment a row."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Document, Segment


def document_from_rows(path: str, texts: Sequence[object]) -> Document:
    """One segment per row; the document's "file" is the rows joined by newlines, so a
    finding's line is its row number. Newlines inside a row become spaces (same
    length, so offsets into the row's text are unchanged)."""
    clean = [t.replace("\n", " ") if isinstance(t, str) else "" for t in texts]
    segments, offset = [], 0
    for i, text in enumerate(clean, 1):
        segments.append(Segment(i, text, offset, kind="row"))
        offset += len(text) + 1
    return Document(path, segments, "\n".join(clean))
