"""Fuzz target: plain text read from bytes as the CLI reads them (`_harness.read_as_cli`).

Run: ``python fuzz/fuzz_txt.py -max_total_time=60 build/fuzz/txt fuzz/corpus/txt``
(or ``make fuzz``); see fuzz/README.md.
"""

from __future__ import annotations

import _harness

with _harness.instrumented():
    import mtqa.readers.files
    import mtqa.readers.plaintext  # noqa: F401  (imported on demand by the CLI: instrument it now)
    from mtqa.readers import ReadOptions, parse


def test_one_input(data: bytes) -> None:
    """Read ``data`` as plain text, in every paragraph mode (``--paragraphs``): a
    MtqaError refuses it, anything else is a crash."""
    doc = _harness.read_as_cli(data, "txt")
    if doc is None:
        return
    for mode in ("blank", "line"):
        _harness.assert_offsets(parse(doc.file_text, "-", "txt", ReadOptions(paragraphs=mode)))


if __name__ == "__main__":
    _harness.main(test_one_input)
