"""Streaming benchmark: time and peak memory of ``mtqa check --stream`` on a large TSV.

Writes a TSV of N segments (zh source, en target, a few with artifacts) and runs
the installed ``mtqa`` on it in a child process; the peak memory is that of the
child and every worker it starts together (``measure.py``). ``bench/suite.py``
streams a JSONL of realistic paragraphs instead (its ``stream-1gb`` case).

    python bench/bench_stream.py --segments 1000000 [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

import measure

PAIRS = [
    ("全村共有2万人。", "The village has 20,000 residents."),
    ("营收达到1.5亿元。", "Revenue reached 150 million yuan."),
    ("道路五月通车。", "The road opened to traffic in May."),
    ("农民在网上卖茶。", "Farmers sell their tea online."),
    ("今年春天雨水很多。", "It rained a lot this spring."),
    ("全村共有2万人。", "The village has 2,000 residents. ."),  # two findings
]


def write_tsv(path: Path, segments: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id\tsource\ttarget\n")
        for i in range(segments):
            source, target = PAIRS[5] if i % 1000 == 999 else rng.choice(PAIRS[:5])
            handle.write(f"{i}\t{source}\t{target}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--jobs", help="passed to mtqa check (default: its own)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tsv = Path(folder) / "segments.tsv"
        write_tsv(tsv, args.segments)
        jobs = ["--jobs", args.jobs] if args.jobs else []
        result = measure.run(
            [
                sys.executable,
                "-m",
                "mtqa",
                "check",
                str(tsv),
                "--isolated",
                "--stream",
                *jobs,
                "--format",
                f"jsonl:{folder}/findings.jsonl",
                "--exit-zero",
            ]
        )
        findings = Path(folder, "findings.jsonl").read_text(encoding="utf-8").count("\n")
    print(
        json.dumps(
            {
                "segments": args.segments,
                "jobs": args.jobs,
                "exit": result.exit_code,
                "findings": findings,
                "seconds": round(result.wall_s, 1),
                "cpu_seconds": round(result.cpu_s, 1),
                "segments_per_second": round(args.segments / result.wall_s),
                "peak_rss_mib": round(result.peak_rss_mib, 1),
                "processes": result.processes,
            }
        )
    )


if __name__ == "__main__":
    main()
