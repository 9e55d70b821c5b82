"""Documents made of rows (a DataFrame column, annotated JSONL): one segment a row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Document, Segment
from . import refuse_surrogates

if TYPE_CHECKING:
    import pandas as pd


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


def require_columns(columns: Iterable[object], *names: str | None) -> None:
    """Raise InputError naming the first of ``names`` (None: a role not asked for)
    that is not among a frame's ``columns``."""
    have = set(columns)
    for name in names:
        if name is not None and name not in have:
            raise InputError(f"no column '{name}' in the frame")


def frame_documents(
    frame: pd.DataFrame,
    target: str,
    source: str | None = None,
    reference: str | None = None,
    document: str | None = None,
    *,
    name: str = "<frame>",
    source_lang: str = "zh",
    target_lang: str = "en",
) -> Iterator[Document]:
    """The documents of a pandas DataFrame (`document_from_rows`): one segment a row
    of column ``target``, with its ``source`` and ``reference`` columns when named.
    With ``document``, one document a value of that column (named by the value, in
    the order of first rows; a missing value is a document too), its rows in the
    frame's order; without, one document ``name`` of every row. Raises InputError
    for a column named that the frame lacks (`require_columns`), and as
    `document_from_rows` does."""
    require_columns(frame.columns, target, source, reference, document)
    groups = frame.groupby(document, sort=False, dropna=False) if document else [(name, frame)]
    for key, rows in groups:
        doc = document_from_rows(
            str(key),
            rows[target].tolist(),
            sources=rows[source].tolist() if source else None,
            references=rows[reference].tolist() if reference else None,
        )
        doc.source_lang, doc.target_lang = source_lang, target_lang
        yield doc
