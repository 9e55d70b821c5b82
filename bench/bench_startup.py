"""Start-up benchmark: CPU seconds of ``mtqa --version`` and of checking a 10-word
file, each the best of N fresh processes (the targets: 0.15 s and 0.4 s).

python bench/bench_startup.py [--runs 5]

A check's first run after installing or upgrading fills the cache of derived
tables (`mtqa.cache`) and, as pip does when it installs, Python's bytecode
files (PYTHONDONTWRITEBYTECODE is lifted for the runs); the figures are for the
runs after it, as in a pre-commit hook or a loop over many small files.
``--cold`` empties the cache of derived tables before each run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import measure

TEN_WORDS = "The the committee met on Monday to discuss the prices.\n"


def cpu_seconds(args: list[str], env: dict[str, str]) -> float:
    """User plus system CPU seconds of one run of ``python -m mtqa ARGS`` and of
    any process it starts."""
    return measure.run([sys.executable, "-m", "mtqa", *args], env=env).cpu_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="empty the cache before each run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp, "ten.txt")
        sample.write_text(TEN_WORDS, encoding="utf-8")
        env = {**os.environ, "MTQA_CACHE_DIR": str(Path(tmp, "cache"))}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        check = ["check", str(sample), "--languagetool", "off", "--isolated"]
        # the first run derives the tables, the second writes them to the cache
        for _ in range(2):
            cpu_seconds(check, env)
        figures = {}
        for name, command in (("version", ["--version"]), ("check_10_words", check)):
            runs = []
            for _ in range(args.runs):
                if args.cold:
                    subprocess.run(["rm", "-rf", env["MTQA_CACHE_DIR"]], check=True)
                runs.append(cpu_seconds(command, env))
            figures[name] = round(min(runs), 3)
    print(json.dumps({"cpu_seconds": figures, "runs": args.runs, "cold": args.cold}))


if __name__ == "__main__":
    main()
