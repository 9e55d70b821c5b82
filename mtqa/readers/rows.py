"""Documents made of rows (a DataFrame column, annotated JSONL): one segment a row."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import InputError
from ..model import Document, Segment
from . import refuse_surrogates


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def document_from_rows(
    path: str,
    texts: Sequence[object],
    sources: Sequence[object] | None = None,
    references: Sequence[object] | None = None,
    ids: Sequence[object] | None = None,
) -> Document:
    """One segment per row; the document's "file" is the rows' targets joined by
    newlines, so a finding's line is its row number. Newlines inside a row become
    spaces (same length, so offsets into the row's text are unchanged). Raises
    InputError naming the line (row) of a lone surrogate (`refuse_surrogates`)."""
    clean = [t.replace("\n", " ") if isinstance(t, str) else "" for t in texts]
    segments, offset = [], 0
    for i, text in enumerate(clean):
        segments.append(
            Segment(
                i + 1,
                text,
                offset,
                kind="row",
                source=_text(sources[i]) if sources is not None else None,
                reference=_text(references[i]) if references is not None else None,
                id=str(ids[i]) if ids is not None else None,
            )
        )
        offset += len(text) + 1
    file_text = "\n".join(clean)
    try:
        refuse_surrogates(segments, file_text)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    return Document(path, segments, file_text)
