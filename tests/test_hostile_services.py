"""Hostile services, data files and outputs (issue 14): a LanguageTool server that
trickles, stalls or sends what LanguageTool never would; a glossary, baseline or
annotation file that never ends, waits for a writer or nests for ever; a stdout
that is closed or full. Each is bounded in time and memory, and said in one line
naming the file or server, with exit code 2 where the run cannot stand."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtqa import languagetool
from mtqa.languagetool import LanguageToolService

from .ltserver import LTServer

FLAWED = "It was very unique , really.\n"
DEADLINE = 0.5  # languagetool-timeout in these tests


@pytest.fixture
def server():
    with LTServer() as s:
        yield s


def _write(tmp_path: Path, *names: str) -> None:
    for name in names or ("a.txt",):
        (tmp_path / name).write_text(FLAWED, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(f"languagetool-timeout = {DEADLINE}\n", encoding="utf-8")


def _lines(result) -> tuple[int, list[str]]:
    return result.exit_code, result.stderr.splitlines()


# --- LanguageTool: a hard deadline a request, a bounded number of failures a run -------


@pytest.mark.parametrize("body_only", [False, True], ids=["headers", "body"])
def test_a_trickling_server_meets_the_deadline_and_is_given_up(run, tmp_path, server, body_only):
    """A byte every 0.2 s keeps every socket read under any per-read timeout: the
    request used to last as long as the server kept trickling."""
    _write(tmp_path, "a.txt", "b.txt")
    server.trickle, server.trickle_body_only = 0.2, body_only
    start = time.perf_counter()
    result = run("check", "a.txt", "b.txt", "--languagetool-url", server.url)
    took = time.perf_counter() - start
    assert took < 3 * (3 * DEADLINE + 0.6)  # three tries of one deadline, and the pauses
    assert len(server.requests) == 3  # b.txt: not asked again
    code, lines = _lines(result)
    assert code == 1 and lines == [
        "mtqa: note: LanguageTool failed for 2 documents, which got no LanguageTool findings: "
        f"LanguageTool at {server.url} failed after 3 tries: no complete reply within "
        f"{DEADLINE:g} s; not asked again in this run"
    ]


def test_a_trickling_server_with_languagetool_required_is_exit_2(run, tmp_path, server):
    _write(tmp_path)
    server.trickle = 0.2
    start = time.perf_counter()
    result = run("check", "a.txt", "--languagetool-url", server.url, "--languagetool", "required")
    assert time.perf_counter() - start < 3 * (3 * DEADLINE + 0.6)
    assert _lines(result) == (
        2,
        [
            f"mtqa: error: LanguageTool at {server.url} failed after 3 tries: no complete reply "
            f"within {DEADLINE:g} s; not asked again in this run"
        ],
    )


def test_a_deadline_too_long_for_the_platform_is_refused_or_an_hour(run, tmp_path, server):
    """languagetool-timeout = 1e300 overflowed the socket's timeout: an internal error.
    The config refuses it; the Python API (whose Config is not validated) takes an hour."""
    _write(tmp_path)
    (tmp_path / "mtqa.toml").write_text("languagetool-timeout = 1e300\n", encoding="utf-8")
    result = run("check", "a.txt", "--languagetool-url", server.url, "--format", "concise")
    assert (result.exit_code, result.stderr.strip()) == (
        2,
        f"mtqa: error: {tmp_path / 'mtqa.toml'}: languagetool-timeout must be from 0.1 to "
        "3600, not 1e+300",
    )
    service = LanguageToolService(server.url, "en-US", timeout=1e300)
    assert service.check(["They ate a apple."])


def test_one_request_a_try(server):
    """language-tool-python retried each request itself: six requests for three tries."""
    server.status = 500
    service = LanguageToolService(server.url, "en-US", timeout=DEADLINE)
    with pytest.raises(languagetool.MtqaError):
        service.check(["They ate a apple."])
    assert len(server.requests) == 3


def test_a_flaky_server_is_given_up_after_a_few_failures_a_run(run, tmp_path, server):
    """Every other request failing never exhausted one batch's tries, so each
    document paid a failure again; a run now allows `MAX_FAILED_REQUESTS`."""
    names = [f"{n}.txt" for n in "abcdefgh"]
    _write(tmp_path, *names)
    server.flaky = True
    result = run("check", *names, "--languagetool-url", server.url)
    failures = languagetool.MAX_FAILED_REQUESTS
    assert len(server.requests) == 2 * failures - 1  # a failure and a success a document
    code, lines = _lines(result)
    assert code == 1 and lines == [
        f"mtqa: note: LanguageTool failed for {len(names) - failures + 1} documents, which got "
        f"no LanguageTool findings: LanguageTool at {server.url} failed after {failures} failed "
        "requests in this run: Error: internal server error; not asked again in this run"
    ]


def test_a_reply_too_large_is_refused(server, monkeypatch):
    monkeypatch.setattr(languagetool, "MAX_REPLY_BYTES", 1000)
    server.raw = '{"matches": []' + " " * 5000 + "}"
    service = LanguageToolService(server.url, "en-US", timeout=DEADLINE)
    with pytest.raises(languagetool.MtqaError) as err:
        service.check(["They ate a apple."])
    assert str(err.value) == (
        f"LanguageTool at {server.url} failed after 3 tries: a reply of over 1,000 bytes; "
        "not asked again in this run"
    )


@pytest.mark.parametrize(
    ("languages", "why"),
    [
        ({"code": "en"}, "a list of languages (/v2/languages) that is not LanguageTool's"),
        ([1, 2], "a list of languages (/v2/languages) that is not LanguageTool's"),
        ([{"name": "English"}], "a list of languages (/v2/languages) that is not LanguageTool's"),
        ([{"code": ["en"]}], "a list of languages (/v2/languages) that is not LanguageTool's"),
        ("[" * 100_000, "JSON nested too deeply"),
        ("[" + "1" * 5000 + "]", "a number of over 4,300 digits"),
    ],
)
def test_a_list_of_languages_of_the_wrong_shape_is_one_line(run, tmp_path, server, languages, why):
    _write(tmp_path)
    server.languages = languages
    auto = run("check", "a.txt", "--languagetool-url", server.url)
    assert _lines(auto) == (
        1,
        [
            "mtqa: note: LanguageTool rules (MT801-MT804) skipped: "
            f"LanguageTool at {server.url}: {why}"
        ],
    )
    required = run("check", "a.txt", "--languagetool-url", server.url, "--languagetool", "required")
    assert _lines(required) == (2, [f"mtqa: error: LanguageTool at {server.url}: {why}"])


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("[" * 100_000, "JSON nested too deeply"),
        ('{"matches": [' + "9" * 5000 + "]}", "a number of over 4,300 digits"),
    ],
)
def test_a_check_reply_no_languagetool_sends_is_one_line(run, tmp_path, server, raw, why):
    _write(tmp_path)
    server.raw = raw
    required = run("check", "a.txt", "--languagetool-url", server.url, "--languagetool", "required")
    assert _lines(required) == (
        2,
        [
            f"mtqa: error: LanguageTool at {server.url} sent a reply that is not "
            f"LanguageTool's ({why})"
        ],
    )
    assert len(server.requests) == 1  # not asked again


def test_matches_with_fields_of_odd_types_give_findings_of_text(server):
    """language-tool-python turns most fields into text; whatever it passes on, a
    finding gets text or nothing (a list as an issue type would fail the rules)."""
    match = {
        "message": "m", "shortMessage": "", "offset": 0, "length": 4,
        "context": {"text": "t", "offset": 0, "length": 1}, "sentence": "t",
    }  # fmt: skip
    rule = {"id": "R", "issueType": "grammar", "category": {"id": "GRAMMAR"}}
    server.reply = {
        "matches": [
            {**match, "replacements": [{"value": 5}], "rule": rule},
            {**match, "replacements": [], "rule": {**rule, "issueType": ["grammar"]}},
            {**match, "replacements": [], "rule": {**rule, "category": {"id": {"a": 1}}}},
            {**match, "replacements": [{"value": "They"}], "rule": rule},
        ]
    }
    found = LanguageToolService(server.url, "en-US").check(["They ate."])
    assert (found[-1].start, found[-1].end, found[-1].replacements) == (0, 4, ("They",))
    for m in found:
        assert all(isinstance(x, str) for x in (m.message, m.rule_id, m.category, m.issue_type))
        assert all(isinstance(r, str) for r in m.replacements)


# --- data files: glossary, baseline, annotations ---------------------------------------


def _mtqa(args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    """``mtqa ARGS`` in a process of its own, stopped after a minute: a run that
    would hang or fill memory fails the test instead of the suite."""
    command = [sys.executable, "-m", "mtqa", *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=60, check=False, **kwargs
    )


LOADERS = [  # the command that loads a data file F, and what the file is called
    (["check", "a.txt", "--languagetool", "off", "--glossary", "F"], "glossary"),
    (["check", "a.txt", "--languagetool", "off", "--baseline", "F"], "baseline file"),
    (["eval", "F"], "file of annotations"),
]


@pytest.mark.parametrize(("args", "what"), LOADERS, ids=["glossary", "baseline", "eval"])
@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_device_or_pipe_as_a_data_file_is_refused(tmp_path, args, what, special):
    """/dev/zero was read until memory ran out; a named pipe waited for a writer."""
    _write(tmp_path)
    if special == "fifo":
        os.mkfifo(tmp_path / "fifo")
    done = _mtqa([special if a == "F" else a for a in args], tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        f"mtqa: error: {special}: not a regular file (a device, pipe or socket), not a {what}\n",
    )


@pytest.mark.parametrize(("args", "what"), LOADERS, ids=["glossary", "baseline", "eval"])
def test_a_data_file_too_large_or_binary_is_refused(run, tmp_path, args, what, monkeypatch):
    from mtqa import datafile

    _write(tmp_path)
    (tmp_path / "big").write_text("x" * 2000, encoding="utf-8")
    (tmp_path / "nul").write_bytes(b"source,target\n\x00\x00")
    monkeypatch.setattr(datafile, "MAX_BYTES", 1000)
    big = run(*[("big" if a == "F" else a) for a in args])
    assert _lines(big) == (
        2,
        [f"mtqa: error: big: 2,000 bytes, more than a {what} may have (1,000)"],
    )
    nul = run(*[("nul" if a == "F" else a) for a in args])
    assert _lines(nul) == (2, ["mtqa: error: nul: binary file (contains NUL bytes), not text"])


def test_a_baseline_nested_too_deeply_is_one_line(run, tmp_path):
    _write(tmp_path)
    (tmp_path / "base.json").write_text("[" * 100_000, encoding="utf-8")
    result = run("check", "a.txt", "--baseline", "base.json")
    assert _lines(result) == (
        2,
        ["mtqa: error: base.json: not a readable baseline file (JSON nested too deeply)"],
    )
    (tmp_path / "base.json").write_text("1" * 5000, encoding="utf-8")
    code, lines = _lines(run("check", "a.txt", "--baseline", "base.json"))
    assert code == 2 and len(lines) == 1
    assert lines[0].startswith("mtqa: error: base.json: not a readable baseline file (")


def test_annotations_nested_too_deeply_are_one_line(run, tmp_path):
    (tmp_path / "mqm.jsonl").write_text("[" * 100_000 + "\n", encoding="utf-8")
    assert _lines(run("eval", "mqm.jsonl", "--strict")) == (
        2,
        ["mtqa: error: mqm.jsonl:1: a value nested too deeply"],
    )
    assert _lines(run("eval", "mqm.jsonl")) == (
        2,
        [
            "mtqa: error: mqm.jsonl: no usable annotated translations (the first broken line: "
            "mqm.jsonl:1: a value nested too deeply)"
        ],
    )


# --- stdout closed, full or gone --------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["check", "a.txt"], ["rules"], ["explain", "MT101"], ["--version"]]
)
@pytest.mark.parametrize(
    ("stdout", "says"),
    [("closed", "Bad file descriptor"), ("/dev/full", "No space left on device")],
)
def test_a_stdout_that_takes_nothing_is_one_line_and_exit_2(tmp_path, args, stdout, says):
    """As ``ls >/dev/full``: "ls: write error: No space left on device", exit 2."""
    _write(tmp_path)
    if args[0] == "check":
        args = [*args, "--languagetool", "off"]
    with open("/dev/full" if stdout == "/dev/full" else os.devnull, "wb") as sink:
        done = subprocess.run(
            [sys.executable, "-m", "mtqa", *args],
            cwd=tmp_path,
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
            preexec_fn=(lambda: os.close(1)) if stdout == "closed" else None,
        )
    assert (done.returncode, done.stderr) == (2, f"mtqa: error: cannot write to stdout: {says}\n")


def test_a_reader_that_leaves_is_no_error(tmp_path):
    """``mtqa rules | head -1``: the pipe closes early; nothing is said, as for cat."""
    command = f"{sys.executable} -m mtqa rules | head -1"
    done = subprocess.run(
        ["bash", "-c", f"{command}; echo ${{PIPESTATUS[0]}} >&2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # 1 when head left before mtqa wrote all; 0 when the pipe took it all first
    assert done.stdout.startswith("code") and done.stderr in ("0\n", "1\n")
