"""The benchmark suite: mtqa beside proselint and pofilter, measured in one run.

    .venv/bin/python bench/suite.py [--words 1000000] [--quick] [--only CASE,...] [--runs N]

(with mtqa's interpreter: mtqa runs as ``sys.executable -m mtqa``).

Cases (``--only`` takes their names):

- ``startup``: a 10-word file through mtqa (default options), pofilter and
  proselint;
- ``one-core``: the corpus's documents through ``mtqa check --jobs 1`` and
  proselint (its error cap raised so that it checks everything), and its PO
  file through pofilter with its default checks;
- ``cores``: the documents with ``--jobs`` one a core against ``--jobs 1``;
- ``stream-cores``: the corpus as one JSONL with ``--stream``, likewise;
- ``dask``: the documents of a corpus of ``--dask-words`` (5M) on a Dask cluster
  that each run starts and stops (``--engine dask``) against ``--jobs`` one a
  core: a cluster's start (about a second) is a third of a 1M-word run;
- ``dask-cluster``: the same on a cluster that is already up, as a cluster is
  used (``--engine dask --scheduler``): the one ``--scheduler`` names, else a
  local one the suite starts (``dask scheduler``, ``dask worker --nworkers`` one a
  core, one thread each) and stops; its processes are not the command's, so
  its CPU and memory columns give the client's alone;
- ``stream-1gb``: a JSONL of ``--stream-bytes`` (1 GB) with ``--stream --jobs 2``,
  once: throughput and the peak memory of all its processes together.

Every figure is whole-process (the command and every process it starts, see
``measure.py``): wall seconds, CPU seconds, peak resident memory. A case runs its
contestants in turn, ``--runs`` times, each round in a rotated order so that a
change in the machine's load falls on all of them alike; the table gives
medians, and each ratio is the median of the ratios within a round. Words per
second divide the corpus's word count (whitespace-separated tokens, the same
for every tool) by wall seconds.

proselint and Translate Toolkit are installed in a virtual environment of their
own (``bench/out/ref-venv``), not mtqa's. The corpora come from ``corpus.py``
and are cached under ``bench/out/corpus``. Results: ``bench/out/results.json``
(``--results``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import corpus
import measure

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
REF_VENV = OUT / "ref-venv"
RUNS = OUT / "runs"  # each command's output and error files, the last run's
REFERENCE_PACKAGES = ["proselint", "translate-toolkit"]
CASES = ["startup", "one-core", "cores", "stream-cores", "dask", "dask-cluster", "stream-1gb"]


@dataclass
class Contestant:
    """One command of a case. ``ok`` lists the exit codes of a run that did its job
    (proselint exits 1 when it found something)."""

    label: str
    command: list[str]
    ok: tuple[int, ...] = (0,)
    stdout: bool = False  # keep standard output in a file (proselint's findings)


# mtqa checks inputs of at most this many bytes together in one process, whatever
# --jobs says (`mtqa.pool.PARALLEL_ABOVE`): a two-core case on less measures nothing
IN_PROCESS_BELOW = 1 << 20


def _files(path: str | Path) -> list[Path]:
    """The file ``path``, or the files in the folder ``path``."""
    path = Path(path)
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


@dataclass
class Case:
    """Contestants measured against the first of them, on ``words`` words."""

    name: str
    words: int
    contestants: list[Contestant]
    runs: int
    note: str = ""
    load: float = 0.0  # the load average when the case started
    results: dict[str, list[measure.Measurement]] = field(default_factory=dict)


def _env() -> dict[str, str]:
    """The environment of every measured command. Bytecode is written, as pip does
    when it installs (``PYTHONDONTWRITEBYTECODE`` would make every start compile
    mtqa's modules anew while the reference tools' were compiled at install), and
    mtqa's cache of derived tables is the suite's own, filled by the warm-up."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MTQA_CACHE_DIR"] = str(OUT / "mtqa-cache")
    return env


def ensure_reference_tools() -> dict[str, str]:
    """The reference tools' virtual environment, created when missing; their versions."""
    bin_dir = REF_VENV / "bin"
    if not (bin_dir / "proselint").exists() or not (bin_dir / "pofilter").exists():
        # the base interpreter, not this venv's: nothing of mtqa's leaks in
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(REF_VENV)], check=True)
        pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, *REFERENCE_PACKAGES], check=True)
    versions = {}
    for name, args in (("proselint", ["version"]), ("pofilter", ["--version"])):
        done = subprocess.run(
            [str(bin_dir / name), *args], capture_output=True, text=True, check=False
        )
        versions[name] = (done.stdout + done.stderr).strip().split()[-1]
    return versions


def proselint_config() -> Path:
    """A proselint config whose error cap (``max_errors``, 1000 by default, applied
    per file while linting) cannot stop it before the end of a file."""
    path = OUT / "proselint.json"
    path.write_text(json.dumps({"max_errors": 10**12}), encoding="utf-8")
    return path


def mtqa_options() -> set[str]:
    """The options of ``mtqa check`` that the suite varies and this mtqa has."""
    done = subprocess.run(
        [sys.executable, "-m", "mtqa", "check", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env=_env(),
    )
    return {o for o in ("--jobs", "--engine", "--scheduler") if o in done.stdout}


def machine() -> dict:
    """What the figures were measured on."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1]) // 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)),
        "memory_mib": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def _git(*args: str) -> str:
    """Read-only git: no optional lock, so ``git status`` does not rewrite the index."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, env=env)
    return done.stdout.strip()


def run_rounds(case: Case, env: dict[str, str], warm_up: bool) -> None:
    """Measure ``case``'s contestants ``case.runs`` times each, in rotated order,
    after a round whose figures are dropped when ``warm_up``."""
    RUNS.mkdir(parents=True, exist_ok=True)
    case.results = {c.label: [] for c in case.contestants}
    order = list(case.contestants)
    for round_no in range(-1 if warm_up else 0, case.runs):
        for contestant in order[round_no % len(order) :] + order[: round_no % len(order)]:
            stem = RUNS / f"{case.name}-{contestant.label.replace(' ', '_')}"
            result = measure.run(
                contestant.command,
                env=env,
                cwd=RUNS,  # no .proselintrc.json of the checkout is picked up
                stdout=stem.with_suffix(".out") if contestant.stdout else None,
                stderr=stem.with_suffix(".err"),
            )
            if result.exit_code not in contestant.ok:
                err = stem.with_suffix(".err").read_text(errors="replace")[-2000:]
                raise SystemExit(
                    f"{case.name}: {contestant.label} exited {result.exit_code}\n{err}"
                )
            if round_no >= 0:
                case.results[contestant.label].append(result)
            print(
                f"  {case.name} {f'round {round_no + 1}' if round_no >= 0 else 'warm-up'}: "
                f"{contestant.label}: "
                f"{result.wall_s:.2f} s wall, {result.cpu_s:.2f} s CPU, "
                f"{result.peak_rss_mib:.0f} MiB",
                file=sys.stderr,
                flush=True,
            )


def run_case(case: Case, env: dict[str, str]) -> list[dict]:
    """Measure a case (`run_rounds`): its rows (`summarise`)."""
    case.load = os.getloadavg()[0]  # the machine's other work: how noisy the figures are
    print(f"{case.name} (load average {case.load:.2f})", file=sys.stderr)
    # a round first whose figures are dropped: bytecode, mtqa's cache of derived
    # tables, the reference tools' imports and the corpus's pages are then warm
    # for every contestant (not for the 1 GB stream: an hour, and read once; on a
    # cluster already up, the round also builds each worker's checker, as a
    # cluster's earlier runs would have)
    run_rounds(case, env, warm_up=case.name != "stream-1gb")
    return summarise(case)


@contextlib.contextmanager
def dask_cluster(workers: int, env: dict[str, str]) -> Iterator[str]:
    """A Dask scheduler and ``workers`` worker processes of one thread each on this
    machine, with Dask's own command-line tools and default settings, as an
    operator would start them (without dashboards); its address while they run,
    all of them stopped after, whatever happened. Raises SystemExit if one exits
    or the workers are not all up within `CLUSTER_START` seconds (their output:
    ``bench/out/runs/dask-cluster.log``)."""
    dask = str(Path(sys.executable).parent / "dask")
    RUNS.mkdir(parents=True, exist_ok=True)
    # the scheduler takes a free port and says which in this file: no port is
    # picked here that another process could take first
    where = RUNS / "dask-scheduler.json"
    where.unlink(missing_ok=True)
    on = ["--scheduler-file", str(where), "--no-dashboard"]
    commands = [
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", *on],
        [dask, "worker", "--nworkers", str(workers), "--nthreads", "1", *on],
    ]
    processes: list[subprocess.Popen] = []
    with (RUNS / "dask-cluster.log").open("w") as log:
        try:
            try:
                for command in commands:
                    processes.append(subprocess.Popen(command, stdout=log, stderr=log, env=env))
            except OSError as exc:
                raise SystemExit(f"the Dask cluster did not start ({exc})") from None
            yield _cluster_up(where, workers, processes, log.name)
        finally:
            _stop(processes)


CLUSTER_START = 60  # seconds


def _cluster_up(where: Path, workers: int, processes: list[subprocess.Popen], log: str) -> str:
    """The scheduler's address once ``workers`` workers have joined it. Raises
    SystemExit when one of ``processes`` exits first, or after `CLUSTER_START`."""
    from distributed import Client

    deadline = time.monotonic() + CLUSTER_START
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise SystemExit(f"a process of the Dask cluster exited as it started: see {log}")
        if where.exists():
            with contextlib.suppress(ValueError, KeyError):  # written but not yet whole
                address = json.loads(where.read_text())["address"]
                with Client(address, timeout=10) as client:
                    if len(client.nthreads()) >= workers:
                        return address
        time.sleep(0.2)
    raise SystemExit(f"the Dask cluster's workers were not up in {CLUSTER_START} s: see {log}")


def _stop(processes: list[subprocess.Popen]) -> None:
    """Stop every process: all asked at once, then each waited for a while and
    killed if it has not stopped (a stuck worker leaves no scheduler behind)."""
    for process in processes:
        with contextlib.suppress(OSError):
            process.terminate()
    for process in processes:
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def summarise(case: Case) -> list[dict]:
    """A row per contestant: medians, the largest peak memory, and the first
    contestant's speed over this one (median of the per-round ratios)."""
    subject = case.results[case.contestants[0].label]
    rows = []
    for contestant in case.contestants:
        runs = case.results[contestant.label]
        wall = statistics.median(r.wall_s for r in runs)
        cpu = statistics.median(r.cpu_s for r in runs)
        row = {
            "case": case.name,
            "label": contestant.label,
            "runs": len(runs),
            "words": case.words,
            "wall_s": round(wall, 3),
            "cpu_s": round(cpu, 3),
            "words_per_s": round(case.words / wall),
            "words_per_cpu_s": round(case.words / cpu),
            "peak_rss_mib": round(max(r.peak_rss_mib for r in runs), 1),
            "peak_pss_mib": round(max(r.peak_pss_mib for r in runs), 1),
            "processes": max(r.processes for r in runs),
            "load_average": round(case.load, 2),
        }
        if contestant is not case.contestants[0]:
            # >1: the first contestant is faster (wall) or uses less CPU than this one
            row["first_faster_x"] = round(
                statistics.median(o.wall_s / s.wall_s for o, s in zip(runs, subject, strict=True)),
                2,
            )
            row["first_less_cpu_x"] = round(
                statistics.median(o.cpu_s / s.cpu_s for o, s in zip(runs, subject, strict=True)), 2
            )
        rows.append(row)
    return rows


def table(cases: list[Case], rows: list[dict]) -> str:
    """The results as a markdown table, a section per case."""
    lines = []
    for case in cases:
        first = case.contestants[0].label
        lines += [
            "",
            f"**{case.name}** ({case.words:,} words, {case.runs} run(s)){case.note}",
            "",
            "| command | words/s | wall s | CPU s | peak RSS (PSS) MiB | "
            f"{first}: × faster | {first}: × less CPU |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for row in (r for r in rows if r["case"] == case.name):
            lines.append(
                f"| {row['label']} | {row['words_per_s']:,} | {row['wall_s']:.2f} | "
                f"{row['cpu_s']:.2f} | {row['peak_rss_mib']:.0f} ({row['peak_pss_mib']:.0f}) | "
                f"{row.get('first_faster_x', '—')} | {row.get('first_less_cpu_x', '—')} |"
            )
    return "\n".join(lines)


# every mtqa run: the default rules, no config file, no LanguageTool server
# the address in a command of the cluster `dask_cluster` starts, once it is up
SCHEDULER = "<scheduler>"

MTQA = [sys.executable, "-m", "mtqa", "check", "--isolated", "--languagetool", "off", "--exit-zero"]


def plan(args: argparse.Namespace, options: set[str]) -> list[Case]:
    """The cases asked for, with their corpora built (or taken from the cache)."""
    ref = REF_VENV / "bin"
    # --config after the subcommand: before it, the subcommand's own --config
    # (default none) overrides it and the cap stays at 1000
    prose = [str(ref / "proselint"), "check", "--config", str(proselint_config())]
    cores = len(os.sched_getaffinity(0))

    def jobs(n: int) -> list[str]:
        return ["--jobs", str(n)] if "--jobs" in options else []

    def checked(label: str, *extra: str) -> Contestant:
        findings = RUNS / f"{label.replace(' ', '_')}.jsonl"
        return Contestant(label, [*MTQA, *extra, "--format", f"jsonl:{findings}"])

    def pofilter(po: Path) -> Contestant:
        out = RUNS / "pofilter-out.po"
        return Contestant("pofilter", [str(ref / "pofilter"), "--progress=none", str(po), str(out)])

    def proselint(docs: Path) -> Contestant:
        return Contestant("proselint", [*prose, str(docs)], ok=(0, 1), stdout=True)

    cases = []
    lacking = " (this mtqa has no --jobs: the default, in one process)"
    if "startup" in args.only:
        ten = corpus.build(10)
        doc = next(ten.docs.iterdir())
        mtqa_10 = Contestant("mtqa", [*MTQA, str(doc)])
        contestants = [mtqa_10, pofilter(ten.po), proselint(doc)]
        cases.append(Case("startup", ten.words, contestants, args.startup_runs))
    big = corpus.build(args.words, args.seed, args.artifact_share)
    if "one-core" in args.only:
        one = checked("mtqa --jobs 1", *jobs(1), str(big.docs))
        note = "" if "--jobs" in options else lacking
        contestants = [one, proselint(big.docs), pofilter(big.po)]
        cases.append(Case("one-core", big.words, contestants, args.runs, note))
    if "--jobs" in options:
        for name, inputs in (("cores", [big.docs]), ("stream-cores", ["--stream", big.jsonl])):
            if name in args.only:
                paths = [str(p) for p in inputs]
                contestants = [
                    checked(f"mtqa --jobs {cores}", *jobs(cores), *paths),
                    checked("mtqa --jobs 1", *jobs(1), *paths),
                ]
                size = sum(p.stat().st_size for i in inputs if i != "--stream" for p in _files(i))
                small = (
                    f" (the input is {size:,} bytes: mtqa checks up to {IN_PROCESS_BELOW:,} "
                    "in one process whatever --jobs; give --words 200000 or more)"
                    if size <= IN_PROCESS_BELOW
                    else ""
                )
                cases.append(Case(name, big.words, contestants, args.runs, small))
    if "--engine" in options and {"dask", "dask-cluster"} & set(args.only):
        many = corpus.build(args.dask_words, args.seed, args.artifact_share)
        docs = str(many.docs)
        scheduler = args.scheduler or SCHEDULER
        for name, label, where in (
            ("dask", "mtqa --engine dask", []),
            ("dask-cluster", "mtqa --engine dask --scheduler", ["--scheduler", scheduler]),
        ):
            if name in args.only:
                contestants = [
                    checked(label, "--engine", "dask", *where, docs),
                    checked(f"mtqa --jobs {cores}", *jobs(cores), docs),
                ]
                cases.append(Case(name, many.words, contestants, args.runs))
    if "stream-1gb" in args.only:
        huge = corpus.build_jsonl(args.stream_bytes, args.seed, args.artifact_share)
        label = "mtqa --stream" + (" --jobs 2" if "--jobs" in options else "")
        contestant = checked(label, "--stream", *jobs(2), str(huge.jsonl))
        note = f" ({huge.manifest['bytes'] / 1e9:.2f} GB JSONL)"
        cases.append(Case("stream-1gb", huge.words, [contestant], 1, note))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, help="corpus size (default 1,000,000)")
    parser.add_argument("--quick", action="store_true", help="100,000 words, 1 run, 50 MB")
    parser.add_argument("--only", help=f"comma-separated cases: {','.join(CASES)}")
    parser.add_argument("--runs", type=int, help="rounds of each case (default 3)")
    parser.add_argument("--startup-runs", type=int, help="rounds of start-up (default 9)")
    parser.add_argument("--stream-bytes", type=int, help="size of stream-1gb's JSONL")
    parser.add_argument("--dask-words", type=int, help="the dask cases' corpus (default 5M)")
    parser.add_argument("--scheduler", help="dask-cluster's scheduler (default: one started)")
    parser.add_argument("--results", type=Path, default=OUT / "results.json", help="JSON out")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--artifact-share", type=float, default=0.2)
    args = parser.parse_args()
    args.words = args.words or (100_000 if args.quick else 1_000_000)
    args.runs = args.runs or (1 if args.quick else 3)
    args.startup_runs = args.startup_runs or (3 if args.quick else 9)
    args.dask_words = args.dask_words or (args.words if args.quick else 5_000_000)
    args.stream_bytes = args.stream_bytes or (50_000_000 if args.quick else 1_000_000_000)
    args.only = args.only.split(",") if args.only else CASES
    if unknown := set(args.only) - set(CASES):
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")

    versions = ensure_reference_tools()
    env = _env()
    options = mtqa_options()
    cases = plan(args, options)
    for skipped in sorted(set(args.only) - {c.name for c in cases}):
        print(f"skipped {skipped}: this mtqa lacks the options it needs", file=sys.stderr)
    # mtqa derives tables from its word lists on its first run and writes them to
    # its cache on its second (docs/quality.md, start-up): both before any figure
    ten = next(corpus.build(10).docs.iterdir())
    for _ in range(2):
        measure.run([*MTQA, str(ten)], env=env)
    started = time.strftime("%Y-%m-%d %H:%M:%S %z")
    rows = []
    for case in cases:
        with contextlib.ExitStack() as stack:
            if SCHEDULER in case.contestants[0].command:
                # up for this case alone: its idle workers would tick beside the others
                address = stack.enter_context(dask_cluster(len(os.sched_getaffinity(0)), env))
                for contestant in case.contestants:
                    contestant.command = [
                        address if a == SCHEDULER else a for a in contestant.command
                    ]
            rows += run_case(case, env)
    report = {
        "started": started,
        "finished": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "machine": machine(),
        "mtqa": {
            "commit": _git("rev-parse", "--short", "HEAD"),
            "work_tree_changed": bool(_git("status", "--porcelain", "--untracked-files=no")),
            "options": sorted(options),
        },
        "reference_tools": versions,
        "settings": {k: v for k, v in vars(args).items() if k not in ("only", "results")}
        | {"cases": args.only},
        "load_average_end": os.getloadavg(),
        "rows": rows,
        "runs": {
            case.name: {label: [m.as_dict() for m in ms] for label, ms in case.results.items()}
            for case in cases
        },
    }
    args.results.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    info = report["machine"]
    print(f"{info['cpu']}, {info['cores']} cores, Python {info['python']}; {started}")
    print(table(cases, rows))


if __name__ == "__main__":
    main()
