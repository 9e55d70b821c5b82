"""Fuzz target: XLIFF read from bytes as the CLI reads them (`_harness.read_as_cli`).

Run: ``python fuzz/fuzz_xliff.py -max_total_time=60 build/fuzz/xliff fuzz/corpus/xliff``
(or ``make fuzz``); see fuzz/README.md.
"""

from __future__ import annotations

import _harness

with _harness.instrumented():
    import mtqa.readers.files
    import mtqa.readers.xmlformats  # noqa: F401  (imported on demand by the CLI: instrument it now)


def test_one_input(data: bytes) -> None:
    """Read ``data`` as XLIFF: a MtqaError refuses it, anything else is a crash."""
    _harness.read_as_cli(data, "xliff")


if __name__ == "__main__":
    _harness.main(test_one_input)
