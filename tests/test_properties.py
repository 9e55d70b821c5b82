"""Properties of every reader and of the whole checker on arbitrary input (issue 14).

Hypothesis generates two kinds of input for each format: structurally valid
documents built from arbitrary Unicode strings with the format's own escaping
(so the reader must return exactly the strings that went in), and arbitrary
text and bytes (so the reader must either read them or say why not). The
properties:

(a) reading raises nothing but `mtqa.errors.InputError`, a diagnosed input error;
(b) every segment's offsets are valid: each character of ``Segment.text`` maps
    (`Segment.file_offset`) into the document's text, in order, to the character
    it was read from (for escaped formats, to the escape or markup it decodes);
(c) the checker never raises on a document, and every finding's span, line and
    column lie inside its segment and file, its suggestion a string or None;
(d) reading and checking cost time and memory linear in the input's size.

Settings are derandomized so that CI runs the same examples every time; the
whole file takes about 40 CPU seconds. Bugs found here are pinned by regression
tests at the end of the file: those not fixed yet are ``xfail(strict=True)``, so
that the fix turns them into failures ("XPASS(strict)") until the marker goes;
the properties themselves do not assert what those tests pin (the end of a skip
span), so that they still guard everything else.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import gc
import html
import io
import json
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import mtqa
from mtqa import Checker, Config
from mtqa.errors import InputError
from mtqa.model import TAG, Document, DocumentResult
from mtqa.readers import FORMAT_NAMES, READERS, ReadOptions, parse
from mtqa.readers.files import load

# One profile for the file, applied per test (loading a global profile would
# change the settings of every other test module in the same session).
PROPERTY = settings(
    derandomize=True,  # the same examples on every run: CI is deterministic
    database=None,  # nothing to replay from: derandomized runs find the same failures
    deadline=None,  # a checker run on a long document is slow, not wrong
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ALL_FORMATS = tuple(READERS)


# --- reading: what the CLI does, and what a reader may raise -------------------------


def read(text: str, fmt: str, options: ReadOptions | None = None) -> Document | None:
    """``text`` parsed as ``fmt``, or None when the reader refuses it with an
    InputError: property (a) is that nothing else escapes."""
    try:
        return parse(text, f"doc.{fmt}", fmt, options)
    except InputError:
        return None


def load_bytes(data: bytes, fmt: str) -> Document | None:
    """``data`` read as the CLI reads ``mtqa check - --stdin-format FMT``: the
    byte-order mark sniffed, binary data and bad bytes refused, decoded, parsed,
    and a document with no text to check refused. None when refused (InputError)."""
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    with mock.patch.object(sys, "stdin", stdin):
        try:
            return load("-", fmt, ReadOptions())
        except InputError:
            return None


# --- property (b): offsets ------------------------------------------------------------


def _maps_to(fmt: str, ch: str, file_text: str, at: int) -> bool:
    """Whether segment character ``ch`` may have been read from ``file_text[at]``
    in format ``fmt``: the same character, or the start of what decodes to it."""
    found = file_text[at]
    if found == ch:
        return True
    if fmt in ("po", "jsonl"):
        return found == "\\"  # a backslash escape: mapped to its backslash
    if fmt in ("xliff", "tmx"):
        # an entity at its "&"; an inline code element (TAG) at its "<"
        return found == "&" or (ch == TAG and found == "<")
    if fmt == "html":
        # an entity at its "&"; a whitespace run shown as one space; <br> as a space
        return found == "&" or (ch == " " and (found.isspace() or found == "<"))
    if fmt in ("srt", "vtt"):
        # a line break (between lines or cues) shown as a space; WebVTT's reference at "&"
        return (ch == " " and found == "\n") or (fmt == "vtt" and found == "&")
    return False  # txt, md, tsv, csv: every character is the file's own


def assert_offsets(doc: Document, fmt: str) -> None:
    """Property (b): every character of every segment maps, in file order, to a
    character of the file it may have been read from (`_maps_to`)."""
    file_text = doc.file_text
    for seg in doc.segments:
        if seg.char_map is not None:
            assert len(seg.char_map) == len(seg.text), f"segment {seg.index}: char map length"
        previous = -1
        for i, ch in enumerate(seg.text):
            at = seg.file_offset(i)
            assert 0 <= at < len(file_text), f"segment {seg.index} char {i}: offset {at}"
            assert at >= previous, f"segment {seg.index} char {i}: offset goes back"
            assert _maps_to(fmt, ch, file_text, at), (
                f"segment {seg.index} char {i} {ch!r} maps to {file_text[at]!r} at {at}"
            )
            previous = at
        for start, end in seg.skip:
            # inside the text where it starts (its end may pass the text's: see
            # test_a_markdown_skip_span_ends_inside_its_segment)
            assert 0 <= start < len(seg.text) and start < end, f"segment {seg.index}: skip span"


# --- property (c): the checker -----------------------------------------------------


ALL_RULES = Config(select=("ALL",), languagetool="off")  # every rule; no server to ask


@cache
def checker() -> Checker:
    """A checker of `ALL_RULES`, built once and reused as the CLI reuses it."""
    return Checker(ALL_RULES)


def check(doc: Document) -> DocumentResult:
    """Property (c): check ``doc`` and assert every finding lies inside the document."""
    result = checker().check(doc)
    assert_findings(result)
    return result


def assert_findings(result: DocumentResult) -> None:
    """Every finding's span inside its segment, its line and column inside the
    file, its text the span's, its suggestion a string or None; one score a segment."""
    doc = result.document
    lines = doc.file_text.split("\n")
    assert len(result.segment_scores) == len(doc.segments)
    for f in result.findings:
        where = f"{f.rule} {f.start}-{f.end} in segment {f.segment}"
        assert 1 <= f.segment <= len(doc.segments), where
        seg = doc.segments[f.segment - 1]
        # an untranslated unit (no target text) is flagged at its place, an empty span
        empty = f.start == f.end == 0 and not seg.text and seg.untranslated
        assert 0 <= f.start < f.end <= len(seg.text) or empty, where
        assert f.text == seg.text[f.start : f.end], where
        assert f.suggestion is None or isinstance(f.suggestion, str), where
        assert 1 <= f.line <= len(lines), where
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, where
        assert (f.line, f.column) < (f.end_line, f.end_column) or empty, where
        assert f.end_line <= len(lines), where
        assert 0 <= seg.file_offset(f.start) < len(doc.file_text), where
        assert empty or 0 < seg.file_offset(f.end - 1) + 1 <= len(doc.file_text), where
    assert 0 <= result.score.score <= 100


# --- strategies: arbitrary text ------------------------------------------------------

# Characters that mean something to some reader, mixed into arbitrary Unicode so
# that the structure-bearing ones come up often: line breaks, quotes, markup,
# escapes, separators, and the marks the rules react to
_SPECIALS = [
    *'\n\n\r\t "\'\\<>&;#*_`[]()!{}:,.|-=/%',
    "\r\n", "\ufeff", "\u2028", "\x00", "\xa0", "\u3000", "。", "，", "“", "”",
    "<p>", "</p>", "<br>", "<!--", "-->", "&amp;", "&#", "<![CDATA[", "]]>",
    "msgid ", "msgstr ", "\\u", "\\n", '"target": "', "```", "<x/>", " . . ", "the the ",
]  # fmt: skip
text_strategy = st.lists(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(_SPECIALS)),
    max_size=120,
).map("".join)
# the UTF-8 of such text, or any bytes, perhaps behind a byte-order mark
bytes_strategy = st.one_of(
    st.binary(max_size=200),
    st.tuples(
        text_strategy,
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1"]),
    ).map(lambda te: te[0].encode(te[1], errors="replace")),
)


# --- strategies: structurally valid documents ----------------------------------------

# Arbitrary Unicode that every format can hold as text: no surrogates (no file can
# hold one), no NUL (the CLI refuses a file with one as binary); the characters
# that are syntax in some format come up often
_any_char = st.one_of(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
    st.sampled_from("\n\r\t \"'\\<>&;#{}[],:|`*_"),
)
field_text = st.text(_any_char, max_size=40)


def _xml_char(ch: str) -> bool:
    """Whether XML 1.0 allows ``ch`` in a document (Char production)."""
    code = ord(ch)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or code >= 0x10000
    )


def _normalised(text: str) -> str:
    """Line breaks as `mtqa.readers.parse` normalises them before any reader runs."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclasses.dataclass(frozen=True)
class Generated:
    """A generated file and what a correct reader returns from it, unit by unit:
    the target, the source (None: not compared)."""

    text: str
    units: tuple[tuple[str, str | None], ...]


# XLIFF/TMX: a piece of an element's content, written and as the reader reads it
_xml_text = st.text(_any_char.filter(_xml_char), max_size=20)


@st.composite
def xml_content(draw: st.DrawFn, fmt: str) -> tuple[str, str]:
    """Element content of XLIFF (``fmt="xliff"``) or TMX: text with entities,
    numeric character references, CDATA, code elements and wrapper elements;
    returns (markup, the text a reader must decode from it)."""
    markup, decoded = [], []
    wrapper = "g" if fmt == "xliff" else "hi"
    for n in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["text", "text", "ref", "cdata", "code", "wrap"]))
        raw = draw(_xml_text)
        if kind == "text":
            markup.append(html.escape(raw, quote=False))
            decoded.append(_normalised(raw))
        elif kind == "ref":
            ch = draw(st.characters(exclude_categories=("Cs",)).filter(_xml_char))
            markup.append(draw(st.sampled_from([f"&#{ord(ch)};", f"&#x{ord(ch):X};"])))
            decoded.append(ch)
        elif kind == "cdata":
            assume("]]>" not in raw)
            markup.append(f"<![CDATA[{raw}]]>")
            decoded.append(_normalised(raw))
        elif kind == "code":
            code = html.escape(raw, quote=False)
            markup.append(f'<x id="{n}"/>' if fmt == "xliff" else f'<ph x="{n}">{code}</ph>')
            decoded.append(TAG)
        else:
            markup.append(f'<{wrapper} id="{n}">{html.escape(raw, quote=False)}</{wrapper}>')
            decoded.append(_normalised(raw))
    return "".join(markup), "".join(decoded)


@st.composite
def xliff_documents(draw: st.DrawFn) -> Generated:
    """XLIFF 1.2 with a trans-unit per unit, some without a target (a segment
    without text when the source has some)."""
    body, units = [], []
    for n in range(draw(st.integers(1, 4))):
        source, source_text = draw(xml_content("xliff"))
        unit = f'<trans-unit id="u{n}"><source>{source}</source>'
        if draw(st.booleans()) or n == 0:
            target, target_text = draw(xml_content("xliff"))
            unit += f"<target>{target}</target>"
            units.append((target_text, source_text))
        elif source_text.strip():  # untranslated: a segment without text (MT307)
            units.append(("", source_text))
        body.append(unit + "</trans-unit>")
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file source-language="zh" target-language="en" datatype="plaintext" original="f">'
        "<body>\n" + "\n".join(body) + "\n</body></file></xliff>\n"
    )
    return Generated(text, tuple(units))


@st.composite
def tmx_documents(draw: st.DrawFn) -> Generated:
    """TMX 1.4 with a Chinese and an English variant in every unit."""
    body, units = [], []
    for n in range(draw(st.integers(1, 4))):
        source, source_text = draw(xml_content("tmx"))
        target, target_text = draw(xml_content("tmx"))
        body.append(
            f'<tu tuid="t{n}"><tuv xml:lang="zh-CN"><seg>{source}</seg></tuv>'
            f'<tuv xml:lang="en-US"><seg>{target}</seg></tuv></tu>'
        )
        units.append((target_text, source_text))
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        '<header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"'
        ' creationtool="t" creationtoolversion="1" o-tmf="none"/>\n<body>\n'
        + "\n".join(body)
        + "\n</body></tmx>\n"
    )
    return Generated(text, tuple(units))


def _po_escape(text: str) -> str:
    """A PO string's C escapes (what ``msgfmt`` reads back as ``text``)."""
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )


def _po_lines(keyword: str, value: str, wrap: bool) -> str:
    """``keyword "value"``, or wrapped over continuation lines as gettext wraps."""
    escaped = _po_escape(value)
    if not wrap or len(escaped) < 4:
        return f'{keyword} "{escaped}"\n'
    cut = len(escaped) // 2
    while cut and escaped[cut - 1] == "\\":  # never split an escape from its letter
        cut -= 1
    return f'{keyword} ""\n"{escaped[:cut]}"\n"{escaped[cut:]}"\n'


# polib splits the file with str.splitlines(), so a raw vertical tab, form feed,
# file/group/record separator, NEL or line/paragraph separator inside a string
# ends its line there: polib refuses such a file (an InputError), though gettext
# reads it. PO strings are generated without them (see the report of issue 14).
_po_char = _any_char.filter(lambda c: c in "\n\r" or len(f"a{c}b".splitlines()) == 1)
po_text = st.text(_po_char, max_size=30)


@st.composite
def po_documents(draw: st.DrawFn) -> Generated:
    """A PO file with a header, singular and plural entries, comments and contexts."""
    out = [
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    ]
    units: list[tuple[str, str | None]] = []
    ids = draw(st.lists(po_text.filter(bool), min_size=1, max_size=4, unique=True))
    for msgid in ids:
        wrap = draw(st.booleans())
        if draw(st.booleans()):
            out.append(f"#: file.c:{len(out)}\n")
        if draw(st.booleans()):
            out.append(_po_lines("msgctxt", draw(po_text), wrap))
        out.append(_po_lines("msgid", msgid, wrap))
        if draw(st.booleans()):
            plural = draw(po_text.filter(bool))
            out.append(_po_lines("msgid_plural", plural, wrap))
            for n in range(2):
                form = draw(po_text)
                out.append(_po_lines(f"msgstr[{n}]", form, wrap))
                units.append((form, msgid if n == 0 else plural))  # "": untranslated
        else:
            msgstr = draw(po_text)
            out.append(_po_lines("msgstr", msgstr, wrap))
            units.append((msgstr, msgid))  # "": untranslated, a segment without text
        out.append("\n")
    return Generated("".join(out), tuple(units))


# TSV fields are not quoted: no tab or line break inside one. Leading and trailing
# blanks are kept by pandas (no skipinitialspace), so they are generated too.
_tsv_field = st.text(_any_char.filter(lambda c: c not in "\t\n\r"), max_size=30)


@st.composite
def tsv_documents(draw: st.DrawFn) -> Generated:
    """A TSV file: a header line, then id, source and target, one row a line."""
    rows = draw(st.lists(st.tuples(_tsv_field, _tsv_field), min_size=1, max_size=5))
    lines = ["id\tsource\ttarget"] + [f"r{n}\t{s}\t{t}" for n, (s, t) in enumerate(rows)]
    return Generated("\n".join(lines) + "\n", tuple((t, s) for s, t in rows))


@st.composite
def csv_documents(draw: st.DrawFn) -> Generated:
    """A CSV file written by the csv module (quotes doubled, fields with commas,
    quotes and line breaks quoted; or every field quoted), lines ended CRLF."""
    rows = draw(st.lists(st.tuples(field_text, field_text), min_size=1, max_size=5))
    buffer = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    # "\r\n" as RFC 4180 says: the writer quotes a field holding any character of
    # its line terminator, so a bare "\r" in a field (a line break to a reader) is quoted
    writer = csv.writer(buffer, quoting=quoting, lineterminator="\r\n")
    writer.writerow(["id", "source", "target"])
    for n, (source, target) in enumerate(rows):
        writer.writerow([f"r{n}", source, target])
    units = tuple((_normalised(t), _normalised(s)) for s, t in rows)
    return Generated(buffer.getvalue(), units)


@st.composite
def jsonl_documents(draw: st.DrawFn) -> Generated:
    """JSON Lines: one object a line, fields in any order, extra fields of any
    JSON value, ASCII-escaped or not, some lines blank."""
    lines, units = [], []
    for n in range(draw(st.integers(1, 5))):
        target, source = draw(field_text), draw(field_text)
        row: dict[str, Any] = {"id": n, "source": source, "target": target}
        extra = draw(
            st.dictionaries(
                st.text(max_size=5).filter(lambda k: k.lower() not in _JSON_ROLE_NAMES),
                st.one_of(st.integers(), st.none(), field_text, st.lists(st.integers())),
                max_size=2,
            )
        )
        items = list({**row, **extra}.items())
        random.Random(draw(st.integers(0, 99))).shuffle(items)
        lines.append(json.dumps(dict(items), ensure_ascii=draw(st.booleans())))
        if draw(st.booleans()):
            lines.append("")
        units.append((target, source))
    return Generated("\n".join(lines) + "\n", tuple(units))


_JSON_ROLE_NAMES = {"id", "key", "seg_id", "segment_id", "source", "src", "target",
                    "translation", "mt", "hyp", "hypothesis", "tgt", "text",
                    "reference", "ref"}  # fmt: skip


@st.composite
def markdown_inline(draw: st.DrawFn) -> str:
    """A line of Markdown inline content: text, code, links, images, emphasis,
    escapes, HTML tags and bare URLs."""
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        word = draw(st.text(_any_char.filter(lambda c: c not in "\n\r"), max_size=15))
        pieces.append(
            draw(
                st.sampled_from(
                    [
                        word,
                        f"`{word}`",
                        f"[{word}](https://example.com/{len(word)})",
                        f"![{word}](a.png)",
                        f"*{word}*",
                        f"**{word}**",
                        f"\\*{word}",
                        f"<span>{word}</span>",
                        f"https://example.com/{word}",
                        f"<!-- {word} -->",
                    ]
                )
            )
        )
    return " ".join(pieces)


@st.composite
def markdown_documents(draw: st.DrawFn) -> Generated:
    """Markdown blocks: headings, paragraphs (some over two lines), list items,
    quotes, tables, code blocks, suppression comments and front matter."""
    blocks = []
    if draw(st.booleans()):
        blocks.append("---\ntitle: x\n---")
    for _ in range(draw(st.integers(1, 6))):
        inline, more = draw(markdown_inline()), draw(markdown_inline())
        blocks.append(
            draw(
                st.sampled_from(
                    [
                        f"# {inline}",
                        f"{inline}\n{more}",
                        f"- {inline}\n- {more}",
                        f"1. {inline}",
                        f"> {inline}\n> {more}",
                        f"| a | b |\n|---|---|\n| {inline} | {more} |",
                        f"```\n{inline}\n```",
                        f"    {inline}",
                        "<!-- mtqa: ignore MT201 -->",
                        inline,
                    ]
                )
            )
        )
    return Generated("\n\n".join(blocks) + "\n", ())


def _html_escape(draw: st.DrawFn, text: str) -> str:
    """``text`` as HTML: markup characters escaped, and some characters written as
    numeric references (not those HTML5 decodes to something else: the C1
    controls map to Windows-1252, NUL and the non-characters are dropped)."""
    out = []
    for ch in text:
        if ch in "<&>" or (draw(st.integers(0, 9)) == 0 and ch.isprintable() and ord(ch) > 0x9F):
            out.append(draw(st.sampled_from([f"&#{ord(ch)};", f"&#x{ord(ch):x};"])))
        else:
            out.append(ch)
    return "".join(out)


@st.composite
def html_documents(draw: st.DrawFn) -> Generated:
    """An HTML page: paragraphs and headings with inline tags, entities and line
    breaks, scripts and styles, inside a body. Each unit is a block's text."""
    blocks, units = [], []
    for _ in range(draw(st.integers(1, 5))):
        words = draw(st.lists(st.text(_any_char, max_size=15), min_size=1, max_size=4))
        tag = draw(st.sampled_from(["p", "p", "h2", "li", "blockquote", "figcaption"]))
        inner = []
        for word in words:
            escaped = _html_escape(draw, word)
            inner.append(
                draw(
                    st.sampled_from(
                        [escaped, f"<b>{escaped}</b>", f'<a href="/x">{escaped}</a>',
                         f"{escaped}<br>", f"<em>{escaped}</em>"]
                    )
                )
            )  # fmt: skip
        blocks.append(f"<{tag}>{' '.join(inner)}</{tag}>")
        units.append((" ".join(words), None))
        if draw(st.booleans()):
            blocks.append("<script>var a = '<p>not text</p>';</script>")
    text = (
        '<!DOCTYPE html>\n<html lang="en"><head><title>T</title>'
        "<style>p { color: red }</style></head>\n<body>\n"
        + "\n".join(blocks)
        + "\n</body></html>\n"
    )
    return Generated(text, tuple(units))


# a subtitle's text: no line break, no markup of its own (tags, overrides,
# references are drawn as such), never blank
_cue_char = _any_char.filter(lambda c: c not in "\n\r<>{}&")


@st.composite
def subtitle_documents(draw: st.DrawFn, fmt: str) -> Generated:
    """SubRip (``fmt="srt"``) or WebVTT cues of one to three lines with tags, SubRip
    overrides and WebVTT references, each cue ending a sentence (cues joined into
    one sentence are the unit tests'). Each unit is a cue's lines, stripped and
    joined by a space, without markup."""
    sep = "," if fmt == "srt" else "."
    blocks, units = [], []
    for n in range(draw(st.integers(1, 4))):
        lines, shown = [], []
        for _ in range(draw(st.integers(1, 3))):
            raw = draw(st.text(_cue_char, max_size=20))
            kind = draw(st.sampled_from(["text", "tag", "override", "reference"]))
            if kind == "tag":
                line, text = f"<i>{raw}</i>", raw
            elif kind == "override" and fmt == "srt":
                line, text = "{\\an8}" + raw, raw
            elif kind == "reference" and fmt == "vtt":
                line, text = f"{raw}&amp;", raw + "&"
            else:
                line, text = raw, raw
            if text.strip():
                lines.append(line)
                shown.append(text.strip())
        lines.append("The end.")
        shown.append("The end.")
        blocks.append(f"{n + 1}\n00:00:0{n}{sep}000 --> 00:00:0{n}{sep}500\n" + "\n".join(lines))
        units.append((" ".join(shown), None))
    head = "WEBVTT\n\n" if fmt == "vtt" else ""
    return Generated(head + "\n\n".join(blocks) + "\n", tuple(units))


VALID: dict[str, Callable[[], st.SearchStrategy[Generated]]] = {
    "xliff": xliff_documents,
    "tmx": tmx_documents,
    "po": po_documents,
    "tsv": tsv_documents,
    "csv": csv_documents,
    "jsonl": jsonl_documents,
    "srt": lambda: subtitle_documents("srt"),
    "vtt": lambda: subtitle_documents("vtt"),
}


# --- (a) and (b): arbitrary text and bytes, every reader ------------------------------


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@PROPERTY
@given(text=text_strategy)
def test_any_text_is_read_or_refused_with_offsets_into_it(fmt, text):
    doc = read(text, fmt)
    if doc is not None:
        assert_offsets(doc, fmt)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@PROPERTY
@given(data=bytes_strategy)
def test_any_bytes_are_read_as_the_cli_reads_them_or_refused(fmt, data):
    doc = load_bytes(data, fmt)
    if doc is not None:
        assert_offsets(doc, fmt)
        assert any(seg.text.strip() or seg.untranslated for seg in doc.segments)


@pytest.mark.parametrize("paragraphs", ["auto", "blank", "line"])
@PROPERTY
@given(text=text_strategy)
def test_plain_text_segments_are_the_file_text_they_say(paragraphs, text):
    doc = read(text, "txt", ReadOptions(paragraphs=paragraphs))
    assert doc is not None  # plain text is never refused once decoded
    for seg in doc.segments:
        assert seg.char_map is None
        assert doc.file_text[seg.offset : seg.offset + len(seg.text)] == seg.text
        assert seg.text.strip() and seg.text == seg.text.rstrip()


# --- (a) and (b) on valid documents: the reader returns what went in ------------------


@pytest.mark.parametrize("fmt", sorted(VALID))
@settings(PROPERTY, max_examples=60)
@given(data=st.data())
def test_valid_documents_give_back_their_units_at_their_offsets(fmt, data):
    generated = data.draw(VALID[fmt](), label="document")
    doc = read(generated.text, fmt)
    assert doc is not None, "a valid document was refused"
    assert_offsets(doc, fmt)
    assert [seg.text for seg in doc.segments] == [target for target, _ in generated.units]
    sources = [source for _, source in generated.units]
    assert [seg.source for seg in doc.segments] == sources


@settings(PROPERTY, max_examples=40)
@given(generated=markdown_documents())
def test_markdown_segments_map_every_character_to_the_file(generated):
    doc = read(generated.text, "md")
    assert doc is not None
    assert_offsets(doc, "md")
    for seg in doc.segments:
        # ascending and without repeats (None, for a segment that is one run of the file)
        offsets = [seg.file_offset(i) for i in range(len(seg.text))]
        assert offsets == sorted(set(offsets))


@settings(PROPERTY, max_examples=60)
@given(generated=html_documents())
def test_html_blocks_are_read_whole_with_entities_decoded(generated):
    doc = read(generated.text, "html")
    expected = ["".join(t.split()) for t, _ in generated.units if t.split()]
    if not expected:
        assert doc is None  # no article text: refused
        return
    assert doc is not None
    assert_offsets(doc, "html")
    assert ["".join(seg.text.split()) for seg in doc.segments] == expected


# --- (c): the checker on anything a reader returns --------------------------------------


@pytest.mark.parametrize("fmt", ["txt", "md"])
@settings(PROPERTY, max_examples=60)
@given(text=text_strategy)
def test_the_checker_never_raises_and_findings_lie_inside(fmt, text):
    """Through the public API, `mtqa.check_text`: plain text is never refused once
    decoded (Markdown only when nested too deep to read), nor crashes the checker."""
    try:
        report = mtqa.check_text(text, fmt=fmt, config=ALL_RULES)
    except InputError:
        assert fmt == "md"
        return
    (result,) = report.documents
    assert_findings(result)
    assert report.summary.words == result.score.words


@pytest.mark.parametrize("fmt", [*sorted(VALID), "md", "html"])
@settings(PROPERTY, max_examples=25)
@given(data=st.data())
def test_the_checker_on_valid_documents_of_every_format(fmt, data):
    strategy = {**VALID, "md": markdown_documents, "html": html_documents}[fmt]
    doc = read(data.draw(strategy(), label="document").text, fmt)
    if doc is not None:
        check(doc)


def test_the_offset_property_fails_a_segment_that_points_elsewhere():
    """`assert_offsets` itself: a segment put at the wrong place fails it."""
    doc = parse("One.\n\nTwo.\n", "x.txt", "txt")
    doc.segments[1] = dataclasses.replace(doc.segments[1], offset=0)
    with pytest.raises(AssertionError, match="maps to"):
        assert_offsets(doc, "txt")


def test_the_finding_property_fails_a_span_outside_its_segment():
    """`assert_findings` itself: a finding past its segment's end fails it."""
    result = checker().check(parse("The the plan.\n", "x.txt", "txt"))
    result.findings[0] = dataclasses.replace(result.findings[0], end=99)
    with pytest.raises(AssertionError):
        assert_findings(result)


def test_the_checker_fires_on_the_generated_kind_of_text():
    """The properties above are only worth something if the checker does flag
    things in such text: a doubled word in a PO string is found and in range."""
    doc = read('msgid "a"\nmsgstr "The the plan. . Done."\n', "po")
    assert doc is not None
    rules = {f.rule for f in check(doc).findings}
    assert {"MT101", "MT205"} <= rules


# --- what counts as text: a target of blanks, tags and format characters is none ---------

_SHOWS_NOTHING = st.characters(categories=("Cf", "Zs", "Zl", "Zp", "Cc")) | st.sampled_from(
    [TAG, "\u2800", "\u3164", "\u115f", "\u1160", "\uffa0", "\u034f", "\ufe0f"]
)
_SHOWS = st.characters(categories=("L", "N", "P", "Sm", "Sc")).filter(
    lambda c: c not in "\u3164\u115f\u1160\uffa0"
)


@settings(PROPERTY, max_examples=200)
@given(blank=st.text(_SHOWS_NOTHING, max_size=30), shown=_SHOWS, at=st.integers(0, 30))
def test_a_target_is_untranslated_exactly_when_nothing_in_it_shows(blank, shown, at):
    from mtqa.model import Segment, has_text

    assert not has_text(blank)
    assert Segment(1, blank, 0, "unit", source="你好").untranslated
    text = blank[:at] + shown + blank[at:]
    assert has_text(text)
    assert not Segment(1, text, 0, "unit", source="你好").untranslated
    assert not Segment(1, blank, 0, "unit", source=blank).untranslated  # no source text


# --- (d): linear cost -------------------------------------------------------------------

_WORDS = (
    "village county road bridge market harvest school river teacher doctor farmer "
    "station festival museum library factory garden harbour mountain valley council "
    "budget project report season tourist visitor family worker engineer volunteer"
).split()


def _paragraph(rng: random.Random) -> str:
    """Three plausible, varied English sentences (no two alike: a repeated sentence
    is a finding of its own, and the sweep measures reading, not one rule)."""
    return " ".join(
        f"The {' '.join(rng.choice(_WORDS) for _ in range(rng.randint(6, 14)))} "
        f"{rng.randint(1, 10**6)}."
        for _ in range(3)
    )


def sized(fmt: str, n: int) -> str:
    """A document of format ``fmt`` with ``n`` units (paragraphs, rows, entries) of
    three sentences each, written with the format's markup and escapes."""
    rng = random.Random(14)
    texts = [_paragraph(rng) for _ in range(n)]
    numbered = list(enumerate(texts))
    if fmt == "txt":
        return "\n\n".join(texts) + "\n"
    if fmt == "md":
        return "".join(f"## H{i}\n\n{t} [link](http://x/{i}) and `code`\n\n" for i, t in numbered)
    if fmt == "html":
        return "<html><body>" + "".join(f"<p>{t} &amp; <b>x</b></p>\n" for t in texts) + "</body>"
    if fmt == "tsv":
        return "id\ttarget\n" + "".join(f"{i}\t{t}\n" for i, t in numbered)
    if fmt == "csv":
        return "id,target\n" + "".join(f'{i},"{t}, ""q"""\n' for i, t in numbered)
    if fmt == "jsonl":
        return "".join(json.dumps({"id": i, "target": f"{t}\n\u00e9"}) + "\n" for i, t in numbered)
    if fmt == "po":
        return "".join(f'msgid "m{i}"\nmsgstr ""\n"{t}\\n"\n"more"\n\n' for i, t in numbered)
    if fmt == "xliff":
        units = "".join(
            f'<trans-unit id="{i}"><source>s</source>'
            f'<target>{t} &amp; <x id="1"/></target></trans-unit>\n'
            for i, t in numbered
        )
        return (
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            f"<file><body>{units}</body></file></xliff>"
        )
    if fmt == "tmx":
        units = "".join(
            f'<tu><tuv xml:lang="zh"><seg>s</seg></tuv><tuv xml:lang="en"><seg>{t}</seg></tuv>'
            "</tu>\n"
            for t in texts
        )
        return f'<tmx version="1.4"><header srclang="zh"/><body>{units}</body></tmx>'
    if fmt in ("srt", "vtt"):
        sep = "," if fmt == "srt" else "."
        cues = "".join(
            f"{i + 1}\n00:00:{i % 60:02d}{sep}000 --> 00:00:{i % 60:02d}{sep}900\n"
            f"<i>{t[: len(t) // 2]}</i>\n{t[len(t) // 2 :]} &amp;\n\n"
            for i, t in numbered
        )
        return ("WEBVTT\n\n" if fmt == "vtt" else "") + cues
    raise AssertionError(f"no sized document for {fmt}")


@contextlib.contextmanager
def counting_calls() -> Iterator[list[int]]:
    """Count the Python and C function calls made inside the block: a measure of
    work that does not depend on the machine's speed or load."""
    count = [0]

    def profile(_frame: Any, event: str, _arg: Any) -> None:
        if event in ("call", "c_call"):
            count[0] += 1

    sys.setprofile(profile)
    try:
        yield count
    finally:
        sys.setprofile(None)


def calls(job: Callable[[], object]) -> int:
    """The function calls one run of ``job`` makes."""
    with counting_calls() as count:
        job()
    return count[0]


def peak_memory(job: Callable[[], object]) -> int:
    """The peak of memory traced while ``job`` runs, in bytes."""
    gc.collect()
    tracemalloc.start()
    try:
        job()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def cpu_seconds(job: Callable[[], object]) -> float:
    """The CPU time of one run of ``job`` (process time: waiting for the other
    processes of a busy machine is not counted)."""
    start = time.process_time()
    job()
    return time.process_time() - start


def assert_linear(job_of_size: Callable[[int], Callable[[], object]], base: int) -> None:
    """Calls, memory and time of ``job_of_size(n)()`` at n, 4n and 16n grow no worse
    than linearly. From n to 16n, linear growth multiplies them by 16 (less, with
    fixed costs) and quadratic growth by 256: the bounds, 24 for the deterministic
    calls and memory and 64 for time, leave room for caches and a busy machine and
    none for quadratic growth. Times are the median of three interleaved rounds."""
    sizes = (base, 4 * base, 16 * base)
    jobs = {n: job_of_size(n) for n in sizes}
    jobs[sizes[-1]]()  # warm every cache (word lists, compiled patterns) first
    counted = {n: calls(jobs[n]) for n in sizes}
    peaks = {n: peak_memory(jobs[n]) for n in sizes}
    rounds = [{n: cpu_seconds(jobs[n]) for n in sizes} for _ in range(3)]
    seconds = {n: statistics.median(r[n] for r in rounds) for n in sizes}
    small, large = sizes[0], sizes[-1]
    said = f"sizes {sizes}: calls {counted}, peak bytes {peaks}, CPU seconds {seconds}"
    assert counted[large] <= 24 * counted[small], said
    assert peaks[large] <= 24 * peaks[small] + 1_000_000, said
    assert seconds[large] <= 64 * seconds[small] + 0.05, said


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_reading_costs_linear_time_and_memory(fmt):
    def job_of_size(n: int) -> Callable[[], object]:
        text = sized(fmt, n)
        return lambda: parse(text, "x", fmt)

    assert_linear(job_of_size, 6)


@pytest.mark.parametrize("fmt", ["txt", "md", "po"])
def test_checking_costs_linear_time_and_memory(fmt):
    def job_of_size(n: int) -> Callable[[], object]:
        doc = parse(sized(fmt, n), "x", fmt)
        return lambda: checker().check(doc)

    assert_linear(job_of_size, 2)


def test_the_sweep_fails_quadratic_work():
    """`assert_linear` itself: a job whose work grows with the square of n fails it."""

    def job_of_size(n: int) -> Callable[[], object]:
        return lambda: [str(i * j) for i in range(n) for j in range(n)]

    with pytest.raises(AssertionError, match="calls"):
        assert_linear(job_of_size, 12)


def assert_grows_linearly(fmt: str, unit: Callable[[int], str], n: int) -> None:
    """Reading the document made of ``unit(i)`` for i < 16n takes at most 48 times as
    long as the one of i < n: linear growth is 16 times, quadratic 256. Each is read
    twice and the faster run counts (noise only ever slows a run). For inputs that
    a reader might be quadratic in (many unclosed constructs), where `assert_linear`
    on ordinary documents would not look; ``n`` must make the small document take
    some milliseconds, or a quadratic term would not show yet."""

    def seconds(count: int) -> float:
        text = "".join(unit(i) for i in range(count))
        return min(cpu_seconds(lambda: read(text, fmt)) for _ in range(2))

    small, large = seconds(n), seconds(16 * n)
    assert large <= 48 * small + 0.01, f"{n} units: {small:.3f} s, {16 * n}: {large:.3f} s"


# --- regression tests: bugs the properties found -----------------------------------------
# Fixed ones stay as plain tests; open ones are xfail(strict=True), so that the fix
# turns them into failures ("XPASS(strict)") until the marker is dropped.


def test_every_reader_is_exercised():
    """The strategies above cover every format of `READERS` (a new reader needs
    its own valid-document strategy, or the offsets and text checks of the plain
    formats, here)."""
    assert set(ALL_FORMATS) == set(FORMAT_NAMES)
    assert set(VALID) | {"txt", "md", "html"} == set(ALL_FORMATS)


def test_a_json_escape_pair_past_unicode_is_refused_not_a_crash():
    """``\\udbff\\uffff`` is no UTF-16 pair: decoding it as one gave chr(0x111fff),
    a ValueError out of mtqa/readers/escapes.py."""
    with pytest.raises(InputError, match="surrogate"):
        parse('{"target": "\\udbff\\uffff"}\n', "x.jsonl", "jsonl")


@pytest.mark.parametrize("fmt", ["xliff", "tmx"])
@pytest.mark.parametrize("ref", ["&#145;", "&#x7F;", "&#xFDD0;", "&#128;"])
def test_xml_character_references_read_by_xml_rules(fmt, ref):
    """A valid reference to a C1 control or a non-character was decoded by HTML5's
    rules (&#145; as U+2018, &#x7F; as nothing) and the unit refused as "could not
    map the target text back to the file"."""
    text = {
        "xliff": '<xliff version="1.2"><file><body><trans-unit id="1"><target>{}</target>'
        "</trans-unit></body></file></xliff>",
        "tmx": '<tmx version="1.4"><header srclang="zh"/><body><tu><tuv xml:lang="en">'
        "<seg>{}</seg></tuv></tu></body></tmx>",
    }[fmt].format(f"a{ref}b")
    code = int(ref[3:-1], 16) if ref[2] == "x" else int(ref[2:-1])
    (seg,) = parse(text, "x", fmt).segments
    assert seg.text == f"a{chr(code)}b"


def test_a_po_entry_with_a_context_is_read():
    """An entry with a msgctxt line was skipped (its msgstr never found), and a
    plural one refused for having "0 plural forms"."""
    text = 'msgctxt "menu"\nmsgid "Open"\nmsgstr "Open it. . Now"\n'
    (seg,) = parse(text, "x.po", "po").segments
    assert (seg.text, seg.source) == ("Open it. . Now", "Open")
    assert text[seg.offset : seg.offset + len(seg.text)] == seg.text


def test_a_csv_target_after_a_field_over_two_lines_keeps_its_place():
    """The target was looked for on the row's first line only, and put at the
    row's start when the row had a quoted field over two lines before it."""
    text = 'id,source,target\nr0,"line one\nline two",The target\n'
    (seg,) = parse(text, "x.csv", "csv").segments
    assert text[seg.file_offset(0) : seg.file_offset(len(seg.text) - 1) + 1] == "The target"


def test_a_jsonl_target_after_a_brace_in_a_string_keeps_its_place():
    """A "{" inside an earlier string made the field's depth look wrong: the
    target was put at the line's start."""
    text = '{"note": "{", "target": "The target"}\n'
    doc = parse(text, "x.jsonl", "jsonl")
    assert_offsets(doc, "jsonl")
    assert doc.segments[0].file_offset(0) == text.index("The target")


@pytest.mark.parametrize("unit", ["[a ", "![a ", "<!-- ", "<a ", "`` `"])
def test_markdown_unclosed_inline_constructs_cost_linear_time(unit):
    """The inline-markup pattern scanned to the paragraph's end from every unclosed
    "[", "![", "<!--" or "<tag": 8,000 of them took 3 to 18 seconds."""
    assert_grows_linearly("md", lambda i: "Text " if i == 0 else unit, 600)


@pytest.mark.parametrize(
    "rows", ['{i},a"b{i}\n', '{i},"a\nb",x{i}\n'], ids=["quote-inside", "two-line-field"]
)
def test_csv_rows_the_reader_cannot_find_verbatim_cost_linear_time(rows):
    """A target not found on its row's line was searched for to the end of the file,
    for every row."""
    header = "id,source,target\n" if rows.count(",") > 1 else "id,target\n"
    assert_grows_linearly("csv", lambda i: header if i == 0 else rows.format(i=i), 300)


def test_a_markdown_skip_span_ends_inside_its_segment():
    """Inline code whose last characters are whitespace (here a form feed) at the
    end of a block: the segment text is right-stripped, its skip span is not
    (harmless to findings, but a span of text that does not exist)."""
    (seg,) = parse("`0\x0c`\n", "x.md", "md").segments
    assert all(end <= len(seg.text) for _, end in seg.skip), (seg.text, seg.skip)


def test_an_unknown_html_entity_is_read_as_written():
    """``&foo bar`` is text to a browser; the reader decodes it as the entity
    ``&foo;`` and shows a ";" the file does not hold (mapped onto the "&")."""
    (seg,) = parse("<p>a &foo bar</p>", "x.html", "html").segments
    assert seg.text == "a &foo bar"


@pytest.mark.xfail(
    strict=False,  # passes or not with the Python patch release, not with mtqa's code
    reason="issue 14: html.parser of CPython 3.11.7 is quadratic in unclosed tags and "
    "comments (gh-135462, CVE-2025-6069); mtqa/readers/htmlpage.py feeds it whole pages",
)
def test_html_unclosed_tags_cost_linear_time():
    """Unclosed start tags (also comments, from larger sizes on) take time quadratic
    in their number: 8,000 "<a " take 11 s in html.parser itself."""
    assert_grows_linearly("html", lambda i: "<p>x</p>" if i == 0 else "<a ", 150)
