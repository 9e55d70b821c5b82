"""Baselines, suppressions, per-file ignores and --changed-since."""

from __future__ import annotations

import json
import subprocess

import pytest

OLD = (
    "The county built new roads. . Farmers sell tea in the city.\n\n"
    "The the villagers met in the hall and voted for the plan.\n\n"
    "Officials said the bridge opened in May,and traffic doubled.\n"
)


def findings(result) -> list[tuple[str, str]]:
    return [
        (f["rule"], f["text"])
        for d in json.loads(result.stdout)["documents"]
        for f in d["findings"]
    ]


def test_baseline_reports_only_new_findings_and_what_was_fixed(run, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text(OLD, encoding="utf-8")
    recorded = run("baseline", "a.txt", "-o", "base.json")
    assert recorded.exit_code == 0 and "recorded 3 findings" in recorded.stderr
    assert run("check", "a.txt", "--baseline", "base.json").exit_code == 0

    new = (
        "A new title line\n\nAn added paragraph about the weather in spring and summer.\n\n"
        + OLD.replace("The the villagers", "The villagers")  # fix one artifact
        + "\nPrices rose on on Monday.\n"  # add a new one
    )
    doc.write_text(new, encoding="utf-8")
    # one new finding is too few to judge the text by its score: gate on its severity
    result = run(
        "check", "a.txt", "--baseline", "base.json", "--format", "json", "--fail-on", "minor"
    )
    assert result.exit_code == 1
    assert findings(result) == [("MT205", "on on")]
    baseline = json.loads(result.stdout)["summary"]["baseline"]
    assert baseline["matched"] == 2
    assert baseline["fixed"] == [{"path": "a.txt", "rule": "MT205", "text": "The the"}]
    text = run("check", "a.txt", "--baseline", "base.json", "--fail-on", "minor").stdout
    assert "fixed since the baseline: 1 finding" in text and "MT205 'The the'" in text
    assert "a.txt: FAIL" in text and "2 in baseline" in text


def test_baseline_counts_repeated_findings(run, tmp_path):
    (tmp_path / "a.txt").write_text("It rose. . Fell.\n", encoding="utf-8")
    run("baseline", "a.txt", "-o", "b.json")
    (tmp_path / "a.txt").write_text("It rose. . Fell.\n\nIt rose. . Fell.\n", encoding="utf-8")
    result = run("check", "a.txt", "--baseline", "b.json", "--format", "json")
    assert findings(result) == [("MT101", ". .")]  # one of the two is in the baseline


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "base.json: baseline file does not exist"),
        ("{broken", "base.json: not a readable baseline file"),
        ('{"format": "other"}', "base.json: not an mtqa baseline file"),
        (
            '{"format": "mtqa-baseline", "version": 99, "findings": []}',
            "baseline format version 99 is not supported",
        ),
    ],
)
def test_bad_baseline_is_one_line_exit_2_and_no_output(run, tmp_path, content, message):
    (tmp_path / "a.txt").write_text(OLD, encoding="utf-8")
    if content is not None:
        (tmp_path / "base.json").write_text(content, encoding="utf-8")
    result = run("check", "a.txt", "--baseline", "base.json", "--format", "sarif:out.sarif")
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.sarif").exists()


MARKDOWN = """# Notes

<!-- mtqa: ignore MT205 -->
The the first paragraph is silenced for doubled words. . Not for punctuation.

The the second paragraph is not silenced.

<!-- mtqa: disable MT1 -->
It rose. . Fell.

It rose again. . Fell again.
<!-- mtqa: enable MT1 -->

It rose at last. . Fell at last.

<!-- mtqa: ignore MT403 -->
Nothing to see here.
"""


def test_inline_suppressions_and_unused_ones(run, tmp_path):
    (tmp_path / "a.md").write_text(MARKDOWN, encoding="utf-8")
    result = run("check", "a.md", "--format", "json")
    data = json.loads(result.stdout)["documents"][0]
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [
        ("MT101", 4),
        ("MT205", 6),
        ("MT101", 14),
    ]
    assert data["unused_suppressions"] == [{"line": 16, "directive": "ignore MT403"}]
    text = run("check", "a.md").stdout
    assert "a.md:16: unused suppression 'ignore MT403': it suppressed nothing" in text
    # the formats a CI log or an editor reads say it too, at its line
    concise = run("check", "a.md", "--format", "concise").stdout.splitlines()
    assert "a.md:16:1: unused suppression 'ignore MT403': it suppressed nothing" in concise
    github = run("check", "a.md", "--format", "github").stdout.splitlines()
    assert (
        "::notice file=a.md,line=16,title=mtqa unused suppression::"
        "unused suppression 'ignore MT403': it suppressed nothing"
    ) in github


def test_per_file_ignores_from_config(run, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(
        '[per-file-ignores]\n"docs/*" = ["MT2", "missing-space-after-punctuation"]\n',
        encoding="utf-8",
    )
    data = json.loads(run("check", "docs", "b.txt", "--format", "json").stdout)
    rules = {d["path"]: [f["rule"] for f in d["findings"]] for d in data["documents"]}
    assert rules == {"docs/a.txt": ["MT101"], "b.txt": ["MT101", "MT205", "MT103"]}


def git(cwd, *args):
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "PATH": "/usr/bin:/bin:/usr/local/bin",
            "HOME": str(cwd),
        },
    )


def test_changed_since_checks_only_added_and_modified_files(run, tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    for name in ("same.txt", "edited.txt", "gone.txt"):
        (tmp_path / name).write_text(OLD, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    (tmp_path / "edited.txt").write_text(OLD + "\nMore text here.\n", encoding="utf-8")
    (tmp_path / "new.md").write_text("# New\n\nThe the end.\n", encoding="utf-8")
    (tmp_path / "new.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "gone.txt").unlink()
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "change")
    data = json.loads(run("check", "--changed-since", "HEAD~1", "--format", "json").stdout)
    assert [d["path"] for d in data["documents"]] == ["edited.txt", "new.md"]
    result = run("check", "--changed-since", "HEAD", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["documents"] == []
    bad = run("check", "--changed-since", "no-such-ref")
    assert bad.exit_code == 2 and "unknown git revision 'no-such-ref'" in bad.stderr


def test_changed_since_outside_git(run, tmp_path):
    result = run("check", "--changed-since", "HEAD")
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr


def test_inline_suppressions_in_html(run, tmp_path):
    (tmp_path / "a.html").write_text(
        "<article><!-- mtqa: ignore MT205 --><p>The the plan. . Went on.</p>"
        "<p>The the second.</p><!-- mtqa: ignore MT403 --><p>Nothing here.</p></article>",
        encoding="utf-8",
    )
    data = json.loads(run("check", "a.html", "--format", "json").stdout)["documents"][0]
    assert [(f["rule"], f["segment"]) for f in data["findings"]] == [("MT101", 1), ("MT205", 2)]
    assert data["unused_suppressions"] == [{"line": 1, "directive": "ignore MT403"}]


@pytest.mark.parametrize(
    "options",
    [(), ("--fail-on", "minor"), ("--fail-under", "10"), ("--max-penalty-per-kw", "1"),
     ("--fail-on", "major", "--fail-under", "0")],
)  # fmt: skip
def test_streaming_and_batch_runs_give_the_same_verdict(run, tmp_path, options):
    row = (
        "The county built new roads. . Farmers sell tea in the city, which has grown fast "
        "in the last ten years while more people came from the hills to work in its shops, "
        "its schools and its new clinic, and the old market by the river was rebuilt."
    )
    (tmp_path / "t.tsv").write_text(f"id\ttarget\n1\t{row}\n", encoding="utf-8")
    batch = run("check", "t.tsv", "--languagetool", "off", *options)
    stream = run("check", "t.tsv", "--languagetool", "off", "--stream", *options)
    assert batch.exit_code == stream.exit_code
    verdict = "FAIL" if batch.exit_code else "PASS"
    assert f"t.tsv: {verdict} score" in batch.stdout
    # one gate and one writer: a file of one chunk reads the same either way
    assert stream.stdout == batch.stdout


@pytest.mark.parametrize("spelling", ["a.txt", "./a.txt", "sub/../a.txt", "ABSOLUTE"])
def test_baseline_matches_however_the_path_is_spelled(run, tmp_path, spelling):
    (tmp_path / "a.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert run("baseline", "./a.txt", "-o", "base.json").exit_code == 0
    name = str(tmp_path / "a.txt") if spelling == "ABSOLUTE" else spelling
    result = run("check", name, "--baseline", "base.json", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["baseline"]["matched"] == 3
    assert "records none of the files" not in result.stderr


def test_a_baseline_of_other_files_says_so(run, tmp_path):
    (tmp_path / "a.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OLD, encoding="utf-8")
    run("baseline", "a.txt", "-o", "base.json")
    result = run("check", "b.txt", "--baseline", "base.json")
    assert "the baseline base.json records none of the files checked" in result.stderr
