"""Row formats: TSV and CSV (through pandas) and JSONL, one segment a row.

Columns (or JSON fields) are found by role: the target under ``target``,
``translation``, ``mt``, ``hyp``, ``hypothesis``, ``tgt`` or ``text``; the
source under ``source`` or ``src``; the reference under ``reference`` or
``ref``; the id under ``id``, ``key``, ``seg_id`` or ``segment_id``; or as
``--columns target=NAME,source=NAME`` says. Every segment keeps the exact place
of its target text in the file, quoting and escapes included.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pandas as pd

from ..errors import InputError
from ..model import Segment
from . import Parsed, ReadOptions
from .escapes import JSON_ESCAPES, unescape

ROLES = {
    "target": ("target", "translation", "mt", "hyp", "hypothesis", "tgt", "text"),
    "source": ("source", "src"),
    "reference": ("reference", "ref"),
    "id": ("id", "key", "seg_id", "segment_id"),
}


def _columns(names: list[str], options: ReadOptions) -> dict[str, str]:
    """Role -> column name, from ``--columns`` or the usual names (case-insensitive)."""
    by_lower = {n.lower(): n for n in names}
    found: dict[str, str] = {}
    for role, defaults in ROLES.items():
        wanted = options.columns.get(role)
        if wanted is not None:
            if wanted.lower() not in by_lower:
                raise InputError(
                    f"no column '{wanted}' for the {role} (columns: {', '.join(names)})"
                )
            found[role] = by_lower[wanted.lower()]
        else:
            name = next((by_lower[d] for d in defaults if d in by_lower), None)
            if name is not None:
                found[role] = name
    if "target" not in found:
        raise InputError(
            f"no target column (name it with --columns target=NAME; columns: {', '.join(names)})"
        )
    return found


def _value(row: Any, column: str | None) -> str | None:
    if column is None:
        return None
    value = row[column]
    return value if isinstance(value, str) else None


def _read_delimited(text: str, options: ReadOptions, sep: str) -> Parsed:
    quoting = csv.QUOTE_NONE if sep == "\t" else csv.QUOTE_MINIMAL
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            quoting=quoting,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise InputError(f"malformed {'TSV' if sep == chr(9) else 'CSV'}: {exc}") from None
    cols = _columns(list(frame.columns), options)
    segments = []
    pos = text.find("\n") + 1  # the first row starts after the header line
    for i, row in enumerate(frame.to_dict("records"), 1):
        target = _value(row, cols["target"]) or ""
        start, char_map, pos = _locate_field(text, pos, target, sep)
        segments.append(Segment(
            i, target, start, kind="row", char_map=char_map,
            source=_value(row, cols.get("source")), reference=_value(row, cols.get("reference")),
            id=_value(row, cols.get("id")),
        ))  # fmt: skip
    return Parsed(segments)


def _locate_field(
    text: str, pos: int, value: str, sep: str
) -> tuple[int, tuple[int, ...] | None, int]:
    """Where ``value`` stands in ``text`` from ``pos`` (a row's start) on, verbatim or
    CSV-quoted. Returns its start, a char map when quoting changed it (doubled
    quotes), and where the next row starts."""
    start, char_map, end = pos, None, pos
    quoted = '"' + value.replace('"', '""') + '"'
    at = (
        text.find(quoted, pos)
        if sep != "\t" and ('"' in value or "\n" in value or sep in value)
        else -1
    )
    if at >= 0:
        raw, offsets = at + 1, []
        for ch in value:
            offsets.append(raw)
            raw += 2 if ch == '"' else 1
        start, char_map, end = at + 1, tuple(offsets), at + len(quoted)
    else:
        at = text.find(value, pos) if value else -1
        line_end = text.find("\n", pos)
        if at >= 0 and (line_end < 0 or at <= line_end):
            start, end = at, at + len(value)
    next_row = text.find("\n", end)
    return start, char_map, (next_row + 1 if next_row >= 0 else len(text))


def read_tsv(text: str, options: ReadOptions) -> Parsed:
    """Tab-separated rows with a header line; fields are not quoted."""
    return _read_delimited(text, options, "\t")


def read_csv(text: str, options: ReadOptions) -> Parsed:
    """Comma-separated rows with a header line; fields may be quoted."""
    return _read_delimited(text, options, ",")


def _field_start(line: str, key: str) -> int | None:
    """Where the string value of top-level field ``key`` starts in a JSON line."""
    name = json.dumps(key, ensure_ascii=False)[1:-1]
    for m in re.finditer(r'"' + re.escape(name) + r'"\s*:\s*"', line):
        if line.count("{", 0, m.start()) - line.count("}", 0, m.start()) == 1:
            return m.end()
    return None


def read_jsonl(text: str, options: ReadOptions) -> Parsed:
    """One JSON object a line (blank lines skipped)."""
    segments = []
    offset = 0
    for line_no, line in enumerate(text.split("\n"), options.first_line):
        if line.strip():
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"line {line_no}: not valid JSON ({exc.msg})") from None
            except RecursionError:
                raise InputError(f"line {line_no}: JSON nested too deeply to read") from None
            if not isinstance(data, dict):
                raise InputError(f"line {line_no}: not a JSON object")
            cols = _columns(list(data), options)
            target = data[cols["target"]]
            if not isinstance(target, str):
                raise InputError(f"line {line_no}: field '{cols['target']}' is not a string")
            start = _field_start(line, cols["target"])
            char_map, seg_offset = None, offset
            if start is not None:
                decoded, offsets = unescape(line, start, offset, JSON_ESCAPES, unicode_escapes=True)
                if decoded == target:
                    char_map, seg_offset = tuple(offsets), offset + start
            segments.append(Segment(
                len(segments) + 1, target, seg_offset, kind="row", char_map=char_map,
                source=_value(data, cols.get("source")),
                reference=_value(data, cols.get("reference")),
                id=None if cols.get("id") is None else str(data[cols["id"]]),
            ))  # fmt: skip
        offset += len(line) + 1
    return Parsed(segments)
