"""The writer protocol: start(run) -> document(result) -> end(summary), the same
for every format and for batch, streamed and API runs; files put in place only
when the run completes."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from mtqa import Checker, Config, check_text
from mtqa.readers import parse
from mtqa.writers.base import Writer, render
from mtqa.writers.formats import FORMAT_NAMES, Output, Outputs, writer_class
from mtqa.writers.reportdir import ReportDirWriter

FLAWED = "Prices rose on on Monday. . The the market closed.\n"
CLEAN = "The market closed early on Friday after a quiet week of trading.\n"


def checked(*texts: str) -> tuple[Checker, list]:
    """A checker, and each text checked as file d1.txt, d2.txt, ... (not written)."""
    checker = Checker(Config(languagetool="off"))
    docs = [parse(t, f"d{i}.txt", "txt") for i, t in enumerate(texts, 1)]
    for d in docs:
        d.encoding = "utf-8"  # as if read from a UTF-8 file
    return checker, [checker.check(d) for d in docs]


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_every_format_is_a_writer_and_renders_what_the_cli_writes(name, run, tmp_path):
    cls = writer_class(name)
    assert issubclass(cls, Writer)
    (tmp_path / "d1.txt").write_text(FLAWED, encoding="utf-8")
    cli = run("check", "d1.txt", "--languagetool", "off", "--format", name, "--no-color")
    checker, results = checked(FLAWED)
    api = render(cls, checker.report(results), checker.run_info())
    assert cli.stdout == api


def test_live_writers_write_each_document_as_it_comes():
    live = [name for name in FORMAT_NAMES if writer_class(name).live]
    assert live == ["text", "concise", "grouped", "jsonl"]
    checker, (flawed, clean) = checked(FLAWED, CLEAN)
    for name in live:
        parts: list[str] = []
        writer = writer_class(name)(parts.append)
        writer.start(checker.run_info())
        writer.document(flawed)
        if name == "grouped":  # aligned over the whole document: written once the next begins
            assert parts == []
            writer.document(clean)
        assert "MT205" in "".join(parts), name  # before the run's end
        writer.document(clean)
        written = len("".join(parts))
        writer.end(checker.summarize([]))
        assert len("".join(parts)) >= written


def test_other_writers_write_their_document_at_the_run_end():
    checker, results = checked(FLAWED, CLEAN)
    parts: list[str] = []
    writer = writer_class("json")(parts.append)
    writer.start(checker.run_info())
    for r in results:
        writer.document(r)
    assert parts == []  # nothing before the end
    writer.end(checker.report(results))
    data = json.loads("".join(parts))
    assert [d["path"] for d in data["documents"]] == ["d1.txt", "d2.txt"]
    assert data["summary"]["failed"] == 1
    assert data["documents"][0]["verdict"] == "under the threshold"


def test_outputs_appear_only_on_commit_and_discard_keeps_the_old_files(tmp_path):
    old = tmp_path / "out.json"
    old.write_text("old report", encoding="utf-8")
    checker, results = checked(FLAWED)
    stdout: list[str] = []
    for finish in ("discard", "commit"):
        sinks = Outputs([Output("json", str(old)), Output("text", None)], stdout.append)
        sinks.add(lambda outputs: ReportDirWriter(outputs, tmp_path / "rd"))
        for w in sinks.writers:
            w.start(checker.run_info())
            w.document(results[0])
            w.end(checker.report(results))
        assert old.read_text("utf-8") == "old report"
        assert not [p for p in (tmp_path / "rd").rglob("*") if p.is_file() and p.name[0] != "."]
        getattr(sinks, finish)()
    assert json.loads(old.read_text("utf-8"))["documents"][0]["path"] == "d1.txt"
    assert sorted(p.name for p in (tmp_path / "rd").iterdir()) == [
        ".mtqa-report",
        "documents",
        "findings.csv",
        "index.html",
        "segments.csv",
    ]
    assert [p.name for p in (tmp_path / "rd" / "documents").iterdir()] == ["0001-d1-txt.html"]
    assert not list(tmp_path.glob(".*.tmp")) and _no_temporary_files(tmp_path / "rd")
    assert "d1.txt: FAIL score" in "".join(stdout)


def test_api_report_carries_the_run_state(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + FLAWED.encode("utf-8"))
    sixteen = tmp_path / "u16.md"
    sixteen.write_bytes(("<!-- mtqa: disable MT205 -->\n\n" + FLAWED).encode("utf-16"))
    from mtqa import check_paths

    report = check_paths([str(bom), str(sixteen)], config=Config(languagetool="off"))
    assert [d.document.encoding for d in report.documents] == ["utf-8-sig", "utf-16"]
    assert report.encodings == {"utf-16": 1, "utf-8-sig": 1}
    assert [d.suppressed for d in report.documents] == [0, 2]  # the two doubled words
    assert report.suppressed == 2
    text = check_text(FLAWED, config=Config(languagetool="off"))
    assert text.documents[0].document.encoding == "" and text.encodings == {}


def test_streamed_and_batch_json_lines_are_the_same(run, tmp_path):
    rows = "id\ttarget\n" + "".join(f"{i}\tPrices rose on on day {i}.\n" for i in range(3))
    Path(tmp_path / "t.tsv").write_text(rows, encoding="utf-8")
    batch = run("check", "t.tsv", "--languagetool", "off", "--format", "jsonl")
    stream = run("check", "t.tsv", "--languagetool", "off", "--format", "jsonl", "--stream")
    assert batch.stdout == stream.stdout and len(batch.stdout.splitlines()) == 3


# --- a run that fails writes nothing; what it writes, it writes once -------------


def _old_files(tmp_path):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "old.json").write_text("old report", encoding="utf-8")


def _no_temporary_files(tmp_path):
    return not [p for p in tmp_path.rglob(".*") if p.name.endswith(".tmp")]


def test_an_output_that_cannot_be_written_stops_the_run_before_any_is_written(run, tmp_path):
    _old_files(tmp_path)
    (tmp_path / "adir").mkdir()
    result = run("check", "a.txt", "--format", "json:old.json", "--format", "sarif:adir")
    assert result.exit_code == 2
    assert result.stderr.strip() == "mtqa: error: cannot write adir: is a directory"
    assert (tmp_path / "old.json").read_text("utf-8") == "old report"
    (tmp_path / "rd" / "findings.csv").mkdir(parents=True)
    result = run("check", "a.txt", "--format", "json:old.json", "--report-dir", "rd")
    assert result.exit_code == 2 and "cannot write rd/findings.csv: is a directory" in result.stderr
    assert (tmp_path / "old.json").read_text("utf-8") == "old report"
    assert not (tmp_path / "rd" / "index.html").exists() and _no_temporary_files(tmp_path)
    assert not (tmp_path / "rd" / "documents").exists()


def test_a_run_that_cannot_be_gated_writes_no_report(run, tmp_path, monkeypatch):
    _old_files(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    result = run("check", "a.txt", "--select", "MT701", "--format", "json:old.json",
                 "--format", "github")  # fmt: skip
    assert result.exit_code == 2 and "the gate cannot fail" in result.stderr
    assert (tmp_path / "old.json").read_text("utf-8") == "old report"
    assert not (tmp_path / "summary.md").exists() and result.stdout == ""


def test_whole_run_formats_on_stdout_are_not_printed_for_a_failed_run(run, tmp_path):
    _old_files(tmp_path)
    result = run("check", "a.txt", "missing.txt", "--format", "json")
    assert result.exit_code == 2 and result.stdout == ""  # no "passed" for half the inputs
    assert "missing.txt: no such file or directory" in result.stderr


def test_step_summary_once_and_checked_before_the_run(run, tmp_path, monkeypatch):
    _old_files(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "s.md"))
    run("check", "a.txt", "--format", "github", "--format", "github:gh.txt")
    assert (tmp_path / "s.md").read_text("utf-8").count("## mtqa") == 1
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no" / "such" / "s.md"))
    result = run("check", "a.txt", "--format", "github:gh2.txt", "--format", "json:old.json")
    assert result.exit_code == 2 and "cannot write the step summary" in result.stderr
    assert (tmp_path / "old.json").read_text("utf-8") == "old report"
    assert not (tmp_path / "gh2.txt").exists()


def test_dash_is_stdout_and_one_file_takes_one_output(run, tmp_path):
    _old_files(tmp_path)
    result = run("check", "a.txt", "--format", "json:-")
    assert json.loads(result.stdout)["documents"][0]["path"] == "a.txt"
    assert not (tmp_path / "-").exists()
    result = run("check", "a.txt", "--format", "json:x.json", "--format", "sarif:./x.json")
    assert result.exit_code == 2 and "two outputs name one file" in result.stderr


def test_color_is_forced_into_a_pipe_when_asked(run, tmp_path):
    _old_files(tmp_path)
    assert "\x1b[" in run("check", "a.txt", "--color").stdout
    assert "\x1b[" not in run("check", "a.txt").stdout


# --- streaming: the same reading as a whole-file run ---------------------------------


def test_streamed_encodings_are_read_or_refused_as_in_a_whole_file_run(run, tmp_path):
    rows = "id\ttarget\n1\tPrices rose on on Monday.\n"
    (tmp_path / "u16.tsv").write_bytes(rows.encode("utf-16"))
    (tmp_path / "lat.tsv").write_bytes("id\ttarget\n1\tLe café a fermé.\n".encode("latin-1"))
    streamed = run("check", "u16.tsv", "--stream", "--format", "jsonl")
    batch = run("check", "u16.tsv", "--format", "jsonl")
    assert streamed.stdout == batch.stdout and '"MT205"' in streamed.stdout
    # not UTF-8: detected (Windows-1252) in both, unless UTF-8 is asked for
    detected = run("check", "lat.tsv", "--stream", "--format", "jsonl")
    assert detected.stdout == run("check", "lat.tsv", "--format", "jsonl").stdout
    whole = json.loads(run("check", "lat.tsv", "--format", "json").stdout)
    assert whole["documents"][0]["encoding"] == "cp1252"
    assert whole["summary"]["encodings"] == {"cp1252": 1}
    bad = run("check", "lat.tsv", "--stream", "--encoding", "utf-8")
    assert bad.exit_code == 2 and bad.stderr.startswith("mtqa: error: lat.tsv: not valid utf-8")
    assert "on line 2 " in bad.stderr
    unknown = run("check", "u16.tsv", "--stream", "--encoding", "bogus")
    assert (unknown.exit_code, unknown.stderr.strip()) == (
        2,
        "mtqa: error: --encoding: unknown encoding 'bogus'",
    )


def test_streamed_file_named_twice_is_two_documents_under_one_heading_each(run, tmp_path):
    rows = "id\ttarget\n" + "".join(f"{i}\tPrices rose on on day {i}.\n" for i in range(6000))
    (tmp_path / "t.tsv").write_text(rows, encoding="utf-8")
    twice = run("check", "t.tsv", "t.tsv", "--stream", "--format", "concise")
    assert twice.stdout.splitlines()[-1] == "Found 12000 findings in 2 documents (2 failed)."
    grouped = run("check", "t.tsv", "--stream", "--format", "grouped", "--exit-zero")
    assert grouped.stdout.splitlines().count("t.tsv") == 1  # two chunks, one heading
    refused = run("check", "t.tsv", "--stream", "--source", "t.tsv")
    assert refused.exit_code == 2 and "cannot go with --stream" in refused.stderr


def test_sigterm_leaves_the_old_reports_and_no_temporary_files(tmp_path):
    """A CI job cancelled mid-run (SIGTERM) cleans up as Ctrl-C does."""
    import os
    import signal
    import subprocess
    import sys
    import time

    paragraph = "The county built new roads , and farmers sold tea in the city. " * 20
    (tmp_path / "big.txt").write_text((paragraph + "\n\n") * 3000, encoding="utf-8")
    (tmp_path / "old.json").write_text("old report", encoding="utf-8")
    env = {**os.environ, "MTQA_CACHE_DIR": "off"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mtqa", "check", "big.txt", "--format", "json:old.json",
         "--report-dir", "rd", "--languagetool", "off"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(3)  # well into the check: the outputs' temporary files exist
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert stderr.strip() == "mtqa: terminated"
    assert (tmp_path / "old.json").read_text("utf-8") == "old report"
    assert _no_temporary_files(tmp_path) and not list((tmp_path / "rd").glob("*"))


# --- an output never overwrites an input -----------------------------------------


INPUT = ": is an input of this run"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("a.txt", "-o", "a.txt"), INPUT),
        (("a.txt", "--format", "json:./a.txt"), INPUT),
        (("a.txt", "--format", "json:link.txt"), INPUT),  # a link to the input
        # dir holds an input named segments.csv: refused before any file is named
        (("dir", "--report-dir", "dir"), "--report-dir dir: holds dir/segments.csv, an input"),
        (("a.txt", "--source", "src.txt", "--format", "json:src.txt"), INPUT),
    ],
)
def test_an_output_that_is_an_input_is_refused(run, tmp_path, args, said):
    import os

    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "src.txt").write_text("物价周一上涨。\n", encoding="utf-8")
    os.symlink(tmp_path / "a.txt", tmp_path / "link.txt")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "segments.csv").write_text("id,target\n1,Prices rose on on Monday.\n")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = run("check", *args, "--include", "*.csv")
    assert result.exit_code == 2 and said in result.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_baseline_never_overwrites_an_input(run, tmp_path):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    result = run("baseline", "a.txt", "-o", "a.txt")
    assert result.exit_code == 2 and "is an input of this run" in result.stderr
    assert (tmp_path / "a.txt").read_text("utf-8") == FLAWED


def test_a_linked_output_is_written_through_and_a_device_is_written_directly(run, tmp_path):
    import os

    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    os.symlink(tmp_path / "reports" / "real.json", tmp_path / "out.json")
    assert run("check", "a.txt", "--format", "json:out.json").exit_code == 1
    assert (tmp_path / "out.json").is_symlink()  # the link stays; its target holds the report
    assert json.loads((tmp_path / "reports" / "real.json").read_text("utf-8"))["documents"]
    # a named pipe (never /dev/null here: a regression would replace it for everyone)
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text("utf-8")))
    reader.start()
    assert run("check", "a.txt", "--format", "json:pipe").exit_code == 1
    reader.join(timeout=30)
    assert json.loads(received[0])["documents"] and fifo.is_fifo()  # written, not renamed over


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KB tmpfs: a full disk for the writers to meet (root only; skipped elsewhere)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_leaves_the_old_reports_and_no_temporary_files(run, tmp_path, small_disk):
    # about 300 KB of findings: more than the disk holds
    line = "Prices rose on on Monday , and the the market closed early ."
    (tmp_path / "a.txt").write_text("\n\n".join([line] * 1500) + "\n", encoding="utf-8")
    (small_disk / "report.json").write_text("old report\n", encoding="utf-8")
    (small_disk / "reports").mkdir()
    (small_disk / "reports" / "index.html").write_text("old page\n", encoding="utf-8")
    before = sorted(str(p.relative_to(small_disk)) for p in small_disk.rglob("*"))

    result = run("check", "a.txt", "--format", f"json:{small_disk / 'report.json'}",
                 "--format", "text", "--languagetool", "off")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        f"mtqa: error: cannot write {small_disk / 'report.json'}: No space left on device\n"
    )
    folder = run("check", "a.txt", "--report-dir", str(small_disk / "reports"),
                 "--languagetool", "off")  # fmt: skip
    assert folder.exit_code == 2
    assert folder.stderr.startswith(f"mtqa: error: cannot write {small_disk / 'reports'}/")
    assert folder.stderr.endswith(": No space left on device\n")

    assert sorted(str(p.relative_to(small_disk)) for p in small_disk.rglob("*")) == before
    assert (small_disk / "report.json").read_text(encoding="utf-8") == "old report\n"
    assert (small_disk / "reports" / "index.html").read_text(encoding="utf-8") == "old page\n"


def test_reports_mtqa_wrote_are_never_read_back_as_input(run, tmp_path):
    """A --report-dir inside the checked folder was checked as input on the next run."""
    (tmp_path / "a.txt").write_text("Prices rose on on Monday.\n", encoding="utf-8")
    first = run("check", ".", "--report-dir", "reports", "--languagetool", "off")
    assert first.exit_code == 1 and first.stderr == ""
    again = run("check", ".", "--report-dir", "reports", "--include", "*.txt",
                "--include", "*.html", "--include", "*.csv", "--format", "json",
                "--languagetool", "off")  # fmt: skip
    assert [d["path"] for d in json.loads(again.stdout)["documents"]] == ["a.txt"]
    assert again.stderr == "mtqa: note: not checked, written by mtqa: reports/\n"
    for name in ("reports", "reports/index.html", "reports/documents/0001-a-txt.html"):
        named = run("check", name, "--languagetool", "off")
        assert (named.exit_code, named.stderr) == (
            2,
            f"mtqa: error: {name}: a report mtqa wrote, not a text to check\n",
        )
    # a report folder moved elsewhere, or a page saved out of it, is still left out
    (tmp_path / "reports").rename(tmp_path / "old")
    (tmp_path / "page.htm").write_bytes((tmp_path / "old" / "index.html").read_bytes())
    moved = run("check", ".", "--include", "*.txt", "--include", "*.htm", "--format", "json",
                "--languagetool", "off")  # fmt: skip
    assert [d["path"] for d in json.loads(moved.stdout)["documents"]] == ["a.txt"]
    assert moved.stderr == "mtqa: note: not checked, written by mtqa: old/, page.htm\n"
    # a page that merely mentions mtqa is a page to check
    (tmp_path / "page.html").write_text(
        "<html><body><p>We ran mtqa on the text, and prices rose.</p></body></html>\n",
        encoding="utf-8",
    )
    assert run("check", "page.html", "--languagetool", "off").exit_code == 0


def test_no_output_overwrites_the_config_glossary_pack_or_step_summary(run, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("The the economy grew.\n", encoding="utf-8")
    (tmp_path / "g.csv").write_text("source,target\n经济,economy\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.mtqa]\nignore = ["MT101"]\n', encoding="utf-8")
    kept = {p: p.read_bytes() for p in tmp_path.iterdir()}
    for args in (["--glossary", "g.csv", "--format", "csv:g.csv"], ["-o", "pyproject.toml"]):
        result = run("check", "a.txt", "--languagetool", "off", *args)
        assert result.exit_code == 2 and "is an input of this run" in result.stderr
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", "a.txt")
    summary = run("check", "a.txt", "--languagetool", "off", "--format", "github")
    assert summary.stderr.endswith("a.txt: is an input of this run; it would be overwritten\n")
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == kept


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_one_output_that_cannot_be_written_leaves_every_old_report(run, tmp_path):
    """Outputs were put in place one by one: the first was already replaced when the
    second (here a link to /dev/full, which is always full) failed."""
    (tmp_path / "a.txt").write_text("Prices rose on on Monday.\n", encoding="utf-8")
    (tmp_path / "r.json").write_text("old report\n", encoding="utf-8")
    os.symlink("/dev/full", tmp_path / "full.sarif")
    result = run("check", "a.txt", "--format", "json:r.json", "--format", "sarif:full.sarif",
                 "--languagetool", "off")  # fmt: skip
    assert (result.exit_code, result.stderr) == (
        2,
        "mtqa: error: cannot write full.sarif: No space left on device\n",
    )
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "full.sarif", "r.json"]
