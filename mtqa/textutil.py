"""Fast, regex-based tokenisation shared by the rules: words and sentences.

Rules need sentence boundaries that survive MT damage (a lowercase start after a
full stop is itself a finding), so boundaries are found by punctuation, not by a
model that would 'repair' them.
"""

from __future__ import annotations

import re

from . import regexcache
from .language.lexicon import HAN, is_dictionary_word, word_list
from .language.pinyin import is_pinyin_syllable

WORD_RE = regexcache.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
"""A run of letters, with inner apostrophes (don't, People’s)."""

# a letter or digit that is no Han character: Han characters are words of their own,
# and so is 〇 (U+3007, the zero of Chinese numerals: 二〇〇八年 is five)
_RUN = rf"[^\W_{HAN}\u3007]+"
COUNT_RE = regexcache.compile(rf"[{HAN}\u3007]|{_RUN}(?:(?:['’.-]|(?<=\d),(?=\d)){_RUN})*")
"""What a word count counts: a letter/digit run (3.5, co-op, U.S, 10,000; a comma
joins digits only: "apples,oranges" is two) or one Han character (iPhone手机: three)."""
# COUNT_RE as it reads ASCII text, which holds no Han character and no ’: without
# the Han class, tried first at every position, the scan takes half the time
_ASCII_COUNT_RE = regexcache.compile(r"[A-Za-z0-9]+(?:(?:['.-]|(?<=[0-9]),(?=[0-9]))[A-Za-z0-9]+)*")

# starts only at the first mark of a run (the look-behind), and takes the run and the
# closing marks without giving them back: a run of 40,000 full stops with no space
# after it is then one failed attempt, not 40,000 that each rescan the run. The
# look-behinds follow the first mark: a pattern that opens with a mark is scanned
# for it, one that opens with a look-behind is tried at every position.
_BOUNDARY_RE = regexcache.compile(r"(?:[.!?](?<![.!?][.!?])[.!?]*+|…(?<![.!?]…))[\"”’')\]]*+\s+")
LIST_NUMBER_MARKER = r"\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)]"
"""A numbered or lettered list marker: 1. 2) (a) iv."""
_TOKENS_RE = regexcache.compile(r"(?:(\S+)\s+)?(\S+)$")  # the last token, and the one before it
_DOTTED_RE = regexcache.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}$")


@word_list("the English abbreviations (package pysbd)")
def _abbreviations() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """pysbd's English abbreviation data: (all, prepositive, before-a-number), lowercase.

    Prepositive abbreviations (Mr, Dr, Gen, Sen) stand before a name; number
    abbreviations (No, pp, Art) before a number; the rest (Inc, Jr, Calif,
    Wash, etc) end a phrase.
    """
    from pysbd.lang.english import English

    data = English.Abbreviation
    return (
        frozenset(data.ABBREVIATIONS),
        frozenset(data.PREPOSITIVE_ABBREVIATIONS),
        frozenset(data.NUMBER_ABBREVIATIONS),
    )


_OPENERS = "(\"“‘'["  # opening punctuation before a token


def abbreviation_kind(before: str, after: str = "") -> str | None:
    """How the token ending ``before`` (the text up to a full stop) is abbreviated.

    Returns ``"initial"`` (J. or the last letter of J.R.R), ``"dotted"`` (U.S,
    e.g, a.m, W.Va), ``"prepositive"`` (Mr, Dr, Gen), ``"number"`` (No before a
    number: ``after`` is the text after the full stop), ``"other"`` (Inc, Jr,
    Calif, etc, et al), or None for a word. A lowercase dictionary word that
    pysbd also lists (is, me, ore) is a word, and so is a pinyin syllable after a
    capitalised word (Wang Min., Li Man.): a Chinese given name, not Minn. or Man.
    """
    before = before[-24:]
    if not before or before[-1].isspace():
        return None  # no token ends there
    known, prepositive, number = _abbreviations()
    # most full stops end a word pysbd does not list: the token split off in C says
    # so without the pattern's search, which tries each of the 24 positions
    token = before.rsplit(None, 1)[-1].lstrip(_OPENERS)
    if len(token) > 1 and "." not in token and token.lower() not in known:
        return None
    m = _TOKENS_RE.search(before)
    if not m:
        return None
    token = m.group(2).lstrip(_OPENERS)
    if len(token) == 1 and token.isupper():
        return "initial"
    if "." in token and _DOTTED_RE.fullmatch(token):
        return "dotted"
    lower = token.lower()
    if lower not in known:
        return None
    if lower in number:
        return "number" if after.lstrip()[:1].isdigit() else None
    if lower in prepositive:
        return "prepositive"
    previous = (m.group(1) or "").strip("(\"“‘'[,")
    if token.islower():
        if is_dictionary_word(token) and previous.lower() != "et":
            return None  # an ordinary word ending a sentence: "That is." "iron ore."
    elif previous[:1].isupper() and is_pinyin_syllable(lower):
        return None
    return "other"


def is_listed_abbreviation(word: str) -> bool:
    """Whether pysbd's English list has ``word`` as an abbreviation (any case): sec, ft, no."""
    return word.lower() in _abbreviations()[0]


def is_abbreviation(before: str, after: str = "") -> bool:
    """Whether the token ending ``before`` is an abbreviation (see `abbreviation_kind`)."""
    return abbreviation_kind(before, after) is not None


_PIECES_RE = regexcache.compile(r"[\s'’]+")  # between the pieces of words joined by apostrophes


def word_pieces(words: list[str], text: str) -> list[str]:
    """``words`` (a segment's `WORD_RE` words, in order) cut at their inner
    apostrophes (People’s: People, s), as a scan for letter runs between word
    boundaries finds them; ``text`` is the segment's text (without an apostrophe in
    it, the words are returned as they are). Joined and split in C."""
    if "'" not in text and "’" not in text:
        return words
    return _PIECES_RE.split(" ".join(words))


# For ASCII text WORD_RE's letters are A-Z and a-z: bytes.translate makes every
# other character but the apostrophe a space, in C, and the words lie between spaces
_ASCII_WORD_TABLE = bytes(
    c if (c < 128 and chr(c).isalpha()) or c == ord("'") else ord(" ") for c in range(256)
)


def words_of(text: str) -> list[str]:
    """``WORD_RE.findall(text)``: the runs of letters, with inner apostrophes, in
    order. ASCII text is split in C (`_ASCII_WORD_TABLE`), in about a third of the
    pattern's time; text with an apostrophe that joins no two letters (at a word's
    edge, or two together), which the pattern leaves out or splits at, and any
    other text are read by the pattern."""
    if text.isascii():
        spaced = text.encode().translate(_ASCII_WORD_TABLE).decode()
        if "'" not in spaced:
            return spaced.split()
        edged = f" {spaced} "
        if "''" not in spaced and " '" not in edged and "' " not in edged:
            return spaced.split()
    return WORD_RE.findall(text)


def count_tokens(text: str) -> list[str]:
    """``COUNT_RE.findall(text)``: what a word count counts, in order."""
    return (_ASCII_COUNT_RE if text.isascii() else COUNT_RE).findall(text)


def count_words(text: str) -> int:
    """Words as MQM counts them for normalisation (`count_tokens`)."""
    return len(count_tokens(text))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) spans; a boundary is terminal punctuation then space.

    A full stop after an initial or a title (J. Smith, Mr. Li) is not a
    boundary, nor one after another abbreviation (U.S., Inc., etc.) unless a
    capitalised word follows. The next sentence may start with any character: MT output
    often starts one in lowercase, and rules want to see that.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        if m.group()[0] == "." and m.group()[1:2] != "." and _abbreviation_inside(text, m):
            continue
        end = m.end()
        stripped = text[start : m.start() + len(m.group().rstrip())]
        if stripped.strip():
            spans.append((start, start + len(stripped)))
        start = end
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _abbreviation_inside(text: str, boundary: re.Match[str]) -> bool:
    """Whether the full stop of ``boundary`` ends an abbreviation inside a sentence.

    Titles and initials (Mr. Smith, J. Smith) never end a sentence; any other
    abbreviation does when a capitalised word follows (Apple Inc. The deal...).
    """
    after = text[boundary.end() : boundary.end() + 3]
    kind = abbreviation_kind(text[max(0, boundary.start() - 16) : boundary.start()], after)
    if kind == "other":
        return not after[:1].isupper()
    return kind is not None


def is_title_case(text: str | list[str]) -> bool:
    """True for headline-style text: most content words (over three letters)
    capitalised. ``text`` may be given as its words (`WORD_RE`) already found."""
    words = [w for w in (words_of(text) if isinstance(text, str) else text) if len(w) > 3]
    if len(words) < 2:
        return bool(words) and words[0][0].isupper()
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.6


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, in the plural unless n is 1: 1 finding, 2 findings, 0 words."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def ascii_classes(text: str, table: bytes, delete: bytes = b"") -> str:
    """``text`` with its ASCII characters replaced as ``table`` (`bytes.maketrans`)
    says and those in ``delete`` dropped; every other character becomes the bytes of
    its UTF-8 form read as Latin-1, none of them ASCII.

    One pass in C, after which a substring search or two can say what a rule's
    pattern needs is absent: faster than the pattern's scan for a class of
    characters, which `re` tests one character at a time.
    """
    return text.encode("utf-8", "surrogatepass").translate(table, delete).decode("latin-1")


def _shape_table() -> bytes:
    classes = dict.fromkeys(b"abcdefghijklmnopqrstuvwxyz'", ord("l"))
    classes |= dict.fromkeys(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", ord("U"))
    classes |= dict.fromkeys(b"0123456789_", ord("d"))
    classes |= {ord('"'): ord("q")} | dict.fromkeys(b" ,;", ord("g"))
    return bytes(classes.get(byte, ord("x")) for byte in range(256))


_SHAPE_TABLE = _shape_table()


def ascii_shape(text: str) -> bytes | None:
    """``text``'s characters as classes, one byte each, for ASCII text (None for
    other text): ``l`` a lowercase letter or apostrophe, ``U`` a capital, ``d`` a
    digit or underscore, ``q`` a double quote, ``g`` a space, comma or semicolon,
    ``x`` anything else. Found in C (bytes.translate), it makes a cheap pre-check:
    a regex whose every match holds a sequence of classes (a lowercase letter, a
    space, a capital: ``lgU``) cannot match a text whose shape lacks it."""
    return text.encode().translate(_SHAPE_TABLE) if text.isascii() else None
