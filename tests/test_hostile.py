"""Hostile and extreme inputs: bounded cost, bounded reads, no false reading."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest

from mtqa.language.spelling import MAX_JUDGED_LETTERS, glued_split, judge_unknown, near_misses
from mtqa.readers.files import read_text

from .timing import best_seconds

# the head of a user's pack rule; each test adds its message and entries
RULE_HEAD = '[[rules]]\ncode = "X1"\nname = "x"\ncategory = "Style"\nseverity = "minor"\n'


@pytest.mark.parametrize("letters", [MAX_JUDGED_LETTERS + 1, 20_000])
def test_words_longer_than_any_english_word_are_not_searched(letters):
    word = "x" * letters
    assert judge_unknown(word) is None and glued_split(word) is None
    assert near_misses(word) == []


def test_a_20000_letter_word_costs_no_more_than_a_short_text(tmp_path):
    """The spelling search grew with the square of a word's length: 20,000 letters
    took tens of gigabytes. The run is held to 1 GB of address space here."""
    (tmp_path / "a.txt").write_text("The word " + "x" * 20_000 + " is long.\n", encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    result = subprocess.run(
        [sys.executable, "-m", "mtqa", "check", "a.txt", "--languagetool", "off"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, preexec_fn=limit,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_an_endless_device_is_refused_after_its_first_bytes(run):
    result = run("check", "/dev/zero")
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "mtqa: error: /dev/zero: binary file (contains NUL bytes), not text"
    )


def test_a_folder_skips_pipes_and_links_that_lead_out_of_it(run, tmp_path):
    (tmp_path / "outside.txt").write_text("Prices rose on on Monday.\n", encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("The market closed early on Friday.\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")  # reading it would wait for ever
    os.symlink(tmp_path / "outside.txt", folder / "link.txt")
    os.symlink(folder / "a.txt", folder / "inside.txt")  # a link within the folder is read
    data = json.loads(run("check", "docs", "--format", "json").stdout)
    assert [d["path"] for d in data["documents"]] == ["docs/a.txt", "docs/inside.txt"]


@pytest.mark.parametrize("codec", ["utf-32", "utf-16", "utf-8-sig"])
def test_a_byte_order_mark_names_the_encoding(run, tmp_path, codec):
    (tmp_path / "a.txt").write_bytes("Prices rose on on Monday.\n".encode(codec))
    data = json.loads(run("check", "a.txt", "--format", "json").stdout)
    assert data["documents"][0]["encoding"] == codec
    assert [f["text"] for f in data["documents"][0]["findings"]] == ["on on"]


def test_an_explicit_utf16_encoding_comes_before_the_binary_sniff(run, tmp_path):
    (tmp_path / "a.txt").write_bytes("Prices rose on on Monday.\n".encode("utf-16-le"))
    assert run("check", "a.txt").exit_code == 2  # NUL bytes and no mark: binary
    data = json.loads(run("check", "a.txt", "--encoding", "utf-16-le", "--format", "json").stdout)
    assert data["documents"][0]["encoding"] == "utf-16-le"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("h.csv", "id,target\n", "h.csv: no target text to check"),
        ("e.tsv", "id\ttarget\n1\t\n2\t  \n", "e.tsv: no target text to check"),
        ("s.md", "<!-- a comment only -->\n", "s.md: no segment text to check"),
    ],
)
def test_a_file_with_nothing_to_check_does_not_pass(run, tmp_path, name, content, says):
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = run("check", name)
    assert (result.exit_code, result.stderr.strip()) == (2, f"mtqa: error: {says}")


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ('include = "*.txt"', "include must be a list of strings, not '*.txt'"),
        ('target-lang = "<script>"', "target-lang must be a language code"),
        ("source-lang = 5", "source-lang must be a language code"),
    ],
)
def test_config_values_of_the_wrong_type_are_one_line(run, tmp_path, config, says):
    (tmp_path / "a.txt").write_text("Prices rose on on Monday.\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f"[tool.mtqa]\n{config}\n", encoding="utf-8")
    result = run("check", "a.txt")
    assert result.exit_code == 2 and says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("message", ["bad {foo}", "{match.__class__}", "{0}", "open {"])
def test_pack_messages_may_only_name_the_match_note_and_suggestion(run, tmp_path, message):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "p.toml").write_text(
        RULE_HEAD + f'message = "{message}"\n[[rules.entries]]\nphrase = "today"\n',
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("He left today.\n", encoding="utf-8")
    result = run("check", "a.txt", "--rules", "p")
    assert result.exit_code == 2 and result.stderr.startswith("mtqa: error: p/p.toml X1: message")


def test_deeply_nested_json_is_a_diagnosis(run, tmp_path):
    (tmp_path / "d.jsonl").write_text('{"target": "x", "more": ' + "[" * 5000 + "]" * 5000 + "}\n")
    result = run("check", "d.jsonl")
    assert result.stderr.strip() == "mtqa: error: d.jsonl: line 1: JSON nested too deeply to read"


def test_xliff_with_a_commented_out_target_and_cdata_is_read(run, tmp_path):
    (tmp_path / "c.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file source-language="zh" target-language="en" datatype="plaintext" original="a">\n'
        "<body>\n"
        '<trans-unit id="1"><source>今天下雨。</source>\n'
        "<!-- <target>an old draft</target> -->\n"
        "<target>It rained on on Monday.</target></trans-unit>\n"
        '<trans-unit id="2"><source>明天晴。</source>\n'
        "<target><![CDATA[Tomorrow will be be <sunny>.]]></target></trans-unit>\n"
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    data = json.loads(run("check", "c.xlf", "--format", "json").stdout)
    found = [(f["text"], f["line"], f["column"]) for f in data["documents"][0]["findings"]]
    assert ("on on", 7, 19) in found and ("be be", 9, 32) in found


def test_po_continuation_lines_are_read_in_linear_time():
    """A msgstr of many continuation lines was joined line by line (quadratic: 40,000
    lines took minutes). Eight times the lines may take at most 25 times as long."""
    from mtqa.readers import ReadOptions
    from mtqa.readers.po import read_po

    def po(lines: int) -> str:
        return 'msgid "a"\nmsgstr ""\n' + '"word "\n' * lines

    small, large = po(2_000), po(16_000)
    assert len(read_po(large, ReadOptions()).segments[0].text) == 5 * 16_000
    ratio = best_seconds(lambda: read_po(large, ReadOptions())) / best_seconds(
        lambda: read_po(small, ReadOptions())
    )
    assert ratio < 25


def test_a_streamed_csv_quote_never_closed_is_named(run, tmp_path):
    rows = 'id,target\n1,"unbalanced\n' + "".join(f"{i},row {i}\n" for i in range(2, 20_000))
    (tmp_path / "u.csv").write_text(rows, encoding="utf-8")
    result = run("check", "u.csv", "--stream")
    assert result.stderr.strip() == "mtqa: error: u.csv: line 2: a quoted field is never closed"


def test_a_users_pattern_that_backtracks_for_ever_does_not_hang_the_run(run, tmp_path):
    """(\\w+\\s?)+$ on 40 words takes Python's re longer than a lifetime; users'
    patterns run on the regex module, which settles these at once."""
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "slow.toml").write_text(
        RULE_HEAD + 'message = "m"\n[[rules.entries]]\npattern = "(\\\\w+\\\\s?)+$"\n'
        '[[rules.entries]]\npattern = "(a+)+$"\n',
        encoding="utf-8",
    )
    text = " ".join(["word"] * 40) + " !\n\n" + "a" * 40 + "b\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    result = run("check", "a.txt", "--rules", "p", "--select", "X1", "--exit-zero")
    assert result.exit_code == 0 and "PASS" in result.stdout


def test_a_users_pattern_over_its_time_stops_the_run_naming_it(monkeypatch):
    from mtqa import packs
    from mtqa.errors import ConfigError
    from mtqa.model import Segment

    pack = packs.parse_pack(
        RULE_HEAD + 'message = "m"\n[[rules.entries]]\npattern = "(?:x|y)+z"\n',
        "p/slow.toml",
    )
    [entry] = pack.entries["X1"]
    monkeypatch.setattr(packs, "MATCH_SECONDS", 1e-6)
    segment = Segment(1, "xy" * 500_000, 0)
    with pytest.raises(ConfigError) as err:
        list(entry.matches(segment, None))  # type: ignore[arg-type]
    assert str(err.value).startswith("p/slow.toml X1 entry 1: pattern '(?:x|y)+z' took over")


def test_a_users_pattern_matches_as_re_would(run, tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "ok.toml").write_text(
        RULE_HEAD + 'message = "say {suggestion}"\n[[rules.entries]]\n'
        'pattern = "(?<![\\\\w-])(?P<flag>sub ?way)(?![\\\\w-])"\nsuggestion = "metro"\n',
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("We took the subway and the sub way.\n", encoding="utf-8")
    data = json.loads(run("check", "a.txt", "--rules", "p", "--format", "json").stdout)
    found = [(f["text"], f["message"]) for f in data["documents"][0]["findings"]]
    assert found == [("subway", "say metro"), ("sub way", "say metro")]


LEGACY = [  # (codec, text): what detection must read back exactly
    ("gb18030", "习近平主席周一在北京会见了来访的代表团。\nThe talks went on.\n"),
    ("big5", "台灣的經濟在過去十年中持續成長。\nThe talks went on.\n"),
    ("cp932", "東京の株価は月曜日に大きく下落しました。\nThe talks went on.\n"),
    ("cp1252", "He said “the talks were productive” — in Zürich, for €5.\n"),
    ("cp1252", "Le café était très bon à Zürich, même en été.\n"),  # written as Latin-1
]


@pytest.mark.parametrize(("codec", "text"), LEGACY)
def test_an_input_that_is_not_utf8_is_detected_and_the_report_says_how(run, tmp_path, codec, text):
    written = "latin-1" if "Le café" in text else codec
    (tmp_path / "a.txt").write_bytes(text.encode(written))
    data = json.loads(run("check", "a.txt", "--format", "json", "--exit-zero").stdout)
    assert data["documents"][0]["encoding"] == codec
    assert data["summary"]["encodings"] == {codec: 1}
    assert read_text(str(tmp_path / "a.txt")) == (text, codec)
    # an explicit encoding is honoured: no guessing
    strict = run("check", "a.txt", "--encoding", "utf-8")
    assert strict.exit_code == 2 and "not valid utf-8" in strict.stderr


# a few characters of each language, in the codecs legacy files come in: too few
# bytes for a statistical detector (the GB18030 bytes of "县长说" read as EUC-KR are
# "群낀綱", of "北京" as Big5 "控儔"); the characters each language uses tell
SHORT_LEGACY = [
    ("gb18030", "县长说。"),
    ("gb18030", "北京"),
    ("gb18030", "农民种植玉米。"),
    ("gb18030", "中国经济"),
    ("gb18030", "縣長說今年豐收。"),  # traditional characters GB18030 also encodes
    ("big5", "縣長說今年豐收。"),
    ("big5", "北京"),
    ("euc_kr", "시장이 말했다."),
    ("euc_kr", "좋아요 ㅋㅋㅋ"),  # Hangul letters written alone, as chat writes them
    ("cp932", "東京の会議"),
    # quotes, dashes and ellipses GB18030 encodes too are no evidence against Chinese
    ("gb18030", "“我们必须坚持发展，”他说，“让成果惠及人民。”"),
    ("gb18030", "形势严峻——部分行业仍面临压力……"),
]


@pytest.mark.parametrize(("codec", "text"), SHORT_LEGACY)
def test_a_short_legacy_cjk_text_is_read_in_its_own_codec(codec, text):
    from mtqa.readers.encoding import detect

    assert detect(text.encode(codec)) == codec


def test_traditional_characters_count_as_their_simplified_ones():
    from mtqa.language.cjk import character_frequencies, reading_score

    chinese = character_frequencies("zh")
    assert chinese["說"] == chinese["说"] > 0 and chinese["國"] == chinese["国"]
    assert reading_score("县长说", "zh") > reading_score("群낀綱", "ko")
    assert reading_score("The talks.", "zh") is None


def test_a_one_line_gb18030_source_file_is_read_as_chinese(run, tmp_path):
    (tmp_path / "src.txt").write_bytes("县长说。\n".encode("gb18030"))
    (tmp_path / "tgt.txt").write_text("The county head said.\n", encoding="utf-8")
    out = run("check", "tgt.txt", "--source", "src.txt", "--format", "json", "--exit-zero")
    assert out.exit_code == 0, out.stderr
    assert read_text(str(tmp_path / "src.txt")) == ("县长说。\n", "gb18030")


def test_a_paragraph_of_megabytes_is_cut_at_sentence_ends():
    from mtqa.readers import parse
    from mtqa.readers.plaintext import MAX_SEGMENT_CHARS

    sentence = "The committee met on Monday and talks went on. "
    text = sentence * (3 * MAX_SEGMENT_CHARS // len(sentence))
    segments = parse(text, "a.txt", "txt").segments
    assert len(segments) == 3 or len(segments) == 4
    assert all(len(s.text) <= MAX_SEGMENT_CHARS for s in segments)
    assert all(s.text.endswith("went on.") for s in segments)
    assert "".join(s.text + " " for s in segments) == text
    assert [s.offset for s in segments[1:]] == [a.offset + len(a.text) + 1 for a in segments[:-1]]


def test_a_large_text_file_is_checked_a_chunk_at_a_time_with_the_same_findings(
    run, tmp_path, monkeypatch
):
    """Chunks keep the file's line and column numbers and segment numbers, also where
    a line longer than a chunk is cut."""
    import mtqa.readers.textstream as textstream

    monkeypatch.setattr(textstream, "CHUNK_CHARS", 300)  # keyword default: read at call
    monkeypatch.setattr(textstream.stream_text, "__defaults__", (300,))
    body = "".join(f"Prices rose on on day {i}. It rained , then.\n\n" for i in range(40))
    long_line = " ".join(f"Sentence {i} went on on." for i in range(60)) + "\n"
    (tmp_path / "a.txt").write_text(body + long_line + body, encoding="utf-8")
    whole = run("check", "a.txt", "--format", "concise", "--select", "MT102,MT205")
    streamed = run("check", "a.txt", "--stream", "--format", "concise", "--select", "MT102,MT205")
    assert streamed.stdout == whole.stdout
    assert whole.stdout.count("MT205") == 140
    jsonl = run("check", "a.txt", "--stream", "--format", "jsonl", "--select", "MT205")
    segments = [json.loads(line)["segment"] for line in jsonl.stdout.splitlines()]
    batch = run("check", "a.txt", "--format", "jsonl", "--select", "MT205")
    # the file's segment numbers; the long line is one segment whole, a few in chunks
    whole_segments = [json.loads(x)["segment"] for x in batch.stdout.splitlines()]
    assert segments[:40] == whole_segments[:40] and whole_segments[-1] == 81
    assert segments == sorted(segments)
    assert segments[-1] == 81 + len(textstream.pieces(long_line, 300)) - 1


def test_a_file_over_a_megabyte_is_streamed_unasked(run, tmp_path):
    text = "".join(
        f"The committee met on day {i}, and the talks went on until late.\n\n"
        for i in range(17_000)
    )
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    result = run("check", "big.txt", "--format", "concise", "--languagetool", "off")
    assert result.stderr == (
        "mtqa: note: big.txt (1.1 MiB): checked a chunk at a time as with --stream "
        "(document-wide rules see one chunk at a time; --no-stream reads them whole)\n"
    )
    assert result.exit_code == 0
    report = run("check", "big.txt", "--format", "json")  # every format streams
    assert report.exit_code == 0
    assert report.stderr.startswith("mtqa: note: big.txt (1.1 MiB): checked a chunk at a time")
    assert len(json.loads(report.stdout)["documents"]) == 1  # one document of its chunks
    # every large file is named; --no-stream reads them whole, and says nothing
    (tmp_path / "copy.txt").write_text(text, encoding="utf-8")
    both = run("check", "big.txt", "copy.txt", "--format", "concise")
    assert both.stderr.startswith("mtqa: note: big.txt (1.1 MiB), copy.txt (1.1 MiB): checked")
    whole = run("check", "big.txt", "--no-stream", "--format", "concise", "--languagetool", "off")
    assert (whole.exit_code, whole.stderr) == (0, "")
    assert whole.stdout == result.stdout  # no document-wide finding here to differ


def test_a_text_left_untranslated_does_not_pass(run, tmp_path):
    """One finding a run of Chinese let 50,000 untranslated characters pass (a
    major finding over 50,000 "words"): a sentence's worth is critical."""
    from mtqa import Config, check_text

    sentence = "主席周一在北京会见了来访的外国代表团双方就贸易问题交换了意见"
    assert len(sentence) == 30
    checked = check_text(f"He said {sentence} today.", config=Config(select=("MT303",)))
    (finding,) = checked.documents[0].findings
    assert (finding.text, finding.severity) == (sentence, "critical")
    short = check_text(f"He said {sentence[:29]} today.", config=Config(select=("MT303",)))
    assert short.documents[0].findings[0].severity == "major"  # a name, a date
    (tmp_path / "zh.txt").write_text("中文" * 25_000 + "\n", encoding="utf-8")
    result = run("check", "zh.txt", "--languagetool", "off")
    assert result.exit_code == 1 and "zh.txt: FAIL" in result.stdout


def test_an_unreadable_file_does_not_stop_a_chunked_run(run, tmp_path):
    (tmp_path / "big.txt").write_text(
        "".join(f"The plan {i} was approved by the council.\n" for i in range(30_000)),
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "s.txt").write_text("The the plan.\n", encoding="utf-8")
    result = run("check", "empty.txt", "big.txt", "s.txt", "--format", "concise",
                 "--languagetool", "off")  # fmt: skip
    assert result.exit_code == 2
    assert "mtqa: error: empty.txt: no segment text to check" in result.stderr
    assert "s.txt:1:1: MT205 Word doubled: 'The the'" in result.stdout
    assert result.stdout.endswith("Found 1 finding in 2 documents (1 failed).\n")


@pytest.mark.parametrize("codec", ["base64", "rot13", "zlib"])
def test_an_encoding_that_is_not_for_text_is_one_line(run, tmp_path, codec):
    (tmp_path / "a.txt").write_text("The plan.\n", encoding="utf-8")
    result = run("check", "a.txt", "--encoding", codec)
    assert (result.exit_code, result.stderr) == (
        2,
        f"mtqa: error: --encoding: '{codec}' is not a text encoding\n",
    )
    (tmp_path / "mtqa.toml").write_text(f'encoding = "{codec}"\n', encoding="utf-8")
    assert "is not a text encoding" in run("check", "a.txt").stderr


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gb.xlf", '<xliff version="1.2"><file source-language="zh" target-language="en_GB">'
         '<body><trans-unit id="1"><source>计划</source><target>The the end.</target>'
         "</trans-unit></body></file></xliff>"),
        ("u.tmx", '<tmx version="1.4"><header srclang="zh_CN" segtype="sentence" adminlang="en" '
         'datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body><tu>'
         '<tuv xml:lang="zh_CN"><seg>计划</seg></tuv><tuv xml:lang="en_US"><seg>The the end.'
         "</seg></tuv></tu></body></tmx>"),
    ],
)  # fmt: skip
def test_a_posix_locale_in_a_file_header_is_its_language(run, tmp_path, name, content):
    """target-language="en_GB" turned 38 rules off ("not for target language") and passed."""
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = run("check", name, "--languagetool", "off", "--format", "concise")
    assert result.exit_code == 1 and "MT205 Word doubled: 'The the'" in result.stdout
    assert "did not run" not in result.stderr
