"""Row formats: TSV and CSV and JSONL, one segment a row.

Columns (or JSON fields) are found by role: the target under ``target``,
``translation``, ``mt``, ``hyp``, ``hypothesis``, ``tgt`` or ``text``; the
source under ``source`` or ``src``; the reference under ``reference`` or
``ref``; the id under ``id``, ``key``, ``seg_id`` or ``segment_id``; or as
``--columns target=NAME,source=NAME`` says. Every segment keeps the exact place
of its target text in the file, quoting and escapes included.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .. import regexcache
from ..datafile import json_message
from ..errors import InputError
from ..model import OffsetMap, Segment
from ..textutil import counted
from . import Parsed, ReadOptions, quoted_names
from .escapes import JSON_ESCAPES, unescape

ROLES = {
    "target": ("target", "translation", "mt", "hyp", "hypothesis", "tgt", "text"),
    "source": ("source", "src"),
    "reference": ("reference", "ref"),
    "id": ("id", "key", "seg_id", "segment_id"),
    # rows of one value are one document: only when named (--columns document=NAME),
    # since grouping a file's rows changes what its scores are of
    "document": (),
}


def _roles(names: list[str], options: ReadOptions) -> tuple[dict[str, str], list[str]]:
    """Role -> column name for the roles ``names`` has (from ``--columns`` or the usual
    names not given to another role, case-insensitive), and the roles ``--columns``
    names a column for that ``names`` lacks."""
    by_lower = {n.lower(): n for n in names}
    # a column --columns gives a role is no other role's by its usual name: with
    # ``source=target`` the "target" column is the source, and no target is found
    claimed = {column.lower() for column in options.columns.values()}
    found: dict[str, str] = {}
    lacking: list[str] = []
    for role, defaults in ROLES.items():
        wanted = options.columns.get(role)
        if wanted is not None:
            if wanted.lower() in by_lower:
                found[role] = by_lower[wanted.lower()]
            else:
                lacking.append(role)
        else:
            name = next((by_lower[d] for d in defaults if d in by_lower and d not in claimed), None)
            if name is not None:
                found[role] = name
    return found, lacking


def _no_role(role: str, names: list[str], options: ReadOptions) -> str:
    """The message for a file without a column (a JSON field) for ``role``: ``names``
    are its columns (the first row's fields)."""
    listed = quoted_names(names)
    if role in options.columns:
        return f"no column '{options.columns[role]}' for the {role} (columns: {listed})"
    lower = {n.lower() for n in names}
    given = [(r, c) for r, c in options.columns.items() if c.lower() in ROLES["target"]]
    taken = next((f": '{c}' is the {r} column" for r, c in given if c.lower() in lower), "")
    return f"no target column{taken} (name it with --columns target=NAME; columns: {listed})"


def _unique(names: list[str], found: dict[str, str]) -> str | None:
    """The message for a role's column named more than once, None when none is."""
    counts = Counter(n.lower() for n in names)
    for role, name in found.items():
        if counts[name.lower()] > 1:  # which of them holds the text is anyone's guess
            return f"{counts[name.lower()]} columns named '{name}' for the {role}"
    return None


def _columns(names: list[str], options: ReadOptions) -> dict[str, str]:
    """Role -> column name, from ``--columns`` or the usual names (case-insensitive).
    Raises InputError for a column ``--columns`` names that is not there, for no
    target column, and for a role's column named twice."""
    found, lacking = _roles(names, options)
    if lacking:
        raise InputError(_no_role(lacking[0], names, options))
    if "target" not in found:
        raise InputError(_no_role("target", names, options))
    twice = _unique(names, found)
    if twice:
        raise InputError(twice)
    return found


def _key(row: Any, column: str | None) -> str | None:
    """A JSON row's value of ``column`` as a key (a document's): a string as it is,
    any other value as JSON writes it (12, true), None for null, "" or no column."""
    if column is None or row[column] is None:
        return None
    value = row[column]
    return (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)) or None


def _value(row: Any, column: str | None) -> str | None:
    if column is None:
        return None
    value = row[column]
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class _Field:
    """One field of a delimited row: its value and where it stands in the file."""

    value: str
    start: int  # file offset of the value's first character (after an opening quote)
    char_map: Sequence[int] | None = None  # when the value is not one run of the file


# an unquoted field runs to the next separator or line end; a quoted one to its
# closing quote, doubled quotes inside (possessive: one never closed fails at once,
# with no retrying of its text)
_UNQUOTED_RE = {sep: regexcache.compile(f"[^{sep}\n]*") for sep in ",\t"}
_QUOTED_RE = regexcache.compile(r'"((?:[^"]+|"")*+)"')


def _quoted(text: str, pos: int, sep: str, line: int) -> tuple[_Field, int]:
    """The quoted field at ``text[pos]`` (its opening quote) and where it ends. Text
    between the closing quote and the separator is kept, as the csv module keeps
    it. Raises InputError naming ``line`` for a quote never closed."""
    m = _QUOTED_RE.match(text, pos)
    if m is None:
        raise InputError(f"line {line}: a quoted field is never closed")
    end = _UNQUOTED_RE[sep].match(text, m.end()).end()
    parts = m.group(1).split('""')
    if len(parts) == 1 and end == m.end():
        return _Field(parts[0], pos + 1), end
    offsets: list[int] = []
    at = pos + 1
    for n, part in enumerate(parts):
        if n:
            offsets.append(at)  # a doubled quote reads as one, at its first
            at += 2
        offsets.extend(range(at, at + len(part)))
        at += len(part)
    offsets.extend(range(m.end(), end))
    value = '"'.join(parts) + text[m.end() : end]
    return _Field(value, pos + 1, offsets), end


def _records(text: str, sep: str, first_line: int) -> Iterator[tuple[int, list[_Field]]]:
    """Each row of delimited ``text`` with the file line it starts on (``first_line``:
    the line of the text's first), in one pass; a blank line is no row. Only CSV
    fields are quoted, and may then hold separators and line breaks."""
    pos, line = 0, first_line
    while pos < len(text):
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        row = text[pos:line_end]
        if not row.strip() and sep not in row:  # blank ("\t\t": a TSV row of empty fields)
            pos, line = line_end + 1, line + 1
            continue
        start_line, fields = line, []
        while True:
            if sep == "," and text.startswith('"', pos):
                field, end = _quoted(text, pos, sep, line)
                line += text.count("\n", pos, end)
            else:
                end = _UNQUOTED_RE[sep].match(text, pos).end()
                field = _Field(text[pos:end], pos)
            fields.append(field)
            pos = end + 1
            if not text.startswith(sep, end):
                break
        line += 1
        yield start_line, fields


def _read_delimited(text: str, options: ReadOptions, sep: str) -> Parsed:
    """The rows of a delimited file after its header, one segment a row. Raises
    InputError for a row whose fields are more or fewer than the header's (a field
    lost or shifted into another column), naming its line."""
    records = _records(text, sep, options.first_line)
    header = next(records, None)
    if header is None:
        return Parsed([])
    names = [f.value for f in header[1]]
    index = {name.lower(): i for i, name in enumerate(names)}
    where = {role: index[name.lower()] for role, name in _columns(names, options).items()}
    segments = []
    for line, fields in records:
        if len(fields) != len(names):
            raise InputError(
                f"line {line}: {counted(len(fields), 'field')}, but the header has {len(names)}"
                f" ({quoted_names(names)})"
            )
        values = {role: fields[i].value for role, i in where.items()}
        target = fields[where["target"]]
        segments.append(Segment(
            len(segments) + 1, target.value, target.start, kind="row", char_map=target.char_map,
            source=values.get("source"), reference=values.get("reference"), id=values.get("id"),
            document=values.get("document") or None,  # an empty cell: no document
        ))  # fmt: skip
    return Parsed(segments)


def read_tsv(text: str, options: ReadOptions) -> Parsed:
    """Tab-separated rows with a header line; fields are not quoted."""
    return _read_delimited(text, options, "\t")


def read_csv(text: str, options: ReadOptions) -> Parsed:
    """Comma-separated rows with a header line; fields may be quoted."""
    return _read_delimited(text, options, ",")


# a JSON line's tokens: a string (escapes inside), a bracket, or a run of anything else
_JSON_TOKEN_RE = regexcache.compile(r'"(?:[^"\\]+|\\.)*+"|[][{}]|[^][{}"]+')
_COLON_RE = regexcache.compile(r"\s*:\s*")


def _field_start(line: str, key: str) -> int | None:
    """Where the string value of top-level field ``key`` starts in a JSON line (after
    its opening quote; for a value that is no string, where the value starts),
    found in one pass over the line's tokens; None when there is no such field."""
    depth = 0
    for m in _JSON_TOKEN_RE.finditer(line):
        token = m.group()
        if token in ("{", "["):
            depth += 1
        elif token in ("}", "]"):
            depth -= 1
        elif depth == 1 and token[0] == '"' and (colon := _COLON_RE.match(line, m.end())):
            # a name, decoded only at the top level, and only when it holds an escape
            if (json.loads(token) if "\\" in token else token[1:-1]) != key:
                continue
            return colon.end() + 1 if line.startswith('"', colon.end()) else colon.end()
    return None


class _Object(dict):
    """A JSON object, and the names given more than once in it (json keeps the last)."""

    twice: frozenset[str] = frozenset()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    """The object of a JSON text's name-value pairs (json's object_pairs_hook)."""
    found = _Object(pairs)
    if len(found) < len(pairs):
        counts = Counter(k for k, _ in pairs)
        found.twice = frozenset(k for k, n in counts.items() if n > 1)
    return found


# made once: `json.loads` with a hook makes a decoder a call
_DECODER = json.JSONDecoder(object_pairs_hook=_object)


def _load(line: str, line_no: int) -> _Object:
    """The JSON object of one line. Raises InputError for a line that is not one."""
    try:
        data = _DECODER.decode(line)
    except json.JSONDecodeError as exc:
        # the column says where ("Unterminated string starting here")
        what = json_message(exc) + " here" * exc.msg.endswith(" at")
        raise InputError(f"line {line_no}, column {exc.colno}: not valid JSON ({what})") from None
    except ValueError:  # an integer of more digits than Python converts
        raise InputError(f"line {line_no}: a number too long to read") from None
    except RecursionError:
        raise InputError(f"line {line_no}: JSON nested too deeply to read") from None
    if not isinstance(data, dict):
        raise InputError(f"line {line_no}: not a JSON object")
    return data


def field_roles(line: str, options: ReadOptions) -> set[str]:
    """The roles a JSONL line's object has a field for (``--columns``' names or the
    usual ones); none for a line that cannot be read."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return set()
    return set(_roles(list(data), options)[0]) if isinstance(data, dict) else set()


def row_document(fmt: str, header: str, row: str, options: ReadOptions) -> str | None:
    """The value of the document column (``--columns document=NAME``) in one row of a
    TSV, CSV (``header``: the file's header line; ``row``: the row's lines) or JSONL
    file, as the reader gives it (`Segment.document`); None for a row without one,
    or that the reader will refuse (which it then says)."""
    # line ends as the reader reads them (`mtqa.readers.parse`): a lone CR is one
    row = row.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "jsonl":
        try:
            data = json.loads(row)
        except (ValueError, RecursionError):
            return None
        if not isinstance(data, dict):
            return None
        column = _roles(list(data), options)[0].get("document")
        return _key(data, column) if column in data else None
    records = _records(header + row, "\t" if fmt == "tsv" else ",", 1)
    try:
        names, fields = [f.value for f in next(records)[1]], next(records)[1]
    except (StopIteration, InputError):
        return None
    column = _roles(names, options)[0].get("document")
    if column is None or len(fields) != len(names):
        return None
    return fields[[n.lower() for n in names].index(column.lower())].value or None


def required_roles(options: ReadOptions) -> frozenset[str]:
    """The roles a JSONL file must have a field for in some row: the target, and
    every role ``--columns`` names a field for."""
    return frozenset({"target", *options.columns})


def _row(
    line: str,
    line_no: int,
    offset: int,
    index: int,
    data: _Object,
    cols: dict[str, str],
) -> Segment:
    """The segment of one JSON line (at file ``offset``; ``data``: its object, ``cols``:
    its fields by role). A row without the target field is a segment without text
    (untranslated: rule MT307), where its source's value starts (else the line's
    start). Raises InputError for a target that is no string, and a field that
    cannot be found in the line."""
    twice = sorted(set(cols.values()) & data.twice)
    if twice:
        raise InputError(f"line {line_no}: field '{twice[0]}' given twice")
    source = _value(data, cols.get("source"))
    reference = _value(data, cols.get("reference"))
    unit_id = None if cols.get("id") is None else str(data[cols["id"]])
    document = _key(data, cols.get("document"))
    if "target" not in cols:  # the field left out: no translation, at the source
        start = _field_start(line, cols["source"]) if "source" in cols else None
        return Segment(
            index, "", offset + (start or 0), kind="row", source=source, reference=reference,
            id=unit_id, document=document,
        )  # fmt: skip
    target = data[cols["target"]]
    if not isinstance(target, str | None):
        raise InputError(f"line {line_no}: field '{cols['target']}' is not a string")
    start = _field_start(line, cols["target"])
    if start is None:  # a string value, yet no top-level field of that name is found
        raise InputError(f"line {line_no}: could not map field '{cols['target']}' to the file")
    offsets: OffsetMap | None = None  # None: the text is one run of the file
    if target is None:  # null: no translation yet, a segment without text at the null
        target = ""
    else:
        close = line.find('"', start)
        if close >= 0 and line.find("\\", start, close) < 0:
            # no escape (most values): the text is the line's own characters, one run
            # of the file, with no offset a character to keep
            decoded = line[start:close]
        else:
            decoded, offsets = unescape(line, start, offset, JSON_ESCAPES, unicode_escapes=True)
        if decoded != target:
            raise InputError(f"line {line_no}: could not map field '{cols['target']}' to the file")
    return Segment(
        index, target, offset + start, kind="row",
        char_map=offsets,
        source=source, reference=reference, id=unit_id, document=document,
    )  # fmt: skip


def read_jsonl(text: str, options: ReadOptions) -> Parsed:
    """One JSON object a line (blank lines skipped), its fields found by role in each
    (`_roles`). A row without the target field is untranslated (`_row`) when other
    rows have it (or another chunk has: ``options.roles_known``); a row without a
    field ``--columns`` names for another role has none. Raises InputError naming the
    line of one that cannot be read (see `_load`, `_row`), and for a text where no
    row has the target field, or the field ``--columns`` names for a role."""
    rows: list[tuple[int, str, int, _Object, dict[str, str]]] = []
    has: set[str] = set()  # the roles some row has a field for
    # the roles of each set of names, found once: a file's rows mostly share theirs
    by_names: dict[tuple[str, ...], tuple[dict[str, str], str | None]] = {}
    offset = 0
    for line_no, line in enumerate(text.split("\n"), options.first_line):
        if line.strip():
            data = _load(line, line_no)
            names = tuple(data)
            known = by_names.get(names)
            if known is None:
                cols = _roles(list(names), options)[0]
                known = by_names[names] = (cols, _unique(list(names), cols))
                has.update(cols)
            cols, twice = known
            if twice:
                raise InputError(f"line {line_no}: {twice}")
            rows.append((line_no, line, offset, data, cols))
        offset += len(line) + 1
    if rows:
        first = list(rows[0][3])
        lacking = required_roles(options) - has - options.roles_known
        for role in ("target", *options.columns):  # the target first
            if role in lacking:
                raise InputError(_no_role(role, first, options))
    segments = [
        _row(line, line_no, start, n, data, cols)
        for n, (line_no, line, start, data, cols) in enumerate(rows, 1)
    ]
    return Parsed(segments)
