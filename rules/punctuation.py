"""Punctuation and spacing left behind where an MT engine joined or split sentences."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from string import ascii_letters

from mtqa import regexcache
from mtqa.language.lexicon import HAN, is_dictionary_word
from mtqa.language.names import singular_forms
from mtqa.model import Segment
from mtqa.quotes import NO_QUOTES, has_quote_marks
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.textutil import (
    LIST_NUMBER_MARKER,
    ascii_classes,
    is_abbreviation,
    is_listed_abbreviation,
)

# two marks in a row: one of .,;: then (spaced or not) one of ,;: ; one of ,;: then a
# full stop; a full stop, spaces and a full stop (no ellipsis). The pattern opens with
# the first mark, each branch's look-behind says which it is: a pattern opening with
# a branch is tried at every position, one opening with a class only at the marks.
# An ellipsis, close (...) or spaced (. . .), is no stray mark.
_STRAY_RE = regexcache.compile(
    r"[.,;:](?:[ \t]*[,;:]|(?<=[,;:])[ \t]*\.(?!\.)"
    r"|(?<=\.)(?<!\.\.)(?<!\.[ \t]\.)[ \t]+\.(?![ \t]*\.))"
)
# the marks after two in a row, the rest of the run (",,," ". , ,"), never an ellipsis
_MORE_MARKS_RE = regexcache.compile(r"(?:[ \t]*[,;:])*")
_ENTITY_END_RE = regexcache.compile(r"&#?\w{1,10}$")  # "caf&#233;." : the ';' ends an entity
# , ; : made full stops and spaces and tabs dropped (`ascii_classes`): two marks in a
# row, spaced or not, are then "..", and a paragraph without is not scanned for them
_MARKS_AS_STOPS = bytes.maketrans(b",;:", b"...")


@rule(
    code="MT101",
    name="stray-punctuation",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""Two sentence marks in a row (". ." or ". ,") are what an MT engine leaves
    where it joined two source sentences or split one, in any target language. A
    human writer's ellipsis, abbreviations (etc., U.S., Calif., Inc., Jr., a.m.,
    from pysbd's English abbreviation list) and character entities (&amp;) are not
    flagged.""",
    flags=[
        ("The harvest was good this year. . Prices rose too.", ". .", "."),
        ("It was named a model village. , In May it hosted a fair.", ". ,", "."),
        ("We met the growers,, and the buyers.", ",,", ","),
        ("The price rose,,, and then fell.", ",,,", ","),
        ("The price rose. , , Then it fell.", ". , ,", "."),
        ("The fair opened on Monday . , the mayor said.", " . ,", ","),
        ("The plan cut poverty. , It also built roads.", ". ,", "."),
        ("The story was filed by reporter Wang Min. , In May the fair opened.", ". ,", "."),
        ("They mined coal and iron ore., In 2020 output rose.", ".,", "."),
    ],
    passes=[
        "Wait... what happened next?",
        "Prices rose . . . then fell.",
        "Apples, pears, etc., were on sale.",
        "The U.S., China and Japan signed it.",
        "The firm, based in Tacoma, Wash., hired 40 people.",
        "Founded in Fresno, Calif., in 1990, Acme Inc., its owner, grew fast.",
        "Ray Smith Jr., the mayor, opened it at 9 a.m., as planned.",
        "He quoted J.R.R. Tolkien.",
        "They met at the caf&#233;.",
    ],
    languages=None,
    fix="always",
    fix_safe=True,
    exceptions=[
        "ellipses",
        "abbreviations (etc., U.S., Calif., Inc., Jr., a.m.)",
        "character entities (&amp;)",
    ],
)
def stray_punctuation(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if ".." not in ascii_classes(text, _MARKS_AS_STOPS, b" \t"):
        return  # most paragraphs: no two marks in a row
    for m in _STRAY_RE.finditer(text):
        first = m.group()[0]
        if (
            first == "."
            and not m.group()[1].isspace()  # "Wash.," but never "Wash. ,"
            and is_abbreviation(text[max(0, m.start() - 24) : m.start()], m.group())
        ):
            continue
        if first == ";" and _ENTITY_END_RE.search(text, max(0, m.start() - 12), m.start()):
            continue
        end = _MORE_MARKS_RE.match(text, m.end()).end()  # a run of three or more: ",,,"
        following = text[end : end + 3].lstrip()
        keep = "," if following[:1].islower() else "."
        # spaces before the run after a word are part of it ("Monday . , the"): one
        # artifact, one finding (MT102's space before the mark lies inside it)
        start = lead = m.start()
        while lead and text[lead - 1] in " \t":
            lead -= 1
        if lead < start and lead and text[lead - 1].isalnum():
            start = lead
        yield Hit(start, end, f"Stray punctuation '{text[m.start() : end]}'", keep)


# a space before any of , ; : ! ? . that a space or the end follows; before a full
# stop, comma, ! or ? also when closing quotes or brackets come between (a
# prosperous society ."  well ?”), never a colon or semicolon (the emoticons :) ;) );
# before a comma, colon or semicolon also when a word or an opening bracket or
# quote follows ("as follows :(reporter", "held a conference ,announced"), but not
# an emoticon (:D :P)
# (the pattern opens with the space so that the scan skips to spaces; the word
# character before it is checked in the rule)
# , ; : ! ? made full stops and a tab a space (`ascii_classes`): a mark after a space is " ."
_SPACED_MARKS = bytes.maketrans(b",;:!?\t", b"..... ")
# the letter after the colon of an emoticon (:D :P :p :O), a word of its own
_EMOTICON_LETTER = r"[DPpOo]\b"
_SPACE_BEFORE_RE = regexcache.compile(
    r"[ \t]+(?:([,;:!?]|\.(?![ \t]*\.))(?=\s|$)"
    r"|([.!?,])(?=[”’\"')\]]+(?:\s|$))"
    rf"|([,;:])(?!{_EMOTICON_LETTER})(?=[(\[“\"‘]?[^\W\d_]))"
)


# a closing quote, bracket or brace right after a word, a number or a sentence's mark ("a
# disgrace" .  (in 2020) ,  {size} .), never after a space (quoted " , " as a
# separator, an empty box [ ]) or an emoticon's nose or eyes (:-) ,)
_CLOSED_RE = regexcache.compile(r"[\w.!?%”’\"')\]][”’)\]}\"']")


@rule(
    code="MT102",
    name="space-before-punctuation",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""English sets no space before a comma, full stop, colon or semicolon.
    A space there marks a place where the engine spliced two pieces of output.""",
    flags=[
        ("They moved from city schools , to rural ones.", " ,", ","),
        ("The plan is ready .", " .", "."),
        ("The notice reads as follows :(reporter Li Ming)", " :", ": "),
        ("The firm held a press conference ,announced the plan.", " ,", ", "),
        ("Venue : the town hall.", " :", ":"),
        ("New schools , clinics , and roads opened.", " ,", ",", 2),
        ('He called it "a disgrace" . Others agreed.', " .", "."),
        ('He said: "We will build a prosperous society ."', " .", "."),
        ("“Is it ready ?” she asked.", " ?", "?"),
        ("The law (passed in 2020) , still stands.", " ,", ","),
        ("The file size is {size} .", " .", "."),
    ],
    passes=[
        "They moved from city schools, to rural ones.",
        "Prices rose . . . then fell.",
        "Great result :D see you there.",
        "Great result :) see you there.",
        "Kick-off at 10:30 tonight.",
        'Type " , " between the names.',
        'Send { "name" : "Bob" } to the server.',
        "Tick the box [ ] , then sign.",
    ],
    fix="always",
    fix_safe=True,
    exceptions=[
        "spaced ellipses (. . .)",
        "emoticons (:D)",
        "a space after a mark or at the line's start, but for a full stop or comma after "
        "a closing quote or bracket",
    ],
)
def space_before_punctuation(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if " ." not in ascii_classes(text, _SPACED_MARKS):
        return  # most paragraphs: no mark right after a space or a tab
    for m in _SPACE_BEFORE_RE.finditer(text):
        mark = m.group(1) or m.group(2) or m.group(3)
        before = text[max(0, m.start() - 2) : m.start()]
        # after a mark or at the start ("- ,", "... :") no slip of this kind, but for
        # a full stop or a comma after a closing quote or bracket: code and spaced
        # JSON set a colon or a semicolon there ({ "name" : 1 }, f(x) ;)
        if not before[-1:].isalnum() and (mark not in ".," or not _CLOSED_RE.fullmatch(before)):
            continue
        if before[-1:].isalnum() and _STRAY_RE.match(text, m.end() - 1):
            continue  # the spaces open a stray run ("Monday . , the"): MT101's, whole
        # glued to the next word ("conference ,announced"): the space goes after it
        yield Hit(m.start(), m.end(), f"Space before '{mark}'", mark + " " * bool(m.group(3)))


# A mark glued to the next word, each kind with the context that makes it a glue:
# a sentence end after a word, a number or a closing quote or bracket before a
# capitalised word (yard.Photo, January 31.Up, "come back".Zhang; never
# J.R.R.Tolkien or a.m.The); a comma after a word, a number
# or a one-letter word (seed,fertiliser  2004,the  1990 s,which; never 10,000); a
# semicolon after a word (never an entity, caf&#233;s); a colon after a word before
# a word or an opening bracket (follows:(reporter; never 10:30, http:, :( ); a
# closing bracket, a closing quote or a number before a word (checked below).
_NO_SPACE_RE = regexcache.compile(
    # the pattern opens with the one character every kind turns on, so that the scan
    # skips to the candidates (a pattern opening with named groups is tried at every
    # position, several times slower); the context before it is a look-behind
    r"[.!?…,;:)”\"\d]"
    r"(?:(?P<stop>(?:(?<=[a-z]{2}[.!?…])|(?<=\d[.!?…])|(?<=[a-z][”\"’)][.!?…]))(?=[A-Z][a-z]))"
    r"|(?P<comma>(?:(?<=[^\W_]{2},)|(?<=\W[^\W\d_],))(?=[^\W\d_]))"
    r"|(?P<semicolon>(?<=[^\W\d_]{2};)(?=[^\W\d_]))"
    # after a space, a colon before D, P or O alone is an emoticon (fun :D)
    r"|(?P<colon>(?:(?<=[^\W\d_]{2}:)|(?<=[^\W\d_] :)(?!"
    + _EMOTICON_LETTER
    + r"))(?=[(“\"‘]?[A-Za-z]))"
    r"|(?P<bracket>(?<=[^\W_]\))(?=[A-Za-z]))"
    r"|(?P<quote>(?<=[”\"])(?=[A-Za-z]))"
    r"|(?P<number>(?<=\d)(?<![\w.,/]\d)\d*(?:[.,]\d+)*[A-Za-z]+(?![\w-])))"
)
# a token (run of non-spaces) that is a URL, a domain, an e-mail address or a file name
_URLISH_RE = regexcache.compile(
    r"://|www\.|@|\.(?:com|org|net|cn|gov|edu|io|pdf|docx?|xlsx?|jpe?g|png|html?)\b", re.I
)
_TOKEN_RE = regexcache.compile(r"\S+")
# What every kind needs: a mark or a digit right before a letter, or a colon before
# an opening bracket or quote; most paragraphs have none. In ASCII text the marks and
# digits are made "." and the letters "a" (`ascii_classes`), and a search for ".a"
# says so; other text is searched with the pattern.
_GLUED_RE = regexcache.compile(r"[.!?…,;:)”\"\d](?:[^\W\d_]|(?<=:)[(“\"‘])")
_GLUE_MARKS = b'.!?,;:)"0123456789'
_GLUE_CLASSES = bytes.maketrans(
    _GLUE_MARKS + ascii_letters.encode(), b"." * len(_GLUE_MARKS) + b"a" * len(ascii_letters)
)


def _glue_possible(text: str) -> bool:
    """Whether ``text`` has what some kind of `_NO_SPACE_RE` needs (`_GLUED_RE`)."""
    if text.isascii():
        return ".a" in ascii_classes(text, _GLUE_CLASSES) or (
            ":" in text and (":(" in text or ':"' in text)
        )
    return _GLUED_RE.search(text) is not None


_SENTENCE_BEFORE_RE = regexcache.compile(r"(?:^|[.!?:;][\"”’)]*)\s*$")
_VOWEL_RE = regexcache.compile(r"[aeiouy]")


# the UTF-8 bytes of a character read as Windows-1252 ("â€œ" for "“"): a lead byte
# (Â-ô) and a continuation byte (0x80-0xBF, or what Windows-1252 makes of one).
# Punctuation before it belongs to mojibake (MT305's), not to a missing space:
# "â€œspring,â€�" must not become "â€œspring, â€�"
_MOJIBAKE_PAIR_RE = regexcache.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]"
)


@rule(
    code="MT103",
    name="missing-space-after-punctuation",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""A mark glued to the next word ("District.Special", "work,and",
    "follows:(reporter", "(Xinhua)Beijing", "”and") is what converting full-width
    Chinese punctuation or gluing a caption to the text leaves, and so is a number
    glued to a word English writes apart ("20cents", a list number glued to its
    item). Abbreviations and initials, decimals, thousands, times, entities, domain
    names, e-mail addresses, URLs and file names are not flagged, nor numbers with
    their units, ordinals and decades (10km, 5kg, 30mins, 3D, 5G, 2nd, 1990s), nor a
    name that starts with a number inside a sentence (the 4Children award).""",
    flags=[
        ("Farmers dried maize in the yard.Photo by our reporter", ".", ". "),
        ("The costs of seed,fertiliser and fuel rose.", ",", ", "),
        ("Since 2004,the county has grown.", ",", ", "),
        ("The second shift began on May 31.Up to now, nobody has left.", ".", ". "),
        ('He said "we will come back".Zhang added that it rained.', ".", ". "),
        ("The notice reads as follows:(reporter Li Ming)", ":", ": "),
        ("The plan (drawn up in May)was approved.", ")", ") "),
        ("They called it “the green road”and built it.", "”", "” "),
        ("A ticket costs 20cents more.", "20cents", "20 cents"),
        ("Schools will open early. 2Focus on teacher training.", "2Focus", "2 Focus"),
    ],
    passes=[
        "Visit www.example.com or example.org for details.",
        "It grew 3.5 percent, e.g. in the U.S. market.",
        "The No.1 document came out.",
        "He quoted J.R.R.Tolkien at 9 a.m.Then he left.",
        "It sold 10,000 copies at 10:30 on the 2nd, see http://example.com/a:b.",
        "The 10km walk, 5kg packs, 3D films, 5G masts and the 1990s.",
        "He ran 6.46secs and stands 5ft 9ins, a 4x4 in the 24/7 shop for £5m.",
        "The band won the 4Children award.",
        "They met at the caf&#233;s; then left.",
        "Some (re)build and (s)he stays.",
        "Sad news :( but we go on, it was fun :D and we laughed :P",
        "Send report2.docx to li@example.org now.",
        "Orders doubled since the â€œspring,â€\ufffd mainly from cities.",
    ],
    fix="always",
    fix_safe=True,
    exceptions=[
        "mojibake (MT305): a comma inside â€œspring,â€\ufffd",
        "abbreviations and initials",
        "decimals, thousands and times",
        "character entities",
        "URLs, domain names, e-mail addresses and file names",
        "numbers with units, ordinals and decades (10km, 5G, 2nd, 1990s)",
        "names starting with a number (the 4Children award)",
        "emoticons",
    ],
)
def missing_space_after(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if not _glue_possible(text):
        return
    urls: list[tuple[int, int]] | None = None
    for m in _NO_SPACE_RE.finditer(text):
        pos, kind = m.start(), m.lastgroup
        if kind == "number":
            hit = _glued_number(text, m)
        elif (
            _MOJIBAKE_PAIR_RE.match(text, pos + 1)
            or (kind == "semicolon" and _ENTITY_END_RE.search(text, max(0, pos - 12), pos))
            or (kind == "bracket" and not _bracket_glued(text, pos))
            or (kind == "quote" and not ctx.quotes(seg).closes(pos))
            or (kind in ("stop", "comma", "colon") and _notation(text, pos, kind))
        ):
            continue
        else:
            mark = m.group()
            hit = Hit(pos, pos + 1, f"No space after '{mark}'", mark + " ")
        if hit is None:
            continue
        # last, as the dearest check: inside a URL, an address or a file name
        if urls is None:
            urls = _url_spans(text)
        i = bisect_right(urls, (pos, len(text))) - 1
        if not (i >= 0 and pos < urls[i][1]):
            yield hit


def _notation(text: str, pos: int, kind: str) -> bool:
    """Whether the mark at ``pos`` belongs to a notation written without spaces: a
    qualified name (utils.helpers.Formatter, System.Console.WriteLine), a pair of
    one-letter symbols ((x,y), N,N-dimethyl), or a prefixed name (xmlns:xsi, TODO:fix)."""
    start = text.rfind(" ", 0, pos) + 1
    end = text.find(" ", pos)
    token = text[start : end if end >= 0 else len(text)]
    if kind == "stop":
        after = _WORD_AFTER_RE.match(text, pos + 1)
        camel = after is not None and any(c.isupper() for c in after.group()[1:])
        return camel or (token.count(".") >= 2 and ".." not in token)
    if kind == "comma":
        return not text[pos + 2 : pos + 3].isalpha() and not text[pos - 2 : pos - 1].isalpha()
    before = _WORD_BEFORE_RE.search(text, max(0, pos - 40), pos)
    word_after = _WORD_AFTER_RE.match(text, pos + 1)
    if word_after is None or not word_after.group()[0].islower():
        return False  # before a capital or a bracket: "author:Name", "follows:(reporter"
    # before a lowercase word only English words on both sides glue ("follows:the")
    return not (
        before is not None
        and len(before.group()) >= 4
        and before.group().islower()
        and is_dictionary_word(before.group())
        and is_dictionary_word(word_after.group())
    )


_WORD_AFTER_RE = regexcache.compile(r"[^\W\d_]+")
_WORD_BEFORE_RE = regexcache.compile(r"[^\W\d_]+$")


def _url_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the URL-like tokens of ``text``, in order (one linear scan).
    `_URLISH_RE` needs a colon, an at sign or a full stop: the pattern reads only
    the tokens that hold one (searches for a character, in C)."""
    spans = []
    for t in _TOKEN_RE.finditer(text):
        token = t.group()
        if ("." in token or ":" in token or "@" in token) and _URLISH_RE.search(token):
            spans.append(t.span())
    return spans


def _bracket_glued(text: str, pos: int) -> bool:
    """Whether the ``)`` at ``pos`` closes a phrase glued to the next word.

    A bracketed word part ((re)build, (s)he) is not spaced; a bracketed phrase
    (words with a space) or a bracketed name before a capitalised word
    ((Xinhua)Beijing) is.
    """
    opening = text.rfind("(", max(0, pos - 200), pos)
    if opening < 0:
        return False
    inside = text[opening + 1 : pos]
    return " " in inside or (len(inside) > 2 and text[pos + 1].isupper())


# words English itself writes glued to a number (64bit, 12noon, 13amp, tenfold: 10fold)
_GLUED_AFTER_NUMBERS = frozenset(
    "bit bits byte bytes noon fold amp amps volt volts watt watts star ply".split()
)


def _glued_number(text: str, m: re.Match[str]) -> Hit | None:
    """A number glued to a word English writes apart, or None for a number with its
    unit, an ordinal, a decade, a code (5G, 3D) or a name (4Children).

    A lowercase tail is a glue when it is a dictionary word of three letters or more
    (or the plural of one) that is no listed abbreviation (sec, min, ft) and has a
    vowel (not mph, hrs); a capitalised dictionary word only where the number opens
    a sentence: a list number glued to its item.
    """
    token = m.group()
    number = token.rstrip(ascii_letters)
    word = token[len(number) :]
    if word.lower() in _GLUED_AFTER_NUMBERS:
        return None
    if word.islower():
        # the word, or a singular of three letters or more (days, cents; not ins)
        forms = [word, *(f for f in singular_forms(word) if len(f) >= 3)]
        glued = (
            len(word) >= 3
            and _VOWEL_RE.search(word) is not None
            and any(is_dictionary_word(f) for f in forms)
            and not any(is_listed_abbreviation(f) for f in forms)
        )
    else:
        glued = (
            word[0].isupper()
            and word[1:].islower()
            and (is_dictionary_word(word) or is_dictionary_word(word.lower()))
            and _SENTENCE_BEFORE_RE.search(text, max(0, m.start() - 8), m.start()) is not None
        )
    if not glued:
        return None
    return Hit(m.start(), m.end(), f"No space between '{number}' and '{word}'", f"{number} {word}")


# two spaces after a sentence end, also behind a closing quote or bracket (."  .)  ),
# are the old typing convention
_INNER_SPACES_RE = regexcache.compile(r"(?<=[^\s.!?:])(?<![.!?][\"”’)\]])[ \t]{2,}(?=\S)|\u3000+")
_INDENT_RE = regexcache.compile(r"^[ \t\u3000]+(?=\S)")
_LIST_MARKER_RE = regexcache.compile(rf"(?:[-–—*•·▪●◦+>]|{LIST_NUMBER_MARKER})(?:\s|$)")


def _indent(seg: Segment) -> str:
    if seg.text[:1] not in (" ", "\t", "\u3000"):
        return ""  # most paragraphs: a comparison, not a pattern match
    m = _INDENT_RE.match(seg.text)
    return m.group() if m else ""


def _layout_indent(ctx: DocContext) -> str | None:
    """The indent every paragraph of the document shares (two or more), else None."""

    def compute() -> str | None:
        body = [s for s in ctx.segments if s.text.strip()]
        indents = {_indent(s) for s in body}
        return indents.pop() if len(body) > 1 and len(indents) == 1 else None

    return ctx.once("layout-indent", compute)


@rule(
    code="MT104",
    name="irregular-spacing",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""Chinese texts indent paragraphs with two spaces or a full-width space;
    carried into English, that indent and doubled spaces inside a sentence show
    unedited MT. An indent counts as Chinese layout when it is full-width, two or
    more spaces before a paragraph of prose, or shared by every paragraph of the
    document; a stray single space before one line, and the indent of a list item,
    are left alone. Two spaces after a full stop are an old typing convention and
    are left alone.""",
    flags=[
        ("  The county opened two new schools.", "  ", ""),
        ("The county opened  two new schools.", "  ", " "),
        ("The county opened\u3000two new schools.", "\u3000", " "),
        ("\u3000The county opened two new schools.", "\u3000", ""),
    ],
    passes=[
        "The county opened two new schools.  Both are full.",
        'He said "no."  Then he left (as forecast.)  Profits fell.',
        " The county opened two new schools.",
        "  - Two new schools",
        "  3. Two new schools",
    ],
    fix="always",
    fix_safe=True,
    exceptions=[
        "a single stray space before a line",
        "list-item indents",
        "two spaces after a full stop",
    ],
)
def irregular_spacing(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    indent = _indent(seg)
    if indent and (
        "\u3000" in indent
        or (len(indent) >= 2 and not _LIST_MARKER_RE.match(text, len(indent)))
        or _layout_indent(ctx) == indent
    ):
        yield Hit(0, len(indent), "Paragraph indented with spaces (Chinese layout)", "")
    if "  " not in text and "\t" not in text and "\u3000" not in text:
        return  # most paragraphs: no run of two spaces to find (substring search in C)
    for m in _INNER_SPACES_RE.finditer(text):
        if m.start() == 0 or _table_row(text, m.start()):
            continue
        yield Hit(m.start(), m.end(), "Irregular space inside a sentence", " ")


def _table_row(text: str, pos: int) -> bool:
    """Whether the line holding ``pos`` is a row of a plain-text table, whose spaces
    align columns: a pipe row (| a  | b |) or a line with several wide gaps."""
    line = text[text.rfind("\n", 0, pos) + 1 : (text.find("\n", pos) + 1 or len(text) + 1) - 1]
    row = line.strip()
    return (row.startswith("|") and row.endswith("|")) or len(_COLUMN_GAP_RE.findall(row)) >= 2


_COLUMN_GAP_RE = regexcache.compile(r"\S {3,}(?=\S)")


_BRACKETS = {"(": ")", "[": "]"}
_BRACKET_CLOSERS = {v: k for k, v in _BRACKETS.items()}
_BRACKET_RE = regexcache.compile(r"[()\[\]]")
_LIST_NUMBER_RE = regexcache.compile(r"\s*(?:\d{1,3}|[a-zA-Z])\)")
# an emoticon's mouth is no bracket: eyes and a nose after a space, an opening quote
# or the line's start, one or more brackets, and no word after (:) :-( ;) :))) "soon :)")
_EMOTICON_RE = regexcache.compile(r"(?<![^\s\"“‘(\[])[:;=]-?(?:\)+|\(+)(?![^\s.,!?;:\"”’'\])\-–—])")


def _cut_here(seg: Segment, ctx: DocContext) -> bool:
    """Whether ``seg`` is the document's last paragraph and stops on a word or a
    comma: the text was cut there (a scraped excerpt), and a quotation or bracket
    open at its end may close in the part cut off."""
    last = seg.text.rstrip()[-1:]
    return ctx.neighbour(seg, 1) is None and (last.isalnum() or last == ",")


@rule(
    code="MT105",
    name="unbalanced-quotes",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""A closing quote or bracket with no opening one (or the reverse) in a
    paragraph is left where the engine dropped or moved part of a quotation. Straight
    quotes are read as opening or closing from their neighbours, and the finding
    points at the mark that has no partner: for a quotation never closed, the mark
    that opened it, not a later re-opening. English conventions are not flagged: a
    quotation running over several paragraphs opens each with a quote mark and
    closes only the last, also where the paragraphs were run together on one line.
    A text that stops mid-sentence was cut, and what is open at its end may close in
    the part cut off.""",
    flags=[
        ("Delays cost lives, the doctor warned.”", "”", None),
        ("The county (which borders the river has 300,000 people.", "(", None),
        ('He said "the plan works. Then he left.', '"', None),
        ('The mayor said the roads were ready." Work starts today.', '"', None),
        ('They paid an ""unfair" price.', '"', ""),
        ('Li said: "Roads come first. "Then schools. "Then clinics.', '"', None),
    ],
    passes=[
        "“Costs fell,” she said (in May).",
        "1) Repair the roads.",
        'He called it "a good start".',
        'She said: "We want more money for schools. "And more for roads."',
        'He bought a 12" record and a "new" player.',
        'The report said the new road "will cut travel times by',
        "Great news :) and sad news :-( too ;)",
        "They met (at last :) in May.",
        'He wrote "see you soon :)" and she replied “Thanks :-(” [note :)]',
    ],
    fix="sometimes",
    fix_safe=True,
    exceptions=[
        "a quotation running over several paragraphs",
        "a text cut off mid-sentence",
        'inch marks (12")',
        "emoticons (:-) ;( :)))",
    ],
)
def unbalanced_quotes(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    quotes = ctx.quotes(seg) if has_quote_marks(text) else NO_QUOTES
    for pos in quotes.doubled:
        yield Hit(pos, pos + 1, f"'{text[pos]}' typed twice", "")
    for pos in quotes.unopened:
        yield Hit(pos, pos + 1, f"'{text[pos]}' closes no quotation in this paragraph")
    for pos in quotes.unclosed:
        if not (pos == quotes.open_at_end and _cut_here(seg, ctx)):
            yield Hit(pos, pos + 1, f"'{text[pos]}' opens a quotation that is never closed")
    if "(" not in text and ")" not in text and "[" not in text and "]" not in text:
        return  # most paragraphs: no bracket (a search for one character, in C)
    faces = _emoticon_mouths(text) if ":" in text or ";" in text or "=" in text else ()
    stack: list[tuple[str, int]] = []
    for m in _BRACKET_RE.finditer(text):
        ch, pos = m.group(), m.start()
        if pos in faces and not (ch == ")" and stack and stack[-1][0] == "("):
            continue  # a smiley's mouth, unless it may close a bracket too: (so :)
        if ch in _BRACKETS:
            stack.append((ch, pos))
        elif stack and stack[-1][0] == _BRACKET_CLOSERS[ch]:
            stack.pop()
        elif ch == ")" and _LIST_NUMBER_RE.fullmatch(text[: pos + 1]):
            continue
        else:
            yield Hit(pos, pos + 1, f"'{ch}' closes nothing in this paragraph")
    if stack and not _cut_here(seg, ctx):
        for ch, pos in stack:
            yield Hit(pos, pos + 1, f"'{ch}' is never closed in this paragraph")


def _emoticon_mouths(text: str) -> set[int]:
    """The offsets of the brackets of ``text`` that are emoticons' mouths (`_EMOTICON_RE`)."""
    mouths: set[int] = set()
    for m in _EMOTICON_RE.finditer(text):
        mouths.update(range(m.end() - len(m.group().lstrip(":;=-")), m.end()))
    return mouths


_ATTRIBUTION_RE = regexcache.compile(
    r"\.(?=[”\"]\s+(?:said|says|added|asked|noted|told|stressed|explained|emphasized|"
    r"emphasised|pointed out|according to)\b)"
)


@rule(
    code="MT106",
    name="attribution-punctuation",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""In English a quotation followed by its attribution ends with a comma
    inside the quote ("…strategy,” said Li). A full stop there is the Chinese
    layout, where the attribution is a new sentence.""",
    flags=[("“We will build the road first.” said the mayor.", ".", ",")],
    passes=["“We will build the road first,” said the mayor.", "“Why?” asked the mayor."],
    fix="always",
    fix_safe=True,
    exceptions=[
        "a question or exclamation mark before the attribution",
    ],
)
def attribution_punctuation(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    if '"' not in seg.text and "”" not in seg.text:
        return  # most paragraphs: no closing quote (a search for one character, in C)
    for m in _ATTRIBUTION_RE.finditer(seg.text):
        yield Hit(m.start(), m.end(), "Quotation before its attribution ends with a full stop", ",")


_FULLWIDTH = {
    "。": ".",
    "、": ",",
    "【": "[",
    "】": "]",
    "《": "“",
    "》": "”",
    "「": "“",
    "」": "”",
}
# a full-width character, or a run of one full-width stop or pause mark (the
# doubled "，，" of a careless MT pass: one mark in English)
_FULLWIDTH_RE = regexcache.compile(r"([，。！？：；、])\1+|[\uff01-\uff5e。、【】《》「」]")
_NEAR_HAN_RE = regexcache.compile(f"[{HAN}]")
_SPACED_AFTER = frozenset(",.!?:;")  # marks English follows with a space


@rule(
    code="MT107",
    name="fullwidth-punctuation",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""Full-width Chinese punctuation (，。：（）) and full-width letters and
    digits left in English text are untranslated typography; readers and search
    treat them as different characters. A run of one stop or pause mark (，，) is
    one mark in English. Inside untranslated Chinese text they are part of the
    untranslated-text finding instead.""",
    flags=[
        ("Output rose 5%，the bureau said。", "，", ", "),
        ("The list（draft）is out.", "（", "("),
        ("He said，，the plan works。。", "，，", ", "),
        ("It rose 5%， as planned。", "，", ","),
    ],
    passes=["Output rose 5%, the bureau said.", "Output rose in 2020（二〇二〇年）."],
    fix="always",
    fix_safe=True,
    exceptions=[
        "full-width marks inside untranslated Chinese text (MT303's)",
    ],
)
def fullwidth_punctuation(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if text.isascii():
        return  # most paragraphs: no full-width character (a check in C)
    for m in _FULLWIDTH_RE.finditer(text):
        pos = m.start()
        if _NEAR_HAN_RE.search(text, max(0, pos - 1), pos + 2):
            continue
        marks = m.group()
        ch = marks[0]
        ascii_form = _FULLWIDTH.get(ch) or unicodedata.normalize("NFKC", ch)
        if ascii_form in _SPACED_AFTER and m.end() < len(text) and text[m.end()].isalnum():
            ascii_form += " "  # a full-width mark holds its own space: "5%，the"
        yield Hit(pos, m.end(), f"Full-width '{marks}' in English text", ascii_form)


# A finite verb that a quoted phrase can be the subject of; a speech verb after the
# comma ("…", said Li) is the attribution English punctuates so, and is not here
_COMMA_VERB_RE = regexcache.compile(
    r", (?:has|have|had|is|are|was|were|will|would|can|could|should|must|may|might|"
    r"became|becomes|remains|remained|does|did)\b"
)


@rule(
    code="MT110",
    name="comma-after-quoted-subject",
    category="Fluency/Punctuation",
    severity="minor",
    rationale="""A comma between a quoted phrase and the verb it is the subject of
    ("from 'good' to 'better'", has become…) is the Chinese pause mark after a long
    subject, carried over; English puts no comma between subject and verb. A comma
    before an attribution ("…," said Li) is English and is not flagged.""",
    flags=[('The motto "less paper, more trees", has become popular.', ",", "")],
    passes=[
        'The motto "less paper, more trees" has become popular.',
        '"We have more trees", said the mayor.',
        '"We have more trees", he said, "and less paper."',
    ],
    fix="always",
    fix_safe=True,
    exceptions=[
        'a comma before an attribution ("...", said Li)',
    ],
)
def comma_after_quoted_subject(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if not has_quote_marks(text):
        return  # most paragraphs: no quotation, and no memo to look up
    for _, close in ctx.quotes(seg).pairs:
        if _COMMA_VERB_RE.match(text, close + 1):
            yield Hit(close + 1, close + 2, "Comma between a quoted subject and its verb", "")
