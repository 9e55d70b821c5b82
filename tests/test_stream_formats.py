"""Every format streams: a streamed run writes what a batch run of the same files
writes, whatever the format, and no writer keeps the run's documents (each
renders what it can of a document as it comes, to temporary files, and writes
the whole at the end)."""

from __future__ import annotations

import gc
import json
import os
import types
import xml.etree.ElementTree as ET

import pytest

from mtqa import Checker, Config
from mtqa import streaming as streaming_module
from mtqa.model import Document, DocumentResult, DocumentTotals, Finding, Segment
from mtqa.readers import parse
from mtqa.readers.stream import stream_rows
from mtqa.writers import spool as spool_module
from mtqa.writers.base import Writer
from mtqa.writers.formats import FORMAT_NAMES, Output, Outputs, writer_class

ROWS = 30
CHUNK_ROWS = 7  # 30 rows: five chunks, the last of two rows
# the same sentence on every row, so that a rule that reads the whole document
# (name and spelling variants) finds in a chunk what it finds in the file
SENTENCE = "Prices rose on on day {i} , and the the market closed."


@pytest.fixture
def rows(tmp_path, monkeypatch):
    """t.tsv and t.jsonl of `ROWS` rows each, read `CHUNK_ROWS` rows a chunk; the
    first row of each chunk read is noted in the list returned."""
    (tmp_path / "t.tsv").write_text(
        "id\ttarget\n" + "".join(f"u{i}\t{SENTENCE.format(i=i)}\n" for i in range(ROWS)),
        encoding="utf-8",
    )
    (tmp_path / "t.jsonl").write_text(
        "".join(
            json.dumps({"id": f"u{i}", "target": SENTENCE.format(i=i)}) + "\n" for i in range(ROWS)
        ),
        encoding="utf-8",
    )
    firsts: list[int] = []

    def small_chunks(*args, **kwargs):
        for chunk in stream_rows(*args, **{**kwargs, "chunk_rows": CHUNK_ROWS}):
            firsts.append(chunk.first_row)
            yield chunk

    monkeypatch.setattr(streaming_module, "stream_rows", small_chunks)
    return firsts


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_a_streamed_run_writes_what_a_batch_run_writes(run, rows, fmt):
    # a file named twice is two documents in both; each file five chunks when streamed
    args = ("check", "t.tsv", "t.jsonl", "t.tsv", "--languagetool", "off", "--format", fmt)
    batch = run(*args)
    assert rows == []
    streamed = run(*args, "--stream")
    assert rows == [1, 8, 15, 22, 29] * 3
    assert (streamed.exit_code, streamed.stderr) == (batch.exit_code, batch.stderr) == (1, "")
    assert streamed.stdout == batch.stdout
    assert batch.stdout.count("t.jsonl") >= 1


def test_a_streamed_json_report_has_one_document_a_file_with_all_its_chunks(run, rows):
    report = json.loads(run("check", "t.tsv", "t.tsv", "--stream", "--format", "json").stdout)
    assert [d["path"] for d in report["documents"]] == ["t.tsv", "t.tsv"]
    for document in report["documents"]:
        # segments and findings of every chunk, counted in the file
        assert [s["index"] for s in document["segments"]] == list(range(1, ROWS + 1))
        assert [s["line"] for s in document["segments"]] == list(range(2, ROWS + 2))
        assert [s["id"] for s in document["segments"]] == [f"u{i}" for i in range(ROWS)]
        assert [f["segment"] for f in document["findings"] if f["rule"] == "MT205"] == [
            n for n in range(1, ROWS + 1) for _ in range(2)
        ]
    assert report["summary"]["documents"] == 2


def test_streamed_fingerprints_are_those_of_the_whole_file(run, rows):
    """A chunk holds the file's segments from its offset on: a finding of a later
    chunk is fingerprinted on its own segment, not on one ``segment`` rows on."""
    batch = json.loads(run("check", "t.tsv", "--format", "sarif").stdout)
    streamed = json.loads(run("check", "t.tsv", "--format", "sarif", "--stream").stdout)
    prints = [
        [r["partialFingerprints"]["mtqa/v1"] for r in log["runs"][0]["results"]]
        for log in (batch, streamed)
    ]
    assert prints[0] == prints[1] and len(set(prints[0])) == len(prints[0]) > ROWS


# --- JSON: compact by default, indented on request --------------------------------


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_json_is_compact_by_default_and_indented_on_request(run, rows, fmt):
    compact = run("check", "t.tsv", "--format", fmt).stdout
    data = json.loads(compact)
    assert compact == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    for indent in ("0", "4"):
        for stream in ((), ("--stream",)):
            indented = run("check", "t.tsv", "--format", fmt, "--indent", indent, *stream).stdout
            dumped = json.dumps(data, ensure_ascii=False, indent=int(indent)) + "\n"
            assert indented == dumped, (indent, stream)
    jsonl = run("check", "t.tsv", "--format", "jsonl", "--indent", "4").stdout
    assert jsonl == run("check", "t.tsv", "--format", "jsonl").stdout  # a line a finding still
    refused = run("check", "t.tsv", "--format", fmt, "--indent", "-1")
    assert refused.exit_code == 2 and "--indent" in refused.stderr


def test_json_with_no_document_or_finding_keeps_its_lists(run, tmp_path):
    (tmp_path / "clean.txt").write_text("The market closed early on Friday.\n", encoding="utf-8")
    for indent in ((), ("--indent", "2")):
        issues = run("check", "clean.txt", "--format", "gitlab", *indent).stdout
        assert issues == "[]\n"
        sarif = run("check", "clean.txt", "--format", "sarif", *indent).stdout
        assert json.loads(sarif)["runs"][0]["results"] == []
        assert ('"results": []' if indent else '"results":[]') in sarif


# --- no writer keeps a document ------------------------------------------------------


def _reaches(writer: Writer, kinds: tuple[type, ...]) -> list[object]:
    """The objects of ``kinds`` reachable from the writer's state (not through its
    run's rules or the function it writes through, which are the caller's)."""
    skip = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType)
    stack = [value for name, value in vars(writer).items() if name not in ("run", "write")]
    seen: set[int] = set()
    found = []
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, skip):
            continue
        seen.add(id(obj))
        if isinstance(obj, kinds):
            found.append(obj)
        stack.extend(gc.get_referents(obj))
    return found


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_no_writer_keeps_a_document_or_a_finding(fmt, monkeypatch):
    monkeypatch.setattr(spool_module, "IN_MEMORY", 1)  # spooled to disk at once
    checker = Checker(Config(languagetool="off"))
    doc = parse("".join(f"{SENTENCE.format(i=i)}\n\n" for i in range(20)), "d.txt", "txt", None)
    parts: list[str] = []
    writer = writer_class(fmt)(parts.append)
    writer.start(checker.run_info())
    result = checker.check(doc)
    writer.document(result)
    assert result.findings
    assert _reaches(writer, (DocumentResult, Document, Finding, Segment)) == []
    writer.end(checker.summarize([DocumentTotals.of(result)]))
    assert "d.txt" in "".join(parts)
    # the base writer, which the report folder still uses, keeps them: the check sees it
    keeper = Writer(parts.append)
    keeper.document(result)
    assert _reaches(keeper, (DocumentResult,)) == [result]


def _open_descriptors() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="no /proc here")
@pytest.mark.parametrize("finish", ["commit", "discard"])
def test_spools_are_removed_when_the_run_ends_or_is_dropped(tmp_path, monkeypatch, finish):
    monkeypatch.setattr(spool_module, "IN_MEMORY", 1)
    checker = Checker(Config(languagetool="off"))
    result = checker.check(parse(SENTENCE.format(i=1) + "\n", "d.txt", "txt"))
    before = _open_descriptors()
    outputs = [Output(fmt, str(tmp_path / f"out.{fmt}")) for fmt in FORMAT_NAMES[1:]]
    sinks = Outputs([*outputs, Output("json", None)], lambda text: None)
    for w in sinks.writers:
        w.start(checker.run_info())
        w.document(result)
    if finish == "commit":
        summary = checker.summarize([DocumentTotals.of(result)])
        for w in sinks.writers:
            w.end(summary)
    getattr(sinks, finish)()
    gc.collect()
    assert _open_descriptors() <= before
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == (sorted(f"out.{f}" for f in FORMAT_NAMES[1:]) if finish == "commit" else [])


def test_junit_of_a_streamed_file_is_one_testsuite_with_every_chunk(run, rows):
    xml = run("check", "t.tsv", "--stream", "--format", "junit").stdout
    root = ET.fromstring(xml.split("\n", 1)[1])
    (suite,) = root.iter("testsuite")
    found = len(run("check", "t.tsv", "--format", "jsonl").stdout.splitlines())
    assert suite.get("failures") == suite.get("tests") == root.get("tests") == str(found)
    assert found > ROWS


def test_grouped_writes_a_document_once_it_is_whole_under_its_own_heading(tmp_path):
    checker = Checker(Config(languagetool="off"))
    text = "".join(f"{SENTENCE.format(i=i)}\n\n" for i in range(12))
    first, second = (checker.check(parse(text, "d.txt", "txt")) for _ in range(2))
    parts: list[str] = []
    writer = writer_class("grouped")(parts.append)
    writer.start(checker.run_info())
    writer.document(first)
    assert parts == []  # its positions align with those of later chunks, if any come
    writer.document(second)  # the same file again: a document of its own
    lines = "".join(parts).splitlines()
    assert lines[0] == "d.txt" and len(lines) == 1 + len(first.findings)
    assert lines[1].startswith("  1:") and lines[-1].startswith("  23:")
    assert len({line.index(" MT", 2) for line in lines[1:]}) == 1  # aligned over the document
    writer.end(checker.summarize([DocumentTotals.of(first), DocumentTotals.of(second)]))
    assert "".join(parts).splitlines().count("d.txt") == 2


def test_the_stream_restriction_is_gone_but_for_the_report_folder(run, rows):
    for fmt in FORMAT_NAMES:
        assert run("check", "t.tsv", "--stream", "--format", fmt).exit_code == 1, fmt
    refused = run("check", "t.tsv", "--stream", "--report-dir", "rd")
    assert refused.exit_code == 2 and "--report-dir" in refused.stderr


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_lines_across_read_blocks_are_those_of_a_whole_file(tmp_path, ending):
    """A line is cut at every ending whatever block of the file it falls in: lines
    longer than a block, an ending just before or after a block's end."""
    from mtqa.readers.stream import _BLOCK, Lines

    lengths = [0, 5, _BLOCK - 7, _BLOCK + 3, 1, 2 * _BLOCK, 11, 0]
    texts = [chr(ord("a") + i % 26) * n for i, n in enumerate(lengths)]
    path = tmp_path / "lines.txt"
    path.write_bytes((ending.join(texts) + ending + "tail").encode())
    read = list(Lines(str(path), "utf-8"))
    assert read == [text + "\n" for text in texts] + ["tail"]
