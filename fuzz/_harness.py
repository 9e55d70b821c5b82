"""What every fuzz target shares: instrumentation, the CLI's reading path, the
invariants a result must keep, and the entry point.

A target is a script ``fuzz/fuzz_<name>.py`` that defines ``test_one_input(data:
bytes)`` and ends with ``_harness.main(test_one_input)``. Inside
``test_one_input`` a `mtqa.errors.MtqaError` (bad input, config or pack, said in
one line) is the expected way to refuse input; any other exception, or a broken
invariant (an AssertionError), is a crash.

With atheris installed, ``python fuzz/fuzz_<name>.py [libFuzzer options] DIR...``
fuzzes (coverage-guided, mtqa and the parsers it relies on instrumented); without
it, the same command runs each file of the given folders once, a replay of the
corpus that needs nothing but mtqa.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

if TYPE_CHECKING:
    from mtqa.model import Document, DocumentResult

HERE = Path(__file__).resolve().parent
TARGETS = ("txt", "md", "html", "xliff", "tmx", "po", "table", "jsonl", "config", "packs", "check")

# The Python code worth coverage feedback: mtqa, and the pure-Python parsers its
# readers and settings go through (compiled ones, such as pandas' CSV parser or
# expat, give atheris no coverage to follow).
INSTRUMENTED = (
    "mtqa",
    "polib",
    "markdown_it",
    "mdit_py_plugins",
    "defusedxml",
    "html.parser",
    "_markupbase",
    "tomllib",
)

TestOneInput = Callable[[bytes], None]


def fuzzing() -> bool:
    """Whether this process runs a fuzz target as its main script with atheris
    installed: only then are imports instrumented (a test that imports a target
    to replay its corpus must not rewrite the bytecode of its own process)."""
    if not Path(sys.argv[0]).name.startswith("fuzz_"):
        return False
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


def instrumented(
    include: tuple[str, ...] = INSTRUMENTED,
) -> contextlib.AbstractContextManager[object]:
    """A context in which imports of the packages ``include`` names get coverage
    instrumentation when `fuzzing`.

    Readers, rules and word lists are imported on demand: a target imports (or
    first runs) what it exercises inside this context, or it is not instrumented."""
    if not fuzzing():
        return contextlib.nullcontext()
    import atheris

    return atheris.instrument_imports(include=list(include))


def quiet_environment(cache: bool = True) -> None:
    """Settings no fuzz run may leave to the machine: no LanguageTool server (a
    fuzzer must not reach the network), and with ``cache=False`` no cache (for
    rule packs: each of the thousands a fuzzer makes would store a table in it)."""
    if not cache:
        os.environ["MTQA_CACHE_DIR"] = "off"
    os.environ.pop("MTQA_LANGUAGETOOL_URL", None)


# --- what the CLI does with bytes --------------------------------------------------


def read_as_cli(data: bytes, fmt: str) -> Document | None:
    """``data`` read as ``mtqa check - --stdin-format FMT`` reads standard input:
    the byte-order mark sniffed, binary data refused, the encoding detected, bad
    bytes refused, the text parsed, and a document with nothing to check refused
    (`mtqa.readers.files.load`). None when refused with a MtqaError (an InputError,
    as a reader refuses input: what the CLI reports in one line)."""
    from mtqa.errors import MtqaError
    from mtqa.readers import ReadOptions
    from mtqa.readers.files import load

    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    with mock.patch.object(sys, "stdin", stdin):
        try:
            doc = load("-", fmt, ReadOptions())
        except MtqaError:
            return None
    assert_offsets(doc)
    return doc


def stream_as_cli(data: bytes, fmt: str, chunk_rows: int = 2) -> int:
    """``data`` read as ``mtqa check - --stream`` reads a large table, in chunks of
    ``chunk_rows`` rows (small, so that a few bytes make several chunks); returns
    the number of segments read, 0 when refused with a MtqaError.

    The chunks' first rows only grow: the stream counts a malformed CSV's rows by
    its lines and quotes, which pandas may read as fewer rows, so a chunk's
    number need not follow from the segments before it."""
    from mtqa.errors import MtqaError
    from mtqa.readers import ReadOptions
    from mtqa.readers.stream import stream_rows

    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    segments = 0
    first_row = 0
    with mock.patch.object(sys, "stdin", stdin):
        try:
            for chunk in stream_rows("-", fmt, ReadOptions(), chunk_rows=chunk_rows):
                assert chunk.first_row > first_row, "chunks must number rows onwards"
                assert_offsets(chunk.document)
                first_row = chunk.first_row
                segments += len(chunk.document.segments)
        except MtqaError:
            return 0
    return segments


# --- invariants -------------------------------------------------------------------------


def assert_offsets(doc: Document) -> None:
    """Every character of every segment maps to a place in the document's text, in
    file order (`mtqa.model.Segment.file_offset`)."""
    size = len(doc.file_text)
    for seg in doc.segments:
        assert seg.char_map is None or len(seg.char_map) == len(seg.text), "char map length"
        previous = -1
        for i in range(len(seg.text)):
            at = seg.file_offset(i)
            assert 0 <= at < size, f"segment {seg.index} char {i}: offset {at} outside the file"
            assert at >= previous, f"segment {seg.index} char {i}: offset goes back"
            previous = at


def assert_findings(result: DocumentResult) -> None:
    """Every finding's span inside its segment, its line inside the file, its
    suggestion a string or None."""
    doc = result.document
    lines = doc.file_text.count("\n") + 1
    for f in result.findings:
        assert 1 <= f.segment <= len(doc.segments), f"{f.rule}: segment {f.segment}"
        seg = doc.segments[f.segment - 1]
        empty = f.start == f.end == 0 and seg.untranslated and not seg.text  # MT307
        assert 0 <= f.start < f.end <= len(seg.text) or empty, f"{f.rule}: span {f.start}-{f.end}"
        if f.rule == "MT307":  # a unit without target text, or one gettext does not use
            assert seg.untranslated or seg.state == "fuzzy", "MT307 on a translated unit"
        assert f.text == seg.text[f.start : f.end], f"{f.rule}: text"
        assert f.suggestion is None or isinstance(f.suggestion, str), f"{f.rule}: suggestion"
        assert isinstance(f.message, str), f"{f.rule}: message"
        assert 1 <= f.line <= f.end_line <= lines, f"{f.rule}: lines {f.line}-{f.end_line}"


# --- files for the targets that read a path ------------------------------------------

_scratch: Path | None = None


def scratch_file(name: str, data: bytes) -> Path:
    """``data`` written to ``name`` in a folder of this process's own (removed at
    exit): config files and rule packs are read from a path."""
    global _scratch
    if _scratch is None:
        _scratch = Path(tempfile.mkdtemp(prefix="mtqa-fuzz-"))
        atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
    path = _scratch / name
    path.write_bytes(data)
    return path


def scratch_folder() -> Path:
    """The folder `scratch_file` writes to (made on first use)."""
    scratch_file(".keep", b"")
    assert _scratch is not None
    return _scratch


# --- entry point ---------------------------------------------------------------------


def corpus_files(paths: list[str]) -> Iterator[Path]:
    """The files named, and the files inside the folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            yield path


def replay(test_one_input: TestOneInput, paths: list[str]) -> int:
    """Run every corpus file once (no atheris: no mutation, no coverage); returns
    how many were run. An exception escapes with the file's name in a note."""
    count = 0
    for path in corpus_files(paths):
        try:
            test_one_input(path.read_bytes())
        except BaseException as exc:
            exc.add_note(f"corpus file: {path}")
            raise
        count += 1
    return count


def main(test_one_input: TestOneInput, cache: bool = True) -> None:
    """Fuzz ``test_one_input`` with atheris (libFuzzer options and corpus folders
    from the command line), or without atheris replay the corpus folders given.
    ``cache``: see `quiet_environment`."""
    quiet_environment(cache)
    if fuzzing():
        import atheris

        atheris.Setup(sys.argv, test_one_input)
        atheris.Fuzz()
        return
    paths = [a for a in sys.argv[1:] if not a.startswith("-")]
    count = replay(test_one_input, paths)
    print(f"{Path(sys.argv[0]).name}: replayed {count} inputs (atheris is not installed)")
