"""Fuzz target: JSON Lines read from bytes as the CLI reads them, whole
(`_harness.read_as_cli`) and in chunks as ``--stream`` reads them
(`_harness.stream_as_cli`).

Run: ``python fuzz/fuzz_jsonl.py -max_total_time=60 build/fuzz/jsonl fuzz/corpus/jsonl``
(or ``make fuzz``); see fuzz/README.md.
"""

from __future__ import annotations

import _harness

with _harness.instrumented():
    import mtqa.readers.files
    import mtqa.readers.stream
    import mtqa.readers.table  # noqa: F401  (imported on demand by the CLI: instrument it now)


def test_one_input(data: bytes) -> None:
    """Read ``data`` as JSON Lines, whole and streamed: a MtqaError refuses it,
    anything else is a crash. Streamed, a file has the rows it has whole (JSON
    Lines has no quoting that could make the two count rows differently)."""
    doc = _harness.read_as_cli(data, "jsonl")
    rows = _harness.stream_as_cli(data, "jsonl")
    if doc is not None and rows:
        assert rows == len(doc.segments), f"{rows} rows streamed, {len(doc.segments)} whole"


if __name__ == "__main__":
    _harness.main(test_one_input)
