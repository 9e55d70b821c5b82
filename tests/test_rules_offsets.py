"""Exact spans of findings on hand-written texts, and offsets on arbitrary Unicode."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa import Config, check_text

ALL = Config(select=("ALL",))


def spans(text: str, code: str, fmt: str = "txt") -> list[tuple[int, int, int, str]]:
    report = check_text(text, fmt=fmt, config=Config(select=(code,)))
    return [(f.segment, f.start, f.end, f.text) for f in report.documents[0].findings]


def test_stray_period_exact_span():
    text = "Output rose again. . Prices held."
    assert spans(text, "MT101") == [(1, 17, 20, ". .")]


def test_glued_caption_offsets_and_position():
    text = "Title line\n\nThe farm sits on a hill.Photo by Li Na"
    report = check_text(text, config=Config(select=("MT103",)))
    (f,) = report.documents[0].findings
    assert (f.segment, f.start, f.end, f.text) == (2, 23, 24, ".")
    assert (f.line, f.column) == (3, 24)
    assert f.suggestion == ". "


def test_reduplication_is_reported_once_not_as_doubled_word():
    report = check_text("He praised the leader Qie Qie, and went on.", config=ALL)
    codes = [f.rule for f in report.documents[0].findings]
    assert codes == ["MT301"]


def test_allowlist_silences_names():
    text = "The judges Lang Lang, Li and Wu met."  # no context says it is a name
    assert spans(text, "MT301") == [(1, 11, 20, "Lang Lang")]
    report = check_text(text, config=Config(select=("MT301",), allow=("Lang Lang",)))
    assert report.documents[0].findings == []


def test_name_variant_flags_the_minority_form_with_the_main_form_as_suggestion():
    text = "Yunhai Foods grew.\n\nYunhai Foods hired.\n\nLater Yun Hai Foods expanded."
    report = check_text(text, config=Config(select=("MT401",)))
    found = {(f.segment, f.text, f.suggestion) for f in report.documents[0].findings}
    assert (3, "Yun Hai Foods", "Yunhai Foods") in found


def test_injected_link_is_critical_inside_body_and_major_at_the_end():
    body = "The new bridge opened on Monday and carries two thousand cars a day, officials said."
    text = (
        f"{body}\n\nSee also Celebrity chef opens a bakery\n\n{body}\n\nSee also Ten cheap flights"
    )
    report = check_text(text, config=Config(select=("MT601",)))
    sev = [(f.segment, f.severity) for f in report.documents[0].findings]
    assert sev == [(2, "critical"), (4, "major")]


def test_injected_line_swallows_typos_inside_it():
    body = "The new bridge opened on Monday and carries two thousand cars a day, officials said."
    text = f"{body}\n\nSee also  The the best flights\n\n{body.replace('new', 'old')}"
    report = check_text(text, config=ALL)
    assert [f.rule for f in report.documents[0].findings] == ["MT601"]


def test_markdown_code_front_matter_and_link_targets_are_not_checked():
    text = (
        "---\ntitle: The the draft\n---\n\n"
        "# Notes\n\n"
        "Read [the the guide](https://example.com/a..b) now.\n\n"
        "```\nthe the code. . here\n```\n\n"
        "    indented the the code\n\n"
        "Use `x. . y` in text. . Done.\n"
    )
    report = check_text(text, fmt="md", config=ALL)
    doc = report.documents[0]
    assert [s.text for s in doc.document.segments] == [
        "Notes",
        "Read the the guide now.",
        "Use x. . y in text. . Done.",
    ]
    found = [(f.rule, f.text, f.line, f.column) for f in doc.findings]
    assert ("MT205", "the the", 7, 7) in found
    assert ("MT101", ". .", 15, 21) in found
    assert [f.line for f in doc.findings if f.rule == "MT101"] == [15]


def _check_offsets(text: str, fmt: str) -> None:
    report = check_text(text, fmt=fmt, config=ALL)
    doc = report.documents[0]
    lines = doc.document.file_text.split("\n")
    for f in doc.findings:
        seg = doc.document.segments[f.segment - 1]
        assert seg.text[f.start : f.end] == f.text
        assert lines[f.line - 1][f.column - 1] == f.text[0]


_alphabet = st.sampled_from(
    [*list('ab Yin.,;“”"()\n 年，Ã©€™ThetheXi Qie'), "\n\n", ". .", "Home » "]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_alphabet, max_size=80).map("".join))
def test_offsets_hold_on_arbitrary_text(text):
    if text.strip():
        _check_offsets(text, "txt")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_offsets_hold_on_arbitrary_unicode(text):
    if text.strip():
        _check_offsets(text, "txt")
        _check_offsets(text, "md")
