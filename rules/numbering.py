"""List labels that switch style within one list, and number shapes no writer means."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mtqa import regexcache
from mtqa.language.numbers import (
    MONTH_NAMES,
    MONTHS,
    chinese_numeral,
    chinese_ordinal,
    number_words,
    roman,
)
from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule

# The numerals a list label is written with. A label is at most twenty in words
# and thirty-nine in Roman numerals: longer lists are numbered in digits.
_WORD_VALUES = {number_words(v): v for v in range(1, 21)}
_ROMAN_VALUES = {roman(v): v for v in range(1, 40)}
_CHINESE_DIGITS = "一二三四五六七八九十"
_NUMERAL = (
    rf"\d{{1,2}}|[IVXivx]{{1,6}}|[A-Za-z]|[{_CHINESE_DIGITS}]{{1,3}}|(?i:"
    + "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
    + r")"
)
# A label in brackets opens a line, or follows a sentence or clause end: MT keeps
# the source's inline items, "…; (2) …". One without brackets (1. 1) 1、) only
# opens a line; "1." inside a sentence is a decimal or an abbreviation's dot. The
# regexes start at the bracket or the line start, so the engine skips ahead fast.
_BRACKETED_RE = regexcache.compile(rf"[(（](?P<num>{_NUMERAL})[)）]")
_BRACKET_CONTEXT = frozenset("\n.;:!?。；：,，")
_BARE_RE = regexcache.compile(
    rf"[ \t\u3000]*(?P<num>{_NUMERAL})(?P<close>[.)、])(?=[ \t\u3000]*[^\s\d])"
)
MAX_INDENT = 8  # spaces read back from a label for what opens it
MAX_GAP = 10  # segments without a label after which a list counts as closed
MAX_DEPTH = 6  # nested lists kept open at once


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a label's numeral: its kind (arabic, roman-upper, …) and value."""

    kind: str
    value: int


@dataclass(frozen=True, slots=True)
class Label:
    """A list label found in a segment: where it is, its brackets and its readings."""

    segment: int
    start: int
    end: int
    open: str
    close: str
    readings: tuple[Reading, ...]


@dataclass(slots=True)
class OpenList:
    """A list being read: the style of its first label and the last value seen."""

    open: str
    kind: str
    close: str
    last: int
    segment: int  # where its last label was


def readings(numeral: str) -> tuple[Reading, ...]:
    """Every way to read a label's numeral: ``iv`` is Roman 4, ``i`` Roman 1 or the letter i.

    Returns an empty tuple for a numeral no list uses (``0``, ``IIII``).
    """
    if numeral.isdigit():
        return (Reading("arabic", int(numeral)),) if int(numeral) else ()
    if numeral[0] in _CHINESE_DIGITS:
        value = chinese_numeral(numeral)
        return (Reading("chinese", int(value)),) if value else ()
    found = []
    if numeral.lower() in _WORD_VALUES:
        case = "lower" if numeral.islower() else "upper" if numeral.isupper() else "title"
        kind = f"word-{case}"
        found.append(Reading(kind, _WORD_VALUES[numeral.lower()]))
    if numeral.upper() in _ROMAN_VALUES and (numeral.islower() or numeral.isupper()):
        kind = "roman-lower" if numeral.islower() else "roman-upper"
        found.append(Reading(kind, _ROMAN_VALUES[numeral.upper()]))
    if len(numeral) == 1:
        kind = "letter-lower" if numeral.islower() else "letter-upper"
        found.append(Reading(kind, ord(numeral.lower()) - ord("a") + 1))
    return tuple(found)


def render(kind: str, value: int) -> str:
    """``value`` written as a numeral of ``kind`` (arabic, roman-upper, word-title, …)."""
    base, _, case = kind.partition("-")
    text = {
        "arabic": str,
        "chinese": chinese_ordinal,
        "roman": roman,
        "word": number_words,
        "letter": lambda v: chr(ord("a") + v - 1),
    }[base](value)
    if case == "upper":
        return text.upper()
    if case == "title":
        return text.capitalize()
    return text.lower() if case == "lower" else text


def segment_labels(seg: Segment) -> list[Label]:
    """The list labels of one segment, in order (bracketed anywhere, bare at line starts)."""
    text = seg.text
    found: list[Label] = []
    line_start = 0
    for line in text.split("\n"):
        m = _BARE_RE.match(line)
        if m and (reads := readings(m["num"])):
            start = line_start + m.start("num")
            found.append(Label(seg.index, start, line_start + m.end(), "", m["close"], reads))
        line_start += len(line) + 1
    if "(" not in text and "（" not in text:
        return found  # most segments: no bracket, and at most bare labels, in order
    for m in _BRACKETED_RE.finditer(text):
        if not _opens_item(text, m.start()):
            continue
        if reads := readings(m["num"]):
            found.append(Label(seg.index, m.start(), m.end(), m[0][0], m[0][-1], reads))
    return sorted(found, key=lambda label: label.start)


def _opens_item(text: str, start: int) -> bool:
    """Whether a bracketed label at ``start`` opens the segment, a line or a clause."""
    window = text[max(0, start - MAX_INDENT) : start]
    before = window.rstrip(" \t\u3000")
    if not before:
        return start <= MAX_INDENT  # only spaces before it: the segment's opening
    return before[-1] in _BRACKET_CONTEXT


def _continuation(stack: list[OpenList], label: Label) -> tuple[OpenList, Reading] | None:
    """The open list this label continues, and how it reads there.

    A label written exactly in a list's style wins (the parent list "2." after
    sub-items "(1)"), then one of the list's kind of numeral, then the innermost list.
    """
    best, best_key = None, None
    for depth, open_list in enumerate(stack):
        for reading in label.readings:
            if reading.value != open_list.last + 1:
                continue
            exact = (label.open, reading.kind, label.close) == (
                open_list.open,
                open_list.kind,
                open_list.close,
            )
            key = (exact, reading.kind == open_list.kind, depth)
            if best_key is None or key > best_key:
                best, best_key = (open_list, reading), key
    return best


def _style_switches(ctx: DocContext) -> Iterator[Hit]:
    stack: list[OpenList] = []
    for seg in ctx.segments:
        stack = [o for o in stack if seg.index - o.segment <= MAX_GAP]
        for label in segment_labels(seg):
            found = _continuation(stack, label)
            if found is None:
                first = min(label.readings, key=lambda r: r.value)
                stack.append(OpenList(label.open, first.kind, label.close, first.value, seg.index))
                del stack[:-MAX_DEPTH]
                continue
            open_list, reading = found
            del stack[stack.index(open_list) + 1 :]  # the inner lists have ended
            open_list.last, open_list.segment = reading.value, seg.index
            if (label.open, reading.kind, label.close) != (
                open_list.open,
                open_list.kind,
                open_list.close,
            ):
                fixed = open_list.open + render(open_list.kind, reading.value) + open_list.close
                written = seg.text[label.start : label.end]
                yield Hit(
                    label.start,
                    label.end,
                    f"List label '{written}' switches style: this list is numbered like '{fixed}'",
                    fixed,
                    segment=seg.index,
                )


@rule(
    code="MT209",
    name="list-label-style",
    category="Fluency/Inconsistency",
    severity="minor",
    rationale="""Chinese numbers list items several ways (1. 1、 (1) （一）); MT renders
    each label on its own, so one list comes out as (1) (2) (three) (IV). Every
    label that departs from the style of its list's first label is flagged, with
    the label in that style as the suggestion. A nested list that restarts at one
    in its own style is no switch.""",
    flags=[
        ("(1) Wash the cups. (2) Dry them.\n(three) Stack them.", "(three)", "(3)"),
        ("1. Plan the route.\n2、 Book the rooms.\n3. Pack.", "2、", "2."),
        ("(I) Scope\n(II) Terms\n(3) Notices", "(3)", "(III)"),
    ],
    passes=[
        "1. Plan the route.\n(1) By road.\n(2) By rail.\n2. Book the rooms.",
        "(a) Wash the cups.\n(b) Dry them.\n(c) Stack them.",
        "(1) Wash the cups. (2) Dry them.\n1. Dry by hand.\n(3) Stack them.",
    ],
    scope="document",
    fix="always",
    fix_safe=True,
    exceptions=[
        "a nested list that restarts at one in its own style",
    ],
)
def list_label_style(ctx: DocContext) -> Iterator[Hit]:
    yield from _style_switches(ctx)


_MONTH = MONTH_NAMES
# Words that follow a year ("in 2019 after", "in 2019 the"); another lowercase word
# after five digits makes them a count ("in 20000 homes").
_AFTER_YEAR = "|".join(
    "after before and or but when while as at for to the with under from until was were is "
    "has had".split()
)
# Each shape is found from its digits (or its debris), which the regex engine skips
# to fast; the words before them are read only at a match.
# "2.021July": a year with a decimal point in it, next to a month
_DOTTED_YEAR_RE = regexcache.compile(rf"[12]\.\d{{3}}(?![\d.])(?=\s*(?:{_MONTH}))")
# "in 20021": five digits where a year belongs
_LONG_YEAR_RE = regexcache.compile(
    rf"(?:19|20)\d{{3}}(?![\d,.]\d)(?!%|\s*(?!(?:{_AFTER_YEAR})\b)[a-z])"
)
_YEAR_BEFORE_RE = regexcache.compile(
    rf"(?:\b(?:[Ii]n|[Ss]ince|[Uu]ntil|year)|\b(?:{_MONTH})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?)\s+$"
)
# "June 2021-6, 25": a month name before the source's numeric year-month(-day)
_NUMERIC_DATE_RE = regexcache.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\b(?:\s*[-/.,]\s*(\d{1,2})\b)?")
_MONTH_BEFORE_RE = regexcache.compile(rf"\b({_MONTH})\s+$")
# "the first quarter of 4": a quarter of a year with a number too short for the year
_QUARTER_RE = regexcache.compile(
    r"\b(?:[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ll]ast) quarter of (\d{1,3})\b"
    r"(?![.,]\d|\s*(?:%|per\b|[a-z]+s\b))"
)
# converter debris: Baidu's "/kloc-0/" in place of a digit, an empty tag after a number
_DEBRIS_RE = regexcache.compile(r"/kloc(?:-\d+/?)?|<\s*/?\s*>")
_NUMBER_BEFORE_RE = regexcache.compile(r"\d[\d,]*[,，]?$")
LOOK_BACK = 30  # characters before a match read for its context


_DIGIT_RE = regexcache.compile(r"\d")
# what a year garbled each way below has: four digits, maybe split by a point
_FOUR_DIGITS_RE = regexcache.compile(r"\d\.?\d{3}")


def _garbles(text: str, shape: bytes | None) -> Iterator[tuple[int, int, str, str | None]]:
    """The garbled numbers of a text whose `ascii_shape` is ``shape``. Each kind is
    looked for only where what it needs is in the text (most paragraphs have none):
    four digits (digits in the shape first), from the first digit on; a quarter;
    debris."""
    if shape is None or b"dddd" in shape or b"dxddd" in shape:
        digit = _DIGIT_RE.search(text)
        if digit and _FOUR_DIGITS_RE.search(text, digit.start()):
            yield from _year_garbles(text, digit.start())
    if "quarter of" in text:
        for m in _QUARTER_RE.finditer(text):
            yield m.start(), m.end(), f"'{m[0]}': a quarter of a year needs the full year", None
    if "<" in text or "/kloc" in text:
        for m in _DEBRIS_RE.finditer(text):
            start = m.start()
            if not m[0].startswith("/"):
                number = _NUMBER_BEFORE_RE.search(_before(text, start))
                if not number:
                    continue  # "a <> b" in a formula: no number before it
                start -= len(number[0])  # "300000,<>": the number and the debris glued to it
            yield start, m.end(), f"Converter debris in a number: '{text[start : m.end()]}'", None


def _year_garbles(text: str, first_digit: int) -> Iterator[tuple[int, int, str, str | None]]:
    """Years with a decimal point, with five digits, or in numeric year-month order
    after a month name; every one opens with a digit, so none before ``first_digit``."""
    for m in _DOTTED_YEAR_RE.finditer(text, first_digit):
        year = m[0].replace(".", "")
        if 1900 <= int(year) <= 2099 and not _glued(text, m.start()):
            yield m.start(), m.end(), f"Year written with a decimal point: '{m[0]}'", year
    for m in _LONG_YEAR_RE.finditer(text, first_digit):
        if not _glued(text, m.start()) and _YEAR_BEFORE_RE.search(_before(text, m.start())):
            yield m.start(), m.end(), f"'{m[0]}' where a year belongs has five digits", None
    for m in _NUMERIC_DATE_RE.finditer(text, first_digit):
        month = _MONTH_BEFORE_RE.search(_before(text, m.start()))
        if _glued(text, m.start()) or not month or int(m[2]) != MONTHS[month[1].lower()]:
            continue  # "May 2021-22": a season, not the month repeated
        start = m.start() - len(month[0])
        year, day = m[1], m[3]
        fixed = f"{month[1]} {day}, {year}" if day else f"{month[1]} {year}"
        written = text[start : m.end()]
        yield start, m.end(), f"Date garbled from numeric year-month order: '{written}'", fixed


def _before(text: str, start: int) -> str:
    return text[max(0, start - LOOK_BACK) : start]


def _glued(text: str, start: int) -> bool:
    """Whether the match starts inside a longer number or word (12.021, A2021-6)."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] == ".")


@rule(
    code="MT210",
    name="garbled-number",
    category="Accuracy/Mistranslation",
    severity="major",
    rationale="""Number shapes no writer means, left by MT and by converters: a year
    with a decimal point (2.021 July), a month name before the source's numeric
    year-month (June 2021-6, 25), five digits where a year belongs (in 20021), a
    quarter of a year whose year is cut short (the first quarter of 4), and
    converter debris in a number (Baidu's /kloc-0/, an empty tag after 3000,<>).
    The repair is given where it is mechanical.""",
    flags=[
        ("The rules took effect on 2.018 March 1.", "2.018", "2018"),
        ("On March 2019-3, 14, the board met.", "March 2019-3, 14", "March 14, 2019"),
        ("The plant opened in 20019 after delays.", "20019", None),
        ("About 4000,<> people came.", "4000,<>", None),
        ("Cases fell within 1/kloc-0/ days.", "/kloc-0/", None),
        ("Data for the second quarter of 3 came out in July.", "second quarter of 3", None),
    ],
    passes=[
        "The season ran from May 2021-22 without a break.",
        "The rate rose 2.018 points in March.",
        "In 20000 homes the power failed.",
        "The value was 3 <> 4 in the formula.",
        "He scored in the first quarter of 3 games and the last quarter of 2023.",
    ],
    fix="sometimes",
    exceptions=[
        "season ranges (May 2021-22)",
        "decimals that are no year (2.018 points)",
        "five-digit counts (20000 homes)",
        "formulas (3 <> 4)",
    ],
)
def garbled_number(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    for start, end, message, fixed in _garbles(seg.text, ctx.ascii_shape(seg)):
        yield Hit(start, end, message, fixed)
