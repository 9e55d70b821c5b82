"""Triage files: ``check --triage`` leaves out what reviewers marked false positive,
``triage stats`` counts their decisions per rule. Every text here is written for
the test."""

from __future__ import annotations

import json

import pytest

from mtqa.errors import InputError
from mtqa.triage import load_triage, stats

# Findings, in report order: MT101 ". ," (1), MT205 "the the" (1), MT102 " ." (1),
# MT101 ". ." (3) and the same again (5): one fingerprint, two occurrences
TEXT = "The plan. , was agreed by the the council .\n\nIt rose. . Fell.\n\nIt rose. . Fell.\n"
OFF = ("--languagetool", "off")


def check(run, *args: str):
    return run("check", "a.txt", *OFF, *args)


def findings(result) -> list[tuple[str, str, int]]:
    return [
        (f["rule"], f["text"], f["line"])
        for d in json.loads(result.stdout)["documents"]
        for f in d["findings"]
    ]


def recorded(run, tmp_path) -> list[dict]:
    """The findings of a.txt with their fingerprints, as ``mtqa baseline`` records them."""
    assert run("baseline", "a.txt", *OFF, "-o", "base.json").exit_code == 0
    return json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["findings"]


def write_triage(tmp_path, name: str, decisions: list[dict]) -> str:
    data = {
        "format": "mtqa-triage",
        "version": 1,
        "mtqa_version": "0.1.0",
        "signature": "mtqa:0.1.0|...",
        "exported": "2026-11-30T13:00:00.000Z",
        "decisions": decisions,
    }
    (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    return name


def decide(finding: dict, status: str, **more) -> dict:
    """A decision on a recorded finding, as the report page exports it."""
    return {**finding, "name": "some-rule", "status": status, "note": "", **more}


@pytest.fixture
def found(run, tmp_path) -> list[dict]:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return recorded(run, tmp_path)


def by_rule(found: list[dict], rule: str, text: str) -> list[dict]:
    return [f for f in found if f["rule"] == rule and f["text"] == text]


def test_only_the_false_positives_are_left_out(run, tmp_path, found):
    (stray,) = by_rule(found, "MT101", ". ,")
    (space,) = by_rule(found, "MT102", " .")
    (doubled,) = by_rule(found, "MT205", "the the")
    write_triage(
        tmp_path,
        "t.json",
        [
            decide(stray, "false-positive", note="intended"),
            decide(space, "accepted"),
            decide(doubled, "fixed"),
        ],
    )
    result = check(run, "--triage", "t.json", "--format", "json")
    assert findings(result) == [
        ("MT205", "the the", 1),
        ("MT102", " .", 1),
        ("MT101", ". .", 3),
        ("MT101", ". .", 5),
    ]
    data = json.loads(result.stdout)
    assert data["summary"]["triage"] == {"files": ["t.json"], "suppressed": 1}
    (doc,) = data["documents"]
    keys = list(doc)
    assert doc["triaged"] == 1 and keys.index("triaged") == keys.index("suppressed") + 1
    text = check(run, "--triage", "t.json").stdout
    assert "triage: 1 finding marked false positive left out (t.json)\n" in text
    assert "MT101 [minor] Stray punctuation '. ,'" not in text


def test_without_triage_the_reports_are_as_before(run, found):
    data = json.loads(check(run, "--format", "json").stdout)
    assert "triage" not in data["summary"] and "triaged" not in data["documents"][0]
    assert "triage:" not in check(run).stdout


def test_a_triage_file_that_leaves_out_nothing_says_so(run, tmp_path, found):
    write_triage(tmp_path, "t.json", [decide(found[0], "accepted")])
    assert (
        "triage: 0 findings marked false positive left out (t.json)"
        in check(run, "--triage", "t.json").stdout
    )
    data = json.loads(check(run, "--triage", "t.json", "--format", "json").stdout)
    assert data["summary"]["triage"] == {"files": ["t.json"], "suppressed": 0}
    assert data["documents"][0]["triaged"] == 0


def test_the_gate_passes_once_every_finding_is_a_false_positive(run, tmp_path, found):
    assert check(run).exit_code == 1
    write_triage(tmp_path, "t.json", [decide(f, "false-positive") for f in found])
    result = check(run, "--triage", "t.json")
    assert result.exit_code == 0, result.stdout
    assert "a.txt: PASS" in result.stdout
    assert "triage: 5 findings marked false positive left out (t.json)" in result.stdout


def test_one_occurrence_marked_leaves_out_one_of_two_identical_findings(run, tmp_path, found):
    first, second = by_rule(found, "MT101", ". .")
    assert first["fingerprint"] == second["fingerprint"]
    write_triage(tmp_path, "t.json", [decide(first, "false-positive")])
    result = check(run, "--triage", "t.json", "--format", "json")
    assert [f for f in findings(result) if f[1] == ". ."] == [("MT101", ". .", 5)]
    write_triage(tmp_path, "t.json", [decide(f, "false-positive") for f in (first, second)])
    result = check(run, "--triage", "t.json", "--format", "json")
    assert [f for f in findings(result) if f[1] == ". ."] == []


def test_two_triage_files_combine(run, tmp_path, found):
    (stray,) = by_rule(found, "MT101", ". ,")
    first, _ = by_rule(found, "MT101", ". .")
    write_triage(tmp_path, "one.json", [decide(stray, "false-positive")])
    write_triage(tmp_path, "two.json", [decide(first, "false-positive")])
    result = check(run, "--triage", "one.json", "--triage", "two.json", "--format", "json")
    assert findings(result) == [("MT205", "the the", 1), ("MT102", " .", 1), ("MT101", ". .", 5)]
    summary = json.loads(result.stdout)["summary"]["triage"]
    assert summary == {"files": ["one.json", "two.json"], "suppressed": 2}
    text = check(run, "--triage", "one.json", "--triage", "two.json").stdout
    assert "triage: 2 findings marked false positive left out (one.json, two.json)" in text


def test_triage_comes_after_the_baseline(run, tmp_path, found):
    # the baseline holds one ". ." and the triage file marks one: both are left out
    first, second = by_rule(found, "MT101", ". .")
    baseline = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    baseline["findings"] = [first]
    (tmp_path / "base.json").write_text(json.dumps(baseline), encoding="utf-8")
    write_triage(tmp_path, "t.json", [decide(second, "false-positive")])
    result = check(run, "--baseline", "base.json", "--triage", "t.json", "--format", "json")
    data = json.loads(result.stdout)
    assert [f for f in findings(result) if f[1] == ". ."] == []
    assert data["summary"]["baseline"]["matched"] == 1
    assert data["summary"]["triage"]["suppressed"] == 1


def test_a_path_spelled_otherwise_matches(run, tmp_path, found):
    write_triage(
        tmp_path, "t.json", [decide({**f, "path": "./a.txt"}, "false-positive") for f in found]
    )
    result = check(run, "--triage", "t.json")
    assert result.exit_code == 0 and "records no false positive" not in result.stderr


def test_a_triage_file_of_other_files_says_so(run, tmp_path, found):
    write_triage(tmp_path, "t.json", [decide({**found[0], "path": "b.txt"}, "false-positive")])
    result = check(run, "--triage", "t.json")
    assert result.exit_code == 1
    assert (
        "mtqa: note: the triage file t.json records no false positive in the files checked: "
        "it left out no finding"
    ) in result.stderr


def test_the_signature_changes_with_what_triage_leaves_out(run, tmp_path, found):
    def signature(*args: str) -> dict[str, str]:
        data = json.loads(check(run, "--format", "json", *args).stdout)
        return dict(part.split(":", 1) for part in data["tool"]["signature"].split("|"))

    plain = signature()
    (stray,) = by_rule(found, "MT101", ". ,")
    write_triage(tmp_path, "fp.json", [decide(stray, "false-positive")])
    write_triage(tmp_path, "ok.json", [decide(stray, "accepted")])
    triaged = signature("--triage", "fp.json")
    assert plain["base"] == "none" and triaged["base"] != "none"
    assert {k for k in plain if plain[k] != triaged[k]} == {"base"}
    assert signature("--triage", "ok.json") == plain  # nothing left out: the same run
    # leaving a finding out by baseline or by triage is the same run
    baseline = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    baseline["findings"] = [stray]
    (tmp_path / "base.json").write_text(json.dumps(baseline), encoding="utf-8")
    assert signature("--baseline", "base.json") == triaged


def test_a_streamed_run_leaves_out_the_same_findings(run, tmp_path, found):
    write_triage(tmp_path, "t.json", [decide(found[0], "false-positive")])
    whole = check(run, "--triage", "t.json", "--format", "jsonl")
    streamed = check(run, "--triage", "t.json", "--format", "jsonl", "--stream")
    assert streamed.stdout == whole.stdout and len(whole.stdout.splitlines()) == len(found) - 1
    text = check(run, "--triage", "t.json", "--stream", "--format", "text")
    assert "triage: 1 finding marked false positive left out (t.json)" in text.stdout


def test_no_output_may_overwrite_a_triage_file(run, tmp_path, found):
    write_triage(tmp_path, "t.json", [decide(found[0], "false-positive")])
    before = (tmp_path / "t.json").read_text(encoding="utf-8")
    result = check(run, "--triage", "t.json", "--format", "json:t.json")
    assert result.exit_code == 2 and "t.json: is an input of this run" in result.stderr
    assert (tmp_path / "t.json").read_text(encoding="utf-8") == before


GOOD = {
    "fingerprint": "0123456789abcdef0123456789abcdef",
    "path": "a.txt",
    "rule": "MT101",
    "text": ". .",
    "status": "false-positive",
}


def _with(**changes) -> dict:
    return {k: v for k, v in {**GOOD, **changes}.items() if v is not ...}


def _file(decisions: list) -> str:
    return json.dumps({"format": "mtqa-triage", "version": 1, "decisions": decisions})


BAD_FILES = [
    (None, "t.json: triage file does not exist"),
    (
        "{broken",
        "t.json: not a readable triage file (not JSON: Expecting property name enclosed in "
        "double quotes at line 1, column 2)",
    ),
    ("[]", 't.json: not an mtqa triage file (no "format": "mtqa-triage")'),
    ('{"format": "mtqa-baseline"}', 't.json: not an mtqa triage file (no "format": "mtqa-triage")'),
    (
        '{"format": "mtqa-triage", "version": 2, "decisions": []}',
        "t.json: triage format version 2 is not supported (this mtqa reads version 1)",
    ),
    (
        '{"format": "mtqa-triage", "version": true, "decisions": []}',
        "t.json: triage format version True is not supported (this mtqa reads version 1)",
    ),
    (
        '{"format": "mtqa-triage", "version": 1.0, "decisions": []}',
        "t.json: triage format version 1.0 is not supported (this mtqa reads version 1)",
    ),
    (
        '{"format": "mtqa-triage", "version": 1}',
        "t.json: malformed triage file (no 'decisions' list)",
    ),
    (_file([GOOD, "MT101"]), "t.json: decision 2: a string, not an object"),
    (_file([_with(status=...)]), "t.json: decision 1: no 'status'"),
    (_file([_with(fingerprint=...)]), "t.json: decision 1: no 'fingerprint'"),
    (_file([_with(path=7)]), "t.json: decision 1: 'path' is a whole number, not a string"),
    (_file([_with(rule=None)]), "t.json: decision 1: 'rule' is null, not a string"),
    (_file([_with(text=[". ."])]), "t.json: decision 1: 'text' is an array, not a string"),
    (_file([_with(line="3")]), "t.json: decision 1: 'line' is a string, not a whole number"),
    (_file([_with(line=3.5)]), "t.json: decision 1: 'line' is a number, not a whole number"),
    (_file([_with(line=True)]), "t.json: decision 1: 'line' is true or false, not a whole number"),
    (_file([_with(note={})]), "t.json: decision 1: 'note' is an object, not a string"),
    (_file([_with(name=1)]), "t.json: decision 1: 'name' is a whole number, not a string"),
    (_file([_with(time=0)]), "t.json: decision 1: 'time' is a whole number, not a string"),
    (
        _file([GOOD, GOOD, _with(status="maybe")]),
        "t.json: decision 3: unknown status 'maybe' (accepted, false-positive or fixed)",
    ),
    (
        _file([_with(fingerprint="0123abc")]),
        "t.json: decision 1: fingerprint '0123abc' is not 32 hex digits",
    ),
    (
        _file([_with(fingerprint="g" * 32)]),
        f"t.json: decision 1: fingerprint '{'g' * 32}' is not 32 hex digits",
    ),
    (
        _file([_with(fingerprint="f" * 100)]),
        f"t.json: decision 1: fingerprint '{'f' * 40}...' is not 32 hex digits",
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_a_bad_triage_file_is_one_line_and_exit_2(run, tmp_path, content, message):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    if content is not None:
        (tmp_path / "t.json").write_text(content, encoding="utf-8")
    result = check(run, "--triage", "t.json", "--format", "sarif:out.sarif")
    assert result.exit_code == 2
    assert result.stderr == f"mtqa: error: {message}\n"
    assert not (tmp_path / "out.sarif").exists()
    result = run("triage", "stats", "t.json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"mtqa: error: {message}\n"


def test_a_folder_is_no_triage_file(run, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "t.json").mkdir()
    result = run("check", "a.txt", "--triage", "t.json")
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_load_triage_reads_what_the_page_writes(tmp_path):
    (tmp_path / "t.json").write_text(
        _file(
            [
                {**GOOD, "fingerprint": GOOD["fingerprint"].upper(), "note": None, "line": 3},
                {**GOOD, "status": "fixed", "name": "stray-punctuation", "extra": "ignored"},
            ]
        ),
        encoding="utf-8",
    )
    first, second = load_triage([str(tmp_path / "t.json")])
    assert first.fingerprint == GOOD["fingerprint"] and first.line == 3 and first.note == ""
    assert (second.status, second.name, second.line) == ("fixed", "stray-punctuation", 0)
    with pytest.raises(InputError, match=r"^no-such\.json: triage file does not exist$"):
        load_triage([str(tmp_path / "t.json"), "no-such.json"])


# decisions of two reviews: MT101 rejected twice and confirmed once, MT205
# confirmed (fixed), MT102 accepted then rejected in the second file
REVIEW_ONE = [
    _with(rule="MT101", name="stray-punctuation", status="false-positive"),
    _with(rule="MT101", name="stray-punctuation", status="false-positive"),
    _with(rule="MT205", name="doubled-word", status="fixed"),
    _with(rule="MT101", name="stray-punctuation", status="accepted"),
]
REVIEW_TWO = [
    _with(rule="MT102", name="space-before-punctuation", status="accepted"),
    _with(rule="MT102", status="false-positive"),
    _with(rule="MT205", status="accepted"),
]


@pytest.fixture
def reviews(tmp_path, monkeypatch) -> tuple[str, str]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "one.json").write_text(_file(REVIEW_ONE), encoding="utf-8")
    (tmp_path / "two.json").write_text(_file(REVIEW_TWO), encoding="utf-8")
    return "one.json", "two.json"


def test_stats_of_one_file_as_a_table(run, reviews):
    result = run("triage", "stats", "one.json")
    assert result.exit_code == 0
    assert result.stdout == (
        "rule   name               accepted  fixed  confirmed  rejected  precision\n"
        "MT101  stray-punctuation         1      0          1         2        33%\n"
        "MT205  doubled-word              0      1          1         0       100%\n"
        "total                            1      1          2         2        50%\n"
    )


def test_stats_of_several_files_are_summed(run, reviews):
    result = run("triage", "stats", "one.json", "two.json", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "rule,name,accepted,fixed,confirmed,rejected,precision\n"
        "MT101,stray-punctuation,1,0,1,2,0.3333\n"
        "MT102,space-before-punctuation,1,0,1,1,0.5\n"
        "MT205,doubled-word,1,1,2,0,1.0\n"
        "total,,3,1,4,3,0.5714\n"
    )


def test_stats_as_json(run, reviews):
    result = run("triage", "stats", "two.json", "--format", "json")
    data = json.loads(result.stdout)
    assert data["files"] == ["two.json"] and "mtqa_version" in data
    assert data["rules"] == [
        {
            "rule": "MT102",
            "name": "space-before-punctuation",
            "accepted": 1,
            "fixed": 0,
            "confirmed": 1,
            "rejected": 1,
            "precision": 0.5,
        },
        {
            "rule": "MT205",
            "name": "",
            "accepted": 1,
            "fixed": 0,
            "confirmed": 1,
            "rejected": 0,
            "precision": 1.0,
        },
    ]
    assert data["total"] == {
        "accepted": 2,
        "fixed": 0,
        "confirmed": 2,
        "rejected": 1,
        "precision": 0.6667,
    }


def test_stats_as_markdown_to_a_file(run, reviews, tmp_path):
    result = run("triage", "stats", "two.json", "--format", "markdown", "-o", "stats.md")
    assert (result.exit_code, result.stdout) == (0, "")
    assert (tmp_path / "stats.md").read_text(encoding="utf-8") == (
        "| rule | name | accepted | fixed | confirmed | rejected | precision |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n"
        "| MT102 | space-before-punctuation | 1 | 0 | 1 | 1 | 50% |\n"
        "| MT205 |  | 1 | 0 | 1 | 0 | 100% |\n"
        "| total |  | 2 | 0 | 2 | 1 | 67% |\n"
    )


def test_stats_never_overwrite_a_triage_file(run, reviews, tmp_path):
    before = (tmp_path / "one.json").read_text(encoding="utf-8")
    result = run("triage", "stats", "one.json", "-o", "one.json")
    assert result.exit_code == 2
    assert (
        result.stderr == "mtqa: error: one.json: is an input of this run; it would be overwritten\n"
    )
    assert (tmp_path / "one.json").read_text(encoding="utf-8") == before


def test_stats_of_no_decision(run, tmp_path):
    (tmp_path / "t.json").write_text(_file([]), encoding="utf-8")
    assert run("triage", "stats", "t.json").stdout == (
        "rule   name  accepted  fixed  confirmed  rejected  precision\n"
        "total               0      0          0         0          -\n"
    )
    assert json.loads(run("triage", "stats", "t.json", "--format", "json").stdout)["total"] == {
        "accepted": 0,
        "fixed": 0,
        "confirmed": 0,
        "rejected": 0,
        "precision": None,
    }


def test_stats_table_shape(tmp_path):
    (tmp_path / "t.json").write_text(_file(REVIEW_ONE), encoding="utf-8")
    table = stats(load_triage([str(tmp_path / "t.json")]))
    assert list(table.columns) == [
        "rule", "name", "accepted", "fixed", "confirmed", "rejected", "precision"
    ]  # fmt: skip
    assert table["rule"].tolist() == ["MT101", "MT205", "total"]
    assert table["confirmed"].tolist() == [1, 1, 2]


def test_stats_show_hostile_names_escaped_and_keep_them_in_data(run, tmp_path):
    """A rule name that holds an escape sequence or a bidi override would drive the
    terminal or reorder the table: escaped in text and Markdown, kept in CSV."""
    name = "red\x1b[31mX\u202eevil"
    (tmp_path / "t.json").write_text(_file([_with(name=name)]), encoding="utf-8")
    text = run("triage", "stats", "t.json").stdout
    assert "red\\x1b[31mX\\u202eevil" in text and "\x1b" not in text and "\u202e" not in text
    markdown = run("triage", "stats", "t.json", "--format", "markdown").stdout
    assert "red\\x1b[31mX\\u202eevil" in markdown
    csv = run("triage", "stats", "t.json", "--format", "csv").stdout
    assert name in csv
