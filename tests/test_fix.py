"""``mtqa fix`` and `mtqa.fix_text`: only flagged spans change, byte for byte, in
every format; fixing again changes nothing; a check after a fix finds none of
the fixed findings; outputs never destroy inputs."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import mtqa
from mtqa import Checker, Config
from mtqa.fixing import apply, fix_text_with, fixer, fixing_rules
from mtqa.readers import parse
from mtqa.registry import load_rules

FLAWED = "The the plan starts today . ,Officials agreed."
FIXED = "The plan starts today. Officials agreed."


def _codes(text: str, fmt: str = "txt", select: tuple[str, ...] = ()) -> list[str]:
    """The rule codes a default check (or one of ``select``) finds in ``text``."""
    doc = parse(text, "-", fmt)
    config = Config(languagetool="off", select=select)
    return sorted(f.rule for f in Checker(config).check(doc).findings)


def test_fix_text_gives_the_text_and_every_edit_in_order() -> None:
    fixed, edits = mtqa.fix_text(FLAWED)
    assert fixed == FIXED
    assert [(e.rule, e.line, e.column, e.before, e.after, e.fix_pass) for e in edits] == [
        ("MT205", 1, 1, "The the", "The", 1),
        ("MT101", 1, 26, " . ,", ".", 1),
        # the full stop left glued to "Officials" is the second pass's: it is placed
        # where the stray run that became it stands in the original text
        ("MT103", 1, 26, ".", ". ", 2),
    ]
    assert mtqa.fix_text(fixed) == (fixed, [])  # idempotent


def test_select_and_ignore_choose_the_fixes() -> None:
    only_words, _ = mtqa.fix_text(FLAWED, config=Config(select=("MT205",)))
    assert only_words == "The plan starts today . ,Officials agreed."
    no_words, _ = mtqa.fix_text(FLAWED, config=Config(ignore=("MT205",)))
    assert no_words == "The the plan starts today. Officials agreed."


def test_a_selection_without_fixes_is_a_config_error() -> None:
    with pytest.raises(mtqa.ConfigError, match=r"^no selected rule has a safe fix to apply$"):
        mtqa.fix_text(FLAWED, config=Config(select=("MT301",)))
    unsafe_only = r"no selected rule has a safe fix to apply \(MT208: only their unsafe fixes\)"
    with pytest.raises(mtqa.ConfigError, match=unsafe_only):
        mtqa.fix_text(FLAWED, config=Config(select=("MT208",)))
    assert mtqa.fix_text("A villagersThe road.", config=Config(select=("MT208",)), unsafe=True)[
        0
    ] == ("A villagers The road.")


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Roads were paved.\n\nSee also: Ten best roads in China\n\nIt spent more.\n",
         "Roads were paved.\n\nIt spent more.\n"),
        ("Roads were paved.\r\n\r\nSee also: Ten best roads in China\r\n",
         "Roads were paved.\r\n"),
        ("Roads were paved.\n\nSee also: Ten best roads in China", "Roads were paved."),
    ],
)  # fmt: skip
def test_an_unsafe_deletion_of_a_line_leaves_no_blank_line(text: str, fixed: str) -> None:
    config = Config(select=("MT601",))
    assert mtqa.fix_text(text, config=config, unsafe=True)[0] == fixed


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        # two rules reading one place: ". ." made "," and "prices" capitalised as a
        # sentence start must not both happen; the second waits a pass, and is gone
        ("The harvest was good this year. . prices rose too.",
         "The harvest was good this year, prices rose too."),
        ("Prices rose . . . then fell.", "Prices rose . . . then fell."),  # an ellipsis
    ],
)  # fmt: skip
def test_edits_at_one_place_wait_for_each_other(text: str, fixed: str) -> None:
    assert mtqa.fix_text(text)[0] == fixed


@pytest.mark.parametrize(
    ("fmt", "text", "reason"),
    [
        ("md", "Type ＼＊ to search all files.\n", "would be read as Markdown"),
        ("md", "Write ＆lt； here.\n", "would be read as Markdown"),
        ("xliff",
         '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="zh" '
         'target-language="en" datatype="plaintext" original="x"><body><trans-unit id="1">'
         "<source>a</source><target><![CDATA[Tom and Jerry ]]＞ here]]></target>"
         "</trans-unit></body></file></xliff>\n",
         "would end the CDATA section"),
        ("csv", 'id,target\n1,  "It is ready."\n', "cannot be written in a CSV cell"),
    ],
)  # fmt: skip
def test_a_replacement_the_format_would_read_otherwise_is_left(
    fmt: str, text: str, reason: str
) -> None:
    result = fix_text_with(fixer(Config()), text, "-", fmt)
    assert any(reason in u.reason for u in result.unfixed), result.unfixed
    assert fix_text_with(fixer(Config()), result.fixed, "-", fmt).fixed == result.fixed


def test_inside_cdata_a_character_is_written_as_it_is() -> None:
    text = (
        '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="zh" '
        'target-language="en" datatype="plaintext" original="x"><body><trans-unit id="1">'
        "<source>a</source><target><![CDATA[Tom ＆ Jerry the the show]]></target>"
        "</trans-unit></body></file></xliff>\n"
    )
    fixed, _ = mtqa.fix_text(text, fmt="xliff")
    assert "<![CDATA[Tom & Jerry the show]]>" in fixed


def test_a_markdown_table_cell_is_found_in_its_own_place() -> None:
    text = "| A | B |\n|---|---|\n| Sad news :( but ok | Sad news : |\n"
    [finding] = [
        f for f in mtqa.check_text(text, fmt="md").documents[0].findings if f.rule == "MT102"
    ]
    assert (finding.line, finding.column) == (3, 32)
    assert mtqa.fix_text(text, fmt="md")[0] == text.replace("news : |", "news: |")


def test_a_format_fix_does_not_write_is_an_input_error() -> None:
    with pytest.raises(mtqa.InputError, match="mtqa fix does not write HTML"):
        mtqa.fix_text("<p>The the plan.</p>", fmt="html")


def test_unsafe_fixes_are_applied_only_when_asked() -> None:
    rules = load_rules().rules
    safe = {r.code for r in fixing_rules(rules)}
    unsafe = {r.code for r in fixing_rules(rules, unsafe=True)}
    assert safe < unsafe
    assert all(r.fix_safe for r in rules if r.code in safe)
    assert {r.code for r in rules if r.fix != "never"} == unsafe


def test_line_ends_and_a_byte_order_mark_are_kept() -> None:
    text = "\ufeffFirst line . , next.\r\nThe the second line.\r\n"
    fixed, edits = mtqa.fix_text(text)
    assert fixed == "\ufeffFirst line, next.\r\nThe second line.\r\n"
    # lines and columns as a check gives them: the mark is no column
    assert [(e.rule, e.line, e.column, e.fix_pass) for e in edits] == [
        ("MT101", 1, 11, 1),
        ("MT205", 2, 1, 1),
    ]
    check = mtqa.check_text(text, config=Config(languagetool="off"))
    found = [(f.rule, f.line, f.column) for f in check.documents[0].findings]
    assert ("MT101", 1, 11) in found


# one flawed target in each format, with a source that has the same artifacts: the
# source, ids, markup and every other byte must stay as they are
FORMATS = {
    "jsonl": (
        '{"id": "u1", "source": "the the . ,", "target": "The the plan starts today . , '
        'Officials agreed."}\n{"id": "u2", "source": "x", "target": "Line one\\nends.Here"}\n',
        '{"id": "u1", "source": "the the . ,", "target": "The plan starts today. '
        'Officials agreed."}\n{"id": "u2", "source": "x", "target": "Line one\\nends. Here"}\n',
    ),
    "csv": (
        'id,source,target\nu1,"the the . ,","The the plan starts . , today"\n'
        "u2,x,Prices rose in March.The bank acted\n",
        'id,source,target\nu1,"the the . ,","The plan starts, today"\n'
        "u2,x,Prices rose in March. The bank acted\n",
    ),
    "tsv": (
        "id\tsource\ttarget\nu1\tthe the . ,\tThe the plan starts today . , Officials agreed.\n",
        "id\tsource\ttarget\nu1\tthe the . ,\tThe plan starts today. Officials agreed.\n",
    ),
    "po": (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. the the . ,\nmsgid "the the . ,"\n'
        'msgstr "The the plan starts today . , Officials agreed."\n',
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. the the . ,\nmsgid "the the . ,"\n'
        'msgstr "The plan starts today. Officials agreed."\n',
    ),
    "xliff": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file source-language="zh" '
        'target-language="en" datatype="plaintext" original="x"><body>\n<trans-unit id="u1">'
        "<source>the the . ,</source><target>The the plan &amp; starts today . , Officials "
        '<ph id="1"/>agreed.</target></trans-unit>\n</body></file></xliff>\n',
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file source-language="zh" '
        'target-language="en" datatype="plaintext" original="x"><body>\n<trans-unit id="u1">'
        "<source>the the . ,</source><target>The plan &amp; starts today. Officials "
        '<ph id="1"/>agreed.</target></trans-unit>\n</body></file></xliff>\n',
    ),
    "tmx": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh" '
        'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" '
        'creationtoolversion="1" o-tmf="t"/><body>\n<tu tuid="u1"><tuv xml:lang="zh"><seg>the the'
        ' . ,</seg></tuv><tuv xml:lang="en"><seg>The the plan starts today . , Officials agreed.'
        "</seg></tuv></tu>\n</body></tmx>\n",
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh" '
        'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" '
        'creationtoolversion="1" o-tmf="t"/><body>\n<tu tuid="u1"><tuv xml:lang="zh"><seg>the the'
        ' . ,</seg></tuv><tuv xml:lang="en"><seg>The plan starts today. Officials agreed.'
        "</seg></tuv></tu>\n</body></tmx>\n",
    ),
    "md": (
        "---\ntitle: The the title . ,\n---\n# The the heading\n\nThe the plan starts *today* . , "
        "Officials agreed. See [the the link](http://x.org/the the).\n\n"
        "```\ncode the the . ,\n```\n\nUse `the the . ,` in code.\n",
        "---\ntitle: The the title . ,\n---\n# The heading\n\nThe plan starts *today*. "
        "Officials agreed. See [the link](http://x.org/the the).\n\n```\ncode the the . ,\n```\n\n"
        "Use `the the . ,` in code.\n",
    ),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_changes_only_the_flagged_target_spans(fmt: str) -> None:
    before, after = FORMATS[fmt]
    fixed, edits = mtqa.fix_text(before, fmt=fmt)
    assert fixed == after
    assert edits and mtqa.fix_text(fixed, fmt=fmt) == (fixed, [])


def test_what_check_does_not_report_is_not_fixed() -> None:
    """A double space inside a link line to delete is covered by MT601, so check
    reports MT601 alone; fix leaves the line for the reader (its removal is an
    unsafe fix), where it once tidied the space (MT104), and removes it with the
    unsafe fixes."""
    text = (
        "The dam will be finished next year , officials said on Monday.\n\n"
        "See also  Ten tips to grow tomatoes on a balcony\n\n"
        "Work on the second phase, which includes a power station and a new road, "
        "starts in May.\n"
    )
    found = mtqa.check_text(text, config=Config(languagetool="off")).documents[0].findings
    assert sorted(f.rule for f in found) == ["MT102", "MT601"]
    safe = fix_text_with(fixer(Config()), text)
    assert [(e.rule, e.before, e.after) for e in safe.edits] == [("MT102", " ,", ",")]
    assert safe.fixed == text.replace(" ,", ",")
    unsafe = fix_text_with(fixer(Config(), unsafe=True), text)
    assert [e.rule for e in unsafe.edits] == ["MT102", "MT601"]
    assert "See also" not in unsafe.fixed


def test_a_silenced_deletion_hides_nothing_inside_it() -> None:
    """A link line the user keeps on purpose (MT601 silenced inline) covers nothing:
    the doubled word inside it is reported and fixed, as on any other line."""
    text = (
        "The dam will be finished next year, officials said on Monday after a long "
        "meeting.\n\n<!-- mtqa: ignore MT601 -->\nSee also: the the guide for tea lovers"
        "\n\nWork on the second phase, which includes a power station, starts in May.\n"
    )
    config = Config(languagetool="off")
    found = mtqa.check_text(text, fmt="md", config=config).documents[0].findings
    assert [(f.rule, f.text) for f in found] == [("MT205", "the the")]
    fixed = fix_text_with(fixer(config), text, "-", "md")
    assert [(e.rule, e.before, e.after) for e in fixed.edits] == [("MT205", "the the", "the")]


def test_a_span_written_with_an_escape_is_left_and_reported() -> None:
    # the doubled word runs across a JSON escape (é as \u00e9): the file does not
    # hold the span as the rule read it
    text = '{"target": "The caf\\u00e9 caf\\u00e9 opened today."}\n'
    result = fix_text_with(fixer(Config()), text, "-", "jsonl")
    assert result.fixed == text and not result.edits
    [left] = result.unfixed
    assert (left.rule, left.reason) == (
        "MT205",
        "written with markup, an escape or a tag in the file",
    )


def test_a_csv_cell_takes_a_comma_or_quote_only_inside_quotes() -> None:
    from mtqa.fixing import _ESCAPERS

    file = 'id,target\nu1,"He said it"\nu2,He said it\n'
    quoted, bare = file.index("He"), file.rindex("He")
    escape = _ESCAPERS["csv"]
    at = quoted + 3
    assert escape(', "so"', file, quoted, at, at + 1) == ', ""so""'  # doubled inside quotes
    assert escape(", so", file, bare, bare + 3, bare + 4) is None  # would split the cell
    assert escape('"', file, bare, bare + 3, bare + 4) is None
    assert escape(". So", file, bare, bare + 3, bare + 4) == ". So"
    assert _ESCAPERS["tsv"]("a\tb", "x\ta b\n", 2, 3, 4) is None
    # text after a cell's closing quote (as some writers leave it) is outside quotes
    odd = 'id,target\nu1,"Rose 5%" up 5%, said\n'
    cell = odd.index("Rose")
    assert escape(",", odd, cell, odd.index(" up"), odd.index(" up") + 1) is None
    assert escape(",", odd, cell, odd.index("5%"), odd.index("5%") + 1) == ","


def test_a_replacement_the_encoding_cannot_hold_is_left() -> None:
    # an ellipsis of three periods becomes "…" (MT601 typography), which Latin-1 lacks
    text = "He waited... and then spoke , softly."
    result = fix_text_with(fixer(Config(select=("ALL",))), text, "-", "txt", codec="latin-1")
    assert result.fixed.encode("latin-1")
    assert all(e.after.encode("latin-1") for e in result.edits)


def test_odd_text_ftfy_cannot_repair_is_neither_flagged_nor_edited_for_ever() -> None:
    # found by the property test below: MT305 offered "¢Â" for "¢Â", an edit that
    # changed nothing and came back on every pass
    assert "MT305" not in _codes("Prices in ¢Â units.", select=("MT305",))
    result = fix_text_with(FIXER, "¢Â")
    assert result.converged and not result.edits


# --- files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "mark"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
     ("utf-16-be", b"\xfe\xff"), ("cp1252", b"")],
)  # fmt: skip
def test_a_file_keeps_its_encoding_mark_line_ends_and_permissions(
    run, tmp_path: Path, codec: str, mark: bytes
) -> None:
    text = "Caf\u00e9 news . , today.\r\nThe the second line.\r\nLast line\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(mark + text.encode(codec))
    path.chmod(0o640)
    result = run("fix", "a.txt")
    assert result.exit_code == 0, result.output
    expected = "Caf\u00e9 news, today.\r\nThe second line.\r\nLast line\r\n"
    assert path.read_bytes() == mark + expected.encode(codec)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temporary file


def test_diff_changes_nothing_and_exits_1_when_there_is_something_to_fix(
    run, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(FLAWED + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(FIXED + "\n", encoding="utf-8")
    result = run("fix", "--diff", "a.txt", "b.txt")
    assert result.exit_code == 1
    assert result.stdout == f"--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-{FLAWED}\n+{FIXED}\n"
    assert "a.txt: would fix 3 (MT101 ×1, MT103 ×1, MT205 ×1, 2 passes)" in result.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == FLAWED + "\n"
    clean = run("fix", "--diff", "b.txt")
    assert clean.exit_code == 0 and clean.stdout == ""


def test_output_writes_elsewhere_and_backup_keeps_the_original(run, tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(FLAWED, encoding="utf-8")
    assert run("fix", "a.txt", "--output", "out/fixed.txt").exit_code == 0
    assert (tmp_path / "out" / "fixed.txt").read_text(encoding="utf-8") == FIXED
    assert source.read_text(encoding="utf-8") == FLAWED
    assert run("fix", "a.txt", "--backup", ".orig").exit_code == 0
    assert source.read_text(encoding="utf-8") == FIXED
    assert (tmp_path / "a.txt.orig").read_text(encoding="utf-8") == FLAWED
    # a backup already there may be the only original: it is never overwritten
    source.write_text(FLAWED, encoding="utf-8")
    again = run("fix", "a.txt", "--backup", ".orig")
    assert again.exit_code == 2
    assert "a.txt.orig: already exists (an earlier original?); a.txt not fixed" in again.stderr
    assert "mtqa: fixed 0 in 0 files of 1; 1 not read or not written (above)" in again.stdout
    assert source.read_text(encoding="utf-8") == FLAWED


def test_usage_errors_say_what_is_wrong(run, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(FLAWED, encoding="utf-8")
    both = run("fix", "a.txt", "b.txt", "--output", "x.txt")
    assert both.exit_code == 2 and "--output goes with exactly one input file" in both.output
    diff = run("fix", "--diff", "a.txt", "--backup", ".bak")
    assert diff.exit_code == 2 and "--diff changes nothing" in diff.output
    path = run("fix", "a.txt", "--backup", "../../keep.orig")
    assert path.exit_code == 2 and "'../../keep.orig' is a path, not a suffix" in path.output
    kept = run("fix", "a.txt", "--output", "x.txt", "--backup", ".bak")
    assert kept.exit_code == 2 and "--backup keeps originals of files fixed in place" in kept.output
    json_out = run("fix", "-", "--format", "json", input=FLAWED.encode())
    assert json_out.exit_code == 2
    assert "--format json would go too: give --output FILE for the fixed text" in json_out.output
    page = tmp_path / "p.html"
    page.write_text("<p>The the plan.</p>", encoding="utf-8")
    html = run("fix", "p.html")
    assert html.exit_code == 2
    assert "p.html: mtqa fix does not write HTML (it writes txt, md, tsv, csv" in html.stderr


def test_json_lists_every_edit_for_an_audit(run, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    result = run("fix", "a.txt", "--format", "json")
    report = json.loads(result.stdout)
    assert report["applied"] is True and report["fixed"] == 3 and report["errors"] == []
    [entry] = report["files"]
    assert entry["path"] == "a.txt" and entry["changed"] and entry["passes"] == 2
    assert entry["edits"][0] == {
        "path": "a.txt",
        "line": 1,
        "column": 1,
        "rule": "MT205",
        "before": "The the",
        "after": "The",
        "pass": 1,
    }


def test_stdin_and_output_dash_are_written_fixed_to_stdout(run, tmp_path: Path) -> None:
    result = run("fix", "-", input=FLAWED.encode())
    assert result.exit_code == 0
    assert result.stdout == FIXED
    assert "mtqa: fixed 3 in 1 file of 1" in result.stderr
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    dash = run("fix", "a.txt", "--output", "-")
    assert dash.exit_code == 0 and dash.stdout == FIXED
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == FLAWED
    assert not (tmp_path / "-").exists()


def test_check_after_fix_finds_none_of_the_fixed_findings(run, tmp_path: Path) -> None:
    text = (
        "The minister said the the plan would start next year . , Officials agreed.\n\n"
        "Prices rose in March.The central bank said it would act.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    before = json.loads(run("check", "a.txt", "--format", "json", "--exit-zero").stdout)
    run("fix", "a.txt")
    after = json.loads(run("check", "a.txt", "--format", "json", "--exit-zero").stdout)
    found = {f["rule"] for f in before["documents"][0]["findings"]}
    left = {f["rule"] for f in after["documents"][0]["findings"]}
    assert {"MT101", "MT103", "MT205"} <= found
    assert not left & {r.code for r in fixing_rules(load_rules().rules)}


def test_a_fix_killed_part_way_leaves_the_original(tmp_path: Path) -> None:
    paragraph = "The the plan starts today . , Officials agreed in the the end.\n\n"
    path = tmp_path / "big.txt"
    path.write_text(paragraph * 20000, encoding="utf-8")
    original = path.read_bytes()
    for sig in (signal.SIGTERM, signal.SIGKILL):
        proc = subprocess.Popen(
            [sys.executable, "-m", "mtqa", "fix", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "MTQA_CACHE_DIR": "off"},
        )
        time.sleep(1.0)
        proc.send_signal(sig)
        proc.wait(timeout=60)
        assert path.read_bytes() == original, sig
        leftovers = [p.name for p in tmp_path.iterdir() if p.name != "big.txt"]
        if sig == signal.SIGTERM:  # a SIGKILL cannot tidy up; the original is intact
            assert leftovers == []


# --- every safe fix proves itself on its rule's examples ----------------------------

SAFE_EXAMPLES = [
    pytest.param(rule.code, example.text, id=f"{rule.code}-{i}")
    for rule in fixing_rules(load_rules().rules)
    for i, example in enumerate(rule.flags)
    if example.suggestion is not None and not example.text.startswith("<")
]


@pytest.mark.parametrize(("code", "text"), SAFE_EXAMPLES)
def test_a_safe_fix_removes_its_finding_and_adds_no_other(code: str, text: str) -> None:
    fmt = "txt"
    if "\t" in text:  # target<TAB>source: one bilingual row
        fmt, text = "tsv", "target\tsource\n" + text + "\n"
    before = _codes(text, fmt)
    fixed, edits = mtqa.fix_text(text, fmt=fmt, config=Config(select=(code,)))
    assert edits, f"{code}: nothing fixed in {text!r}"
    after = _codes(fixed, fmt)
    assert code not in _codes(fixed, fmt, select=(code,)), fixed
    assert set(after) <= set(before), f"{code} fix of {text!r} made {set(after) - set(before)}"


# --- properties ----------------------------------------------------------------------

# pieces that artifacts are made of: words (some doubled), stray and doubled
# punctuation, spaces where they do not belong, CJK punctuation, line ends of
# every kind, and any character at all
WORDS = ["The", "the", "plan", "plan", " ", "  ", ".", ",", " . ,", "。", "，", "!", "?",
         "\n", "\r\n", "\n\n", "\r", "Officials", "March.The", "said", "\t", "“", "”",
         "(", ")", "--", "...", "Xi", "Jinping", "1,000", "%"]  # fmt: skip
PIECES = st.one_of(st.sampled_from(WORDS), st.text(max_size=3))
DOCUMENTS = st.lists(PIECES, max_size=40).map("".join)
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
FIXER = fixer(Config())


def _kept_outside_edits(original: str, result) -> None:
    """The fixed text is the original with the edits made, pass by pass, and with
    nothing else changed: each edit's ``before`` is what its pass's text held."""
    text = original
    for number in range(1, result.passes + 1):
        edits = [e for e in result.edits if e.fix_pass == number]
        for edit in edits:
            assert text[edit.start : edit.end] == edit.before
        text = apply(text, edits)
    assert text == result.fixed


@PROPERTY_SETTINGS
@given(DOCUMENTS)
def test_fixing_is_idempotent_and_converges_on_any_text(text: str) -> None:
    try:
        result = fix_text_with(FIXER, text)
    except mtqa.InputError:
        return  # a text the reader refuses (a lone surrogate): nothing to fix
    assert result.converged
    _kept_outside_edits(text, result)
    again = fix_text_with(FIXER, result.fixed)
    assert again.fixed == result.fixed and not again.edits
    # line ends are the text's own: none added, none changed in kind
    if not any("\n" in e.before + e.after or "\r" in e.before + e.after for e in result.edits):
        assert result.fixed.count("\r\n") == text.count("\r\n")
        assert result.fixed.count("\n") == text.count("\n")


# the same Fixer asking every rule on every pass: what the verifier must not change
EVERY_RULE = dataclasses.replace(FIXER, verifier=FIXER.checker)


@PROPERTY_SETTINGS
@given(DOCUMENTS)
# a fix on the first pass, and on the second a double space the link line covers
@example("It rained on Monday , they said.\n\nSee also  Ten tips to grow tomatoes\n\nEnd.\n")
def test_asking_the_fixing_rules_first_changes_no_fix(text: str) -> None:
    """A pass that asks the fixing rules first (`Fixer.verifier`) makes the edits,
    leaves the fixes undone and takes the passes that asking every rule does."""
    try:
        result = fix_text_with(FIXER, text)
    except mtqa.InputError:
        return
    slow = fix_text_with(EVERY_RULE, text)
    assert (result.fixed, result.edits, result.unfixed, result.passes) == (
        slow.fixed,
        slow.edits,
        slow.unfixed,
        slow.passes,
    )


@PROPERTY_SETTINGS
@given(st.lists(DOCUMENTS, min_size=1, max_size=4))
def test_in_a_jsonl_file_only_targets_change(targets: list[str]) -> None:
    lines = [
        json.dumps({"id": f"u{i}", "source": t, "target": t}, ensure_ascii=False)
        for i, t in enumerate(targets)
    ]
    text = "\n".join(lines) + "\n"
    try:
        result = fix_text_with(FIXER, text, "-", "jsonl")
    except mtqa.InputError:
        return
    rows = [json.loads(line) for line in result.fixed.split("\n") if line]  # not at U+0085
    assert [(r["id"], r["source"]) for r in rows] == [(f"u{i}", t) for i, t in enumerate(targets)]
    assert fix_text_with(FIXER, result.fixed, "-", "jsonl").fixed == result.fixed


@PROPERTY_SETTINGS
@given(st.lists(DOCUMENTS, min_size=1, max_size=4))
def test_in_an_xliff_file_only_targets_change(targets: list[str]) -> None:
    from xml.sax.saxutils import escape

    units = "".join(
        f'<trans-unit id="u{i}"><source>{escape(t)}</source><target>{escape(t)}</target>'
        "</trans-unit>\n"
        for i, t in enumerate(targets)
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file source-language="zh"'
        f' target-language="en" datatype="plaintext" original="x"><body>\n{units}'
        "</body></file></xliff>\n"
    )
    try:
        ET.fromstring(text.encode())
        result = fix_text_with(FIXER, text, "-", "xliff")
    except (ET.ParseError, mtqa.InputError):
        return  # characters XML cannot hold
    tree = ET.fromstring(result.fixed.encode())
    sources = [s.text or "" for s in tree.iter("{urn:oasis:names:tc:xliff:document:1.2}source")]
    sources = sources or [s.text or "" for s in tree.iter("source")]
    assert sources == [ET.fromstring(f"<s>{escape(t)}</s>").text or "" for t in targets]


@PROPERTY_SETTINGS
@given(DOCUMENTS)
def test_a_check_after_a_fix_finds_no_fix_left_undone_unreported(text: str) -> None:
    try:
        result = fix_text_with(FIXER, text)
    except mtqa.InputError:
        return
    # what the fixing rules still find with a fix is what the last pass reported
    # as not fixed (a span the file writes otherwise), nothing else
    found = FIXER.checker.check(parse(result.fixed, "-", "txt"), for_run=False).findings
    fixable = (f for f in found if f.rule in FIXER.codes)
    left = sorted((f.rule, f.text) for f in fixable if f.suggestion not in (None, f.text))
    assert left == sorted((u.rule, u.text) for u in result.unfixed)


CODECS = st.sampled_from(
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
     ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00"), ("cp1252", b"")]
)  # fmt: skip
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@PROPERTY_SETTINGS
@given(
    st.lists(st.lists(st.sampled_from(WORDS[:14] + WORDS[15:17]), max_size=12)), CODECS, LINE_ENDS
)
def test_a_file_round_trips_its_encoding_and_line_ends(
    tmp_path_factory: pytest.TempPathFactory, lines: list[list[str]], codec, end: str
) -> None:
    from mtqa.fixfiles import fix_file
    from mtqa.readers import ReadOptions

    name, mark = codec
    text = end.join("".join(words).replace("\n", "").replace("\r", "") for words in lines) + end
    try:
        data = mark + text.encode(name)
    except UnicodeEncodeError:
        return  # CJK punctuation in Windows-1252
    path = tmp_path_factory.mktemp("f") / "a.txt"
    path.write_bytes(data)
    try:
        fixed = fix_file(FIXER, str(path), ReadOptions(), "auto")
    except mtqa.InputError:
        return  # no text to check (blank lines only), or no encoding detected for it
    assert fixed.before == data
    assert fixed.after == mark + fixed.result.fixed.encode(name)
    # line ends keep their kind; their number changes only where an edit took one
    # (a word doubled across a line break goes with the break)
    kinds = {m.group() for m in re.finditer("\r\n|\r|\n", fixed.result.fixed)}
    assert kinds <= {end}
    if not any(c in e.before + e.after for e in fixed.result.edits for c in "\r\n"):
        assert fixed.result.fixed.count(end) == text.count(end)
    if not fixed.result.edits:
        assert fixed.after == data


@PROPERTY_SETTINGS
@given(st.lists(DOCUMENTS, min_size=1, max_size=4))
def test_in_a_csv_file_only_targets_change(targets: list[str]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "source", "target"])
    writer.writerows([f"u{i}", t, t] for i, t in enumerate(targets))
    text = out.getvalue()
    try:
        result = fix_text_with(FIXER, text, "-", "csv")
    except mtqa.InputError:
        return  # a table the reader refuses (a bare CR inside a cell, ...)
    rows = list(csv.reader(io.StringIO(result.fixed, newline="")))
    assert [r[:2] for r in rows[1:]] == [[f"u{i}", t] for i, t in enumerate(targets)]
    assert all(len(r) == 3 for r in rows)


@PROPERTY_SETTINGS
@given(st.lists(DOCUMENTS, min_size=1, max_size=4))
def test_in_a_po_file_only_msgstrs_change(targets: list[str]) -> None:
    def quoted(t: str) -> str:
        return t.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")

    entries = "".join(
        f'#. note {i}\nmsgid "{quoted(t)} {i}"\nmsgstr "{quoted(t)}"\n\n'
        for i, t in enumerate(targets)
    )
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + entries
    try:
        result = fix_text_with(FIXER, text, "-", "po")
    except mtqa.InputError:
        return  # what a PO file cannot hold (a control character, a bare CR)
    kept = [line for line in result.fixed.split("\n") if not line.startswith("msgstr")]
    assert kept == [line for line in text.split("\n") if not line.startswith("msgstr")]


def test_the_html_report_marks_the_findings_fix_repairs(run, tmp_path: Path) -> None:
    text = (
        "The the plan starts today . , Officials agreed , as planned.\n\n"
        'He said: "the council will act.\n'  # an unbalanced quote: no fix
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    run("check", "a.txt", "--report-dir", "rep", "--exit-zero")
    [page] = (tmp_path / "rep" / "documents").glob("*.html")
    html = page.read_text(encoding="utf-8")
    items = {
        m.group(1): "data-fixable" in m.group(0)
        for m in re.finditer(r'<li class="finding[^>]*data-rule="(MT\d+)"[^>]*>', html)
    }
    assert items == {"MT205": True, "MT102": True, "MT101": True, "MT105": False}
    assert html.count('<span class="fixable"') == 3


@pytest.mark.parametrize(
    "text",
    [
        "[![Logo](a.png)](docs/Read.Me) ok.\n",  # a link whose label holds an image
        "See [`x  = y .`](u.md) now.\n",  # code inside a link's label
        'Text <span title="a > b  c .">w</span> end.\n',  # ">" inside an attribute
        "Use <code>the the .</code> here.\n",  # raw HTML code
        "Steps are:\n1.Plan the route.\n",  # a space would start a list
        "Text with `code .` and more.\n",  # a full stop inside code ends no sentence
        '+++\ntitle = "The the plan ."\n+++\n\nBody text.\n',  # TOML front matter
    ],
)
def test_markdown_code_links_html_and_structure_are_never_changed(text: str) -> None:
    assert mtqa.fix_text(text, fmt="md")[0] == text


def test_a_markdown_edit_that_would_change_the_structure_is_reported() -> None:
    result = fix_text_with(FIXER, "Steps are:\n1.Plan the route . , then go.\n", "-", "md")
    assert result.fixed == "Steps are:\n1.Plan the route, then go.\n"
    assert [(u.rule, u.text, u.reason) for u in result.unfixed] == [
        ("MT103", ".", "it would change what the Markdown renders to")
    ]


def test_a_diff_marks_a_last_line_without_a_line_end(run, tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("Line one .\nLast line  here .", encoding="utf-8")
    result = run("fix", "--diff", "p.txt")
    assert result.stdout == (
        "--- a/p.txt\n+++ b/p.txt\n@@ -1,2 +1,2 @@\n-Line one .\n-Last line  here .\n"
        "\\ No newline at end of file\n+Line one.\n+Last line here.\n"
        "\\ No newline at end of file\n"
    )
    if shutil.which("patch"):  # and patch applies it, to the byte
        subprocess.run(["patch", "-s", "-p1"], input=result.stdout.encode(), check=True)
        assert (tmp_path / "p.txt").read_bytes() == b"Line one.\nLast line here."


def test_stdin_is_written_back_in_its_own_encoding(run) -> None:
    data = "Caf\u00e9 news . , today.".encode("cp1252")
    result = run("fix", "-", "--encoding", "cp1252", input=data)
    assert result.stdout_bytes == "Caf\u00e9 news, today.".encode("cp1252")


def test_what_is_not_a_plain_file_or_would_be_written_through_is_refused(
    run, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "a.txt.orig").symlink_to(tmp_path / "elsewhere" / "victim")
    dangling = run("fix", "a.txt", "--backup", ".orig")
    assert dangling.exit_code == 2 and "already exists" in dangling.stderr
    assert not (tmp_path / "elsewhere").exists()
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == FLAWED
    os.mkfifo(tmp_path / "pipe.txt")
    pipe = run("fix", "pipe.txt")  # would hang reading it twice, and cannot be replaced
    assert pipe.exit_code == 2 and "pipe.txt: not a regular file" in pipe.stderr


def test_folders_give_each_file_once_and_leave_pages_alone(run, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(FLAWED, encoding="utf-8")
    (folder / "b.html").write_text("<p>The the plan.</p>", encoding="utf-8")
    result = run("fix", "d", "d/a.txt", "./d/a.txt")
    assert result.exit_code == 0, result.output
    assert "mtqa: fixed 3 in 1 file of 1" in result.stdout
    assert (folder / "b.html").read_text(encoding="utf-8") == "<p>The the plan.</p>"


def test_set_id_bits_are_kept(run, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(FLAWED, encoding="utf-8")
    path.chmod(0o2764)
    assert run("fix", "a.txt").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o2764


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="zh" '
        'target-language="en" datatype="plaintext" original="x"><body>\n<trans-unit id="1">'
        '<source>a</source><target>Keep <mrk mtype="protected">the the .</mrk> x . , Officials '
        "agreed.</target></trans-unit>\n</body></file></xliff>\n",
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        'version="2.0" srcLang="zh" trgLang="en"><file id="f"><unit id="1"><segment>'
        '<source>a</source><target>Keep <mrk id="m" translate="no">the the .</mrk> x . , '
        "Officials agreed.</target></segment></unit></file></xliff>\n",
    ],
)
def test_text_marked_not_to_translate_is_never_changed(text: str) -> None:
    fixed, edits = mtqa.fix_text(text, fmt="xliff")
    assert "the the .</mrk> x. Officials agreed." in fixed
    assert [e.before for e in edits] == [" . ,"]  # one stray run, its space with it


@PROPERTY_SETTINGS
@given(st.lists(DOCUMENTS, min_size=1, max_size=4))
def test_in_a_tsv_file_only_targets_change(targets: list[str]) -> None:
    clean = [t.replace("\t", " ").replace("\r", " ").replace("\n", " ") for t in targets]
    text = "id\tsource\ttarget\n" + "".join(f"u{i}\t{t}\t{t}\n" for i, t in enumerate(clean))
    try:
        result = fix_text_with(FIXER, text, "-", "tsv")
    except mtqa.InputError:
        return
    rows = [line.split("\t") for line in result.fixed.split("\n")[1:] if line]
    assert [r[:2] for r in rows] == [[f"u{i}", t] for i, t in enumerate(clean)]
    assert fix_text_with(FIXER, result.fixed, "-", "tsv").fixed == result.fixed


@PROPERTY_SETTINGS
@given(st.lists(DOCUMENTS, min_size=1, max_size=4))
def test_in_a_tmx_file_only_the_target_language_changes(targets: list[str]) -> None:
    from xml.sax.saxutils import escape

    units = "".join(
        f'<tu tuid="u{i}"><tuv xml:lang="zh"><seg>{escape(t)}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{escape(t)}</seg></tuv></tu>\n'
        for i, t in enumerate(targets)
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh" '
        'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" '
        f'creationtoolversion="1" o-tmf="t"/><body>\n{units}</body></tmx>\n'
    )
    try:
        ET.fromstring(text.encode())
        result = fix_text_with(FIXER, text, "-", "tmx")
    except (ET.ParseError, mtqa.InputError):
        return
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    tree = ET.fromstring(result.fixed.encode())
    sources = [t.find("seg").text or "" for t in tree.iter("tuv") if t.get(lang) == "zh"]
    assert sources == [ET.fromstring(f"<s>{escape(t)}</s>").text or "" for t in targets]


MARKDOWN_PIECES = st.sampled_from(
    ["\n\n```\nthe the . ,\n```\n\n", "`the the . ,`", "[the the](x/the.the . ,)",
     "<code>the the .</code>", "<!-- the the . , -->", "\n\n1.", "\n- ", "*", "_", "**",
     "\n# ", "> ", "\\\\", "![a . ,](p.png)", "<https://x.org/the the>"]
)  # fmt: skip
MARKDOWN = st.lists(st.one_of(PIECES, MARKDOWN_PIECES), max_size=40).map("".join)


@PROPERTY_SETTINGS
@given(MARKDOWN)
def test_in_markdown_the_structure_never_changes(text: str) -> None:
    from mtqa.readers.markdown import structure

    try:
        result = fix_text_with(FIXER, text, "-", "md")
    except mtqa.InputError:
        return
    assert structure(result.fixed) == structure(text)
    _kept_outside_edits(text, result)
    assert fix_text_with(FIXER, result.fixed, "-", "md").fixed == result.fixed


def test_a_pass_whose_file_would_not_read_is_undone(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa import fixing

    # an escaper with a fault: it writes a bare quote into a JSON string
    monkeypatch.setitem(fixing._ESCAPERS, "jsonl", lambda after, *_: after + '"')
    text = '{"target": "The the plan starts today."}\n'
    result = fix_text_with(fixer(Config()), text, "-", "jsonl")
    assert result.fixed == text and not result.edits
    assert [(u.rule, u.reason) for u in result.unfixed] == [
        ("MT205", "mtqa's edit would make a file its reader refuses")
    ]


LONG = (
    "Officials said the county would build a new road to the villages next year, and "
    "the work would take two years to finish, they said on Monday."
)


@pytest.mark.parametrize(
    ("name", "content", "args"),
    [
        # a quote the CSV writes doubled: replacing one of the two broke the record
        ("q.csv", 'id,target\n1,"They paid an """"unfair"" price."\n', ()),
        # a line whose last character is written as an escape: deleting up to the
        # backslash or the ampersand left the rest of the escape behind
        ("e.jsonl", f'{{"target": "{LONG}"}}\n{{"target": "See also Tom \\u005c"}}\n'
         f'{{"target": "{LONG}"}}\n', ("--unsafe-fixes",)),
        ("e.jsonl", f'{{"target": "{LONG}"}}\n{{"target": "See also Tom \\\\"}}\n'
         f'{{"target": "{LONG}"}}\n', ("--unsafe-fixes",)),
    ],
)  # fmt: skip
def test_a_span_ending_in_an_escape_is_left_for_a_reader(run, tmp_path, name, content, args):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("fix", *args, name)
    assert result.exit_code == 0, result.output
    assert "not fixed (written with markup, an escape or a tag in the file)" in result.output
    assert path.read_text(encoding="utf-8") == content


def test_a_pack_rule_named_as_another_rules_code_changes_no_fix(tmp_path) -> None:
    """The fixing rules asked first are chosen by selectors, which match names too:
    a rule named as a fixing rule's code would join them (and could cover its
    finding), so the fixer then asks every rule, and fixes as a whole check does."""
    (tmp_path / "acme.toml").write_text(
        '[[rules]]\ncode = "acme1"\nname = "acme-join"\ncategory = "Fluency/Spelling"\n'
        'severity = "minor"\nmessage = "Write {suggestion}"\nfix_safe = true\n'
        '[[rules.entries]]\npattern = "foo bar"\nsuggestion = "foobar"\n\n'
        '[[rules]]\ncode = "acme2"\nname = "acme1"\ncategory = "Fluency/Spelling"\n'
        'severity = "minor"\nmessage = "Note {match}"\ndefault = false\n'
        '[[rules.entries]]\npattern = "foo bar"\n',
        encoding="utf-8",
    )
    fixing = fixer(Config(rules=(str(tmp_path),)))
    assert fixing.verifier is fixing.checker
    result = fix_text_with(fixing, "We saw foo  bar in the log today.\n")
    assert result.fixed == "We saw foobar in the log today.\n"
