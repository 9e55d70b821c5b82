"""Output benchmark: seconds to render a report of N findings in every format.

python bench/bench_output.py --findings 10000
"""

from __future__ import annotations

import argparse
import json
import time

from bench_check import SAMPLE

from mtqa import Checker
from mtqa.readers import parse
from mtqa.writers.base import render
from mtqa.writers.formats import FORMAT_NAMES, writer_class
from mtqa.writers.html import to_html


def report_with(findings: int):
    """A report of documents made of the sample article until it holds ``findings``."""
    checker = Checker()
    text = SAMPLE.read_text(encoding="utf-8")
    results, total, i = [], 0, 0
    while total < findings:
        result = checker.check(parse(text, f"articles/doc{i:05}.txt", "txt"))
        results.append(result)
        total += len(result.findings)
        i += 1
    return checker.report(results), checker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=10_000)
    args = parser.parse_args()
    report, checker = report_with(args.findings)
    run = checker.run_info()
    timings = {}
    for name in FORMAT_NAMES:
        start = time.perf_counter()
        render(writer_class(name), report, run)
        timings[name] = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    to_html(report, run.version)
    timings["html"] = round(time.perf_counter() - start, 3)
    print(
        json.dumps(
            {"findings": report.findings, "documents": len(report.documents), "seconds": timings}
        )
    )


if __name__ == "__main__":
    main()
