"""Every output format: structure, escaping, determinism, several outputs per run."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from mtqa.writers.formats import FORMAT_NAMES

from .conftest import SAMPLE

TEXT = (
    "The county built new roads. . Farmers sell tea, 100% of it.\n\n"
    "The the villagers met, 50%, and it rained.\n"
)
CLEAN = "The county built new roads last year. Farmers now sell their tea in the city.\n"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "a,b%:c.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_sarif_has_the_structure_code_scanning_needs(run, files):
    """Checked field by field against SARIF 2.1.0's required properties (the schema
    itself cannot be fetched on the build machines)."""
    data = json.loads(run("check", "a,b%:c.txt", "--format", "sarif").stdout)
    assert data["version"] == "2.1.0" and data["$schema"].endswith("sarif-2.1.0.json")
    (sarif_run,) = data["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "mtqa" and driver["version"]
    ids = [r["id"] for r in driver["rules"]]
    assert "MT101" in ids and "MT205" in ids and len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert set(rule) >= {
            "id",
            "name",
            "shortDescription",
            "fullDescription",
            "help",
            "defaultConfiguration",
        }
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
        assert rule["shortDescription"]["text"] and rule["help"]["text"]
    results = sarif_run["results"]
    assert [r["ruleId"] for r in results] == ["MT101", "MT205"]
    # the run's state, as in the JSON summary
    props = sarif_run["properties"]
    assert props["encodings"] == {"utf-8": 1} and props["suppressed"] == 0
    assert props["skippedRules"]["MT707"] == "no glossary (give --glossary)"
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] in {"error", "warning", "note"} and r["message"]["text"]
        location = r["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "a,b%:c.txt"
        region = location["region"]
        assert all(
            isinstance(region[k], int) and region[k] >= 1
            for k in ("startLine", "startColumn", "endLine", "endColumn")
        )
        assert len(r["partialFingerprints"]["mtqa/v1"]) == 32
    first = results[0]["locations"][0]["physicalLocation"]["region"]
    assert (first["startLine"], first["startColumn"], first["endColumn"]) == (1, 27, 30)
    assert sarif_run["properties"]["ruleSet"] == sarif_run["automationDetails"]["id"][5:]


def test_junit_suites_cases_and_passing_documents(run, files):
    xml = run("check", "a,b%:c.txt", "clean.txt", "--format", "junit").stdout
    root = ET.fromstring(xml)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["a,b%:c.txt", "clean.txt"]
    assert [len(s.findall("testcase")) for s in suites] == [2, 1]
    assert suites[0].findall("testcase")[0].find("failure").get("type") == "minor"
    assert suites[1].find("testcase").find("failure") is None  # the passing document
    assert (root.get("tests"), root.get("failures")) == ("3", "2")
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert set(props) == {"mtqa.version", "mtqa.rule_set", "mtqa.run_signature"}
    assert props["mtqa.run_signature"].startswith("mtqa:")


def test_github_annotations_escape_and_rank_by_severity(run, files, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    # a doubled word made major, to rank it above the minor stray full stop
    args = ("check", "a,b%:c.txt", "--format", "github", "--severity", "MT205=major")
    out = run(*args).stdout.splitlines()
    assert out[0].startswith(
        "::error file=a%2Cb%25%3Ac.txt,line=3,col=1,endLine=3,endColumn=8,"
        "title=MT205 doubled-word [major]::Word doubled"
    )
    assert out[1].startswith("::warning file=a%2Cb%25%3Ac.txt,line=1,col=27,")
    assert out[2] == "::notice title=mtqa a%2Cb%25%3Ac.txt::score 32.9, 2 findings: failed"
    text = summary.read_text(encoding="utf-8")
    assert "## mtqa: ❌ failed" in text
    assert "| a,b%:c.txt | 32.9 | 0 | 1 | 1 | **fail** |" in text
    # an input that cannot be read fails the run: no summary that looks complete
    summary.unlink()
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 au lait\n")
    broken = run("check", "a,b%:c.txt", "bad.txt", "--format", "github", "--encoding", "utf-8")
    assert broken.exit_code == 2 and "bad.txt" in broken.stderr
    assert not summary.exists()


def test_github_escapes_newlines_and_percent_in_messages():
    from mtqa.writers.github import _data, _prop

    assert _data("50%\r\nnext") == "50%25%0D%0Anext"
    assert _prop("a:b,c") == "a%3Ab%2Cc"
    # an ESC [ of the text or a file name would drive the log viewer: written as an escape
    assert _data("seen \x1b[2K here\x07") == "seen \\x1b[2K here\\x07"
    assert _prop("a\x1b]0;b,c") == "a\\x1b]0;b%2Cc"


def test_github_annotations_and_summary_escape_control_characters(run, tmp_path, monkeypatch):
    name = "esc\x1b[31mred.txt"
    (tmp_path / name).write_text("The the committee met on Monday.\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = run("check", name, "--format", "github").stdout
    assert "\x1b" not in out
    assert out.splitlines()[0].startswith("::warning file=esc\\x1b[31mred.txt,line=1,col=1,")
    text = summary.read_text(encoding="utf-8")
    assert "\x1b" not in text and "| esc\\x1b[31mred.txt |" in text


def test_gitlab_code_quality(run, files):
    issues = json.loads(run("check", "a,b%:c.txt", "--format", "gitlab").stdout)
    assert [i["check_name"] for i in issues] == ["MT101 stray-punctuation", "MT205 doubled-word"]
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == "a,b%:c.txt"
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == 2


def test_jsonl_concise_grouped(run, files):
    lines = run("check", "a,b%:c.txt", "--format", "jsonl").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["rule"] for r in rows] == ["MT101", "MT205"]
    assert all(r["path"] == "a,b%:c.txt" and r["mtqa_version"] and r["rule_set"] for r in rows)
    concise = run("check", "a,b%:c.txt", "--format", "concise").stdout.splitlines()
    assert concise == [
        "a,b%:c.txt:1:27: MT101 Stray punctuation '. .'",
        "a,b%:c.txt:3:1: MT205 Word doubled: 'The the'",
        "Found 2 findings in 1 document (1 failed).",
    ]
    grouped = run("check", "a,b%:c.txt", "clean.txt", "--format", "grouped").stdout
    assert grouped.startswith("a,b%:c.txt\n  1:27 MT101 [minor] Stray punctuation '. .'")
    assert "clean.txt: PASS score 100.0" in grouped


def test_several_outputs_in_one_run(run, files):
    result = run(
        "check",
        "a,b%:c.txt",
        "--format",
        "sarif:out/a.sarif",
        "--format",
        "text",
        "--format",
        "junit:out/j.xml",
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("a,b%:c.txt:1:27: MT101")
    assert json.loads((files / "out" / "a.sarif").read_text("utf-8"))["version"] == "2.1.0"
    ET.fromstring((files / "out" / "j.xml").read_text("utf-8"))
    result = run("check", "a,b%:c.txt", "--format", "json", "--output-file", "r.json")
    assert result.stdout == "" and json.loads((files / "r.json").read_text("utf-8"))


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_every_format_is_byte_identical_across_runs(run, tmp_path, fmt):
    (tmp_path / "s.txt").write_text(SAMPLE.read_text("utf-8"), encoding="utf-8")
    first = run("check", "s.txt", "--format", fmt).stdout
    assert first and first == run("check", "s.txt", "--format", fmt).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "unknown format 'xml'"),
        (["--format", "html"], "unknown format 'html' (choose from"),
        (["--format", "html"], "; the HTML report: --report-dir DIR)"),
        (["--format", "json", "--format", "text", "-o", "x"], "--output-file needs exactly one"),
        (["--format", "sarif:"], "no file name after ':'"),
        (
            ["--format", "json:clean.txt/r/r.json"],
            "cannot write clean.txt/r/r.json: clean.txt is a file, not a folder",
        ),
    ],
)
def test_output_errors_exit_2_and_write_nothing(run, files, args, message):
    result = run("check", "a,b%:c.txt", *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in files.iterdir()) == ["a,b%:c.txt", "clean.txt"]


# --- outputs stay safe whatever the input holds (issue 14, item 10) ------------------


def test_csv_cells_that_a_spreadsheet_would_run_stay_text(run, tmp_path):
    (tmp_path / "=cmd.txt").write_text("Prices rose. . Then it fell.\n", encoding="utf-8")
    result = run("check", "=cmd.txt", "--format", "csv", "--report-dir", "rd")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["path"] == "'=cmd.txt" and rows[0]["text"] == ". ."
    assert float(rows[0]["end_column"]) > 0  # numbers stay numbers
    segments = (tmp_path / "rd" / "segments.csv").read_text("utf-8")
    assert "\n'=cmd.txt," in segments and "\n=cmd.txt," not in segments


def test_junit_stays_well_formed_with_control_characters(run, tmp_path):
    (tmp_path / "a\x01.txt").write_text("Prices rose. . Then it fell.\n", encoding="utf-8")
    out = run("check", "a\x01.txt", "--format", "junit").stdout
    ET.fromstring(out.split("\n", 1)[1])  # parses: well-formed XML 1.0
    assert "\\x01" in out and "\x01" not in out


def test_terminal_output_escapes_control_sequences_from_file_names(run, tmp_path):
    name = "a\x1b]0;owned\x07.txt"
    (tmp_path / name).write_text("Prices rose. . Then it fell.\n", encoding="utf-8")
    for fmt in ("text", "concise", "grouped"):
        out = run("check", name, "--format", fmt, "--no-color").stdout
        assert "\x1b" not in out and "\x07" not in out
        assert "a\\x1b]0;owned\\x07.txt" in out


def test_errors_and_notes_keep_a_file_name_with_a_newline_on_one_line(run, tmp_path):
    bad = "a\nb\x1b[31m.xlf"
    (tmp_path / bad).write_text("<xliff><bad", encoding="utf-8")
    result = run("check", bad)
    assert result.exit_code == 2
    assert result.stderr == (
        "mtqa: error: a\\nb\\x1b[31m.xlf: line 1, column 8: malformed XML (unclosed token)\n"
    )
    big = "big\nfile.txt"  # over 1 MiB: checked a chunk at a time, with a note
    (tmp_path / big).write_text("Prices rose in the spring.\n\n" * 40_000, encoding="utf-8")
    result = run("check", big, "--format", "json:out.json", "--exit-zero")
    assert result.exit_code == 0
    note = next(line for line in result.stderr.splitlines() if "chunk at a time" in line)
    assert note.startswith("mtqa: note: big\\nfile.txt (1.1 MiB): checked a chunk at a time")
    fixable = "c\n\x07d.txt"  # (click's test runner drops ESC sequences: a BEL here)
    (tmp_path / fixable).write_text("Prices rose , then fell.\n", encoding="utf-8")
    result = run("fix", fixable, "--diff")
    assert result.stdout.startswith("--- a/c\\n\\x07d.txt\n+++ b/c\\n\\x07d.txt\n")
    assert result.stderr.splitlines()[0] == "c\\n\\x07d.txt: would fix 1 (MT102 ×1)"
    annotations = "e\n\x07f.jsonl"
    (tmp_path / annotations).write_text(
        '{"target": "The cat sat.", "errors": []}\nnot json\n', encoding="utf-8"
    )
    result = run("eval", annotations, "--format", "json")
    assert "mtqa: skipped e\\n\\x07f.jsonl:2: not valid JSON" in result.stderr
    assert "\x07" not in result.stderr
