"""LanguageTool through language-tool-python, against a local server speaking its API."""

from __future__ import annotations

import json
import os
import time

import pytest

from mtqa import Checker, Config
from mtqa.errors import ConfigError
from mtqa.languagetool import LanguageToolService
from mtqa.readers import parse
from mtqa.registry import load_rules

from .ltserver import LTServer
from .pinning import check_example

LT_RULES = [r for r in load_rules().rules if "languagetool" in r.needs]


@pytest.fixture
def server():
    with LTServer() as s:
        yield s


def check(server, text: str, **config):
    checker = Checker(Config(select=("ALL",), languagetool_url=server.url, **config))
    return checker.check(parse(text, "-", "txt"))


@pytest.mark.parametrize(("code", "example"), [(r.code, e) for r in LT_RULES for e in r.flags])
def test_flag_examples(server, code, example):
    def run(text):
        result = check(server, text)
        return result.document, [f for f in result.findings if f.rule == code]

    check_example(code, example, run)  # span, count, suggestion, and fixed for good


@pytest.mark.parametrize(("code", "text"), [(r.code, t) for r in LT_RULES for t in r.passes])
def test_pass_examples(server, code, text):
    assert code not in [f.rule for f in check(server, text).findings]


def test_offsets_mapping_and_language_tool_details(server):
    text = "Fine 😀 first.\n\nThe 𝄞 music recieved praise and a apple."
    result = check(server, text)
    found = [
        (f.rule, f.segment, f.start, f.end, f.text, f.suggestion, f.source_rule)
        for f in result.findings
    ]
    assert found == [
        ("MT801", 2, 12, 20, "recieved", "received", "LT:MORFOLOGIK_RULE_EN_US/TYPOS"),
        ("MT802", 2, 32, 33, "a", "an", "LT:EN_A_VS_AN/GRAMMAR"),
    ]
    assert [(f.line, f.column) for f in result.findings] == [(3, 13), (3, 33)]


def test_batches_are_bounded_and_split_between_segments(server):
    texts = [f"Segment {i} recieved a apple." for i in range(10_000)]
    checker = Checker(
        Config(select=("MT801",), languagetool_url=server.url, languagetool_max_chars=20_000)
    )
    result = checker.check(parse("\n".join(texts), "-", "txt", None))
    assert len(result.findings) == 10_000
    assert all(len(r["text"]) <= 20_000 for r in server.requests)
    total = sum(len(t) + 2 for t in texts)
    assert len(server.requests) <= total // 20_000 + 2
    assert [f.segment for f in result.findings] == list(range(1, 10_001))


def test_allowlist_names_and_no_double_counting(server):
    text = "Xiaoming and Zhangjiajie definately came , and the the rest stayed."
    result = check(server, text, allow=("Zhangjiajie",))
    rules = sorted((f.rule, f.text) for f in result.findings)
    # the pinyin name and the allowed term pass; mtqa's own rules keep " ," and "the the"
    assert rules == [("MT102", " ,"), ("MT205", "the the"), ("MT801", "definately")]


def test_selectors_reach_the_server(server):
    checker = Checker(Config(languagetool_url=server.url, ignore=("LT:EN_A_VS_AN",)))
    result = checker.check(parse("They ate a apple.", "-", "txt"))
    assert result.findings == []
    assert server.requests[-1]["disabledRules"] == "EN_A_VS_AN"


def write(tmp_path, text="It was very unique , really.\n"):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("failure", ["status", "malformed"])
def test_server_errors_are_a_notice_or_exit_2(run, tmp_path, server, failure):
    write(tmp_path)
    if failure == "status":
        server.status = 500
    else:
        server.malformed = True
    result = run("check", "a.txt", "--languagetool-url", server.url, "--format", "concise")
    assert result.exit_code == 1  # mtqa's own rules still report " ,"
    assert "MT102" in result.stdout
    assert result.stderr.count("\n") == 1 and "LanguageTool failed for 1 document" in result.stderr
    required = run("check", "a.txt", "--languagetool-url", server.url, "--languagetool", "required")
    assert required.exit_code == 2
    assert (
        required.stderr.startswith("mtqa: error: LanguageTool at ")
        and "failed after 3 tries" in required.stderr
    )


def test_unreachable_server_and_unsupported_language(run, tmp_path, server):
    write(tmp_path)
    dead = "http://127.0.0.1:9"  # the discard port: nothing listens
    auto = run("check", "a.txt", "--languagetool-url", dead)
    assert auto.exit_code == 1 and "LanguageTool rules (MT801-MT804) skipped" in auto.stderr
    required = run("check", "a.txt", "--languagetool-url", dead, "--languagetool", "required")
    assert required.exit_code == 2 and required.stderr.startswith(
        f"mtqa: error: LanguageTool at {dead}"
    )
    french = run(
        "check",
        "a.txt",
        "--languagetool-url",
        server.url,
        "--languagetool",
        "required",
        "--target-lang",
        "fr",
    )
    assert french.exit_code == 2 and "fr" in french.stderr


def test_timeouts_retry_then_fail_without_hanging(run, tmp_path, server):
    write(tmp_path)
    server.delay = 10.0  # six unanswered requests would take a minute
    (tmp_path / "mtqa.toml").write_text("languagetool-timeout = 0.3\n", encoding="utf-8")
    start = time.perf_counter()
    result = run("check", "a.txt", "--languagetool-url", server.url, "--languagetool", "required")
    assert result.exit_code == 2 and "failed after 3 tries" in result.stderr
    assert time.perf_counter() - start < 15  # the 0.3 s timeout was honoured: no hang
    assert len(server.requests) == 3  # 3 tries, one request each


def test_server_dying_mid_run_fails_the_affected_documents(run, tmp_path, server):
    write(tmp_path)
    (tmp_path / "b.txt").write_text("They ate a apple.\n", encoding="utf-8")
    server.die_after = 1
    result = run("check", "a.txt", "b.txt", "--languagetool-url", server.url, "--format", "json")
    docs = {
        d["path"]: [f["rule"] for f in d["findings"]]
        for d in json.loads(result.stdout)["documents"]
    }
    assert "MT804" in docs["a.txt"] and "MT802" not in docs["b.txt"]
    assert "LanguageTool failed for 1 document" in result.stderr
    status = json.loads(result.stdout)["summary"]["languagetool"]
    assert status["status"] == "checked" and len(status["failures"]) == 1


def test_without_languagetool_nothing_is_sent_and_one_notice(run, tmp_path):
    write(tmp_path)
    result = run("check", "a.txt", "--format", "json:r.json")
    why = (
        "no LanguageTool server (give --languagetool-url or MTQA_LANGUAGETOOL_URL, "
        "or install LanguageTool and Java)"
    )
    assert result.stderr.splitlines() == [
        f"mtqa: note: LanguageTool rules (MT801-MT804) skipped: {why}"
    ]
    status = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"][
        "languagetool"
    ]
    assert status == {"status": "skipped", "reason": why}
    off = run("check", "a.txt", "--languagetool", "off", "--format", "json:off.json")
    assert (
        off.stderr == ""
        and "languagetool"
        not in json.loads((tmp_path / "off.json").read_text(encoding="utf-8"))["summary"]
    )


LIVE = os.environ.get("MTQA_LANGUAGETOOL_URL")


@pytest.mark.skipif(
    not LIVE, reason="MTQA_LANGUAGETOOL_URL is not set: no real LanguageTool server to test against"
)
def test_a_real_server():
    checker = Checker(Config(select=("MT801", "MT802"), languagetool="required"))
    result = checker.check(parse("He recieved the letter yesterday.", "-", "txt"))
    assert [(f.rule, f.text) for f in result.findings] == [("MT801", "recieved")]


def test_issue_type_mapping_is_configurable(server):
    text = "It is very unique and a apple."
    default = {f.rule for f in check(server, text).findings}
    assert {"MT802", "MT804"} <= default
    moved = check(server, text, languagetool_types={"style": "off", "grammar": "MT803"})
    assert sorted((f.rule, f.text) for f in moved.findings) == [("MT803", "a")]


def test_run_signature_names_what_languagetool_was_told(server):
    def lt_field(**config) -> str:
        checker = Checker(Config(languagetool_url=server.url, **config))
        return dict(p.split(":", 1) for p in checker.signature.split("|"))["lt"]

    assert lt_field() == "on"
    ignored = lt_field(ignore=("LT:EN_A_VS_AN",))
    assert ignored.startswith("on+") and ignored != lt_field(select=("ALL", "LT:EN_A_VS_AN"))
    assert lt_field(languagetool_types={"grammar": "off"}).startswith("on+")


def test_a_server_that_never_answers_is_given_up_once_a_run(run, tmp_path, server):
    """Each document used to wait out every try again: 180 s a document."""
    write(tmp_path)
    (tmp_path / "b.txt").write_text("They ate a apple.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("It was recieved.\n", encoding="utf-8")
    server.delay = 10.0
    (tmp_path / "mtqa.toml").write_text("languagetool-timeout = 0.3\n", encoding="utf-8")
    start = time.perf_counter()
    result = run("check", "a.txt", "b.txt", "c.txt", "--languagetool-url", server.url)
    assert time.perf_counter() - start < 15
    assert len(server.requests) == 3  # the first document's 3 tries; none for the others
    assert "LanguageTool failed for 3 documents" in result.stderr
    assert result.exit_code == 1  # mtqa's own rules still ran: a.txt's " ,"


@pytest.mark.parametrize(
    "reply",
    [
        {"software": {"name": "LanguageTool"}},  # no "matches"
        {"matches": [{"offset": 3}]},  # a match without its fields
        {"matches": "none"},
    ],
)
def test_a_reply_that_is_not_languagetools_is_a_notice_not_a_crash(run, tmp_path, server, reply):
    write(tmp_path)
    (tmp_path / "b.txt").write_text("They ate a apple.\n", encoding="utf-8")
    server.reply = reply
    result = run("check", "a.txt", "b.txt", "--languagetool-url", server.url, "--format", "concise")
    assert result.exit_code == 1 and "MT102" in result.stdout
    assert "internal error" not in result.stderr
    assert "LanguageTool failed for 2 documents" in result.stderr
    assert len(server.requests) == 1  # a wrong reply is not asked for again
    required = run("check", "a.txt", "--languagetool-url", server.url, "--languagetool", "required")
    assert required.exit_code == 2
    assert required.stderr.startswith("mtqa: error: LanguageTool at ")
    assert "sent a reply that is not LanguageTool's" in required.stderr


def test_matches_pointing_outside_the_text_are_dropped(server):
    match = {
        "message": "m", "shortMessage": "", "replacements": [{"value": "x"}],
        "context": {"text": "t", "offset": 0, "length": 1}, "sentence": "t",
        "rule": {"id": "R", "issueType": "grammar", "category": {"id": "GRAMMAR"}},
    }  # fmt: skip
    server.reply = {
        "matches": [
            {**match, "offset": -4, "length": 2},
            {**match, "offset": 2, "length": -1},
            {**match, "offset": 900, "length": 1},
            {**match, "offset": 0, "length": 4},
        ]
    }
    service = LanguageToolService(server.url, "en-US")
    assert [(m.segment, m.start, m.end) for m in service.check(["They ate."])] == [(0, 0, 4)]


def test_a_bad_url_given_to_the_api_is_a_config_error():
    """The Python API's Config is not validated: ftp://x was tried as the host 'ftp'."""
    with pytest.raises(ConfigError) as err:
        Checker(Config(languagetool_url="ftp://x"))
    assert str(err.value) == (
        "languagetool-url: 'ftp://x' is not a LanguageTool URL (the scheme must be http or "
        "https; give one like http://localhost:8081)"
    )
