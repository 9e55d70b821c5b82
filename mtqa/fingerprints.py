"""Stable identities of findings, for baselines and for code-scanning services.

A fingerprint is keyed on the file, the rule, the flagged text and the text
right around it, never on line numbers: inserting paragraphs above a finding
or editing other paragraphs leaves it unchanged, while fixing the flagged text
(or the words next to it) retires it.
"""

from __future__ import annotations

import hashlib
import os

from .model import DocumentResult, Finding

CONTEXT_CHARS = 24


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def path_key(path: str, file: str = "") -> str:
    """A file's path as fingerprints and baselines name it, however it was spelled
    on the command line: ``/``-separated, without ``./`` or ``a/../``, and relative
    to the current folder when the file is under it (``-`` is stdin). ``file``: the
    file one of a table's documents was read from (`mtqa.model.Document.file`),
    whose name ``path`` extends with ``#VALUE``: only the file's part is
    normalised (a value ``../../x`` must not take the file's name away)."""
    if file and file != path and path.startswith(file):
        return path_key(file) + path[len(file) :]
    if path == "-":
        return path
    normal = os.path.normpath(path)
    if os.path.isabs(normal):
        relative = os.path.relpath(normal)
        if not relative.startswith(".."):
            normal = relative
    return normal.replace("\\", "/")


def fingerprint(path: str, segment_text: str, f: Finding, file: str = "") -> str:
    """The fingerprint (32 hex digits) of finding ``f`` in a segment of file ``path``
    (``file``: as for `path_key`)."""
    before = _norm(segment_text[max(0, f.start - CONTEXT_CHARS) : f.start])
    after = _norm(segment_text[f.end : f.end + CONTEXT_CHARS])
    key = "\x1f".join((path_key(path, file), f.rule, _norm(f.text), before, after))
    # surrogatepass: the same bytes as UTF-8 for every text, and a name that is not
    # UTF-8 (its undecodable bytes held as lone surrogates, PEP 383) hashes too
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def of_result(result: DocumentResult, f: Finding) -> str:
    """The fingerprint of a finding of a checked document, ``f.segment`` counted in
    the file: a streamed chunk holds the file's segments from its
    ``segment_offset`` on (`mtqa.streaming`), a whole document from the first."""
    segment = result.document.segments[f.segment - 1 - result.document.segment_offset]
    return fingerprint(result.path, segment.text, f, result.document.file)
