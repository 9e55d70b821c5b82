"""Fuzz target: TSV and CSV read from bytes as the CLI reads them, whole
(`_harness.read_as_cli`) and in chunks as ``--stream`` reads them
(`_harness.stream_as_cli`).

Run: ``python fuzz/fuzz_table.py -max_total_time=60 build/fuzz/table fuzz/corpus/table``
(or ``make fuzz``); see fuzz/README.md.
"""

from __future__ import annotations

import _harness

with _harness.instrumented():
    import mtqa.readers.files
    import mtqa.readers.stream
    import mtqa.readers.table  # noqa: F401  (imported on demand by the CLI: instrument it now)


def test_one_input(data: bytes) -> None:
    """Read ``data`` as TSV and as CSV, whole and streamed: a MtqaError refuses
    it, anything else is a crash."""
    for fmt in ("tsv", "csv"):
        _harness.read_as_cli(data, fmt)
        _harness.stream_as_cli(data, fmt)


if __name__ == "__main__":
    _harness.main(test_one_input)
