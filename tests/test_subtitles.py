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
