"""Run the fuzz targets one after another for a bounded time each; report crashes.

    python fuzz/run.py                      # every target, FUZZ_SECONDS (default 60) each
    python fuzz/run.py --seconds 600 po md  # two targets, ten minutes each

Each target fuzzes a working corpus (``build/fuzz/corpus/<target>``, kept between
runs so that later runs start where earlier ones stopped) seeded from the
checked-in corpus ``fuzz/corpus/<target>``, which libFuzzer only reads. A crash
input is written to ``build/fuzz/crashes/<target>/``; the run exits 1 and shows,
for each crashing target, the input and the traceback. Needs atheris
(``pip install atheris``; Linux x86-64, Python 3.11 or 3.12 wheels).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _harness import TARGETS  # noqa: E402  (fuzz/ is no package: found by the path above)

DEFAULT_WORK = ROOT / "build" / "fuzz"
TIMEOUT = 25  # seconds one input may take before libFuzzer calls it a hang (a crash)
RSS_LIMIT_MB = 2048  # memory one process may take before libFuzzer calls it a crash
SHOWN_BYTES = 400  # of a crash input, shown in the report


@dataclass
class Outcome:
    """How one target's run ended: its exit code, the crash inputs it wrote, the
    end of its output (with the traceback, when it crashed)."""

    target: str
    returncode: int
    crashes: list[Path]
    log_tail: str

    @property
    def failed(self) -> bool:
        return self.returncode != 0 or bool(self.crashes)

    def describe(self) -> str:
        """What a reader of a failed run needs: the inputs, then the output's end."""
        lines = [f"== fuzz target {self.target}: exit code {self.returncode}"]
        for path in self.crashes:
            data = path.read_bytes()
            shown = repr(data[:SHOWN_BYTES]) + (" ..." if len(data) > SHOWN_BYTES else "")
            lines.append(f"crash input {path} ({len(data)} bytes): {shown}")
        lines.append(self.log_tail)
        return "\n".join(lines)


def command(target: str, seconds: float, work: Path, crashes: Path, script: Path) -> list[str]:
    """The libFuzzer command line of ``script`` (target ``target``): fuzz for
    ``seconds``, growing the working corpus (the first folder) from the seeds (the
    second, only read), with the target's dictionary when it has one."""
    dictionary = HERE / "dicts" / f"{target}.dict"
    return [
        sys.executable,
        str(script),
        f"-max_total_time={max(1, round(seconds))}",
        f"-timeout={TIMEOUT}",
        f"-rss_limit_mb={RSS_LIMIT_MB}",
        f"-artifact_prefix={crashes}/",
        "-print_final_stats=1",
        *([f"-dict={dictionary}"] if dictionary.is_file() else []),
        str(work),
        str(script.parent / "corpus" / target),
    ]


def run_target(
    target: str, seconds: float, work_root: Path = DEFAULT_WORK, script: Path | None = None
) -> Outcome:
    """Fuzz one target for ``seconds`` (plus its start-up) and say how it ended.
    ``script``: the target's file, by default ``fuzz/fuzz_<target>.py`` (its seeds
    are ``corpus/<target>`` beside it)."""
    script = script or HERE / f"fuzz_{target}.py"
    work = work_root / "corpus" / target
    crashes = work_root / "crashes" / target
    work.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    before = set(crashes.iterdir())
    # the target imports _harness from fuzz/, wherever the script itself lies
    path = os.pathsep.join(p for p in (str(HERE), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    result = subprocess.run(
        command(target, seconds, work, crashes, script),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one stream: the traceback stays where it happened
        text=True,
        errors="replace",
        # a hang is libFuzzer's to report (-timeout); this only stops a wedged process
        timeout=seconds + TIMEOUT + 120,
    )
    found = sorted(set(crashes.iterdir()) - before)
    return Outcome(target, result.returncode, found, crash_report(result.stdout))


def crash_report(output: str) -> str:
    """What of a target's output explains a crash: atheris' Python traceback (from
    "Uncaught Python exception" to libFuzzer's error line) and the last lines."""
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if "Uncaught Python exception" in line), None)
    if start is None:
        return "\n".join(lines[-40:])
    end = next((i for i in range(start, len(lines)) if "ERROR: libFuzzer" in lines[i]), len(lines))
    return "\n".join([*lines[start : end + 1], "...", *lines[-12:]])


def main(argv: list[str] | None = None) -> int:
    """Run the targets named (default: all) and return 1 if any crashed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "targets", nargs="*", metavar="TARGET",
        help=f"targets to run (default: all of {', '.join(TARGETS)})",
    )  # fmt: skip
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("FUZZ_SECONDS", 60)),
        help="fuzzing time of each target (default: $FUZZ_SECONDS or 60)",
    )  # fmt: skip
    parser.add_argument(
        "--work", type=Path, default=DEFAULT_WORK,
        help=f"working corpus and crash folder (default: {DEFAULT_WORK})",
    )  # fmt: skip
    args = parser.parse_args(argv)
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target {unknown[0]!r} (known: {', '.join(TARGETS)})")
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("fuzz: atheris is not installed (pip install atheris)", file=sys.stderr)
        return 2
    failed = []
    for target in args.targets or TARGETS:
        outcome = run_target(target, args.seconds, args.work)
        status = "CRASH" if outcome.failed else "ok"
        print(f"fuzz {target}: {status} ({args.seconds:g} s)", flush=True)
        if outcome.failed:
            failed.append(outcome)
    for outcome in failed:
        print(outcome.describe(), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
