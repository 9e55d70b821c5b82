"""Outputs can never destroy inputs (issue 14), for every command that writes files:
an output that is an input (by any name, link, or as standard input's file) is
refused, as are two outputs aimed at one file or both at standard output; ``-``
and ``/dev/stdout`` are standard output; devices and pipes are written directly."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

FLAWED = "Prices rose on on Monday. . The the market closed.\n"
ANNOTATIONS = [
    {"system": "A", "doc": "d", "seg_id": 1, "target": "The the market closed.", "errors": []},
    {"system": "B", "doc": "d", "seg_id": 1, "target": "The market closed.", "errors": []},
]
REF = "The market closed early.\nPrices rose on Monday.\nRain fell.\n"
SYS_A = "The market closed early.\nPrices rose on on Monday.\nRain fell.\n"
SYS_B = "The market shut early.\nPrices went up on Monday.\nIt rained.\n"
INPUT = "{}: is an input of this run; it would be overwritten"
ONE_FILE = "two outputs name one file: "
STDOUT2 = "two outputs go to standard output; give all but one a file (NAME:FILE)"
SRC = "市场提前收盘。\n周一物价上涨。\n下雨了。\n"


def _files(folder) -> dict:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _mtqa(tmp_path, *args: str, stdin=None) -> subprocess.CompletedProcess:
    """``python -m mtqa ARGS`` in its own process: real descriptors 0 and 1."""
    env = {k: v for k, v in os.environ.items() if k != "MTQA_LANGUAGETOOL_URL"}
    return subprocess.run(
        [sys.executable, "-m", "mtqa", *args],
        cwd=tmp_path,
        stdin=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture
def annotations(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in ANNOTATIONS) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--format", "json", "-o", "x.jsonl"], INPUT.format("x.jsonl")),
        (["--html", "x.jsonl"], INPUT.format("x.jsonl")),
        (["--html", "./x.jsonl", "-o", "r.json"], INPUT.format("x.jsonl")),
        (["--html", "same.out", "-o", "same.out"], "two outputs name one file: same.out"),
        (["--html", "-"], STDOUT2),
    ],
)  # fmt: skip
def test_eval_never_overwrites_the_annotations_or_writes_one_file_twice(
    run, tmp_path, annotations, args, error
):
    (tmp_path / "same.out").write_text("old\n", encoding="utf-8")
    before = _files(tmp_path)
    result = run("eval", "x.jsonl", *args)
    assert (result.exit_code, result.stderr) == (2, f"mtqa: error: {error.replace('./', '')}\n")
    assert result.stdout == ""
    assert _files(tmp_path) == before


def test_eval_writes_its_outputs_and_dash_is_stdout(run, tmp_path, annotations):
    result = run("eval", "x.jsonl", "--format", "json", "-o", "-", "--html", "e.html")
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert "<html" in (tmp_path / "e.html").read_text("utf-8").lower()
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--html", "ref.txt"], INPUT.format("ref.txt")),
        (["--format", "json", "-o", "b.txt"], INPUT.format("b.txt")),
        (["--source", "src.txt", "-o", "src.txt"], INPUT.format("src.txt")),
        (["--html", "link.txt"], INPUT.format("link.txt")),
        (["--html", "c.out", "-o", "./c.out"], "two outputs name one file: c.out"),
        (["--html", "-"], STDOUT2),
    ],
)  # fmt: skip
def test_compare_never_overwrites_a_system_the_reference_or_the_source(run, tmp_path, args, error):
    for name, text in (("ref.txt", REF), ("a.txt", SYS_A), ("b.txt", SYS_B), ("src.txt", SRC)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    os.symlink(tmp_path / "a.txt", tmp_path / "link.txt")
    before = _files(tmp_path)
    result = run("compare", "a.txt", "b.txt", "--reference", "ref.txt", "--samples", "10",
                 "--languagetool", "off", *args)  # fmt: skip
    assert (result.exit_code, result.stderr) == (2, f"mtqa: error: {error}\n")
    assert result.stdout == ""
    assert _files(tmp_path) == before


def test_compare_writes_json_and_a_page(run, tmp_path):
    for name, text in (("ref.txt", REF), ("a.txt", SYS_A), ("b.txt", SYS_B)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("compare", "a.txt", "b.txt", "--reference", "ref.txt", "--samples", "10",
                 "--languagetool", "off", "--format", "json", "--html", "c.html")  # fmt: skip
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert (tmp_path / "c.html").is_file()


@pytest.mark.parametrize("command", ["check", "baseline"])
def test_an_output_is_never_the_file_stdin_reads(tmp_path, command):
    (tmp_path / "in.txt").write_text(FLAWED, encoding="utf-8")
    output = ["--format", "json:in.txt"] if command == "check" else ["-o", "in.txt"]
    with open(tmp_path / "in.txt", "rb") as stdin:
        result = _mtqa(tmp_path, command, "-", "--languagetool", "off", *output, stdin=stdin)
    assert (result.returncode, result.stderr) == (
        2,
        "mtqa: error: in.txt: is an input of this run; it would be overwritten\n",
    )
    assert (tmp_path / "in.txt").read_text("utf-8") == FLAWED


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--report-dir", "rep", "--format", "json:rep/findings.csv"], ONE_FILE + "rep/findings.csv"),  # noqa: E501
        (["--format", "csv:rep/segments.csv", "--report-dir", "rep"], ONE_FILE + "rep/segments.csv"),  # noqa: E501
        (["--format", "json:-", "--format", "sarif:-"], STDOUT2),
        (["--format", "json:-", "--format", "text"], STDOUT2),
        (["--format", "json:/dev/stdout", "--format", "text"], STDOUT2),
        (["--format", "jsonl", "-o", "-", "--format", "concise"], STDOUT2),
    ],
)  # fmt: skip
def test_two_outputs_in_one_place_are_refused_before_anything_is_written(
    run, tmp_path, args, error
):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "rep").mkdir()
    (tmp_path / "rep" / "findings.csv").write_text("old\n", encoding="utf-8")
    before = _files(tmp_path)
    result = run("check", "a.txt", "--languagetool", "off", *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, f"mtqa: error: {error}\n", "")
    assert _files(tmp_path) == before


def test_one_output_to_stdout_beside_files_is_fine(run, tmp_path):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    result = run("check", "a.txt", "--languagetool", "off", "--format", "json:-",
                 "--format", "sarif:r.sarif", "--report-dir", "rep")  # fmt: skip
    assert result.exit_code == 1 and json.loads(result.stdout)["documents"]
    assert json.loads((tmp_path / "r.sarif").read_text("utf-8"))["runs"]
    assert sorted(p.name for p in (tmp_path / "rep").iterdir()) == [
        ".mtqa-report",
        "documents",
        "findings.csv",
        "index.html",
        "segments.csv",
    ]


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "-"])
def test_dev_stdout_is_standard_output_into_a_pipe_or_a_file(tmp_path, name):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    piped = _mtqa(tmp_path, "check", "a.txt", "--languagetool", "off", "--format", f"json:{name}")
    assert (piped.returncode, piped.stderr) == (1, "")
    assert json.loads(piped.stdout)["documents"][0]["path"] == "a.txt"
    with open(tmp_path / "out.json", "w") as out:  # > out.json: the shell's file is kept
        subprocess.run(
            [sys.executable, "-m", "mtqa", "check", "a.txt", "--languagetool", "off",
             "--format", f"json:{name}"],
            cwd=tmp_path, stdout=out, timeout=300,
        )  # fmt: skip
    assert json.loads((tmp_path / "out.json").read_text("utf-8"))["documents"]
    # the file stdout was sent to is taken: another output may not replace it
    with open(tmp_path / "out.json", "w") as out:
        refused = subprocess.run(
            [sys.executable, "-m", "mtqa", "check", "a.txt", "--languagetool", "off",
             "--format", f"json:{name}", "--format", "sarif:out.json"],
            cwd=tmp_path, stdout=out, stderr=subprocess.PIPE, text=True, timeout=300,
        )  # fmt: skip
    assert (refused.returncode, refused.stderr) == (
        2,
        "mtqa: error: two outputs name one file: out.json\n",
    )


def test_a_link_to_a_pipe_is_written_directly(tmp_path):
    """/dev/stderr resolves to /proc/PID/fd/2 and on to "pipe:[N]": no file can be made
    beside that; the link is written through instead."""
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    result = _mtqa(tmp_path, "check", "a.txt", "--languagetool", "off", "--format",
                   "json:/dev/stderr", "--format", "concise")  # fmt: skip
    assert result.returncode == 1 and json.loads(result.stderr)["documents"]
    assert "MT" in result.stdout
