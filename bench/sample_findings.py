"""Print a random sample of findings with context, for judging precision by hand.

python bench/sample_findings.py ../shared/corpus/mt-dev --n 50 --seed 2026
"""

from __future__ import annotations

import argparse
import random

import mtqa


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    report = mtqa.check_paths(args.paths)
    rows = []
    for doc in report.documents:
        for f in doc.findings:
            text = doc.document.segments[f.segment - 1].text
            context = text[max(0, f.start - 60) : f.end + 40].replace("\n", " ")
            rows.append((doc.path, f, context))
    print(f"{len(rows)} findings")
    sample = random.Random(args.seed).sample(rows, min(args.n, len(rows)))
    for i, (path, f, context) in enumerate(sample, 1):
        print(f"{i:3} {path}:{f.line}:{f.column} {f.rule} [{f.severity}] {f.text[:60]!r}")
        fix = "" if f.suggestion is None else f" (suggestion: {f.suggestion!r})"
        print(f"      {f.message}{fix}")
        print(f"      … {context} …")


if __name__ == "__main__":
    main()
