"""Findings per 1,000 words, per rule, on text people wrote: the false-alarm rate.

    python bench/false_alarms.py ../shared/corpus/human-news-dev [--show]

Prints the total rate, how many documents fail the default gate, a line per rule
(findings and rate), and with ``--show`` every finding with its context, to be
read and judged: a real slip in the text (a doubled word, a typo) or a false alarm.
"""

from __future__ import annotations

import argparse
from collections import Counter

import mtqa


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--show", action="store_true", help="list every finding in context")
    args = parser.parse_args()
    report = mtqa.check_paths(args.paths)
    words = report.summary.words
    per_rule: Counter[str] = Counter()
    failed = 0
    for doc in report.documents:
        failed += not doc.passed
        for f in doc.findings:
            per_rule[f.rule] += 1
            if args.show:
                text = doc.document.segments[f.segment - 1].text
                context = f"{text[max(0, f.start - 50) : f.start]}[[{f.text}]]"
                context += text[f.end : f.end + 30]
                print(f"{doc.path}:{f.line}:{f.column} {f.rule} {context!r}")
    total = sum(per_rule.values())
    print(
        f"{len(report.documents)} documents, {words} words: {total} findings, "
        f"{1000 * total / max(words, 1):.3f} per 1,000 words; {failed} fail the gate"
    )
    for rule, n in per_rule.most_common():
        print(f"  {rule} {n:4d}  {1000 * n / max(words, 1):.3f}")


if __name__ == "__main__":
    main()
