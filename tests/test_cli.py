"""End-to-end runs of the mtqa command: outputs, gate exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from .conftest import ROOT, SAMPLE

CLEAN = "The county built new roads last year. Farmers now sell their tea in the city.\n"
FLAWED = "The county built new roads. . Farmers now sell their tea in the city.\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_file_passes_with_exit_0(run, tmp_path):
    write(tmp_path, "a.txt", CLEAN)
    result = run("check", "a.txt")
    assert result.exit_code == 0
    assert result.stdout.strip() == (
        "a.txt: PASS score 100.0 (raw 100.0; 0 findings, penalty 0 over 15 words)"
    )


def test_finding_line_format_and_failing_gate(run, tmp_path):
    write(tmp_path, "a.txt", FLAWED)
    result = run("check", "a.txt")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first == "a.txt:1:27: MT101 [minor] Stray punctuation '. .' (suggestion: '.')"
    assert "a.txt: FAIL score 53.3 (raw 23.1; 1 finding, penalty 1 over 13 words)" in result.stdout


def test_exit_zero_fail_under_and_fail_on(run, tmp_path):
    write(tmp_path, "a.txt", FLAWED)
    assert run("check", "a.txt", "--exit-zero").exit_code == 0
    # 1 minor point over 13 words: calibrated score 53.3 (raw 23.1), and one finding
    # in 13 words is more than chance at the tolerance (confidence 0.96)
    assert run("check", "a.txt", "--fail-under", "53").exit_code == 0
    assert run("check", "a.txt", "--fail-under", "53.3").exit_code == 1
    assert run("check", "a.txt", "--fail-under", "20", "--fail-on", "minor").exit_code == 1
    assert run("check", "a.txt", "--fail-under", "20", "--fail-on", "major").exit_code == 0
    # the raw MQM rate: 76.9 points per 1,000 words
    assert run("check", "a.txt", "--fail-under", "0", "--max-penalty-per-kw", "80").exit_code == 0
    assert run("check", "a.txt", "--fail-under", "0", "--max-penalty-per-kw", "70").exit_code == 1


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--fail-under", "101"),
        ("--fail-under", "-5"),
        ("--fail-under", "nan"),
        ("--max-penalty-per-kw", "-1"),
        ("--max-penalty-per-kw", "inf"),
        ("--fail-on", "severe"),
    ],
)
def test_gate_values_out_of_range_are_refused(run, tmp_path, option, value):
    write(tmp_path, "a.txt", FLAWED)
    result = run("check", "a.txt", option, value)
    assert result.exit_code == 2
    assert option in result.output


def test_gate_that_cannot_fail_is_an_error(run, tmp_path):
    write(tmp_path, "a.txt", FLAWED)
    result = run("check", "a.txt", "--select", "MT701")  # needs a source: none here
    assert result.exit_code == 2
    assert "no selected rule could run on these inputs (no source text)" in result.output
    assert "the gate cannot fail" in result.output
    assert run("check", "a.txt", "--select", "MT701", "--exit-zero").exit_code == 0
    nothing = run("check", "a.txt", "--ignore", "ALL")
    assert nothing.exit_code == 2 and "no rule is selected" in nothing.stderr


def test_stream_summary_says_too_short_to_judge(run, tmp_path):
    row = (
        "The county built new roads. . Farmers sell tea in the city, which has grown fast "
        "in the last ten years while more people came from the hills to work in its shops, "
        "its schools and its new clinic, and the old market by the river was rebuilt."
    )
    write(tmp_path, "t.tsv", f"id\ttarget\n1\t{row}\n")
    out = run("check", "t.tsv", "--stream", "--languagetool", "off")
    assert out.exit_code == 0
    assert "t.tsv: PASS score" in out.stdout and "too short to judge (confidence" in out.stdout


def test_json_output_follows_the_contract(run, tmp_path):
    write(tmp_path, "a.txt", "Title\n\n" + FLAWED)
    result = run("check", "a.txt", "--format", "json", "--languagetool", "off")
    data = json.loads(result.stdout)
    assert data["version"] == 2
    (doc,) = data["documents"]
    assert doc["path"] == "a.txt" and doc["passed"] is False
    assert set(doc) >= {"path", "words", "penalty", "score", "passed", "segments", "findings"}
    assert doc["segments"][1] == {
        "index": 2,
        "line": 3,
        "words": 13,
        "penalty": 1.0,
        "score": 53.26,
        "raw_score": 23.08,
        "tolerance": 0.0408,
        "confidence": 0.96,
        "band": "minor issues",
    }
    (f,) = doc["findings"]
    assert f == {
        "rule": "MT101",
        "name": "stray-punctuation",
        "category": "Fluency/Punctuation",
        "severity": "minor",
        "segment": 2,
        "start": 26,
        "end": 29,
        "line": 3,
        "column": 27,
        "text": ". .",
        "message": "Stray punctuation '. .'",
        "suggestion": ".",
        "end_line": 3,
        "end_column": 30,
        "source_rule": None,
    }
    assert data["summary"] == {
        "documents": 1,
        "words": 14,
        "penalty": 1.0,
        "score": 54.23,
        "raw_score": 28.57,
        "tolerance": 0.0437,
        "confidence": 0.9572,
        "band": "minor issues",
        "findings": 1,
        "threshold": 90.0,
        "passed": False,
        "failed": 1,
        "suppressed": 0,
        "encodings": {"utf-8": 1},
        "skipped_rules": {
            **dict.fromkeys(["MT701", "MT702", "MT705", "MT706"], "no source text"),
            "MT707": "no glossary (give --glossary)",
            **dict.fromkeys(["MT801", "MT802", "MT803", "MT804"], "LanguageTool is off"),
        },
    }


def test_csv_output_one_finding_a_row(run, tmp_path):
    write(tmp_path, "a.txt", FLAWED + "\nThe the end came.\n")
    result = run("check", "a.txt", "--format", "csv")
    from io import StringIO

    frame = pd.read_csv(StringIO(result.stdout))
    assert list(frame.rule) == ["MT101", "MT205"]
    assert list(frame.columns[:3]) == ["path", "rule", "name"]


def test_report_dir_writes_pages_and_tables(run, tmp_path):
    write(tmp_path, "a.txt", FLAWED)
    result = run("check", "a.txt", "--report-dir", "out", "--exit-zero")
    assert result.exit_code == 0
    segments = pd.read_csv(tmp_path / "out" / "segments.csv")
    assert list(segments.columns) == [
        "path", "index", "line", "column", "words", "penalty", "score", "raw_score", "band",
        "confidence", "findings", "text", "source", "reference", "chrf", "mtqa_version",
        "rule_set", "run_signature",
    ]  # fmt: skip
    assert segments.loc[0, "run_signature"].startswith("mtqa:")
    assert segments.loc[0, "findings"] == 1 and segments.loc[0, "penalty"] == 1.0
    assert segments.loc[0, "band"] == "minor issues" and segments.loc[0, "raw_score"] == 23.08
    findings = pd.read_csv(tmp_path / "out" / "findings.csv")
    assert findings.loc[0, "text"] == ". ."
    pages = list((tmp_path / "out" / "documents").iterdir())
    assert [p.name for p in pages] == ["0001-a-txt.html"]
    html = pages[0].read_text(encoding="utf-8")
    assert '<mark class="hl minor" data-f="f1" tabindex="0">. .</mark>' in html
    assert '<span class="band">minor issues</span>' in html
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<a class="doc-link" href="documents/0001-a-txt.html"><bdi>a.txt</bdi></a>' in index
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_output_file_and_stdin(run, tmp_path):
    result = run("check", "-", "--format", "json", "-o", "r.json", input=FLAWED)
    assert result.exit_code == 1 and result.stdout == ""
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["documents"][0]["path"] == "-"
    assert data["documents"][0]["findings"][0]["rule"] == "MT101"


def test_directory_recursion_with_include_and_exclude(run, tmp_path):
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    write(tmp_path, "docs/a.txt", CLEAN)
    write(tmp_path, "docs/sub/b.md", "# Title\n\n" + FLAWED)
    write(tmp_path, "docs/sub/c.txt", FLAWED)
    write(tmp_path, "docs/notes.rst", FLAWED)
    result = run("check", "docs", "--exclude", "c.txt", "--format", "json")
    paths = [d["path"] for d in json.loads(result.stdout)["documents"]]
    assert paths == ["docs/a.txt", "docs/sub/b.md"]
    result = run("check", "docs", "--include", "*.rst", "--format", "json")
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == ["docs/notes.rst"]


def test_select_ignore_and_severity_override(run, tmp_path):
    write(tmp_path, "a.txt", FLAWED + "\nThe the end came.\n")
    out = run("check", "a.txt", "--select", "MT2", "--format", "json").stdout
    assert [f["rule"] for f in json.loads(out)["documents"][0]["findings"]] == ["MT205"]
    out = run("check", "a.txt", "--ignore", "doubled-word,Fluency/Punctuation", "--format", "json")
    assert json.loads(out.stdout)["documents"][0]["findings"] == []
    out = run("check", "a.txt", "--severity", "MT205=critical", "--format", "json").stdout
    sev = {f["rule"]: f["severity"] for f in json.loads(out)["documents"][0]["findings"]}
    assert sev == {"MT101": "minor", "MT205": "critical"}


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["check", "missing.txt"], "missing.txt: no such file or directory"),
        ("empty", ["check", "empty.txt"], "empty.txt: empty file, nothing to check"),
        ("binary", ["check", "bin.txt"], "bin.txt: binary file (contains NUL bytes), not text"),
        (
            "latin1",
            ["check", "latin.txt", "--encoding=utf-8"],
            "latin.txt: not valid utf-8 on line 1 (b",
        ),
        ("emptydir", ["check", "nothing"], "nothing: no files to check"),
        # every path that does not exist, at once
        (
            None,
            ["check", "gone.txt", "a.txt", "x, y"],
            "no such files or directories: 'gone.txt', 'x, y'",
        ),
        (
            None,
            ["check", "-", "--select", "MT999"],
            "error: --select: unknown rule code, name or category 'MT999'",
        ),
        (None, ["check", "--bogus", "x"], "No such option '--bogus'"),
        ("badconfig", ["check", "a.txt"], "mtqa.toml: not valid TOML"),
        ("unknownkey", ["check", "a.txt"], "unknown setting 'colour'"),
        # a selector of the file names the file; one of the command line does not
        ("unknownrule", ["check", "a.txt"], "mtqa.toml: ignore: unknown rule code, name"),
        ("unknownrule", ["check", "a.txt", "--ignore", "MT997"], "error: --ignore: unknown rule"),
        (
            "unknownglobrule",
            ["check", "a.txt"],
            """mtqa.toml: per-file-ignores."*.md": unknown rule code, name or category 'NOPE'""",
        ),
        (None, ["explain", "MT999"], "unknown rule 'MT999'"),
        # stdin is read once: named twice it would be checked once, then found empty
        (None, ["check", "-", "-"], "- (stdin) is given 2 times: stdin can be read once"),
        (None, ["check", "--source", "-", "-"], "- (stdin) is given 2 times"),
        ("links", ["check", "loop1"], "loop1: cannot read: Too many levels of symbolic links"),
        (
            "links",
            ["check", "dangling"],
            "dangling: a symbolic link to 'gone', which leads to no file",
        ),
        (None, ["check", "-", "--severity", "MT999=major"], "error: --severity: unknown rule"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, monkeypatch, setup, args, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.txt", CLEAN)
    if setup == "empty":
        write(tmp_path, "empty.txt", "  \n")
    elif setup == "binary":
        (tmp_path / "bin.txt").write_bytes(b"\x89PNG\x00\x00data")
    elif setup == "latin1":
        (tmp_path / "latin.txt").write_bytes("caf\u00e9 au lait".encode("latin-1"))
    elif setup == "emptydir":
        (tmp_path / "nothing").mkdir()
    elif setup == "badconfig":
        write(tmp_path, "mtqa.toml", "select = [\n")
    elif setup == "unknownkey":
        write(tmp_path, "mtqa.toml", "colour = true\n")
    elif setup == "unknownrule":
        write(tmp_path, "mtqa.toml", 'ignore = ["MT999"]\n' if len(args) == 2 else "")
    elif setup == "links":
        (tmp_path / "loop1").symlink_to("loop2")
        (tmp_path / "loop2").symlink_to("loop1")
        (tmp_path / "dangling").symlink_to("gone")
    elif setup == "unknownglobrule":
        write(tmp_path, "mtqa.toml", '[per-file-ignores]\n"*.md" = ["NOPE"]\n')
    proc = subprocess.run(
        [sys.executable, "-m", "mtqa", *args],
        capture_output=True,
        text=True,
        input=CLEAN,
        cwd=tmp_path,
    )
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_file_among_good_ones_still_reports_the_good_ones(run, tmp_path):
    write(tmp_path, "a.txt", FLAWED)
    write(tmp_path, "empty.txt", "")
    result = run("check", "a.txt", "empty.txt")
    assert result.exit_code == 2
    assert "a.txt: FAIL score" in result.stdout and "empty.txt: empty file" in result.stderr
    # a whole-run report would look complete: it is not printed (all or nothing), and
    # the run says so
    held = run("check", "a.txt", "empty.txt", "--format", "json")
    assert held.stdout == ""
    assert (
        "mtqa: note: no report written (standard output): 1 input could not be read, "
        "and a report holds every input or none"
    ) in held.stderr.splitlines()
    filed = run("check", "a.txt", "empty.txt", "--format", "json:r.json", "--format", "csv:r.csv")
    assert "mtqa: note: no report written (r.json, r.csv): 1 input" in filed.stderr
    assert not (tmp_path / "r.json").exists() and not (tmp_path / "r.csv").exists()


def test_rules_listing_and_explain(run):
    table = run("rules").stdout.splitlines()
    assert table[0].split() == ["code", "name", "category", "severity", "fix", "status"]
    assert any(line.startswith("MT101   stray-punctuation") for line in table)
    row = next(line for line in table if line.startswith("MT201"))
    assert row.split()[-2:] == ["never", "default"]
    assert next(line for line in table if line.startswith("MT202")).split()[-3:] == [
        "always",
        "(unsafe)",
        "default",
    ]
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert {r["code"] for r in rows} >= {"MT101", "MT301", "MT501", "MT607"}
    mt608 = next(r for r in rows if r["code"] == "MT608")
    assert (mt608["fix"], mt608["fix_safe"], mt608["kinds"]) == (
        "always",
        False,
        ["navigation", "related", "comments"],
    )
    assert mt608["flags"][1]["flagged"] == "Ten cheap flights"
    assert mt608["flags"][1]["suggestion"] == ""
    assert next(r for r in rows if r["code"] == "MT706")["needs"] == ["source", "glossary"]
    text = run("explain", "MT301").output
    assert text.startswith("MT301 pinyin-reduplication\ncategory: Accuracy/Untranslated\n")
    assert "-> 'Qie Qie', no suggestion" in text
    assert "fix: not available" in text and "segment kinds: every kind" in text
    assert "Known exceptions (not flagged):\n  - given names" in text
    text = run("explain", "doubled-word").output
    assert text.startswith("MT205 doubled-word")
    assert "fix: always available, safe\n" in text and "languages: en\n" in text
    assert "-> 'The the', suggestion: 'The'" in text
    assert "needs: the source text, a glossary" in run("explain", "MT706").output


def test_the_rules_page_is_generated_from_the_metadata(run):
    # docs/rules.md is `mtqa rules --format markdown`: regenerate it when a rule changes
    from mtqa.registry import load_rules
    from mtqa.rulesdoc import markdown

    page = markdown(load_rules().rules)
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == page, "docs/rules.md is stale: mtqa rules --format markdown > docs/rules.md"
    assert run("rules", "--format", "markdown").stdout == page
    assert "| [MT205](#mt205-doubled-word) | doubled-word | Fluency/Grammar | minor |" in page


def test_sample_article_end_to_end(run, tmp_path):
    result = run("check", str(SAMPLE), "--format", "json")
    assert result.exit_code == 1
    rules = {f["rule"] for f in json.loads(result.stdout)["documents"][0]["findings"]}
    families = {"MT1", "MT2", "MT3", "MT4", "MT5", "MT6"}
    assert {r[:3] for r in rules} == families


def test_sample_reports_are_up_to_date(tmp_path, monkeypatch):
    """reports/ is regenerated by the README's command; stale samples fail here."""
    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mtqa",
            "check",
            "examples/sample-article.txt",
            "--format",
            "json",
            "-o",
            str(out),
            "--exit-zero",
            "--isolated",
            "--languagetool",
            "off",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text("utf-8")) == json.loads(
        (ROOT / "reports" / "report.json").read_text("utf-8")
    )


def test_quiet_says_nothing_but_errors_and_warnings(run, tmp_path):
    """--quiet leaves out the notes (LanguageTool skipped, rules that did not run),
    not an error, nor the note that a report was not written."""
    write(tmp_path, "a.txt", FLAWED)
    loud = run("check", "a.txt", "--target-lang", "fr")
    assert "mtqa: note: LanguageTool rules" in loud.stderr and "did not run" in loud.stderr
    assert run("check", "a.txt", "--target-lang", "fr", "-q").stderr == ""
    write(tmp_path, "empty.txt", "")
    failed = run("check", "a.txt", "empty.txt", "-q", "--format", "json")
    assert failed.stderr.splitlines() == [
        "mtqa: error: empty.txt: empty file, nothing to check",
        "mtqa: note: no report written (standard output): 1 input could not be read, "
        "and a report holds every input or none",
    ]
