"""Typography left from Chinese: spacing inside tokens, doubled dashes, Chinese
apostrophe and range conventions, and Chinese layout symbols."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from mtqa import regexcache
from mtqa.language.pinyin import is_pinyin_syllable
from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.textutil import ascii_classes

# One pattern, one named group a kind; each kind's context is in the pattern, except
# where a word list decides (ordinal suffixes, pinyin syllables: checked below). The
# pattern opens with the one character every kind turns on, so that the scan skips
# to the candidates (a pattern opening with named groups is tried at every
# position, several times slower); the context before it is a look-behind.
_SPACING_RE = regexcache.compile(
    r"[\d°\-—…+‘'’~]"
    # 13 th, 1990 s: an ordinal suffix or a decade's s split from its number
    r"(?:(?P<suffix>(?<=\d)(?<![\w.,]\d)\d* (?:st|nd|rd|th|s)\b(?!['’]))"
    # 18 ° C: a space between the degree sign and its scale
    r"|(?P<degree>(?<=°) (?=[CFK]\b))"
    # Three -Jin: a space before the hyphen of a compound (a spaced dash, win - lose,
    # and a negative number, -5C, are not compounds)
    r"|(?P<hyphen>(?<=[^\W\d_] -)(?=[A-Z][a-z]))"
    # —— … … — —: a Chinese doubled dash or ellipsis, kept or spaced apart
    r"|(?P<doubled>(?<=—)[ \t]*—|(?<=…)[ \t]*…)"
    # 14 days of isolation +7 days: a plus glued to the second of two quantities
    r"|(?P<plus>(?<=[^\W\d_] \+)(?=\d+(?:\.\d+)? [^\W\d_]))"
    # China‘s: an opening quote used as an apostrophe
    r"|(?P<apostrophe>(?<=[^\W\d_]‘)(?=[^\W\d_]))"
    # Xi' an, Lu ‘an: the apostrophe of a pinyin name spaced from its second syllable
    # (the first syllable is read before it, below)
    r"|(?P<pinyin>(?:(?<=[a-z]['’‘]) |(?<=[a-z] ['’‘]))(?=[aeo][a-z]{0,3}\b(?!['’])))"
    # 5~10, 5 ~ 10: the Chinese range mark
    r"|(?P<range>(?:(?<=\d~)|(?<=\d ~)) ?(?=\d))"
    # friends~: a decorative tilde after a word
    r"|(?P<tilde>(?<=[^\W\d_]~)~*(?=[\s.,!?]|$)))"
)
_SPACED_SUFFIX_RE = regexcache.compile(r"\d [snrt]")  # a number, a space, a suffix's first letter
_SPACING_CLASSES = bytes.maketrans(b"0123456789nrt+'", b"0000000000sss--")  # ASCII text
_QUANTITY_RE = regexcache.compile(r"\d [^\W\d_]")  # a number before a word: 14 days
_HEAD_RE = regexcache.compile(
    r"(?<![\w'’‘])[A-Z][a-z]{0,5}$"
)  # the syllable before a pinyin apostrophe
_TAIL_RE = regexcache.compile(r"[a-z]+")
_YEAR_DECADE_RE = regexcache.compile(r"(?:1[5-9]|20)\d0")


def _spacing_possible(text: str) -> bool:
    """Whether ``text`` holds what some kind of `_SPACING_RE` needs: a plus, tilde,
    degree sign, dash, ellipsis or opening quote; a hyphen, plus or apostrophe beside
    a space; a number, a space and a suffix's first letter. Most paragraphs hold
    none, and searches for a character or two in C say so faster than the pattern's
    scan: in ASCII text once the digits are made "0", the suffix letters "s" and the
    plus and apostrophe "-" (`ascii_classes`)."""
    if text.isascii():
        classes = ascii_classes(text, _SPACING_CLASSES)
        return "~" in text or " -" in classes or "- " in classes or "0 s" in classes
    return (
        "+" in text
        or "~" in text
        or " -" in text
        or ("'" in text and ("' " in text or " '" in text))
        or "°" in text
        or "—" in text
        or "…" in text
        or "‘" in text
        or "’ " in text
        or " ’" in text
        or _SPACED_SUFFIX_RE.search(text) is not None
    )


def _ordinal_suffix(number: str) -> str:
    """The English ordinal suffix of a number written in digits (1 -> st, 12 -> th)."""
    n = int(number[-2:])  # the last two digits decide, and a huge number stays cheap
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _spacing_hit(text: str, m: re.Match[str]) -> Hit | None:
    """The finding for one match of ``_SPACING_RE``, or None where the checks a
    pattern cannot make say it is English (12 st is twelve stone, 10 s ten seconds,
    the players' union)."""
    kind, start, end = m.lastgroup or "", m.start(), m.end()
    if kind == "suffix":
        number, suffix = m.group().split(" ")
        if suffix == "s":
            if not _YEAR_DECADE_RE.fullmatch(number):
                return None
            return Hit(start, end, "Decade split from its 's'", number + suffix)
        if suffix != _ordinal_suffix(number):
            return None
        return Hit(start, end, f"Ordinal suffix split from '{number}'", number + suffix)
    if kind == "pinyin":
        return _pinyin_hit(text, start, end)
    if kind == "plus" and not _QUANTITY_RE.search(text, max(0, start - 40), start):
        return None  # a sum adds two quantities; "dial +1 now" is a phone prefix
    if kind == "hyphen" and not _CAPITALISED_BEFORE_RE.search(text, max(0, start - 30), start):
        return None  # a name's parts are capitalised (Three -Jin); gcc -Wall is an option
    if start and text[start - 1] == " " and kind in ("hyphen", "range"):
        start -= 1  # "Three -Jin", "5 ~10": the space before the mark is part of it
    message, fix = _SPACING_FIXES[kind]
    return Hit(start, end, message, fix(text[start:end]))


_CAPITALISED_BEFORE_RE = regexcache.compile(r"(?<![\w-])[A-Z][^\W\d_]* -?$")


def _pinyin_hit(text: str, start: int, end: int) -> Hit | None:
    """The finding for an apostrophe spaced from a pinyin syllable (``Xi' an``: the
    match is the mark and its space; ``Lu ‘an``: the mark after a space), or None
    unless a single capitalised syllable stands before it and a single one after."""
    head_end = start - 1 if text[start - 1] == " " else start
    head = _HEAD_RE.search(text, max(0, head_end - 6), head_end)
    tail = _TAIL_RE.match(text, end)
    if not (
        head and tail and is_pinyin_syllable(head.group()) and is_pinyin_syllable(tail.group())
    ):
        return None
    mark = text[start]
    joined = head.group() + ("’" if mark == "‘" else mark) + tail.group()
    return Hit(head.start(), tail.end(), "Space inside a pinyin name's apostrophe", joined)


# kind -> (message, the text that replaces the match)
_SPACING_FIXES: dict[str, tuple[str, Callable[[str], str]]] = {
    "degree": ("Space between '°' and its scale", lambda _: "°"),
    "hyphen": ("Space beside a hyphen inside a compound", lambda _: "-"),
    "doubled": ("Chinese doubled dash or ellipsis", lambda found: found[0]),
    "plus": ("'+' glued to the number after it", lambda _: "+ "),
    "apostrophe": ("Opening quote used as an apostrophe", lambda _: "’"),
    "range": ("Chinese '~' for a range", lambda _: "-"),
    "tilde": ("Decorative '~' after a word", lambda _: ""),
}


@rule(
    code="MT108",
    name="chinese-spacing",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""Chinese sets no spaces between words, so an engine or a converter
    re-spacing its output splits tokens English writes whole (13 th, 1990 s, 18 ° C,
    Three -Jin, Xi' an) and keeps Chinese conventions: the doubled dash and ellipsis
    (——, … …), a quote mark as apostrophe (China‘s), ~ for a range (5~10), a plus
    glued to the next term (isolation +7 days). Ordinals whose suffix does not fit
    the number (12 st is twelve stone), a spaced dash between words (win - or lose),
    negative numbers (-5C) and phone numbers (+44 20) are not flagged.""",
    flags=[
        ("The fair opened on the 13 th of May.", "13 th", "13th"),
        ("Reform began in the late 1990 s, and grew.", "1990 s", "1990s"),
        ("It fell by 12 to 18 ° C overnight.", "° ", "°"),
        ("They visited Three -Jin Village.", " -", "-"),
        ("A long road——the path of reform.", "——", "—"),
        ("He paused … … then went on.", "… …", "…"),
        ("It was 14 days of isolation +7 days at home.", "+", "+ "),
        ("This is China‘s largest port.", "‘", "’"),
        ("She moved to Xi' an last year.", "Xi' an", "Xi'an"),
        ("The plant is in Lu ‘an city.", "Lu ‘an", "Lu’an"),
        ("Each tree gives 5~10 kilos of fruit.", "~", "-"),
    ],
    passes=[
        "The fair opened on the 13th of May.",
        "He weighs 12 st and runs 5 km.",
        "Reform began in the late 1990s, and grew.",
        "It fell to -5C at 18°C overnight.",
        "Win - or lose - they play.",
        "A long road—the path of reform.",
        "Call +44 20 7946 0000 now.",
        "This is China’s largest port, Xi'an.",
        "The players' union met.",
        "See example.com/~user for more.",
    ],
    fix="always",
    fix_safe=True,
    exceptions=[
        "ordinal suffixes that do not fit the number (12 st)",
        "a spaced dash between words",
        "negative numbers (-5C)",
        "phone numbers (+44 20)",
        "plural possessives (the players' union)",
        "a tilde in a web address",
    ],
)
def chinese_spacing(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if not _spacing_possible(text):
        return
    for m in _SPACING_RE.finditer(text):
        if hit := _spacing_hit(text, m):
            yield hit


# Symbols Chinese layout sets before a paragraph, a byline or a link (★ □ →), the
# brackets it uses for titles and notes, and circled or bracketed numbers (⑭ ⑴ ⒈)
_LAYOUT_RE = regexcache.compile(
    r"[★☆□◇△▽※→←↑↓⇒⇐◎●■◆▲○▪〔〕〖〗『』\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]"
)
# English bullets and end marks: one opening a list item, one closing a story
_BULLETS = frozenset("●■◆▲○▪")
_STARS = frozenset("★☆")
_ARROWS = frozenset("→←↑↓⇒⇐")
_LINK_END = frozenset(")]）】")  # "see here →)": an arrow closing a link; "" at the end
_BRACKET_FORMS = {"〔": "[", "〕": "]", "〖": "[", "〗": "]", "『": "“", "』": "”"}


def _layout_hit(text: str, pos: int, edges: tuple[int, int]) -> Hit | None:
    """The finding for the layout symbol at ``pos``, or None for a bullet that opens
    the paragraph or an end mark that closes it (● Item, ...the end. ■); ``edges``
    are the offsets of the paragraph's first and last non-space characters."""
    ch = text[pos]
    if ch in _BULLETS and pos in edges:
        return None
    if ch in _STARS and (text[pos - 1 : pos] in _STARS or text[pos + 1 : pos + 2] in _STARS):
        return None  # a rating (★★★★☆)
    if ch in _ARROWS and pos not in edges and text[pos + 1 :].lstrip()[:1] not in _LINK_END:
        return None  # a path or a key (Settings → Privacy, press ↑): only a link arrow is layout
    if ch in _BRACKET_FORMS:
        return Hit(pos, pos + 1, f"Chinese bracket '{ch}' in English text", _BRACKET_FORMS[ch])
    plain = unicodedata.normalize("NFKC", ch)
    value = unicodedata.numeric(ch, None)
    if plain != ch or value is not None:  # ⑭ -> 14, ⒈ -> 1., ❶ (no decomposition) -> 1
        fix = plain if plain != ch else str(int(value or 0))
        return Hit(pos, pos + 1, f"Circled or bracketed '{ch}' in English text", fix)
    start, end = pos, pos + 1
    if text[end : end + 1].isspace():
        end += 1  # "★ Title": delete the symbol and its space
    elif start and text[start - 1].isspace():
        start -= 1  # "places →)"
    return Hit(start, end, f"Chinese layout symbol '{ch}' in English text", "")


@rule(
    code="MT109",
    name="chinese-layout-symbols",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""Chinese web pages mark sections, bylines and links with symbols
    (★ □ ※ →), number items with circled numbers (⑭) and bracket notes with
    〔〕 and 『』; copied into English they are untranslated layout. A bullet (● ■)
    that opens a list item and an end mark (■) that closes a story are English
    layout and are not flagged.""",
    flags=[
        ("★ The county opened two schools.", "★ ", ""),
        ("□ Li Ming, a reporter of this paper", "□ ", ""),
        ("For the list of places, see here →)", " →", ""),
        ("Step ⑭ is the last.", "⑭", "14"),
        ("The 〔2021〕 No. 5 notice came out.", "〔", "["),
        ("The plan ● passed.", "● ", ""),
    ],
    passes=[
        "● Two new schools opened.",
        "The story ends here. ■",
        "• Two new schools opened.",
        "Open Settings → Privacy → Location to turn it off.",
        "Rating: ★★★★☆ (4 out of 5)",
    ],
    fix="always",
    fix_safe=True,
    exceptions=[
        "a bullet opening a list item",
        "an end mark closing a story",
        "star ratings (★★★★☆)",
        "arrows in paths and keys (Settings → Privacy)",
    ],
)
def chinese_layout_symbols(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if text.isascii():
        return  # most paragraphs: no layout symbol (a check in C)
    edges = (len(text) - len(text.lstrip()), len(text.rstrip()) - 1)
    for m in _LAYOUT_RE.finditer(text):
        if hit := _layout_hit(text, m.start(), edges):
            yield hit
