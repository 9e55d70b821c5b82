"""A table or JSON Lines file of many documents: ``--columns document=NAME``."""

from __future__ import annotations

import json

import pytest

SAID = "The county opened two new schools for the children of the valley this spring."
# British in one document, American in another: a spelling variant (MT402) only when
# the two are one document
BRITISH = "The colour of the sky was grey that morning."
AMERICAN = "The color of the hills was brown."


def _rows(tmp_path, rows: list[dict[str, str]], name: str = "rows.jsonl") -> str:
    (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return name


def _documents(result) -> list[tuple[str, float, list[tuple[str, int, int]]]]:
    data = json.loads(result.stdout)
    return [
        (d["path"], d["score"], [(f["rule"], f["line"], f["segment"]) for f in d["findings"]])
        for d in data["documents"]
    ]


ROWS = [
    {"doc": "a", "target": BRITISH},
    {"doc": "a", "target": "The the plan was approved."},
    {"doc": "b", "target": AMERICAN},
    {"doc": "b", "target": "It rained in May ."},
]


def test_rows_of_one_value_are_one_document_scored_on_its_own(run, tmp_path):
    """Each document is named FILE#VALUE, its segments numbered from 1, findings on
    the file's lines; British spelling in one document and American in another is
    no variant (MT402), which it is in the file read as one document."""
    name = _rows(tmp_path, ROWS)
    grouped = _documents(run("check", name, "--columns", "document=doc", "--format", "json"))
    assert [(path, found) for path, _, found in grouped] == [
        ("rows.jsonl#a", [("MT205", 2, 2)]),
        ("rows.jsonl#b", [("MT102", 4, 2)]),
    ]
    assert grouped[0][1] != grouped[1][1]  # scored each over its own words
    whole = _documents(run("check", name, "--format", "json"))
    assert [d[0] for d in whole] == ["rows.jsonl"]
    assert ("MT402", 3, 3) in whole[0][2]


@pytest.mark.parametrize("args", [["--stream", "--jobs", "1"], ["--stream", "--jobs", "2"],
                                  ["--no-stream", "--jobs", "2"]])  # fmt: skip
def test_streamed_and_in_workers_the_documents_are_the_same(run, tmp_path, args):
    """Streamed (a chunk a document) and in worker processes, the same documents,
    findings and scores as the file read whole in one process."""
    rows = [{"doc": f"d{k // 40}", "target": f"{SAID[:-1]} number {k}. The the end."}
            for k in range(400)]  # fmt: skip
    # over 1 MiB in all: workers start (a smaller input is checked in-process)
    filler = "of the county's report on the roads, said the officials on Monday ."
    rows += [{"doc": "d9", "target": f"Row {k} {filler}"} for k in range(12000)]
    name = _rows(tmp_path, rows)
    assert (tmp_path / name).stat().st_size > 1 << 20
    base = ["check", name, "--columns", "document=doc", "--format", "json", "--exit-zero"]
    expected = _documents(run(*base, "--no-stream", "--jobs", "1"))
    assert [d[0] for d in expected] == [f"rows.jsonl#d{k}" for k in range(10)]
    assert _documents(run(*base, *args)) == expected


def test_a_streamed_document_whose_rows_do_not_stand_together_is_refused(run, tmp_path):
    """Streamed, a document is read whole, so its rows must be together: one that
    comes back after another is refused naming both lines; read whole, its rows
    are grouped wherever they stand."""
    name = _rows(tmp_path, [ROWS[0], ROWS[2], ROWS[1]])
    streamed = run("check", name, "--columns", "document=doc", "--stream")
    assert streamed.exit_code == 2
    assert streamed.stderr.splitlines()[0] == (
        "mtqa: error: rows.jsonl: line 3: the rows of document 'a' do not stand together "
        "(the first is on line 1); sort the file by its document column, or check it whole "
        "(--no-stream)"
    )
    whole = _documents(run("check", name, "--columns", "document=doc", "--format", "json"))
    assert whole[0][0] == "rows.jsonl#a" and whole[0][2] == [("MT205", 3, 2)]


def test_tables_name_documents_and_ci_annotations_point_at_the_file(run, tmp_path):
    """A TSV's document column, a missing one named; a JSON number as a value;
    GitHub annotations and SARIF locations name the file, not the document."""
    (tmp_path / "t.tsv").write_text("doc\ttarget\nx\tThe the plan.\ny\tFine text.\n", "utf-8")
    github = run("check", "t.tsv", "--columns", "document=doc", "--format", "github")
    assert github.stdout.splitlines()[0].startswith("::warning file=t.tsv,line=2,col=3,")
    assert "::notice title=mtqa t.tsv#x::" in github.stdout
    sarif = json.loads(
        run("check", "t.tsv", "--columns", "document=doc", "--format", "sarif").stdout
    )
    [location] = sarif["runs"][0]["results"][0]["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "t.tsv"
    missing = run("check", "t.tsv", "--columns", "document=doc_id")
    assert missing.exit_code == 2
    assert "t.tsv: no column 'doc_id' for the document (columns: doc, target)" in missing.stderr
    name = _rows(tmp_path, [{"doc": 7, "target": "The the plan."}, {"target": "Fine."}])
    numbered = _documents(run("check", name, "--columns", "document=doc", "--format", "json"))
    assert [d[0] for d in numbered] == ["rows.jsonl#7", "rows.jsonl"]


def test_fix_checks_each_document_on_its_own(run, tmp_path):
    """`mtqa fix --unsafe-fixes` unifies a spelling inside a document (MT402), not
    across two documents."""
    (tmp_path / "t.tsv").write_text(f"doc\ttarget\na\t{BRITISH}\nb\t{AMERICAN}\n", "utf-8")
    grouped = run("fix", "t.tsv", "--columns", "document=doc", "--unsafe-fixes", "--diff")
    assert grouped.exit_code == 0 and grouped.stdout == ""
    assert run("fix", "t.tsv", "--unsafe-fixes", "--diff").exit_code == 1


def test_a_files_documents_share_its_line_starts():
    """The documents of one file share the one list of its line starts: each of
    20,000 one-row documents building its own held 20,000 lists of every line."""
    from mtqa.readers import ReadOptions, parse
    from mtqa.readers.documents import split

    text = "".join(json.dumps({"doc": k, "target": "Fine."}) + "\n" for k in range(50))
    doc = parse(text, "rows.jsonl", "jsonl", ReadOptions(columns={"document": "doc"}))
    parts = split(doc)
    assert len(parts) == 50 and parts[7].path == "rows.jsonl#7" and parts[7].file == "rows.jsonl"
    assert parts[7].line_col(parts[7].segments[0].offset) == (8, 23)  # the target's column
    assert all(p._line_starts is doc._line_starts for p in parts)


def test_lone_carriage_returns_and_values_with_paths_in_them(run, tmp_path):
    """A CSV whose lines end in CR alone streams as it reads whole (the last row's
    value is "b", not "b\\r"); a document value like "../../x" is part of the name
    a baseline records, never a path that takes the file's name away."""
    (tmp_path / "cr.csv").write_bytes(b"target,doc\rThe the plan.,a\rIt rained .,b\r")
    args = ["check", "cr.csv", "--columns", "document=doc", "--format", "json"]
    streamed = run(*args, "--stream")
    assert streamed.exit_code == 1, streamed.stderr
    assert _documents(streamed) == _documents(run(*args, "--no-stream"))
    assert [d[0] for d in _documents(streamed)] == ["cr.csv#a", "cr.csv#b"]
    row = {"doc": "../../news/1", "target": "The the plan was approved."}
    _rows(tmp_path, [row], "en-de.jsonl")
    _rows(tmp_path, [row], "en-fr.jsonl")
    grouped = ["--columns", "document=doc"]
    run("baseline", "en-de.jsonl", *grouped, "-o", "b.json")
    recorded = json.loads((tmp_path / "b.json").read_text())
    assert {e["path"] for e in recorded["findings"]} == {"en-de.jsonl#../../news/1"}
    other = run("check", "en-fr.jsonl", *grouped, "--baseline", "b.json", "--format", "json")
    assert [f[0] for d in _documents(other) for f in d[2]] == ["MT205"]  # not the baseline's


@pytest.mark.parametrize(
    ("columns", "says"),
    [
        ("document=target", "no target column: 'target' is the document column"),
        ("source=TARGET", "no target column: 'TARGET' is the source column"),
    ],
)
def test_a_column_given_another_role_is_not_the_target_too(run, tmp_path, columns, says):
    """A column --columns gives a role is no longer found as the target by its usual
    name: read as both, each row would be a document of its own, or the target its
    own source, reported untranslated."""
    name = _rows(tmp_path, ROWS)
    result = run("check", name, "--columns", columns)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"mtqa: error: {name}: {says} (name it with --columns target=NAME; columns: doc, target)"
    )


@pytest.mark.parametrize("stream", ["--stream", "--no-stream"])
def test_stdin_documents_before_the_first_target_field_are_read(run, tmp_path, stream):
    """On stdin, which cannot be read twice, a first document whose rows have no
    target field yet is held until a later row shows the field: the documents,
    findings and scores are the file's."""
    rows = [{"doc": "a", "id": "1"}, *ROWS[2:]]
    name = _rows(tmp_path, rows)
    args = ["--columns", "document=doc", stream, "--format", "json"]
    whole = _documents(run("check", name, "--no-stream", *args[:2], "--format", "json"))
    piped = run("check", "-", "--stdin-format", "jsonl", *args, input=(tmp_path / name).read_text())
    assert [(p.replace("-#", f"{name}#"), s, f) for p, s, f in _documents(piped)] == whole
    assert [p for p, _, _ in whole] == [f"{name}#a", f"{name}#b"]
    assert whole[1][2] == [("MT102", 3, 2)]


def test_a_streamed_file_that_fails_midway_gives_no_count(run, tmp_path):
    """Rows of a document that do not stand together stop a streamed run after the
    findings of the documents before them were shown: no closing count follows
    (the concise format said "Found 0 findings in 0 documents" under three)."""
    rows = [{"doc": "a", "target": "It rained in May ."}, *ROWS[2:3], {"doc": "a", "target": "x"}]
    name = _rows(tmp_path, rows)
    result = run("check", name, "--columns", "document=doc", "--stream", "--format", "concise")
    assert result.exit_code == 2
    assert result.stdout == f"{name}#a:1:41: MT102 Space before '.'\n"
    assert "do not stand together" in result.stderr
