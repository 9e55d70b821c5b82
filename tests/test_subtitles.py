"""Subtitles (SubRip .srt, WebVTT .vtt): cue text as segments, sentences that run
over cues joined, markup left out, findings at the cue's line and column, fixes
written back. Every subtitle here is made up for the test."""

from __future__ import annotations

import json

import pytest

from mtqa.errors import InputError
from mtqa.readers import parse

SRT = (
    "1\n00:00:01,000 --> 00:00:03,000\nThe the committee met\non Monday in Beijing.\n\n"
    "2\n00:00:03,500 --> 00:00:05,000\n<i>We went to the</i>\n\n"
    "3\n00:00:05,200 --> 00:00:07,000\nmarket , and bought tea.\n\n"
    "4\n00:00:07,500 --> 00:00:09,000\n{\\an8}Xi Jinping Yin Yin spoke.\n"
)
VTT = (
    "WEBVTT - a demo\n\nNOTE a comment\nover two lines\n\nSTYLE\n::cue { color: lime }\n\n"
    "intro\n00:01.000 --> 00:03.000 align:start\n<v Li>Prices rose rose &amp; fell.\n\n"
    "00:00:04.000 --> 00:00:06.000\n- Are you sure ?\n- Yes.\n"
)


def test_srt_cues_are_segments_with_their_lines_joined_and_markup_left_out():
    doc = parse(SRT, "a.srt", "srt")
    assert [s.text for s in doc.segments] == [
        "The the committee met on Monday in Beijing.",
        # the sentence runs on into the next cue, which starts in lowercase
        "We went to the market , and bought tea.",
        "Xi Jinping Yin Yin spoke.",
    ]
    first, joined, tagged = doc.segments
    # every character at its place in the file: the line break stands for the space
    assert SRT[first.file_offset(0) : first.file_offset(0) + 21] == "The the committee met"
    assert SRT[first.file_offset(21)] == "\n"
    assert SRT[joined.file_offset(0) : joined.file_offset(0) + 2] == "We"  # after <i>
    market = joined.text.index("market")
    assert SRT[joined.file_offset(market) : joined.file_offset(market) + 6] == "market"
    assert SRT[tagged.file_offset(0)] == "X"  # after {\an8}


def test_vtt_reads_cues_and_character_references_and_skips_notes_and_styles():
    doc = parse(VTT, "b.vtt", "vtt")
    assert [s.text for s in doc.segments] == [
        "Prices rose rose & fell.",
        "- Are you sure ? - Yes.",
    ]
    amp = doc.segments[0].text.index("&")
    assert VTT[doc.segments[0].file_offset(amp) :].startswith("&amp;")


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("x.srt", "Hello there.\nNo timing here.\n", "no subtitle cue"),
        ("x.vtt", "00:01.000 --> 00:02.000\nHi.\n", "line 1: a WebVTT file starts with 'WEBVTT'"),
    ],
)
def test_a_file_that_is_no_subtitle_file_is_refused(name, text, says):
    fmt = name.rsplit(".", 1)[1]
    with pytest.raises(InputError, match=says):
        parse(text, name, fmt)


def test_check_reports_cue_lines_and_fix_writes_the_cues_back(run, tmp_path):
    (tmp_path / "a.srt").write_text(SRT, encoding="utf-8")
    (tmp_path / "b.vtt").write_text(VTT, encoding="utf-8")
    concise = run("check", ".", "--format", "concise").stdout.splitlines()
    assert concise[:5] == [
        "a.srt:3:1: MT205 Word doubled: 'The the'",
        "a.srt:12:7: MT102 Space before ','",
        "a.srt:16:18: MT301 Untranslated Chinese reduplication 'Yin Yin'",
        "b.vtt:11:14: MT205 Word doubled: 'rose rose'",
        "b.vtt:14:15: MT102 Space before '?'",
    ]
    data = json.loads(run("check", "a.srt", "--format", "json").stdout)
    assert data["documents"][0]["words"] == 21  # the cues' words, no numbers or timings
    assert run("fix", "a.srt", "b.vtt").exit_code == 0
    srt = (tmp_path / "a.srt").read_text(encoding="utf-8")
    assert "The committee met\n" in srt and "market, and bought tea." in srt
    assert "00:00:05,200 --> 00:00:07,000" in srt and "<i>We went to the</i>" in srt
    vtt = (tmp_path / "b.vtt").read_text(encoding="utf-8")
    assert "<v Li>Prices rose &amp; fell." in vtt and "- Are you sure?\n" in vtt


def test_stdin_takes_subtitle_formats(run):
    result = run("check", "-", "--stdin-format", "srt", "--format", "concise", input=SRT)
    assert result.stdout.splitlines()[0] == "-:3:1: MT205 Word doubled: 'The the'"


def _texts(text: str, fmt: str = "srt") -> list[str]:
    return [s.text for s in parse(text, f"x.{fmt}", fmt).segments]


def test_a_timing_line_starts_a_cue_with_or_without_a_blank_line_before_it():
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nWe arrived at noon.\n"
        "2\n00:00:02,500 --> 00:00:04,000\nIt was late.\n"
        "00:00:04,500 --> 00:00:05,000\nNo number.\n"
    )
    assert _texts(text) == ["We arrived at noon.", "It was late.", "No number."]


@pytest.mark.parametrize(
    "timing",
    ["00:00:09  -->  00:00:10", "-00:00:06,500 --> 00:00:07,000", "00;00;13,000 --> 00;00;14,000",
     "00:00:08,500 -> 00:00:09,000", "00:00:01,0000 --> 00:00:02,0000",
     "00 : 00 : 09,000 --> 00:00:10,000", "00:00:03,000 — > 00:00:04,000",
     "00:00:05,000 -- > 00:00:06,000", "00:00:07,000 → 00:00:08,000"],
)  # fmt: skip
def test_a_timing_line_written_wrong_is_no_text(timing):
    text = f"1\n00:00:00,000 --> 00:00:00,500\nFirst.\n\n2\n{timing}\nSecond.\n"
    assert _texts(text) == ["First.", "Second."]


def test_webvtt_skips_only_the_blocks_that_are_no_cues():
    text = (
        "WEBVTT\nLanguage: en\n\nNOTE a comment\n\nNOTEBOOK_scene\n00:01.000 --> 00:02.000\n"
        "The notebook was on the table.\n\nSTYLE-intro\n00:03.000 --> 00:04.000\nAn intro.\n\n"
        "00:05.000 --> 00:06.000\nUnknown &foo; and &notit; stay; &lrm;Left &nbsp;mark.\n\n"
        "00:07.000 --> 00:08.000\n<ruby>東<rt>とう</rt>京</ruby> is Tokyo.\n"
    )
    assert _texts(text, "vtt") == [
        "The notebook was on the table.",
        "An intro.",
        "Unknown &foo; and &notit; stay; Left \u00a0mark.",
        "東京 is Tokyo.",  # the reading written over it is no part of the line
    ]
    assert parse(text, "x.vtt", "vtt").target_lang == "en"
    fr = text.replace("Language: en", "Language: fr")
    assert parse(fr, "x.vtt", "vtt").target_lang == "fr"  # the header's language


def test_subrip_reads_only_its_own_tags_and_a_webvtt_file_whatever_its_name():
    text = (
        '1\n00:00:01,000 --> 00:00:02,000\n<font color="#ff0000">If x < 5</font> and y > 3.\n\n'
        "2\n00:00:03,000 --> 00:00:04,000\n<< Previously >> {\\i1}on the show.\n"
    )
    assert _texts(text) == ["If x < 5 and y > 3.", "<< Previously >> on the show."]
    vtt = "WEBVTT\n\nNOTE hidden\n\n00:01.000 --> 00:02.000\nShown.\n"
    assert _texts(vtt, "srt") == ["Shown."]


def test_cues_are_units_not_an_article_repeated_lines_and_title_cards_pass(run, tmp_path):
    lines = ["<i>Oslo, Norway</i>", "<i>December 14, 2019</i>", "Where are you going tonight?",
             "Home.", "Where are you going tonight?", "EDITOR: We need this by noon.",
             "Source: the old man at the bakery.", "Yes.", "Yes."]  # fmt: skip
    text = "".join(
        f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{line}\n\n"
        for i, line in enumerate(lines, 1)
    )
    (tmp_path / "film.srt").write_text(text, encoding="utf-8")
    result = run("check", "film.srt", "--format", "concise")
    assert result.stdout == "Found 0 findings in 1 document (0 failed).\n", result.stdout
    assert {s.kind for s in parse(text, "film.srt", "srt").segments} == {"unit"}


@pytest.mark.parametrize(
    ("named", "text", "first"),
    [
        ("markdown", "# Title\n\nThe the plan.\n", "-:3:1: MT205 Word doubled: 'The the'"),
        ("vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nThe the plan.\n",
         "-:4:1: MT205 Word doubled: 'The the'"),
    ],
)  # fmt: skip
def test_stdin_format_takes_a_file_suffix_for_its_format(run, named, text, first):
    from mtqa.cli.options import STDIN_FORMATS

    assert [STDIN_FORMATS[k] for k in ("markdown", "xlf", "htm")] == ["md", "xliff", "html"]
    result = run("check", "-", "--stdin-format", named, "--format", "concise", input=text)
    assert result.stdout.splitlines()[0] == first


def test_text_with_numbers_and_arrows_and_a_number_without_its_timing():
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n5 -> 6 apples were best.\n10 --> 20 km of road.\n\n"
        "6\nNo timing here at all.\n"
    )
    assert _texts(text) == [
        "5 -> 6 apples were best. 10 --> 20 km of road.",
        "No timing here at all.",
    ]


def test_bylines_are_no_findings_in_cues_nor_in_translation_units(run, tmp_path):
    lines = [
        "When will it be ready?",
        "By Friday.",
        "Written by Shakespeare",
        "Source: Agent Smith",
    ]
    text = "".join(
        f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{line}\n\n"
        for i, line in enumerate(lines, 1)
    )
    (tmp_path / "a.srt").write_text(text, encoding="utf-8")
    result = run("check", "a.srt", "--format", "concise")
    assert result.stdout == "Found 0 findings in 1 document (0 failed).\n"
