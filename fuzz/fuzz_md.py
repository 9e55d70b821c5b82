"""Fuzz target: Markdown read from bytes as the CLI reads them (`_harness.read_as_cli`).

Run: ``python fuzz/fuzz_md.py -max_total_time=60 build/fuzz/md fuzz/corpus/md``
(or ``make fuzz``); see fuzz/README.md.
"""

from __future__ import annotations

import _harness

with _harness.instrumented():
    import mtqa.readers.files
    import mtqa.readers.markdown  # noqa: F401  (imported on demand by the CLI: instrument it now)


def test_one_input(data: bytes) -> None:
    """Read ``data`` as Markdown: a MtqaError refuses it, anything else is a crash."""
    _harness.read_as_cli(data, "md")


if __name__ == "__main__":
    _harness.main(test_one_input)
