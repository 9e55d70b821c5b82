"""Hostile input, the rest of issue 14: units left untranslated count (MT307) in
every bilingual format; a file header's language code is judged as --target-lang
is; chunked runs read encodings and line ends as whole-file runs do; a cell of
megabytes is read in linear time."""

from __future__ import annotations

import json
import os

import pytest

from mtqa.errors import InputError
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
        ("MT307", 11, 9,
         "unit 2 is marked fuzzy, so gettext does not use its translation (source: '早上好')"),
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
    missing = [s for s in doc.segments if s.untranslated or s.state == "fuzzy"]
    assert [doc.line_col(s.file_offset(0)) for s in missing] == [(e[1], e[2]) for e in expected]
    assert all(s.kind in ("unit", "row") for s in missing)
    assert all(s.text.strip() == "" for s in missing if s.state != "fuzzy")


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
    assert whole.stderr.strip() == (  # the line too, as a chunked read names it
        f"mtqa: error: s.txt: not valid utf-8 on line 2001 (byte 0xff at offset "
        f"{len(text.encode()) + 8}: invalid start byte); give the right --encoding"
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


# --- 5. what counts as no translation, and where it is said --------------------------------

HEAD12 = XLIFF12.split("<trans-unit")[0]
HEAD20 = XLIFF20.split("<unit")[0]
TAIL20 = "</file>\n</xliff>\n"
TAG_ONLY = [
    ("x.xlf", HEAD12 + '<trans-unit id="1"><source>你好<x id="1"/></source>'
     '<target><x id="1"/></target></trans-unit>\n'
     '<trans-unit id="2"><source>再见<bpt id="2">&lt;b&gt;</bpt>了<ept id="2">&lt;/b&gt;</ept>'
     '</source><target><bpt id="2">&lt;b&gt;</bpt><ept id="2">&lt;/b&gt;</ept></target>'
     "</trans-unit>\n</body></file></xliff>\n", [
        ("MT307", 4, 58, "unit 1 has no translation (source: '你好')"),
        ("MT307", 5, 103, "unit 2 has no translation (source: '再见 了')"),
    ]),
    ("y.xlf", HEAD20 + '<unit id="u1"><segment><source>你好<ph id="1"/></source>'
     '<target><ph id="1"/></target></segment></unit>\n<unit id="u2"><segment><source>'
     '<sc id="1"/>再见<ec startRef="1"/></source><target><sc id="1"/><ec startRef="1"/>'
     "</target></segment></unit>\n" + TAIL20, [
        ("MT307", 4, 63, "unit u1 has no translation (source: '你好')"),
        ("MT307", 5, 81, "unit u2 has no translation (source: '再见')"),
    ]),
    ("t.tmx", '<tmx version="1.4"><header srclang="zh"/><body>\n<tu tuid="a1"><tuv xml:lang="zh">'
     '<seg>你好<ph x="1">{1}</ph></seg></tuv><tuv xml:lang="en"><seg><ph x="1">{1}</ph></seg>'
     "</tuv></tu>\n</body></tmx>\n", [
        ("MT307", 2, 95, "unit a1 has no translation (source: '你好')"),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "expected"), TAG_ONLY)
def test_a_target_of_inline_tags_only_is_no_translation(run, name, content, expected):
    _write(name, content)
    assert _jsonl(run, name) == (1, expected, "")


# every character that shows nothing: blanks, format characters (Cf), blank-looking letters
BLANKS = [
    "\u2800", "\u200b", "\ufeff", "\u00ad", "\u200e", "\u2060", "\u180e", "\u3164", "\u115f",
    "\u1160", "\uffa0", "\u200d", "\u2066", "\U000e0041", "\u3000", "\u00a0", "\ufe0f",
    "\u200b \u2800\u3164",
]  # fmt: skip


@pytest.mark.parametrize("blank", BLANKS, ids=lambda b: "+".join(f"U{ord(c):04X}" for c in b))
def test_a_target_of_invisible_characters_only_is_no_translation(run, blank):
    _write("b.tsv", f"id\tsource\ttarget\n1\t你好\t{blank}\n2\t再见\t{blank}\n")
    code, found, stderr = _jsonl(run, "b.tsv", "--select", "MT307")
    assert (code, stderr) == (1, "")  # a file of nothing but such rows fails
    assert found == [
        ("MT307", 2, 6, "row 1 has no translation (source: '你好')"),
        ("MT307", 3, 6, "row 2 has no translation (source: '再见')"),
    ]
    # a source of them is none: no unit to translate, and no text to check at all
    _write("s.tsv", f"id\tsource\ttarget\n1\t{blank}\t\n2\t{blank}\t{blank}\n")
    result = run("check", "s.tsv", "--languagetool", "off")
    assert (result.exit_code, result.stderr.strip()) == (
        2, "mtqa: error: s.tsv: no target text to check"
    )  # fmt: skip


def test_what_shows_text_is_judged_by_category_and_digits_and_marks_are_text():
    import sys
    import unicodedata

    from mtqa.model import TAG, Segment, has_text

    invisible = [chr(c) for c in range(sys.maxunicode + 1)
                 if unicodedata.category(chr(c)) in ("Cf", "Cc", "Zs", "Zl", "Zp")]  # fmt: skip
    assert not [hex(ord(c)) for c in invisible if has_text(c)]
    assert not has_text(TAG + " \t" + TAG) and not has_text("") and not has_text(None)
    for text in ("2024", ".", "。", "a", "\ufffd", "‰", "é"):
        assert has_text(text), text
    assert not Segment(1, "2024", 0, "row", source="2024").untranslated
    assert not Segment(1, ".", 0, "row", source="。").untranslated
    assert Segment(1, TAG, 0, "unit", source="你好" + TAG).untranslated
    assert not Segment(1, TAG, 0, "unit", source=TAG + "\u200b").untranslated  # no source text


def test_numbers_and_punctuation_kept_as_they_are_are_translations(run):
    _write("n.tsv", "id\tsource\ttarget\n1\t2024\t2024\n2\t。\t.\n3\t你好\tHello there.\n")
    assert _jsonl(run, "n.tsv", "--select", "MT307") == (0, [], "")


def test_no_text_is_judged_in_linear_time():
    from mtqa.model import has_text

    small, large = "\u200b \u2800" * 100_000, "\u200b \u2800" * 1_600_000
    ratio = best_seconds(lambda: has_text(large)) / best_seconds(lambda: has_text(small))
    assert ratio < 40  # 16 times the text


FUZZY_PO = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
    '#: a.c:1\n#, c-format, fuzzy\nmsgid "早上好%s"\nmsgstr "Good the the morning %s."\n\n'  # 5-8
    'msgid "你好"\nmsgstr "Hello there."\n\n'  # 10-11
    '#, fuzzy\n#| msgid "旧"\nmsgctxt "menu"\nmsgid "再见"\nmsgstr "Goodbye now."\n\n'  # 13-17
    '#, fuzzy\nmsgid "谢谢"\nmsgstr ""\n\n'  # 19-21: fuzzy and empty: untranslated
    '#~ #, fuzzy\n#~ msgid "废"\n#~ msgstr "Old"\n'  # obsolete: no unit
)


def test_a_fuzzy_po_entry_is_untranslated_for_gettext_and_its_text_still_checked(run):
    _write("f.po", FUZZY_PO)
    fuzzy = "is marked fuzzy, so gettext does not use its translation"
    assert _jsonl(run, "f.po") == (1, [
        ("MT307", 8, 9, f"unit 1 {fuzzy} (source: '早上好%s')"),
        ("MT205", 8, 14, "Word doubled: 'the the'"),  # the other rules read its text
        ("MT307", 17, 9, f"unit menu|再见 {fuzzy} (source: '再见')"),
        ("MT307", 21, 9, "unit 4 has no translation (source: '谢谢')"),
    ], "")  # fmt: skip
    states = [(s.text, s.state) for s in parse(FUZZY_PO, "f.po", "po").segments]
    assert states == [
        ("Good the the morning %s.", "fuzzy"), ("Hello there.", None),
        ("Goodbye now.", "fuzzy"), ("", "fuzzy"),
    ]  # fmt: skip


def test_a_file_of_fuzzy_entries_fails():
    from mtqa import Checker, Config

    entries = "".join(
        f'#, fuzzy\nmsgid "第{n}句"\nmsgstr "Sentence {n} reads well here."\n\n' for n in range(20)
    )
    doc = parse('msgid ""\nmsgstr ""\n"Language: en\\n"\n\n' + entries, "f.po", "po")
    result = Checker(Config()).check(doc)
    assert [f.rule for f in result.findings] == ["MT307"] * 20 and not result.passed


def test_translate_yes_inside_translate_no_is_to_translate(run):
    xliff = HEAD12 + (
        '<group translate="no"><trans-unit id="1" translate="yes"><source>你好</source>'
        "</trans-unit>\n"  # line 4: yes on the unit wins
        '<group translate="yes"><trans-unit id="2"><source>再见</source></trans-unit>\n'  # 5
        '<trans-unit id="3" translate="no"><source>商标</source></trans-unit></group>\n'
        '<trans-unit id="4"><source>品牌</source></trans-unit></group>\n'  # the outer "no"
        '<trans-unit id="5"><source>谢谢</source><target>Thank you.</target></trans-unit>\n'
        "</body></file></xliff>\n"
    )
    _write("y.xlf", xliff)
    assert _jsonl(run, "y.xlf") == (1, [
        ("MT307", 4, 66, "unit 1 has no translation (source: '你好')"),
        ("MT307", 5, 51, "unit 2 has no translation (source: '再见')"),
    ], "")  # fmt: skip
    v2 = HEAD20.replace("<file ", '<file translate="no" ') + (
        '<unit id="u1" translate="yes"><segment><source>你好</source></segment></unit>\n'
        '<unit id="u2"><segment><source>再见</source></segment></unit>\n' + TAIL20
    )
    assert [s.id for s in parse(v2, "v.xlf", "xliff").segments] == ["u1"]


def test_groups_nested_deep_are_read_without_recursion():
    deep = 5000
    xliff = (
        HEAD12
        + '<group translate="no">' * deep
        + ('<trans-unit id="1" translate="yes"><source>你好</source></trans-unit>')
        + "</group>" * deep
        + "\n</body></file></xliff>\n"
    )
    assert [s.id for s in parse(xliff, "d.xlf", "xliff").segments] == ["1"]


JSONL_GAPS = (
    '{"id": "1", "source": "你好", "target": "Hello there."}\n'
    '{"id": "2", "source": "再见"}\n'  # line 2: the target left out
    '{"source": "谢谢", "id": "3"}\n'
    '{"id": "4"}\n'  # nothing to translate
)


def test_a_jsonl_row_without_the_target_field_is_untranslated(run):
    expected = [
        ("MT307", 2, 24, "row 2 has no translation (source: '再见')"),
        ("MT307", 3, 13, "row 3 has no translation (source: '谢谢')"),
    ]
    _write("m.jsonl", JSONL_GAPS)
    assert _jsonl(run, "m.jsonl") == (1, expected, "")
    assert _jsonl(run, "m.jsonl", "--stream") == (1, expected, "")
    named = JSONL_GAPS.replace('"target"', '"tr"')
    _write("c.jsonl", named)
    assert _jsonl(run, "c.jsonl", "--columns", "target=tr") == (1, expected, "")


def test_a_jsonl_file_where_no_row_has_the_target_field_is_refused_naming_it(run):
    _write("n.jsonl", '{"id": "1", "source": "你好"}\n{"id": "2", "source": "再见"}\n')
    assert _jsonl(run, "n.jsonl") == (2, [], (
        "mtqa: error: n.jsonl: no target column (name it with --columns target=NAME; "
        "columns: id, source)"
    ))  # fmt: skip
    assert _jsonl(run, "n.jsonl", "--stream")[::2] == _jsonl(run, "n.jsonl")[::2]
    _write("c.jsonl", JSONL_GAPS.replace('"target"', '"tr"'))
    assert _jsonl(run, "c.jsonl", "--columns", "target=tx") == (2, [], (
        "mtqa: error: c.jsonl: no column 'tx' for the target (columns: id, source, tr)"
    ))  # fmt: skip


def test_chunks_of_jsonl_rows_without_the_target_field_know_later_rows_have_it(tmp_path):
    lines = [json.dumps({"source": f"第{n}句"}) for n in range(5)]
    lines += [json.dumps({"source": f"第{n}句", "target": f"Row {n}."}) for n in range(5, 7)]
    path = tmp_path / "late.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chunks = list(stream_rows(str(path), "jsonl", ReadOptions(), "auto", chunk_rows=2))
    segments = [s for c in chunks for s in c.document.segments]
    assert [s.untranslated for s in segments] == [True] * 5 + [False] * 2
    assert [c.document.segment_offset for c in chunks] == [0, 2, 4, 6]
    path.write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="no target column"):
        list(stream_rows(str(path), "jsonl", ReadOptions(), "auto", chunk_rows=2))


TMX_DE = (
    '<tmx version="1.4"><header srclang="zh"/><body>\n'
    '<tu tuid="a1"><tuv xml:lang="zh"><seg>你好</seg></tuv>'
    '<tuv xml:lang="de"><seg>Hallo da.</seg></tuv></tu>\n'
    '<tu tuid="a2"><tuv xml:lang="zh"><seg>再见</seg></tuv></tu>\n'  # the source alone
    "</body></tmx>\n"
)


def test_a_tmx_unit_with_the_source_alone_is_untranslated_when_the_target_is_known(run):
    _write("s.tmx", TMX_DE)
    a2 = ("MT307", 3, 39, "unit a2 has no translation (source: '再见')")
    # German: the language the other units have, or the one given
    assert _jsonl(run, "s.tmx", "--select", "MT307")[:2] == (1, [a2])
    assert parse(TMX_DE, "s.tmx", "tmx").target_lang == "de"
    assert _jsonl(run, "s.tmx", "--select", "MT307", "--target-lang", "de")[:2] == (1, [a2])
    assert _jsonl(run, "s.tmx", "--select", "MT307", "--target-lang", "fr")[:2] == (1, [
        ("MT307", 2, 39, "unit a1 has no translation (source: '你好')"), a2,
    ])  # fmt: skip
    alone = TMX_DE.replace('<tuv xml:lang="de"><seg>Hallo da.</seg></tuv>', "")
    _write("a.tmx", alone)
    assert _jsonl(run, "a.tmx", "--target-lang", "en")[:2] == (1, [
        ("MT307", 2, 39, "unit a1 has no translation (source: '你好')"), a2,
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (('<tuv xml:lang="de"><seg>Hallo da.</seg></tuv>', ""),
         "no unit has a variant but the source's ('zh')"),
        (('<tuv xml:lang="zh"><seg>再见</seg></tuv></tu>', '<tuv xml:lang="zh"><seg>再见</seg>'
          '</tuv><tuv xml:lang="fr"><seg>Au revoir.</seg></tuv></tu>'),
         "no unit has an 'en' variant, and they have several others (de, fr)"),
    ],
)  # fmt: skip
def test_a_tmx_whose_target_language_cannot_be_told_is_refused(run, change, says):
    _write("s.tmx", TMX_DE.replace(*change))
    assert _jsonl(run, "s.tmx") == (2, [], (
        f"mtqa: error: s.tmx: cannot tell the language this TMX translates into: {says}; "
        "give --target-lang"
    ))  # fmt: skip


def test_a_tmx_unit_with_neither_language_is_named(run):
    other = TMX_DE.replace(
        '<tuv xml:lang="zh"><seg>再见</seg></tuv>', '<tuv xml:lang="fr"><seg>Au revoir.</seg></tuv>'
    )
    _write("o.tmx", other)
    assert _jsonl(run, "o.tmx", "--target-lang", "de") == (2, [], (
        "mtqa: error: o.tmx: unit a2 has neither a 'zh' nor a 'de' variant (its languages: fr)"
    ))  # fmt: skip


def _ascii(lines: int) -> str:
    """``lines`` paragraphs of ASCII text, no two alike (200 lines: 4 KB)."""
    return "".join(f"Line {n} of the road was built today.\n\n" for n in range(lines))


CJK_LINES = [
    ("gb18030", "这是一个测试，我们今天去公园散步。"),
    ("big5", "這是一個測試，我們今天去公園散步。"),
    ("cp932", "これはテストです。今日は公園を散歩します。"),
    ("euc_kr", "이것은 테스트입니다. 오늘 공원을 산책합니다."),
]


@pytest.mark.parametrize(("codec", "line"), CJK_LINES)
@pytest.mark.parametrize("size", ["small", "chunked"])
def test_ascii_text_ending_in_one_cjk_line_is_read_in_its_codec(run, codec, line, size):
    text = _ascii(100 if size == "small" else 30_000)  # 4 KB, or 1.2 MB: read in chunks
    _write("c.txt", text.encode() + line.encode(codec) + b"\n")
    assert read_text("c.txt") == (text + line + "\n", codec)
    chunks = list(stream_text("c.txt", ReadOptions(), "auto"))
    assert chunks[-1].document.encoding == codec
    assert chunks[-1].document.segments[-1].text == line
    found = _findings(run, "c.txt", "--stream")
    assert not [f for f in found if f[0] == "MT305"]  # no mojibake
    assert _findings(run, "c.txt") == found


@pytest.mark.parametrize("size", ["small", "chunked"])
def test_western_text_in_cp1252_stays_cp1252(run, size):
    lines = 100 if size == "small" else 30_000
    legacy = "It’s done – “fine”, the the farmers said. Café, naïve, Müller’s Straße.\n"
    _write("w.txt", _ascii(lines).encode() + legacy.encode("cp1252"))
    assert read_text("w.txt")[1] == "cp1252"
    expected = [("MT205", 2 * lines + 1, 21, "the the")]
    assert _findings(run, "w.txt", "--stream") == expected
    assert _findings(run, "w.txt") == expected
    for word in ("It’s", "naïve", "Straße", "ÀÉÎÕÜ", "“Été”"):
        _write("s.txt", word.encode("cp1252"))
        assert read_text("s.txt") == (word, "cp1252"), word


def test_rows_without_an_id_are_named_by_their_row_in_the_file_in_every_chunk(run):
    rows = "".join(f"第{n}句,Row {n} reads well here.\n" for n in range(1, 5003))
    _write("r.csv", "source,target\n" + rows + "再见,\n")  # row 5003, in the second chunk
    expected = [("MT307", 5004, 4, "row 5003 has no translation (source: '再见')")]
    assert _jsonl(run, "r.csv", "--select", "MT307", "--stream")[1:] == (expected, "")
    assert _jsonl(run, "r.csv", "--select", "MT307")[1:] == (expected, "")


def test_a_bad_byte_in_a_whole_file_names_its_line(run):
    data = b"id\ttarget\r\n1\tFine text here.\r\n2\tA stray \xff byte.\n"
    _write("s.tsv", data)
    says = (
        "not valid utf-8 on line 3 (byte 0xff at offset 40: invalid start byte); "
        "give the right --encoding"
    )
    for args in ((), ("--stream",)):
        result = run("check", "s.tsv", "--languagetool", "off", "--encoding", "utf-8", *args)
        assert (result.exit_code, result.stderr.strip()) == (2, f"mtqa: error: s.tsv: {says}")


def test_a_glossary_error_quotes_a_few_short_names(run):
    _write("a.txt", "The plan works well.\n")
    _write("wide.csv", ",".join(f"col{n}" for n in range(200_000)) + "\n1,2\n")
    _write("deep.json", "[" * 400_000 + "]" * 400_000 + "\n")
    _write("long.csv", "source,target\n" + "x" * 100_000 + ",\n")
    needs = "a glossary needs 'source' and 'target' (or 'forbidden') columns, not"
    for name, says in [
        ("wide.csv", f"{needs} col0, col1, col2, col3, col4 and 199995 more"),
        ("deep.json", f"{needs} {'[' * 39}…"),
        ("long.csv", f"the term '{'x' * 39}…' has no target and no forbidden"),
    ]:
        result = run("check", "a.txt", "--languagetool", "off", "--glossary", name)
        where = "long.csv:2" if name == "long.csv" else name
        assert (result.exit_code, result.stderr.strip()) == (2, f"mtqa: error: {where}: {says}")


def test_a_reader_error_quotes_a_few_short_names(run):
    header = "\t".join(f"column number {n} " + "x" * 50 for n in range(1000))
    _write("h.tsv", header + "\n" + "\t".join("v" * 1000) + "\n")
    result = run("check", "h.tsv", "--languagetool", "off")
    shown = ", ".join(f"column number {n} " + "x" * (39 - len(f"column number {n} ")) + "…"
                      for n in range(5))  # fmt: skip
    assert (result.exit_code, result.stderr.strip()) == (2, (
        "mtqa: error: h.tsv: no target column (name it with --columns target=NAME; "
        f"columns: {shown} and 995 more)"
    ))  # fmt: skip


def test_an_untranslated_unit_is_reported_once_not_by_every_rule_its_blanks_trip(run):
    """A target of zero-width spaces or an indent is MT307's: not also an invisible
    character (MT306) or an indent (MT104)."""
    rows = [
        {"source": "你好世界", "target": "\u200b\u200b"},
        {"source": "早上好", "target": "   "},
        {"source": "再见", "target": "Goodbye."},
    ]
    _write("zw.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    assert [f[0] for f in _findings(run, "zw.jsonl")] == ["MT307", "MT307"]


# --- breaker round: targets that show nothing ----------------------------------------


@pytest.mark.parametrize(
    "target",
    ["\u0301", "\u0301" * 3, "\u034f\u0489", " \u0301", "\U0001d159", "\U0001f3fb",
     "\U0001f3fb\U0001f3ff", "\u0903"],
    ids=["acute", "three-acutes", "cgj-enclosing", "space-acute", "null-notehead",
         "skin-tone", "two-skin-tones", "spacing-mark"],
)  # fmt: skip
def test_a_target_of_marks_or_blank_symbols_is_untranslated(target):
    from mtqa.model import Segment, has_text

    assert not has_text(target)
    assert Segment(1, target, 0, source="Hello.").untranslated


@pytest.mark.parametrize(
    ("source", "target"),
    [("2024", "2024"), ("。", "."), ("😀", "😀"), ("👍", "👍🏻"), ("e", "e\u0301"),
     ("Hi", "\u0301x")],
)  # fmt: skip
def test_a_target_with_a_shown_character_is_translated(source, target):
    from mtqa.model import Segment

    assert not Segment(1, target, 0, source=source).untranslated


def test_a_marks_only_target_is_mt307_in_a_tsv(run, tmp_path):
    (tmp_path / "a.tsv").write_text("source\ttarget\nHello there.\t\u0301\u0301\n", "utf-8")
    result = run("check", "a.tsv", "--format", "jsonl", "--languagetool", "off")
    rules = [json.loads(line)["rule"] for line in result.stdout.splitlines()]
    assert result.exit_code == 1 and rules == ["MT307"]


def test_has_text_is_linear_in_a_run_of_marks():
    from mtqa.model import has_text

    small, large = "\u0301" * 20_000, "\u0301" * 200_000
    assert best_seconds(lambda: has_text(large)) < 30 * best_seconds(lambda: has_text(small))


def test_a_chunk_of_rows_ends_at_its_characters_however_few_its_rows(tmp_path):
    path = tmp_path / "long.jsonl"
    rows = [json.dumps({"id": str(n), "target": f"Row {n} " + "word " * 20}) for n in range(10)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    width = len(rows[0]) + 1  # a row and its line end
    chunks = list(stream_rows(str(path), "jsonl", ReadOptions(), "auto", chunk_chars=3 * width))
    assert [c.first_row for c in chunks] == [1, 4, 7, 10]  # three rows hold the characters
    assert [len(c.document.segments) for c in chunks] == [3, 3, 3, 1]
    one = list(stream_rows(str(path), "jsonl", ReadOptions(), "auto", chunk_chars=1))
    assert len(one) == 10  # a row longer than a chunk is a chunk of its own, never cut
    assert [c.document.segments[0].text for c in one] == [json.loads(r)["target"] for r in rows]


def test_blank_lines_before_the_rows_end_no_chunk(tmp_path):
    path = tmp_path / "blank.jsonl"
    rows = [json.dumps({"id": str(n), "target": f"Row {n} went went on."}) for n in range(3)]
    path.write_text(" " * 500 + "\n" + "\n" * 300 + "\n".join(rows) + "\n", encoding="utf-8")
    chunks = list(stream_rows(str(path), "jsonl", ReadOptions(), "auto", chunk_chars=100))
    # the blanks fill the first chunk, which ends at its first row: none is empty
    assert [len(c.document.segments) for c in chunks] == [1, 2]
    assert chunks[0].document.line_col(chunks[0].document.segments[0].offset)[0] == 302


def test_a_field_columns_names_may_come_first_in_a_later_chunk(tmp_path, run):
    lines = [json.dumps({"id": str(n), "target": f"Row {n}."}) for n in range(6)]
    lines += [json.dumps({"id": "6", "src": "第六句", "target": "Row 6."})]
    path = tmp_path / "late.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = ReadOptions(columns={"source": "src"})
    chunks = list(stream_rows(str(path), "jsonl", options, "auto", chunk_rows=2))
    sources = [s.source for c in chunks for s in c.document.segments]
    assert sources == [None] * 6 + ["第六句"]
    path.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")  # in no row at all
    with pytest.raises(InputError, match="no column 'src' for the source"):
        list(stream_rows(str(path), "jsonl", options, "auto", chunk_rows=2))


def test_stdin_holds_its_chunk_until_a_row_has_the_target(run, monkeypatch):
    import mtqa.streaming as streaming

    def small(*args, **kwargs):
        return stream_rows(*args, **{**kwargs, "chunk_rows": 2})

    monkeypatch.setattr(streaming, "stream_rows", small)
    lines = [json.dumps({"id": str(n), "source": f"第{n}句"}) for n in range(5)]
    lines += [json.dumps({"id": str(n), "target": f"Row {n} went went on."}) for n in (5, 6)]
    args = ("check", "-", "--stdin-format", "jsonl", "--format", "jsonl", "--select", "MT205,MT307")
    streamed = run(*args, "--stream", input="\n".join(lines) + "\n")
    assert streamed.exit_code == 1, streamed.output
    rules = [json.loads(line)["rule"] for line in streamed.stdout.splitlines()]
    assert rules == ["MT307"] * 5 + ["MT205"] * 2  # five untranslated rows, then the doubles
    assert streamed.stdout == run(*args, input="\n".join(lines) + "\n").stdout


@pytest.mark.parametrize("fmt", ["text", "grouped"])
def test_a_broken_jsonl_line_is_named_with_its_column_and_nothing_is_printed(run, fmt):
    _write("bad.jsonl", '{"target": "Fine."}\n{"target": "broken\n')
    result = run("check", "bad.jsonl", "--languagetool", "off", "--format", fmt)
    assert result.exit_code == 2
    assert result.stderr == (
        "mtqa: error: bad.jsonl: line 2, column 12: "
        "not valid JSON (Unterminated string starting here)\n"
    )
    assert result.stdout == ""  # no summary of no document, not even a blank line
