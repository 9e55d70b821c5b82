"""Characters that do not belong in the target text: letters of another script inside
a Latin word, invisible format characters, and sentences in a script the target
language is not written in."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from mtqa import regexcache
from mtqa.language.lexicon import zipf
from mtqa.language.scripts import WRITTEN_IN, foreign_runs, scripts_of, word_re
from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule

if TYPE_CHECKING:
    import regex

# Cyrillic and Greek letters drawn like a Latin one, with that Latin letter. Greek
# lowercase letters other than omicron are left out: α, ν, ρ in a formula mean themselves.
HOMOGLYPHS = {
    **dict(zip("аеіјорсухѕԁԛԝһӏ", "aeijopcyxsdqwhl", strict=True)),
    **dict(zip("АВЕКМНОРСТХУІЈЅ", "ABEKMHOPCTXYIJS", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧο", "ABEZHIKMNOPTYXo", strict=True)),
}
SHOWN_LETTERS = 40  # the longest word a message quotes whole
MIN_DISGUISED = 2  # a lone а or о is a letter, not a word
DISGUISED_ZIPF = 3.0  # an English word of one in a million words or more
_GREEK = regexcache.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_LATIN = regexcache.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
# A letter of neither the Latin script nor the CJK ones (MT303 reports those): Cyrillic,
# Greek, Armenian, Arabic, mathematical and full-width letters … Modifier letters
# (the ʻokina of Hawaiʻi), super- and subscripts (xⁿ) and letterlike symbols (ℓ)
# belong with Latin.
_FOREIGN_LETTER = (
    r"[^\W\d_\x00-\u02ff\u1d00-\u1dbf\u1e00-\u1eff\u2070-\u209f\u2100-\u214f"
    r"\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f\ufb00-\ufb06"  # Latin
    r"\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff"  # CJK
    r"\U00020000-\U0003ffff]"
)
# Format characters that print nothing. Joiners and bidi marks have a job next to
# emoji and right-to-left letters; the others never have one in running text.
_JOINERS = "\u200c\u200d"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_TAGS = "\U000e0000-\U000e007f"
# Control characters, which no text holds: C0 but the tab and the breaks that lay
# text out (line feed, vertical tab, form feed, carriage return), DEL, and C1 (a
# cp1252 byte read as Latin-1 is MT305's, whose finding covers this one); the trace
# of a binary field, a lost byte or a terminal's colour codes. A terminal's escape
# sequence ("\x1b[31m") goes as a whole.
_ASCII_CONTROLS = "\x00-\x08\x0e-\x1f\x7f"
_CONTROLS = _ASCII_CONTROLS + "\x80-\x9f"
_ASCII_CONTROL_RE = regexcache.compile(f"[{_ASCII_CONTROLS}]")
_ESCAPE_SEQUENCE = r"\x1b\[[0-?]*[ -/]*[@-~]"
_INVISIBLE = f"\u00ad\u180e\u200b{_JOINERS}{_BIDI}\u2060-\u2064\ufeff{_TAGS}{_CONTROLS}"
_FOREIGN_LETTER_RE = regexcache.compile(_FOREIGN_LETTER)
_SUSPECT_RE = regexcache.compile(f"({_FOREIGN_LETTER})|({_ESCAPE_SEQUENCE})|[{_INVISIBLE}]+")
# What text in Latin script is mostly made of, nothing suspect: Latin letters and
# punctuation (not the soft hyphen), the dashes, quotes and marks of U+2010 to U+205F,
# CJK (MT303's). A text of these alone has nothing to look for, which
# one plain character class says several times faster than `_SUSPECT_RE` (its
# alternation is tried at every character); a test checks every code point.
_MAYBE_SUSPECT_RE = regexcache.compile(
    r"[^\t-\r -~\xa0-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205f\u2e80-\u9fff\uac00-\ud7ff]"
)
_JOINER_RUN_RE = regexcache.compile(f"[{_JOINERS}]+")
_BIDI_RUN_RE = regexcache.compile(f"[{_BIDI}]+")
_TAG_RUN_RE = regexcache.compile(f"[{_TAGS}]+")
_RTL_LETTER_RE = regexcache.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_TAG_BASE = "\U0001f3f4"  # the black flag that tag characters turn into a regional flag


@rule(
    code="MT306",
    name="wrong-script-or-invisible-character",
    category="Fluency/Character encoding",
    severity="minor",
    rationale="""A Latin word with a Cyrillic or Greek letter drawn the same inside
    (Bеijing with a Cyrillic е), letters of two scripts in one word, or an English
    word spelt wholly in look-alikes between English words (сору for copy) reads
    right but is a different word to search, spell checking and indexing: the trace of
    copying from a source that substitutes look-alikes. Invisible format characters
    (zero-width space, joiner and non-joiner, word joiner, soft hyphen, a byte order
    mark inside the text, bidirectional controls, tag characters) print nothing and
    break words the same way, as control characters do (a byte of a binary field, a
    terminal's colour code such as ESC [31m, deleted whole). The suggestion is the
    Latin letter, or to delete the invisible character. Greek in a formula
    (α-helix, ΔG, μg), whole words in another script (a Russian name in
    Cyrillic), joiners inside emoji or between
    letters of scripts that need them, and bidi marks beside right-to-left text are
    left alone. Chinese, Japanese and Korean characters are MT303's.""",
    flags=[
        ("Flights to B\u0435ijing resumed on Monday.", "\u0435", "e"),
        ("The \u039fpen Day starts at nine.", "\u039f", "O"),
        ("The Mosc\u0448w office closed.", "\u0448", None),
        ("The vil\u200blage held a fair.", "\u200b", ""),
        ("Hospi\u00adtal staff went on strike.", "\u00ad", ""),
        ("The mayor said \u202eno\u202c to the plan.", "\u202e", ""),
        ("The report\ufeff was late.", "\ufeff", ""),
        ("The report\x07 was late.", "\x07", ""),
        ("Prices \x1b[31mrose in May.", "\x1b[31m", ""),
        ("Send a \u0441\u043e\u0440\u0443 of the form.", "\u0441\u043e\u0440\u0443", "copy"),
    ],
    passes=[
        "The α-helix and β sheets bind at ΔG = -5 kcal, with 3 μg of it.",
        "Protesters quoted πολιτική, the Greek word for politics.",
        "The letter was signed Анна Павлова (Anna Pavlova).",
        "Fans replied with \U0001f469\u200d\U0001f4bb and \U0001f3f3\ufe0f\u200d\U0001f308 emoji.",
        "The café served crème brûlée to Zoë.",
        "The sign read \u200fשלום\u200f in Hebrew.",
    ],
    fix="sometimes",
    fix_safe=True,
    exceptions=[
        "Greek in formulas (α-helix, ΔG, μg)",
        "whole words in another script (a Russian name in Cyrillic)",
        "joiners inside emoji or scripts that need them",
        "bidi marks beside right-to-left text",
        "Chinese, Japanese and Korean characters (MT303's)",
    ],
)
def wrong_script(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if text.isascii():
        if text.isprintable() or not _ASCII_CONTROL_RE.search(text):
            return  # most segments: nothing to look for
    elif not _MAYBE_SUSPECT_RE.search(text):
        return
    pos = 0
    while m := _SUSPECT_RE.search(text, pos):
        if m.group(1):
            start, end = _word_around(text, m.start())
            yield from _mixed_script_hits(text, start, end)
            pos = end
        elif m.group(2):
            yield Hit(m.start(), m.end(), "A terminal's escape sequence in the text", "")
            pos = m.end()
        else:
            if not _invisible_has_a_job(seg, m.start(), m.end()):
                yield _invisible_hit(m.group(), m.start(), m.end())
            pos = m.end()


# Letters (with their vowel signs) in a row in another script that make a sentence:
# about six words of Russian, Greek or Hindi. A name with its patronymic
# (Vladimir Vladimirovich Putin in Cyrillic) has 25, a quoted phrase or a title fewer.
FOREIGN_SENTENCE = 40
# Capitalised words in a row that are names (a name, patronymic and surname; a
# company of two or three words); more in a row, or any word in lowercase or in
# capitals, and it is a sentence (Title Case or capitals)
NAME_WORDS = 4
# Share of a document's characters in another script past which the document is not
# in its target language at all, with this many letters of it not in names: then
# every run of that script is reported, however short its lines
FOREIGN_DOCUMENT = 0.5
FOREIGN_DOCUMENT_LETTERS = 20
# Quotation marks that open and close a quotation; a straight double quote does both.
# Single quotes are left out: the same marks are apostrophes (Pushkin's, don’t).
_CLOSES = {"«": "»", "‹": "›", "“": "”", "„": "“", "「": "」", "『": "』", '"': '"'}
_QUOTE_MARKS = regexcache.compile("[" + "".join(sorted(set(_CLOSES) | set(_CLOSES.values()))) + "]")


@cache
def _break_re() -> regex.Pattern[str]:
    """Punctuation or digits between names: not a letter, mark or space (``regex``
    imported when first needed, as for `word_re`)."""
    import regex

    return regex.compile(r"[^\p{L}\p{M}\s]")


@rule(
    code="MT308",
    name="text-in-another-script",
    category="Accuracy/Untranslated",
    severity="critical",
    rationale="""A sentence or more written in a script the target language does
    not use (Russian in Cyrillic, Arabic, Thai, Hindi in Devanagari inside an
    English translation) is text that was never translated into it: the source
    language, or the pivot language of the engine, left in place. A run of 40
    letters or more of one such script (vowel signs counted) is one critical
    finding, so that a paragraph in the wrong language cannot pass. A document
    that is not in its target language at all (over half its characters in another
    script, Latin included for a target not written in Latin: English left as the
    "Russian" translation) has every run of that script reported, however short
    its lines. Names (up to four capitalised words in a row, such as a Russian
    name with its patronymic; a sentence in Title Case or capitals is no name),
    quotations between quote marks, formulas of one- and two-letter symbols, and
    Latin inside text of a document in its own script (names, brands, addresses)
    are left alone. A script subtag of the target language says its script
    (uz-Cyrl, pa-Arab, sr-Latn). Chinese, Japanese and Korean characters are
    MT303's. Runs for the target languages whose script is known (CLDR's likely
    script of each language; Serbian in Cyrillic and Latin), not for Chinese,
    Japanese or Korean.""",
    flags=[
        (
            "Он сказал, что переговоры продолжатся в понедельник утром.",
            "Он сказал, что переговоры продолжатся в понедельник утром",
            None,
        ),
        (
            "Talks went on. قال الوزير إن المحادثات ستستمر يوم الاثنين المقبل في العاصمة.",
            "قال الوزير إن المحادثات ستستمر يوم الاثنين المقبل في العاصمة",
            None,
        ),
        (
            "यह पूरी तरह से हिंदी पाठ है जिसका अनुवाद नहीं किया गया है।",
            "यह पूरी तरह से हिंदी पाठ है जिसका अनुवाद नहीं किया गया है",
            None,
        ),
    ],
    passes=[
        "The letter was signed Владимир Владимирович Путин on Monday.",
        "Signed by Владимир Владимирович Путин, Дмитрий Анатольевич Медведев on Monday.",
        "Protesters chanted «Мы здесь власть», meaning 'we are the power here'.",
        "Pushkin's line «Я помню чудное мгновенье: передо мной явилась ты» is famous.",
        "The α-helix and β sheets bind at ΔG = -5 kcal, and Σ = α + β + γ + ηθ.",
    ],
    languages=tuple(sorted(WRITTEN_IN)),
    fix="never",
    exceptions=[
        "names: up to four capitalised words in a row",
        "quotations between quote marks",
        "formulas of one- and two-letter symbols",
        "Latin inside a document in its own script",
        "Chinese, Japanese and Korean characters (MT303's)",
        "Chinese, Japanese and Korean target texts",
    ],
)
def text_in_another_script(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    own = scripts_of(ctx.document.target_lang)
    if own is None:
        return
    # Latin letters count as foreign only in a document not in its language at all
    # (`_foreign_document`, which reads every segment): for a language written in
    # Latin that changes no run, and the document is judged only once a run is found
    whole = "Latin" not in own and _foreign_document(ctx, own)
    if seg.text.isascii() and not whole:
        return
    for start, end, script in foreign_runs(seg.text, own, latin=whole):
        if _foreign_document(ctx, own) or _a_sentence(seg, start, end, ctx):
            yield Hit(
                start,
                end,
                f"{script.capitalize()} text in a translation into "
                f"'{ctx.document.target_lang}': '{_shown(seg.text[start:end])}'",
            )


@dataclass(frozen=True, slots=True)
class _Run:
    """What a run of another script shows: its letters (vowel signs counted; none
    unless most are in words of three letters or more, as a formula's symbols are
    not) and whether it reads as names (`_names`)."""

    letters: int
    names: bool


def _run(text: str, start: int, end: int) -> _Run:
    words = word_re().findall(text, start, end)
    letters = sum(map(len, words))
    in_words = sum(len(w) for w in words if len(w) >= 3)
    return _Run(letters if 2 * in_words >= letters else 0, _names(text, start, end))


def _names(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is names: in a script with case, every word of two
    letters or more capitalised (Анна, not анна or АННА), at most `NAME_WORDS` of
    them in a row between punctuation or one-letter words (Путин и Медведев)."""
    in_a_row = 0
    for piece in _break_re().split(text[start:end]):
        for word in word_re().findall(piece):
            if len(word) < 2:
                in_a_row = 0
                continue
            if not (word[0].isupper() and not word[1:].isupper()):
                return False  # lowercase, capitals, or a script without case
            in_a_row += 1
            if in_a_row > NAME_WORDS:
                return False
        in_a_row = 0
    return True


def _a_sentence(seg: Segment, start: int, end: int, ctx: DocContext) -> bool:
    """Whether the run ``seg.text[start:end]`` reads as a sentence left in its script:
    `FOREIGN_SENTENCE` letters, not names, not inside a quotation."""
    run = _run(seg.text, start, end)
    return run.letters >= FOREIGN_SENTENCE and not run.names and not _quoted(seg, start, ctx)


def _quoted(seg: Segment, pos: int, ctx: DocContext) -> bool:
    """Whether ``pos`` lies inside a quotation of the segment (the quotations found
    once a segment, by pairing opening and closing marks)."""
    spans = ctx.memo("quotations", seg, lambda s: _quotations(s.text))
    return any(a <= pos < b for a, b in spans)


def _quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of the outermost quotations of ``text``: an opening mark to the
    mark that closes it (an unclosed one runs to the end of the text)."""
    spans: list[tuple[int, int]] = []
    expected: list[str] = []  # the closing marks awaited, innermost last
    opened = 0
    for m in _QUOTE_MARKS.finditer(text):
        mark = m.group()
        if expected and mark == expected[-1]:
            expected.pop()
            if not expected:
                spans.append((opened, m.end()))
        elif mark in _CLOSES:
            if not expected:
                opened = m.start()
            expected.append(_CLOSES[mark])
    if expected:
        spans.append((opened, len(text)))
    return spans


def _foreign_document(ctx: DocContext, own: frozenset[str]) -> bool:
    """Whether the document is not in its target language at all: runs of other
    scripts (Latin too, for a target not written in it; quotations left out) hold
    over `FOREIGN_DOCUMENT` of its characters, with `FOREIGN_DOCUMENT_LETTERS`
    letters of them outside names (computed once a document)."""

    def compute() -> bool:
        total = chars = letters = 0
        for seg in ctx.segments:
            total += len(seg.text)
            for start, end, _ in foreign_runs(seg.text, own, latin=True):
                if not _quoted(seg, start, ctx):
                    chars += end - start
                    run = _run(seg.text, start, end)
                    letters += 0 if run.names else run.letters
        return chars > FOREIGN_DOCUMENT * total and letters >= FOREIGN_DOCUMENT_LETTERS

    return ctx.once("foreign-script-document", compute)


def _word_around(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the run of letters around ``pos``: combining marks belong to it."""
    start, end = pos, pos + 1
    while start > 0 and _in_word(text[start - 1]):
        start -= 1
    while end < len(text) and _in_word(text[end]):
        end += 1
    return start, end


def _in_word(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch) == "Mn"


def _mixed_script_hits(text: str, start: int, end: int) -> Iterator[Hit]:
    """Hits for the letters of ``text[start:end]`` that are not of the word's script.

    A word mostly in Latin letters is reported at each run of other letters (the
    Latin look-alike suggested where there is one); a word mostly in Cyrillic, at
    each Latin run inside it. Greek letters that look like no Latin one are a
    formula's (ΔG, μg), not a slip; a word of one script has nothing to report.
    """
    word = text[start:end]
    shown = _shown(word)
    latin = len(_LATIN.findall(word))
    if not latin:
        disguised = _disguised_english(text, start, end)
        if disguised:
            yield disguised
        return
    foreign = [
        i
        for i, ch in enumerate(word, start)
        if _FOREIGN_LETTER_RE.match(ch) and (ch in HOMOGLYPHS or not _GREEK.match(ch))
    ]
    if not foreign:
        return
    if latin >= len(foreign):
        for a, b in _runs(foreign):
            letters = text[a:b]
            yield Hit(
                a,
                b,
                f"{_script(letters)} '{_shown(letters)}' inside the Latin word '{shown}'",
                _latin_lookalike(letters),
            )
    elif not any(_GREEK.match(text[i]) for i in foreign):
        script = _script(text[foreign[0]])
        inside = [i for i in range(start, end) if _LATIN.match(text[i])]
        for a, b in _runs(inside):
            yield Hit(
                a,
                b,
                f"Latin '{_shown(text[a:b])}' inside the {script} word '{shown}'",
            )


def _disguised_english(text: str, start: int, end: int) -> Hit | None:
    """A hit when ``text[start:end]`` is an English word spelt wholly in look-alike
    letters (сору for copy) between Latin words, else None.

    Only frequent English words count (``DISGUISED_ZIPF``), and a Latin word must
    stand next to it: a Russian or Greek word quoted in English is rarely both.
    """
    word = text[start:end]
    if len(word) < MIN_DISGUISED or not all(ch in HOMOGLYPHS for ch in word):
        return None
    latin = "".join(HOMOGLYPHS[ch] for ch in word)
    if zipf(latin.lower()) < DISGUISED_ZIPF:
        return None
    if not (_LATIN.match(text[max(0, start - 2) : start]) or _LATIN.match(text[end + 1 : end + 2])):
        return None
    return Hit(start, end, f"'{word}' is the English '{latin}' in {_script(word)} letters", latin)


def _shown(word: str) -> str:
    """``word`` as a message quotes it: cut to ``SHOWN_LETTERS`` letters and an
    ellipsis, since a hostile word may be a million letters long."""
    return word if len(word) <= SHOWN_LETTERS else word[:SHOWN_LETTERS] + "…"


def _runs(positions: list[int]) -> Iterator[tuple[int, int]]:
    """Maximal runs of consecutive offsets, as (start, end) spans."""
    first = prev = positions[0]
    for i in positions[1:]:
        if i != prev + 1:
            yield first, prev + 1
            first = i
        prev = i
    yield first, prev + 1


def _script(letters: str) -> str:
    """The script of the first letter, as Unicode names it (CYRILLIC -> Cyrillic)."""
    name = unicodedata.name(letters[0], "")
    return name.split()[0].capitalize() if name else "A foreign letter"


def _latin_lookalike(letters: str) -> str | None:
    """The Latin letters ``letters`` are drawn like (е -> e; full-width and mathematical
    letters by their compatibility form), or None when some has no Latin twin."""
    out = "".join(HOMOGLYPHS.get(ch) or unicodedata.normalize("NFKC", ch) for ch in letters)
    return out if out.isascii() and out.isalpha() else None


def _invisible_has_a_job(seg: Segment, start: int, end: int) -> bool:
    """Whether the invisible run ``seg.text[start:end]`` does what it is for: joiners
    between emoji or letters of a script that shapes with them (not between Latin
    letters or at a word's edge), bidi marks beside right-to-left letters, tag
    characters after the black flag, a byte order mark opening the file."""
    text = seg.text
    run = text[start:end]
    before, after = text[start - 1 : start], text[end : end + 1]
    if _JOINER_RUN_RE.fullmatch(run):
        return bool(before and after) and not any(
            ch.isascii() or _LATIN.match(ch) or ch.isspace() for ch in (before, after)
        )
    if _BIDI_RUN_RE.fullmatch(run):
        return any(_RTL_LETTER_RE.match(ch) for ch in (before, after) if ch)
    if _TAG_RUN_RE.fullmatch(run):
        return before == _TAG_BASE
    return run == "\ufeff" and seg.file_offset(start) == 0


def _unnamed(char: str) -> str:
    """What an invisible character Unicode gives no name is: a control or a format
    character."""
    return "control character" if unicodedata.category(char) == "Cc" else "format character"


def _invisible_hit(run: str, start: int, end: int) -> Hit:
    """One finding for a run of invisible characters, naming each kind once."""
    kinds = ", ".join(
        f"{unicodedata.name(ch, '').lower() or _unnamed(ch)} (U+{ord(ch):04X})"
        for ch in dict.fromkeys(run)
    )
    return Hit(start, end, f"Invisible character in the text: {kinds}", "")
