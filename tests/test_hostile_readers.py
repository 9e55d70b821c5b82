"""Hostile input to the readers (issue 14): every kind of bad file is one line and exit
code 2 naming where it is wrong, never a traceback nor a pass; every odd but valid
file is read exactly; no reader does work that grows faster than its input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from mtqa.errors import InputError
from mtqa.readers import ReadOptions, parse
from mtqa.readers.rows import document_from_rows

from .timing import best_seconds

PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)  # lines 1-4; the first entry after it starts on line 6
XLIFF_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    '<file source-language="zh" target-language="en" datatype="plaintext" original="a">'
    "<body>\n"
)
XLIFF_TAIL = "</body></file></xliff>\n"


def refused(run, name: str, content: str | bytes, *args: str) -> tuple[int, str]:
    """Exit code and stderr of ``mtqa check NAME ARGS`` on a file of ``content``."""
    path = os.path.join(os.getcwd(), name)
    if isinstance(content, bytes):
        with open(path, "wb") as f:
            f.write(content)
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
    result = run("check", name, "--languagetool", "off", *args)
    return result.exit_code, result.stderr.strip()


def read(text: str, fmt: str) -> list[tuple[str, str | None, str | None]]:
    """The (target, source, id) of every segment ``text`` is read into as ``fmt``."""
    return [(s.text, s.source, s.id) for s in parse(text, f"x.{fmt}", fmt).segments]


def findings(run, name: str, content: str, *args: str) -> list[tuple[str, int, int]]:
    """(text, line, column) of every finding ``mtqa check`` reports in a file."""
    with open(name, "w", encoding="utf-8") as f:
        f.write(content)
    out = run("check", name, "--languagetool", "off", "--format", "jsonl", *args).stdout
    return [(f["text"], f["line"], f["column"]) for f in map(json.loads, out.splitlines())]


# --- PO ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "hint"),
    [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32-le", "UTF-32"),
     ("utf-32-be", "UTF-32")],
)  # fmt: skip
def test_utf16_or_utf32_without_a_mark_names_the_encoding_to_give(run, tmp_path, codec, hint):
    """Text in UTF-16 or UTF-32 without a byte-order mark holds NUL bytes: refused as
    binary, naming the --encoding that reads it; it then reads."""
    (tmp_path / "t.txt").write_bytes("The county opened two schools.\n".encode(codec))
    refused = run("check", "t.txt")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "mtqa: error: t.txt: binary file (contains NUL bytes), not text; if it is "
        f"{hint} text without a byte-order mark, give --encoding {codec}\n"
    )
    assert run("check", "t.txt", "--encoding", codec, "--languagetool", "off").exit_code == 0


def test_po_entries_with_a_context_are_read_and_the_header_never(run, tmp_path):
    text = (
        PO_HEADER + 'msgctxt "menu"\nmsgid "打开"\nmsgstr "Open the the file"\n\n'
        'msgid "关闭"\nmsgstr "Close it now"\n\n'
        'msgctxt "verb"\nmsgid "一个文件"\nmsgid_plural "%d个文件"\n'
        'msgstr[0] "one file"\nmsgstr[1] "%d files"\n\n'
        'msgid ""\nmsgstr "X-Note: a second header the the\\n"\n'
    )
    assert read(text, "po") == [
        ("Open the the file", "打开", "menu\x04打开"),
        ("Close it now", "关闭", "关闭"),
        ("one file", "一个文件", "verb\x04一个文件"),
        ("%d files", "%d个文件", "verb\x04一个文件[1]"),
    ]
    assert ("the the", 8, 14) in findings(run, "ctx.po", text)
    assert not [f for f in findings(run, "ctx.po", text) if f[1] > 18]  # no header checked


def test_po_continuation_after_a_blank_line_is_part_of_the_string():
    text = 'msgid "a"\nmsgstr "Rain fell "\n\n"all day."\n'
    assert read(text, "po") == [("Rain fell all day.", "a", "a")]


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "One"\nmsgstr[5] "Many"\n',
         "line 6: msgstr[5] out of place: the header's Plural-Forms says nplurals=2: "
         "msgstr[0] to msgstr[1]"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "One"\nmsgstr[1] "Two"\nmsgstr[2] "Many"\n',
         "line 6: 3 plural forms, but the header's Plural-Forms says nplurals=2"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "One"\n',
         "line 6: 1 plural forms, but the header's Plural-Forms says nplurals=2"),
        ('msgid "a"\nmsgstr[0] "One"\n', "line 6: msgstr[0] in an entry without msgid_plural"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr "One"\n',
         "line 6: msgstr without an index in an entry with msgid_plural "
         "(write msgstr[0], msgstr[1] …)"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "One"\nmsgstr[0] "Two"\n',
         "line 9: a second msgstr[0] in the entry of line 6"),
        ('msgid "a"\nmsgstr "Never closed\n', "line 7: a string without its closing quote"),
        ('msgid "a"\nmsgstr "Closed by an escape\\"\n',
         "line 7: a string without its closing quote"),
    ],
)  # fmt: skip
def test_po_entries_that_do_not_fit_are_refused_naming_the_line(run, entry, says):
    assert refused(run, "p.po", PO_HEADER + entry) == (2, f"mtqa: error: p.po: {says}")


def test_po_plural_indices_must_run_from_zero_without_a_header(run):
    entry = 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "One"\nmsgstr[2] "Many"\n'
    assert refused(run, "p.po", entry) == (
        2,
        "mtqa: error: p.po: line 1: msgstr[2] out of place: the entry's 2 plural forms "
        "must be msgstr[0] to msgstr[1]",
    )


@pytest.mark.parametrize(
    "entries",
    [
        '#~ msgid "旧"\n#~ msgstr "An old line."\n',  # only obsolete
        "",  # only the header
        # (entries with an empty msgstr are untranslated units: MT307, test_hostile_targets)
    ],
)
def test_a_po_with_no_translated_entry_does_not_pass(run, entries):
    assert refused(run, "e.po", PO_HEADER + entries) == (
        2,
        "mtqa: error: e.po: no target text to check",
    )


def test_a_po_holding_a_path_is_read_as_text_and_the_path_never_opened(run, tmp_path):
    """polib.pofile(text) opens its argument when that names an existing file."""
    (tmp_path / "other.po").write_text('msgid "a"\nmsgstr "Text of another file."\n')
    for content in (str(tmp_path / "other.po"), "/etc/passwd", "/etc/passwd\n"):
        assert refused(run, "p.po", content) == (
            2,
            "mtqa: error: p.po: malformed PO file: Syntax error in po file (line 1)",
        )


# --- CSV, TSV, JSONL --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("m.csv", "id,source,target\n1,你好,Hello there\n2,再见,Goodbye,now\n",
         "line 3: 4 fields, but the header has 3 (id, source, target)"),
        ("f.csv", "id,source,target\n1,你好\n2,再见,Goodbye\n",
         "line 2: 2 fields, but the header has 3 (id, source, target)"),
        ("m.tsv", "id\tsource\ttarget\n1\t你好\tHello\textra\n",
         "line 2: 4 fields, but the header has 3 (id, source, target)"),
        ("q.csv", 'id,target\n1,"Two\nlines"\n2,"Never closed\n3,x\n',
         "line 4: a quoted field is never closed"),
        ("d.csv", "id,Target,target\n1,One,Two\n", "2 columns named 'target' for the target"),
        ("h.tsv", "id\ttarget\n", "no target text to check"),
        ("b.csv", "\nid,target\n\n  \n", "no target text to check"),
        ("d.jsonl", '{"target": "First."}\n{"target": "A.", "target": "B."}\n',
         "line 2: field 'target' given twice"),
        ("n.jsonl", '{"id": ' + "9" * 5000 + ', "target": "Text."}\n',
         "line 1: a number too long to read"),
    ],
)  # fmt: skip
def test_rows_that_would_lose_or_shift_a_field_are_refused(run, name, content, says):
    assert refused(run, name, content) == (2, f"mtqa: error: {name}: {says}")


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("m.tsv", "id\ttarget\n" + "".join(f"{i}\tRow {i}.\n" for i in range(1, 6000))
         + "6000\tRow\tsplit\n", "line 6001: 3 fields, but the header has 2 (id, target)"),
        ("h.csv", "id,target\n", "no rows to check"),
        ("e.csv", "id,target\n1,\n2,  \n", "no target text to check"),
        ("e.jsonl", '{"target": ""}\n', "no target text to check"),
        ("t.tsv", b"id\ttarget\n1\tCaf\xc3", "not valid utf-8 on line 2 (byte 0xc3 at offset 15:"
         " unexpected end of data); give the right --encoding"),
    ],
)  # fmt: skip
def test_streamed_rows_are_refused_as_whole_files_are(run, name, content, says):
    assert refused(run, name, content, "--stream") == (2, f"mtqa: error: {name}: {says}")


def test_a_field_after_one_that_spans_lines_is_found_where_it_stands(run):
    text = 'id,source,target\n1,"你好\n世界","He said ""hi"" to to me"\n2,再见,A quote" stays\n'
    assert read(text, "csv") == [
        ('He said "hi" to to me', "你好\n世界", "1"),
        ('A quote" stays', "再见", "2"),
    ]
    batch = findings(run, "s.csv", text)
    assert ("to to", 3, 21) in batch
    assert findings(run, "s.csv", text, "--stream") == batch


def test_jsonl_fields_are_found_at_the_top_level(run):
    line = (
        '{"meta": {"target": "not this"}, "note": "{\\"target\\": \\"x\\"", "target": "Go go now."}'
    )
    assert read(line + "\n", "jsonl") == [("Go go now.", None, None)]
    assert findings(run, "j.jsonl", line + "\n") == [("Go go", 1, 75)]


# --- XLIFF and TMX -------------------------------------------------------------------


def test_an_xliff_whose_targets_are_empty_or_absent_and_sources_too_does_not_pass(run):
    # units whose sources have text are untranslated units (MT307, test_hostile_targets)
    units = (
        '<trans-unit id="1"><source></source><target></target></trans-unit>\n'
        '<trans-unit id="2"><source> </source><target>  </target></trans-unit>\n'
        '<trans-unit id="3"><source/></trans-unit>\n'
    )
    assert refused(run, "e.xlf", XLIFF_HEAD + units + XLIFF_TAIL) == (
        2,
        "mtqa: error: e.xlf: no target text to check",
    )


def test_markup_nested_thousands_deep_is_read_without_recursion(run):
    deep = '<g id="a">' * 2000 + "rain rain" + "</g>" * 2000
    unit = f'<trans-unit id="1"><source>{deep}</source><target>The {deep} fell.</target>'
    text = XLIFF_HEAD + unit + "</trans-unit>\n" + XLIFF_TAIL
    assert read(text, "xliff") == [("The rain rain fell.", "rain rain", "1")]
    tmx = (
        '<tmx version="1.4"><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>雨</seg>'
        '</tuv><tuv xml:lang="en"><seg>It ' + "<hi>" * 3000 + "rained" + "</hi>" * 3000
        + "</seg></tuv></tu></body></tmx>\n"
    )  # fmt: skip
    assert read(tmx, "tmx") == [("It rained", "雨", "1")]
    assert findings(run, "d.xlf", text) == [("rain rain", 4, 48058)]


def test_xml_character_references_and_attributes_are_read_by_xmls_rules():
    unit = (
        '<trans-unit id="1"><source>价</source>'
        '<target note="a > b">Cost &#x80; &#233; &amp; &lt;5&gt;</target></trans-unit>\n'
    )
    assert read(XLIFF_HEAD + unit + XLIFF_TAIL, "xliff") == [("Cost \x80 é & <5>", "价", "1")]


def test_a_tmx_variant_without_a_seg_is_named(run):
    tmx = (
        '<tmx version="1.4"><header srclang="zh"/><body><tu tuid="7"><tuv xml:lang="zh">'
        '<seg>雨</seg></tuv><tuv xml:lang="en"></tuv></tu></body></tmx>\n'
    )
    assert refused(run, "s.tmx", tmx) == (
        2,
        "mtqa: error: s.tmx: unit 7: its 'en' variant has no <seg>",
    )


# --- lone surrogates -------------------------------------------------------------------

SURROGATE = "half of a UTF-16 pair and no character"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("t.jsonl", '{"target": "ok"}\n{"target": "Cut \\ud83d here."}\n',
         f"line 2: the target holds a lone surrogate (\\ud83d), {SURROGATE}"),
        ("l.jsonl", '{"target": "Low \\udc00 then \\ud800\\u0041"}\n',
         f"line 1: the target holds a lone surrogate (\\udc00), {SURROGATE}"),
        ("s.jsonl", '{"source": "\\ud800", "target": "Fine."}\n',
         f"line 1: the source holds a lone surrogate (\\ud800), {SURROGATE}"),
        ("r.xlf", XLIFF_HEAD + '<trans-unit id="1"><source>a</source><target>b &#xD800;'
         "</target></trans-unit>\n" + XLIFF_TAIL,
         "line 4, column 48: malformed XML (reference to invalid character number)"),
    ],
)  # fmt: skip
def test_a_lone_surrogate_is_refused_naming_its_line(run, name, content, says):
    assert refused(run, name, content, "--format", "json") == (2, f"mtqa: error: {name}: {says}")


def test_a_surrogate_pair_is_one_character_and_html_refs_are_replaced(run):
    assert read('{"target": "Smile \\ud83d\\ude00 now."}\n', "jsonl") == [
        ("Smile \U0001f600 now.", None, None)
    ]
    # HTML says a reference to a surrogate is U+FFFD, as a browser shows it
    assert read("<p>Bad &#xD800; ref.</p>\n", "html") == [("Bad \ufffd ref.", None, None)]


def test_rows_given_as_python_strings_refuse_a_lone_surrogate():
    with pytest.raises(InputError) as err:
        document_from_rows("<frame>", ["Fine.", "Cut \ud800."])
    assert str(err.value) == (
        f"<frame>: line 2: the target holds a lone surrogate (\\ud800), {SURROGATE}"
    )


# --- --stream on stdin ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"id\ttarget\n1\tText\x00\x00\x01\n", "binary file (contains NUL bytes), not text"),
        (b"\x7fELF\xff\xfe\x02\x01",
         "not valid utf-8 on line 1 (byte 0xff at offset 4: invalid start byte); give the right"
         " --encoding"),
        (b"", "empty file, nothing to check"),
        ("id\ttarget\n1\tText\n".encode("utf-16-le"),
         "binary file (contains NUL bytes), not text; if it is UTF-16 text without a "
         "byte-order mark, give --encoding utf-16-le"),
    ],
)  # fmt: skip
def test_streamed_stdin_that_is_not_text_is_one_line(run, data, says):
    result = run("check", "--stream", "-", "--stdin-format", "tsv", input=data)
    assert (result.exit_code, result.stderr.strip()) == (2, f"mtqa: error: <stdin>: {says}")


def test_streamed_stdin_that_is_closed_is_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mtqa", "check", "--stream", "-", "--stdin-format", "jsonl"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        stdin=None, preexec_fn=lambda: os.close(0),  # as "<&-" leaves it
    )  # fmt: skip
    assert (result.returncode, result.stderr.strip()) == (
        2,
        "mtqa: error: <stdin>: cannot read: stdin is closed",
    )


# --- Markdown and HTML ----------------------------------------------------------------


def test_markdown_nested_deeper_than_it_is_read_is_refused(run):
    assert read("> " * 19 + "Nineteen deep.\n", "md") == [("Nineteen deep.", None, None)]
    text = "Intro.\n\n" + "> " * 20 + "Lost for ever.\n"
    assert refused(run, "q.md", text) == (
        2,
        "mtqa: error: q.md: line 3: block quotes and lists nested more than 19 deep, "
        "too deep to read",
    )


def test_markdown_inline_markup_reads_as_before_and_link_targets_whole():
    text = "See [`run()`](api.md) and ``a ` b`` or `open, [x](wiki/A_(b)) <!-- c --> end.\n"
    assert read(text, "md") == [("See `run()` and a ` b or `open, x  end.", None, None)]


@pytest.mark.parametrize(
    ("page", "texts"),
    [
        ("<p>Rain fell.<![ x ]>Then sun.</p>", ["Rain fell.", "Then sun."]),
        ("<p>Rain fell.</p><![C; y>", ["Rain fell."]),
        ("<p>Rain fell.</p><![ ", ["Rain fell.", "<!["]),  # unclosed at the end: text
        ("\n<p>Rain<![-]", ["Rain<![-]"]),
    ],
)
def test_a_malformed_marked_section_is_what_html_makes_of_it(page, texts):
    """html.parser raised AssertionError on "<![" with no known keyword; HTML reads
    it as a bogus comment up to the next ">". Offsets stay those of the file."""
    doc = parse(page, "x.html", "html")
    assert [seg.text for seg in doc.segments] == texts
    for seg in doc.segments:
        assert [doc.file_text[seg.file_offset(i)] for i in range(len(seg.text))] == list(seg.text)


@pytest.mark.parametrize(
    ("fmt", "unit"),
    [
        ("md", "x <!-- <a <b:c "),  # constructs opened and never closed
        ("md", "x <a:b <!-- [a]( "),
        ("html", "<div>x<span><b></i></u>"),  # opened without an end, ends without a start
        ("csv", '1,"a ""q"" b",x\n'),
    ],
)
def test_hostile_markup_is_read_in_linear_time(fmt, unit):
    """The Markdown and HTML inputs were quadratic: 16 times the text took 40 to 250
    times as long. Linear reading takes about 16 times as long."""
    head = "id,target,x\n" if fmt == "csv" else ""

    def text(chars: int) -> str:
        return head + unit * (chars // len(unit)) + ("" if fmt == "csv" else "end.\n")

    small, large = text(4_000), text(64_000)
    ratio = best_seconds(lambda: parse(large, "x", fmt, ReadOptions())) / best_seconds(
        lambda: parse(small, "x", fmt, ReadOptions())
    )
    assert ratio < 40


# --- breaker round: own reports, script subtags, PO escapes ------------------------------

FLAWED_TEXT = "Prices rose on on Monday.\n"


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("notes.txt", "mtqa_version,rule_set\n"),
        ("notes.md", '<meta name="generator" content="mtqa 1.0">\n\n'),
    ],
    ids=["txt-fields", "md-generator"],
)
def test_a_text_that_quotes_mtqa_markers_is_checked_not_skipped(run, tmp_path, name, head):
    """Only HTML, CSV and JSON(L) are mtqa's report formats: a .txt or .md whose first
    line quotes the markers was skipped as "written by mtqa", a false PASS."""
    from mtqa.readers.files import written_by_mtqa

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / name).write_text(head + FLAWED_TEXT, encoding="utf-8")
    assert not written_by_mtqa(str(tmp_path / "docs" / name))
    result = run("check", "docs", "--format", "jsonl", "--languagetool", "off")
    rules = [json.loads(line)["rule"] for line in result.stdout.splitlines()]
    assert result.exit_code == 1 and "MT205" in rules


@pytest.mark.parametrize(
    ("name", "content", "own"),
    [
        ("r.html", '<html><head><meta name="generator" content="mtqa 1.0">', True),
        ("r.htm", '<html><head><meta name="generator" content="mtqa 1.0">', True),
        ("f.csv", "path,line,mtqa_version,rule_set\n", True),
        ("f.jsonl", '{"path": "a", "mtqa_version": "1", "rule_set": "x"}\n', True),
        ("f.json", '{"mtqa_version": "1", "rule_set": "x"}\n', True),
        ("r.html", "<p>mtqa_version rule_set</p>\n", False),
        ("f.csv", '<meta name="generator" content="mtqa 1.0">\n', False),
        ("a.txt", '<meta name="generator" content="mtqa 1.0">\n', False),
        ("a.po", "# mtqa_version rule_set\n", False),
    ],
)  # fmt: skip
def test_own_reports_are_told_by_their_format_and_marker(tmp_path, name, content, own):
    from mtqa.readers.files import written_by_mtqa

    (tmp_path / name).write_text(content, encoding="utf-8")
    assert written_by_mtqa(str(tmp_path / name)) is own


TMX_SR_LATN = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" segtype="sentence" adminlang="en"
 datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>Hello world, this is a test.</seg></tuv>
<tuv xml:lang="sr-Latn"><seg>Здраво свете, ово је тест.</seg></tuv></tu>
</body></tmx>
"""


def _po(language: str, msgstr: str = "Здраво свете, ово је тест.") -> str:
    return (
        f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "Hello world, this is a test."\nmsgstr "{msgstr}"\n'
    )


def test_a_tmx_target_keeps_its_script_subtag():
    doc = parse(TMX_SR_LATN, "a.tmx", "tmx", ReadOptions(target_lang="en"))
    assert doc.target_lang == "sr-Latn"
    mixed = TMX_SR_LATN.replace(
        "</body>",
        '<tu><tuv xml:lang="en"><seg>Two.</seg></tuv><tuv xml:lang="sr-Cyrl"><seg>Два.</seg>'
        "</tuv></tu></body>",
    )
    assert parse(mixed, "a.tmx", "tmx", ReadOptions(target_lang="en")).target_lang == "sr"


@pytest.mark.parametrize(
    ("language", "tag"),
    [("sr@latin", "sr-Latn"), ("sr_RS@latin", "sr-Latn-RS"), ("sr@cyrillic", "sr-Cyrl"),
     ("uz_UZ.UTF-8@cyrillic", "uz-Cyrl-UZ"), ("ca@valencia", "ca"), ("de_DE.UTF-8", "de-DE"),
     ("sr", "sr")],
)  # fmt: skip
def test_a_po_language_modifier_names_the_script(language, tag):
    doc = parse(_po(language), "a.po", "po", ReadOptions(target_lang="en"))
    assert doc.target_lang == tag


@pytest.mark.parametrize("name", ["a.tmx", "a.po"])
def test_cyrillic_in_a_latin_script_target_is_mt308(run, tmp_path, name):
    content = TMX_SR_LATN if name == "a.tmx" else _po("sr@latin")
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = run("check", name, "--format", "jsonl", "--languagetool", "off")
    rules = [json.loads(line)["rule"] for line in result.stdout.splitlines()]
    assert result.exit_code == 1 and "MT308" in rules


@pytest.mark.parametrize(
    ("msgstr", "kind"),
    [("Zdravo\\u200bsvete.", "u"), ("Zdravo\\qsvete.", "q"), ("Zdravo\\U0001F600", "U")],
)
def test_a_po_escape_gettext_refuses_is_one_line(run, tmp_path, msgstr, kind):
    (tmp_path / "a.po").write_text(_po("sr@latin", msgstr), encoding="utf-8")
    result = run("check", "a.po", "--languagetool", "off")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"mtqa: error: a.po: line 7: \\{kind} is no escape a PO string may hold (gettext's: "
        '\\n \\t \\r \\" \\\\ \\a \\b \\f \\v, octal \\ooo, hex \\xhh)'
    ]


def test_c_escapes_and_an_escaped_backslash_before_u_are_read():
    doc = parse(_po("sr", 'a\\\\u b\\t\\"c\\"'), "a.po", "po", ReadOptions())
    assert doc.segments[0].text == 'a\\u b\t"c"'


def test_octal_and_hex_escapes_of_ascii_are_read_and_keep_offsets():
    doc = parse(_po("en", "\\x41 the \\101\\102C"), "a.po", "po", ReadOptions())
    seg = doc.segments[0]
    assert seg.text == "A the ABC"
    written = doc.file_text
    # each character points at its escape's backslash or at itself in the file
    assert [written[seg.file_offset(i)] for i in range(len(seg.text))] == list("\\ the \\\\C")


@pytest.mark.parametrize("escape", ["\\xc3\\xa9", "\\351"])
def test_a_byte_escape_beyond_ascii_is_one_line(run, tmp_path, escape):
    """A byte of a UTF-8 character cannot be given back as a character by itself:
    refused, not read as the letters after the backslash."""
    (tmp_path / "a.po").write_text(_po("en", f"Caf{escape} open"), encoding="utf-8")
    result = run("check", "a.po", "--languagetool", "off")
    first = escape.split("\\")[1]
    assert (result.exit_code, result.stderr.splitlines()) == (
        2,
        [
            f"mtqa: error: a.po: line 7: \\{first} is not an ASCII character; write the "
            "character itself, not its bytes"
        ],
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_whose_nul_bytes_come_late_is_still_binary(run, tmp_path):
    """The first bytes of a named pipe are read whole before the binary check, as
    the writer's pauses deliver them: the check does not depend on its timing."""
    fifo = tmp_path / "slow.txt"
    os.mkfifo(fifo)

    def write() -> None:
        with fifo.open("wb") as out:
            out.write(b"text\n")
            out.flush()
            time.sleep(0.3)
            out.write(b"Prices\0\0\0 rose.\n")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        result = run("check", str(fifo), "--languagetool", "off")
    finally:
        writer.join()
    assert result.exit_code == 2
    assert "binary file (contains NUL bytes), not text" in result.stderr


def test_folders_that_cannot_be_listed(run, tmp_path, monkeypatch):
    """A folder inside the one walked that this user may not list is skipped, as
    ``os.walk`` skips it, and its report-folder marker is not looked for (which
    raised PermissionError from Python 3.11's ``Path.is_file``: an internal
    error); the folder named itself says why it cannot be read. (Simulated: the
    tests may run as root, who may list every folder.)"""
    from mtqa.readers import files

    (tmp_path / "docs" / "locked").mkdir(parents=True)
    (tmp_path / "docs" / "a.txt").write_text("The the village met.\n", encoding="utf-8")
    (tmp_path / "docs" / "locked" / "b.txt").write_text("Hidden.\n", encoding="utf-8")
    real_scandir, real_is_file = files.os.scandir, files.Path.is_file

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def is_file(path):
        if "locked" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_file(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    monkeypatch.setattr(files.Path, "is_file", is_file)
    result = run("check", "docs", "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == ["docs/a.txt"]
    refused = run("check", "docs/locked")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == "mtqa: error: docs/locked: cannot read: Permission denied"
