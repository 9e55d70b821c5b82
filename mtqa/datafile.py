"""Reading the data files mtqa loads besides the texts it checks (a glossary, a
baseline, MQM annotations): regular files only, up to `MAX_BYTES`, read and
decoded as the checked files are (`mtqa.readers.files.read_text`: binary data
refused after its first bytes, the encoding detected); and their JSON, whose
failures are said in words (`parse_json`).
"""

from __future__ import annotations

import json
import os
import stat
import sys
from typing import Any

from .errors import InputError
from .model import AUTO_ENCODING
from .readers.files import read_text

# Far above any real glossary, baseline or annotation file (a baseline of a million
# findings is about 200 MB; the WMT MQM releases are under 100 MB a language pair),
# and below what would exhaust a CI runner's memory once parsed into Python objects.
MAX_BYTES = 256 * 2**20


def read_data_file(path: str, what: str, encoding: str = AUTO_ENCODING) -> str:
    """The text of ``path``, a ``what`` ("glossary", "baseline file"), in ``encoding``
    (`mtqa.readers.files.read_text`; by default UTF-8, else detected).

    A device, named pipe or socket is refused before it is opened: ``/dev/zero``
    never ends and a named pipe waits for a writer for ever. Raises
    FileNotFoundError for a missing file (each caller says so in its words) and
    InputError for anything else that cannot be read as text."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise InputError(f"{path}: cannot read the {what}: {_why(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (a device, pipe or socket), not a {what}")
    if info.st_size > MAX_BYTES:
        raise InputError(
            f"{path}: {info.st_size:,} bytes, more than a {what} may have ({MAX_BYTES:,})"
        )
    return read_text(path, encoding)[0]


def _why(exc: OSError | ValueError) -> str:
    return getattr(exc, "strerror", None) or str(exc)


class JSONProblem(ValueError):
    """JSON that is well formed but that Python will not read: a number of more
    digits than Python turns into an int, or arrays or objects nested deeper than
    its parser goes. The message says which, in words."""


class _TooLong(Exception):
    pass


def parse_json(text: str | bytes) -> Any:
    """The value of a JSON text. Raises json.JSONDecodeError for text that is not
    JSON (each caller says where, in its words) and `JSONProblem` for JSON Python
    will not read: "a number of over 4,300 digits" (Python's own message names
    its internals), "JSON nested too deeply" (a RecursionError)."""
    limit = sys.get_int_max_str_digits()

    def whole(digits: str) -> int:
        if limit and len(digits) - digits.startswith("-") > limit:
            raise _TooLong
        return int(digits)

    try:
        return json.loads(text, parse_int=whole)
    except _TooLong:
        raise JSONProblem(f"a number of over {limit:,} digits") from None
    except RecursionError:
        raise JSONProblem("JSON nested too deeply") from None


def json_message(exc: json.JSONDecodeError) -> str:
    """json's message without the " at" that some end with for the position to
    follow ("Unterminated string starting at"), which the caller says its way."""
    return exc.msg.removesuffix(" at")


def json_syntax(exc: json.JSONDecodeError) -> str:
    """What is wrong with text that is not JSON, and where: ``not JSON: Expecting
    value at line 1, column 1``."""
    return f"not JSON: {json_message(exc)} at line {exc.lineno}, column {exc.colno}"


def load_json_file(path: str, what: str) -> Any:
    """The JSON value of data file ``path``, a ``what`` ("baseline file", "triage
    file"), read as `read_data_file` reads it. Raises InputError, one line naming
    the file: it does not exist, cannot be read, is not JSON (`json_syntax`), or
    is JSON Python will not read (`JSONProblem`)."""
    try:
        return parse_json(read_data_file(path, what))
    except FileNotFoundError:
        raise InputError(f"{path}: {what} does not exist") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not a readable {what} ({json_syntax(exc)})") from None
    except JSONProblem as exc:  # a number of over 4,300 digits, nested too deeply
        raise InputError(f"{path}: not a readable {what} ({exc})") from None
