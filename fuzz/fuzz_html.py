"""Fuzz target: an HTML page read from bytes as the CLI reads them (`_harness.read_as_cli`).

Run: ``python fuzz/fuzz_html.py -max_total_time=60 build/fuzz/html fuzz/corpus/html``
(or ``make fuzz``); see fuzz/README.md.
"""

from __future__ import annotations

import _harness

with _harness.instrumented():
    import mtqa.readers.files
    import mtqa.readers.htmlpage  # noqa: F401  (imported on demand by the CLI: instrument it now)


def test_one_input(data: bytes) -> None:
    """Read ``data`` as an HTML page: a MtqaError refuses it, anything else is a crash."""
    _harness.read_as_cli(data, "html")


if __name__ == "__main__":
    _harness.main(test_one_input)
