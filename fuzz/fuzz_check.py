"""Fuzz target: the whole checker, every rule, on a document of any format.

The first byte chooses the format (`mtqa.readers.READERS`, in order), the rest is
read as the CLI reads it (`_harness.read_as_cli`) and checked by a `Checker` with
every rule selected (LanguageTool off: no server); every finding must lie inside
its segment with a string or no suggestion (`_harness.assert_findings`).

Run: ``python fuzz/fuzz_check.py -max_total_time=60 build/fuzz/check fuzz/corpus/check``
(or ``make fuzz``); see fuzz/README.md.
"""

from __future__ import annotations

from functools import cache

import _harness


@cache
def checker() -> Checker:
    """One checker for the process, as the CLI builds one for a run."""
    return Checker(Config(select=("ALL",), languagetool="off"))


# Only mtqa is instrumented here (the parsers have targets of their own, and
# instrumenting them costs seconds of start-up). The rules and the word lists are
# imported when a checker is built and first used: both happen inside the block.
with _harness.instrumented(("mtqa",)):
    import mtqa.readers.files  # noqa: F401
    from mtqa import Checker, Config
    from mtqa.readers import READERS, parse, reader

    for _fmt in READERS:
        reader(_fmt)  # each reader's module, imported (and instrumented) now
    checker().check(parse("The the plan. . Qie Qie 年\n\nSee also x", "-", "txt"))

FORMATS = tuple(READERS)


def test_one_input(data: bytes) -> None:
    """Check ``data[1:]`` as format ``FORMATS[data[0]]``: only a MtqaError may
    refuse it, and the result must keep `_harness.assert_findings`."""
    if not data:
        return
    doc = _harness.read_as_cli(data[1:], FORMATS[data[0] % len(FORMATS)])
    if doc is not None:
        _harness.assert_findings(checker().check(doc))


if __name__ == "__main__":
    _harness.main(test_one_input)
