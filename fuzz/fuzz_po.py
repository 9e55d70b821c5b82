"""Fuzz target: a gettext PO file read from bytes as the CLI reads them (`_harness.read_as_cli`).

Run: ``python fuzz/fuzz_po.py -max_total_time=60 build/fuzz/po fuzz/corpus/po``
(or ``make fuzz``); see fuzz/README.md.
"""

from __future__ import annotations

import _harness

with _harness.instrumented():
    import mtqa.readers.files
    import mtqa.readers.po  # noqa: F401  (imported on demand by the CLI: instrument it now)


def test_one_input(data: bytes) -> None:
    """Read ``data`` as a gettext PO file: a MtqaError refuses it, anything else is a crash."""
    _harness.read_as_cli(data, "po")


if __name__ == "__main__":
    _harness.main(test_one_input)
