"""The documents of one table or JSON Lines file: its rows grouped by the value of
a document column (``--columns document=NAME``).

A test set, a translation memory or MT-generated training data holds the segments
of many documents in one file, each row naming its document. Checked as one
document, the file would get one score, and rules that read a whole document (a
name spelled two ways, a paragraph said twice) would compare segments of
different documents. Grouped, each document is checked and scored on its own, as
`mtqa.dask.check_frame` does with its ``document`` column.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Document, Segment


def document_path(path: str, value: str | None) -> str:
    """The name a document of file ``path`` goes by in reports: ``PATH#VALUE``, or
    the file's own name for the rows with no value (None: an empty cell, a null,
    no such field)."""
    return path if value is None else f"{path}#{value}"


def split(document: Document) -> list[Document]:
    """``document`` as the documents its segments name (`Segment.document`), in the
    order each is first named, each of its segments in the file's order and
    numbered from 1; the segments keep their places in the file (line numbers are
    the file's). A document whose segments name none is returned as it is."""
    groups: dict[str | None, list[Segment]] = {}
    for seg in document.segments:
        groups.setdefault(seg.document, []).append(seg)
    if list(groups) == [None]:
        return [document]
    # the file's line starts found once, for all its documents to share: each found
    # its own, a list of every line of the file a document (quadratic in documents)
    document.line_col(0)
    return [
        replace(
            document,
            path=document_path(document.path, value),
            segments=[replace(seg, index=i) for i, seg in enumerate(segments, 1)],
            file=document.path,
        )
        for value, segments in groups.items()
    ]
