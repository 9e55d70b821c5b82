"""``mtqa check --jobs N``: worker processes give exactly the one-process output,
in the same order; small runs start no workers; progress shows only on a terminal."""

from __future__ import annotations

import io
import json
import pickle
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa import Checker
from mtqa import pool as pool_module
from mtqa.cli import cli
from mtqa.config import Config
from mtqa.model import DocumentResult, RunSummary
from mtqa.pool import LocalPool, batched, cpu_count, jobs_for, ordered
from mtqa.progress import Progress
from mtqa.readers import parse
from mtqa.run import run_check
from mtqa.writers.base import Writer

# texts with artifacts of several families, each document a little different
FLAWED = (
    "The minister said the the plan would start next year . , Officials agreed.",
    "Xi Jinping Yin Yin met the delegation on Monday.",
    "Prices rose sharply in March.The central bank said it would act.",
    "See also: Ten things to do in Paris this weekend",
)
CLEAN = (
    "The committee published its findings on Tuesday after a long review.",
    "Residents said the new bus routes had made their journeys shorter.",
)


def _documents(folder: Path, count: int) -> list[Path]:
    """``count`` small text files, each mixing clean and flawed paragraphs."""
    folder.mkdir()
    paths = []
    for i in range(count):
        paragraphs = [CLEAN[i % 2], FLAWED[i % len(FLAWED)], f"Document {i} ends here."]
        path = folder / f"doc{i:03d}.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _run(args: list[str], monkeypatch: pytest.MonkeyPatch, parallel_above: int = 0):
    # in-process CLI: the threshold that keeps small runs in one process is lowered
    # so that these small inputs go to workers
    monkeypatch.setattr(pool_module, "PARALLEL_ABOVE", parallel_above)
    # and a task carries one or two of these small files, not all of them
    monkeypatch.setattr(pool_module, "BATCH_BYTES", 300)
    monkeypatch.delenv("MTQA_LANGUAGETOOL_URL", raising=False)
    return CliRunner().invoke(cli, ["check", "--languagetool", "off", *args])


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many workers each LocalPool of the test started with."""
    sizes: list[int] = []
    real = LocalPool.__init__

    def spy(self: LocalPool, workers: int) -> None:
        sizes.append(workers)
        real(self, workers)

    monkeypatch.setattr(LocalPool, "__init__", spy)
    return sizes


def test_two_workers_write_exactly_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[int]
) -> None:
    _documents(tmp_path / "docs", 12)
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"report{jobs}.json"
        run = _run(
            [str(tmp_path / "docs"), "--jobs", jobs, "--format", f"json:{out}", "--format", "text"],
            monkeypatch,
        )
        assert run.exit_code == 1, run.output
        outputs[jobs] = (out.read_text(encoding="utf-8"), run.output)
    assert started == [2]  # --jobs 1 started none
    assert outputs["1"] == outputs["2"]
    report = json.loads(outputs["2"][0])
    paths = [d["path"] for d in report["documents"]]
    assert paths == sorted(paths) and len(paths) == 12
    rules = {f["rule"] for d in report["documents"] for f in d["findings"]}
    assert {"MT205", "MT101"} <= rules  # the doubled "the the" and the stray ". ,"


def test_an_unreadable_input_is_one_error_with_workers_as_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _documents(tmp_path / "docs", 4)
    (tmp_path / "docs" / "doc001.txt").write_bytes(b"\x00\x01binary")
    runs = [
        _run([str(tmp_path / "docs"), "--jobs", jobs, "--format", "concise"], monkeypatch)
        for jobs in ("1", "2")
    ]
    assert runs[0].exit_code == runs[1].exit_code == 2
    assert runs[0].output == runs[1].output
    assert "doc001.txt" in runs[1].output and "doc002.txt" in runs[1].output


def test_a_baseline_applies_in_the_writing_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _documents(tmp_path / "docs", 6)
    baseline = tmp_path / "baseline.json"
    recorded = CliRunner().invoke(
        cli, ["baseline", str(docs[0]), "-o", str(baseline), "--languagetool", "off"]
    )
    assert recorded.exit_code == 0, recorded.output
    runs = [
        _run(
            [str(tmp_path / "docs"), "-j", jobs, "--baseline", str(baseline), "--format", "json"],
            monkeypatch,
        )
        for jobs in ("1", "2")
    ]
    assert runs[0].output == runs[1].output
    report = json.loads(runs[1].output)
    assert report["documents"][0]["findings"] == [] and report["documents"][1]["findings"]
    assert report["summary"]["baseline"]["matched"] > 0


def test_streamed_chunks_checked_by_workers_come_back_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 12,000 rows: three chunks of a streamed file (CHUNK_ROWS 5,000)
    rows = tmp_path / "segments.jsonl"
    with rows.open("w", encoding="utf-8") as out:
        for i in range(12_000):
            text = FLAWED[i % len(FLAWED)] if i % 997 == 0 else f"Row {i} reads well."
            out.write(json.dumps({"id": str(i), "target": text}) + "\n")
    runs = [
        _run([str(rows), "--stream", "--jobs", jobs, "--format", "jsonl"], monkeypatch)
        for jobs in ("1", "2")
    ]
    # the file fails: its 'See also' line has prose after it (critical, MT601)
    assert runs[0].exit_code == runs[1].exit_code == 1
    assert runs[0].output == runs[1].output
    segments = [json.loads(line)["segment"] for line in runs[1].output.splitlines()]
    assert segments == sorted(segments) and segments[-1] > 10_000


def test_small_runs_and_languagetool_runs_start_no_workers(tmp_path: Path) -> None:
    checker = Checker(Config(languagetool="off"))
    assert jobs_for(4, checker, [100, 2_000]) == 1  # under PARALLEL_ABOVE together
    large = 10 * pool_module.PARALLEL_ABOVE
    assert jobs_for(4, checker, [pool_module.PARALLEL_ABOVE, 1]) == 2  # two files, two tasks
    assert jobs_for(4, checker, [large] * 5) == 4
    assert jobs_for(1, checker, [large] * 5) == 1
    assert jobs_for(None, checker, [large] * 5) == cpu_count()
    # one large file is one task, checked in-process; streamed, its chunks go to workers
    assert jobs_for(4, checker, [large]) == 1
    assert jobs_for(4, checker, [large], streamed=True) == 4
    checker.languagetool = object()  # type: ignore[assignment]  # a server in use
    assert jobs_for(4, checker, [large] * 5) == 1


def test_a_small_file_is_checked_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[int]
) -> None:
    docs = _documents(tmp_path / "docs", 2)
    run = _run([str(docs[0]), "--jobs", "2"], monkeypatch, parallel_above=1 << 20)
    assert run.exit_code == 1 and started == []


def test_small_files_are_batched_in_order_up_to_a_size() -> None:
    sizes = [100, 150, 60, 400, 10, None, 20]
    got = list(batched("abcdefg", sizes, limit=250))
    # a and b fill 250, so c starts a batch; d (400) is over the limit and goes
    # alone; f (stdin: no size, counts as the limit) fits beside nothing
    assert got == [["a", "b"], ["c"], ["d"], ["e"], ["f"], ["g"]]
    assert list(batched([], [], limit=10)) == []
    with pytest.raises(ValueError):  # one size an item
        list(batched("ab", [1], limit=10))


def test_ordered_keeps_the_order_and_a_bounded_window() -> None:
    in_flight, most = 0, 0
    lock = threading.Lock()

    def work(n: int) -> int:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.002 * (n % 3))  # later items often finish first
        with lock:
            in_flight -= 1
        return n * n

    with ThreadPoolExecutor(4) as executor:
        results = list(ordered(lambda n: executor.submit(work, n), range(40), window=3))
    assert results == [n * n for n in range(40)]
    assert most <= 3


def test_ordered_raises_in_order_and_cancels_the_rest() -> None:
    submitted: list[Future[int]] = []

    def submit(n: int) -> Future[int]:
        future: Future[int] = Future()
        if n == 1:
            future.set_exception(ValueError("task 1 failed"))
        elif n == 0:
            future.set_result(0)
        submitted.append(future)  # the others never finish
        return future

    results = ordered(submit, range(10), window=4)
    assert next(results) == 0
    with pytest.raises(ValueError, match="task 1 failed"):
        next(results)
    assert all(f.cancelled() for f in submitted[2:])


def test_a_result_comes_back_from_a_worker_equal_to_itself() -> None:
    # what a worker sends back: segments with offset maps (Markdown markup removed
    # inside them), findings, scores, an inline suppression and its verdict
    text = (
        "# A *short* title\n\n"
        "The minister said the the plan would **start** next year . , Officials agreed.\n\n"
        "<!-- mtqa: ignore MT205 -->\nIt rose rose in *March*.\n"
    )
    result = Checker(Config(languagetool="off")).check(parse(text, "a.md", "md"))
    assert any(s.char_map is not None for s in result.document.segments)
    assert result.findings and result.document.suppressions
    back = pickle.loads(pickle.dumps(result))
    assert back == result
    assert type(back.document.segments[0]) is type(result.document.segments[0])
    assert [s.char_map for s in back.document.segments] == [
        s.char_map for s in result.document.segments
    ]


def test_scheduler_needs_the_dask_engine(tmp_path: Path) -> None:
    docs = _documents(tmp_path / "docs", 1)
    run = CliRunner().invoke(cli, ["check", str(docs[0]), "--scheduler", "tcp://x:8786"])
    assert run.exit_code == 2
    assert "--scheduler goes with --engine dask" in run.output


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    result = Checker(Config(languagetool="off")).check(parse(CLEAN[0], "a.txt", "txt"))
    monkeypatch.setattr("mtqa.progress.SHOW_AFTER", 0)
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    with Progress(1000) as progress:
        progress.advance(result, 500)
        assert progress.line() == ""
    assert pipe.getvalue() == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with Progress(1000) as progress:
        progress.advance(result, 500)
        shown = progress.line()
    assert " 50%" in shown and "1 docs, 1 segments, " in shown and " words/s" in shown
    assert terminal.getvalue().endswith("\r")  # the line is cleared at the end
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    with Progress(1000, enabled=False) as progress:
        progress.advance(result, 500)
        assert progress.line() == ""
    assert quiet.getvalue() == ""


def test_a_bad_row_a_worker_parses_fails_its_file_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = tmp_path / "segments.jsonl"
    lines = [json.dumps({"target": f"Row {i} has has a doubled word."}) for i in range(12_000)]
    lines[7_000] = '{"target": "an unclosed row'  # in the second chunk
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"target": "The the end."}) + "\n", encoding="utf-8")
    runs = [
        _run([str(rows), str(good), "--stream", "-j", jobs, "--format", "concise"], monkeypatch)
        for jobs in ("1", "2")
    ]
    assert runs[0].exit_code == runs[1].exit_code == 2
    assert runs[0].output == runs[1].output
    assert "segments.jsonl: line 7001" in runs[1].output
    assert "good.jsonl:1:1" in runs[1].output  # the next file is checked


@pytest.mark.parametrize(
    ("signal_name", "to_group", "code", "said"),
    [("SIGTERM", False, 143, "mtqa: terminated"), ("SIGINT", True, 130, "mtqa: interrupted")],
)
def test_stopping_a_run_with_workers_says_one_line_and_keeps_the_old_report(
    tmp_path: Path, signal_name: str, to_group: bool, code: int, said: str
) -> None:
    """A CI job's cancel (SIGTERM to mtqa) or Ctrl-C (SIGINT to the terminal's
    whole process group: the fork server and workers too), at several moments of
    a run with two workers: mtqa says one line, and the fork server and workers
    print nothing (no traceback of a worker starting as mtqa stops, no
    KeyboardInterrupt of each)."""
    import os
    import signal
    import subprocess

    paragraph = "The county built new roads , and farmers sold tea in the city. " * 20
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):  # over PARALLEL_ABOVE together (none alone, or it is streamed)
        (folder / f"{i}.txt").write_text((paragraph + "\n\n") * 400, encoding="utf-8")
    env = {**os.environ, "MTQA_CACHE_DIR": "off"}
    command = [sys.executable, "-m", "mtqa", "check", "in", "--jobs", "2",
               "--format", "json:old.json", "--languagetool", "off"]  # fmt: skip
    for wait in (0.6, 1.2, 2.0):  # importing, starting the workers, checking
        (tmp_path / "old.json").write_text("old report", encoding="utf-8")
        process = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, start_new_session=True,
            # Ctrl-C's default action, whatever the test runner's own handler
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )  # fmt: skip
        time.sleep(wait)
        sent = getattr(signal, signal_name)
        if to_group:
            os.killpg(process.pid, sent)
        else:
            process.send_signal(sent)
        _, stderr = process.communicate(timeout=60)
        if process.returncode in (0, 1):
            continue  # finished before the signal (a fast machine): nothing to see
        assert (process.returncode, stderr.strip()) == (code, said), f"after {wait} s"
        assert (tmp_path / "old.json").read_text("utf-8") == "old report"


def _worker_state(_: object) -> tuple[int, bool, bool, bool]:
    """What a worker started with: its parent process, the built-in rules loaded,
    SIGINT ignored, and SIGTERM's default action (not the mtqa process's handler)."""
    import os
    import signal

    from mtqa.registry import _builtin

    return (
        os.getppid(),
        _builtin.cache_info().currsize > 0,
        signal.getsignal(signal.SIGINT) == signal.SIG_IGN,
        signal.getsignal(signal.SIGTERM) == signal.SIG_DFL,
    )


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_a_forked_worker_starts_with_the_rules_and_quiet_signals():
    """On Linux a worker is a copy of the mtqa process made as the pool starts (no
    fork server between them): the rules it loaded are there before the first task,
    Ctrl-C is left to the mtqa process, and a SIGTERM ends the worker without
    running mtqa's handler."""
    import os
    import signal

    from mtqa.registry import load_rules

    load_rules()
    before = signal.signal(signal.SIGTERM, lambda *_: None)  # as the CLI has one
    try:
        pool = LocalPool(2)
    finally:
        signal.signal(signal.SIGTERM, before)
    try:
        assert list(pool.imap(_worker_state, range(4))) == [(os.getpid(), True, True, True)] * 4
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored
    finally:
        pool.close()


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_a_refused_fork_is_one_error_and_leaves_no_worker(monkeypatch):
    """When the system refuses the second worker (a container's limit on processes),
    the pool says so as mtqa's own error, and stops the worker already forked: the
    run would otherwise wait for it at its exit for ever."""
    import multiprocessing
    import os

    from mtqa.errors import MtqaError

    real_fork, forks = os.fork, []

    def fork_once() -> int:
        if forks:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", fork_once)
    with pytest.raises(MtqaError, match="cannot start 2 worker processes: Resource temp"):
        LocalPool(2)
    assert forks == [1] and multiprocessing.active_children() == []


class _Seen(Writer):
    """A writer that keeps what each document's result held when it came."""

    def __init__(self, reads_segments: bool) -> None:
        super().__init__(lambda text: None)
        self.reads_segments = reads_segments  # type: ignore[misc]
        self.seen: list[tuple[str, int, int, int, bool]] = []

    def document(self, result: DocumentResult) -> None:
        segments = len(result.document.segments)
        scores, findings = len(result.segment_scores), len(result.findings)
        self.seen.append((Path(result.path).name, segments, scores, findings, result.read_text))

    def end(self, summary: RunSummary) -> None:
        self.summary = (summary.totals, summary.summary, summary.passed)


def test_workers_send_results_without_segments_when_no_writer_reads_them(
    tmp_path: Path,
) -> None:
    """Their findings, scores and facts come back whole, so the run's figures and its
    notes on the rules that could not run are those of a run that reads the segments;
    a bilingual file keeps its source rules."""
    _documents(tmp_path / "docs", 3)
    (tmp_path / "docs" / "pairs.tsv").write_text(
        "source\ttarget\n他说了。\tHe said the the plan was ready.\n", encoding="utf-8"
    )
    seen = {}
    for reads in (True, False):
        checker = Checker(Config(languagetool="off"))
        writer = _Seen(reads)
        pool = LocalPool(2)
        try:
            paths = [str(tmp_path / "docs"), str(tmp_path / "docs" / "pairs.tsv")]
            run_check(checker, paths, writers=[writer], pool=pool)
        finally:
            pool.close()
        seen[reads] = (writer.seen, writer.summary, checker.skipped, checker.ran)
    whole, outlined = seen[True], seen[False]
    assert [s[1] for s in whole[0]] == [3, 3, 3, 1] and [s[1] for s in outlined[0]] == [0] * 4
    assert [s[2:] for s in whole[0]] == [s[2:] for s in outlined[0]]  # scores, findings
    assert all(s[4] for s in outlined[0])  # each has text to check
    assert whole[1] == outlined[1] and whole[2:] == outlined[2:]
    source_rules = {r.code for r in checker.ruleset.rules if "source" in r.needs}
    assert source_rules & outlined[3]  # some ran on the bilingual file


def test_more_jobs_than_cores_are_as_many_as_the_cores(run, tmp_path, monkeypatch):
    """--jobs beyond the cores this process may use starts one worker a core, and
    says so (more would only share the cores); as many as the cores says nothing."""
    import mtqa.cli.check as check_command

    monkeypatch.setattr(pool_module, "cpu_count", lambda: 2)
    asked: list[int] = []
    monkeypatch.setattr(check_command, "jobs_for", lambda jobs, *rest: asked.append(jobs) or 1)
    (tmp_path / "a.txt").write_text("The county opened two schools.\n", encoding="utf-8")
    many = run("check", "a.txt", "--jobs", "64", "--languagetool", "off")
    assert many.exit_code == 0, many.stderr
    assert (
        many.stderr == "mtqa: warning: --jobs 64 is more than the 2 cores mtqa may use: 2 workers\n"
    )
    assert run("check", "a.txt", "--jobs", "2", "--languagetool", "off").stderr == ""
    assert asked == [2, 2]


def test_fix_in_workers_does_exactly_what_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[int]
) -> None:
    """``mtqa fix --jobs 2``: the same diff, summary, errors and exit code as one
    process, the same bytes written; stdin is fixed in this process."""
    monkeypatch.setattr(pool_module, "PARALLEL_ABOVE", 0)
    monkeypatch.setattr(pool_module, "BATCH_BYTES", 300)
    runner = CliRunner()
    said = {}
    for jobs in ("1", "2"):
        docs = tmp_path / f"docs{jobs}"
        _documents(docs, 12)
        (docs / "doc005.txt").write_bytes(b"\x00\x01binary")
        diff = runner.invoke(cli, ["fix", "--isolated", str(docs), "--diff", "--jobs", jobs])
        fixed = runner.invoke(cli, ["fix", "--isolated", str(docs), "--jobs", jobs])
        texts = [p.read_bytes() for p in sorted(docs.iterdir())]
        said[jobs] = [
            (r.exit_code, r.stdout.replace(str(docs), "D"), r.stderr.replace(str(docs), "D"))
            for r in (diff, fixed)
        ] + [texts]
    assert started == [2, 2]  # --jobs 1 started none
    assert said["1"] == said["2"]
    (diff_code, diff_out, diff_err), (fixed_code, _, fixed_err) = said["2"][:2]
    assert (diff_code, fixed_code) == (2, 2)  # the binary file
    assert "D/doc005.txt: binary file" in fixed_err and "would fix 9 in 6 files" in diff_err
    assert "+++ D/doc000.txt" in diff_out
    assert b"the the" not in said["2"][2][0]
    piped = runner.invoke(cli, ["fix", "--isolated", "-", "--jobs", "2"], input="The the end .\n")
    assert (piped.exit_code, piped.stdout) == (0, "The end.\n") and started == [2, 2]
