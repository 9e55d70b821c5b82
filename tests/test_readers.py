"""Segmentation: paragraph layouts of plain text, and what Markdown hides from rules."""

from __future__ import annotations

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
