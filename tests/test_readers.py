"""Segmentation: paragraph layouts of plain text, and what Markdown hides from rules."""

from __future__ import annotations

import pickle

import pytest

from mtqa.model import OffsetMap, Segment
from mtqa.readers import ReadOptions, parse
from mtqa.readers.plaintext import is_hard_wrapped


def texts(text: str, mode: str = "auto", fmt: str = "txt") -> list[str]:
    return [s.text for s in parse(text, "x", fmt, ReadOptions(paragraphs=mode)).segments]


def test_blank_line_paragraphs():
    assert texts("One para.\n\nTwo para.\n") == ["One para.", "Two para."]


def test_one_paragraph_per_line_keeps_the_title_apart():
    text = (
        "Village roads reach every home\nThe county paved 300 km of roads.\nIt also built bridges."
    )
    assert texts(text) == text.split("\n")


def test_hard_wrapped_paragraph_is_joined():
    text = "The county paved three hundred kilometres of roads last\nyear and built twelve bridges."
    assert texts(text) == [text]
    assert is_hard_wrapped(text.split("\n"))


def test_modes_can_be_forced():
    text = "Title\nBody line one.\nBody line two."
    assert texts(text, "blank") == [text]
    assert texts("a long line\ncontinues here", "line") == ["a long line", "continues here"]


def test_segment_offsets_point_into_the_file():
    text = "\n\nFirst.\n\n  Second, indented.\r\nstill second"
    doc = parse(text, "x", "txt", ReadOptions(paragraphs="blank"))
    for seg in doc.segments:
        assert doc.file_text[seg.offset : seg.offset + len(seg.text)] == seg.text
    assert doc.segments[1].text.startswith("  Second")


def test_markdown_headings_lists_and_quotes():
    text = "# Title here\n\n- item one\n- item two\n\n> quoted line\n> goes on\n"
    doc = parse(text, "x", "md")
    assert [(s.kind, s.text) for s in doc.segments] == [
        ("heading", "Title here"),
        ("paragraph", "item one"),
        ("paragraph", "item two"),
        ("paragraph", "quoted line\ngoes on"),
    ]
    for seg in doc.segments:
        for i, ch in enumerate(seg.text):
            if ch != "\n":
                assert doc.file_text[seg.file_offset(i)] == ch


def test_markdown_inline_code_is_kept_but_skipped():
    doc = parse("Run `the the` now.\n", "x", "md")
    (seg,) = doc.segments
    assert seg.text == "Run the the now."
    assert seg.skip == ((4, 11),)


def test_an_offset_map_keeps_runs_and_reads_as_the_offsets_it_stands_for():
    # one run of the file from the segment's offset: no map at all
    assert OffsetMap.of([7, 8, 9], 7) is None
    assert OffsetMap.of([], 7) is None
    # an escape (\n at 10-11, one character at 10) and a removed tag (15-20)
    offsets = [7, 8, 9, 10, 12, 13, 14, 21, 22]
    mapped = OffsetMap.of(offsets, 7)
    assert mapped == OffsetMap((0, 4, 7), (7, 12, 21), 9)
    assert len(mapped) == 9 and list(mapped) == offsets
    assert [mapped[i] for i in range(-9, 9)] == offsets + offsets
    assert mapped[2:5] == (9, 10, 12)
    with pytest.raises(IndexError):
        mapped[9]
    assert pickle.loads(pickle.dumps(mapped)) == mapped
    # a segment keeps what it is given as a map, and maps past its end
    seg = Segment(0, "abcdefghi", 7, char_map=tuple(offsets))
    assert seg.char_map == mapped
    assert [seg.file_offset(i) for i in range(10)] == [*offsets, 23]
    assert Segment(0, "abc", 7, char_map=(7, 8, 9)).char_map is None


def test_an_offset_map_is_made_of_runs_and_gives_them_back():
    # a, b and an escape's character go on at 0, 1, 2; c and d start again at 4
    mapped = OffsetMap.of_runs([(0, 2), (2, 1), (4, 2), (9, 0)])
    assert mapped == OffsetMap((0, 3), (0, 4), 5)
    assert list(mapped) == [0, 1, 2, 4, 5]
    assert list(mapped.runs()) == [(0, 3), (4, 2)]
    assert OffsetMap.of_runs([]) == OffsetMap((), (), 0)
    assert OffsetMap.of(OffsetMap.of_runs([]), 3) is None  # no character: no map
    assert OffsetMap.of(OffsetMap.of_runs([(3, 2), (5, 4)]), 3) is None  # one run from 3


def test_an_escaped_string_decodes_with_each_characters_offset():
    from mtqa.readers.escapes import JSON_ESCAPES, unescape

    raw = 'x"ab\\ncd\\u00e9\\ud83d\\ude00e"'
    text, offsets = unescape(raw, 2, 100, JSON_ESCAPES, unicode_escapes=True)
    assert text == "ab\ncdé😀e"
    # each escape's character at its backslash: \n at 4, \u00e9 at 8, the pair at 14
    assert list(offsets) == [102, 103, 104, 106, 107, 108, 114, 126]
    assert offsets == OffsetMap((0, 3, 6, 7), (102, 106, 114, 126), 8)  # é goes on from d


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_a_jsonl_target_maps_each_character_to_the_file(ensure_ascii):
    import json

    rows = [
        {"id": "a", "target": "Plain text, no escape."},
        {"id": "b", "source": "你好", "target": 'He said “hi”\tand "left".'},
        {"target": "Tabs\tand\nlines.", "id": "c"},
    ]
    text = "".join(json.dumps(r, ensure_ascii=ensure_ascii) + "\n" for r in rows)
    doc = parse(text, "t.jsonl", "jsonl")
    assert [s.text for s in doc.segments] == [r["target"] for r in rows]
    plain = doc.segments[0]
    assert plain.char_map is None and text[plain.offset :].startswith("Plain text")
    for seg in doc.segments:
        written = [text[seg.file_offset(i)] for i in range(len(seg.text))]
        # a character as written, or the backslash of the escape that writes it
        assert all(w == ch or w == "\\" for w, ch in zip(written, seg.text, strict=True))
        assert text[seg.file_offset(len(seg.text))] == '"'  # just past it: the closing quote


def test_a_po_string_over_several_lines_maps_each_character_to_the_file():
    text = 'msgid "Hello"\nmsgstr ""\n"Bon\\tjour "\n"à tous."\n'
    doc = parse(text, "t.po", "po")
    (seg,) = doc.segments
    assert seg.text == "Bon\tjour à tous."
    expected = [text.index("Bon") + i for i in range(3)] + [text.index("\\t")]
    expected += [text.index("jour") + i for i in range(5)] + [text.index("à") + i for i in range(7)]
    assert [seg.file_offset(i) for i in range(len(seg.text))] == expected


@pytest.mark.parametrize(
    ("name", "content", "written"),
    [
        # JSON: \uXXXX, a UTF-16 pair for one character, \t
        ("e.jsonl", '{"target": "He paid \\u4e07 and the caf\\u00e9 caf\\u00e9."}\n',
         ["\\u4e07", "caf\\u00e9 caf\\u00e9"]),
        ("p.jsonl", '{"target": "It costs 5 \\ud84c\\udfb4 now."}\n', ["\\ud84c\\udfb4"]),
        # PO: a tab written \t ends the irregular spacing
        ("e.po", 'msgid "a"\nmsgstr "He went on \\tthe road."\n', [" \\t"]),
        # HTML: named and numeric character references
        ("e.html", "<p>The caf&eacute; caf&eacute; closed &#19975;.</p>\n",
         ["caf&eacute; caf&eacute;", "&#19975;"]),
    ],
)  # fmt: skip
def test_a_finding_ends_past_the_escape_that_writes_its_last_character(
    run, tmp_path, name, content, written
):
    assert _written_spans(run, tmp_path, name, content, "MT104,MT205,MT303") == written


def _written_spans(run, tmp_path, name: str, content: str, select: str) -> list[str]:
    """What the file writes from each finding's line and column to its end column, by
    `mtqa check --format jsonl --select SELECT` of a file ``name`` holding ``content``;
    each finding ends on the line it starts on."""
    import json

    (tmp_path / name).write_text(content, encoding="utf-8")
    result = run("check", name, "--languagetool", "off", "--format", "jsonl", "--select", select)
    lines = content.split("\n")
    spans = [json.loads(x) for x in result.stdout.splitlines()]
    assert [f["end_line"] for f in spans] == [f["line"] for f in spans]
    return [lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1] for f in spans]


LONG = (
    "Officials said the county would build a new road to the villages next year, and "
    "the work would take two years to finish, they said on Monday."
)


@pytest.mark.parametrize(
    ("name", "content", "written"),
    [
        # a character that writes itself escaped: \\\\ and \\u005c for a backslash
        ("b.jsonl", f'{{"target": "{LONG}"}}\n{{"target": "See also Tom \\\\"}}\n'
         f'{{"target": "{LONG}"}}\n', ["See also Tom \\\\"]),
        ("u.jsonl", f'{{"target": "{LONG}"}}\n{{"target": "See also Tom \\u005c"}}\n'
         f'{{"target": "{LONG}"}}\n', ["See also Tom \\u005c"]),
        # &amp; for an ampersand; a CSV quote doubled
        ("a.html", f"<p>{LONG}</p>\n<p>See also Tom &amp;</p>\n<p>{LONG}</p>\n",
         ["See also Tom &amp;"]),
        ("q.csv", 'id,target\n1,"He said ""hello, and left."\n', ['""']),
    ],
)  # fmt: skip
def test_a_finding_ends_past_a_character_written_escaped_as_itself(
    run, tmp_path, name, content, written
):
    assert _written_spans(run, tmp_path, name, content, "MT601,MT105") == written
