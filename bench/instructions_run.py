"""Check WORDS words of the bench_check.py corpus inside one C call
(``operator.methodcaller``), which ``bench/instructions.sh`` tells callgrind to
count: loading word lists and building the corpus stay out of the count."""

from __future__ import annotations

import importlib.util
import sys
from operator import methodcaller
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "bench_check", Path(__file__).with_name("bench_check.py")
)
bench_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_check)

from mtqa import Checker  # noqa: E402  (the checkout under test, from PYTHONPATH)
from mtqa.readers import parse  # noqa: E402


class _Run:
    def __init__(self, words: int) -> None:
        self.docs = bench_check.corpus(words, 0.2)
        self.checker = Checker()
        self.checker.check(parse(bench_check.SAMPLE.read_text(encoding="utf-8"), "warmup", "txt"))

    def run(self) -> None:
        for i, text in enumerate(self.docs):
            self.checker.check(parse(text, f"d{i}", "txt"))


methodcaller("run")(_Run(int(sys.argv[1])))
