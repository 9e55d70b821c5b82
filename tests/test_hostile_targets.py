"""Hostile input, the rest of issue 14: units left untranslated count (MT307) in
every bilingual format; a file header's language code is judged as --target-lang
is; chunked runs read encodings and line ends as whole-file runs do; a cell of
megabytes is read in linear time."""

from __future__ import annotations

import json
import os

import pytest

from mtqa.readers import ReadOptions, parse
from mtqa.readers.escapes import JSON_ESCAPES, unescape
from mtqa.readers.files import load, read_text
from mtqa.readers.stream import stream_rows
from mtqa.readers.textstream import stream_text

from .timing import best_seconds


def _write(name: str, content: str | bytes) -> None:
    mode, kwargs = ("wb", {}) if isinstance(content, bytes) else ("w", {"encoding": "utf-8"})
    with open(os.path.join(os.getcwd(), name), mode, **kwargs) as f:  # type: ignore[call-overload]
        f.write(content)


def _jsonl(run, name: str, *args: str):
    """Exit code, findings (rule, line, column, message) and stderr of a check."""
    result = run("check", name, "--languagetool", "off", "--format", "jsonl", *args)
    found = [json.loads(line) for line in result.stdout.splitlines()]
    return (
        result.exit_code,
        [(f["rule"], f["line"], f["column"], f["message"]) for f in found],
        result.stderr.strip(),
    )


# --- 1. missing targets -----------------------------------------------------------------

XLIFF12 = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    '<file source-language="zh" target-language="en" datatype="plaintext" original="a"><body>\n'
    '<trans-unit id="1"><source>你好，世界。</source><target>Hello, world.</target></trans-unit>\n'
    '<trans-unit id="2"><source>再见。</source></trans-unit>\n'
    '<trans-unit id="3"><source>谢谢。</source><target/></trans-unit>\n'
    '<trans-unit id="4"><source>早上好。</source><target></target></trans-unit>\n'
    '<trans-unit id="5" translate="no"><source>产品名</source></trans-unit>\n'
    '<group translate="no"><trans-unit id="6"><source>商标</source></trans-unit></group>\n'
    '<trans-unit id="7"><source></source></trans-unit>\n'
    "</body></file></xliff>\n"
)
XLIFF20 = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" '
    'trgLang="en">\n<file id="f">\n'
    '<unit id="u1"><segment state="translated"><source>你好。</source>'
    "<target>Hello there.</target></segment></unit>\n"
    '<unit id="u2"><segment state="initial"><source>再见。</source></segment></unit>\n'
    '<unit id="u3" translate="no"><segment><source>商标</source></segment></unit>\n'
    "</file>\n</xliff>\n"
)
TMX = (
    '<tmx version="1.4"><header srclang="zh"/><body>\n'
    '<tu tuid="a1"><tuv xml:lang="zh"><seg>你好</seg></tuv>'
    '<tuv xml:lang="en"><seg>Hello there.</seg></tuv></tu>\n'
    '<tu tuid="a2"><tuv xml:lang="zh"><seg>再见</seg></tuv><tuv xml:lang="en"><seg/></tuv></tu>\n'
    "</body></tmx>\n"
)
PO = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    'msgid "你好"\nmsgstr "Hello there."\n\n'  # lines 6-7
    '#, fuzzy\nmsgid "早上好"\nmsgstr "Good morning."\n\n'  # 9-11: fuzzy, translated
    '#, fuzzy\nmsgid "再见"\nmsgstr ""\n\n'  # 13-15
    'msgid "一个"\nmsgid_plural "多个"\nmsgstr[0] "One"\nmsgstr[1] ""\n\n'  # 17-20
    '#~ msgid "旧"\n#~ msgstr ""\n'  # obsolete: no unit
)
UNTRANSLATED = [
    ("a.xlf", XLIFF12, [
        ("MT307", 5, 28, "unit 2 has no translation (source: '再见。')"),
        ("MT307", 6, 49, "unit 3 has no translation (source: '谢谢。')"),
        ("MT307", 7, 49, "unit 4 has no translation (source: '早上好。')"),
    ]),
    ("b.xlf", XLIFF20, [("MT307", 5, 48, "unit u2 has no translation (source: '再见。')")]),
    ("a.tmx", TMX, [("MT307", 3, 78, "unit a2 has no translation (source: '再见')")]),
    ("a.po", PO, [
        ("MT307", 15, 9, "unit 3 has no translation (source: '再见')"),
        ("MT307", 20, 12, "unit 一个[1] has no translation (source: '多个')"),
    ]),
    ("a.csv", 'id,source,target\n1,你好,Hello there.\n2,再见,\n3,,\n4,"谢谢\n你",""\n', [
        ("MT307", 3, 6, "row 2 has no translation (source: '再见')"),
        ("MT307", 6, 5, "row 4 has no translation (source: '谢谢 你')"),
    ]),
    ("a.tsv", "id\tsource\ttarget\n1\t你好\tHello there.\n2\t再见\t\n", [
        ("MT307", 3, 6, "row 2 has no translation (source: '再见')"),
    ]),
    ("a.jsonl", '{"id": "1", "source": "你好", "target": "Hello there."}\n'
     '{"id": "2", "source": "再见", "target": null}\n'
     '{"id": "3", "source": "谢谢", "target": ""}\n', [
        ("MT307", 2, 39, "row 2 has no translation (source: '再见')"),
        ("MT307", 3, 40, "row 3 has no translation (source: '谢谢')"),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "expected"), UNTRANSLATED)
def test_each_untranslated_unit_is_a_major_finding_at_its_place(run, name, content, expected):
    _write(name, content)
    code, found, _ = _jsonl(run, name)
    assert code == 1  # a major finding over a few words: the file fails
    assert found == expected
    if name.endswith((".csv", ".tsv", ".jsonl")):  # read a chunk of rows at a time: the same
        assert _jsonl(run, name, "--stream")[:2] == (1, expected)


@pytest.mark.parametrize(("name", "content", "expected"), UNTRANSLATED)
def test_untranslated_units_are_segments_without_text_where_their_target_would_be(
    name, content, expected
):
    fmt = {"xlf": "xliff"}.get(name.rsplit(".", 1)[1], name.rsplit(".", 1)[1])
    doc = parse(content, name, fmt)
    missing = [s for s in doc.segments if s.untranslated]
    assert [doc.line_col(s.file_offset(0)) for s in missing] == [(e[1], e[2]) for e in expected]
    assert all(s.text.strip() == "" and s.kind in ("unit", "row") for s in missing)


def test_translate_no_obsolete_and_header_entries_are_no_units():
    xliff = parse(XLIFF12, "a.xlf", "xliff")
    assert [s.id for s in xliff.segments] == ["1", "2", "3", "4"]  # not 5, 6 (no), 7 (empty)
    assert [s.id for s in parse(XLIFF20, "b.xlf", "xliff").segments] == ["u1", "u2"]
    po = parse(PO, "a.po", "po")
    assert [(s.text, s.untranslated) for s in po.segments] == [
        ("Hello there.", False), ("Good morning.", False), ("", True), ("One", False),
        ("", True),
    ]  # fmt: skip


def test_a_blank_target_is_flagged_on_its_blanks(run):
    _write("w.tsv", "id\tsource\ttarget\n1\t你好\tHello there.\n2\t再见\t   \n")
    assert _jsonl(run, "w.tsv") == (
        1, [("MT307", 3, 6, "row 2 has no translation (source: '再见')")], ""
    )  # fmt: skip


def test_ninety_untranslated_units_of_a_hundred_fail_the_default_gate(run):
    units = "".join(
        f'<trans-unit id="{n}"><source>第{n}句话。</source>'
        + (f"<target>Sentence {n} reads well here.</target>" if n % 10 == 0 else "")
        + "</trans-unit>\n"
        for n in range(1, 101)
    )
    _write("m.xlf", XLIFF12.split("<trans-unit")[0] + units + "</body></file></xliff>\n")
    code, found, _ = _jsonl(run, "m.xlf")
    assert code == 1 and len(found) == 90 and {f[0] for f in found} == {"MT307"}
    report = json.loads(run("check", "m.xlf", "--format", "json", "--exit-zero").stdout)
    assert report["documents"][0]["passed"] is False


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("e.po", 'msgid "新"\nmsgstr ""\n\nmsgid "一"\nmsgid_plural "多"\nmsgstr[0] ""\n'
         'msgstr[1] ""\n'),
        ("e.xlf", XLIFF12.replace("<target>Hello, world.</target>", "")),
        ("e.csv", "id,source,target\n1,你好,\n2,再见,\n"),
    ],
)  # fmt: skip
def test_a_file_with_no_unit_translated_fails_with_a_finding_a_unit(run, name, content):
    _write(name, content)
    code, found, stderr = _jsonl(run, name)
    assert code == 1 and stderr == ""
    assert len(found) == {"e.po": 3, "e.xlf": 4, "e.csv": 2}[name]


def test_a_table_with_no_target_and_no_source_text_is_still_refused(run):
    _write("e.csv", "id,source,target\n1,,\n2, ,\n")
    result = run("check", "e.csv", "--languagetool", "off")
    assert (result.exit_code, result.stderr.strip()) == (
        2, "mtqa: error: e.csv: no target text to check"
    )  # fmt: skip


# --- 2. language codes in file headers ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("a.xlf", XLIFF12.replace('target-language="en"', 'target-language="e n"'),
         "<file> target-language must be a language code (like zh, en, zh-CN), not 'e n'"),
        ("a.xlf", XLIFF12.replace('target-language="en"', 'target-language="&lt;script&gt;"'),
         "<file> target-language must be a language code (like zh, en, zh-CN), not '<script>'"),
        ("b.xlf", XLIFF20.replace('srcLang="zh"', 'srcLang="z1"'),
         "<xliff> srcLang must be a language code (like zh, en, zh-CN), not 'z1'"),
        ("a.tmx", TMX.replace('srclang="zh"', 'srclang="zh cn"'),
         "<header> srclang must be a language code (like zh, en, zh-CN), not 'zh cn'"),
        ("a.po", PO.replace("Language: en", "Language: <b>"),
         "Language header must be a language code (like zh, en, zh-CN), not '<b>'"),
    ],
)  # fmt: skip
def test_a_malformed_language_code_in_a_header_is_one_line(run, name, content, says):
    _write(name, content)
    result = run("check", name, "--languagetool", "off")
    assert (result.exit_code, result.stderr.strip()) == (2, f"mtqa: error: {name}: {says}")


def test_a_language_the_user_gives_wins_over_the_header():
    xliff = XLIFF12.replace('target-language="en"', 'target-language="de"')
    assert parse(xliff, "a.xlf", "xliff").target_lang == "de"
    given = ReadOptions(target_lang="en", given=frozenset({"target"}))
    assert parse(xliff, "a.xlf", "xliff", given).target_lang == "en"
    po = PO.replace("Language: en", "Language: fr_FR.UTF-8")
    assert parse(po, "a.po", "po").target_lang == "fr-FR"
    assert parse(po, "a.po", "po", given).target_lang == "en"


def test_target_lang_on_the_command_line_wins_over_the_header_and_a_config_does_not(run, tmp_path):
    _write("a.xlf", XLIFF12.replace('target-language="en"', 'target-language="de"'))

    def skipped(*args: str) -> set[str]:
        result = run("check", "a.xlf", "--languagetool", "off", "--format", "json", *args)
        return set(json.loads(result.stdout)["summary"]["skipped_rules"].values())

    assert "not for target language 'de'" in skipped()
    assert "not for target language 'de'" not in skipped("--target-lang", "en")
    _write("mtqa.toml", 'target-lang = "en"\n')  # a project's default, not the file's
    assert "not for target language 'de'" in skipped()


# --- 3. chunked runs: encodings and line ends ---------------------------------------------


def _findings(run, name: str, *args: str) -> list[tuple[str, int, int, str]]:
    result = run("check", name, "--languagetool", "off", "--format", "jsonl", *args)
    assert result.exit_code in (0, 1), result.stderr
    found = map(json.loads, result.stdout.splitlines())
    return [(f["rule"], f["line"], f["column"], f["text"]) for f in found]


def test_a_legacy_byte_after_the_first_kilobytes_is_read_as_a_whole_file_reads_it(run):
    ascii_part = "".join(f"Line {n} of the road was built.\n\n" for n in range(600))
    legacy = "It’s done – “fine”, the the farmers said.\n".encode("cp1252")
    _write("late.txt", ascii_part.encode() + legacy)  # 18 KB of ASCII, then cp1252
    whole = _findings(run, "late.txt")
    assert whole == [("MT205", 1201, 21, "the the")]
    assert _findings(run, "late.txt", "--stream") == whole
    lines = list(stream_text("late.txt", ReadOptions(), "auto"))
    assert lines[-1].document.encoding == "cp1252"


def test_a_stray_byte_deep_in_utf8_is_one_line_naming_line_and_offset(run):
    text = "Café au lait.\n\n" * 1000  # not ASCII: the file is UTF-8
    data = text.encode() + b"A stray \xff byte.\n"
    _write("s.txt", data)
    whole = run("check", "s.txt", "--languagetool", "off")
    assert whole.stderr.strip() == (
        f"mtqa: error: s.txt: not valid utf-8 (byte 0xff at offset {len(text.encode()) + 8});"
        " give the right --encoding"
    )
    streamed = run("check", "s.txt", "--languagetool", "off", "--stream")
    assert (streamed.exit_code, streamed.stderr.strip()) == (
        2,
        f"mtqa: error: s.txt: not valid utf-8 on line 2001 (byte 0xff at offset "
        f"{len(text.encode()) + 8}: invalid start byte); give the right --encoding",
    )


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_line_ends_of_every_kind_give_the_same_lines_chunked_or_whole(run, ending):
    body = "".join(f"Paragraph {n} says the the thing.\n\nA line.\n" for n in range(60))
    _write("t.txt", body.replace("\n", ending).encode())
    whole = _findings(run, "t.txt")
    assert len(whole) == 60 and whole[-1] == ("MT205", 178, 19, "the the")
    assert _findings(run, "t.txt", "--stream") == whole
    chunks = list(stream_text("t.txt", ReadOptions(), "auto", chunk_chars=300))
    assert len(chunks) > 5
    file_lines = body.split("\n")
    for chunk in chunks:  # each segment stands on the file line its chunk says
        doc = chunk.document
        for seg in doc.segments:
            line, column = doc.line_col(seg.offset)
            assert column == 1 and file_lines[line - 1] == seg.text
    rows = "id,source,target\n" + "".join(f"{n},你好,Row {n} has has it.\n" for n in range(30))
    _write("t.csv", rows.replace("\n", ending).encode())
    whole = _findings(run, "t.csv")
    assert ("MT205", 31, 14, "has has") in whole
    assert _findings(run, "t.csv", "--stream") == whole
    streamed = list(stream_rows("t.csv", "csv", ReadOptions(), "auto", chunk_rows=7))
    assert [c.first_row for c in streamed] == [1, 8, 15, 22, 29]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
@pytest.mark.parametrize("given", ["utf-16", "utf-32", "same"])
def test_utf16_and_utf32_without_a_mark_are_read_chunked_as_whole(run, codec, given):
    if given != "same" and not codec.startswith(given):
        pytest.skip("another width")
    _write("u.txt", "Rain rain fell.\n\nThe the end.\n".encode(codec))
    name = codec if given == "same" else given
    whole = _findings(run, "u.txt", "--encoding", name)
    assert [f[0] for f in whole] == ["MT204", "MT205"] or len(whole) >= 1
    assert _findings(run, "u.txt", "--encoding", name, "--stream") == whole
    assert read_text("u.txt", name)[0] == "Rain rain fell.\n\nThe the end.\n"


def test_short_western_text_is_not_taken_for_cjk(run):
    _write("c.txt", "It’s done.\n".encode("cp1252"))
    assert read_text("c.txt") == ("It’s done.\n", "cp1252")
    assert _findings(run, "c.txt") == []
    assert _findings(run, "c.txt", "--stream") == []
    _write("u.txt", "It’s done.\n".encode())
    assert read_text("u.txt") == ("It’s done.\n", "utf-8")


def test_a_po_files_charset_is_honoured(run):
    charset = '"Content-Type: text/plain; charset=GB18030\\n"'
    po = PO.replace('"Language: en\\n"', '"Language: en\\n"\n' + charset)
    _write("g.po", po.replace("Hello there.", "Hello there, the the end.").encode("gb18030"))
    assert read_text("g.po")[1] == "gb18030"
    doc = load("g.po", "po", ReadOptions())
    assert doc.segments[0].source == "你好" and doc.encoding == "gb18030"


# --- 4. a cell of megabytes ---------------------------------------------------------------


def test_a_json_string_of_megabytes_is_decoded_in_linear_time():
    def line(chars: int) -> str:
        return json.dumps({"target": ('He said "yes"\\n and left. ' * (chars // 26))})[12:]

    small, large = line(200_000), line(3_200_000)
    ratio = best_seconds(lambda: unescape(large, 0, 0, JSON_ESCAPES, True)) / best_seconds(
        lambda: unescape(small, 0, 0, JSON_ESCAPES, True)
    )
    assert ratio < 40  # 16 times the text; linear takes about 16 times as long
    text, offsets = unescape(small, 0, 0, JSON_ESCAPES, True)
    assert text.startswith('He said "yes"\\n and') and len(offsets) == len(text)
    assert small[offsets[8]] == "\\"  # an escape at its backslash
