"""Hostile services, data files and outputs (issue 14): a LanguageTool server that
trickles, stalls or sends what LanguageTool never would; a glossary, baseline or
annotation file that never ends, waits for a writer or nests for ever; a stdout
that is closed or full. Each is bounded in time and memory, and said in one line
naming the file or server, with exit code 2 where the run cannot stand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from http import HTTPStatus
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
        "requests in this run: HTTP 500 Internal Server Error; not asked again in this run"
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


SENT = True  # a reply that is not LanguageTool's: asked once, not again
FAILED = False  # a failed request: tried three times


@pytest.mark.parametrize(
    ("failure", "why", "sent"),
    [
        # bytes that are not UTF-8 text were "a number of over 4,300 digits"
        ({"raw": "\x00\xffnot json"}, "a reply that is not JSON", FAILED),
        ({"malformed": True}, "a reply that is not JSON", FAILED),
        # was "list indices must be integers or slices, not str missing or wrong"
        ({"raw": "[1,2,3]"}, "no 'matches' list", SENT),
        ({"reply": {"software": {"name": "LanguageTool"}}}, "no 'matches' list", SENT),
        ({"reply": {"matches": "none"}}, "no 'matches' list", SENT),
        ({"reply": {"matches": [{"offset": 3}]}}, "a match without 'message'", SENT),
        ({"reply": {"matches": [7]}}, "a match that is not an object", SENT),
        # an error status with an empty body was "LanguageToolError"
        ({"status": 500}, "HTTP 500 Internal Server Error", FAILED),
        ({"status": 503}, "HTTP 503 Service Unavailable", FAILED),
        ({"max_chars": 3}, f"HTTP 413 {HTTPStatus(413).phrase} (lower languagetool-max-chars)",
         FAILED),
    ],
)  # fmt: skip
def test_each_languagetool_failure_is_said_in_words(run, tmp_path, server, failure, why, sent):
    """What went wrong, never Python's words or an exception's name."""
    _write(tmp_path)
    for name, value in failure.items():
        setattr(server, name, value)
    result = run("check", "a.txt", "--languagetool-url", server.url, "--languagetool", "required")
    if sent:
        says = f"LanguageTool at {server.url} sent a reply that is not LanguageTool's ({why})"
    else:
        says = (
            f"LanguageTool at {server.url} failed after 3 tries: {why}; not asked again in this run"
        )
    assert _lines(result) == (2, [f"mtqa: error: {says}"])
    assert len(server.requests) == (1 if sent else 3)


def test_an_unreachable_server_is_said_in_words(run, tmp_path):
    """requests' own text named its connection pools and Python objects."""
    _write(tmp_path)
    dead = "http://127.0.0.1:9"  # the discard port: nothing listens
    result = run("check", "a.txt", "--languagetool-url", dead, "--languagetool", "required")
    assert _lines(result) == (
        2,
        [f"mtqa: error: LanguageTool at {dead}: cannot connect: Connection refused"],
    )


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


@pytest.mark.parametrize(
    ("text", "why"),
    [
        # Python's "use sys.set_int_max_str_digits() to increase the limit"
        ("1" * 5000, "a number of over 4,300 digits"),
        ('{"format": "mtqa-baseline", "version": 1, "findings": [-' + "1" * 5000 + "]}",
         "a number of over 4,300 digits"),
        ("{broken", "not JSON: Expecting property name enclosed in double quotes at line 1, "
         "column 2"),
    ],
)  # fmt: skip
def test_a_baseline_python_cannot_read_says_why_in_words(run, tmp_path, text, why):
    _write(tmp_path)
    (tmp_path / "base.json").write_text(text, encoding="utf-8")
    result = run("check", "a.txt", "--languagetool", "off", "--baseline", "base.json")
    assert _lines(result) == (2, [f"mtqa: error: base.json: not a readable baseline file ({why})"])


@pytest.mark.parametrize(
    ("findings", "why"),
    [
        ('"none"', "malformed baseline (no 'findings' list)"),
        ("[5]", "malformed baseline entry 1 (not an object)"),
        # a missing field was "('text')", a list "string indices must be integers"
        ('[{"fingerprint": "f", "path": "a.txt", "rule": "MT101"}]',
         "malformed baseline entry 1 (no 'text' string)"),
        ('[{"fingerprint": ["f"], "path": "a.txt", "rule": "MT101", "text": "t"}]',
         "malformed baseline entry 1 (no 'fingerprint' string)"),
    ],
)  # fmt: skip
def test_a_baseline_of_the_wrong_shape_says_which_entry(run, tmp_path, findings, why):
    _write(tmp_path)
    text = '{"format": "mtqa-baseline", "version": 1, "findings": ' + findings + "}"
    (tmp_path / "base.json").write_text(text, encoding="utf-8")
    result = run("check", "a.txt", "--languagetool", "off", "--baseline", "base.json")
    assert _lines(result) == (2, [f"mtqa: error: base.json: {why}"])


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("[" * 100_000, "JSON nested too deeply"),
        ('{"target": "Hi", "errors": [], "mqm": ' + "9" * 5000 + "}",
         "a number of over 4,300 digits"),
        ('{"target": "Hi", "errors": [], "mqm": 1e400}',
         "field 'mqm' is not a finite number (inf)"),
    ],
    ids=["nested", "digits", "infinite"],
)  # fmt: skip
def test_annotations_python_cannot_read_are_one_line_naming_the_line(run, tmp_path, line, why):
    good = '{"target": "Hi there.", "errors": []}'
    (tmp_path / "mqm.jsonl").write_text(f"{good}\n{line}\n", encoding="utf-8")
    assert _lines(run("eval", "mqm.jsonl", "--strict")) == (
        2,
        [f"mtqa: error: mqm.jsonl:2: {why}"],
    )
    (tmp_path / "bad.jsonl").write_text(line + "\n", encoding="utf-8")
    assert _lines(run("eval", "bad.jsonl")) == (
        2,
        [
            "mtqa: error: bad.jsonl: no usable annotated translations "
            "(JSON Lines: a JSON object a line) (the first broken line: "
            f"bad.jsonl:1: {why})"
        ],
    )


def test_an_annotated_number_no_float_holds_is_no_order(run, tmp_path):
    """A seg_id of 400 digits overflowed float(): an internal error."""
    line = '{"target": "Hi there.", "errors": [], "seg_id": ' + "9" * 400 + "}"
    (tmp_path / "mqm.jsonl").write_text(line + "\n", encoding="utf-8")
    result = run("eval", "mqm.jsonl", "--strict")
    assert "internal error" not in result.stderr and result.exit_code in (0, 1)


# --- stdout closed, full or gone --------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["check", "a.txt"], ["baseline", "a.txt", "-o", "-"], ["rules"], ["explain", "MT101"],
     ["--version"]],
)  # fmt: skip
@pytest.mark.parametrize(
    ("stdout", "says"),
    [("closed", "Bad file descriptor"), ("/dev/full", "No space left on device")],
)
def test_a_stdout_that_takes_nothing_is_one_line_and_exit_2(tmp_path, args, stdout, says):
    """As ``ls >/dev/full``: "ls: write error: No space left on device", exit 2."""
    _write(tmp_path)
    if args[0] in ("check", "baseline"):
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


def test_a_baseline_to_dash_goes_to_stdout(run, tmp_path):
    """-o - wrote a file named '-'; it means stdout, as for check -o -."""
    _write(tmp_path)
    result = run("baseline", "a.txt", "-o", "-", "--languagetool", "off")
    assert not (tmp_path / "-").exists()
    assert result.exit_code == 0 and json.loads(result.stdout)["format"] == "mtqa-baseline"
    assert result.stderr == "recorded 1 finding in 1 document to stdout\n"
    (tmp_path / "base.json").write_text(result.stdout, encoding="utf-8")
    again = run("check", "a.txt", "--languagetool", "off", "--baseline", "base.json")
    assert again.exit_code == 0  # the finding recorded is the one found


# --- breaker round: a server URL's password, its scheme's case, redirects -----------------


def test_a_password_in_the_server_url_is_never_written_out(run, tmp_path, server):
    _write(tmp_path)
    server.status = 500
    url = server.url.replace("http://", "http://user:secret@")
    result = run("check", "a.txt", "--languagetool-url", url, "--format", "json")
    assert "secret" not in result.stdout and "secret" not in result.stderr
    failures = json.loads(result.stdout)["summary"]["languagetool"]["failures"]
    assert failures and all(f"LanguageTool at {server.url} " in f for f in failures)
    assert f"LanguageTool at {server.url} failed after 3 tries" in result.stderr


def test_a_scheme_in_capitals_reaches_the_server(run, tmp_path, server):
    _write(tmp_path)
    url = server.url.replace("http://", "HTTP://")
    result = run("check", "a.txt", "--languagetool-url", url, "--languagetool", "required")
    assert result.exit_code == 1 and "MT80" in result.stdout
    assert result.stderr == "" and server.requests


def test_a_redirect_is_a_failure_not_followed(run, tmp_path, server):
    """A /v2/check answered with 302 was followed to the host it named."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from .ltserver import LANGUAGES

    class Redirecting(BaseHTTPRequestHandler):
        def log_message(self, *args):  # type: ignore[no-untyped-def]
            pass

        def do_GET(self):  # type: ignore[no-untyped-def]
            body = json.dumps(LANGUAGES).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):  # type: ignore[no-untyped-def]
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(302)
            self.send_header("Location", f"{server.url}/v2/check")
            self.send_header("Content-Length", "0")
            self.end_headers()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        _write(tmp_path)
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        result = run("check", "a.txt", "--languagetool-url", url, "--languagetool", "required")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert _lines(result) == (
        2,
        [
            f"mtqa: error: LanguageTool at {url} failed after 3 tries: HTTP 302 Found (a "
            "redirect to another address, not followed: give the server's own URL); not asked "
            "again in this run"
        ],
    )
    assert not any("check" in str(r) for r in server.requests)


# --- breaker round: annotations with booleans and numbers beyond MQM ---------------------


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('{"target": "Hi there.", "errors": [], "mqm": true}', "field 'mqm' is true, not a number"),
        ('{"target": "Hi there.", "errors": [], "seg_id": false}',
         "field 'seg_id' is false, not a number"),
        ('{"target": "Hi there.", "errors": [{"category": "X", "severity": "minor", '
         '"start": true, "end": 2}]}', "field 'start' of an error is true, not a number"),
        ('{"target": "Hi there.", "errors": [{"category": "X", "severity": "minor", '
         '"start": 0, "end": true}]}', "field 'end' of an error is true, not a number"),
        ('{"target": "Hi there.", "errors": [], "mqm": 1e308}',
         "field 'mqm' is 1e+308, beyond any MQM figure (at most 1,000,000 either way)"),
        ('{"target": "Hi there.", "errors": [], "mqm": -1e7}',
         "field 'mqm' is -1e+07, beyond any MQM figure (at most 1,000,000 either way)"),
    ],
    ids=["mqm-bool", "seg-id-bool", "start-bool", "end-bool", "mqm-huge", "mqm-negative"],
)  # fmt: skip
def test_annotations_with_booleans_or_huge_mqm_are_one_line(run, tmp_path, line, why):
    good = '{"target": "Hi there.", "errors": [], "mqm": 0}'
    (tmp_path / "mqm.jsonl").write_text(f"{good}\n{line}\n", encoding="utf-8")
    assert _lines(run("eval", "mqm.jsonl", "--strict")) == (
        2,
        [f"mtqa: error: mqm.jsonl:2: {why}"],
    )
    result = run("eval", "mqm.jsonl")
    assert result.exit_code == 0 and "RuntimeWarning" not in result.stderr
    assert result.stderr.splitlines() == [f"mtqa: skipped mqm.jsonl:2: {why}"]


def test_the_largest_mqm_figures_leave_no_warning(run, tmp_path):
    lines = [
        json.dumps({"system": s, "seg_id": 1, "target": "Hi there.", "errors": [], "mqm": m})
        for s, m in (("A", 1_000_000), ("B", -1_000_000), ("C", 0))
    ]
    (tmp_path / "mqm.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-W", "error", "-m", "mtqa", "eval", "mqm.jsonl", "--strict"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
