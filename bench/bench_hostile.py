"""Time and peak memory of ``mtqa check`` on extreme inputs (issue 14's bars).

Writes, in a temporary folder, a single line of ``--line-mb`` megabytes, a file
of ``--paragraphs`` tiny paragraphs, and a text file of ``--file-mb`` megabytes
(paragraphs of varied sentences), checks each in a child process with the
default text format, and prints one JSON line each: wall seconds, CPU seconds
and the child's peak resident memory in MB (``ru_maxrss``). The issue's sizes
are the defaults; ``--scale 0.1`` runs them a tenth as large (linear cost shows
as the same seconds per MB).

    python bench/bench_hostile.py [--line-mb 50] [--paragraphs 1000000] [--file-mb 200]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "the market closed early on Friday after officials said talks with union leaders "
    "had stalled over pay while prices for food and fuel kept rising across the region "
    "and analysts expected the central bank to raise rates again next month"
).split()


def sentences(rng: random.Random) -> str:
    """An endless supply of varied sentences, one at a time."""
    while True:
        words = rng.sample(WORDS, rng.randint(8, 16))
        yield words[0].capitalize() + " " + " ".join(words[1:]) + "."


def write_line(path: Path, megabytes: float, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as out:
        size, source = 0, sentences(rng)
        while size < megabytes * 1e6:
            s = next(source) + " "
            out.write(s)
            size += len(s)
        out.write("\n")


def write_paragraphs(path: Path, count: int, rng: random.Random) -> None:
    tiny = ["Yes.", "No.", "Fine.", "Thanks.", "He left.", "It rained.", "Talks ended."]
    with path.open("w", encoding="utf-8") as out:
        for _ in range(count):
            out.write(rng.choice(tiny) + "\n\n")


def write_text(path: Path, megabytes: float, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as out:
        size, source = 0, sentences(rng)
        while size < megabytes * 1e6:
            p = " ".join(next(source) for _ in range(5)) + "\n\n"
            out.write(p)
            size += len(p)


def measure(path: Path) -> dict[str, float | int | str]:
    """One ``mtqa check`` of ``path`` in a child process: its figures. Run from a
    process of its own (``--measure``): ``ru_maxrss`` of the children is the
    largest child's so far, so a second child's peak would hide under the first's."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mtqa", "check", str(path), "--languagetool", "off",
         "--format", "concise", "--exit-zero"],
        capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "input": path.name,
        "megabytes": round(path.stat().st_size / 1e6, 1),
        "exit": done.returncode,
        "wall_s": round(wall, 1),
        "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
        "peak_mb": round(after.ru_maxrss / 1024),  # in KB on Linux
        "summary": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--line-mb", type=float, default=50)
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--file-mb", type=float, default=200)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # one file, in a fresh process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure))), flush=True)
        return
    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as folder:
        inputs = [
            (Path(folder, "line.txt"), write_line, args.line_mb * args.scale),
            (Path(folder, "paragraphs.txt"), write_paragraphs, int(args.paragraphs * args.scale)),
            (Path(folder, "text.txt"), write_text, args.file_mb * args.scale),
        ]
        for path, write, size in inputs:
            write(path, size, rng)
            subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True)
            path.unlink()


if __name__ == "__main__":
    main()
